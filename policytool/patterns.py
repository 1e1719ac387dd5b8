"""Regex parts shared by the modules that read Chinese text, defined once.

>>> import re
>>> re.findall(ANNOTATION, "國務(wù)院，附件(a)")
['(wù)', '(a)']
"""

from __future__ import annotations

__all__ = ["ANNOTATION", "HAN", "TONED", "TONE_MARKS", "is_han"]

#: Han characters: the unified ideographs, Extension A and the compatibility block.
HAN = "\u3400-\u9fff\uf900-\ufaff"
#: Vowels (and syllabic n, m) with a tone mark, as pinyin annotations write them.
TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
#: The letters of a pinyin syllable, for a character class.
TONED = f"a-z{TONE_MARKS}ü"
#: A pinyin annotation as scrapers write it after a character: (wù), （guān）.
ANNOTATION = rf"[(（][{TONED}]{{1,6}}[)）]"


def is_han(ch: str) -> bool:
    """Whether ``ch`` is a Han character (see :data:`HAN`)."""
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
