"""Official document numbers (发文字号): find, parse, canonicalize, check, map to agencies.

A number is 机关代字 + year + serial (GB/T 9704-2012 §7.2.5): ``国办发〔2017〕54号``. Real text
writes it every way: other brackets (``[] () （） 【】 ﹝﹞ 〈〉``, mixed pairs), full-width
digits, spaces and line breaks between the parts, ``第`` before the serial, zero padding,
the legacy ``字``, traditional script and pinyin annotations (``國辦發(fā)〔2017〕54號``).

The scan anchors on the rare core — an opening bracket, a four-digit year, a closing bracket,
a serial and 号 — and only then walks left over the code, so it never starts a match at every
Chinese character (a ``[CJK]{1,12}`` prefix regex is ~20x slower and grabs ``按照财库`` as a
code). Orders (``国务院令第711号``) and announcements (``国家税务总局公告2018年第18号``) are
their own kinds.

>>> n = parse_docnum("国办发[2017]054号")
>>> n.canonical, n.problems, n.agency
('国办发〔2017〕54号', ('bracket', 'padding'), '国务院办公厅')
>>> [m.canonical for m in find_docnums("按照财库〔2022〕3号和財金(jīn)〔2017〕8号、9号文件")]
['财库〔2022〕3号', '财金〔2017〕8号', '财金〔2017〕9号']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from itertools import chain
from typing import ClassVar, Literal

from policytool.data import read_table
from policytool.io import columns as records
from policytool.text.layout import label_pattern
from policytool.text.patterns import ANNOTATION, is_han

__all__ = [
    "COLUMNS",
    "Agency",
    "DocNumber",
    "find_docnums",
    "find_own_docnum",
    "lookup_agency",
    "parse_docnum",
]

COLUMNS = records.DOCNUM

Kind = Literal["number", "order", "announcement"]

# --- the parts of a number, as regex pieces -------------------------------------------------
_OPEN = re.escape("〔［【﹝〈[(（")
_CLOSE = re.escape("〕］】﹞〉])）")
_DIGIT = "0-9０-９"
_ANNOTATION = ANNOTATION  # a pinyin annotation scraped after a character: 發(fā)
_SP = r"[ \t\r\n\u3000\u00a0]*"  # spacing allowed between the parts of a number
# 号 not followed by what makes it an address or a count (3号楼, 5号线, 2号院).
_HAO = rf"[号號](?:{_ANNOTATION})?(?![楼院线路门馆房室])"
_YEAR = rf"[12１２][{_DIGIT}]{{3}}"
_SERIAL = rf"(?P<di>第{_SP})?(?P<serial>[{_DIGIT}]{{1,6}})"

# 1. bracketed year: 代字〔2017〕54号, 中国人民银行令〔2022〕第2号, (code-less) 〔2014〕90号
_BRACKETED = (
    rf"(?P<open>[{_OPEN}]){_SP}(?P<year>{_YEAR}){_SP}(?P<close>[{_CLOSE}]){_SP}"
    rf"{_SERIAL}{_SP}{_HAO}"
)
# 2. an order without a year: 国务院令第711号 (the issuer is walked to on the left)
# (and with the year written out: 商务部令2019年第1号)
_ORDER = (
    rf"(?P<ling>[令])(?:{_ANNOTATION})?{_SP}(?:(?P<oyear>{_YEAR}){_SP}年{_SP})?"
    rf"第{_SP}(?P<oserial>[{_DIGIT}]{{1,6}}){_SP}{_HAO}"
)
# 3. an announcement: 国家税务总局公告2018年第18号, 应急管理部公告（2019年 第11号）
_ANNOUNCEMENT = (
    rf"(?P<gonggao>公告){_SP}(?P<aopen>[(（])?{_SP}(?P<ayear>{_YEAR}){_SP}年{_SP}"
    rf"(?P<adi>第{_SP})?(?P<aserial>[{_DIGIT}]{{1,6}}){_SP}{_HAO}(?:{_SP}(?P<aclose>[)）]))?"
)
# Three scans merged by position, not one alternation: sre finds each core at 300-4,700 MB/s
# alone, but an alternation of them runs at ~40 MB/s (docs/benchmarks.md).
_BRACKETED_RE = re.compile(_BRACKETED)
_ORDER_RE = re.compile(_ORDER)
_ANNOUNCEMENT_RE = re.compile(_ANNOUNCEMENT)
_SCANS = (_BRACKETED_RE, _ORDER_RE, _ANNOUNCEMENT_RE)

#: More serials after a number share its code and year: 财金〔2017〕8号、9号 (也 〔2018〕…).
_CONTINUATION = re.compile(
    rf"{_SP}[、，,和及与]{_SP}(?P<di>第{_SP})?(?P<serial>[{_DIGIT}]{{1,6}}){_SP}{_HAO}"
)

_ANNOTATION_RE = re.compile(_ANNOTATION)

#: Words after which a code starts (matched on the simplified text left of the bracket):
#: prepositions and verbs that introduce a citation, the ends of titles, and the ends of
#: agency names glued before a code (苏州市住房和城乡建设局苏住建规〔2011〕4号).
_VERB_BOUNDARIES = (
    "按照", "根据", "依据", "依照", "参照", "对照", "遵照", "结合", "贯彻", "落实", "执行",
    "印发", "转发", "下发", "颁发", "发布", "废止", "抄送", "附件", "文件", "精神", "要求",
    "规定", "通知", "意见", "办法", "决定", "方案", "批复", "公报", "通告", "通报", "纪要",
    "报告", "请示", "议案", "规划", "纲要", "条例", "细则", "措施", "指南", "决议", "命令",
    "实施", "关于", "本", "的", "和", "与", "及", "或", "按", "据", "依", "见", "在", "是",
    "为", "以", "对", "将", "由", "从", "并", "了", "等", "之", "于", "其", "即", "把", "被",
    "向", "经过", "通过", "号", "年", "月", "日",
)  # fmt: skip
#: Names that contain boundary characters but are never split: 中华人民共和国 holds 和.
_ATOMIC_NAMES = ("中华人民共和国",)
#: Document-type words that end titles: a code never ends with one.
_GENRES = (
    "通知", "意见", "办法", "决定", "规定", "方案", "批复", "公报", "通告", "通报", "纪要",
    "报告", "请示", "议案", "规划", "纲要", "条例", "细则", "措施", "指南", "决议", "命令",
    "解释", "规则", "答复",
)  # fmt: skip
_AGENCY_ENDINGS = (
    "人民政府", "政府", "办公厅", "办公室", "委员会", "人民法院", "人民检察院", "检察院",
    "法院", "局", "中心", "公司", "集团", "大学",
)  # fmt: skip
#: A provincial or city department glued before a code: 省财政厅|鲁财预 (but 人社厅发 and
#: 工信厅装 are codes: 厅 ends a name only after a place).
_PLACE_DEPARTMENT = re.compile("(?:[省市区县州]|自治区)[\u4e00-\u9fff]{1,5}?厅")
#: A "code" that only names an organ is a number without a code: 区政府〔2019〕8号, 市委〔2020〕3号.
_ORGAN_ONLY = re.compile(
    "(?:[省市区县州旗镇乡]|自治区|自治州)?(?:人民政府|政府|党委|委|人大常委会|人大|政协|党组)"
)
#: Longest code we accept: 工信部联企业, 发改办高技, 国办发明电 are 5-6 characters.
_MAX_CODE = 10


@dataclass(frozen=True)
class Agency:
    """One row of the shipped code table (``policytool/data/agencies.tsv``)."""

    code: str
    name: str
    level: str
    valid_from: int | None
    valid_to: int | None
    ambiguous: bool
    source: str

    def valid_in(self, year: int | None) -> bool:
        if year is None:
            return True
        if self.valid_from is not None and year < self.valid_from:
            return False
        return not (self.valid_to is not None and year > self.valid_to)


@dataclass(frozen=True)
class DocNumber(records.Record):
    """A document number found in a text (or parsed from a string).

    ``start``/``end`` index the text as given; ``raw`` is that span. ``code`` is the issuer
    code in simplified script without annotations (``""`` when the number has none);
    ``serial`` is an integer. ``problems`` lists each deviation of ``raw`` from GB/T 9704-2012:
    ``bracket`` (not 〔〕), ``di`` (第 before the serial), ``padding`` (leading zeros),
    ``fullwidth`` (full-width digits), ``spacing`` (spaces or line breaks inside), ``zi``
    (legacy 字 in the code), ``traditional``, ``annotated`` (pinyin inside), ``codeless``,
    ``inherited`` (code and year taken from the number before it in a list), ``anachronism``
    (the code was not in use in that year).
    """

    COLUMNS: ClassVar[tuple[str, ...]] = COLUMNS

    start: int
    end: int
    raw: str
    code: str
    year: int | None
    serial: int
    kind: Kind = "number"
    problems: tuple[str, ...] = ()
    agency: str = ""
    agencies: tuple[str, ...] = field(default=(), compare=False)

    @property
    def issuer_code(self) -> str:
        """The code as cited: ``国办发``; ``国务院令`` for orders; ``…公告`` for announcements."""
        if self.kind == "order":
            return f"{self.code}令"
        if self.kind == "announcement":
            return f"{self.code}公告"
        return self.code

    @property
    def canonical(self) -> str:
        """The GB/T 9704-2012 form: ``代字〔YYYY〕N号`` (orders ``…令〔YYYY〕第N号`` or
        ``…令第N号``, announcements ``…公告YYYY年第N号``)."""
        if self.kind == "order":
            year = f"〔{self.year}〕" if self.year is not None else ""
            return f"{self.code}令{year}第{self.serial}号"
        if self.kind == "announcement":
            return f"{self.code}公告{self.year}年第{self.serial}号"
        return f"{self.code}〔{self.year}〕{self.serial}号"

    @property
    def key(self) -> tuple[str, str, int | None, int]:
        """What identifies the document cited, whatever the spelling: kind, code, year, serial.

        >>> parse_docnum("國辦發[2017]第054號").key == parse_docnum("国办发〔2017〕54号").key
        True
        """
        return (self.kind, self.code, self.year, self.serial)


# --- the agency table -------------------------------------------------------------------------


def _int_or_none(value: str) -> int | None:
    return int(value) if value else None


@cache
def _agency_table() -> dict[str, tuple[Agency, ...]]:
    table: dict[str, list[Agency]] = {}
    for row in read_table("agencies.tsv"):
        agency = Agency(
            code=row["code"],
            name=row["agency"],
            level=row["level"],
            valid_from=_int_or_none(row["valid_from"]),
            valid_to=_int_or_none(row["valid_to"]),
            ambiguous=row["ambiguous"] == "yes",
            source=row["source"],
        )
        table.setdefault(agency.code, []).append(agency)
    return {code: tuple(rows) for code, rows in table.items()}


@lru_cache(maxsize=4096)
def lookup_agency(code: str, year: int | None = None) -> tuple[Agency, ...]:
    """The agencies that use ``code`` (in ``year``): the longest table code that the code
    starts with, so department series map to their organ (``发改办高技`` → 发改办, ``国科发专`` →
    国科发). Several rows mean the code is shared (青政 is 青海 and 青岛).

    >>> [a.name for a in lookup_agency("发改办高技", 2017)]
    ['国家发展和改革委员会办公厅']
    >>> sorted(a.name for a in lookup_agency("青政发", 2016))
    ['青岛市人民政府', '青海省人民政府']
    """
    table = _agency_table()
    for length in range(len(code), 0, -1):
        rows = table.get(code[:length])
        if rows:
            # Department suffixes are short: 发改 + 办高技 yes, 财 + 政部门 … no.
            if len(code) - length > 4:
                return ()
            return tuple(r for r in rows if r.valid_in(year))
    return ()


def _place(name: str) -> str:
    """The most local place in an agency name, as text names it: 青岛市人民政府 → 青岛,
    无锡市惠山区人民政府 → 惠山, 宁夏回族自治区人民政府 → 宁夏."""
    parts = re.findall(r"(.+?)(?:自治区|省|市|区|县)", name)
    return parts[-1][:2] if parts else name


def _resolve_agency(
    code: str, year: int | None, context: str | None
) -> tuple[str, tuple[str, ...]]:
    """``(agency, candidates)``: one agency, or none with the candidates when the code is shared
    and the context (the document's text) does not name exactly one of their places."""
    rows = lookup_agency(code, year) if code else ()
    names = tuple(dict.fromkeys(r.name for r in rows))
    if len(names) == 1:
        return names[0], names
    if len(names) > 1 and context:
        mentioned = [n for n in names if _place(n) in context]
        if len(mentioned) == 1:
            return mentioned[0], names
    return "", names


# --- simplified script for codes ------------------------------------------------------------


@lru_cache(maxsize=4096)
def _simplify(chars: str) -> str:
    """Codes are short and repeat: convert each distinct one once, character for character
    (a code is an abbreviation, not a phrase), with normalize's converter."""
    from policytool.text.script import traditional_chars

    traditional = traditional_chars()
    if not any(ch in traditional for ch in chars):
        return chars
    from policytool.normalize import to_simplified

    out = to_simplified(chars)
    return out if len(out) == len(chars) else chars


# --- finding ----------------------------------------------------------------------------------

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _to_int(digits: str) -> int:
    return int(digits.translate(_FULLWIDTH_DIGITS))


def _code_before(text: str, pos: int, *, issuer: bool) -> tuple[int, str, bool, bool]:
    """Walk left from ``pos`` over the code (or, for orders and announcements, the issuer's
    name). Returns ``(start, simplified code, had traditional, had annotations)``; ``start``
    is ``pos`` when there is no code."""
    i = pos
    while i > 0 and text[i - 1] in " \t\r\n\u3000":
        i -= 1  # 银发 〔2021〕: spacing between code and bracket
    crossed_line = "\n" in text[i:pos]
    # Collect the CJK characters leftwards (at most 24), stepping over annotations: 發(fā).
    chars: list[str] = []
    offsets: list[int] = []
    annotated = False
    while i > 0 and len(chars) < 24:
        ch = text[i - 1]
        if ch in ")）":
            opening = max(
                text.rfind("(", max(0, i - 9), i - 1), text.rfind("（", max(0, i - 9), i - 1)
            )
            if (
                opening > 0
                and is_han(text[opening - 1])
                and _ANNOTATION_RE.fullmatch(text, opening, i)
            ):
                annotated = True
                i = opening
                continue
            break
        if ch in " \u3000" and chars and not issuer and _split_code(text, i - 1, chars):
            i -= 1  # 国 办发〔2017〕54号: a space inside a known code is read through
            continue
        if ch == "\n" and issuer and 0 < len(chars) < 4 and i >= 2 and is_han(text[i - 2]):
            i -= 1  # 监督管理委⏎员会令: a hard-wrapped line inside the issuer's name
            continue
        if not is_han(ch):
            break
        chars.append(ch)
        offsets.append(i - 1)
        i -= 1
    if not chars:
        return pos, "", False, False
    if crossed_line and i > 0 and text[i - 1] not in "\n \t\u3000":
        # 安委办⏎﹝⏎2018… is one number laid out a part per line; a sentence that ends a line
        # before a bracket is not its code.
        return pos, "", False, False
    chars.reverse()
    offsets.reverse()
    original = "".join(chars)
    simple = _simplify(original)
    cut = _boundary(simple, issuer=issuer)
    cut = max(cut, len(simple) - (24 if issuer else _MAX_CODE))
    if not issuer:
        cut += _known_code_start(simple[cut:])
    code = simple[cut:]
    if not code or (not issuer and (code.endswith(_GENRES) or _ORGAN_ONLY.fullmatch(code))):
        # …的意见〔2014〕90号: a title, then a code-less number; 区政府〔2019〕8号: an organ
        return pos, "", False, False
    traditional = original[cut:] != code
    return offsets[cut], code, traditional, annotated and _has_annotation(text, offsets[cut], pos)


def _split_code(text: str, space: int, right: list[str]) -> bool:
    """Whether the space at ``text[space]`` splits a known code (国 办发): the one or two
    characters left of it and the run right of it (``right``, collected leftwards) make a
    code of the table, and the right part alone does not."""
    if len(right) > 4:
        return False
    tail = _simplify("".join(reversed(right)))
    if lookup_agency(tail):
        return False
    for width in (1, 2):
        head = text[max(0, space - width) : space]
        if len(head) == width and all(map(is_han, head)) and lookup_agency(_simplify(head) + tail):
            return True
    return False


#: Characters that end a place or organ name: 青岛市|青政发, 财政部|财金.
_NAME_ENDS = "市省区县州盟旗部委厅院会署行"


@lru_cache(maxsize=8192)
def _known_code_start(chars: str) -> int:
    """Where a known code starts inside ``chars`` when a name is glued before it with no
    boundary word (青岛市青政发 → 3); 0 when ``chars`` itself starts with a known code or no
    known code follows a name ending."""
    if lookup_agency(chars):
        return 0
    for i in range(1, len(chars)):
        if chars[i - 1] in _NAME_ENDS and lookup_agency(chars[i:]):
            return i
    return 0


def _has_annotation(text: str, start: int, end: int) -> bool:
    if ")" not in text[start:end] and "）" not in text[start:end]:
        return False
    return _ANNOTATION_RE.search(text, start, end) is not None


@lru_cache(maxsize=8192)
def _boundary(chars: str, *, issuer: bool) -> int:
    """Where the code starts in ``chars`` (the simplified CJK run left of the number): after
    the last boundary word; for a code, also after an agency name's ending."""
    cut = 0
    for name in _ATOMIC_NAMES:
        chars = chars.replace(name, "\x00" * len(name))
    # 和 inside an organ's name (国家卫生和计划生育委员会, 住房和城乡建设部) joins two fields,
    # not two organs: it is a boundary only after an organ's ending (财政部和海关总署).
    chars = _INNER_AND.sub("\x01", chars)
    words = _VERB_BOUNDARIES if issuer else _VERB_BOUNDARIES + _AGENCY_ENDINGS
    for word in words:
        at = chars.rfind(word)
        # A word at the very end leaves no code: then the run itself is the code (or name).
        if at >= 0 and cut < at + len(word) < len(chars):
            cut = at + len(word)
    if not issuer:
        for m in _PLACE_DEPARTMENT.finditer(chars, cut):
            if m.end() < len(chars):
                cut = m.end()
    if chars[cut : cut + 1] == "\x01":
        cut += 1  # the 和 right after a boundary word (本办法和财政部令) is the boundary
    return cut


_INNER_AND = re.compile(f"(?<=[^{_NAME_ENDS}局\x00])和(?=[^和]{{2,}}(?:部|委员会|总局|局|署|厅))")


def _problems(
    raw: str,
    *,
    bracket_ok: bool,
    di: bool,
    padded: bool,
    code: str,
    traditional: bool,
    annotated: bool,
) -> tuple[str, ...]:
    problems = []
    if not bracket_ok:
        problems.append("bracket")
    if di:
        problems.append("di")
    if padded:
        problems.append("padding")
    if _FULLWIDTH_RE.search(raw):
        problems.append("fullwidth")
    if _SPACE_RE.search(raw) and _SPACE_RE.search(_ANNOTATION_RE.sub("", raw)):
        problems.append("spacing")
    if code.endswith("字") or "字" in code[1:]:
        problems.append("zi")
    if traditional:
        problems.append("traditional")
    if annotated:
        problems.append("annotated")
    if not code:
        problems.append("codeless")
    return tuple(problems)


_FULLWIDTH_RE = re.compile("[０-９]")
_SPACE_RE = re.compile("[ \t\r\n\u3000\u00a0]")


def _padded(digits: str) -> bool:
    return len(digits) > 1 and digits.translate(_FULLWIDTH_DIGITS).startswith("0")


#: Issuers of orders and announcements are names, not codes: they are their own agency.
#: Deliberately narrower than :data:`policytool.text.layout.ORGAN_ENDINGS`: codes end in
#: 办, 委, 厅 and 发 (国办, 京政办, 发改委), so only endings no code has tell a name here.
_ORGAN_ENDS = ("院", "部", "局", "委员会", "政府", "银行", "署", "会", "办公厅", "办公室", "总局")
#: Short issuer names used in order numbers: 国令第711号 is 国务院令第711号.
_ISSUER_ALIASES = {"国": "国务院"}


def _issuer_name(name: str) -> str:
    """中华人民共和国国务院 and 国 are both 国务院: one key for one issuer."""
    name = name.removeprefix("中华人民共和国") or name
    return _ISSUER_ALIASES.get(name, name)


def _finish(number: DocNumber, context: str | None) -> DocNumber:
    """The number with its agency (and the ``anachronism`` problem) filled in."""
    agency, candidates, anachronism = _agency_of(number.kind, number.code, number.year, context)
    problems = (*number.problems, "anachronism") if anachronism else number.problems
    return replace(number, agency=agency, agencies=candidates, problems=problems)


def _agency_of(
    kind: Kind, code: str, year: int | None, context: str | None
) -> tuple[str, tuple[str, ...], bool]:
    """``(agency, candidates, anachronism)`` for a number's code."""
    if kind != "number" and code.endswith(_ORGAN_ENDS):
        return code, (code,), False
    agency, candidates = _resolve_agency(code, year, context)
    anachronism = bool(code) and kind == "number" and not candidates and bool(lookup_agency(code))
    return agency, candidates, anachronism


def _from_match(text: str, m: re.Match[str], context: str | None) -> DocNumber | None:
    end = m.end()
    if m.re is _BRACKETED_RE:
        start, code, trad, ann = _code_before(text, m.start(), issuer=False)
        year: int | None = _to_int(m.group("year"))
        serial_digits = m.group("serial")
        di = m.group("di") is not None
        kind: Kind = "number"
        bracket_ok = m.group("open") == "〔" and m.group("close") == "〕"
        if code.endswith("令"):
            kind, code, di = "order", code[:-1], False
            if not code:
                start, code, trad, ann = _code_before(text, start, issuer=True)
                code = code.rstrip("令")
            code = _issuer_name(code)
        elif code.endswith("公告"):
            kind, code = "announcement", _issuer_name(code[:-2])
    elif m.re is _ORDER_RE:
        start, code, trad, ann = _code_before(text, m.start(), issuer=True)
        if not code:
            return None  # 令第5号 with no issuer: not a number we can name
        code = _issuer_name(code)
        year = _to_int(m.group("oyear")) if m.group("oyear") else None
        serial_digits, di, bracket_ok = m.group("oserial"), False, True
        kind = "order"
    else:
        start, code, trad, ann = _code_before(text, m.start(), issuer=True)
        if not code:
            return None
        code = _issuer_name(code)
        year, serial_digits = _to_int(m.group("ayear")), m.group("aserial")
        di, kind = False, "announcement"
        bracket_ok = m.group("adi") is not None  # 公告2018年第18号 is the standard form
    raw = text[start:end]
    problems = _problems(
        raw,
        bracket_ok=bracket_ok,
        di=di,
        padded=_padded(serial_digits),
        code=code,
        traditional=trad or "號" in raw,
        annotated=ann or _has_annotation(text, start, end),
    )
    agency, candidates, anachronism = _agency_of(kind, code, year, context)
    return DocNumber(
        start=start,
        end=end,
        raw=raw,
        code=code,
        year=year,
        serial=_to_int(serial_digits),
        kind=kind,
        problems=(*problems, "anachronism") if anachronism else problems,
        agency=agency,
        agencies=candidates,
    )


def find_docnums(text: str, *, context: str | None = None) -> Iterator[DocNumber]:
    """Every document number in ``text``, in order of position.

    ``context`` settles shared codes (青政 is 青海 and 青岛): the agency whose place it names
    alone is chosen; it defaults to ``text`` itself. Numbers listed after one another share
    its code and year (``财金〔2017〕8号、9号``, ``国发〔2016〕3号、〔2017〕5号``).
    """
    if context is None:
        context = text
    previous: DocNumber | None = None
    pos = 0
    # A page's few dozen matches, sorted as a list: cheaper than merging the three streams.
    matches = sorted(chain.from_iterable(p.finditer(text) for p in _SCANS), key=lambda m: m.start())
    for m in matches:
        if m.start() < pos:
            continue  # inside a number already read (a continuation, an overlap)
        pos = m.end()
        number = _from_match(text, m, context)
        if number is None:
            continue
        if (
            not number.code
            and previous is not None
            and previous.code
            and re.fullmatch(rf"{_SP}[、，,和及与]{_SP}", text[previous.end : number.start])
        ):
            problems = tuple(p for p in number.problems if p != "codeless") + ("inherited",)
            number = _finish(
                replace(number, code=previous.code, kind=previous.kind, problems=problems),
                context,
            )
        yield number
        previous = number
        # Serials listed after it: 8号、9号、10号.
        while True:
            cont = _CONTINUATION.match(text, pos)
            if cont is None:
                break
            serial = cont.group("serial")
            raw = text[cont.start("di") if cont.group("di") else cont.start("serial") : cont.end()]
            start = cont.end() - len(raw)
            listed = ["inherited"]
            if cont.group("di") and number.kind == "number":
                listed.append("di")
            if _padded(serial):
                listed.append("padding")
            follower = replace(
                number,
                start=start,
                end=cont.end(),
                raw=raw,
                serial=_to_int(serial),
                problems=tuple(listed),
            )
            yield follower
            previous = follower
            pos = cont.end()


def parse_docnum(string: str) -> DocNumber:
    """Parse one number given on its own: the whole string (surrounding spaces and brackets
    aside) must be one number. Raises ``ValueError`` otherwise.

    >>> parse_docnum("〔2014〕90号").problems
    ('codeless',)
    >>> parse_docnum("国务院令第711号").canonical
    '国务院令第711号'
    """
    stripped = string.strip()
    if stripped[:1] in "（(" and stripped[-1:] in "）)":
        stripped = stripped[1:-1].strip()  # a number given in its parentheses: （国办发…号）
    found = list(find_docnums(stripped))
    if not found:
        raise ValueError(f"not a document number: {string!r}")
    first = found[0]
    leftover = stripped[: first.start] + stripped[first.end :]
    if leftover.strip() or len(found) > 1:
        raise ValueError(f"not a single document number: {string!r}")
    return first


# --- a document's own number -------------------------------------------------------------

#: How far into a document its own number can stand: the header, or the header of the text a
#: wrapper notice (关于印发…的通知) carries, which follows the wrapper's few paragraphs.
_OWN_WITHIN = 5000
#: Labels of a number in a page's metadata block: 发文字号：国函〔1996〕95号.
_LABEL = re.compile(rf"(?:{label_pattern('docnum')}|字\s*号)\s*[:：]\s*$")


def _line_bounds(text: str, start: int, end: int) -> tuple[str, str]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    return text[line_start:start], text[end:line_end]


def _labelled(text: str, start: int) -> bool:
    """Whether a 发文字号： label stands right before ``start`` (blank lines allowed)."""
    before = text[max(0, start - 40) : start]
    return _LABEL.search(before) is not None


def _in_title_parentheses(before: str, after_bare: str) -> bool:
    """标题（银发〔2021〕259号）, 办法（中国人民银行 国家市场监督管理总局令〔2024〕第3号）,
    办法（人民银行〔2020〕5号令）: the title, an opening parenthesis, maybe the issuers' names,
    the number, and nothing after it but the closing parenthesis."""
    if after_bare not in ("", "令"):
        return False
    opening = max(before.rfind("（"), before.rfind("("))
    if opening < 0:
        return False
    issuers = before[opening + 1 :]
    if issuers.strip(" \u3000") and not all(is_han(c) or c in " \u3000、" for c in issuers):
        return False
    return _looks_like_title(before[:opening].strip(" \u3000-—–•·"))


def find_own_docnum(text: str, numbers: list[DocNumber] | None = None) -> DocNumber | None:
    """The document's own number, or None: a number labelled 发文字号, else the first number
    near the top that stands on a line of its own (below the banner, above the title) or in
    parentheses right after the title. A number cited in a sentence is never the own one.

    >>> find_own_docnum("国务院文件\\n\\n国发〔2019〕5号\\n\\n国务院关于…的意见").canonical
    '国发〔2019〕5号'
    >>> find_own_docnum("6月21日，《关于…的意见》（国办发〔2017〕54号）正式发布。") is None
    True
    """
    if numbers is None:
        numbers = list(find_docnums(text))
    near = [n for n in numbers if n.start < _OWN_WITHIN and "inherited" not in n.problems]
    for number in near:
        if _labelled(text, number.start):
            return number
    for number in near:
        before, after = _line_bounds(text, number.start, number.end)
        after_bare = after.strip(" \t\u3000\u00a0）)】]")
        before_bare = before.strip(" \t\u3000\u00a0-—–•·（(【[")
        if not before_bare and after_bare in ("", "令"):
            return number  # a line of its own
        if _in_title_parentheses(before, after_bare):
            return number
    return None


_TITLE_END = re.compile(
    r"(决议|决定|命令|令|公报|公告|通告|意见|通知|通报|报告|请示|批复|议案|函|纪要|方案|办法|"
    r"规定|条例|细则|规划|纲要|措施|指南|解释|规则|答复|复函|实施意见|(试行|暂行)）?)$"
)


def _looks_like_title(text: str) -> bool:
    return "。" not in text and "，" not in text and bool(_TITLE_END.search(text.rstrip("（(")))
