"""Decode again, in step, the stretch a lossy GBK decoder read out of step.

The content farms' transcoder (:mod:`policytool.normalize.damage`) reads GBK byte pairs; where
an inserted reading split a character's bytes (a straddle: ``X?py)``) it turns the lead byte
and the ``(`` into ``?`` and then reads the page one byte off: each pair it decodes is the last
byte of one character and the first of the next. Every byte it read is still there, in the
characters it produced, but for the two bytes of each ``?``. :func:`decode_stretch` finds the
reading of the bytes that makes the most sense, by dynamic programming over the decoder's two
states:

- **in step**: each character is the text's own; a ``?`` is a ``?``, a lost character with its
  reading (``?chuàng)``), or a straddle, after which the decoder is out of step;
- **out of step**, waiting for the last byte of a character whose first byte is known (one of
  a few, at a straddle): a decoded pair gives that byte and the next character's first (or a
  one-byte character, back in step); a letter is that last byte (back in step); a ``?`` stands
  for it and the byte after it — an ASCII byte lost (``(`` when a reading follows, which then
  picks the character; ``&`` when an entity name follows), back in step; or the first byte of
  the next character, when the pair was one GBK leaves unassigned, still out of step.

Each reading is scored by how common its characters are (pypinyin's phrase lexicon: a
character's count of phrases, and phrase bigrams) and whether readings in brackets follow
characters they belong to; the best path is kept. A character known only by one of its bytes
is decided by its reading, or by the lexicon on both sides where exactly one candidate fits;
else it is U+FFFD.
"""

from __future__ import annotations

import heapq
import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from policytool.normalize.gbk import char_bytes, chars_of_lead, key_trails, pair_char
from policytool.normalize.readings import (
    char_frequency,
    chars_by_reading,
    from_lexicon,
    is_reading,
    syllables,
)
from policytool.text.convert import simplify_char
from policytool.text.patterns import TONED

__all__ = ["LOST", "Stretch", "decode_stretch"]

LOST = "\ufffd"

_READING_AFTER = re.compile(rf"([{TONED}]{{1,6}})\)")
_ENTITY_AFTER = re.compile(
    r"(rdquo|ldquo|rsquo|lsquo|mdash|ndash|nbsp|hellip|middot|quot|amp|lt|gt|bull|times);"
)
_ALL_LEADS = tuple(range(0x81, 0xFF))
#: A stretch is given up (left as it is) past this many characters.
_LIMIT = 3000

# Costs: how unlikely a piece of a reading is as text (negative log probabilities, roughly).
_UNKNOWN = 3.0  # a character known only by one byte, over its likeliest candidate
_BIGRAM = 1.5  # taken off for two characters in a row that a lexicon phrase holds
_MISPLACED = 5.0  # a reading in brackets after a character it is not a reading of
_FITTING = 0.5  # a reading in brackets after its character: what the page is full of
_BEAM = 12.0  # how far above the best reading at a place another is still followed
_PUNCTUATION = frozenset("，。、；：？！“”‘’（）《》〈〉【】—…·「」『』〔〕")


@dataclass(frozen=True)
class Stretch:
    """What ``text[start:end]`` becomes, with what was recovered and lost in it."""

    end: int
    text: str
    recovered: int = 0
    lost: int = 0
    entities: int = 0


@dataclass(frozen=True)
class _Slot:
    """A character known only in part: its candidates (and the reading that chose them)."""

    candidates: tuple[str, ...]
    reading: str | None = None
    #: Its last byte and the next character's first made a pair GBK leaves unassigned.
    unassigned_next: bool = False


@dataclass(frozen=True)
class _Entity:
    """An entity whose & the decoder swallowed, decoded."""

    value: str


@dataclass(frozen=True)
class _Kept:
    """Text kept as it stands at a fixed cost (a reading after its character)."""

    text: str


_Piece = str | _Slot | _Entity | _Kept
_IN = ("in", ())


@cache
def _bigrams() -> frozenset[str]:
    from pypinyin.phrases_dict import phrases_dict

    return frozenset(phrase[i : i + 2] for phrase in phrases_dict for i in range(len(phrase) - 1))


@cache
def _total_frequency() -> float:
    frequency = char_frequency()
    return float(sum(frequency.values()) + len(frequency))


@lru_cache(maxsize=65536)
def _char_cost(char: str) -> float:
    """How unlikely ``char`` is in a page's text: for a Han character, from its count of
    lexicon phrases; ASCII letters, brackets and symbols (what misreadings produce) cost
    much."""
    if "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff":
        return -math.log((char_frequency()[simplify_char(char)] + 1) / _total_frequency())
    if char in _PUNCTUATION:
        return 3.5
    if char.isascii():
        if char.isdigit():
            return 6.0
        if char in " \n\t":
            return 4.0
        return 10.0 if char == "?" else 8.0
    return 12.0


def _bonus(left: str, right: str) -> float:
    if not left or not right:
        return 0.0
    return _BIGRAM if simplify_char(left) + simplify_char(right) in _bigrams() else 0.0


@lru_cache(maxsize=4096)
def _slot_cost(candidates: tuple[str, ...]) -> float:
    return min((_char_cost(c) for c in candidates), default=12.0)


def _piece_cost(piece: _Piece, last: str) -> tuple[float, str]:
    """A piece's cost after the character ``last``, and the piece's last character ("" when
    it is not known)."""
    if isinstance(piece, _Entity):
        return 3.5, piece.value
    if isinstance(piece, _Kept):
        return 0.0, last
    if isinstance(piece, _Slot):
        if len(piece.candidates) == 1:
            char = piece.candidates[0]
            return _char_cost(char) - _bonus(last, char), char
        penalty = 1.0 if piece.reading and len(piece.candidates) <= 4 else _UNKNOWN
        return _slot_cost(piece.candidates) + penalty, ""
    cost = 0.0
    for char in piece:
        cost += _char_cost(char) - _bonus(last, char)
        last = char
    return cost, last


@lru_cache(maxsize=65536)
def _with_lead(leads: tuple[int, ...], trail: int) -> tuple[str, ...]:
    return tuple(c for lead in leads if (c := pair_char(lead, trail)) is not None)


@lru_cache(maxsize=4096)
def _of_leads(leads: tuple[int, ...], reading: str | None) -> tuple[str, ...]:
    """The characters whose first byte is one of ``leads`` (and read ``reading``)."""
    if reading is not None:
        lead_set = set(leads)
        return tuple(
            c
            for c in chars_by_reading().get(reading, ())
            if (data := char_bytes(c)) is not None and data[0] in lead_set
        )
    # The lost last byte served the decoder as a first byte: it is 0x81 or above.
    return tuple(c for lead in leads for c in chars_of_lead(lead) if c.encode("gbk")[1] >= 0x81)


def _expand(
    text: str, j: int, state: tuple[str, tuple[int, ...]], last: str
) -> list[tuple[int, tuple[str, tuple[int, ...]], tuple[_Piece, ...], float]]:
    """Every way the decoder could have read ``text[j:]`` from ``state``: (next position, next
    state, the pieces of text it stands for, a score adjustment)."""
    char = text[j]
    out: list[tuple[int, tuple[str, tuple[int, ...]], tuple[_Piece, ...], float]] = []
    mode, carry = state
    after = text[j + 1 : j + 16]
    if mode == "in":
        if char == "?":
            out.append((j + 1, _IN, ("?",), 0.0))
            m = _READING_AFTER.match(after)
            if m is not None and m.group(1) in syllables():
                reading, end = m.group(1), j + 1 + m.end()
                out.append((end, _IN, (_Slot(chars_by_reading()[reading], reading),), 1.0))
                data = char_bytes(last) if last else None
                if data is not None:
                    leads = tuple(sorted(b for b in key_trails(reading, data[1]) if b >= 0x81))
                    if leads:
                        out.append((end, ("out", leads), (), 0.5))
            e = _ENTITY_AFTER.match(after)
            if e is not None:
                entity = _Entity(_entity(e.group(1)))
                out.append((j + 1 + e.end(), _IN, (_Slot(()), entity), 1.0))
            return out
        if char in "(（":
            m = _READING_AFTER.match(after)
            if m is not None and m.group(1) in syllables():
                annotation = text[j : j + 1 + m.end()]
                # A reading after the character it belongs to holds the decoder's reading up;
                # one after anything else says the decoder was off.
                if last and is_reading(last, m.group(1)):
                    out.append((j + len(annotation), _IN, (_Kept(annotation),), _FITTING))
                elif not last:
                    # After a character known in part: the reading will help decide it.
                    out.append((j + len(annotation), _IN, (_Kept(annotation),), _FITTING + 1))
                else:
                    out.append((j + len(annotation), _IN, (annotation,), _MISPLACED))
                return out
        out.append((j + 1, _IN, (char,), 0.0))
        return out
    code = ord(char)
    if char == "?":
        m = _READING_AFTER.match(after)
        if m is not None and m.group(1) in syllables():
            # The byte swallowed was the ( of this character's reading.
            reading = m.group(1)
            fits = _of_leads(carry, reading)
            if fits:
                out.append((j + 1 + m.end(), _IN, (_Slot(fits, reading),), 0.0))
        e = _ENTITY_AFTER.match(after)
        if e is not None:
            entity = _Entity(_entity(e.group(1)))
            out.append((j + 1 + e.end(), _IN, (_Slot(_of_leads(carry, None)), entity), 0.0))
        unknown = _Slot(_of_leads(carry, None))
        out.append((j + 1, _IN, (unknown,), 1.0))  # an ASCII byte lost with it
        unassigned = _Slot(unknown.candidates, unassigned_next=True)
        out.append((j + 1, ("out", _ALL_LEADS), (unassigned,), 1.0))  # an unassigned pair
        with_80 = _with_lead(carry, 0x80)
        if with_80:
            out.append((j + 1, _IN, (_Slot(with_80),), 2.0))
        return out
    if code < 0x80:
        if 0x40 <= code <= 0x7E and char not in "()":
            found = _with_lead(carry, code)
            if found:
                out.append((j + 1, _IN, (_Slot(found),), 0.0))
        return out
    data = char_bytes(char)
    if data is None:
        return out
    found = _with_lead(carry, data[0])
    if not found:
        return out
    if 0x40 <= data[1] <= 0x7E:
        out.append((j + 1, _IN, (_Slot(found), chr(data[1])), 0.0))
    elif data[1] >= 0x81:
        out.append((j + 1, ("out", (data[1],)), (_Slot(found),), 0.0))
    return out


@cache
def _entity(name: str) -> str:
    import html

    return html.unescape(f"&{name};")


#: A path of the search: (cost, the pieces of its last step, the path before, last char).
_Path = tuple[float, tuple[_Piece, ...], "_Path | None", str]


def _all_pieces(path: _Path) -> list[_Piece]:
    chunks: list[tuple[_Piece, ...]] = []
    node: _Path | None = path
    while node is not None:
        chunks.append(node[1])
        node = node[2]
    return [piece for chunk in reversed(chunks) for piece in chunk]


def decode_stretch(text: str, start: int, left: str) -> Stretch:
    """The best reading of ``text`` from the ``?`` of an artifact at ``start`` to where every
    reading is back in step (``left`` is the character before ``start``)."""
    frontier: dict[int, dict[tuple[str, tuple[int, ...]], _Path]] = {
        start: {_IN: (0.0, (), None, left)}
    }
    positions = [start]  # the frontier's positions, as a heap
    n = len(text)
    while positions:
        j = heapq.heappop(positions)
        states = frontier.pop(j)
        if len(states) > 1:
            # A reading that costs far more than the best one at the same place never catches
            # up (each character it reads wrong costs more again): dropped.
            bound = min(path[0] for path in states.values()) + _BEAM
            states = {key: path for key, path in states.items() if path[0] <= bound}
        if j > start and not frontier and len(states) == 1 and _IN in states:
            return _finish(text, start, j, states[_IN])
        if j >= n or j - start > _LIMIT:
            ins = [path for key, path in states.items() if key[0] != "out"]
            if ins and j - start <= _LIMIT:
                return _finish(text, start, j, min(ins))
            return Stretch(end=start, text="")  # nothing decided: left as it is
        char = text[j]
        for key, path in states.items():
            cost, _, _, last = path
            if key is _IN and char != "?" and char != "(" and char != "（":
                # The common case: in step, a character copied as it stands.
                added = _char_cost(char) - _bonus(last, char)
                _offer(frontier, positions, j + 1, _IN, (cost + added, (char,), path, char))
                continue
            for nj, nkey, pieces, delta in _expand(text, j, key, last):
                total, new_last = cost + delta, last
                for piece in pieces:
                    added, piece_last = _piece_cost(piece, new_last)
                    total += added
                    new_last = piece_last if piece_last or isinstance(piece, _Slot) else new_last
                _offer(frontier, positions, nj, nkey, (total, pieces, path, new_last))
    return Stretch(end=start, text="")


def _offer(
    frontier: dict[int, dict[tuple[str, tuple[int, ...]], _Path]],
    positions: list[int],
    at: int,
    key: tuple[str, tuple[int, ...]],
    path: _Path,
) -> None:
    """Keep ``path`` for state ``key`` at position ``at`` if it is the cheapest there."""
    slot = frontier.get(at)
    if slot is None:
        frontier[at] = {key: path}
        heapq.heappush(positions, at)
        return
    held = slot.get(key)
    if held is None or path[0] < held[0]:
        slot[key] = path


def _finish(text: str, start: int, end: int, path: _Path) -> Stretch:
    """The text of the best path, its slots decided by their neighbours."""
    items: list[str | _Slot] = []
    entities = 0
    for piece in _all_pieces(path):
        if isinstance(piece, _Entity):
            items.append(piece.value)
            entities += 1
        elif isinstance(piece, _Kept):
            items.extend(piece.text)
        elif isinstance(piece, _Slot):
            items.append(piece)
        else:
            items.extend(piece)
    # First the slots their own bytes and readings decide, then those that need a neighbour.
    decided: list[str | _Slot] = []
    for k, item in enumerate(items):
        if isinstance(item, _Slot):
            slot = _by_following_reading(item, [*items[k + 1 : k + 10], *text[end : end + 10]])
            alone = _decide(slot, "", "") if len(slot.candidates) == 1 or slot.reading else None
            decided.append(slot if alone is None else alone)
        else:
            decided.append(item)
    out: list[str] = []
    recovered = lost = 0
    for k, item in enumerate(decided):
        if isinstance(item, str):
            out.append(item)
            if isinstance(items[k], _Slot):
                recovered += 1
            continue
        following = decided[k + 1] if k + 1 < len(decided) else text[end : end + 1]
        right = following if isinstance(following, str) else ""
        if item.unassigned_next and right:
            item = _unassigned_before(item, right)
        left = out[-1] if out else (text[start - 1] if start else "")
        char = _decide(item, left, right)
        if char is None:
            out.append(LOST)
            lost += 1
        else:
            out.append(char)
            recovered += 1
    new = "".join(out)
    if new == text[start:end]:
        return Stretch(end=start, text="")  # read as it stands: nothing to repair
    return Stretch(end=end, text=new, recovered=recovered, lost=lost, entities=entities)


@lru_cache(maxsize=16384)
def _unassigned_with(candidates: tuple[str, ...], lead: int) -> tuple[str, ...]:
    """The candidates whose last byte and ``lead`` make no GBK character."""
    return tuple(c for c in candidates if pair_char(c.encode("gbk")[1], lead) is None)


def _unassigned_before(slot: _Slot, right: str) -> _Slot:
    """The candidates whose last byte makes no GBK character with ``right``'s first byte
    (that pair was one ``?``); decided, if one is far more common than the rest."""
    data = char_bytes(right)
    if data is None:
        return slot
    fits = _unassigned_with(slot.candidates, data[0])
    if not fits:
        return slot
    frequency = char_frequency()
    ranked = sorted(fits, key=lambda c: frequency[simplify_char(c)], reverse=True)
    if len(ranked) == 1 or (
        frequency[simplify_char(ranked[0])] >= 5 * max(frequency[simplify_char(ranked[1])], 1)
    ):
        return _Slot((ranked[0],))
    return _Slot(fits)


def _by_following_reading(slot: _Slot, following: list[str | _Slot]) -> _Slot:
    """A slot followed by a reading in brackets (its own: the page annotates that character)
    keeps only the candidates read so."""
    if slot.reading is not None or len(slot.candidates) < 2:
        return slot
    after = "".join(c if isinstance(c, str) else "\x00" for c in following)
    m = re.match(rf"[(（]([{TONED}]{{1,6}})[)）]", after)
    if m is None:
        return slot
    fits = tuple(c for c in slot.candidates if is_reading(c, m.group(1)))
    return _Slot(fits, m.group(1)) if fits else slot


@lru_cache(maxsize=4096)
def _forms(candidates: tuple[str, ...]) -> dict[str, str]:
    """Each simplified form among ``candidates`` → the first candidate of that form."""
    forms: dict[str, str] = {}
    for c in candidates:
        forms.setdefault(simplify_char(c), c)
    return forms


@cache
def _neighbours() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """From the lexicon's bigrams: character → what follows it, and → what precedes it."""
    after: dict[str, set[str]] = {}
    before: dict[str, set[str]] = {}
    for pair in _bigrams():
        after.setdefault(pair[0], set()).add(pair[1])
        before.setdefault(pair[1], set()).add(pair[0])
    return (
        {k: frozenset(v) for k, v in after.items()},
        {k: frozenset(v) for k, v in before.items()},
    )


def _decide(slot: _Slot, left: str, right: str) -> str | None:
    """A slot's character: its only candidate, the one its reading and the lexicon choose, or
    the one candidate the lexicon puts in a phrase with both neighbours; else None."""
    candidates = slot.candidates
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    forms = _forms(candidates)
    if len(forms) == 1:
        return candidates[0]
    if slot.reading is not None:
        found = from_lexicon(left, slot.reading, right, among=set(forms))
        if found is not None:
            return forms[found]
        # The reading and the byte left a few forms of one character (國 囯 囶 圀): the one
        # the lexicon's phrases use is the one meant, when it clearly dominates.
        frequency = char_frequency()
        ranked = sorted(forms, key=lambda c: frequency[c], reverse=True)
        top, second = frequency[ranked[0]], frequency[ranked[1]]
        if top > 0 and top >= 3 * second:
            return forms[ranked[0]]
        return None
    if not left or not right:
        return None
    after, before = _neighbours()
    both = after.get(simplify_char(left), frozenset()) & before.get(
        simplify_char(right), frozenset()
    )
    fitting = [c for c in both if c in forms]
    return forms[fitting[0]] if len(fitting) == 1 else None
