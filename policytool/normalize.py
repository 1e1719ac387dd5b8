"""Repair scraped policy text and convert it to simplified script, keeping offsets.

``normalize_text(text)`` runs a pipeline of named steps (see :data:`STEPS`), each of which can
be switched off through :class:`NormalizeOptions`:

1. ``newlines`` — CRLF/CR to LF; zero-width characters removed.
2. ``mojibake`` — UTF-8 that was read as cp1252/latin-1 (``å›½åŠ¡é™¢``) decoded right.
3. ``annotations`` — pinyin after characters (``國務(wù)院``) removed where it is a real
   annotation: a Mandarin reading of the character before it, on a page where such readings
   are frequent. ``附件(a)``, ``PPP(ppp)``, ``单位(万元)`` are never touched. The reading picks
   the simplified character where the script is ambiguous (著/乾/藉/瞭/徵).
4. ``lost`` — characters the scraper lost: ``?chuàng)`` (a lost character with its reading)
   recovered from the phrase lexicon when the context decides it, GBK straddles re-synchronised
   at the byte level (``元?jiǎng)?chuàng)新`` → 元創新, ``重?fù)p害`` → 重損害), broken entities
   (``?rdquo;``); what cannot be recovered becomes one U+FFFD per lost character, counted.
5. ``script`` — traditional to simplified with OpenCC (TW and HK variants reversed first, no
   phrase rewriting); text with no traditional character is not converted at all.
6. ``width`` — full-width digits and Latin letters to ASCII; Chinese punctuation kept.
7. ``whitespace`` — ``????`` runs and NBSP/U+3000 indentation at line starts removed, other
   NBSP to spaces, trailing spaces and runs of blank lines removed.
8. ``boilerplate`` — navigation, footer lines and injected spam lines removed, only in the
   header (before the first sentence) and the footer (after the last one).

Every output character maps back to an offset in the input (:meth:`Normalized.input_offset`),
so that spans found in normalized text can be reported in the original.

>>> result = normalize_text("????國務(wù)院辦公廳關(guān)於…")
>>> result.text, result.report.annotations, result.input_offset(1)
('国务院办公厅关于…', 2, 5)
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, ClassVar

from policytool.data import read_table
from policytool.io import columns as records
from policytool.text.convert import (
    converter,
    simplified_chars,
    simplify_char,
    simplify_codes,
    to_simplified,
)
from policytool.text.patterns import ANNOTATION, HAN, TONE_MARKS, TONED, is_han

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "STEPS",
    "to_simplified",
    "NormalizeOptions",
    "NormalizeReport",
    "Normalized",
    "normalize_text",
]

#: The pipeline's steps, in the order they run.
STEPS = (
    "newlines", "mojibake", "annotations", "lost", "script", "width", "whitespace",
    "boilerplate",
)  # fmt: skip

LOST = "\ufffd"  # one per character that could not be recovered


@dataclass(frozen=True)
class NormalizeOptions:
    """Which steps run: one frozen object shared by the library and the CLI."""

    newlines: bool = True
    mojibake: bool = True
    annotations: bool = True
    lost: bool = True
    script: bool = True
    width: bool = True
    whitespace: bool = True
    boilerplate: bool = True


@dataclass(frozen=True)
class NormalizeReport:
    """What was fixed in one document, and how often."""

    COLUMNS: ClassVar[tuple[str, ...]] = records.NORMALIZE_REPORT

    mojibake: int = 0  # characters repaired
    entities: int = 0  # HTML entities decoded, broken ones included
    annotations: int = 0  # pinyin annotations removed
    recovered: int = 0  # lost characters recovered
    lost: int = 0  # lost characters marked with U+FFFD
    spam_lines: int = 0
    boilerplate_lines: int = 0
    converted: int = 0  # characters changed by traditional → simplified
    width_folded: int = 0
    whitespace: int = 0  # indentation runs, NBSP, blank lines and the like removed

    def to_record(self, doc: str, encoding: str = "") -> dict[str, Any]:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {"doc": doc, "encoding": encoding, **values}


# --- offsets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Edits:
    """One step's changes: replaced spans as (out_start, out_end, in_start, in_end), sorted;
    text outside them is copied, shifted."""

    spans: tuple[tuple[int, int, int, int], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.spans)

    def to_input(self, i: int) -> int:
        k = bisect_right(self._starts, i) - 1
        if k < 0:
            return i
        out_start, out_end, in_start, in_end = self.spans[k]
        if i < out_end:
            return in_start + min(i - out_start, max(in_end - in_start - 1, 0))
        return in_end + (i - out_end)

    @property
    def _starts(self) -> list[int]:
        return [s[0] for s in self.spans]


class _Builder:
    """Builds a step's output from copied text and replacements, recording the edits."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.parts: list[str] = []
        self.spans: list[tuple[int, int, int, int]] = []
        self.pos = 0  # input position copied up to
        self.out = 0  # output length so far

    def replace(self, start: int, end: int, new: str) -> None:
        if start < self.pos:
            return  # overlaps a replacement already made
        self.parts.append(self.text[self.pos : start])
        self.out += start - self.pos
        self.parts.append(new)
        if new != self.text[start:end]:
            self.spans.append((self.out, self.out + len(new), start, end))
        self.out += len(new)
        self.pos = end

    def finish(self) -> tuple[str, _Edits]:
        self.parts.append(self.text[self.pos :])
        return "".join(self.parts), _Edits(tuple(self.spans))


def _sub(
    text: str, pattern: re.Pattern[str], func: Callable[[re.Match[str]], str | None]
) -> tuple[str, _Edits, int]:
    """``pattern.sub`` with edits recorded; ``func`` returns None to keep a match. Returns the
    text, the edits and how many matches were replaced."""
    builder = _Builder(text)
    count = 0
    for m in pattern.finditer(text):
        new = func(m)
        if new is not None:
            builder.replace(m.start(), m.end(), new)
            count += 1
    if not count:
        return text, _Edits(), 0
    out, edits = builder.finish()
    return out, edits, count


@dataclass(frozen=True)
class Normalized:
    """The normalized text, what was fixed, and the way back to input offsets."""

    text: str
    report: NormalizeReport
    steps: tuple[_Edits, ...] | None = field(default=(), repr=False)

    def input_offset(self, i: int) -> int:
        """The input offset of output character ``i`` (``len(text)`` maps to the input end)."""
        if self.steps is None:
            raise ValueError("offsets were not kept: call normalize_text(..., offsets=True)")
        for edits in reversed(self.steps):
            i = edits.to_input(i)
        return i

    def offsets(self) -> list[int]:
        """The input offset of every output character."""
        return [self.input_offset(i) for i in range(len(self.text))]

    def input_span(self, start: int, end: int) -> tuple[int, int]:
        """The input span of output ``text[start:end]``."""
        if end <= start:
            at = self.input_offset(start)
            return at, at
        return self.input_offset(start), self.input_offset(end - 1) + 1


# --- readings and the lexicon ---------------------------------------------------------------


@cache
def _readings() -> dict[str, frozenset[str]]:
    """Character → its Mandarin readings with tone marks (pypinyin's table)."""
    from pypinyin.pinyin_dict import pinyin_dict

    return {chr(code): frozenset(value.split(",")) for code, value in pinyin_dict.items()}


@cache
def _syllables() -> frozenset[str]:
    return frozenset(r for readings in _readings().values() for r in readings)


@cache
def _chars_by_reading() -> dict[str, tuple[str, ...]]:
    by: dict[str, list[str]] = {}
    for char, readings in _readings().items():
        for reading in readings:
            by.setdefault(reading, []).append(char)
    return {reading: tuple(chars) for reading, chars in by.items()}


@cache
def _lexicon() -> tuple[dict[tuple[str, str], Counter[str]], dict[tuple[str, str], Counter[str]]]:
    """From pypinyin's 47k phrases, two indexes over adjacent character pairs: (left char,
    reading of the right) → right chars, and (reading of the left, right char) → left chars."""
    from pypinyin.phrases_dict import phrases_dict

    after: dict[tuple[str, str], Counter[str]] = {}
    before: dict[tuple[str, str], Counter[str]] = {}
    for phrase, readings in phrases_dict.items():
        if len(phrase) != len(readings):
            continue
        for i in range(len(phrase) - 1):
            left, right = phrase[i], phrase[i + 1]
            for reading in readings[i + 1]:
                after.setdefault((left, reading), Counter())[right] += 1
            for reading in readings[i]:
                before.setdefault((reading, right), Counter())[left] += 1
    return after, before


# Readings that decide the simplified form of an ambiguous traditional character.
_BY_READING = {
    ("著", "zhuó"): "着", ("著", "zhe"): "着", ("著", "zháo"): "着", ("著", "zhāo"): "着",
    ("乾", "gān"): "干", ("藉", "jiè"): "借", ("瞭", "liǎo"): "了", ("瞭", "le"): "了",
    ("瞭", "liào"): "瞭",
    ("徵", "zhēng"): "征",
}  # fmt: skip
#: Characters that keep their form when the reading says so; the converter must not touch them.
_KEEP_BY_READING = {("著", "zhù"), ("乾", "qián"), ("藉", "jí"), ("瞭", "liào"), ("徵", "zhǐ")}


@cache
def _ambiguous_table() -> np.ndarray:
    """Over the BMP: the characters whose reading picks their simplified form (著 乾 藉 瞭 徵)."""
    import numpy as np

    table = np.zeros(0x10000, dtype=bool)
    table[[ord(char) for char, _ in _BY_READING]] = True
    return table


# --- steps ---------------------------------------------------------------------------------

_NEWLINES = re.compile(r"\r\n?|[\u200b\u200c\u200d\u2060\ufeff]")

# Runs of characters that UTF-8 bytes decoded as cp1252/latin-1 produce.
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


_last_code_points: tuple[str, Any] | None = None


def _code_points(text: str) -> np.ndarray:
    """``text``'s code points (uint32). The last text's are kept (until the document is
    done): the mojibake gate and the annotation scan look at the same page, encoded once."""
    global _last_code_points
    last = _last_code_points
    if last is not None and last[0] is text:
        return last[1]
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    _last_code_points = (text, codes)
    return codes


@cache
def _continuation_table() -> np.ndarray:
    """Whether a code point (below U+2200) is what a UTF-8 continuation byte reads as."""
    import numpy as np

    table = np.zeros(0x2200, dtype=bool)
    table[[ord(c) for c in bytes(range(0x80, 0xC0)).decode("latin-1")]] = True
    table[[ord(c) for c in bytes(range(0x80, 0xC0)).decode("cp1252", "ignore")]] = True
    return table


def _may_hold_mojibake(text: str) -> bool:
    """Whether a mojibake lead character (Â-ô) is followed by a continuation character: the
    regex alone crawls through annotated pages, where every à and é of a reading is a lead."""
    if not _HIGH_LATIN.search(text):
        return False
    if not _TONE_MARK.search(text):
        return True  # no readings: the regex itself is quick
    import numpy as np

    codes = _code_points(text)
    leads = np.flatnonzero(codes[:-1] - np.uint32(0xC2) <= 0xF4 - 0xC2)  # wraps below 0xC2
    following = np.minimum(codes[leads + 1], 0x21FF)
    return bool(_continuation_table()[following].any())


_CJK = re.compile(f"[{HAN}]")
_READING = rf"[(（]([{TONED}]{{1,6}})[)）]"  # an annotation, its reading captured
#: A character and the reading after it: 務(wù).
_CHAR_ANNOTATION = re.compile(f"([{HAN}]){_READING}")
_TONE_MARK = re.compile(f"[{TONE_MARKS}]")
_ANNOTATION_BEFORE = re.compile(f"{ANNOTATION}$")
_ARTIFACT = re.compile(rf"\?([{TONED}]{{1,6}})\)")
_ENTITY_NAMES = "rdquo|ldquo|rsquo|lsquo|mdash|ndash|nbsp|hellip|middot|quot|amp|lt|gt|bull|times"
_ENTITY = re.compile(rf"&(?:#[0-9]{{1,6}}|#[xX][0-9a-fA-F]{{1,5}}|{_ENTITY_NAMES});")
_BROKEN_ENTITY = re.compile(rf"\?({_ENTITY_NAMES});")
#: What both an artifact (?chuàng)) and a broken entity (?rdquo;) start with: a ? and a letter.
#: A literal first character: ``re`` finds each ? at memchr speed, where a page's ????
#: indentation would send the two scans through every one of them.
_QUESTION_LETTER = re.compile(f"\\?[{TONED}]")


def _step_newlines(text: str, report: dict[str, int]) -> tuple[str, _Edits]:
    if "\r" not in text and not any(c in text for c in "\u200b\u200c\u200d\u2060\ufeff"):
        return text, _Edits()
    out, edits, count = _sub(text, _NEWLINES, lambda m: "\n" if m.group()[0] == "\r" else "")
    report["whitespace"] += count
    return out, edits


def _step_mojibake(text: str, report: dict[str, int]) -> tuple[str, _Edits]:
    if not _may_hold_mojibake(text):
        return text, _Edits()

    def repair(m: re.Match[str]) -> str | None:
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

    out, edits, count = _sub(text, _MOJIBAKE, repair)
    report["mojibake"] += count
    return out, edits


@dataclass
class _Protect:
    """Positions (in the current text) whose character the script step must not convert."""

    positions: list[int] = field(default_factory=list)


@lru_cache(maxsize=65536)
def _is_reading(char: str, reading: str) -> bool:
    """Whether ``reading`` is a Mandarin reading of ``char`` or of its simplified form (the
    scraper read the simplified text: 績(jì) is 绩's reading)."""
    readings = _readings()
    if reading in readings.get(char, ()) or (char, reading) in _BY_READING:
        return True
    simple = simplify_char(char)
    return simple != char and reading in readings.get(simple, ())


# The annotation scan works on code points with numpy: a page carries thousands of readings,
# and a regex with a Python call per match, or even a C substitution, was the pass's
# bottleneck. A reading packs into an integer: the character's code point (a BMP Han
# character: 16 bits), then a byte a letter (1-55; the first 0 ends the reading).
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
    """The sorted keys of every (character, reading) pair that :func:`_is_reading` accepts."""
    import numpy as np

    digit = {letter: i + 1 for i, letter in enumerate(_LETTERS)}
    readings = _readings()
    pairs = {(char, reading) for char, values in readings.items() for reading in values}
    for char, simple in simplified_chars().items():  # 績(jì) is 绩's reading
        pairs.update((char, reading) for reading in readings.get(simple, ()))
    pairs.update(_BY_READING)
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


@dataclass(frozen=True)
class _Annotations:
    """The readings after characters in one text, as arrays: where each ``(`` and ``)`` is
    (readings only: a pair that is no reading of its character is not listed)."""

    codes: np.ndarray  # the text's code points
    opens: np.ndarray
    closes: np.ndarray
    chars: np.ndarray  # the code point of the character before each


def _find_annotations(text: str) -> _Annotations:
    """Every ``character(reading)`` in ``text`` where the reading is the character's."""
    return _readings_among(_bracketed(text))


@dataclass(frozen=True)
class _Bracketed:
    """Letters in brackets after a Han character: the candidates, found without reading
    any table of readings (a page with a stray 例(a) never loads pypinyin's)."""

    codes: np.ndarray  # the text's code points
    opens: np.ndarray
    closes: np.ndarray
    keys: np.ndarray  # the character (16 bits) and a byte a letter, as one integer each


def _bracketed(text: str) -> _Bracketed:
    import numpy as np

    codes = _code_points(text)
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
    return _Bracketed(codes=codes, opens=opens[keep], closes=closes[keep], keys=keys)


def _readings_among(found: _Bracketed) -> _Annotations:
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
        opens, closes = opens[hit], closes[hit]
    codes = found.codes
    return _Annotations(codes=codes, opens=opens, closes=closes, chars=codes[opens - 1])


@dataclass(frozen=True)
class _Deletions(_Edits):
    """Spans deleted from the input: ``at[k]`` is where the k-th left a gap in the output,
    ``removed[k]`` how many characters the first k+1 removed."""

    at: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.at)

    def to_input(self, i: int) -> int:
        k = bisect_right(self.at, i)
        return i + self.removed[k - 1] if k else i


def _remove_annotations(
    text: str, found: _Annotations, report: dict[str, int], protect: _Protect, track: bool
) -> tuple[np.ndarray, _Edits]:
    import numpy as np

    codes, opens, closes = found.codes, found.opens, found.closes
    lengths = closes - opens + 1
    removed = np.cumsum(lengths)
    at = opens - (removed - lengths)  # where each annotation was, in the output
    ambiguous = np.flatnonzero(_ambiguous_table()[found.chars])
    if ambiguous.size:
        # 著(zhuó) → 着, 著(zhù) stays 著 through the converter: the few such pairs in Python.
        codes = codes.copy()
        for k in ambiguous.tolist():
            pair = text[opens[k] - 1], text[opens[k] + 1 : closes[k]]
            if pair in _BY_READING:
                codes[opens[k] - 1] = ord(_BY_READING[pair])
            if pair in _KEEP_BY_READING:
                protect.positions.append(int(at[k]) - 1)
    edges = np.zeros(len(codes) + 1, dtype=np.int8)
    edges[opens] = 1
    edges[closes + 1] = -1
    out = codes[np.cumsum(edges[:-1], dtype=np.int8) == 0]
    report["annotations"] += len(opens)
    edits = _Deletions(at=at.tolist(), removed=removed.tolist()) if track else _Edits()
    return out, edits


def _annotations(
    text: str, report: dict[str, int], protect: _Protect, track: bool
) -> tuple[str | np.ndarray, _Edits]:
    """The text with its annotations removed: a string, or the code points when the numpy
    path removed them (the script and width steps go on with those)."""
    if not _TONE_MARK.search(text):
        return text, _Edits()  # annotated pages are full of tone marks; most texts have none
    bracketed = _bracketed(text)
    if not bracketed.opens.size:
        return text, _Edits()
    # The density gate: scraped annotated pages carry a reading every few characters (~0.3 per
    # character); a clean text with a chance match (行(háng) in an example) is left alone. It
    # is decided per line unless the page has ten or more readings, so that removing other
    # lines (spam, navigation) never changes the decision: idempotence.
    # The artifacts (?chuàng)) count towards the ten; they are counted only when needed.
    candidates, artifacts = len(bracketed.opens), None
    if candidates < 10:
        artifacts = len(_ARTIFACT.findall(text))
    if candidates + (artifacts or 0) >= 10:
        found = _readings_among(bracketed)
        if len(found.opens) < 10 and artifacts is None:
            artifacts = len(_ARTIFACT.findall(text))
        if len(found.opens) + (artifacts or 0) >= 10:
            return _remove_annotations(text, found, report, protect, track)
    per_line: dict[int, list[re.Match[str]]] = {}
    for m in _CHAR_ANNOTATION.finditer(text):
        per_line.setdefault(text.rfind("\n", 0, m.start()) + 1, []).append(m)
    matches = []
    for line_start, found_here in per_line.items():
        line_end = text.find("\n", line_start)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        han = len(_CJK.findall(line)) or 1
        if len(found_here) / han < 0.05:
            continue  # too few even if all were readings: no reading table is needed
        readings = [m for m in found_here if _is_reading(m.group(1), m.group(2))]
        if len(readings) / han >= 0.05:
            matches.extend(readings)
    if not matches:
        return text, _Edits()
    matches.sort(key=lambda m: m.start())
    builder = _Builder(text)
    for m in matches:
        char, reading = m.group(1), m.group(2)
        builder.replace(m.start(), m.end(), _BY_READING.get((char, reading), char))
        if (char, reading) in _KEEP_BY_READING:
            protect.positions.append(builder.out - 1)
    report["annotations"] += len(matches)
    return builder.finish()


def _gbk(ch: str) -> bytes | None:
    try:
        data = ch.encode("gbk")
    except UnicodeEncodeError:
        return None
    return data if len(data) == 2 else None


def _decode_gbk(data: bytes) -> str | None:
    try:
        char = data.decode("gbk")
    except UnicodeDecodeError:
        return None
    return char if len(char) == 1 and is_han(char) else None


def _pick(candidates: list[str], left: str, reading: str, right: str) -> str | None:
    """One of ``candidates`` (characters read ``reading``): the only one, or the one the phrase
    lexicon supports between ``left`` and ``right``."""
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        return None
    simplify = simplify_char
    by_simple: dict[str, str] = {}
    for c in candidates:
        by_simple.setdefault(simplify(c), c)
    if len(by_simple) == 1:
        return next(iter(by_simple.values()))
    best = _from_lexicon(left, reading, right, among=set(by_simple))
    if best is None:
        # The bytes already narrowed it to a few forms of one character (刱 剏 剙 創): the
        # one that phrases use is the one meant, if it clearly dominates.
        frequency = _char_frequency()
        ranked = sorted(by_simple, key=lambda c: frequency[c], reverse=True)
        if frequency[ranked[0]] > 0 and frequency[ranked[0]] >= 3 * frequency[ranked[1]]:
            best = ranked[0]
    return by_simple.get(best) if best is not None else None


@cache
def _char_frequency() -> Counter[str]:
    """How many lexicon phrases each character occurs in."""
    from pypinyin.phrases_dict import phrases_dict

    return Counter(c for phrase in phrases_dict for c in phrase)


def _from_lexicon(left: str, reading: str, right: str, among: set[str] | None = None) -> str | None:
    """The character read ``reading`` between ``left`` and ``right`` that the phrase lexicon
    supports, if one candidate stands out; None when none or several do."""
    after, before = _lexicon()
    simplify = simplify_char
    left_s = simplify(left) if left else ""
    right_s = simplify(right) if right else ""
    votes: Counter[str] = Counter()
    if left_s:
        votes.update(after.get((left_s, reading), Counter()))
    if right_s:
        votes.update(before.get((reading, right_s), Counter()))
    if among is not None:
        votes = Counter({c: n for c, n in votes.items() if c in among})
    if not votes:
        return None
    ranked = votes.most_common(2)
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0][0]


def _step_lost(text: str, report: dict[str, int]) -> tuple[str, _Edits]:
    if "?" not in text or not _QUESTION_LETTER.search(text):
        return text, _Edits()
    artifacts = list(_ARTIFACT.finditer(text))
    if not artifacts:
        return text, _Edits()  # a ? that is only a ?: no reading tables to load
    builder = _Builder(text)
    by_reading = _chars_by_reading()
    syllables = _syllables()
    i = 0
    while i < len(artifacts):
        m = artifacts[i]
        reading = m.group(1)
        if reading not in syllables:
            i += 1
            continue
        s, e = m.span()
        left = text[s - 1] if s > 0 else ""
        if left in ")）":  # 創(chuàng)?… : the character before the annotation
            ann = _ANNOTATION_BEFORE.search(text, max(0, s - 10), s)
            left = text[ann.start() - 1] if ann is not None and ann.start() > 0 else ""
        nxt = artifacts[i + 1] if i + 1 < len(artifacts) and artifacts[i + 1].start() == e else None
        # A straddle: the scraper's key (a character read ``reading``) matched the trail byte
        # of ``left`` and the lead byte of the next character Y; Y's trail byte follows, or Y
        # was annotated too and its reading follows. Several keys may share the first byte:
        # every candidate lead is tried, and only one resulting Y is accepted.
        left_bytes = _gbk(left) if left else None  # any two-byte GBK character: 创意—?jiǎng)…
        leads = set()
        if left_bytes is not None:
            for key in by_reading.get(reading, ()):
                key_bytes = _gbk(key)
                if key_bytes is not None and key_bytes[0] == left_bytes[1]:
                    leads.add(key_bytes[1])
        recovered: str | None = None
        end = e
        if leads:
            follower = text[e] if e < len(text) else ""
            if nxt is not None:
                fits = [
                    c for c in by_reading.get(nxt.group(1), ()) if (_gbk(c) or b"  ")[0] in leads
                ]
                right = text[nxt.end()] if nxt.end() < len(text) else ""
                recovered = _pick(fits, left, nxt.group(1), right)
                if recovered is not None:
                    end = nxt.end()
                    i += 1
            elif follower and "\x40" <= follower <= "\x7e" and follower not in "?()":
                found = {_decode_gbk(bytes([lead, ord(follower)])) for lead in leads} - {None}
                if len(found) == 1:
                    recovered, end = found.pop(), e + 1
            elif text.startswith("?", e):
                broken = _BROKEN_ENTITY.match(text, e)
                if broken is not None:
                    # Y's trail byte went into the ? of a broken entity: Y is lost.
                    builder.replace(s, broken.end(), LOST + html.unescape(f"&{broken.group(1)};"))
                    report["lost"] += 1
                    report["entities"] += 1
                    i += 1
                    continue
        if recovered is None:
            # A lost character with its reading: the phrase lexicon may know it.
            right = text[end] if end < len(text) else ""
            recovered = _from_lexicon(left, reading, right)
        if recovered is None:
            builder.replace(s, end, LOST)
            report["lost"] += 1
        else:
            builder.replace(s, end, recovered)
            report["recovered"] += 1
        i += 1
    return builder.finish()


def _step_broken_entities(text: str, report: dict[str, int]) -> tuple[str, _Edits]:
    """Broken entities outside straddles: the ? is the scraper's, the entity is the text's."""
    if "?" not in text or not _QUESTION_LETTER.search(text):
        return text, _Edits()
    out, edits, count = _sub(text, _BROKEN_ENTITY, lambda m: html.unescape(f"&{m.group(1)};"))
    report["entities"] += count
    return out, edits


def _step_entities(text: str, report: dict[str, int]) -> tuple[str, _Edits]:
    if "&" not in text:
        return text, _Edits()
    out, edits, count = _sub(text, _ENTITY, lambda m: html.unescape(m.group()))
    report["entities"] += count
    return out, edits


# --- script ---------------------------------------------------------------------------------


@cache
def _needs_repair_re() -> re.Pattern[str]:
    """One character class holding every character a repair step looks for (CR, zero-width,
    latin-1 letters, tone marks, ``&`` and ``?``, full-width letters and digits, traditional
    characters): a clean simplified text is scanned once, at bitmap speed, and skips them all."""
    traditional = _traditional_re().pattern[1:-1]
    return re.compile(
        "[\r\u200b\u200c\u200d\u2060\ufeff\u00c0-\u00ff&?"
        "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
        f"{traditional}]"
    )


@cache
def _traditional_re() -> re.Pattern[str]:
    """Any traditional-only character: a BMP character class, which ``re`` checks with a
    bitmap, so a text without one is scanned at hundreds of MB/s."""
    from policytool.text.script import traditional_chars

    return re.compile(f"[{re.escape(''.join(sorted(traditional_chars())))}]")


def _step_characters(
    text: str, report: dict[str, int], protect: _Protect, options: NormalizeOptions, track: bool
) -> tuple[str, _Edits]:
    """The annotations, script and width steps. Where numpy removed the annotations, or the
    text is traditional, they work on one array of code points, decoded once at the end."""
    import numpy as np

    convert = options.script and _traditional_re().search(text) is not None
    edits: _Edits = _Edits()
    codes = None
    if options.annotations:
        removed, edits = _annotations(text, report, protect, track)
        if isinstance(removed, str):
            text = removed
        else:
            codes = removed
    if convert:
        if codes is None:
            codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        converted = simplify_codes(codes, keep=protect.positions)
        if converted is None:
            # OpenCC's dictionaries are character for character; should one ever not be, map
            # the changed lines as wholes so offsets stay right.
            text, by_line = _convert_by_line(codes.tobytes().decode("utf-32-le"), report)
            text, _ = _step_width(text, report) if options.width else (text, _Edits())
            return text, _chain([edits, by_line])
        report["converted"] += int(np.count_nonzero(converted != codes)) + _after_t2s(converted)
        codes = converted
    if codes is None:
        return _step_width(text, report)[0] if options.width else text, edits
    if options.width:
        report["width_folded"] += _fold_width(codes)
    return codes.tobytes().decode("utf-32-le"), edits


#: Phrases OpenCC's t2s leaves traditional where mainland policy text writes otherwise
#: (覆函 for a reply letter is 复函); each the same length, so offsets hold.
_AFTER_T2S = (("覆函", "复函"),)


def _after_t2s(codes: np.ndarray) -> int:
    """Rewrite :data:`_AFTER_T2S` in the code points ``codes``; how many characters changed."""
    import numpy as np

    changed = 0
    for wrong, right in _AFTER_T2S:
        at = np.flatnonzero(codes[: len(codes) - len(wrong) + 1] == ord(wrong[0]))
        for k in range(1, len(wrong)):
            at = at[codes[at + k] == ord(wrong[k])]
        for k, (a, b) in enumerate(zip(wrong, right, strict=True)):
            if a != b:
                codes[at + k] = ord(b)
                changed += len(at)
    return changed


def _fold_width(codes: np.ndarray) -> int:
    """Full-width digits and Latin letters in ``codes`` to ASCII; how many were folded."""
    import numpy as np

    at = np.flatnonzero(codes - np.uint32(0xFF10) <= 0xFF5A - 0xFF10)
    if not at.size:
        return 0
    found = codes[at]
    at = at[(found <= 0xFF19) | ((found >= 0xFF21) & (found <= 0xFF3A)) | (found >= 0xFF41)]
    codes[at] -= np.uint32(0xFEE0)
    return len(at)


def _convert_by_line(text: str, report: dict[str, int]) -> tuple[str, _Edits]:
    builder = _Builder(text)
    pos = 0
    for line in text.split("\n"):
        new = str(converter().convert(line))
        if new != line:
            builder.replace(pos, pos + len(line), new)
            report["converted"] += len(line)
        pos += len(line) + 1
    return builder.finish()


_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def _step_width(text: str, report: dict[str, int]) -> tuple[str, _Edits]:
    if not _FULLWIDTH_ALNUM.search(text):
        return text, _Edits()
    # Per match, not str.translate: a dict table makes translate look up every character.
    out, count = _FULLWIDTH_ALNUM.subn(lambda m: chr(ord(m.group()) - 0xFEE0), text)
    report["width_folded"] += count
    return out, _Edits()


# Indentation at line starts: spaces, NBSP, U+3000, tabs and the ???? that NBSP became in GBK.
# Anchored on the newline itself (a literal: ``re`` finds it at memchr speed); a multiline
# ``^`` is tried at every position and ran 5x slower.
_INDENT_CHARS = "[ \t\u3000\u00a0]|\\?{2,}|\\?(?=[\\s\u3000\u00a0]|[\u3400-\u9fff“《（(])"
_INDENT = re.compile(f"(?:\\A|(?<=\\n))(?:{_INDENT_CHARS})+")
_INDENT_AFTER_NEWLINE = re.compile(f"\\n((?:{_INDENT_CHARS})+)")
_TRAILING = re.compile("[ \t\u3000\u00a0]+(?=\n|\\Z)")
_BLANK_RUNS = re.compile(r"\n{3,}")
_SPACES = (" ", "\t", "\u3000", "\u00a0")
#: Whatever after (or just before) a newline the whitespace step may change: indentation, a
#: run of blank lines, trailing space. One scan for the newline (a literal prefix, at memchr
#: speed, the space before it a lookbehind) spares most texts the three substitutions.
_LINE_WORK = re.compile("\n(?:[ \t\u3000\u00a0?]|\n\n|(?<=[ \t\u3000\u00a0]\n))")


def _has_line_work(text: str) -> bool:
    return text[-1:] in _SPACES or _LINE_WORK.search(text) is not None


def _whitespace_fast(text: str, report: dict[str, int]) -> str:
    """The whitespace step without offsets: ``re.subn`` in C, no Python per match."""
    head = _INDENT.match(text)
    if head is not None and head.end() > 0:
        text = text[head.end() :]
        report["whitespace"] += 1
    if _has_line_work(text):
        text, n = _INDENT_AFTER_NEWLINE.subn("\n", text)
        report["whitespace"] += n
        if _has_trailing_space(text):
            text, n = _TRAILING.subn("", text)
            report["whitespace"] += n
        if "\n\n\n" in text:
            text, n = _BLANK_RUNS.subn("\n\n", text)
            report["whitespace"] += n
    if "\u00a0" in text:
        report["whitespace"] += text.count("\u00a0")
        text = text.replace("\u00a0", " ")
    return text.strip("\n")


def _has_trailing_space(text: str) -> bool:
    return (
        " \n" in text
        or "\u3000\n" in text
        or "\t\n" in text
        or "\u00a0\n" in text
        or text[-1:] in _SPACES
    )


def _replacing_with(repl: str) -> Callable[[re.Match[str]], str | None]:
    def replace_match(m: re.Match[str]) -> str | None:
        return repl if m.group() != repl else None

    return replace_match


def _step_whitespace(text: str, report: dict[str, int], track: bool = True) -> tuple[str, _Edits]:
    if not track:
        return _whitespace_fast(text, report), _Edits()
    steps: list[_Edits] = []
    # Indentation: at the very start, and after each newline.
    head = _INDENT.match(text)
    builder = _Builder(text)
    count = 0
    if head is not None and head.end() > 0:
        builder.replace(0, head.end(), "")
        count += 1
    lines = _has_line_work(text)
    for m in _INDENT_AFTER_NEWLINE.finditer(text) if lines else ():
        builder.replace(m.start(1), m.end(1), "")
        count += 1
    if count:
        text, edits = builder.finish()
        steps.append(edits)
        report["whitespace"] += count
    for pattern, repl, needle in (
        (_TRAILING, "", _has_trailing_space),
        (_BLANK_RUNS, "\n\n", lambda t: "\n\n\n" in t),
    ):
        if not lines or not needle(text):
            continue  # a substring test runs at memory speed; most texts need neither
        text, edits, count = _sub(text, pattern, _replacing_with(repl))
        report["whitespace"] += count
        if edits:
            steps.append(edits)
    if "\u00a0" in text:
        report["whitespace"] += text.count("\u00a0")
        text = text.replace("\u00a0", " ")
    stripped = text.strip("\n")
    if stripped != text:
        lead = len(text) - len(text.lstrip("\n"))
        builder = _Builder(text)
        builder.replace(0, lead, "")
        builder.replace(lead + len(stripped), len(text), "")
        text, edits = builder.finish()
        steps.append(edits)
    return text, _chain(steps)


@dataclass(frozen=True)
class _Chain(_Edits):
    """Several edit lists applied one after the other, as one."""

    parts: tuple[_Edits, ...] = ()

    def __bool__(self) -> bool:
        return any(self.parts)

    def to_input(self, i: int) -> int:
        for edits in reversed(self.parts):
            i = edits.to_input(i)
        return i


def _chain(parts: list[_Edits]) -> _Edits:
    parts = [p for p in parts if p]
    if not parts:
        return _Edits()
    return parts[0] if len(parts) == 1 else _Chain(parts=tuple(parts))


# --- boilerplate ----------------------------------------------------------------------------


@cache
def _boilerplate() -> dict[str, Any]:
    rows = read_table("boilerplate.tsv")
    by_kind: dict[str, list[str]] = {}
    for row in rows:
        by_kind.setdefault(row["kind"], []).append(row["pattern"])
    return {
        "navigation": re.compile("|".join(f"(?:{p})" for p in by_kind["navigation"])),
        "footer": re.compile("|".join(f"(?:{p})" for p in by_kind["footer"])),
        "marker": re.compile("|".join(f"(?:{p})" for p in by_kind["list-marker"])),
        "spam": re.compile("|".join(re.escape(w) for w in by_kind["spam"])),
    }


_SENTENCE = re.compile(r"[。！？!?；][”’」』）)]*\s*$")
_MENU_WORDS = (
    "新闻", "首页", "频道", "概况", "档案", "影像", "风光", "专题", "视频", "图片", "论坛", "印象",
    "魅力", "政务", "互动", "旅游", "投资", "服务", "公开", "城市",
)  # fmt: skip
_TITLE_WORDS = re.compile(r"关于|通知|意见|办法|方案|决定|规定|公告|通告|条例|实施|印发")
#: Footer lines that belong to the document: dates, 此件/附件/抄送 notes, numbered items.
_KEEP_FOOTER = re.compile(
    r"[0-9]{4}\s*年|[〇○零一二三四五六七八九]{4}年|\d{4}[-./]\d{1,2}[-./]\d{1,2}|此件|附件|抄送|"
    r"特此|联系人|联系电话|^[（(]?[一二三四五六七八九十0-9]+[)）、.．]"
)
#: …and the signature: an organ's name or a signer (职务　姓名), with no punctuation.
_SIGNATURE = re.compile(
    r"^[^，。、；,;]*(?:政府|委员会|委|局|厅|部|院|办公室|署|银行|中心|协会|学会|商会|联合会|公司|办)$"
    r"|^[^，。、；,;]*\S　+\S[^，。、；,;]*$"
)


_SENTENCE_END_CHAR = re.compile(r"[。！？!?；]")


def _first_sentence_line_start(text: str) -> int | None:
    """Where the first line that ends a sentence starts (None when no line does)."""
    for m in _SENTENCE_END_CHAR.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        if _is_sentence(text[start : end if end >= 0 else len(text)]):
            return start
    return None


def _last_sentence_line_end(text: str) -> int:
    """Where the last line that ends a sentence ends (at its newline, or the text's end).
    Lines are walked from the end: footers are short, and an ``rfind`` for a character the
    text lacks would scan all of it."""
    end = len(text)
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        if _is_sentence(text[start:end]):
            return end
        end = start - 1
    return len(text)


def _is_sentence(line: str) -> bool:
    return len(line.strip()) >= 4 and _SENTENCE.search(line) is not None


def _distinct_hits(pattern: re.Pattern[str], line: str) -> int:
    return len(set(pattern.findall(line)))


def _is_spam(line: str, words: re.Pattern[str]) -> bool:
    return _distinct_hits(words, line) >= 3 and not _SENTENCE.search(line)


_MENU_RE = re.compile("|".join(_MENU_WORDS))
_LIST_PUNCTUATION = re.compile(r"[，。、；：,:;]")


def _is_menu(line: str) -> bool:
    if len(line) < 12 or _TITLE_WORDS.search(line) or _LIST_PUNCTUATION.search(line):
        return False
    return _distinct_hits(_MENU_RE, line) >= 3


def _step_boilerplate(text: str, report: dict[str, int]) -> tuple[str, _Edits]:
    # The body runs from the first line that ends a sentence to the last one, whatever their
    # length: 本意见自印发之日起施行。 is the body's last line, not a footer. Only the header
    # and the footer are split into lines and looked at; the body is never touched.
    head_end = _first_sentence_line_start(text)
    if head_end is None:
        return text, _Edits()
    foot_start = _last_sentence_line_end(text)
    header = text[:head_end].split("\n")[:-1] if head_end else []
    footer = text[foot_start:].split("\n")[1:] if foot_start < len(text) else []
    lines = [*header, "", *footer]  # the body stands in as one empty line
    first = len(header)
    last = first
    patterns = _boilerplate()
    drop: set[int] = set()
    spam = 0
    for i in range(first):
        line = lines[i].strip()
        if not line:
            continue
        if _is_spam(line, patterns["spam"]):
            drop.add(i)
            spam += 1
        elif patterns["navigation"].match(line) or _is_menu(line):
            drop.add(i)
    listing = False
    loose: list[int] = []  # short lines that are neither boilerplate nor the document's own
    for i in range(last + 1, len(lines)):
        line = lines[i].strip()
        if not line:
            continue
        if listing or patterns["marker"].match(line) or patterns["footer"].match(line):
            drop.add(i)
            listing = listing or bool(patterns["marker"].match(line))
        elif len(line) < 40 and not _KEEP_FOOTER.search(line) and not _SIGNATURE.search(line):
            loose.append(i)
    if len(loose) >= 2:
        drop.update(loose)  # headlines and teasers of other pages, menu entries
    if not drop:
        return text, _Edits()
    report["spam_lines"] += spam
    report["boilerplate_lines"] += len(drop) - spam
    builder = _Builder(text)
    pos = 0
    for i, line in enumerate(header):
        if i in drop:
            builder.replace(pos, pos + len(line) + 1, "")
        pos += len(line) + 1
    pos = foot_start + 1
    for j, line in enumerate(footer):
        if first + 1 + j in drop:
            builder.replace(pos, min(pos + len(line) + 1, len(text)), "")
        pos += len(line) + 1
    out, edits = builder.finish()
    if out.endswith("\n") and not text.endswith("\n"):
        out = out[:-1]
    return out, edits


# --- the pipeline ---------------------------------------------------------------------------


def normalize_text(
    text: str, options: NormalizeOptions | None = None, *, offsets: bool = True
) -> Normalized:
    """Repair one document's text and convert it to simplified script.

    Returns a :class:`Normalized`: the text, a :class:`NormalizeReport` of what was fixed, and
    the offsets of every output character in ``text``. With ``offsets=False`` the offsets are
    not kept (``input_offset`` then fails) and the pass is faster. Idempotent: normalizing the
    result again changes nothing.
    """
    options = options or NormalizeOptions()
    counts: dict[str, int] = Counter()
    protect = _Protect()
    steps: list[_Edits] = []

    def run(enabled: bool, step: Callable[..., tuple[str, _Edits]], *args: Any) -> None:
        nonlocal text
        if not enabled:
            return
        text, edits = step(text, counts, *args)
        if edits:
            steps.append(edits)

    if _needs_repair_re().search(text):
        run(options.newlines, _step_newlines)
        run(options.mojibake, _step_mojibake)
        run(options.lost, _step_entities)
        run(options.lost, _step_lost)
        run(options.lost, _step_broken_entities)
        run(True, _step_characters, protect, options, offsets)
    run(options.whitespace, _step_whitespace, offsets)
    before = len(text)
    run(options.boilerplate, _step_boilerplate)
    if options.whitespace and len(text) != before:
        run(True, _step_whitespace, offsets)  # removed lines leave blank runs and newlines
    global _last_code_points
    _last_code_points = None  # not held on to between documents
    report = NormalizeReport(**{k: v for k, v in counts.items()})
    return Normalized(text=text, report=report, steps=tuple(steps) if offsets else None)


def options_without(*steps: str) -> NormalizeOptions:
    """Default options with the named steps switched off."""
    unknown = set(steps) - set(STEPS)
    if unknown:
        raise ValueError(f"unknown step(s): {', '.join(sorted(unknown))}")
    return replace(NormalizeOptions(), **dict.fromkeys(steps, False))
