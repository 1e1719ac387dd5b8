"""The pass of one document through normalize's steps, in the order of the registry.

A :class:`Pass` holds the document's text as it goes (a string, or its code points when the
numpy steps work on it: the annotation, script and width steps share one array, decoded
once), the counters, and — when asked — the offset maps and the explain records. Each step
is a function ``step(p: Pass) -> None`` that reads ``p.text`` or ``p.codes()`` and hands back
its result through :meth:`Pass.replaced` (spans changed) or :meth:`Pass.same_length` (one
character for one), which is where the bookkeeping is done: a step never sees it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from policytool.normalize.offsets import Edit, Edits, to_input

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Pass", "StepFunction"]


class Pass:
    """One document on its way through the steps."""

    def __init__(self, text: str, *, offsets: bool = False, explain: bool = False) -> None:
        self._text: str | None = text
        self._codes: np.ndarray | None = None
        self.counts: Counter[str] = Counter()
        self.explain = explain
        self.track = offsets or explain  # keep the offset maps
        self.maps: list[Edits] = []
        self.edits: list[Edit] = []
        #: Positions (in the current text) whose character the script step must not convert:
        #: set by the annotation step (著 read zhù), used by the script step right after it.
        self.protect: list[int] = []
        #: What the run knows across documents (the site step's line counts), if anything.
        self.context: Any = None
        #: False when one scan found none of the characters the repair steps look for (a
        #: clean simplified text): later steps may skip scans for them too.
        self.unclean = True
        self.step = ""

    # --- the text, as a string or as code points -------------------------------------------

    @property
    def text(self) -> str:
        if self._text is None:
            assert self._codes is not None
            self._text = self._codes.tobytes().decode("utf-32-le", "surrogatepass")
        return self._text

    def codes(self) -> np.ndarray:
        """The current text's code points (uint32), encoded once per version of the text."""
        if self._codes is None:
            import numpy as np

            data = self.text.encode("utf-32-le", "surrogatepass")  # a JSONL text may hold one
            self._codes = np.frombuffer(data, dtype=np.uint32)
        return self._codes

    @property
    def has_codes(self) -> bool:
        """Whether the text is held as code points now (a numpy step ran last)."""
        return self._text is None

    # --- what a step hands back ------------------------------------------------------------

    def count(self, counter: str, n: int = 1) -> None:
        if n:
            self.counts[counter] += n

    def replaced(self, text: str | None, edits: Edits, codes: np.ndarray | None = None) -> None:
        """The step replaced the spans ``edits`` names: the new text is ``text`` (or the code
        points ``codes``)."""
        if not edits:
            return
        if self.explain:
            old = self.text
            new = text if text is not None else _decode(codes)
            for out_start, out_end, in_start, in_end in edits.spans():
                self._explain(in_start, in_end, old[in_start:in_end], new[out_start:out_end])
            text = new
        if self.track:
            self.maps.append(edits)
        self._set(text, codes)

    def same_length(self, text: str | None = None, codes: np.ndarray | None = None) -> None:
        """The step changed characters one for one: offsets stay, the explain records are
        the runs of changed characters."""
        if self.explain:
            self._explain_runs(text, codes)
        self._set(text, codes)

    def untracked(self, text: str) -> None:
        """A change that records nothing: only when neither offsets nor edits are kept."""
        assert not self.track, "a tracked pass must record its changes"
        self._set(text, None)

    def _set(self, text: str | None, codes: np.ndarray | None) -> None:
        if text is not None:
            self._text, self._codes = text, None
        else:
            self._text, self._codes = None, codes

    def _explain(self, in_start: int, in_end: int, before: str, after: str) -> None:
        start = to_input(self.maps, in_start)
        end = to_input(self.maps, in_end - 1) + 1 if in_end > in_start else start
        self.edits.append(Edit(self.step, start, end, before, after))

    def _explain_runs(self, text: str | None, codes: np.ndarray | None) -> None:
        import numpy as np

        old = self.codes()
        new = codes if codes is not None else np.frombuffer(
            (text or "").encode("utf-32-le", "surrogatepass"), dtype=np.uint32
        )
        if len(new) != len(old):
            raise ValueError(f"step {self.step} changed the length in a one-for-one change")
        changed = np.flatnonzero(old != new)
        if not changed.size:
            return
        # Runs of neighbouring changed characters are one record each.
        breaks = np.flatnonzero(np.diff(changed) > 1)
        starts = np.concatenate(([changed[0]], changed[breaks + 1]))
        ends = np.concatenate((changed[breaks], [changed[-1]])) + 1
        old_text, new_text = self.text, _decode(new)
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            self._explain(start, end, old_text[start:end], new_text[start:end])


def _decode(codes: np.ndarray | None) -> str:
    assert codes is not None
    return codes.tobytes().decode("utf-32-le", "surrogatepass")


StepFunction = Callable[[Pass], None]


def run_steps(p: Pass, steps: Sequence[tuple[str, StepFunction]]) -> None:
    """Run ``steps`` (name, function) over ``p`` in order."""
    for name, func in steps:
        p.step = name
        func(p)
