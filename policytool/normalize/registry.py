"""The table of normalize's steps: names, order, ``--keep-X`` switches, counters and docs.

One table gives them all, so that the order the steps run in, the switches that turn them
off, the report's columns and the documentation cannot disagree. It is data only (no step is
imported here): the command line builds its options and report columns from it without
loading a scanner. :mod:`policytool.normalize.pipeline` binds each name to its function.

>>> STEPS[:3]
('newlines', 'entities', 'mojibake')
>>> REPORT_COLUMNS[:4]
('doc', 'encoding', 'newlines', 'entities')
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "COUNTERS", "EDIT_COLUMNS", "REPORT_COLUMNS", "STEPS", "STEP_TABLE", "StepInfo", "step_info",
]  # fmt: skip


@dataclass(frozen=True)
class StepInfo:
    """One step of the pipeline: its name, what its counters count, what ``--keep-NAME``
    keeps, and one line of documentation."""

    name: str
    counters: tuple[str, ...]
    keep: str
    doc: str
    #: Needs what the whole run holds (site boilerplate): off unless the run asks for it.
    corpus: bool = False


STEP_TABLE: tuple[StepInfo, ...] = (
    StepInfo(
        "newlines",
        ("newlines",),
        "Keep CR line ends and zero-width characters.",
        "CRLF and CR to LF; zero-width spaces, joiners and BOMs inside the text removed.",
    ),
    StepInfo(
        "entities",
        ("entities",),
        "Leave HTML entities (&ldquo; &#37329;) undecoded.",
        "HTML entities decoded: named, decimal and hexadecimal (`&ldquo;`, `&#37329;`), and "
        "the broken forms scraped pages carry: a name without its `;` (`&rdquo`) or with one "
        "letter lost (`&bsp;`), where the name is unambiguous.",
    ),
    StepInfo(
        "mojibake",
        ("mojibake",),
        "Leave UTF-8 read as cp1252/latin-1 (å›½…) as it is.",
        "UTF-8 that was read as cp1252 or latin-1 (`å›½åŠ¡é™¢`) decoded right; only sequences "
        "that decode to Chinese characters or punctuation, so `Café` stays.",
    ),
    StepInfo(
        "lost",
        ("recovered", "lost"),
        "Leave ?chuàng) artifacts, ? for lost spaces and broken entities (?rdquo;) as they are.",
        "What a lossy GBK round trip lost: `?py)` straddles re-synchronised at the byte level "
        "(the stretch the decoder read out of step decoded again), lost characters recovered "
        "by their reading and the phrase lexicon where that decides, `?` that stood for a "
        "space (NBSP) restored, `?rdquo;` entities repaired; a character that cannot be "
        "recovered becomes U+FFFD, never a guess.",
    ),
    StepInfo(
        "annotations",
        ("annotations",),
        "Leave pinyin annotations after characters (國務(wù)院) in the text.",
        "Pinyin after characters removed when it is a reading of the character and the page "
        "is annotated (density ≥ 5%, or ≥ 10 readings); the reading picks 着/著, 干/乾, 借/藉, "
        "了/瞭, 征/徵. `附件(a)`, `PPP(ppp)`, `单位(万元)` are never touched.",
    ),
    StepInfo(
        "script",
        ("converted",),
        "Keep traditional characters (no conversion to simplified).",
        "Traditional → simplified with OpenCC's dictionaries (TW and HK variants reversed "
        "first, no phrase rewriting: 建立健全 stays); 於 after a character is 于. Only the "
        "lines that hold a traditional-only character are converted.",
    ),
    StepInfo(
        "width",
        ("width_folded",),
        "Keep full-width digits and Latin letters.",
        "Full-width digits and Latin letters → ASCII; Chinese punctuation, ①, ㈠ kept.",
    ),
    StepInfo(
        "whitespace",
        ("whitespace",),
        "Keep indentation, NBSP and blank-line runs.",
        "`????` runs and NBSP/U+3000/space indentation at line starts removed; NBSP → space; "
        "trailing spaces removed; runs of blank lines → one.",
    ),
    StepInfo(
        "boilerplate",
        ("boilerplate_lines", "spam_lines"),
        "Keep navigation, footer and spam lines.",
        "Page furniture removed on evidence only: a line of the header or footer that matches "
        "a pattern of `data/boilerplate.tsv` (navigation, share and print buttons, copyright, "
        "ICP, editor lines, 扫一扫), the items after a list marker of the footer (相关新闻, "
        "`X 更多`), injected spam lines. Never the body, a table row, an attachment, a "
        "signature, a date, a joint-issuer line or an editorial note.",
    ),
    StepInfo(
        "site",
        ("site_lines",),
        "Keep header and footer lines repeated across the run's pages.",
        "With `--site-boilerplate`: header and footer lines that many documents of the run "
        "share (at least 3 and 2% of them, counted across the run, CCNet-style) removed — "
        "never a line that could be a document's own (an organ, a date or number, a label, "
        "an article, a title word, a table row, an attachment).",
        corpus=True,
    ),
)

STEPS: tuple[str, ...] = tuple(step.name for step in STEP_TABLE)
COUNTERS: tuple[str, ...] = tuple(c for step in STEP_TABLE for c in step.counters)
#: The columns of ``normalize --report``.
REPORT_COLUMNS: tuple[str, ...] = ("doc", "encoding", *COUNTERS)
#: The columns of ``normalize --explain``: one record per edit.
EDIT_COLUMNS: tuple[str, ...] = ("doc", "step", "start", "end", "before", "after")


def step_info(name: str) -> StepInfo:
    """The table's row for ``name``; raises ``ValueError`` for an unknown step."""
    for step in STEP_TABLE:
        if step.name == name:
            return step
    raise ValueError(f"unknown step {name!r}; the steps are {', '.join(STEPS)}")
