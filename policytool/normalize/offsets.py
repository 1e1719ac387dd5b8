"""Offsets through normalization: each step's edits, and the way back to the text as loaded.

A step that changes a text's length records its replacements as an :class:`Edits` (spans of
output and input); a step that changes characters one for one records nothing, since offsets
do not move. Composing the steps' edits, last first, maps any output offset back to the input
(:func:`to_input`). The same spans, with the text before and after, are the explain records
(:class:`Edit`).

>>> builder = Builder("國務(wù)院")
>>> builder.replace(2, 6, "")
>>> text, edits = builder.finish()
>>> text, edits.to_input(2), list(edits.spans())
('國務院', 6, [(2, 2, 2, 6)])
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from policytool.normalize.registry import EDIT_COLUMNS

__all__ = ["Builder", "Chain", "Deletions", "Edit", "Edits", "chain", "sub", "to_input"]


@dataclass(frozen=True)
class Edit:
    """One change a step made: ``text[start:end]`` of the text as loaded (the span the change
    covers there) held ``before`` when the step ran, and holds ``after`` since."""

    COLUMNS: ClassVar[tuple[str, ...]] = EDIT_COLUMNS

    step: str
    start: int
    end: int
    before: str
    after: str

    def to_record(self, doc: str) -> dict[str, Any]:
        return {
            "doc": doc, "step": self.step, "start": self.start, "end": self.end,
            "before": self.before, "after": self.after,
        }  # fmt: skip


@dataclass(frozen=True)
class Edits:
    """One step's changes: replaced spans as (out_start, out_end, in_start, in_end), sorted;
    text outside them is copied, shifted."""

    spans_: tuple[tuple[int, int, int, int], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.spans_)

    def to_input(self, i: int) -> int:
        k = bisect_right(self._starts, i) - 1
        if k < 0:
            return i
        out_start, out_end, in_start, in_end = self.spans_[k]
        if i < out_end:
            return in_start + min(i - out_start, max(in_end - in_start - 1, 0))
        return in_end + (i - out_end)

    def spans(self) -> Iterator[tuple[int, int, int, int]]:
        """``(out_start, out_end, in_start, in_end)`` of every replacement, in order."""
        return iter(self.spans_)

    @property
    def _starts(self) -> list[int]:
        starts = self.__dict__.get("_starts_cache")
        if starts is None:
            starts = [s[0] for s in self.spans_]
            object.__setattr__(self, "_starts_cache", starts)
        return starts


@dataclass(frozen=True)
class Deletions(Edits):
    """Spans deleted from the input: ``at[k]`` is where the k-th left a gap in the output,
    ``removed[k]`` how many characters the first k+1 removed."""

    at: Sequence[int] = field(default_factory=list)
    removed: Sequence[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(len(self.at))

    def to_input(self, i: int) -> int:
        k = bisect_right(self.at, i)
        return i + self.removed[k - 1] if k else i

    def spans(self) -> Iterator[tuple[int, int, int, int]]:
        before = 0
        for at, removed in zip(self.at, self.removed, strict=True):
            yield at, at, at + before, at + removed
            before = removed


@dataclass(frozen=True)
class Chain(Edits):
    """Several edit lists applied one after the other, as one."""

    parts: tuple[Edits, ...] = ()

    def __bool__(self) -> bool:
        return any(self.parts)

    def to_input(self, i: int) -> int:
        for edits in reversed(self.parts):
            i = edits.to_input(i)
        return i

    def spans(self) -> Iterator[tuple[int, int, int, int]]:
        raise TypeError("a chain of edits has no single list of spans; explain its parts")


def chain(parts: Sequence[Edits]) -> Edits:
    """The edits of ``parts`` applied in order, as one (the empty ones left out)."""
    kept = [p for p in parts if p]
    if not kept:
        return Edits()
    return kept[0] if len(kept) == 1 else Chain(parts=tuple(kept))


def to_input(maps: Sequence[Edits], i: int) -> int:
    """Output offset ``i`` after every step of ``maps`` (in the order they ran), as an offset
    into the text before the first."""
    for edits in reversed(maps):
        i = edits.to_input(i)
    return i


class Builder:
    """Builds a step's output from copied text and replacements, recording the edits."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.parts: list[str] = []
        self.spans: list[tuple[int, int, int, int]] = []
        self.pos = 0  # input position copied up to
        self.out = 0  # output length so far

    def replace(self, start: int, end: int, new: str) -> None:
        """Replace ``text[start:end]`` by ``new``; a span that overlaps one already replaced
        is left alone."""
        if start < self.pos:
            return
        self.parts.append(self.text[self.pos : start])
        self.out += start - self.pos
        self.parts.append(new)
        if new != self.text[start:end]:
            self.spans.append((self.out, self.out + len(new), start, end))
        self.out += len(new)
        self.pos = end

    def finish(self) -> tuple[str, Edits]:
        self.parts.append(self.text[self.pos :])
        return "".join(self.parts), Edits(tuple(self.spans))


def sub(
    text: str, pattern: re.Pattern[str], func: Callable[[re.Match[str]], str | None]
) -> tuple[str, Edits, int]:
    """``pattern.sub`` with edits recorded; ``func`` returns None to keep a match. Returns the
    text, the edits and how many matches were replaced."""
    builder = Builder(text)
    count = 0
    for m in pattern.finditer(text):
        new = func(m)
        if new is not None:
            builder.replace(m.start(), m.end(), new)
            count += 1
    if not count:
        return text, Edits(), 0
    out, edits = builder.finish()
    return out, edits, count
