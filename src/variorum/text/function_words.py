"""Small word lists for proper-name and sentence analysis (casefolded, no model, no download).

The lists hold words that are capitalized at the start of a sentence (or by convention) but
never name a person or place on their own: function words of English, Russian and Greek,
common sentence-opening adverbs, titles, months and weekdays, heading words. They only have to
cover what the text itself cannot tell: a word also seen in lower case elsewhere in the same
text is recognised as a common word without any list (see :mod:`variorum.text.names`).
"""

from __future__ import annotations

__all__ = [
    "ABBREVIATIONS",
    "CONVENTIONAL_CAPITALS",
    "FUNCTION_WORDS",
    "PARTICLES",
    "is_function_word",
]

_ENGLISH = """
a an the this that these those there here it its it's i me my mine we us our ours you your
yours he him his she her hers they them their theirs one ones who whom whose which what
whatever whoever when where why how whether if then than so yet but and or nor for because
although though while whereas unless until till since as at by on in into onto of off out
over under up down to from with within without about above across after against along among
around before behind below beneath beside besides between beyond during except inside near
outside per through throughout toward towards upon via all any both each every either neither
no none not nothing some such many much more most few fewer less least other others another
same own only also even just still too very again ever never always often sometimes already
soon later now today tomorrow yesterday meanwhile moreover however therefore thus hence
indeed nevertheless nonetheless furthermore instead otherwise finally eventually perhaps
besides likewise similarly accordingly consequently afterwards thereafter once twice first
second third last next is are was were be been being am has have had having do does did done
would shall should can could might must let lets yes oh ah s t d ll re ve m
n't according whereupon wherever whenever
"""

_RUSSIAN = """
в во на и но а он она оно они мы вы я ты это этот эта эти тот та те так как по с со к ко о
об обо от у за из изо при после до для без над под что чтобы когда где если его её ее их
же не ни уже все всё там тут тогда однако также был была были было или то между через
перед около вскоре затем позже потом здесь сейчас теперь кто который которая которые
"""

_GREEK = """
ο η το οι τα του της των τον την τους τις ένας μια μία ένα και αλλά ή στο στη στην στον στα
στις στους σε από με για που ότι όταν ενώ αυτός αυτή αυτό αυτοί αυτές εκεί τότε μετά πριν
κατά ως δεν θα να είναι ήταν
αι τω τη τας τοις ταις και δε τε γαρ ουν μεν αλλα εν εις εκ εξ απο προς περι κατα μετα δια
υπο επι παρα ου ουκ ουχ μη οτι ινα αν εαν
"""
# (the last two lines: ancient Greek, written without accents or breathings, as a word is
# looked up once its marks are set aside)

# A few articles and prepositions of other Latin-script languages that open sentences.
_OTHER = "le la les un une des du il lo gli el los las der die das ein eine den dem im am zu"

FUNCTION_WORDS: frozenset[str] = frozenset((_ENGLISH + _RUSSIAN + _GREEK + _OTHER).split())

# Capitalized by convention, not because they name someone or somewhere: never a name alone.
_MONTHS = ("january february march april may june july august september october november "
           "december sept")
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday"
_HEADINGS = ("chapter part book section volume contents introduction preface foreword "
             "afterword notes note index appendix epilogue prologue table figure page end")
CONVENTIONAL_CAPITALS: frozenset[str] = frozenset(
    (_MONTHS + " " + _WEEKDAYS + " " + _HEADINGS).split())

# Lower-case words that stand inside a name between capitalized words ("Vincent van Gogh",
# "Commissariat of Transport"); "of" is included because titled and compound names use it.
_PARTICLES = "van von der den de del della di da du des la le ter ten zu af av bin ibn al el of"
PARTICLES: frozenset[str] = frozenset(_PARTICLES.split())

# Words whose full stop does not end a sentence ("Dr. Rehn", "St. Petersburg").
_ABBREVIATIONS = ("mr mrs ms dr st prof gen col capt lt sgt rev hon jr sr mt ft no vol vols ed "
                  "eds pp cf vs ca fig nos art ch")
ABBREVIATIONS: frozenset[str] = frozenset(_ABBREVIATIONS.split())


def is_function_word(word: str) -> bool:
    """True for a function word in any case ("The", "THE", "В").

    >>> is_function_word("The"), is_function_word("Rehn")
    (True, False)
    """
    return word.replace("’", "'").casefold() in FUNCTION_WORDS
