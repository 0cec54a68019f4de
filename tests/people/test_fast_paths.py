"""The register's faster ways of reading find what the plain ways find."""

from __future__ import annotations

import random
import re
import string
import sys

from variorum.people import fates
from variorum.text import names


def test_lower_case_text_matches_as_the_patterns_ignoring_case() -> None:
    # Every character whose lower case is one character (but the two fates._UNFOLDED)
    # matches each letter, [a-z], \w and \s ignoring case exactly where its lower case
    # matches them case-sensitively: what fates._folded relies on.
    kept = [chr(c) for c in range(sys.maxunicode + 1)
            if not 0xD800 <= c <= 0xDFFF and len(chr(c).lower()) == 1
            and chr(c) not in fates._UNFOLDED]
    text = "".join(kept)
    lower = "".join(c.lower() for c in kept)
    for pattern in (*string.ascii_lowercase, "[a-z]", r"\w", r"\s"):
        assert [m.start() for m in re.finditer(pattern, text, re.IGNORECASE)] == \
            [m.start() for m in re.finditer(pattern, lower)], pattern
    for char in fates._UNFOLDED:  # why these two are left out
        assert re.fullmatch("[a-z]", char, re.IGNORECASE) and not re.fullmatch("[a-z]", char)


def test_fates_in_lower_case_and_ignoring_case_are_the_same() -> None:
    text = ("ORLOV WAS SHOT. Vashenko Died In Prison; Kovrin, who knows, Perished. "
            "Gurin met THE SAME FATE as Orlov. Zabolin probably SURVIVES.")
    folded = fates._folded(text)
    assert folded[0] == text.lower()
    assert fates.fate_phrases(text, 0, len(text), folded) == \
        fates.fate_phrases(text, 0, len(text), (text, fates._ANY_CASE))
    long_s = text.replace("SHOT", "ſhot")  # a long s: read ignoring case
    assert fates._folded(long_s)[0] == long_s
    assert fates.fate_phrases(long_s, 0, len(long_s))[0].fate == "executed"


def test_the_address_trigger_finds_what_the_plain_pattern_finds() -> None:
    plain = re.compile(r"://|www\.|\.(?:com|org|gov|net|edu|mil|int|info|io|ly|co|uk|ru|de|fr)"
                       r"|[@#]", re.IGNORECASE)
    rng = random.Random(5)
    pieces = ["www.", "WWW.", "Ww", ".com", ".CO", ".cOm", ".Info", ".int", "://", "@", "#",
              ".", "w", "K", " ", "x", ".uk", ".UK", ".ı"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert [m.span() for m in names._NOT_PROSE_TRIGGER.finditer(text)] == \
            [m.span() for m in plain.finditer(text)], text


def test_particles_found_from_the_space_before_them() -> None:
    rng = random.Random(6)
    pieces = ["de", "van", "of", " ", "\n", "x", "Le", "la", "der"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        assert names._particles(text, start, end) == \
            [m.span() for m in names._PARTICLE.finditer(text, start, end)], (text, start, end)


def test_the_word_before_a_name_is_the_last_match_of_the_pattern() -> None:
    from variorum.text import recognize

    rng = random.Random(7)
    pieces = ["in", "The", "_", "7", " ", "\n", ".", ";", ",", "—", "é", "x", "(", "'", "of"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        at = rng.randint(0, len(text))
        match = recognize._BEFORE.search(text, max(0, at - 30), at)
        expected = match.group(1).casefold() if match else ""
        assert recognize._word_before(text, at) == expected, (text, at)
