"""Site boilerplate: header and footer lines that many pages of one run share.

A site's menu bar, its slogan, its footer links repeat on every page it serves; the same
line in the header or footer of many documents of a run is evidence that it is the site's,
not the document's (CCNet dedups paragraphs across a crawl's shard the same way). Official
documents share lines too — an issuer (最高人民法院), a 主送 line, 第一条, 此复。, a label —
so a frequent line is removed only when it could be nothing of a document's own: no organ
name, no date or number, no label or sentence end, no article or chapter, no title word, no
table row, no attachment, no bracketed note.

Two passes: :func:`site_line_keys` of every normalized document, counted into
:class:`SiteLines` (:meth:`SiteLines.add`); then the ``site`` step drops, in each document,
the header and footer lines whose key the run holds often enough (``p.context``).

>>> lines = SiteLines()
>>> for _ in range(4):
...     lines.add(site_line_keys("青岛新闻网 新闻中心 城市频道\\n正文第一句。\\n国务院办公厅"))
>>> lines.frequent() == site_line_keys("青岛新闻网 新闻中心 城市频道\\n另一篇正文。")
True
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from policytool.normalize.basic import tidy
from policytool.normalize.boilerplate import page_zones
from policytool.normalize.offsets import Builder
from policytool.normalize.pipeline import Pass
from policytool.text.patterns import DOC_TYPES

__all__ = ["SiteLines", "is_protected", "site", "site_line_keys"]

#: What makes a line possibly a document's own, whatever its frequency.
_PROTECTED = re.compile(
    "|".join(
        [
            # dates, articles and their numbers
            r"[0-9０-９〇○零一二三四五六七八九十百千]{1,4}\s*[年月日号条章节款项编]",
            r"[0-9０-９]",  # numbers of any kind
            r"[。！？!?；;：:]\s*$",  # a sentence or a label
            r"[《》〈〉（）()【】\[\]|]",  # titles, notes, tables
            r"^\s*[-#*>]",  # markdown rules, lists, quotes
            r"(?:院|政府|厅|部|委|局|署|会|办|室|处|中心|银行|公司|集团|所|站|队|团|社|协会|学会)\s*$",
            r"^\s*附",  # attachments
            r"第\S{1,4}[条章节款项编部分]",
            "|".join(sorted(DOC_TYPES, key=len, reverse=True)),  # title words
        ]
    )
)
#: Shares of the run a line must be seen in (and at least this many documents).
MIN_DOCUMENTS = 3
MIN_SHARE = 0.02


def is_protected(line: str) -> bool:
    """Whether a header or footer line may be a document's own (see the module's docstring).

    >>> is_protected("最高人民法院"), is_protected("第一条"), is_protected("首页 新闻 视频 图片")
    (True, True, False)
    """
    stripped = line.strip()
    return len(stripped) < 4 or _PROTECTED.search(stripped) is not None


def _key(line: str) -> int:
    """A line's key: stable across processes (``hash`` of a string is not)."""
    digest = hashlib.blake2b(line.strip().encode("utf-8", "surrogatepass"), digest_size=8)
    return int.from_bytes(digest.digest(), "big")


def _zone_lines(text: str) -> Iterable[tuple[int, int, str]]:
    """``(start, end, line)`` of the header's and footer's lines of a normalized text."""
    zones = page_zones(text)
    if zones is None:
        return
    for start, stop in ((0, zones.head_end), (zones.foot_start, len(text))):
        pos = start
        while pos < stop:
            end = text.find("\n", pos, stop)
            end = stop if end < 0 else end
            yield pos, end, text[pos:end]
            pos = end + 1


def site_line_keys(text: str) -> frozenset[int]:
    """The keys of a normalized text's header and footer lines that could be a site's."""
    return frozenset(_key(line) for _, _, line in _zone_lines(text) if not is_protected(line))


@dataclass
class SiteLines:
    """Line keys counted over a run's documents (each document counts a line once)."""

    counts: Counter[int] = field(default_factory=Counter)
    documents: int = 0

    def add(self, keys: Iterable[int]) -> None:
        self.counts.update(set(keys))
        self.documents += 1

    def frequent(self) -> frozenset[int]:
        """The keys seen in at least :data:`MIN_DOCUMENTS` documents and :data:`MIN_SHARE` of
        the run."""
        floor = max(MIN_DOCUMENTS, math.ceil(MIN_SHARE * self.documents))
        return frozenset(key for key, n in self.counts.items() if n >= floor)


def site(p: Pass) -> None:
    """Drop the header and footer lines the run holds often enough (``p.context``: a set of
    line keys from :meth:`SiteLines.frequent`); nothing without a context."""
    frequent = p.context
    if not frequent:
        return
    text = p.text
    builder = Builder(text)
    dropped = 0
    for start, end, line in _zone_lines(text):
        if line.strip() and not is_protected(line) and _key(line) in frequent:
            builder.replace(start, min(end + 1, len(text)), "")
            dropped += 1
    out, edits = builder.finish()
    if not edits:
        return
    p.count("site_lines", dropped)
    p.replaced(out, edits)
    tidy(p)
