"""Finding passages that are versions of one another, within and across documents.

>>> from variorum import Witness
>>> body = " ".join(f"word{i % 97} and line{i} of the tale" for i in range(30))
>>> doc = Witness.from_text("doc", "Intro text here. " + body + " Between. " + body + " End.")
>>> result = find([doc], FindSettings(min_words=20))
>>> [(p.start, p.end) for p in result.groups[0].passages] == [
...     (17, 17 + len(body)), (17 + len(body) + 10, 17 + 2 * len(body) + 10)]
True
"""

from .model import DocInfo, FindResult, FindSettings, Group, Passage, PassagePair
from .pipeline import Progress, find, list_sources

__all__ = ["DocInfo", "FindResult", "FindSettings", "Group", "Passage", "PassagePair",
           "Progress", "find", "list_sources"]
