"""Traditional → simplified script: OpenCC's conversion at the speed of a table lookup.

The conversion is OpenCC's ``t2s`` with the TW and HK variant tables reversed first (着 for TW
著, 卫 for HK 衞) and no phrase rewriting — what ``normalize`` and ``docnum`` use. Run through
OpenCC, that three-table chain converts ~20 MB/s. Nearly all of it is character for character,
so it is done in two parts:

1. every character's conversion, asked of the installed OpenCC once (one call over all CJK
   characters), goes into a table over code points, applied with numpy to the whole text;
2. the phrases that OpenCC converts otherwise than character by character (乾隆 keeps 乾,
   一目瞭然 gives 了, 批覆 gives 批复) are found when the table is built, by converting each
   phrase of the chain's phrase tables (shipped in ``data/t2s_phrases.tsv``) and comparing
   with the table. Where the table's output holds one of them, OpenCC converts the text around
   it: OpenCC segments a text by longest phrase first and converts each segment alone, and a
   segment can only run on across two characters that some phrase holds in a row, so the
   piece is cut where two characters are no such pair.

The result equals OpenCC's on every document of the real corpus, traditional or simplified,
and on random strings of phrase characters (``tests/test_convert.py``), at ~3× its speed —
but for one departure on purpose: 於 after a Han character is 于 (OpenCC leaves 关於单位).

>>> simplify("國務院關於乾隆年間的一目瞭然")
('国务院关于乾隆年间的一目了然', 6)
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from policytool.data import read_table
from policytool.text.patterns import HAN

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "converter",
    "simplified_chars",
    "simplify",
    "simplify_char",
    "simplify_codes",
    "to_simplified",
]

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
    phrasal: np.ndarray  # bool, by converted code point: a phrase may convert it otherwise
    # Such a character's phrases as (phrase, offset), under the two characters that start at
    # it (``after``) or, where it ends the phrase, end at it (``before``).
    after: dict[str, tuple[tuple[str, int], ...]]
    before: dict[str, tuple[tuple[str, int], ...]]
    always: frozenset[str]  # converted otherwise everywhere (never seen)
    starts: np.ndarray  # the keys of ``after`` as sorted integers (:func:`_pair_keys`)
    ends: np.ndarray  # and of ``before``
    bigrams: frozenset[str]  # every two characters in a row of any phrase
    longest: int  # the longest phrase's length
    han: np.ndarray  # bool: a Han character (what phrases are made of)
    chars: dict[str, str]  # the characters the table changes, for one-character lookups


def _convert_all(chars: list[str]) -> list[str]:
    return str(converter().convert("\n".join(chars))).split("\n")


@cache
def _tables() -> _Tables:
    import numpy as np

    codes = np.arange(0x110000, dtype=np.uint32)
    han = np.zeros(0x110000, dtype=bool)
    for start, end in _RANGES:
        han[start:end] = True
    # Every character on a line of its own, converted in one call; compared as arrays when no
    # line changed length (the usual case), else line by line.
    source = np.concatenate([np.arange(start, end, dtype=np.uint32) for start, end in _RANGES])
    lines = np.full(2 * len(source), ord("\n"), dtype=np.uint32)
    lines[::2] = source
    joined = lines.tobytes().decode("utf-32-le", "surrogatepass")
    converted = str(converter().convert(joined))
    changed: dict[str, str] = {}
    always = set()
    both = np.frombuffer(converted.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if len(both) == len(lines) and (both[1::2] == ord("\n")).all():
        new = both[::2]
        differ = new != source
        codes[source[differ]] = new[differ]
        changed = {
            chr(a): chr(b)
            for a, b in zip(source[differ].tolist(), new[differ].tolist(), strict=True)
        }
    else:
        for char, line in zip(joined[::2], converted.split("\n"), strict=True):
            if len(line) == 1 and line != char:
                changed[char] = line
                codes[ord(char)] = ord(line)
            elif len(line) != 1:  # never seen: left to OpenCC wherever it occurs
                always.add(char)
    # Where OpenCC converts a phrase otherwise than character by character (乾隆 keeps 乾),
    # each such character of the phrase is looked up by what the table makes of it, and the
    # phrase by what the table makes of the phrase: the table's output then shows every
    # spelling of the phrase alike (a TW/HK variant, 衞 for 衛, too).
    table = str.maketrans(changed)
    names = [row["phrase"] for row in read_table("t2s_phrases.tsv")]
    after: dict[str, set[tuple[str, int]]] = {}
    before: dict[str, set[tuple[str, int]]] = {}
    for phrase, whole in zip(names, _convert_all(names), strict=True):
        by_char = phrase.translate(table)
        if whole == by_char:
            continue
        for k in range(len(phrase)):
            if len(whole) == len(phrase) and whole[k] == by_char[k]:
                continue
            if k + 1 < len(phrase):
                after.setdefault(by_char[k : k + 2], set()).add((by_char, k))
            else:
                before.setdefault(by_char[k - 1 : k + 1], set()).add((by_char, k))
    bigrams = frozenset(name[k : k + 2] for name in names for k in range(len(name) - 1))
    phrasal = np.zeros(0x110000, dtype=bool)
    phrasal[[ord(pair[0]) for pair in after] + [ord(pair[1]) for pair in before]] = True
    phrasal[[ord(c) for c in always]] = True
    return _Tables(
        codes=codes,
        phrasal=phrasal,
        after={pair: tuple(sorted(found)) for pair, found in after.items()},
        before={pair: tuple(sorted(found)) for pair, found in before.items()},
        always=frozenset(always),
        starts=_pair_keys(after),
        ends=_pair_keys(before),
        bigrams=bigrams,
        longest=max(map(len, names)),
        han=han,
        chars=changed,
    )


_YU, _YU_SIMPLE = ord("於"), ord("于")
#: 於 after a Han character is the preposition 于 (关于, 用于, 对于, 由于); OpenCC's segmentation
#: leaves it in 關於單位 (→ 关於单位: its phrase 於單 wins). After anything else it may be the
#: surname (於梨华), which OpenCC's phrases know.
_PREPOSITION_YU = re.compile(f"(?<=[{HAN}\U00020000-\U000323af])於")  # as ``_tables().han``


def simplify(text: str, keep: Sequence[int] = ()) -> tuple[str, int]:
    """``text`` in simplified script, and how many characters were changed. The characters at
    the positions ``keep`` are left as they are (著 read zhù stays 著)."""
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    out = simplify_codes(codes, keep)
    if out is None:
        return _simplify_whole(text, keep)
    return out.tobytes().decode("utf-32-le", "surrogatepass"), int(np.count_nonzero(out != codes))


def simplify_codes(codes: np.ndarray, keep: Sequence[int] = ()) -> np.ndarray | None:
    """:func:`simplify` on a text's code points (uint32): a new array, or None in the case
    never seen, where OpenCC changed the length of a run (then convert the string)."""
    import numpy as np

    tables = _tables()
    out = tables.codes[codes]
    phrasal = tables.phrasal[out]
    yu = np.flatnonzero(codes[1:] == _YU) + 1
    yu = yu[tables.han[codes[yu - 1]]]
    phrasal[yu] = False
    at = np.flatnonzero(phrasal)
    if at.size and not tables.always:
        # Only where the character and its neighbour start or end such a phrase (most of
        # the ~3% of characters flagged do not): looked up as integer pairs, in numpy.
        last = len(out) - 1
        here = out[at].astype(np.uint64)
        after = here << np.uint64(21) | out[np.minimum(at + 1, last)]
        before = out[np.maximum(at - 1, 0)].astype(np.uint64) << np.uint64(21) | here
        at = at[
            (_among(tables.starts, after) & (at < last)) | (_among(tables.ends, before) & (at > 0))
        ]
    if at.size:
        # Only where a phrase occurs (in the table's output) does OpenCC convert the text:
        # checked in the few characters around each position, decoded on their own.
        reach = tables.longest
        found = []
        for p in at.tolist():
            start = max(0, p - reach)
            near = out[start : p + reach].tobytes().decode("utf-32-le", "surrogatepass")
            if _phrase_at(near, p - start, tables):
                found.append(p)
        if found and not _convert_segments(codes, found, out, tables.bigrams):
            return None
    out[yu] = _YU_SIMPLE
    if keep:
        kept = np.asarray(keep, dtype=np.int64)
        kept = kept[(kept >= 0) & (kept < len(codes))]
        out[kept] = codes[kept]
    return out


def _phrase_at(text: str, p: int, tables: _Tables) -> bool:
    """Whether a phrase that OpenCC converts otherwise covers ``text[p]`` (table output)."""
    if text[p] in tables.always:
        return True
    candidates = tables.after.get(text[p : p + 2], ())
    if p:
        candidates += tables.before.get(text[p - 1 : p + 1], ())
    return any(p >= k and text.startswith(phrase, p - k) for phrase, k in candidates)


def _pair_keys(pairs: Iterable[str]) -> np.ndarray:
    """Two characters as one integer each (21 bits a code point), sorted."""
    import numpy as np

    return np.unique(np.array([ord(p[0]) << 21 | ord(p[1]) for p in pairs], dtype=np.uint64))


def _among(table: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Which of ``keys`` the sorted ``table`` holds."""
    import numpy as np

    if not table.size:
        return np.zeros(len(keys), dtype=bool)
    found: np.ndarray = table[np.minimum(np.searchsorted(table, keys), len(table) - 1)] == keys
    return found


_WINDOW = 64  # characters each side of a position that its piece is looked for in


def _piece(text: str, p: int, bigrams: frozenset[str]) -> tuple[int, int]:
    """The span around ``text[p]`` that no phrase can reach across."""
    start, end = p, p + 1
    while start > 0 and text[start - 1 : start + 1] in bigrams:
        start -= 1
    while end < len(text) and text[end - 1 : end + 1] in bigrams:
        end += 1
    return start, end


def _convert_segments(
    codes: np.ndarray, positions: list[int], out: np.ndarray, bigrams: frozenset[str]
) -> bool:
    """Convert the text around each position with OpenCC, into ``out``. OpenCC splits a text
    into segments (longest phrase first) and converts each on its own; a segment can only
    run on across two characters that some phrase holds in a row, so the text around a
    position is cut where the two characters are no such pair. False when OpenCC changed a
    piece's length."""
    import numpy as np

    pieces: list[tuple[int, int]] = []
    old: list[str] = []
    whole: str | None = None  # decoded only if a piece outgrows the window around it
    for p in positions:
        if pieces and p < pieces[-1][1]:
            continue  # in the piece before
        at = max(0, p - _WINDOW)
        text = codes[at : p + _WINDOW].tobytes().decode("utf-32-le", "surrogatepass")
        start, end = _piece(text, p - at, bigrams)
        if (start == 0 and at > 0) or (end == len(text) and at + end < len(codes)):
            if whole is None:
                whole = codes.tobytes().decode("utf-32-le", "surrogatepass")
            text, at = whole, 0
            start, end = _piece(text, p, bigrams)
        pieces.append((at + start, at + end))
        old.append(text[start:end])
    new = _convert_all(old)
    if any(len(a) != len(b) for a, b in zip(old, new, strict=True)):
        return False
    for (start, end), piece in zip(pieces, new, strict=True):
        out[start:end] = np.frombuffer(piece.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return True


def _simplify_whole(text: str, keep: Sequence[int]) -> tuple[str, int]:
    converted = _PREPOSITION_YU.sub("于", str(converter().convert(text)))
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
