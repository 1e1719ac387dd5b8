"""Which script a text is written in: simplified, traditional, mixed or none.

Decided only from characters that differ between the scripts (发/發, 国/國); characters used in
both (后, 台, 著, 乾 …) are no evidence either way. The character table is generated from
OpenCC's dictionaries by ``scripts/build_script_table.py`` and shipped in ``policytool/data``.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Literal

from policytool.data import read_table

if TYPE_CHECKING:
    import numpy as np

__all__ = ["MIXED_SHARE", "Script", "count_script_chars", "detect_script", "traditional_chars"]

Script = Literal["simplified", "traditional", "mixed", "none"]

#: Below this share of the minority script, a text counts as written in the majority script:
#: traditional pages routinely carry a few simplified characters (a site name, a pasted number).
MIXED_SHARE = 0.1

_SIMPLIFIED, _TRADITIONAL = 1, 2


@cache
def traditional_chars() -> frozenset[str]:
    """The characters that only traditional script uses (國, 務, 衞 …; not 后, 著, 乾)."""
    return frozenset(
        r["char"] for r in read_table("script_chars.tsv") if r["script"] == "traditional"
    )


@cache
def _lookup() -> np.ndarray:
    # A 64k table indexed by UTF-16 code unit counts evidence at ~300 MB/s; a regex character
    # class of 7,000 characters managed 40 MB/s (docs/dependencies.md).
    import numpy as np

    table = np.zeros(0x10000, dtype=np.uint8)
    rows = read_table("script_chars.tsv")
    for script, value in (("simplified", _SIMPLIFIED), ("traditional", _TRADITIONAL)):
        codes = [ord(r["char"]) for r in rows if r["script"] == script]
        table[np.array(codes, dtype=np.int64)] = value
    return table


def count_script_chars(text: str) -> tuple[int, int]:
    """``(simplified, traditional)``: how many characters of each script-specific set occur.

    >>> count_script_chars("国务院辦公廳")
    (2, 2)
    """
    if not text:
        return 0, 0
    import numpy as np

    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype="<u2")
    evidence = _lookup()[units]  # two counts of a uint8 array: bincount would widen it first
    return int(np.count_nonzero(evidence == _SIMPLIFIED)), int(
        np.count_nonzero(evidence == _TRADITIONAL)
    )


def detect_script(text: str) -> Script:
    """The script of ``text``: ``simplified``, ``traditional``, ``mixed`` or ``none``.

    ``none`` means no script-specific character at all (no Chinese, or only characters shared
    by both scripts). ``mixed`` means the minority script holds at least 10% of the evidence.

    >>> detect_script("国务院关于"), detect_script("國務院關於"), detect_script("中山")
    ('simplified', 'traditional', 'none')
    """
    simplified, traditional = count_script_chars(text)
    total = simplified + traditional
    if total == 0:
        return "none"
    if min(simplified, traditional) >= MIXED_SHARE * total:
        return "mixed"
    return "simplified" if simplified > traditional else "traditional"
