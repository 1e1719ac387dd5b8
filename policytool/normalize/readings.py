"""Mandarin readings of characters and the phrase lexicon (pypinyin's tables), loaded lazily.

The annotation and lost-character steps ask: is ``reading`` a reading of this character (or
of its simplified form — the scraper read the simplified text)? Which character read
``reading`` fits between these two, by the phrases of the lexicon?

>>> is_reading("務", "wù"), is_reading("務", "fā")
(True, False)
"""

from __future__ import annotations

from collections import Counter
from functools import cache, lru_cache

from policytool.text.convert import simplify_char

__all__ = [
    "BY_READING",
    "KEEP_BY_READING",
    "char_frequency",
    "chars_by_reading",
    "from_lexicon",
    "is_reading",
    "pick",
    "readings",
    "syllables",
]


@cache
def readings() -> dict[str, frozenset[str]]:
    """Character → its Mandarin readings with tone marks (pypinyin's table)."""
    from pypinyin.pinyin_dict import pinyin_dict

    return {chr(code): frozenset(value.split(",")) for code, value in pinyin_dict.items()}


@cache
def syllables() -> frozenset[str]:
    """Every reading of every character: the syllables an annotation can spell."""
    return frozenset(r for values in readings().values() for r in values)


@cache
def chars_by_reading() -> dict[str, tuple[str, ...]]:
    """Reading → the characters read so."""
    by: dict[str, list[str]] = {}
    for char, values in readings().items():
        for reading in values:
            by.setdefault(reading, []).append(char)
    return {reading: tuple(chars) for reading, chars in by.items()}


@cache
def _lexicon() -> tuple[dict[tuple[str, str], Counter[str]], dict[tuple[str, str], Counter[str]]]:
    """From pypinyin's 47k phrases, two indexes over adjacent character pairs: (left char,
    reading of the right) → right chars, and (reading of the left, right char) → left chars."""
    from pypinyin.phrases_dict import phrases_dict

    after: dict[tuple[str, str], Counter[str]] = {}
    before: dict[tuple[str, str], Counter[str]] = {}
    for phrase, values in phrases_dict.items():
        if len(phrase) != len(values):
            continue
        for i in range(len(phrase) - 1):
            left, right = phrase[i], phrase[i + 1]
            for reading in values[i + 1]:
                after.setdefault((left, reading), Counter())[right] += 1
            for reading in values[i]:
                before.setdefault((reading, right), Counter())[left] += 1
    return after, before


@cache
def char_frequency() -> Counter[str]:
    """How many lexicon phrases each character occurs in."""
    from pypinyin.phrases_dict import phrases_dict

    return Counter(c for phrase in phrases_dict for c in phrase)


#: Readings that decide the simplified form of an ambiguous traditional character.
BY_READING = {
    ("著", "zhuó"): "着", ("著", "zhe"): "着", ("著", "zháo"): "着", ("著", "zhāo"): "着",
    ("乾", "gān"): "干", ("藉", "jiè"): "借", ("瞭", "liǎo"): "了", ("瞭", "le"): "了",
    ("瞭", "liào"): "瞭",
    ("徵", "zhēng"): "征",
}  # fmt: skip
#: Characters that keep their form when the reading says so; the converter must not touch them.
KEEP_BY_READING = {("著", "zhù"), ("乾", "qián"), ("藉", "jí"), ("瞭", "liào"), ("徵", "zhǐ")}


@lru_cache(maxsize=65536)
def is_reading(char: str, reading: str) -> bool:
    """Whether ``reading`` is a Mandarin reading of ``char`` or of its simplified form (the
    scraper read the simplified text: 績(jì) is 绩's reading)."""
    table = readings()
    if reading in table.get(char, ()) or (char, reading) in BY_READING:
        return True
    simple = simplify_char(char)
    return simple != char and reading in table.get(simple, ())


def from_lexicon(left: str, reading: str, right: str, among: set[str] | None = None) -> str | None:
    """The character read ``reading`` between ``left`` and ``right`` that the phrase lexicon
    supports, if one candidate stands out; None when none or several do."""
    after, before = _lexicon()
    left_s = simplify_char(left) if left else ""
    right_s = simplify_char(right) if right else ""
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


def pick(candidates: list[str], left: str, reading: str, right: str) -> str | None:
    """One of ``candidates`` (characters read ``reading``): the only one, or the one the phrase
    lexicon supports between ``left`` and ``right``."""
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        return None
    by_simple: dict[str, str] = {}
    for c in candidates:
        by_simple.setdefault(simplify_char(c), c)
    if len(by_simple) == 1:
        return next(iter(by_simple.values()))
    best = from_lexicon(left, reading, right, among=set(by_simple))
    if best is None:
        # The bytes already narrowed it to a few forms of one character (刱 剏 剙 創): the
        # one that phrases use is the one meant, if it clearly dominates.
        frequency = char_frequency()
        ranked = sorted(by_simple, key=lambda c: frequency[c], reverse=True)
        if frequency[ranked[0]] > 0 and frequency[ranked[0]] >= 3 * frequency[ranked[1]]:
            best = ranked[0]
    return by_simple.get(best) if best is not None else None
