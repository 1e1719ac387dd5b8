"""Repair scraped policy text and convert it to simplified script, keeping offsets.

``normalize_text(text)`` runs the steps of :data:`STEPS` in order — one table
(:mod:`policytool.normalize.registry`) gives their names, order, ``--keep-X`` switches,
counters and documentation:

1. ``newlines`` — CRLF/CR to LF; zero-width characters removed.
2. ``entities`` — HTML entities decoded, the broken forms of scraped pages included.
3. ``mojibake`` — UTF-8 that was read as cp1252/latin-1 (``å›½åŠ¡é™¢``) decoded right.
4. ``lost`` — what a lossy GBK round trip lost: ``?py)`` straddles re-synchronised at the
   byte level, lost characters recovered by their reading, broken entities (``?rdquo;``);
   what cannot be recovered becomes one U+FFFD per lost character, counted.
5. ``annotations`` — pinyin after characters (``國務(wù)院``) removed where it is a real
   annotation. ``附件(a)``, ``PPP(ppp)``, ``单位(万元)`` are never touched.
6. ``script`` — traditional to simplified with OpenCC's dictionaries (no phrase rewriting).
7. ``width`` — full-width digits and Latin letters to ASCII; Chinese punctuation kept.
8. ``whitespace`` — indentation, NBSP, trailing spaces and blank-line runs.
9. ``boilerplate`` — page furniture and spam lines, on evidence only, in the header and
   footer: never the body.
10. ``site`` — with the run's shared lines given (``site_lines``), the header and footer
    lines many documents share, where they can be nothing of a document's own.

Every output character maps back to an offset in the input (:meth:`Normalized.input_offset`),
and with ``explain=True`` every change is an :class:`Edit` record (step, span in the input,
before, after).

>>> result = normalize_text("????國務(wù)院辦公廳關(guān)於…")
>>> result.text, result.report.annotations, result.input_offset(1)
('国务院办公厅关于…', 2, 5)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from functools import cache
from typing import Any, ClassVar

from policytool.normalize import basic, boilerplate, entities, lost, mojibake, pinyin, script, site
from policytool.normalize.offsets import Edit, Edits, to_input
from policytool.normalize.pipeline import Pass, StepFunction, run_steps
from policytool.normalize.registry import COUNTERS, REPORT_COLUMNS, STEPS
from policytool.text.convert import to_simplified

__all__ = [
    "LOST",
    "STEPS",
    "Edit",
    "NormalizeOptions",
    "NormalizeReport",
    "Normalized",
    "normalize_text",
    "options_without",
    "to_simplified",
]

LOST = lost.LOST

#: Each step of the registry, bound to the function that does it.
FUNCTIONS: dict[str, StepFunction] = {
    "newlines": basic.newlines,
    "entities": entities.entities,
    "mojibake": mojibake.mojibake,
    "lost": lost.lost,
    "annotations": pinyin.remove_annotations,
    "script": script.script,
    "width": basic.width,
    "whitespace": basic.whitespace,
    "boilerplate": boilerplate.boilerplate,
    "site": site.site,
}
if tuple(FUNCTIONS) != STEPS:  # pragma: no cover - caught by any test run
    raise ImportError("normalize's functions and its registry list different steps")


@dataclass(frozen=True)
class NormalizeOptions:
    """Which steps run: one frozen object shared by the library and the CLI."""

    newlines: bool = True
    entities: bool = True
    mojibake: bool = True
    lost: bool = True
    annotations: bool = True
    script: bool = True
    width: bool = True
    whitespace: bool = True
    boilerplate: bool = True
    site: bool = True  # runs only when the run's site lines are given

    def steps(self) -> list[tuple[str, StepFunction]]:
        """The steps that run, in order, with their functions."""
        return [(name, FUNCTIONS[name]) for name in STEPS if getattr(self, name)]


@dataclass(frozen=True)
class NormalizeReport:
    """What was fixed in one document, and how often: one counter per column of the
    registry's steps."""

    COLUMNS: ClassVar[tuple[str, ...]] = REPORT_COLUMNS

    newlines: int = 0  # CR line ends and zero-width characters
    entities: int = 0  # HTML entities decoded, broken ones included
    mojibake: int = 0  # characters repaired
    recovered: int = 0  # lost characters (and lost spaces) recovered
    lost: int = 0  # lost characters marked with U+FFFD
    annotations: int = 0  # pinyin annotations removed
    converted: int = 0  # characters changed by traditional → simplified
    width_folded: int = 0
    whitespace: int = 0  # indentation runs, NBSP, blank lines and the like removed
    boilerplate_lines: int = 0
    spam_lines: int = 0
    site_lines: int = 0  # header and footer lines many documents of the run share

    def to_record(self, doc: str, encoding: str = "") -> dict[str, Any]:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {"doc": doc, "encoding": encoding, **values}

    @property
    def edited(self) -> bool:
        """Whether any step changed the document."""
        return any(getattr(self, f.name) for f in fields(self))


if tuple(f.name for f in fields(NormalizeOptions)) != STEPS or (
    tuple(f.name for f in fields(NormalizeReport)) != COUNTERS
):  # pragma: no cover - caught by any test run
    raise ImportError("normalize's options or report disagree with its registry")


@dataclass(frozen=True)
class Normalized:
    """The normalized text, what was fixed, the way back to input offsets, and (when asked)
    every edit."""

    text: str
    report: NormalizeReport
    steps: tuple[Edits, ...] | None = field(default=(), repr=False)
    edits: tuple[Edit, ...] | None = field(default=None, repr=False)

    def input_offset(self, i: int) -> int:
        """The input offset of output character ``i`` (``len(text)`` maps to the input end)."""
        if self.steps is None:
            raise ValueError("offsets were not kept: call normalize_text(..., offsets=True)")
        return to_input(self.steps, i)

    def offsets(self) -> list[int]:
        """The input offset of every output character."""
        return [self.input_offset(i) for i in range(len(self.text))]

    def input_span(self, start: int, end: int) -> tuple[int, int]:
        """The input span of output ``text[start:end]``."""
        if end <= start:
            at = self.input_offset(start)
            return at, at
        return self.input_offset(start), self.input_offset(end - 1) + 1


def normalize_text(
    text: str,
    options: NormalizeOptions | None = None,
    *,
    offsets: bool = True,
    explain: bool = False,
    site_lines: frozenset[int] | None = None,
) -> Normalized:
    """Repair one document's text and convert it to simplified script.

    Returns a :class:`Normalized`: the text, a :class:`NormalizeReport` of what was fixed, and
    the offsets of every output character in ``text``. With ``offsets=False`` the offsets are
    not kept (``input_offset`` then fails) and the pass is faster; with ``explain=True`` every
    change is returned as an :class:`Edit` in ``edits``. ``site_lines`` are the keys of the
    header and footer lines the run's documents share (:class:`~policytool.normalize.site.
    SiteLines`): the ``site`` step removes them. Idempotent: normalizing the result again
    changes nothing.
    """
    options = options or NormalizeOptions()
    p = Pass(text, offsets=offsets, explain=explain)
    p.context = site_lines
    steps = options.steps()
    if not _needs_repair(text):
        steps = [(name, func) for name, func in steps if name not in _REPAIR_STEPS]
        p.unclean = False
    run_steps(p, steps)
    report = NormalizeReport(**p.counts)
    return Normalized(
        text=p.text,
        report=report,
        steps=tuple(p.maps) if p.track else None,
        edits=tuple(p.edits) if explain else None,
    )


#: The steps that look for characters a clean simplified text does not hold.
_REPAIR_STEPS = frozenset(STEPS[: STEPS.index("whitespace")])


def _needs_repair(text: str) -> bool:
    """One character class holding every character a repair step looks for (CR, zero-width,
    latin-1 letters, tone marks, ``&`` and ``?``, full-width letters and digits, traditional
    characters): a clean simplified text is scanned once, at bitmap speed, and skips them."""
    return _needs_repair_re().search(text) is not None


@cache
def _needs_repair_re() -> re.Pattern[str]:
    traditional = script.traditional_re().pattern[1:-1]
    return re.compile(
        "[\r\u200b\u200c\u200d\u2060\ufeff\u00c0-\u00ff&?\u2000-\u200a\u202f\u205f"
        "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
        f"{traditional}]"
    )


def options_without(*steps: str) -> NormalizeOptions:
    """Default options with the named steps switched off."""
    unknown = set(steps) - set(STEPS)
    if unknown:
        raise ValueError(f"unknown step(s): {', '.join(sorted(unknown))}")
    return replace(NormalizeOptions(), **dict.fromkeys(steps, False))
