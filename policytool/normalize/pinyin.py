"""Pinyin annotations after characters (``國務(wù)院``), removed where they are readings.

An annotation is removed only when its letters are a Mandarin reading of the character before
it (or of that character's simplified form) and the page is annotated: ten or more readings,
or, on a page with fewer, a line where readings are at least 5% of the Han characters. The
reading picks the simplified character where the script is ambiguous (著 zhuó → 着, 著 zhù
stays): such a character is kept out of the script step's reach.

The scan works on code points with numpy: a page carries thousands of readings, and a regex
with a Python call per match was the pass's bottleneck.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from policytool.normalize.offsets import Builder, Deletions
from policytool.normalize.pipeline import Pass
from policytool.normalize.readings import BY_READING, KEEP_BY_READING, is_reading, readings
from policytool.text.convert import simplified_chars
from policytool.text.patterns import HAN, TONE_MARKS, TONED, is_han

if TYPE_CHECKING:
    import numpy as np

__all__ = ["ARTIFACT", "CHAR_ANNOTATION", "find_annotations", "remove_annotations"]

_CJK = re.compile(f"[{HAN}]")
_READING = rf"[(（]([{TONED}]{{1,6}})[)）]"  # an annotation, its reading captured
#: A character and the reading after it: 務(wù).
CHAR_ANNOTATION = re.compile(f"([{HAN}]){_READING}")
_TONE_MARK = re.compile(f"[{TONE_MARKS}]")
#: A lost character's trace: ``?`` and the reading of what was there (``?chuàng)``).
ARTIFACT = re.compile(rf"\?([{TONED}]{{1,6}})\)")

# A reading packs into an integer: the character's code point (a BMP Han character: 16 bits),
# then a byte a letter (1-55; the first 0 ends the reading).
_LETTERS = "abcdefghijklmnopqrstuvwxyz" + TONE_MARKS + "ü"
_ONES, _HIGHS = 0x0101010101010101, 0x8080808080808080  # a byte's lowest and highest bits


@cache
def _letter_digits() -> np.ndarray:
    """Each code point's digit as a letter of a reading (1-55; 0: no such letter)."""
    import numpy as np

    digits = np.zeros(0x110000, dtype=np.uint8)
    digits[[ord(c) for c in _LETTERS]] = np.arange(1, len(_LETTERS) + 1, dtype=np.uint8)
    return digits


@cache
def _reading_keys() -> np.ndarray:
    """The sorted keys of every (character, reading) pair that :func:`is_reading` accepts."""
    import numpy as np

    digit = {letter: i + 1 for i, letter in enumerate(_LETTERS)}
    table = readings()
    pairs = {(char, reading) for char, values in table.items() for reading in values}
    for char, simple in simplified_chars().items():  # 績(jì) is 绩's reading
        pairs.update((char, reading) for reading in table.get(simple, ()))
    pairs.update(BY_READING)
    packed: dict[str, int] = {}  # reading → its digits, for the ~1,500 readings
    for reading in {reading for _, reading in pairs}:
        if 1 <= len(reading) <= 6 and all(c in digit for c in reading):
            packed[reading] = sum(digit[c] << (8 * k) for k, c in enumerate(reading))
    keys = {
        ord(char) << 48 | packed[reading]
        for char, reading in pairs
        if reading in packed and is_han(char)  # else no annotation can spell it
    }
    return np.array(sorted(keys), dtype=np.uint64)


@cache
def _ambiguous_table() -> np.ndarray:
    """Over the BMP: the characters whose reading picks their simplified form (著 乾 藉 瞭 徵)."""
    import numpy as np

    table = np.zeros(0x10000, dtype=bool)
    table[[ord(char) for char, _ in BY_READING]] = True
    return table


@dataclass(frozen=True)
class _Found:
    """Letters in brackets after a Han character, as arrays over the text's code points:
    where each ``(`` and ``)`` is, and each candidate's key (character and letters)."""

    codes: np.ndarray
    opens: np.ndarray
    closes: np.ndarray
    keys: np.ndarray


def _bracketed(codes: np.ndarray) -> _Found:
    """The candidates, found without any table of readings (a page with a stray 例(a) never
    loads pypinyin's)."""
    import numpy as np

    # Brackets: ( ) are 0x28 0x29 and （ ） 0xFF08 0xFF09, so the last bit tells open from close.
    odd = codes | np.uint32(1)
    at = np.flatnonzero((odd == 0x29) | (odd == 0xFF09))
    closing = codes[at] & np.uint32(1)
    pair = np.flatnonzero((closing[:-1] == 0) & (closing[1:] == 1))
    opens, closes = at[pair], at[pair + 1]
    lengths = closes - opens - 1
    keep = (lengths >= 1) & (lengths <= 6) & (opens > 0)
    opens, closes, lengths = opens[keep], closes[keep], lengths[keep]
    chars = codes[opens - 1]
    keep = ((chars >= 0x3400) & (chars <= 0x9FFF)) | ((chars >= 0xF900) & (chars <= 0xFAFF))  # HAN
    opens, closes, lengths, chars = opens[keep], closes[keep], lengths[keep], chars[keep]
    # The letter digits of the eight code points after each (, as one little-endian integer;
    # the bytes past the reading's length masked off. A reading is letters only when none of
    # its bytes is 0 (the classic zero-byte test on the word, the rest set to 0xFF).
    digits = np.zeros(len(codes) + 8, dtype=np.uint8)
    digits[: len(codes)] = _letter_digits()[codes]
    # Every eight bytes from every offset, as unaligned 64-bit words (x86 and ARM read them).
    words = np.ndarray(shape=(len(codes) + 1,), dtype="<u8", buffer=digits, strides=(1,))
    word = words[opens + 1]
    mask = (np.uint64(1) << (lengths.astype(np.uint64) * np.uint64(8))) - np.uint64(1)
    word &= mask
    rest = word | ~mask
    keep = ((rest - np.uint64(_ONES)) & ~rest & np.uint64(_HIGHS)) == 0
    keys = (chars[keep].astype(np.uint64) << np.uint64(48)) | word[keep]  # Han: 16 bits
    return _Found(codes=codes, opens=opens[keep], closes=closes[keep], keys=keys)


def _readings_among(found: _Found) -> _Found:
    """The candidates whose letters are a reading of their character."""
    import numpy as np

    valid, keys, opens, closes = _reading_keys(), found.keys, found.opens, found.closes
    # Each distinct pair (a page repeats a few hundred) looked up once, in order (the table
    # stays in cache); the page's few pairs that are no reading are then struck out by value.
    ordered = np.sort(keys)
    distinct = ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))[: len(ordered)]]
    hits = valid[np.minimum(np.searchsorted(valid, distinct), len(valid) - 1)] == distinct
    if not hits.all():
        wrong = distinct[~hits]
        hit = wrong[np.minimum(np.searchsorted(wrong, keys), len(wrong) - 1)] != keys
        opens, closes, keys = opens[hit], closes[hit], keys[hit]
    return _Found(codes=found.codes, opens=opens, closes=closes, keys=keys)


def find_annotations(text: str) -> list[tuple[int, int]]:
    """The spans of every ``character(reading)``'s bracketed reading in ``text`` where the
    reading is the character's (whatever the page's density)."""
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    found = _readings_among(_bracketed(codes))
    return list(zip(found.opens.tolist(), (found.closes + 1).tolist(), strict=True))


def _remove(p: Pass, found: _Found) -> None:
    import numpy as np

    codes, opens, closes = found.codes, found.opens, found.closes
    lengths = closes - opens + 1
    removed = np.cumsum(lengths)
    at = opens - (removed - lengths)  # where each annotation was, in the output
    ambiguous = np.flatnonzero(_ambiguous_table()[codes[opens - 1]])
    text = p.text
    changed: list[tuple[int, str]] = []
    if ambiguous.size:
        # 著(zhuó) → 着, 著(zhù) stays 著 through the converter: the few such pairs in Python.
        for k in ambiguous.tolist():
            pair = text[opens[k] - 1], text[opens[k] + 1 : closes[k]]
            if pair in BY_READING:
                changed.append((int(opens[k]) - 1, BY_READING[pair]))
            if pair in KEEP_BY_READING:
                p.protect.append(int(at[k]) - 1)
    if changed:
        new = codes.copy()
        for pos, char in changed:
            new[pos] = ord(char)
        p.same_length(codes=new)
        codes = new
    edges = np.zeros(len(codes) + 1, dtype=np.int8)
    edges[opens] = 1
    edges[closes + 1] = -1
    out = codes[np.cumsum(edges[:-1], dtype=np.int8) == 0]
    p.count("annotations", len(opens))
    p.replaced(None, Deletions(at=at.tolist(), removed=removed.tolist()), codes=out)


def remove_annotations(p: Pass) -> None:
    """Remove the readings after characters, where the page is annotated — until none is
    left: a reading repeated (``務(wù)(wù)``) stands after its character once the first goes.
    (A chain of more than 64 readings after one character keeps the rest: no input may make
    the step quadratic.)"""
    for _ in range(64):
        before = p.counts["annotations"]
        _remove_once(p)
        if p.counts["annotations"] == before:
            return


def _remove_once(p: Pass) -> None:
    text = p.text
    if not _TONE_MARK.search(text):
        return  # annotated pages are full of tone marks; most texts have none
    bracketed = _bracketed(p.codes())
    if not bracketed.opens.size:
        return
    # The density gate: scraped annotated pages carry a reading every few characters (~0.3 per
    # character); a clean text with a chance match (行(háng) in an example) is left alone. It
    # is decided per line unless the page has ten or more readings, so that removing other
    # lines (spam, navigation) never changes the decision: idempotence.
    # The artifacts (?chuàng)) count towards the ten; they are counted only when needed.
    candidates, artifacts = len(bracketed.opens), None
    if candidates < 10:
        artifacts = len(ARTIFACT.findall(text))
    if candidates + (artifacts or 0) >= 10:
        found = _readings_among(bracketed)
        if len(found.opens) < 10 and artifacts is None:
            artifacts = len(ARTIFACT.findall(text))
        if len(found.opens) + (artifacts or 0) >= 10:
            _remove(p, found)
            return
    _remove_per_line(p, text)


def _han_count(line: str, cap: int) -> int:
    """The Han characters of ``line``, counted in slices until there are ``cap`` of them
    (the count, or a number ≥ ``cap``)."""
    count, start, step = 0, 0, 4096
    while start < len(line) and count < cap:
        chunk = line[start : start + step]
        count += len(chunk) - len(_CJK.sub("", chunk))  # no list of every character
        start += step
        step *= 2
    return count


def _remove_per_line(p: Pass, text: str) -> None:
    per_line: dict[int, list[re.Match[str]]] = {}
    for m in CHAR_ANNOTATION.finditer(text):
        per_line.setdefault(text.rfind("\n", 0, m.start()) + 1, []).append(m)
    matches = []
    for line_start, found_here in per_line.items():
        line_end = text.find("\n", line_start)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        # Han characters are counted only as far as the decision needs (20 per reading): a
        # page that is one line of megabytes costs a slice, not a pass over it.
        cap = 20 * len(found_here) + 1
        han = _han_count(line, cap) or 1
        if len(found_here) / han < 0.05:
            continue  # too few even if all were readings: no reading table is needed
        found = [m for m in found_here if is_reading(m.group(1), m.group(2))]
        if len(found) / han >= 0.05:
            matches.extend(found)
    if not matches:
        return
    matches.sort(key=lambda m: m.start())
    builder = Builder(text)
    for m in matches:
        char, reading = m.group(1), m.group(2)
        if (char, reading) in BY_READING:
            builder.replace(m.start(), m.end(), BY_READING[char, reading])
        else:
            builder.replace(m.end(1), m.end(), "")  # the reading only, as the array path
        if (char, reading) in KEEP_BY_READING:
            p.protect.append(builder.out - 1)
    p.count("annotations", len(matches))
    out, edits = builder.finish()
    p.replaced(out, edits)
