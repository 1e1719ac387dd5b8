"""UTF-8 that was read as cp1252 or latin-1 (``å›½åŠ¡é™¢``), decoded right."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from policytool.normalize.offsets import sub
from policytool.normalize.pipeline import Pass
from policytool.text.patterns import TONE_MARKS, is_han

if TYPE_CHECKING:
    import numpy as np

__all__ = ["mojibake"]

# A UTF-8 continuation byte (0x80-0xBF) as cp1252 or latin-1 shows it.
_CONT = (
    "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
# A whole UTF-8 sequence so read: a lead byte, then as many continuation bytes as it says.
_MOJIBAKE = re.compile(
    f"(?=[\u00c2-\u00f4])"  # the lead byte first: keeps re's fast first-character scan
    f"(?:[\u00e0-\u00ef]{_CONT}{{2}}|[\u00c2-\u00df]{_CONT}|[\u00f0-\u00f4]{_CONT}{{3}})"
)
_HIGH_LATIN = re.compile("[\u00c0-\u00ff]")
_TONE_MARK = re.compile(f"[{TONE_MARKS}]")


@cache
def _continuation_table() -> np.ndarray:
    """Whether a code point (below U+2200) is what a UTF-8 continuation byte reads as."""
    import numpy as np

    table = np.zeros(0x2200, dtype=bool)
    table[[ord(c) for c in bytes(range(0x80, 0xC0)).decode("latin-1")]] = True
    table[[ord(c) for c in bytes(range(0x80, 0xC0)).decode("cp1252", "ignore")]] = True
    return table


def _may_hold_mojibake(p: Pass) -> bool:
    """Whether a mojibake lead character (Â-ô) is followed by a continuation character: the
    regex alone crawls through annotated pages, where every à and é of a reading is a lead."""
    text = p.text
    if not _HIGH_LATIN.search(text):
        return False
    if not _TONE_MARK.search(text):
        return True  # no readings: the regex itself is quick
    import numpy as np

    codes = p.codes()
    leads = np.flatnonzero(codes[:-1] - np.uint32(0xC2) <= 0xF4 - 0xC2)  # wraps below 0xC2
    following = np.minimum(codes[leads + 1], 0x21FF)
    return bool(_continuation_table()[following].any())


def _repair(m: re.Match[str]) -> str | None:
    raw = m.group()
    for codec in ("cp1252", "latin-1"):
        try:
            fixed = raw.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if len(fixed) == 1 and (
            is_han(fixed) or "\u3000" <= fixed <= "\u303f" or "\uff00" <= fixed <= "\uffef"
            or "\u2010" <= fixed <= "\u2027"
        ):  # fmt: skip
            return fixed
    return None


def mojibake(p: Pass) -> None:
    """Each UTF-8 sequence read as cp1252/latin-1 that decodes to one Chinese character or
    punctuation mark, decoded right."""
    if not _may_hold_mojibake(p):
        return
    # Until nothing changes: a repair can complete a sequence mis-decoded twice (ä¸â€œ: the “
    # of ä¸“ was itself UTF-8 read as cp1252; both passes make 专). Each round shortens the
    # text, so this ends.
    while True:
        out, edits, count = sub(p.text, _MOJIBAKE, _repair)
        if not count:
            return
        p.count("mojibake", count)
        p.replaced(out, edits)
