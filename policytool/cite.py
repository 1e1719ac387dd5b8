"""Citations between policy documents: found, short forms resolved, linked across a corpus.

The pipeline follows eyecite's shape (find → resolve → link), as a map then a join:

1. :func:`find_citations` (per document): every ``《title》`` (one level of nesting,
   ``《…印发〈X〉的通知》``; titles broken over lines; an unclosed ``《`` never swallows a
   sentence), the number in the parentheses after it, the issuer just before it, a short
   form it defines (``以下简称《实施意见》``, ``以下简称“X”``, ``下称``, ``以下统称``) and every
   later use of that short form; citations by number alone (``按照青政发[2016]15号文件``).
   Not citations: newspapers, books and columns (``《青岛日报》``: the title ends with no
   document type), a generic back-reference never defined (``《通知》``), the document
   itself (its own title or number) and the text a wrapper notice issues
   (``关于印发《X》的通知`` → X is its own body).
2. :func:`cite_document` runs 1 on a document's normalized text (simplified, annotations
   removed), with the document's own :class:`~policytool.meta.DocumentMeta`, and maps spans
   back to the text as loaded.
3. :class:`CorpusIndex` and :func:`link_citations` (the join): by number (kind, code, year,
   serial, whatever the brackets or script), by exact normalized title (with or without the
   issuer, or the title a wrapper carries), then fuzzy among the titles sharing rare
   trigrams with the cited one (rapidfuzz), never all pairs. Unresolved stays empty.

>>> text = ("根据国务院办公厅《关于建设示范基地的实施意见》"
...         "（国办发〔2017〕54号，以下简称《实施意见》）和《青岛日报》报道，落实《实施意见》。")
>>> [(c.title, c.docnum, c.issuer, c.alias) for c in find_citations(text)]
[('关于建设示范基地的实施意见', '国办发〔2017〕54号', '国务院办公厅', '实施意见'), \
('关于建设示范基地的实施意见', '国办发〔2017〕54号', '国务院办公厅', '实施意见')]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from policytool.docnum import DocNumber, find_docnums
from policytool.io import columns as records
from policytool.io.writers import escape_tsv, safe_text, xml_text
from policytool.meta import (
    DocumentMeta,
    carried_title,
    ends_with_doc_type,
    find_meta,
    is_organ,
    leading_organ,
    title_key,
)
from policytool.normalize import NormalizeOptions
from policytool.text.patterns import DOC_TYPES

__all__ = [
    "COLUMNS",
    "MISSING_COLUMNS",
    "Citation",
    "CitedWork",
    "CorpusIndex",
    "DocumentCitations",
    "cite_document",
    "document_meta",
    "citation_graph",
    "explain",
    "graph_lines",
    "find_citations",
    "link_citations",
    "missing_works",
]

COLUMNS = records.CITE
MISSING_COLUMNS = records.CITE_MISSING

#: The longest title read between 《 and 》; an unclosed 《 stops here or at a sentence end.
MAX_TITLE = 150
#: The fuzzy title match a link needs (rapidfuzz ratio of the normalized titles, 0–1).
MIN_SCORE = 0.9
#: How far after a title its parentheses (number, short form) may close.
_PAREN_SPAN = 120

_TYPES = "|".join(DOC_TYPES)
#: 《通知》, 《实施意见》, 《若干规定》: a back-reference that names no document by itself.
_GENERIC = re.compile(rf"^(?:本|该|此|上述|实施|指导|若干|暂行|管理|工作|有关|相关)?(?:{_TYPES})$")
#: Where a title scan stops: the closing mark, another opening, a sentence end, a line break.
_TITLE_STOP = re.compile(r"[《》〈〉。！？；\n]")
_ALIAS = re.compile(
    r"(?:以下简称|以下称|以下统称|下称|简称|统称)[为:：]?\s*"
    r"(?:《(?P<book>[^《》\n]{1,30})》|[“\"「『](?P<quote>[^”\"」』\n]{1,20})[”\"」』])"
)
_LINE_BREAK = re.compile(r"[ \t\u3000]*\n[ \t\u3000]*")
_ORGAN_SEPARATOR = re.compile(r"[、 ]+")
_PAREN_STOP = re.compile(r"[（()）。\n]")
_ALIAS_STOP = re.compile(r"[。；\n]")
_TYPE_WORD = re.compile(rf"(?:{_TYPES})$")
_OPEN_PAREN = "（("
_CLOSE_PAREN = "）)"
#: Words that end a run of characters before a title without being part of an issuer.
_ISSUER_VERB = re.compile(
    r"(?:联合印发|印发了?|发布了?|出台了?|制定了?|下发了?|颁布了?|公布了?|转发了?|的)$"
)
#: Words that never stand inside an issuer's name: an issuer starts after the last of them.
_NOT_ISSUER = re.compile(
    r"根据|按照|依据|依照|遵照|贯彻落实|贯彻|落实|执行|参照|结合|对照|通过|认真|学习|精神|要求|"
    r"近日|日前|近期|今年|去年|同时|此前|目前|最近|已经|以及|了解到|获悉|"
    r"[和及与并为在经对由将是了等把以据向从按依于的还也已均]"
)
#: A name that holds 和 but is one organ: 工业和信息化部, 住房和城乡建设部, 国家卫生和计划生育委员会
#: (a first start that is not all organs is passed over).
_ORGAN_WORD = re.compile(
    r"[^、 ]*(?:工业和信息化|住房和城乡建设|卫生和计划生育|人力资源和社会保障|"
    r"[^、 ]{2}和[^、 ]{2,6})[^、 ]*"
)
_ISSUER_RUN = re.compile(r"[\u4e00-\u9fff、 ]{2,40}$")
#: What must agree between two titles for a fuzzy match: years, serials, 第二批, 解释（一）.
_NUMBERISH = re.compile(r"[0-9]+|[一二三四五六七八九十百]+")


@dataclass(frozen=True)
class Citation(records.Record):
    """One citation in a document. ``start``/``end`` index the document's text as loaded
    (:func:`find_citations` on a plain string: that string). ``title`` is the cited title
    (normalized, without the 《》), ``docnum`` the canonical number, ``issuer`` the cited
    issuer as named, ``alias`` the short form defined for it (set on the citation that
    defines it and on each later use). After :func:`link_citations`: ``target`` is the
    cited corpus document, ``method`` how it was found (``docnum``, ``title``; ``alias``
    for a short form's use) and ``score`` how well the titles agree (1 for exact keys).
    ``conflict`` says when the title and the number name different corpus documents.
    """

    COLUMNS: ClassVar[tuple[str, ...]] = COLUMNS

    doc: str
    start: int
    end: int
    title: str = ""
    docnum: str = ""
    issuer: str = ""
    alias: str = ""
    target: str = ""
    method: str = ""
    score: float | None = None
    raw: str = field(default="", compare=False)
    docnum_key: tuple[str, str, int | None, int] | None = field(default=None, compare=False)
    use: bool = field(default=False, compare=False)
    conflict: str = field(default="", compare=False)
    context: tuple[str, str] = field(default=("", ""), compare=False, repr=False)

    @property
    def key(self) -> str:
        """The cited work's key in a graph: its canonical number, else its normalized title."""
        if self.docnum:
            return f"docnum:{self.docnum}"
        return f"title:{title_key(self.title)}"


# --- finding -------------------------------------------------------------------------------

_CONTEXT = 30  # characters of context kept on each side of a citation, for --explain


def _close_title(text: str, start: int) -> int | None:
    """The index of the 》 closing the 《 at ``start``, one level of nesting allowed
    (〈〉 or 《》 inside), or None for an unclosed or runaway title."""
    depth = 0
    pos = start
    limit = min(len(text), start + MAX_TITLE + 2)
    breaks = 0
    while True:
        m = _TITLE_STOP.search(text, pos, limit)
        if m is None:
            return None
        ch = m.group()
        pos = m.end()
        if ch in "《〈":
            depth += 1
            if depth > 2:
                return None
        elif ch in "》〉":
            depth -= 1
            if depth == 0:
                return m.start() if ch == "》" else None
            if depth < 0:
                return None
        elif ch == "\n":
            breaks += 1
            if breaks > 2 or text[pos : pos + 1] == "\n":
                return None  # a blank line: the title was never closed
        else:
            return None  # a sentence ends inside: 《 was not a title mark


def _clean_title(raw: str) -> str:
    return _LINE_BREAK.sub("", raw).strip() if "\n" in raw else raw.strip()


def _issuer_before(text: str, start: int) -> str:
    """The issuer named just before a title: 国务院办公厅《…》, 根据国家发改委办公厅《…》."""
    m = _ISSUER_RUN.search(text, max(0, start - 40), start)
    if m is None:
        return ""
    run = m.group().strip()
    while True:
        stripped = _ISSUER_VERB.sub("", run)
        if stripped == run:
            break
        run = stripped
    # An issuer starts at the run's start or right after a word no name holds (根据, 精神, 和 …);
    # the first start whose rest is all organ names wins: 工业和信息化部 stays whole, and
    # 精神和国家发改委办公厅 gives 国家发改委办公厅.
    starts = [0] + [m.end() for m in _NOT_ISSUER.finditer(run)]
    for i in starts:
        candidate = run[i:].strip(" 、")
        if len(candidate) < 2 or _NOT_ISSUER.match(candidate):
            continue
        if i == 0 and _NOT_ISSUER.search(candidate) and not _ORGAN_WORD.fullmatch(candidate):
            continue
        parts = [p for p in _ORGAN_SEPARATOR.split(candidate) if p]
        if parts and all(map(is_organ, parts)):
            return "、".join(parts)
    return ""


def _parenthetical(text: str, pos: int) -> tuple[int, int] | None:
    """The span inside the parentheses opening at ``pos`` (spaces skipped), or None."""
    while pos < len(text) and text[pos] in " \t\u3000":
        pos += 1
    if pos >= len(text) or text[pos] not in _OPEN_PAREN:
        return None
    m = _PAREN_STOP.search(text, pos + 1, pos + _PAREN_SPAN)
    if m is None or m.group() not in _CLOSE_PAREN:
        return None
    return pos + 1, m.start()


@dataclass
class _Found:
    start: int
    end: int
    title: str = ""
    number: DocNumber | None = None
    issuer: str = ""
    alias: str = ""
    alias_end: int = 0  # where the definition ends: uses count from here on
    alias_quoted: bool = False
    paren_end: int = 0  # the end of the parentheses holding the number


def _alias_after(text: str, pos: int, end: int) -> re.Match[str] | None:
    """A short form defined right after a citation: in its parentheses, or after a comma."""
    window_end = min(len(text), end)
    stop = _ALIAS_STOP.search(text, pos, window_end)
    if stop is not None:
        window_end = stop.start()
    m = _ALIAS.search(text, pos, window_end)
    if m is None:
        return None
    between = text[pos : m.start()]
    if "《" in between and "简称" not in between:
        return None  # the definition belongs to a later title
    return m


def _scan_titles(text: str, numbers: list[DocNumber]) -> list[_Found]:
    found: list[_Found] = []
    starts = [n.start for n in numbers]  # in order: find_docnums yields by position
    pos = 0
    while True:
        start = text.find("《", pos)
        if start < 0:
            break
        close = _close_title(text, start)
        if close is None:
            pos = start + 1
            continue
        pos = close + 1
        title = _clean_title(text[start + 1 : close])
        if not title:
            continue
        item = _Found(start, close + 1, title=title, issuer=_issuer_before(text, start))
        paren = _parenthetical(text, close + 1)
        if paren is not None:
            first = bisect_left(starts, paren[0])  # the first number inside the parentheses
            if first < len(starts) and starts[first] < paren[1]:
                item.number = numbers[first]
                item.paren_end = paren[1] + 1
        alias = _alias_after(text, close + 1, close + 1 + _PAREN_SPAN)
        if alias is not None:
            item.alias = alias.group("book") or alias.group("quote")
            item.alias_quoted = alias.group("quote") is not None
            item.alias_end = alias.end()
            pos = max(pos, alias.end())  # the 《X》 of 以下简称《X》 is not a citation
        found.append(item)
    return found


def _uses(text: str, alias: str, quoted: bool, start: int) -> Iterator[tuple[int, int]]:
    """Later uses of a short form: 《X》 always; “X” and bare X when it was defined in quotes."""
    forms = [f"《{alias}》"]
    if quoted:
        forms += [f"“{alias}”", alias]
    taken: list[tuple[int, int]] = []
    for form in forms:
        pos = start
        while True:
            at = text.find(form, pos)
            if at < 0:
                break
            pos = at + len(form)
            span = (at, at + len(form))
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            if form == alias and text[at - 1 : at] in "本该此":
                continue
            taken.append(span)
    return iter(sorted(taken))


def find_citations(
    text: str,
    *,
    meta: DocumentMeta | None = None,
    numbers: list[DocNumber] | None = None,
    doc: str = "",
    original: str | None = None,
    locate: Callable[[int, int], tuple[int, int]] | None = None,
) -> list[Citation]:
    """Every citation in ``text`` (normalized text: simplified, no annotations), in order.

    ``meta`` is the citing document's own identity: citations of its own title or number, and
    of the text it issues (关于印发《X》的通知), are left out. ``numbers`` are the document
    numbers already found in ``text``. Spans, ``raw`` and ``context`` are ``text``'s, or
    ``original``'s when given, ``locate`` mapping a span of ``text`` to one of ``original``.

    >>> [c.docnum for c in find_citations("按照青政发[2016]15号文件和《关于X的通知》执行。")]
    ['青政发〔2016〕15号', '']
    """
    if numbers is None:
        numbers = list(find_docnums(text))
    own_keys: set[str] = set()
    own_number = None
    if meta is not None:
        own_number = meta.docnum_key
        for title in (meta.title, meta.carries, carried_title(meta.title)):
            if title:
                own_keys.add(title_key(title))
                own_keys.add(title_key(_without_organ(title)))
    own_keys.discard("")

    def is_self(title: str, number: DocNumber | None) -> bool:
        if number is not None and own_number is not None:
            return number.key == own_number  # the same title, another number: a revision
        if not title:
            return False
        keys = {title_key(title), title_key(_without_organ(title))}
        inner = carried_title(title)
        return bool(keys & own_keys) or (bool(inner) and title_key(inner) in own_keys)

    source = text if original is None else original

    def where(start: int, end: int) -> dict[str, Any]:
        """A span of ``text`` as the citation's place in the source: span, raw, context."""
        if locate is not None:
            start, end = locate(start, end)
        return {
            "start": start,
            "end": end,
            "raw": source[start:end],
            "context": (source[max(0, start - _CONTEXT) : start], source[end : end + _CONTEXT]),
        }

    citations: list[Citation] = []
    spans = _Spans()  # in ``text``, for the uses of short forms
    used_numbers: set[int] = set()
    definitions: list[tuple[_Found, Citation]] = []
    scanned = _scan_titles(text, numbers)
    for item in scanned:
        if item.number is not None:
            used_numbers.add(item.number.start)
        # A document ends with its type (通知, 办法, 法 …); 《青岛日报》, a book, a column do not.
        if not ends_with_doc_type(item.title) or _GENERIC.match(item.title):
            continue
        if is_self(item.title, item.number):
            continue
        number = item.number
        if number is not None and not number.code:
            number = None  # （〔2014〕90号）: a code-less number identifies nothing alone
        end = min(max(item.end, item.paren_end) if number is not None else item.end, len(text))
        citation = Citation(
            doc=doc,
            title=item.title,
            docnum=number.canonical if number else "",
            issuer=item.issuer or leading_organ(item.title) or (number.agency if number else ""),
            alias=item.alias,
            docnum_key=number.key if number else None,
            **where(item.start, end),
        )
        citations.append(citation)
        spans.add(item.start, end)
        if item.alias:
            definitions.append((item, citation))
    for number in numbers:
        if number.start in used_numbers or not number.code or is_self("", number):
            continue
        citations.append(
            Citation(
                doc=doc,
                docnum=number.canonical,
                issuer=number.agency,
                docnum_key=number.key,
                **where(number.start, number.end),
            )
        )
        spans.add(number.start, number.end)
    for item, defined in definitions:
        for start, end in _uses(text, item.alias, item.alias_quoted, item.alias_end):
            if spans.overlaps(start, end):
                continue
            spans.add(start, end)
            citations.append(replace(defined, use=True, **where(start, end)))
    citations.sort(key=lambda c: (c.start, c.end))
    return citations


class _Spans:
    """Taken spans of a text, kept sorted: whether a new one overlaps any costs a bisection,
    not a look at every span (a page with thousands of citations stays linear)."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._longest = 0

    def add(self, start: int, end: int) -> None:
        at = bisect_left(self._starts, start)
        self._starts.insert(at, start)
        self._ends.insert(at, end)
        self._longest = max(self._longest, end - start)

    def overlaps(self, start: int, end: int) -> bool:
        # Spans starting before ``end`` and ending after ``start``: only those that start
        # within the longest span's length before ``start`` can reach it.
        first = bisect_left(self._starts, start - self._longest)
        last = bisect_left(self._starts, end)
        return any(self._ends[i] > start for i in range(first, last))


def _without_organ(title: str) -> str:
    """国务院办公厅关于…的意见 → 关于…的意见 (the title as cited after its issuer)."""
    organ = leading_organ(title)
    if not organ:
        return title
    at = title.find("关于")
    return title[at:] if at > 0 else title


# --- one document ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentCitations:
    """The map step's result for one document: its identity and its citations (spans in the
    text as loaded)."""

    meta: DocumentMeta
    citations: tuple[Citation, ...]


#: Normalization for reading citations and identity: every repair, but spacing is left as it
#: is (the scanners read through spaces and indentation), which halves the pass's cost.
_OPTIONS = NormalizeOptions(whitespace=False)


def _prepared(
    doc: Any, normalize: bool, offsets: bool = True
) -> tuple[Any, str, list[DocNumber], DocumentMeta]:
    from policytool.normalize import normalize_text
    from policytool.text.script import detect_script

    original = doc.text
    normalized = normalize_text(original, _OPTIONS, offsets=offsets) if normalize else None
    text = normalized.text if normalized is not None else original
    numbers = list(find_docnums(text))
    meta = find_meta(
        text,
        doc=doc.id,
        script=detect_script(original),
        chars=len(original),
        numbers=numbers,
        original=original,
    )
    return normalized, text, numbers, meta


def document_meta(doc: Any, *, normalize: bool = True) -> DocumentMeta:
    """The identity of one :class:`~policytool.io.loader.Document`, read from its normalized
    text (see :func:`policytool.meta.find_meta`)."""
    return _prepared(doc, normalize, offsets=False)[3]


def cite_document(doc: Any, *, normalize: bool = True) -> DocumentCitations:
    """Identity and citations of one :class:`~policytool.io.loader.Document`: normalized
    first (traditional script, annotations, broken entities), spans mapped back to
    ``doc.text``.

    >>> from policytool.io.loader import Document
    >>> found = cite_document(Document("d", "依據《國務(wù)院關(guān)於X的通知》執行。"))
    >>> [(c.title, c.start, c.end, c.raw) for c in found.citations]
    [('国务院关于X的通知', 2, 23, '《國務(wù)院關(guān)於X的通知》')]
    """
    normalized, text, numbers, meta = _prepared(doc, normalize)
    found = find_citations(
        text,
        meta=meta,
        numbers=numbers,
        doc=doc.id,
        original=doc.text,
        locate=normalized.input_span if normalized is not None else None,
    )
    return DocumentCitations(meta=meta, citations=tuple(found))


# --- linking --------------------------------------------------------------------------------


def _grams(key: str) -> set[str]:
    return {key[i : i + 3] for i in range(len(key) - 2)}


def _type_word(key: str) -> str:
    m = _TYPE_WORD.search(key)
    return m.group() if m else ""


class CorpusIndex:
    """What identifies each corpus document, for the join: its own number's key, its title's
    keys (with and without the issuer, and the title a wrapper carries) and the trigrams of
    those titles for fuzzy candidates. Built from the map step's metadata; holds no texts."""

    #: Trigrams shared by more titles than this are too common to propose candidates.
    MAX_POSTING = 2000

    def __init__(self, metas: Iterable[DocumentMeta] = ()) -> None:
        self.by_number: dict[tuple[str, str, int | None, int], list[str]] = defaultdict(list)
        self.keys: dict[str, set[str]] = {}
        self.by_title: dict[str, str] = {}
        self.titles: list[tuple[str, str]] = []  # (key, doc)
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.numbers: dict[str, tuple[str, str, int | None, int] | None] = {}
        self._frozen: dict[str, Any] | None = None  # postings as arrays, for fuzzy()
        for meta in metas:
            self.add(meta)

    def add(self, meta: DocumentMeta) -> None:
        """Index one document. Several documents may hold one number (copies, a text and its
        excerpt): all are kept; the first document wins a title key shared by several."""
        self._frozen = None
        self.numbers[meta.doc] = meta.docnum_key
        if meta.docnum_key is not None:
            self.by_number[meta.docnum_key].append(meta.doc)
        keys = {title_key(t) for t in (meta.title, _without_organ(meta.title), meta.carries) if t}
        keys.discard("")
        self.keys[meta.doc] = keys
        for key in keys:
            if key in self.by_title:
                first = self.by_title[key]
                number = self.numbers.get(first)
                if first and meta.docnum_key not in (None, number):
                    self.by_title[key] = ""  # two documents, two numbers: the title is ambiguous
                continue
            self.by_title[key] = meta.doc
            index = len(self.titles)
            self.titles.append((key, meta.doc))
            for gram in _grams(key):
                posting = self.postings[gram]
                if len(posting) <= self.MAX_POSTING:
                    posting.append(index)

    def __len__(self) -> int:
        return len(self.numbers)

    def by_docnum(self, citation: Citation) -> str | None:
        """The document holding the cited number; of several, the one whose title the
        citation names, else the first. None when no document holds it."""
        if citation.docnum_key is None:
            return None
        docs = [d for d in self.by_number.get(citation.docnum_key, ()) if d != citation.doc]
        if not docs:
            return None
        if len(docs) > 1 and citation.title:
            cited = {title_key(citation.title), title_key(citation.issuer + citation.title)}
            for doc in docs:
                if self.keys.get(doc, set()) & cited:
                    return doc
        return docs[0]

    def by_key(self, title: str, issuer: str = "") -> str:
        """The document with this exact title key (with the issuer in front, or as given);
        '' when none, or when documents with different numbers share the title."""
        for candidate in (issuer + title if issuer and title.startswith("关于") else "", title):
            if candidate:
                found = self.by_title.get(title_key(candidate))
                if found is not None:
                    return found
        inner = carried_title(title)
        return self.by_title.get(title_key(inner), "") if inner else ""

    def _candidates(self, grams: set[str], need: int, limit: int = 20) -> list[int]:
        """The titles sharing the most trigrams with ``grams`` (at least ``need``; only
        trigrams rare enough to count), most first, at most ``limit``: counted with numpy
        over the postings, frozen into arrays on first use."""
        import numpy as np

        if self._frozen is None:
            self._frozen = {
                gram: np.array(p, dtype=np.int64)
                for gram, p in self.postings.items()
                if len(p) <= self.MAX_POSTING
            }
        arrays = [a for gram in grams if (a := self._frozen.get(gram)) is not None]
        if not arrays:
            return []
        titles, counts = np.unique(np.concatenate(arrays), return_counts=True)
        enough = counts >= need
        titles, counts = titles[enough], counts[enough]
        order = np.lexsort((titles, -counts))[:limit]  # most shared first, then by index
        return list(titles[order].tolist())

    def fuzzy(self, title: str, min_score: float = MIN_SCORE) -> tuple[str, float]:
        """The best fuzzy title match among the titles sharing trigrams with ``title``:
        (doc, score), or ("", 0) when none reaches ``min_score`` or two documents tie."""
        from rapidfuzz import fuzz

        key = title_key(title)
        grams = _grams(key)
        if len(key) < 6 or not grams:
            return "", 0.0
        need = max(1, int(len(grams) * 0.5))
        best_doc, best, tie = "", 0.0, False
        for index in self._candidates(grams, need):
            other, doc = self.titles[index]
            if not self.by_title.get(other) or not _compatible(key, other):
                continue
            score = fuzz.ratio(key, other) / 100
            if score > best:
                best_doc, best, tie = doc, score, False
            elif score == best and doc != best_doc:
                tie = True
        if best < min_score or tie:
            return "", 0.0
        return best_doc, round(best, 3)


def _compatible(a: str, b: str) -> bool:
    """Titles that may be the same document: the same document type and the same numbers
    (years, 第二批, 解释（一）/（二） differ in nothing else)."""
    return _type_word(a) == _type_word(b) and sorted(_NUMBERISH.findall(a)) == sorted(
        _NUMBERISH.findall(b)
    )


def link_citations(
    citations: Iterable[Citation],
    index: CorpusIndex,
    *,
    min_score: float = MIN_SCORE,
    fuzzy: bool = True,
) -> Iterator[Citation]:
    """Each citation with ``target``, ``method`` and ``score`` set where the corpus holds
    the cited document: by number first, then by exact title key, then (``fuzzy``) by the
    best title among candidates scoring at least ``min_score``. A citation that names its
    own document's corpus entry is not linked to itself. Title and number naming different
    documents set ``conflict``; the number wins."""
    fuzzy_found: dict[str, tuple[str, float]] = {}
    for c in citations:
        target, method, score, conflict = "", "", None, ""
        by_number = index.by_docnum(c)
        by_title = ""
        title_score: float | None = None
        if c.title:
            by_title = index.by_key(c.title, c.issuer)
            title_score = 1.0 if by_title else None
            if not by_title and fuzzy and by_number is None:
                if c.title not in fuzzy_found:
                    fuzzy_found[c.title] = index.fuzzy(c.title, min_score)
                by_title, fuzzy_score = fuzzy_found[c.title]
                title_score = fuzzy_score if by_title else None
        if by_number is not None:
            target, method, score = by_number, "docnum", 1.0
            if by_title and index.numbers.get(by_title) not in (None, c.docnum_key):
                conflict = f"the title is {by_title}'s, the number {by_number}'s"
        elif by_title and by_title != c.doc:
            target, method, score = by_title, "title", title_score
        if c.use:
            method = "alias"
        if target or method or conflict:
            c = replace(c, target=target, method=method, score=score, conflict=conflict)
        yield c


# --- the corpus view ------------------------------------------------------------------------


@dataclass(frozen=True)
class CitedWork(records.Record):
    """A work cited but not in the corpus (``--missing``): its key, how it is cited, and by
    how many citations and documents."""

    COLUMNS: ClassVar[tuple[str, ...]] = MISSING_COLUMNS

    work: str
    title: str
    docnum: str
    citations: int
    documents: int


def _work_keys(citations: Sequence[Citation]) -> dict[str, str]:
    """Title keys that the corpus's citations tie to a number (《X》（国办发…号） somewhere),
    so that a citation by the title alone lands on the same work."""
    tied: dict[str, str] = {}
    for c in citations:
        if c.title and c.docnum:
            tied.setdefault(f"title:{title_key(c.title)}", c.key)
    return tied


def _node(c: Citation, tied: dict[str, str]) -> str:
    if c.target:
        return f"doc:{c.target}"
    return tied.get(c.key, c.key)


def missing_works(citations: Sequence[Citation]) -> list[CitedWork]:
    """The works cited but absent from the corpus, most cited first (then by documents)."""
    tied = _work_keys(citations)
    count: Counter[str] = Counter()
    docs: dict[str, set[str]] = defaultdict(set)
    titles: dict[str, Counter[str]] = defaultdict(Counter)
    numbers: dict[str, str] = {}
    for c in citations:
        if c.target:
            continue
        node = _node(c, tied)
        count[node] += 1
        docs[node].add(c.doc)
        if c.title:
            titles[node][c.title] += 1
        if c.docnum:
            numbers.setdefault(node, c.docnum)
    works = [
        CitedWork(
            work=node,
            title=titles[node].most_common(1)[0][0] if titles[node] else "",
            docnum=numbers.get(node, ""),
            citations=n,
            documents=len(docs[node]),
        )
        for node, n in count.items()
    ]
    works.sort(key=lambda w: (-w.citations, -w.documents, w.work))
    return works


@dataclass
class Graph:
    """The citation graph: nodes (corpus documents and external works) and weighted edges."""

    nodes: dict[str, dict[str, Any]]
    edges: dict[tuple[str, str], dict[str, Any]]


def citation_graph(citations: Sequence[Citation], metas: Iterable[DocumentMeta]) -> Graph:
    """One node per corpus document (``doc:ID``) and per external work (``docnum:…`` or
    ``title:…``: two documents citing 国办发〔2017〕54号 share a node); one edge per citing
    document and cited node, weighted by the number of citations."""
    nodes: dict[str, dict[str, Any]] = {}
    for meta in metas:
        nodes[f"doc:{meta.doc}"] = {
            "kind": "document", "doc": meta.doc, "title": meta.title, "docnum": meta.docnum,
        }  # fmt: skip
    tied = _work_keys(citations)
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for c in citations:
        source = f"doc:{c.doc}"
        target = _node(c, tied)
        if target not in nodes:
            nodes[target] = {"kind": "work", "doc": "", "title": c.title, "docnum": c.docnum}
        elif not nodes[target]["title"] and c.title:
            nodes[target]["title"] = c.title
        nodes.setdefault(source, {"kind": "document", "doc": c.doc, "title": "", "docnum": ""})
        edge = edges.setdefault((source, target), {"citations": 0, "methods": Counter()})
        edge["citations"] += 1
        if c.method:
            edge["methods"][c.method] += 1
    return Graph(nodes=nodes, edges=edges)


# --- graph formats --------------------------------------------------------------------------

GRAPH_FORMATS = ("dot", "graphml", "json")
_NODE_FIELDS = ("kind", "doc", "title", "docnum")


def _dot_quote(value: str) -> str:
    value = escape_tsv(" ".join(value.splitlines()))  # one line, controls as \\uXXXX
    return '"' + value.replace('"', '\\"') + '"'


def graph_lines(graph: Graph, fmt: str) -> Iterator[str]:
    """The graph as ``dot`` (Graphviz), ``graphml`` (Gephi, networkx, yEd) or ``json``
    (node-link: ``{"nodes": [...], "links": [...]}``), line by line."""
    if fmt == "dot":
        yield "digraph citations {"
        for node, data in graph.nodes.items():
            label = data["title"] or data["docnum"] or data["doc"] or node
            yield f"  {_dot_quote(node)} [label={_dot_quote(label)}, kind={data['kind']}];"
        for (source, target), edge in graph.edges.items():
            yield f"  {_dot_quote(source)} -> {_dot_quote(target)} [weight={edge['citations']}];"
        yield "}"
    elif fmt == "graphml":
        yield '<?xml version="1.0" encoding="UTF-8"?>'
        yield '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        for name in _NODE_FIELDS:
            yield f'  <key id="{name}" for="node" attr.name="{name}" attr.type="string"/>'
        yield '  <key id="citations" for="edge" attr.name="citations" attr.type="int"/>'
        yield '  <key id="method" for="edge" attr.name="method" attr.type="string"/>'
        yield '  <graph id="citations" edgedefault="directed">'
        for node, data in graph.nodes.items():
            fields = "".join(
                f'<data key="{name}">{xml_text(str(data[name]))}</data>' for name in _NODE_FIELDS
            )
            yield f'    <node id="{xml_text(node)}">{fields}</node>'
        for (source, target), edge in graph.edges.items():
            method = ",".join(sorted(edge["methods"]))
            yield (
                f'    <edge source="{xml_text(source)}" target="{xml_text(target)}">'
                f'<data key="citations">{edge["citations"]}</data>'
                f'<data key="method">{xml_text(method)}</data></edge>'
            )
        yield "  </graph>"
        yield "</graphml>"
    elif fmt == "json":
        import json

        data = {
            "directed": True,
            "nodes": [{"id": node, **attrs} for node, attrs in graph.nodes.items()],
            "links": [
                {
                    "source": source,
                    "target": target,
                    "citations": edge["citations"],
                    "methods": dict(sorted(edge["methods"].items())),
                }
                for (source, target), edge in graph.edges.items()
            ],
        }
        yield safe_text(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        raise ValueError(f"unknown graph format {fmt!r}: choose from {', '.join(GRAPH_FORMATS)}")


def explain(citation: Citation) -> str:
    """A citation in its context, for reading: where, what, how it was linked, and the text
    around it with the citation in ⟦⟧ (line breaks shown as ⏎)."""
    before, after = citation.context
    what = " ".join(p for p in (citation.issuer, f"《{citation.title}》" if citation.title else "",
                                citation.docnum) if p)  # fmt: skip
    if citation.alias:
        what += f" [{'use of' if citation.use else 'defines'} {citation.alias}]"
    link = (
        f"-> {citation.target} ({citation.method}, {citation.score})"
        if citation.target
        else "-> (not in the corpus)"
    )
    if citation.conflict:
        link += f" !! {citation.conflict}"
    snippet = f"{before}⟦{citation.raw}⟧{after}".replace("\r", "").replace("\n", "⏎")
    return f"{citation.doc}:{citation.start}-{citation.end}  {what}  {link}\n    {snippet}"
