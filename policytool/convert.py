"""Traditional → simplified script: OpenCC's conversion at the speed of a table lookup.

The conversion is OpenCC's ``t2s`` with the TW and HK variant tables reversed first (着 for TW
著, 卫 for HK 衞) and no phrase rewriting — what ``normalize`` and ``docnum`` use. Run through
OpenCC, that three-table chain converts ~20 MB/s. Nearly all of it is character for character,
so it is done in two parts:

1. every character's conversion, asked of the installed OpenCC once (one call over all CJK
   characters), goes into a table over code points, applied with numpy to the whole text;
2. the characters that some phrase converts otherwise (乾隆 keeps 乾, 一目瞭然 gives 了, 計 in
   a few names; about forty) are found when the table is built, by converting each phrase of
   the chain's phrase tables (shipped in ``data/t2s_phrases.tsv``) and comparing with the
   table. Each run of Han characters holding one of them is converted by OpenCC itself. Every
   phrase is all Han, so no match crosses a run's edge and a run converts alone as it does in
   its text.

The result equals OpenCC's on every document of the real corpus, traditional or simplified,
and on random strings of phrase characters (``tests/test_convert.py``), at ~3× its speed.

>>> simplify("國務院關於乾隆年間的一目瞭然")
('国务院关于乾隆年间的一目了然', 6)
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from policytool.data import read_table

if TYPE_CHECKING:
    import numpy as np

__all__ = ["converter", "simplified_chars", "simplify", "simplify_char", "to_simplified"]

#: Code points the table covers: CJK Extension A, the unified ideographs, the compatibility
#: block, and Extensions B to H.
_RANGES = ((0x3400, 0xA000), (0xF900, 0xFB00), (0x20000, 0x323B0))


@cache
def converter() -> Any:
    """OpenCC with TW and HK variants reversed before t2s, and no phrase rewriting.

    The official binding resolves dictionary files next to a config file, so the config is
    written (once, to a temporary folder) with absolute paths into the installed package:
    nothing is downloaded."""
    import opencc

    share = os.path.join(os.path.dirname(opencc.__file__), "clib", "share", "opencc")

    def ocd(name: str) -> dict[str, str]:
        return {"type": "ocd2", "file": os.path.join(share, f"{name}.ocd2")}

    def group(*dicts: dict[str, str]) -> dict[str, Any]:
        return {"dict": {"type": "group", "match_policy": "short_circuit", "dicts": list(dicts)}}

    config = {
        "name": "policytool: TW/HK variants reversed, then traditional to simplified",
        "segmentation": {"type": "mmseg", "dict": ocd("TSPhrases")},
        "conversion_chain": [
            group(ocd("TWVariantsRevPhrases"), ocd("TWVariantsRev")),
            group(ocd("HKVariantsRevPhrases"), ocd("HKVariantsRev")),
            group(ocd("TSPhrases"), ocd("TSCharacters")),
        ],
    }
    # OpenCC reads the dictionaries when the converter is made: the file can go right after.
    with tempfile.TemporaryDirectory(prefix="policytool-opencc-") as folder:
        path = os.path.join(folder, "t2s_policy.json")
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(config, fh)
        return opencc.OpenCC(path)


@dataclass(frozen=True)
class _Tables:
    codes: np.ndarray  # code point → its conversion, uint32 over all of Unicode
    phrasal: np.ndarray  # bool: a phrase may convert this character otherwise
    han: np.ndarray  # bool: a Han character (what phrases are made of)
    chars: dict[str, str]  # the characters the table changes, for one-character lookups


def _convert_all(chars: list[str]) -> list[str]:
    return str(converter().convert("\n".join(chars))).split("\n")


@cache
def _tables() -> _Tables:
    import numpy as np

    chars = [chr(c) for start, end in _RANGES for c in range(start, end)]
    codes = np.arange(0x110000, dtype=np.uint32)
    phrasal = np.zeros(0x110000, dtype=bool)
    han = np.zeros(0x110000, dtype=bool)
    for start, end in _RANGES:
        han[start:end] = True
    changed: dict[str, str] = {}
    for char, new in zip(chars, _convert_all(chars), strict=True):
        if new == char:
            continue
        if len(new) == 1:
            changed[char] = new
            codes[ord(char)] = ord(new)
        else:
            phrasal[ord(char)] = True  # never seen: OpenCC converts it, lengths and all
    # A phrase's characters where OpenCC's conversion of the whole phrase differs from the
    # table's, and every character the table converts the same way (a variant reversed to
    # one of them first, 衞 → 衛, would meet the phrase inside the chain).
    phrases = [row["phrase"] for row in read_table("t2s_phrases.tsv")]
    special: set[str] = set()
    table = str.maketrans(changed)
    for phrase, whole in zip(phrases, _convert_all(phrases), strict=True):
        by_char = phrase.translate(table)
        if whole != by_char:
            special.update(c for c, a, b in zip(phrase, whole, by_char, strict=False) if a != b)
            if len(whole) != len(phrase):
                special.update(phrase)
    targets = {changed.get(c, c) for c in special}
    special.update(c for c, new in changed.items() if new in targets)
    phrasal[[ord(c) for c in special]] = True
    return _Tables(codes=codes, phrasal=phrasal, han=han, chars=changed)


def simplify(text: str, keep: Sequence[int] = ()) -> tuple[str, int]:
    """``text`` in simplified script, and how many characters were changed. The characters at
    the positions ``keep`` are left as they are (著 read zhù stays 著)."""
    import numpy as np

    tables = _tables()
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    out = tables.codes[codes]
    phrasal = np.flatnonzero(tables.phrasal[codes])
    if phrasal.size and not _convert_runs(text, codes, phrasal, out, tables.han):
        return _simplify_whole(text, keep)
    if keep:
        at = np.asarray(keep, dtype=np.int64)
        at = at[(at >= 0) & (at < len(codes))]
        out[at] = codes[at]
    changed = int(np.count_nonzero(out != codes))
    return out.tobytes().decode("utf-32-le"), changed


def _convert_runs(
    text: str, codes: np.ndarray, phrasal: np.ndarray, out: np.ndarray, han: np.ndarray
) -> bool:
    """Convert each run of Han characters holding a position of ``phrasal`` with OpenCC, into
    ``out``. False when OpenCC changed a run's length (the caller converts the whole text)."""
    import numpy as np

    edges = np.concatenate(([-1], np.flatnonzero(~han[codes]), [len(codes)]))
    starts = np.unique(edges[np.searchsorted(edges, phrasal) - 1] + 1)
    ends = edges[np.searchsorted(edges, starts)]
    runs = [text[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]
    converted = _convert_all(runs)
    if any(len(a) != len(b) for a, b in zip(runs, converted, strict=True)):
        return False
    lengths = ends - starts
    shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    at = shift + np.arange(int(lengths.sum()))
    out[at] = np.frombuffer("".join(converted).encode("utf-32-le"), dtype=np.uint32)
    return True


def _simplify_whole(text: str, keep: Sequence[int]) -> tuple[str, int]:
    converted = str(converter().convert(text))
    if len(converted) != len(text):
        return converted, sum(1 for a, b in zip(text, converted, strict=False) if a != b)
    chars = list(converted)
    for pos in keep:
        if 0 <= pos < len(chars):
            chars[pos] = text[pos]
    out = "".join(chars)
    return out, sum(1 for a, b in zip(text, out, strict=True) if a != b)


def to_simplified(text: str) -> str:
    """``text`` in simplified script (see :func:`simplify`)."""
    return simplify(text)[0]


def simplify_char(char: str) -> str:
    """One character's conversion by the table: what it becomes outside any phrase."""
    return _tables().chars.get(char, char)


def simplified_chars() -> dict[str, str]:
    """Every character the table changes, with what it becomes (國 → 国)."""
    return _tables().chars
