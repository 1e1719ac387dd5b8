"""A document's layout, read once: where its body starts and ends, its metadata block, how its
lines look when scraping damage is set aside, and who signs it.

Every module that asks "is this line in the header?", "is this an organ?" or "what does the
label say?" asks here — :mod:`policytool.meta` (title, issuer, number, dates),
:mod:`policytool.dates` (roles) and :mod:`policytool.normalize.boilerplate` (the header and
footer zones) — so a line means the same to all of them.

- **Body**: from the first line that ends a sentence (``。！？!?；``, maybe followed by a
  closing mark) to the end of the last one. What comes before is the header (site name,
  navigation, headline, number, banner, metadata block, addressees); after, the footer
  (signature, date, 抄送/印发 lines, page furniture).
- **Fields**: the labelled lines of the header, in either script and with the spacing pages
  put inside labels (``标　　题：``, ``索 引 号：``): inline (``发布时间：2020-05-06 来源：X``,
  several on a line) or with the value on the next non-blank line (gov.cn's table).
- **Bare lines**: a line without blanks, lost-space ``?`` runs and broken ``&nbsp`` at its ends,
  so ``2018年12月7日??????`` and ``国务院办公厅 ? ? ?`` read as what they were.
- **Organs and signatures**: :func:`is_organ` for the ending of an issuing body's name;
  :func:`signature_above` for the organs (or person with title) on the lines right above a
  signing date.

>>> layout = read_layout("标　　题：关于X的通知\\n发文机关：某市人民政府\\n\\n"
...                      "各区：\\n现通知如下。\\n")
>>> layout.value("title"), layout.value("issuer"), layout.body_start
('关于X的通知', '某市人民政府', 29)
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

__all__ = [
    "BLANKS",
    "Field",
    "Layout",
    "bare",
    "body_bounds",
    "body_start",
    "has_label",
    "is_organ",
    "is_signer",
    "label_pattern",
    "is_sentence",
    "lines_above",
    "read_layout",
    "signature_above",
    "split_organs",
]

#: What counts as blank at a line's ends: spaces of every width, CR (pages with CRLF lines),
#: zero-width and BOM characters.
BLANKS = " \t\r\u3000\u00a0\u200b\ufeff"
#: Scraping damage that stood for blanks: ``?`` runs (lost NBSP), ``&nbsp`` with or without
#: ``;`` or with a swallowed letter.
_STRIPPED = BLANKS + "?"
_ENTITY_HEAD = re.compile(r"&n?b?s?p;?", re.IGNORECASE)
_ENTITY_TAIL = re.compile(r"&n?b?s?p;?$", re.IGNORECASE)
_END_CHARS = frozenset(_STRIPPED + "&;pP")


def bare(line: str) -> str:
    """``line`` without blanks, lost-space ``?`` and broken ``&nbsp`` at its ends; looked at
    from the ends only, so a line of megabytes costs what its ends cost.

    >>> bare("\\u3000国务院办公厅 ? ? ?"), bare("2018年12月7日??????\\r"), bare("&bsp;附件")
    ('国务院办公厅', '2018年12月7日', '附件')
    """
    if not line or (line[0] not in _END_CHARS and line[-1] not in _END_CHARS):
        return line
    while True:
        stripped = line.strip(_STRIPPED)
        if stripped.startswith("&") and (m := _ENTITY_HEAD.match(stripped)) is not None:
            stripped = stripped[m.end() :]
        if stripped.endswith((";", "p", "P")) and (
            m := _ENTITY_TAIL.search(stripped, max(0, len(stripped) - 6))
        ):
            stripped = stripped[: m.start()]
        if stripped == line:
            return line
        line = stripped


# --- organs --------------------------------------------------------------------------------

#: How the name of an issuing body ends (国务院办公厅, 财政部, 最高人民法院, 中共中央, XX海关 …).
ORGAN_ENDINGS = (
    "人民政府", "政府", "办公厅", "办公室", "委员会", "人民法院", "人民检察院", "人民银行", "银行",
    "国务院", "中共中央", "总局", "党组", "海关", "部", "委", "局", "厅", "署", "院", "会", "办",
    "中心", "公司", "处", "行", "社", "所", "站", "队",
)  # fmt: skip
_ORGAN_RE = re.compile("(?:" + "|".join(sorted(ORGAN_ENDINGS, key=len, reverse=True)) + ")$")
_ORGANS_SEPARATOR = re.compile(r"[、，,]+")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
#: Names that end like an organ but are a page's sections: 新闻中心, 资讯中心.
_NOT_ORGAN = re.compile(r"^(?:新闻|资讯|信息发布|互动|服务)中心$|(?:首页|网站|门户|客户端)$")


def is_organ(name: str) -> bool:
    """Whether ``name`` ends the way the name of an issuing body does.

    >>> is_organ("国家发改委办公厅"), is_organ("青岛日报"), is_organ("深圳海关")
    (True, False, True)
    """
    return _ORGAN_RE.search(name) is not None and _NOT_ORGAN.search(name) is None


def split_organs(line: str) -> list[str]:
    """The organs of a line that names only organs (split on 、, commas and spaces), or [].

    >>> split_organs("国家发展改革委　国务院国资委、审计署")
    ['国家发展改革委', '国务院国资委', '审计署']
    >>> split_organs("中 央 网 信 办"), split_organs("工业和信息化部")
    (['中央网信办'], ['工业和信息化部'])
    >>> split_organs("国务院关于X的通知")
    []
    """
    parts = []
    for chunk in _ORGANS_SEPARATOR.split(bare(line)):
        # 中 央 网 信 办, 科 技 部: characters spaced out are one name.
        run = ""
        for word in _SPACES.split(chunk):
            if len(word) == 1:
                run += word
                continue
            if run:
                parts.append(run)
                run = ""
            if word:
                parts.append(word)
        if run:
            parts.append(run)
    if not parts or not all(2 <= len(p) <= 40 and is_organ(p) for p in parts):
        return []
    return parts


# --- the body ------------------------------------------------------------------------------

_SENTENCE_END_CHAR = re.compile(r"[。！？!?；]")
_CLOSERS = "”’」』）)"


def is_sentence(line: str) -> bool:
    """Whether ``line`` ends a sentence (。！？!?； and closing marks): looked at from its end,
    so a line of megabytes costs what its last characters cost.

    >>> is_sentence("现将有关事项通知如下。"), is_sentence("各省人民政府："), is_sentence("??")
    (True, False, False)
    """
    end = bare(line).rstrip(_CLOSERS)
    return bool(end) and end[-1] in "。！？!?；" and len(end) >= 4


def body_start(text: str) -> int | None:
    """Where the body starts: the first line that ends a sentence; None when no line does."""
    pos = 0
    while (m := _SENTENCE_END_CHAR.search(text, pos)) is not None:
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = line_end if line_end >= 0 else len(text)
        if is_sentence(text[line_start:line_end]):
            return line_start
        pos = line_end + 1  # each line looked at once, whatever its number of 。
    return None


def body_bounds(text: str) -> tuple[int, int] | None:
    """``(start, end)`` of the body: the first line that ends a sentence and the end of the
    last one; None when no line does (a list, a table, a headline alone).

    >>> body_bounds("首页\\n关于X的通知\\n现通知如下。\\n一、要求。\\n某市政府\\n")
    (10, 22)
    """
    start = body_start(text)
    if start is None:
        return None
    return start, _body_end(text, start)


def _body_end(text: str, start: int) -> int:
    # Lines are walked from the end: footers are short, and an ``rfind`` for a character the
    # text lacks would scan all of it.
    end = len(text)
    while end > start:
        line_start = text.rfind("\n", 0, end) + 1
        if is_sentence(text[line_start:end]):
            break
        end = line_start - 1
    return max(end, start)


# --- lines around a point --------------------------------------------------------------------

#: How far back lines are looked for above a point: a signature block is a few short lines.
_ABOVE_CHARS = 400


def lines_above(text: str, start: int, limit: int = 4) -> Iterator[str]:
    """The non-blank lines above the line holding ``start``, nearest first, bare, at most
    ``limit`` of them and never further than a few hundred characters back."""
    floor = max(0, start - _ABOVE_CHARS)
    end = text.rfind("\n", floor, start)
    found = 0
    while end > floor and found < limit:
        begin = text.rfind("\n", floor, end) + 1
        if begin == 0 and floor > 0:
            return  # a line longer than the window: not a short line close by
        line = bare(text[begin:end])
        end = begin - 1
        if line:
            found += 1
            yield line


#: A person signing with a title: 省长 李明, 主任：王五, 部长　张三.
_PERSON = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,12}?)?(?:主席|书记|省长|市长|县长|区长|部长|局长|主任|厅长|署长|行长|"
    r"院长|总理|委员长|会长|理事长|负责人|董事长|总经理)[ \t\u3000:：]*[\u4e00-\u9fff·]{2,4}$"
)
#: Lines a signature block may hold besides names: （公章）, （此件公开发布）, （联系人：…）.
_SEAL = re.compile(r"^[（(](?:公章|印章|盖章|签章|此件[^）)]{0,8}|联系人[^）)]{0,30})[）)]$")


def is_signer(line: str) -> bool:
    """Whether a (bare) line is one a signature block is made of: organs or a person with title.

    >>> is_signer("兰州市发展改革委"), is_signer("省长　李明"), is_signer("现通知如下。")
    (True, True, False)
    """
    if len(line) > 60 or _CLAUSE.search(line):
        return False
    return bool(split_organs(line) or _PERSON.match(line) or _SEAL.match(line))


_CLAUSE = re.compile(r"[。，；！？,;!]")


def signature_above(text: str, start: int) -> list[str]:
    """The organs signing above the date line at ``start``, top first (a seal line skipped,
    one organ per line or several on one), or [] when the lines above are not a signature.

    >>> signature_above("…如下。\\n兰州市发展改革委\\n\\n兰州市城关区人民政府\\n2017年8月31日", 36)
    ['兰州市发展改革委', '兰州市城关区人民政府']
    """
    organs: list[str] = []
    for line in lines_above(text, start):
        if _SEAL.match(line):
            continue
        found = split_organs(line)
        if not found or len(line) > 60:
            break
        organs[:0] = found
    return organs


# --- fields ----------------------------------------------------------------------------------

#: Each field's labels, in simplified and traditional script; a label is written with any
#: spacing between its characters (标　　题, 索 引 号).
FIELD_LABELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("index", ("索引号", "索引號")),
    ("topic", ("主题分类", "主題分類", "主题词", "主題詞", "分类", "分類")),
    ("issuer", ("发文机关", "發文機關", "发布机构", "發布機構", "发文单位", "發文單位",
                "发布单位", "發布單位", "制发机关", "製發機關", "颁布机关", "頒布機關")),
    ("signed", ("成文日期", "成文时间", "成文時間", "发文日期", "發文日期", "印发日期",
                "印發日期")),
    ("title", ("标题", "標題", "文件名称", "文件名稱")),
    ("docnum", ("发文字号", "發文字號", "文号", "文號", "文件编号", "文件編號")),
    ("published", ("发布日期", "發布日期", "发布时间", "發布時間", "公布日期", "发表时间",
                   "發表時間", "更新时间", "更新時間", "时间", "時間", "日期")),
    ("effective", ("施行日期", "实施日期", "實施日期", "生效日期", "施行时间", "实施时间",
                   "生效时间")),
    ("status", ("时效性", "時效性", "效力状态", "效力狀態", "有效性", "效力级别", "效力級別")),
    ("source", ("来源", "來源", "信息来源", "信息來源", "稿源", "文章来源", "文章來源")),
    ("author", ("作者", "编辑", "編輯", "责任编辑", "責任編輯")),
    ("views", ("点击", "點擊", "浏览", "瀏覽", "阅读", "閱讀", "浏览次数", "点击数")),
)  # fmt: skip
_NAME_OF = {label: name for name, labels in FIELD_LABELS for label in labels}
_GAP = "[ \u3000\u00a0]*"
_LABEL = "|".join(_GAP.join(label) for label in sorted(_NAME_OF, key=len, reverse=True))
#: A label where it starts a field: at the line's start or after a blank, ｜, 【 or [.
_FIELD = re.compile(rf"(?m)(?:^|(?<=[\s|｜【\[/]))(?P<label>{_LABEL}){_GAP}[:：]")
#: Where an inline value ends besides the next label: page furniture in brackets.
_VALUE_END = re.compile(r"【|\[|\s{3,}|[|｜]")
#: How far down a metadata block can stand, in lines and characters.
_HEADER_LINES = 60
_HEADER_CHARS = 6000
_MAX_VALUE = 200


@dataclass(frozen=True, slots=True)
class Field:
    """One labelled value of the metadata block: ``text[start:end] == value``."""

    name: str
    label: str
    value: str
    start: int
    end: int


def label_pattern(name: str) -> str:
    """A regular expression for the labels of field ``name``, with their spacing."""
    labels = next(labels for field, labels in FIELD_LABELS if field == name)
    return "|".join(_GAP.join(label) for label in sorted(labels, key=len, reverse=True))


def has_label(line: str) -> bool:
    """Whether ``line`` holds a field label (标　　题：, 发布时间：, 来源：)."""
    return _FIELD.search(line) is not None


def field_name(label: str) -> str | None:
    """The field a label names, whatever its spacing: ``标　　题`` → ``title``."""
    return _NAME_OF.get(re.sub(_GAP, "", label))


def _fields(text: str, stop: int) -> list[Field]:
    """The fields of the header ``text[:stop]`` (at most :data:`_HEADER_LINES` lines): found
    in one pass of the label pattern, so a header without labels costs one search."""
    pos = 0
    for _ in range(_HEADER_LINES):
        newline = text.find("\n", pos, stop)
        if newline < 0:
            break
        pos = newline + 1
    else:
        stop = pos
    by_line: dict[int, list[re.Match[str]]] = {}
    for m in _FIELD.finditer(text, 0, stop):
        by_line.setdefault(text.rfind("\n", 0, m.start()) + 1, []).append(m)
    fields: list[Field] = []
    for line_start, found in by_line.items():
        line_end = text.find("\n", line_start, stop)
        line_end = stop if line_end < 0 else line_end
        for i, m in enumerate(found):
            name = field_name(m.group("label"))
            assert name is not None
            empty = Field(name, m.group("label"), "", 0, 0)
            value_end = found[i + 1].start() if i + 1 < len(found) else line_end
            cut = _VALUE_END.search(text, m.end(), value_end)
            found_field = _value_field(
                empty, text, m.end(), cut.start() if cut is not None else value_end
            )
            if found_field.value:
                fields.append(found_field)
            elif i + 1 == len(found) and not bare(text[m.end() : line_end]):
                # A label alone on its line (gov.cn's table): the value is the next line.
                after = _next_line(text, line_end + 1, stop)
                if after is not None:
                    fields.append(_value_field(empty, text, *after))
    return fields


def _next_line(text: str, pos: int, stop: int) -> tuple[int, int] | None:
    """The next non-blank line from ``pos`` as ``(start, end)``, if it is a value: short and
    not a label line itself."""
    while pos < stop:
        end = text.find("\n", pos, stop)
        end = stop if end < 0 else end
        line = bare(text[pos:end])
        if line:
            if len(line) > _MAX_VALUE or has_label(line):
                return None
            return pos, end
        pos = end + 1
    return None


def _value_field(field: Field, text: str, start: int, end: int) -> Field:
    """``field`` with the value ``text[start:end]`` trimmed of blanks and damage."""
    raw = text[start:end]
    value = bare(raw)
    if not value:
        return field
    start += raw.find(value)
    return Field(field.name, field.label, value, start, start + len(value))


# --- the layout ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """The layout of one text (see the module's docstring). ``body_start`` and ``body_end``
    are ``len(text)`` when no line ends a sentence (all of it is header)."""

    text: str = dataclasses.field(repr=False, compare=False)
    body_start: int
    fields: tuple[Field, ...]

    @cached_property
    def body_end(self) -> int:
        """The end of the body's last line (the footer starts after it); looked for only
        when asked: a page's tail of tables costs nothing to who needs only the header."""
        if self.body_start >= len(self.text):
            return len(self.text)
        return _body_end(self.text, self.body_start)

    def field(self, name: str) -> Field | None:
        """The first field named ``name`` (``title``, ``issuer``, ``docnum``, ``signed`` …)."""
        return next((f for f in self.fields if f.name == name), None)

    def value(self, name: str) -> str:
        found = self.field(name)
        return found.value if found is not None else ""

    def field_at(self, start: int) -> Field | None:
        """The field whose value holds offset ``start``, if any."""
        return next((f for f in self.fields if f.start <= start < f.end), None)



def read_layout(text: str) -> Layout:
    """The layout of ``text`` (see the module's docstring)."""
    start = body_start(text)
    start = len(text) if start is None else start
    return Layout(text, start, tuple(_fields(text, min(len(text), start, _HEADER_CHARS))))
