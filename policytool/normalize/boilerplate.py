"""Page furniture and injected spam, removed from a page's header and footer on evidence only.

The body runs from the first line that ends a sentence to the last one, whatever their
length, and is never touched. In the header (before it) and the footer (after it) a line is
removed only when there is evidence that it is not the document's:

- it matches a furniture pattern of ``data/boilerplate.tsv`` (navigation and breadcrumbs,
  share, print and font buttons, copyright, ICP numbers, editor lines, 扫一扫 …);
- it is a site menu: a line of three or more menu words (新闻 首页 概况 …) with no
  punctuation and no word of a title;
- it follows a list marker of the footer (相关新闻, 推荐资讯, ``政策解读 更多``): the list of
  other pages' headlines;
- it is injected spam: three or more distinct spam keywords, no sentence.

Buttons inside a line that holds more (``发布时间：2019-05-20【字体：大 中 小】【打印】``) are
cut out and the rest is kept. Nothing else is removed: no length rule, so tables, appendices,
attachment titles, signatures, dates, joint issuers and editorial notes all stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from policytool.data import read_table
from policytool.normalize.basic import tidy
from policytool.normalize.offsets import Builder
from policytool.normalize.pipeline import Pass
from policytool.text.layout import body_bounds, is_sentence

__all__ = ["Zones", "boilerplate", "furniture", "page_zones"]


@dataclass(frozen=True)
class _Patterns:
    navigation: re.Pattern[str]
    footer: re.Pattern[str]
    marker: re.Pattern[str]
    inline: re.Pattern[str]
    menu: re.Pattern[str]
    spam: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    by_kind: dict[str, list[str]] = {}
    for row in read_table("boilerplate.tsv"):
        by_kind.setdefault(row["kind"], []).append(row["pattern"])

    def alternation(kind: str, literal: bool = False) -> re.Pattern[str]:
        parts = by_kind.get(kind, [])
        return re.compile("|".join(re.escape(p) if literal else f"(?:{p})" for p in parts))

    return _Patterns(
        navigation=alternation("navigation"),
        footer=alternation("footer"),
        marker=alternation("list-marker"),
        inline=alternation("inline"),
        menu=alternation("menu-word", literal=True),
        spam=alternation("spam", literal=True),
    )


_TITLE_WORDS = re.compile(r"关于|通知|意见|办法|方案|决定|规定|公告|通告|条例|实施|印发")
_LIST_PUNCTUATION = re.compile(r"[，。、；：,:;]")


@dataclass(frozen=True)
class Zones:
    """Where a page's body starts and ends: ``text[:head_end]`` is the header (whole lines),
    ``text[foot_start:]`` the footer (from the newline after the body's last line)."""

    head_end: int
    foot_start: int


def page_zones(text: str) -> Zones | None:
    """The header and footer of ``text``, or None when no line ends a sentence (then there is
    no body to tell them from, and nothing is removed)."""
    bounds = body_bounds(text)
    if bounds is None:
        return None
    head_end, foot_start = bounds
    return Zones(head_end=head_end, foot_start=foot_start)


def _distinct_hits(pattern: re.Pattern[str], line: str) -> int:
    return len(set(pattern.findall(line)))


def furniture(line: str, zone: str, has_words: bool = True) -> str | None:
    """Why ``line`` (stripped) of the ``header`` or ``footer`` is page furniture — the name of
    the rule: ``spam``, ``navigation``, ``menu``, ``footer``, ``list-marker`` — or None.
    ``has_words`` false says the line holds no spam or menu word (known from a scan of the
    whole header).

    >>> furniture("当前位置：首页 > 政策", "header"), furniture("国务院办公厅", "footer")
    ('navigation', None)
    """
    patterns = _patterns()
    if zone == "header":
        if (
            has_words
            and _distinct_hits(patterns.spam, line) >= 3
            and not is_sentence(line)
        ):
            return "spam"
        if patterns.navigation.match(line):
            return "navigation"
        if (
            has_words
            and len(line) >= 12
            and not _TITLE_WORDS.search(line)
            and not _LIST_PUNCTUATION.search(line)
            and _distinct_hits(patterns.menu, line) >= 3
        ):
            return "menu"
        return None
    if patterns.marker.match(line):
        return "list-marker"
    if patterns.footer.match(line):
        return "footer"
    return None


@cache
def _words() -> re.Pattern[str]:
    patterns = _patterns()
    return re.compile(f"{patterns.spam.pattern}|{patterns.menu.pattern}")


def _worded_lines(text: str, start: int, stop: int) -> set[int]:
    """The starts of the lines of ``text[start:stop]`` holding a spam or menu word."""
    found: set[int] = set()
    for m in _words().finditer(text, start, stop):
        found.add(max(text.rfind("\n", start, m.start()) + 1, start))
    return found


def boilerplate(p: Pass) -> None:
    """Remove the header's and footer's furniture (see the module's docstring)."""
    text = p.text
    zones = page_zones(text)
    if zones is None:
        return
    patterns = _patterns()
    builder = Builder(text)
    dropped = spam = 0
    listing = False
    regions = (("header", 0, zones.head_end), ("footer", zones.foot_start, len(text)))
    for zone, start, stop in regions:
        # One scan of the header for the words spam and menu lines are made of: the lines
        # with none are spared two look-ups each.
        worded = _worded_lines(text, start, stop) if zone == "header" else set()
        pos = start
        while pos < stop:
            end = text.find("\n", pos, stop)
            end = stop if end < 0 else end
            raw = text[pos:end]
            line = raw.strip()
            # A line goes with its newline (the text's last line has none: the newline left
            # before it is tidied away below).
            cut_start, cut_end = pos, min(end + 1, len(text))
            if line:
                rule = (
                    "list-item"
                    if listing and zone == "footer"
                    else furniture(line, zone, pos in worded)
                )
                if rule is not None:
                    builder.replace(cut_start, cut_end, "")
                    if rule == "spam":
                        spam += 1
                    else:
                        dropped += 1
                    listing = listing or rule == "list-marker"
                elif ("【" in raw or "[" in raw or "字" in raw) and patterns.inline.search(raw):
                    # (every button pattern holds one of those three: the test spares most
                    # lines a regex search)
                    kept = patterns.inline.sub("", raw)
                    if not kept.strip():
                        builder.replace(cut_start, cut_end, "")
                        dropped += 1
                    else:
                        for m in patterns.inline.finditer(raw):
                            builder.replace(pos + m.start(), pos + m.end(), "")
            pos = end + 1
    out, edits = builder.finish()
    if not edits:
        return
    p.count("boilerplate_lines", dropped)
    p.count("spam_lines", spam)
    p.replaced(out, edits)
    tidy(p)  # the lines removed leave blank runs and newlines at the ends
