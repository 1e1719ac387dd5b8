"""A document's identity: its own title, number, issuer, signing and publication dates.

Read from the header of the normalized text (simplified, annotations and boilerplate removed),
never from the first match anywhere: a news article that mentions 国办发〔2017〕54号 in its first
sentence does not own that number, a breadcrumb is not a title.

- Title: the official title (``发文机关 + 关于 + 事由 + 文种``, maybe broken over lines) after a
  banner (``XX人民政府文件``) and the number; else a news page's headline, the line above its
  time line; else empty.
- Number: :func:`policytool.docnum.find_own_docnum`.
- Issuer: the banner's body, else the title's leading organ (``国务院办公厅关于…``), else the
  signature block above the signing date, else the number's agency.
- Dates: the first date with role ``signed`` and the first with role ``published``
  (:func:`policytool.dates.find_dates`).

>>> m = find_meta("国务院办公厅文件\\n国办发〔2017〕54号\\n国务院办公厅关于建设第二批\\n"
...               "示范基地的实施意见\\n各省人民政府：\\n现提出如下意见。\\n国务院办公厅\\n"
...               "2017年6月15日")
>>> m.title, m.docnum, m.issuer, m.signed
('国务院办公厅关于建设第二批示范基地的实施意见', '国办发〔2017〕54号', '国务院办公厅', '2017-06-15')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import ClassVar

from policytool.dates import DateMention, find_dates
from policytool.docnum import DocNumber, find_docnums, find_own_docnum
from policytool.io import columns as records
from policytool.text.layout import (
    Layout,
    body_start,
    has_label,
    is_organ,
    read_layout,
    signature_above,
    split_organs,
)
from policytool.text.patterns import DOC_TYPES
from policytool.text.script import detect_script

__all__ = [
    "COLUMNS",
    "DocumentMeta",
    "carried_title",
    "ends_with_doc_type",
    "find_meta",
    "find_title",
    "is_organ",
    "leading_organ",
    "looks_like_title",
    "title_key",
]

COLUMNS = records.META

#: How far down a title can stand: a page's header (menus, breadcrumb, time line) comes first.
_HEADER_LINES = 40
_HEADER_CHARS = 4000
_MAX_TITLE = 160
#: Lines a title may be broken into.
_TITLE_PARTS = 4

_TYPES = "|".join(DOC_TYPES)
#: What may follow the type word: （试行）, （2019年修订）, （草案）, （征求意见稿）, 》.
_TRAILER = r"(?:\s?[（(][^（()）]{1,16}[)）])*[》”\"]?"
_TITLE_RE = re.compile(rf"(?:{_TYPES}){_TRAILER}$")
def ends_with_doc_type(title: str) -> bool:
    """Whether ``title`` ends with a document type (通知, 意见, 办法, 条例, 法 …), maybe followed
    by （试行）, （2019年修订） or a closing mark: a document's title, not a newspaper's.

    >>> ends_with_doc_type("关于X的实施意见（试行）"), ends_with_doc_type("青岛日报")
    (True, False)
    """
    return _TITLE_RE.search(title) is not None


#: 国务院办公厅关于…, 中国人民银行 农业农村部印发《…》: the organs before 关于 or a verb.
_LEADING_ORGAN = re.compile(
    r"^(?P<organ>[^，。：:；;《“]{2,60}?)(?:关于|印发|发布|转发|联合印发|颁布|公布)"
)
_BANNER = re.compile(r"^(?P<organ>.{2,80}?)[ \u3000]*文[ \u3000]*件$")
_BREADCRUMB = re.compile(r"[>›»]|当前位置|您的位置|首页|主页")
_SENTENCE = re.compile(r"[。！？]")
_CLAUSE = re.compile(r"[，。；！？]")
_BULLET = " \t\u3000\u00a0•·-—–*#|?\u200b\ufeff"  # and ???? left for lost indentation
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_LETTER_SPACED = re.compile(r"^(?:\S ){3,}\S$")
#: A line of metadata the layout's fields leave out: 发布：…, 字号：大 中 小, and labels run
#: into the word before them (报名时间：) — never a title's words either.
_FIELD_LINE = re.compile(r"(?:来源|作者|时间|日期|发布|点击|浏览|字号|编辑)\s*[:：]")
#: 法编号:01018, 原文链接：https://…, 【法宝引证码】 CLI.12.…: a catalogue's fields.
_CODE_FIELD = re.compile(r"[:：]\s*[0-9A-Za-z]|https?://|www\.|引证码")
_ADDRESSEES = re.compile(r"[:：]$")


@dataclass(frozen=True)
class DocumentMeta(records.Record):
    """One document's identity. ``title`` and ``issuer`` are in normalized (simplified) text;
    ``docnum`` is canonical; ``signed``/``published`` are ISO 8601 at day precision or more;
    ``chars`` counts the text as loaded. Empty strings where the document does not say.

    ``docnum_key`` (the own number's key) identifies the document for linking
    (:mod:`policytool.cite`); ``carries`` is the title of the text a wrapper notice issues
    (关于印发《X》的通知 → X).
    """

    COLUMNS: ClassVar[tuple[str, ...]] = COLUMNS

    doc: str = ""
    title: str = ""
    docnum: str = ""
    issuer: str = ""
    signed: str = ""
    published: str = ""
    script: str = ""
    chars: int = 0
    docnum_key: tuple[str, str, int | None, int] | None = field(default=None, compare=False)
    carries: str = field(default="", compare=False)


def _clean_line(line: str) -> str:
    line = _SPACES.sub(" ", line.strip(_BULLET)).strip()
    if _LETTER_SPACED.match(line):
        line = line.replace(" ", "")  # 国 家 粮 食 应 急 预 案
    return line


def _body_start(text: str) -> int:
    """Where the body starts (:func:`policytool.text.layout.body_start`)."""
    start = body_start(text)
    return len(text) if start is None else start


def _header_lines(text: str, body_start: int | None = None) -> list[tuple[int, str]]:
    """The lines of ``text`` before its body as (offset, cleaned line), blank lines kept as
    '' (the first line of the body included: a title may run into it)."""
    lines: list[tuple[int, str]] = []
    pos = 0
    if body_start is None:
        body_start = _body_start(text)
    limit = min(len(text), _HEADER_CHARS, body_start + 1)
    while pos < limit and len(lines) < _HEADER_LINES:
        end = text.find("\n", pos)
        if end < 0:
            end = len(text)
        lines.append((pos, _clean_line(text[pos:end])))
        pos = end + 1
    return lines


def looks_like_title(line: str) -> bool:
    """Whether ``line`` reads as an official title: it ends with a document type and is not a
    sentence.

    >>> looks_like_title("国务院关于在市场监管领域全面推行部门联合监管的意见")
    True
    >>> looks_like_title("现将有关事项通知如下：")
    False
    """
    if not 4 <= len(line) <= _MAX_TITLE or _ADDRESSEES.search(line):
        return False
    if line.count("《") != line.count("》"):
        return False  # broken inside a cited title: …暂时调整实施《药品管理法 ⏎ 实施条例》…
    if _CLAUSE.search(line) and (_SENTENCE.search(line) or "关于" not in line):
        return False  # a comma only inside 关于…的批复 (关于…裁定不服而申请再审，…问题的批复)
    return ends_with_doc_type(line)


def _banner_organ_of(line: str) -> str:
    """The organs of a banner line (国务院办公厅文件, 中国人民银行 文件, 国家发展改革委
    国务院国资委 文件), joined by 、, or ''."""
    m = _BANNER.match(line)
    if m is None or "关于" in line:
        return ""
    organs = split_organs(m.group("organ"))
    if organs:
        return "、".join(organs)
    joined = m.group("organ").replace(" ", "")
    return joined if is_organ(joined) else ""


def _is_field_line(line: str) -> bool:
    return has_label(line) or _FIELD_LINE.search(line) is not None


def _is_header_noise(line: str) -> bool:
    return bool(
        _BREADCRUMB.search(line)
        or _is_field_line(line)
        or _is_site_line(line)
        or _banner_organ_of(line)
        or _CODE_FIELD.search(line)
    ) or not any("\u4e00" <= ch <= "\u9fff" for ch in line)


#: A site's name or portal line above a headline: XX市人民政府门户网站, 青岛新闻网, XX频道.
_SITE_LINE = re.compile(r"(?:网站|门户|政府网|[^联]网|频道|客户端|APP|app)$|门户网站|官方网站")


def _is_site_line(line: str) -> bool:
    return len(line) <= 40 and "关于" not in line and _SITE_LINE.search(line) is not None


def find_title(
    text: str,
    *,
    skip: tuple[int, int] | None = None,
    lines: list[tuple[int, str]] | None = None,
    body_start: int | None = None,
) -> tuple[int, int, str]:
    """The document's title as (start, end, title) in ``text``; ``(0, 0, "")`` when it has
    none. ``skip`` is the span of the own number (its line is never the title).

    Lines broken inside a title are joined (without the break). An official title wins; a
    news page's headline is the line just above its time line (时间：…, a bare date).

    >>> find_title("首页 > 政策\\n关于加快发展\\n众创空间的实施意见\\n")[2]
    '关于加快发展众创空间的实施意见'
    >>> find_title("市北全力打造创客经济中心区\\n2015-06-09 10:45:24 青岛日报\\n正文。")[2]
    '市北全力打造创客经济中心区'
    """
    if body_start is None:
        body_start = _body_start(text)
    if lines is None:
        lines = _header_lines(text, body_start)
    headline: tuple[int, int, str] | None = None
    for i, (offset, line) in enumerate(lines):
        if offset >= body_start:
            break
        if skip is not None and offset <= skip[0] < offset + len(line) + 1:
            line = _without_number(text, offset, skip)
        if not line or _is_header_noise(line):
            continue
        found = _title_from(lines, i, line, body_start, skip)
        if found is not None:
            return found
        if headline is None and _time_line_follows(lines, i) and len(line) <= 80:
            headline = (offset, offset + len(line), line)
    issued = _ISSUED.search(text, 0, min(body_start, _HEADER_CHARS) + _MAX_TITLE)
    if issued is not None:  # an order: 国务院令 第707号 现公布《X》 — the title is X
        group = "title" if issued.group("title") else "title2"
        return issued.start(group), issued.end(group), issued.group(group)
    return headline or (0, 0, "")


def _without_number(text: str, offset: int, skip: tuple[int, int]) -> str:
    """The line holding the own number, without it: 条例（国务院令第768号） → 条例."""
    end = text.find("\n", offset)
    line = text[offset : len(text) if end < 0 else end]
    head, tail = line[: skip[0] - offset], line[skip[1] - offset :]
    head = head.rstrip(" \u3000（(【[")
    if tail.strip(" \u3000）)】]") not in ("", "令"):
        return ""
    return _clean_line(head)


def _title_from(
    lines: list[tuple[int, str]],
    i: int,
    line: str,
    body_start: int,
    skip: tuple[int, int] | None,
) -> tuple[int, int, str] | None:
    """The title starting at line ``i``, maybe broken over a few lines, or None. Of the joins
    of consecutive lines that read as a title the longest wins; a blank line may split a
    title only where the part before it is not one already and the part after it is not one
    on its own."""
    best: tuple[int, int, str] | None = None
    joined, parts, gap = "", 0, False
    for offset, part in lines[i:]:
        if joined:
            if not part:
                gap = True
                continue
            if offset >= body_start or _is_header_noise(part) or _ADDRESSEES.search(part):
                break
            if skip is not None and offset <= skip[0] < offset + len(part) + 1:
                break
            if best is not None and (gap or looks_like_title(part)):
                break
        else:
            part = line
        joined += part if not joined or not joined[-1].isascii() else " " + part
        parts += 1
        if looks_like_title(joined):
            best = lines[i][0], offset + len(part), _NUMBER_TRAILER.sub("", joined)
        if parts >= _TITLE_PARTS or len(joined) > _MAX_TITLE:
            break
        gap = False
    return best


#: A trailing code or number in parentheses: 法务部组织法(01018), 条例（国务院令第768号）.
_NUMBER_TRAILER = re.compile(r"\s*[（(](?:\d+|[^（()）]{0,30}号令?)[)）]$")
_ISSUED = re.compile(
    r"(?:现|予以|现予)公布(?:修订后的|修改后的)?《(?P<title>[^《》\n。]{2,100})》"
    r"|^《(?P<title2>[^《》\n。]{2,100})》已经.{0,60}?(?:通过|同意)，现予(?:以)?公布",
    re.M,
)


def _time_line_follows(lines: list[tuple[int, str]], i: int) -> bool:
    """Whether the next non-blank line is a page's time line: a date with a time, a source or
    a field label."""
    for _, line in lines[i + 1 : i + 4]:
        if not line:
            continue
        if _CLAUSE.search(line) and not _is_field_line(line):
            return False
        return _is_field_line(line) or bool(_DATE_LINE.match(line))
    return False


_DATE_LINE = re.compile(r"^(?:\d{4}|\d{1,2})[-./年]\d{1,2}[-./月]\d{1,4}日?(?:\s|$)")


def leading_organ(title: str) -> str:
    """The issuing organs a title starts with, joined by 、; '' when it names none.

    >>> leading_organ("国务院办公厅关于建设示范基地的实施意见")
    '国务院办公厅'
    >>> leading_organ("中国人民银行 农业农村部印发《关于加强金融服务的意见》")
    '中国人民银行、农业农村部'
    >>> leading_organ("关于加快发展众创空间的实施意见")
    ''
    """
    m = _LEADING_ORGAN.match(title)
    if m is None:
        return ""
    return "、".join(split_organs(m.group("organ")))


def _banner_organ(lines: list[tuple[int, str]]) -> str:
    """The organs of the banner: its line (XX文件, or 文件 alone) and the lines of organs
    printed above and below it (a joint banner stacks one organ per line)."""
    head = lines[:16]
    for i, (_, line) in enumerate(head):
        organ = _banner_organ_of(line)
        if not organ and line.replace(" ", "") != "文件":
            continue
        organs = _organ_run(reversed(head[:i]))[::-1]
        if organ:  # 文件 alone ends the stack; XX文件 may have organs below it too
            organs += [*organ.split("、"), *_organ_run(head[i + 1 :])]
        if organs:
            return "、".join(dict.fromkeys(organs))
    return ""


def _organ_run(lines: Iterable[tuple[int, str]]) -> list[str]:
    """The organs of the consecutive organ-only lines at the start of ``lines``."""
    organs: list[str] = []
    for _, line in lines:
        found = split_organs(line) if line and not _is_site_line(line) else []
        if not found:
            break
        organs.extend(found)
    return organs


def _signature_organ(text: str, signed: DateMention | None) -> str:
    """The organs named on the lines right above the signing date (found in ``text`` by its
    raw form: the date was read from the text as loaded)."""
    if signed is None:
        return ""
    pos = text.find(signed.raw)
    while pos >= 0:
        organs = signature_above(text, pos)
        if organs:
            return "、".join(organs)
        pos = text.find(signed.raw, pos + len(signed.raw))
    return ""


def _field_issuer(layout: Layout) -> str:
    """The issuers of a 发文机关/发布机构 field, joined by 、."""
    value = _clean_line(layout.value("issuer"))
    organs = split_organs(value)
    return "、".join(organs) if organs else value if is_organ(value) else ""


def _field_title(layout: Layout) -> str:
    """The title of a 标题 field (gov.cn's table), cleaned of a trailing number."""
    value = _NUMBER_TRAILER.sub("", _clean_line(layout.value("title")))
    return value if 4 <= len(value) <= _MAX_TITLE else ""


_CARRIER = re.compile(
    r"(?:印发|发布|颁布|公布)(?:修订后的|修订的)?[《〈<](?P<inner>.+)[》〉>]的(?:通知|通告|公告|决定|令)"
)
_CARRIER_UNMARKED = re.compile(
    r"关于(?:印发|发布|颁布|公布)(?P<inner>[^《》〈〉<>]{4,}?)的(?:通知|通告|公告|决定)$"
)
_TITLE_MARKS = re.compile(r"[\s《》〈〉<>“”\"'‘’「」『』、，,.。·:：;；!！?？\-—–]+")
_KEY_PREFIX = re.compile(r"^中华人民共和国")
_KEY_TRAILER = re.compile(
    r"[（(](?:试行|暂行|草案|征求意见稿|修订|修正|\d{4}年(?:修订|修正)?)[)）]$"
)


def carried_title(title: str) -> str:
    """The title of the text a wrapper notice issues: 关于印发《X》的通知 (or without the
    marks) → X; '' otherwise.

    >>> carried_title("国务院办公厅关于印发《国务院工作规则》的通知")
    '国务院工作规则'
    >>> carried_title("青岛市人民政府办公厅关于印发青岛市示范基地建设工作方案的通知")
    '青岛市示范基地建设工作方案'
    """
    m = _CARRIER.search(title) or _CARRIER_UNMARKED.search(title)
    return m.group("inner") if m else ""


@lru_cache(maxsize=1 << 16)
def title_key(title: str) -> str:
    """A title reduced to what identifies it: no spaces, quotation or title marks, no
    中华人民共和国 prefix and no trailing （试行）/（2019年修订）. Expects normalized text.

    >>> title_key("《中华人民共和国 行政许可法（2019年修正）》")
    '行政许可法'
    >>> title_key("关于“双随机、一公开”的意见（试行）") == title_key("关于双随机一公开的意见")
    True
    """
    key = title.strip()
    while True:
        stripped = _KEY_TRAILER.sub("", key.strip("《》〈〉<> \u3000"))
        if stripped == key:
            break
        key = stripped
    key = _TITLE_MARKS.sub("", key)
    key = key.replace("(", "（").replace(")", "）")
    return _KEY_PREFIX.sub("", key)


def _first(mentions: list[DateMention], role: str) -> DateMention | None:
    for m in mentions:
        if m.role == role and m.precision not in ("year", "month") and "/" not in m.value:
            return m
    return None


def find_meta(
    text: str,
    *,
    doc: str = "",
    script: str | None = None,
    chars: int | None = None,
    numbers: list[DocNumber] | None = None,
    original: str | None = None,
) -> DocumentMeta:
    """The identity of one document, read from its normalized ``text``
    (:func:`policytool.normalize.normalize_text`): title, own number, issuer, signed and
    published dates. ``script`` and ``chars`` describe the text as loaded (they default to
    ``text``'s own); ``numbers`` are the numbers already found in ``text``, if any.

    ``original`` is the text as loaded, before normalization: the dates are read from it,
    with :func:`policytool.dates.find_dates` over all of it, so ``signed`` and ``published``
    are the first ``signed`` and ``published`` days ``policytool dates`` reports, and a
    ``发布时间：`` line that normalization cleans of its page furniture still counts.
    """
    if numbers is None:
        numbers = list(find_docnums(text))
    layout = read_layout(text)
    own = find_own_docnum(text, numbers)
    skip = (own.start, own.end) if own is not None else None
    lines = _header_lines(text, layout.body_start)
    title = _field_title(layout) or find_title(
        text, skip=skip, lines=lines, body_start=layout.body_start
    )[2]
    mentions = list(find_dates(original if original is not None else text))
    signed, published = _first(mentions, "signed"), _first(mentions, "published")
    issuer = (
        _field_issuer(layout)
        or _banner_organ(lines)
        or leading_organ(title)
        or _signature_organ(text, signed)
        or (own.agency if own is not None else "")
    )
    return DocumentMeta(
        doc=doc,
        title=title,
        docnum=own.canonical if own is not None else "",
        issuer=issuer,
        signed=signed.value if signed else "",
        published=published.value if published else "",
        script=script if script is not None else detect_script(text),
        chars=len(text) if chars is None else chars,
        docnum_key=own.key if own is not None else None,
        carries=carried_title(title),
    )
