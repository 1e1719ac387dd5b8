"""Dates in policy text: found, parsed to ISO 8601 with precision, given a role.

Handles Arabic, full-width and Chinese-numeral dates (``二〇一七年八月三十一日`` with
``〇 ○ 零 Ｏ O``), numeric forms (``2017-09-06 18:47:13``, ``2017/9/6``, ``2017.9.6``,
day-first ``11.05.2016``), times (``18:47``, ``10时30分``), ROC years (``中華民國一百零八年``),
partial dates whose year comes from the document's own date or an anchor (``6月21日``), words
relative to it (``今年``, ``去年年底``, ``明年上半年``), ranges (``2017—2019年``,
``2019年7月10日至7月31日``), five-year plans (``十三五``) and holidays (``春节前``).

Relative dates are never computed from today: a document's own published (else signed) date
anchors them, then the ``anchor`` given; without either they are left out.

>>> [(m.raw, m.value, m.precision) for m in find_dates("二〇一七年八月三十一日发布")]
[('二〇一七年八月三十一日', '2017-08-31', 'day')]
>>> [(m.value, m.inferred) for m in find_dates("6月21日，去年年底", anchor=date(2017, 9, 6))]
[('2017-06-21', True), ('2016-11/2016-12', True)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cache
from itertools import chain
from typing import Any, ClassVar, Literal

from dateutil.relativedelta import relativedelta

from policytool.data import read_table
from policytool.io import columns as records
from policytool.text.layout import (
    Layout,
    bare,
    is_signer,
    label_pattern,
    lines_above,
    read_layout,
)

__all__ = [
    "COLUMNS",
    "DateMention",
    "find_dates",
    "parse_anchor",
    "parse_date",
]

COLUMNS = records.DATES
ROLES = records.DATE_ROLES

Precision = Literal["year", "month", "day", "minute", "second"]
Role = Literal["published", "signed", "effective", "mentioned"]


@dataclass(frozen=True)
class DateMention(records.Record):
    """One date in a text. ``value`` is ISO 8601 at ``precision`` (``2017``, ``2017-08``,
    ``2017-08-31``, ``2017-09-06T18:47``, ``2017-09-06T18:47:13``) or an interval
    ``start/end``; ``inferred`` is true when the year (or more) came from the anchor."""

    COLUMNS: ClassVar[tuple[str, ...]] = COLUMNS

    start: int
    end: int
    raw: str
    value: str
    precision: Precision
    role: Role = "mentioned"
    inferred: bool = False


# --- numbers --------------------------------------------------------------------------------

# Patterns see ASCII digits only: full-width digits are mapped to ASCII before scanning (one
# character for one, so offsets hold), because a first-character class mixing ASCII and
# full-width digits makes ``re`` scan 2-3x slower.
_D = "0-9"
_CN_ZERO = "〇○零ＯO0"
_CN_DIGIT = f"{_CN_ZERO}一二三四五六七八九"
_CN_VALUE = {**dict.fromkeys(_CN_ZERO, 0), **{c: i for i, c in enumerate("一二三四五六七八九", 1)}}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_FULLWIDTH_DIGIT = re.compile("[０-９]")


def _halfwidth_digits(text: str) -> str:
    """Full-width digits as ASCII, per match: ``str.translate`` looks up every character."""
    return _FULLWIDTH_DIGIT.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)


def _number(text: str) -> int:
    """Arabic (half or full width) or Chinese numerals: 2017, ２０１７, 二〇一七, 一百零八."""
    if text.isascii():
        return int(text)
    text = text.translate(_FULLWIDTH)
    if text.isdigit():
        return int(text)
    if all(ch in _CN_VALUE or ch.isdigit() for ch in text):  # digit by digit: 二〇一七, 二0一七
        return int("".join(ch if ch.isdigit() else str(_CN_VALUE[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in _CN_VALUE:
            current = _CN_VALUE[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            raise ValueError(f"not a number: {text!r}")
    return total + current


# --- patterns ---------------------------------------------------------------------------------

_SP = r"[ \t\u3000\u00a0]*"
_CN_MONTH = "十[一二]?|[一二三四五六七八九]"
_CN_DAY = "三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_MONTH = rf"(?:[{_D}]{{1,2}}|{_CN_MONTH})"
_DAY = rf"(?:[{_D}]{{1,2}}|{_CN_DAY})"
# A time after a date: 18:47, 18:47:13, 10时30分, 10点30分, 10时30分15秒.
# With a part of the day before the hour (上午9时, 下午2时30分, 晚8点, 凌晨1时) and 时/点 alone
# (9时: 09:00) or with 半 (2点半: 02:30).
_DAY_PART = r"(?P<ap>上午|下午|中午|晚上|晚间|傍晚|晚|凌晨|早上|早晨|清晨)"
_TIME_BODY = (
    rf"(?P<H>[{_D}]{{1,2}})(?:{_SP}[:：]{_SP}(?P<M>[{_D}]{{2}})(?:[:：](?P<S>[{_D}]{{2}}))?"
    rf"|{_SP}[时点](?:{_SP}(?P<M2>[{_D}]{{1,2}}){_SP}分(?:{_SP}(?P<S2>[{_D}]{{1,2}}){_SP}秒)?"
    rf"|(?P<half>半)|(?![{_D}]))"
    rf")"
)
_TIME = rf"{_SP}(?:{_DAY_PART}{_SP})?{_TIME_BODY}"
_QUALIFIER = (
    r"(?P<q>年?底|年?末|年?初|(?:上半年|下半年|第?[一二三四1-4]季度)[末底]?|前[一二三1-3]季度"
    r"|上旬|中旬|下旬|度)"
)
# No pattern starts with a lookbehind or an optional part: ``re`` then scans for the first
# character at C speed (a leading lookbehind cost 3-10x). What may not precede a match is
# checked afterwards, in ``_NOT_AFTER``.
_YEAR_ARABIC = rf"(?P<y>[{_D}]{{4}})"
_YEAR_CHINESE = rf"(?P<y>[{_CN_DIGIT}]{{4}})"
_ROC_ERA = "(?:中华民国|中華民國|民国|民國)"
_YEAR_ROC = rf"{_ROC_ERA}{_SP}(?P<roc>[{_D}]{{1,3}}|[一二三四五六七八九十百零〇]{{1,5}})"


@dataclass(frozen=True, eq=False)
class _Branch:
    """One form of date: its pattern's source, and its identity (``m.re is _FULL``). Never
    compiled on its own — the family scans below are what ``re`` runs — which spares every
    start of the program compiling thirteen patterns twice."""

    pattern: str


# Y年[M月[D日]] [time] [qualifier] — year in Arabic, Chinese numerals or the ROC era.
_YMD = (
    rf"{_SP}年(?:{_SP}(?P<m>{_MONTH}){_SP}月(?:{_SP}(?P<d>{_DAY}){_SP}[日号])?)?"
    rf"(?:{_TIME})?{_QUALIFIER}?"
)
_FULL = _Branch(rf"{_YEAR_ARABIC}{_YMD}")
# 两千零八年, 二千零一十九年: the year said as a number, not digit by digit.
_FULL_QIAN = _Branch(
    r"(?P<qy>[两二]千(?:零[一二三四五六七八九]|零?一十[一二三四五六七八九]?"
    rf"|[二三]十[一二三四五六七八九]?)){_YMD}"
)
# '19年, ’08年3月: a two-digit year after an apostrophe.
_FULL_SHORT = _Branch(rf"[‘’'](?P<yy>[0-9]{{2}}){_YMD}")
# 20190315 where it stands as a date (not inside a longer number or after 编号, 电话 …).
_COMPACT = _Branch(
    r"(?P<y>(?:19|20)[0-9]{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12][0-9]|3[01])(?![0-9A-Za-z])"
)
_FULL_CHINESE = _Branch(rf"{_YEAR_CHINESE}{_YMD}")
_FULL_ROC = _Branch(rf"{_YEAR_ROC}{_YMD}")
# A range whose second end gives only the day or only the month: 2021年3月8日至12日,
# 2021年3月8-12日, 2019年3—5月, 3月8日至12日, 今年1—6月.
_JOIN = rf"{_SP}(?:至|到|—|–|－|-|~|～){_SP}"
_DAY_SPAN = (
    rf"(?P<m>[{_D}]{{1,2}}){_SP}月{_SP}(?P<d>[{_D}]{{1,2}}){_SP}[日号]?{_JOIN}"
    rf"(?P<d2>[{_D}]{{1,2}}){_SP}[日号]"
)
_MONTH_SPAN = (
    rf"(?P<ma>[{_D}]{{1,2}}){_SP}月?{_JOIN}(?P<m2>[{_D}]{{1,2}}){_SP}月(?:份)?(?![{_D}日号])"
)
_SPAN = _Branch(rf"{_YEAR_ARABIC}{_SP}年{_SP}(?:{_DAY_SPAN}|{_MONTH_SPAN})")
_MD_SPAN = _Branch(_DAY_SPAN)
_REL_SPAN = _Branch(
    rf"(?P<rel>今年|本年|去年|上年|前年|明年|次年|来年){_SP}(?:{_DAY_SPAN}|{_MONTH_SPAN})"
)
# M月D日 [time] with no year before it.
_MONTH_DAY = _Branch(
    rf"(?P<m>[{_D}]{{1,2}}){_SP}月{_SP}(?P<d>[{_D}]{{1,2}}){_SP}[日号](?:{_TIME})?"
)
_MONTH_DAY_CHINESE = _Branch(rf"(?P<m>{_CN_MONTH})月(?P<d>{_CN_DAY})日")
# M月 (and M月底, M月下旬) with no year before it; Arabic only (六月 is too often not a date).
_MONTH_ONLY = _Branch(
    rf"(?P<m>[{_D}]{{1,2}}){_SP}月份?(?P<q>底|末|初|上旬|中旬|下旬)?(?![{_D}日号])"
)
# 2017-09-06 [18:47[:13]], 2017/9/6, 2017.9.6
_ISO = _Branch(
    rf"(?P<y>(?:19|20)[0-9]{{2}})(?P<sep>[-/.])(?P<m>[0-9]{{1,2}})(?P=sep)"
    rf"(?P<d>[0-9]{{1,2}})(?![0-9]|\.[0-9])(?:(?:T|{_SP}){_TIME_BODY})?"
)
# 11.05.2016 [10:31], 11/05/2016: day-first unless told otherwise.
_DMY = _Branch(
    rf"(?P<a>[0-9]{{1,2}})(?P<sep>[./])(?P<b>[0-9]{{1,2}})(?P=sep)"
    rf"(?P<y>(?:19|20)[0-9]{{2}})(?![0-9]|\.[0-9])(?:{_TIME})?"
)
# 2017—2019年, 2017-2019年, 2019年至2021年, 2016～2020年度
_YEAR_RANGE = _Branch(
    rf"(?P<y1>[{_D}]{{4}}){_SP}年?{_SP}[—–\-－~～至到]{_SP}(?P<y2>[{_D}]{{4}}){_SP}年度?"
)
# 今年 / 去年6月 / 明年上半年 / 去年年底
_RELATIVE = _Branch(
    rf"(?P<rel>今年|本年|去年|上年|前年|明年|次年|来年)"
    rf"(?:{_SP}(?P<m>{_MONTH}){_SP}月(?:{_SP}(?P<d>{_DAY}){_SP}[日号])?)?{_QUALIFIER}?"
)
# 本月 / 上月 / 上个月 / 下月底: a month counted from the anchor's.
_REL_MONTH = _Branch(r"(?P<mrel>本月|上个?月|下个?月)(?P<q>底|末|初|上旬|中旬|下旬)?")
_MONTH_OFFSETS = {"本月": 0, "上月": -1, "上个月": -1, "下月": 1, "下个月": 1}
# 年底 / 年初 / 上半年 / 一季度 with no year: the anchor's year.
# Anchored on the rarer second half (底, 半年, 季度); the first half is checked by hand.
_BARE_PART = _Branch(r"[底末初]|半年[末底]?|季度[末底]?")
# 十三五 (2016-2020): the Nth five-year plan, when a plan word follows.
_PLAN = _Branch(
    r"(?P<n>十[一二三四五六七八九]|[六七八九十])五(?P<pclose>[”\"])?"
    r"(?:(?P<pq>末|初)|(?=规划|时期|期间|以来|开局|收官))?"
)
_PLAN_WORDS = ("规划", "时期", "期间", "以来", "开局", "收官")
_HOLIDAY = _Branch(
    r"(?:(?P<h>春节|元旦|国庆节|国庆|劳动节|五一劳动节|清明节|端午节|中秋节"
    r"|(?:五一|清明|端午|中秋)(?=节|假期|小长假|前|后|期间))"
    r"|[“\"](?P<hq2>五一|十一|清明|端午|中秋|元旦|国庆)[”\"])"
    r"(?P<hq>前|后|期间)?"
)
#: What may stand right before a holiday: 2019年春节, 今年春节.
_HOLIDAY_YEAR = re.compile(rf"(?:(?P<y>[{_D}]{{4}}){_SP}年|(?P<rel>今年|去年|明年))$")

# Thirteen patterns as three scans: each family is one alternation behind a lookahead on the
# family's first characters, which keeps ``re``'s fast first-character search (an alternation
# without it, or thirteen separate scans, run 3-5x slower). Branch order decides a tie at one
# position: the more specific form first.
_BRANCHES: tuple[tuple[str, tuple[tuple[str, _Branch], ...]], ...] = (
    (
        # A digit run that a date separator follows: most digits (第3条, 5000万元) fail here.
        rf"[0-9](?:[0-9]?[0-9]?[0-9]?{_SP}[年月\-/.—–－~～至到]|[0-9]{{7}}(?![0-9]))",
        (("range", _YEAR_RANGE), ("iso", _ISO), ("dmy", _DMY), ("span", _SPAN),
         ("full", _FULL), ("mdspan", _MD_SPAN), ("md", _MONTH_DAY), ("mo", _MONTH_ONLY),
         ("compact", _COMPACT)),
    ),
    (
        f"[{_CN_DIGIT}十两]",
        (("fullcn", _FULL_CHINESE), ("qian", _FULL_QIAN), ("mdcn", _MONTH_DAY_CHINESE),
         ("plan", _PLAN)),
    ),
    (
        "[中民今本去上下前明次来春元国劳五清端底末初半季“\"‘’']",
        (("roc", _FULL_ROC), ("short", _FULL_SHORT), ("relspan", _REL_SPAN), ("rel", _RELATIVE),
         ("relm", _REL_MONTH), ("hol", _HOLIDAY), ("bare", _BARE_PART)),
    ),
)  # fmt: skip


def _family(lead: str, branches: tuple[tuple[str, _Branch], ...]) -> re.Pattern[str]:
    parts = []
    for name, pattern in branches:
        # Group names get the branch as suffix: every branch may have its own ``y``.
        body = re.sub(r"\(\?P<(\w+)>", rf"(?P<\1_{name}>", pattern.pattern)
        body = re.sub(r"\(\?P=(\w+)\)", rf"(?P=\1_{name})", body)
        parts.append(f"(?P<{name}>{body})")
    return re.compile(f"(?={lead})(?:{'|'.join(parts)})")


_FAMILIES = tuple(_family(lead, branches) for lead, branches in _BRANCHES)
_BRANCH_PATTERN = {name: pattern for _, branches in _BRANCHES for name, pattern in branches}


#: For each branch, its groups' indices in the family pattern, by the branch's own names.
_GROUP_INDEX: dict[str, dict[str, int]] = {
    name: {
        group.removesuffix(f"_{name}"): index
        for family in _FAMILIES
        for group, index in family.groupindex.items()
        if group.endswith(f"_{name}")
    }
    for name in _BRANCH_PATTERN
}


class _BranchMatch:
    """One branch of a family match, read as if its own pattern had matched: ``re`` is the
    branch's pattern, group names are the branch's own."""

    __slots__ = ("_index", "_m", "end_", "re", "start_", "string")

    def __init__(self, m: re.Match[str]) -> None:
        # lastgroup is the group that closed last: the branch's wrapper, the outermost.
        name = m.lastgroup
        assert name is not None
        self._m = m
        self._index = _GROUP_INDEX[name]
        self.re = _BRANCH_PATTERN[name]
        self.string = m.string
        self.start_, self.end_ = m.span()

    def group(self, name: str | int = 0) -> Any:
        if name == 0:
            return self._m.group()
        try:
            return self._m.group(self._index[name])  # type: ignore[index]
        except KeyError:
            raise IndexError(name) from None

    def start(self, name: str | int = 0) -> int:
        return self.start_ if name == 0 else self._m.start(self._index[name])  # type: ignore[index]

    def end(self, name: str | int = 0) -> int:
        return self.end_ if name == 0 else self._m.end(self._index[name])  # type: ignore[index]


_DIGITS = "0123456789"
#: After a year, what makes it part of a document number (公告2018年第18号), not a date. Years
#: in bracketed numbers (国发〔2017〕54号) never match: a date needs 年 or a separator.
_NUMBER_AFTER = re.compile(rf"{_SP}第?{_SP}[0-9]{{1,6}}{_SP}[号號]")
_CN_DIGITS_ALL = _CN_DIGIT
#: Characters that may not stand right before a match of each pattern (the lookbehinds).
_NOT_AFTER: dict[_Branch, str] = {
    _YEAR_RANGE: _DIGITS,
    _FULL: _DIGITS,
    _FULL_CHINESE: _CN_DIGITS_ALL,
    _ISO: _DIGITS + ".-/",
    _DMY: _DIGITS + ".-/",
    _MONTH_DAY: _DIGITS + _CN_DIGITS_ALL + "年第每十",
    _MONTH_DAY_CHINESE: _DIGITS + _CN_DIGITS_ALL + "年第每十",
    _MONTH_ONLY: _DIGITS + "年第每",
    _COMPACT: _DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._-/#号码",
}
#: Labels after which eight digits are an identifier, not a date: 编号20190315.
_ID_LABEL = re.compile(r"(?:编号|文号|代码|电话|账号|帐号|序号|单号|批号|证号|ID|No)[:：.]?\s*$")
#: What may not stand before a bare 年底 / 上半年 / 一季度: a year or a relative word owns it.
_BARE_NOT_AFTER = _DIGITS + _CN_DIGITS_ALL + "今本去上前明次来年第"

#: Connectors that make two dates a range: 2019年7月10日至7月31日.
_RANGE_JOIN = re.compile(rf"{_SP}(?:至|到|—|–|－|-|~|～){_SP}")

_RELATIVE_YEARS = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1, "次年": 1,
                   "来年": 1}  # fmt: skip


# --- the intermediate form: a point with its known fields ---------------------------------


@dataclass(frozen=True)
class _Point:
    """A parsed mention before its value is written: missing fields are None; ``rel`` is a
    year offset from the anchor (or None when the year is absent and must be inferred)."""

    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    qualifier: str | None = None
    rel: int | None = None
    needs_year: bool = False
    interval: tuple[str, str, Precision] | None = None  # already an interval (plans, ranges)
    holiday: str | None = None
    holiday_before: bool = False
    month_rel: int | None = None  # 上月: a month offset from the anchor's month
    partner: _Point | None = None  # the end of a range: 2019年7月10日至[7月31日]


def _int_or_none(m: Any, *names: str) -> int | None:
    for name in names:
        try:
            value = m.group(name)
        except IndexError:
            continue
        if value:
            return _number(value)
    return None


def _point_from(m: Any) -> _Point | None:
    """The fields of one scan match; None when they make no date (13月, 2月30日, 1850年).

    ``m`` is a :class:`_BranchMatch` (or a plain match of one of the branch patterns)."""
    pattern = m.re
    s, e = m.start(), m.end()
    if pattern is _YEAR_RANGE:
        y1, y2 = _number(m.group("y1")), _number(m.group("y2"))
        if not (_valid_year(y1) and _valid_year(y2) and y1 < y2):
            return None
        return _Point(s, e, interval=(str(y1), str(y2), "year"))
    if pattern is _PLAN:
        quoted = s > 0 and m.string[s - 1] in '“"' and m.group("pclose") is not None
        if not (quoted or m.group("pq") or m.string.startswith(_PLAN_WORDS, e)):
            return None  # 十五 alone is fifteen; “十五” in quotes, or 十五规划, is the plan
        if s > 0 and m.string[s - 1] in '“"':
            s -= 1  # the opening quote: “十四五”
        n = _number(m.group("n"))
        first = 1953 if n == 1 else 1958 if n == 2 else 1966 + 5 * (n - 3)
        q = m.group("pq")
        if q == "末":
            return _Point(s, e, year=first + 4)
        if q == "初":
            return _Point(s, e, year=first)
        return _Point(s, e, interval=(str(first), str(first + 4), "year"))
    if pattern is _BARE_PART:
        text, tail = m.string, m.group()
        s -= 1
        if tail in "底末初":
            ok = s >= 0 and text[s] == "年"
        elif tail.startswith("半年"):
            ok = s >= 0 and text[s] in "上下"
        else:
            ok = s >= 0 and text[s] in "一二三四"
            if ok and s > 0 and text[s - 1] in "第前":
                # 前三季度: the first three quarters (never 前四季度 nor 前三季度末)
                s -= 1
                ok = text[s] == "第" or (text[s + 1] != "四" and tail == "季度")
        if not ok or (s > 0 and text[s - 1] in _BARE_NOT_AFTER):
            return None
        return _Point(s, e, qualifier=text[s:e], needs_year=True)
    if pattern is _HOLIDAY:
        prefix = _HOLIDAY_YEAR.search(m.string, max(0, s - 12), s)
        holiday_year: int | None = None
        holiday_rel: int | None = None
        if prefix is not None and not (
            prefix.start() > 0 and m.string[prefix.start() - 1] in _DIGITS
        ):
            s = prefix.start()
            holiday_year = _int_or_none(prefix, "y")
            holiday_rel = _RELATIVE_YEARS.get(prefix.group("rel") or "")
        return _Point(
            s, e, year=holiday_year, rel=holiday_rel,
            needs_year=holiday_year is None and holiday_rel is None,
            holiday=m.group("h") or m.group("hq2"), holiday_before=m.group("hq") == "前",
        )  # fmt: skip
    if pattern is _SPAN or pattern is _MD_SPAN or pattern is _REL_SPAN:
        return _span_point(m)
    if pattern is _REL_MONTH:
        return _Point(s, e, month_rel=_MONTH_OFFSETS[m.group("mrel")], qualifier=_group(m, "q"))
    rel = None
    needs_year = False
    qualifier: str | None
    year: int | None
    month: int | None
    day: int | None
    if pattern is _DMY:
        # Stored day-first; the dayfirst option is applied when the value is written.
        year = int(m.group("y"))
        month, day = int(m.group("b")), int(m.group("a"))
        qualifier = "dmy"
    else:
        if pattern is _RELATIVE:
            year, rel = None, _RELATIVE_YEARS[m.group("rel")]
        elif pattern is _FULL_ROC:
            year = _number(m.group("roc")) + 1911
        elif pattern is _FULL_QIAN:
            year = 2000 + _number(m.group("qy")[2:].lstrip("零"))
        elif pattern is _FULL_SHORT:
            yy = int(m.group("yy"))
            year = 2000 + yy if yy < 50 else 1900 + yy  # '19 is 2019, '98 is 1998
        elif pattern is _MONTH_DAY or pattern is _MONTH_DAY_CHINESE or pattern is _MONTH_ONLY:
            year, needs_year = None, True
        else:
            year = _number(m.group("y"))
        month, day = _int_or_none(m, "m"), _int_or_none(m, "d")
        qualifier = _group(m, "q")
        if year is not None and not _valid_year(year):
            return None
        if month is not None and not 1 <= month <= 12:
            return None
        if day is not None:
            # The day against the month (2月30日 is no date); a year-less 2月29日 against a
            # leap year: the year is settled later.
            try:
                date(year or 2000, month or 1, day)
            except ValueError:
                return None
    hour = _int_or_none(m, "H")
    minute, second = _int_or_none(m, "M", "M2"), _int_or_none(m, "S", "S2")
    if hour is not None and minute is None and _group(m, "M") is None:
        minute = 30 if _group(m, "half") else 0  # 9时, 9点: on the hour; 2点半
    hour = _day_part_hour(hour, _group(m, "ap"))
    if hour is not None and not (
        minute is not None and hour <= 23 and minute <= 59 and (second or 0) <= 59
    ):
        # 2019-06-10 25:61: the date stands, the time does not.
        e = m.start("H")
        while e > s and m.string[e - 1] in "T \t\u3000\u00a0":
            e -= 1
        hour = minute = second = None
    return _Point(
        s, e, year=year, month=month, day=day, hour=hour, minute=minute, second=second,
        qualifier=qualifier, rel=rel, needs_year=needs_year,
    )  # fmt: skip


def _span_point(m: Any) -> _Point | None:
    """A range whose second end leaves out what the first states: the two ends as a point
    and its partner (2021年3月8日至12日 → 2021-03-08 and 2021-03-12)."""
    s, e = m.start(), m.end()
    pattern = m.re
    year = _number(m.group("y")) if pattern is _SPAN else None
    rel = _RELATIVE_YEARS[m.group("rel")] if pattern is _REL_SPAN else None
    needs_year = year is None and rel is None
    if year is not None and not _valid_year(year):
        return None
    month = _int_or_none(m, "m", "ma") or 0
    day, day2 = _int_or_none(m, "d"), _int_or_none(m, "d2")
    month2 = _int_or_none(m, "m2") if day is None else month
    if month2 is None or not (1 <= month <= 12 and 1 <= month2 <= 12):
        return None
    if day is not None:
        if day2 is None or day >= day2:
            return None
        try:
            date(year or 2000, month, day2)
        except ValueError:
            return None
    elif month == month2:
        return None
    common = {"year": year, "rel": rel, "needs_year": needs_year}
    start2 = m.start("d2") if day is not None else m.start("m2")
    if day is None and month > month2:
        # 2019年12月至2月, 去年12月至2月: over the year's end, the second month is next year's
        second = _Point(start2, e, month=month2, year=None if year is None else year + 1,
                        needs_year=year is None)  # fmt: skip
    else:
        second = _Point(start2, e, month=month2, day=day2, **common)  # type: ignore[arg-type]
    return _Point(s, e, month=month, day=day, partner=second, **common)  # type: ignore[arg-type]


def _day_part_hour(hour: int | None, part: str | None) -> int | None:
    """The 24-hour clock hour of ``hour`` said in a part of the day: 下午2时 is 14:00, 晚8点
    20:00, 中午12时 12:00, 中午1时 13:00; 上午, 凌晨 and 早上 keep the hour."""
    if hour is None or part is None:
        return hour
    if part in ("下午", "晚上", "晚间", "傍晚", "晚") and 1 <= hour < 12:
        return hour + 12
    if part == "中午" and 1 <= hour < 11:
        return hour + 12
    if part == "凌晨" and hour == 12:
        return 0
    return hour


def _group(m: re.Match[str], name: str) -> str | None:
    try:
        return m.group(name)
    except IndexError:
        return None


def _valid_year(year: int) -> bool:
    return 1900 <= year <= 2100


# --- writing values ---------------------------------------------------------------------------

_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _month_end(year: int, month: int) -> int:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - timedelta(days=1)).day


def _year_part(year: int, qualifier: str) -> tuple[str, Precision] | None:
    """年底 → the last two months, 年初 → the first two, 上半年, 下半年, 一季度 … as intervals."""
    q = qualifier.removeprefix("年").removeprefix("第")
    if q.startswith("前") and q.endswith("季度"):
        return f"{year}-01/{year}-{3 * _QUARTERS[q[1]]:02d}", "month"
    if q[-1:] in ("末", "底") and len(q) > 1:
        # 一季度末, 上半年末: the last month of the part
        halves = {"上": 6, "下": 12}
        last = halves[q[0]] if q.startswith(("上半年", "下半年")) else 3 * _QUARTERS[q[0]]
        return f"{year}-{last:02d}", "month"
    if q in ("底", "末"):
        return f"{year}-11/{year}-12", "month"
    if q == "初":
        return f"{year}-01/{year}-02", "month"
    if q == "上半年":
        return f"{year}-01/{year}-06", "month"
    if q == "下半年":
        return f"{year}-07/{year}-12", "month"
    if q.endswith("季度"):
        n = _QUARTERS[q[0]]
        return f"{year}-{3 * n - 2:02d}/{year}-{3 * n:02d}", "month"
    return None  # 度 (2019年度): the year itself


def _month_part(year: int, month: int, qualifier: str) -> tuple[str, Precision]:
    """月底/下旬 → the 21st to the end, 上旬/月初 → 1st-10th, 中旬 → 11th-20th."""
    last = _month_end(year, month)
    first, end = {"上旬": (1, 10), "初": (1, 10), "中旬": (11, 20)}.get(qualifier, (21, last))
    return f"{year}-{month:02d}-{first:02d}/{year}-{month:02d}-{end:02d}", "day"


def _value(point: _Point, year: int) -> tuple[str, Precision] | None:
    """The ISO value and precision of a point whose year is known."""
    if point.month is None:
        if point.qualifier and point.qualifier not in ("度", "dmy"):
            return _year_part(year, point.qualifier) or (str(year), "year")
        return str(year), "year"
    if point.day is None:
        if point.qualifier in ("底", "末", "初", "上旬", "中旬", "下旬"):
            return _month_part(year, point.month, point.qualifier)
        return f"{year}-{point.month:02d}", "month"
    try:
        date(year, point.month, point.day)
    except ValueError:
        return None  # 2月29日 in a year that has none
    day = f"{year}-{point.month:02d}-{point.day:02d}"
    if point.hour is not None and point.minute is not None:
        if point.second is not None:
            return f"{day}T{point.hour:02d}:{point.minute:02d}:{point.second:02d}", "second"
        return f"{day}T{point.hour:02d}:{point.minute:02d}", "minute"
    return day, "day"


def _infer_year(month: int, day: int | None, anchor: date) -> int:
    """The year of a year-less month (and day) near ``anchor``: the anchor's year, unless the
    date then lies far on the other side of a year boundary from it — a January article about
    12月30日 means last December, a November notice about 1月15日 means next January."""
    day = min(day or 1, _month_end(anchor.year, month))
    here = date(anchor.year, month, day)
    if (here - anchor).days > 45:
        before = date(anchor.year - 1, month, min(day, _month_end(anchor.year - 1, month)))
        if (anchor - before).days < 90:
            return anchor.year - 1
    if (anchor - here).days > 300:
        after = date(anchor.year + 1, month, min(day, _month_end(anchor.year + 1, month)))
        if (after - anchor).days < 90:
            return anchor.year + 1
    return anchor.year


@cache
def _holidays() -> dict[tuple[str, int | None], str]:
    table: dict[tuple[str, int | None], str] = {}
    for row in read_table("holidays.tsv"):
        table[row["holiday"], int(row["year"]) if row["year"] else None] = row["date"]
    return table


_HOLIDAY_NAMES = {
    "国庆": "国庆节", "十一": "国庆节", "五一": "劳动节", "五一劳动节": "劳动节",
    "清明": "清明节", "端午": "端午节", "中秋": "中秋节",
}  # fmt: skip


def _holiday_date(name: str, year: int) -> date | None:
    name = _HOLIDAY_NAMES.get(name, name)
    table = _holidays()
    found = table.get((name, year))
    if found:
        return date.fromisoformat(found)
    fixed = table.get((name, None))
    if fixed:
        return date.fromisoformat(f"{year}-{fixed}")
    return None


def _nearest_holiday_year(name: str, anchor: date, before: bool) -> int:
    """The year of the holiday named without one: the occurrence nearest the anchor (元旦
    named on 20 December is the coming one, 春节 named in March the past one); 春节前 means
    the coming one unless it is more than 300 days away."""
    found = [
        (when, year)
        for year in (anchor.year - 1, anchor.year, anchor.year + 1)
        if (when := _holiday_date(name, year)) is not None
    ]
    if not found:
        return anchor.year
    if before:
        coming = [(when, year) for when, year in found if when >= anchor]
        if coming and (coming[0][0] - anchor).days <= 300:
            return coming[0][1]
    return min(found, key=lambda item: abs((item[0] - anchor).days))[1]


def _resolve(
    point: _Point, anchor: date | None, dayfirst: bool
) -> tuple[str, Precision, bool] | None:
    """``(value, precision, inferred)`` of a point, or None when it needs an anchor and has
    none (or is no valid date)."""
    if point.interval is not None:
        first, last, precision = point.interval
        return f"{first}/{last}", precision, False
    if point.qualifier == "dmy":
        a, b = point.day or 0, point.month or 0  # stored day-first
        day, month = (a, b) if dayfirst else (b, a)
        if month > 12 and day <= 12:
            day, month = month, day  # 25/12/2019 is day-first whatever the option
        point = replace(point, day=day, month=month, qualifier=None)
        if not 1 <= month <= 12:
            return None
    if point.holiday is not None:
        if point.year is not None:
            year, inferred = point.year, False
        elif anchor is None:
            return None
        else:
            year, inferred = anchor.year + (point.rel or 0), True
            if point.needs_year:
                year = _nearest_holiday_year(point.holiday, anchor, point.holiday_before)
        when = _holiday_date(point.holiday, year)
        if when is None:
            return None
        return when.isoformat(), "day", inferred
    inferred = False
    if point.month_rel is not None:
        if anchor is None:
            return None
        counted = anchor + relativedelta(months=point.month_rel)
        value = _value(replace(point, month=counted.month), counted.year)
        return None if value is None else (value[0], value[1], True)
    if point.year is not None:
        year = point.year
    elif anchor is None:
        return None
    elif point.rel is not None:
        year, inferred = anchor.year + point.rel, True
    elif point.month is not None:
        year, inferred = _infer_year(point.month, point.day, anchor), True
    else:
        year, inferred = anchor.year, True
    value = _value(point, year)
    if value is None:
        return None
    return value[0], value[1], inferred


# --- roles -------------------------------------------------------------------------------------

#: The labels of the layout's fields (every one ends with 期, 间 or 間: ``_LABEL_HINT``);
#: a published label must start the line or follow a separator (报名时间： is not one).
_LABELS: tuple[tuple[re.Pattern[str], Role], ...] = (
    (re.compile(rf"(?:{label_pattern('signed')})\s*[:：]?\s*$"), "signed"),
    (re.compile(rf"(?:{label_pattern('effective')})\s*[:：]?\s*$"), "effective"),
    (
        re.compile(rf"(?:^|[\s|｜/【\[])(?:{label_pattern('published')})\s*[:：]\s*$"),
        "published",
    ),
)
_AFTER: tuple[tuple[re.Pattern[str], Role], ...] = (
    (re.compile(r"^\s*(?:起)?(?:施行|实施|實施|执行|執行|生效)"), "effective"),
    (re.compile(r"^\s*(?:修正|修订|修訂)?(?:公布|发布|發布|公佈)"), "published"),
    (re.compile(r"^\s*(?:印发|印發|成文)"), "signed"),
)
_EFFECTIVE_BEFORE = re.compile(r"自\s*$")


#: How far each side of a date its line is looked at: the roles need a few characters and
#: whether the line is short; a longer window would make a page of one long line quadratic.
_LINE_WINDOW = 200


def _line_of(text: str, start: int, end: int) -> tuple[str, str]:
    """The date's line before and after it, at most :data:`_LINE_WINDOW` characters each."""
    low = max(0, start - _LINE_WINDOW)
    line_start = text.rfind("\n", low, start) + 1 or low
    high = min(len(text), end + _LINE_WINDOW)
    line_end = text.find("\n", end, high)
    return text[line_start:start], text[end : high if line_end < 0 else line_end]


#: What else a page's time line holds: 2015-06-09 10:45:24 青岛日报, 来源：… 作者：….
_TIME_LINE_WORDS = re.compile(r"来源|作者|点击|编辑|浏览|稿源|发布|字体|阅读|日报|晚报|网")

_LABEL_HINT = re.compile("[期间間]")
_VERB_HINT = re.compile("[施实實执執生公发發印成修起]")


#: The fields of a metadata block whose value is a date with a role.
_FIELD_ROLES: dict[str, Role] = {
    "signed": "signed", "published": "published", "effective": "effective",
}  # fmt: skip


def _role(text: str, point: _Point, layout: Layout) -> Role:
    field = layout.field_at(point.start)
    if field is not None:
        return _FIELD_ROLES.get(field.name, "mentioned")
    before, after = _line_of(text, point.start, point.end)
    tail = before[-16:]
    if _LABEL_HINT.search(tail):
        for label, role in _LABELS:
            if label.search(tail):
                return role
    head = after[:6]
    for verb, role in _AFTER if _VERB_HINT.search(head) else ():
        if found := verb.match(head):
            if role != "effective" and after[found.end() : found.end() + 1] == "的":
                continue  # 最高人民法院于2004年5月18日印发的《…》: another document's day
            if role == "effective" and not (
                _EFFECTIVE_BEFORE.search(before[-4:]) or "起" in after[:3]
            ):
                continue  # 施行 after a date means "in force from" only with 自…起
            return role
    line = before + after
    alone = not bare(before).strip("-—•·") and not bare(after)
    if alone and point.day is not None and point.partner is None:
        signer = next(lines_above(text, point.start, 1), "")
        short = signer and len(signer) <= 40 and not re.search(r"[。，；：！？,;:]", signer)
        # 兰州市城关区人民政府 ⏎ 2017年8月31日, or 省长 李明 ⏎ 2019年10月8日 after the body.
        if short and (is_signer(signer) or point.start > layout.body_start):
            return "signed"
    # The header of a page: the time line under the headline is when it was published; it
    # starts the line (or follows a label), it is not a sentence.
    leading = bare(before).strip("-—•·")
    if (
        point.start < layout.body_start
        and "，" not in line
        and "。" not in line
        and len(line) < 80
        and (not leading or leading.endswith((":", "：", "|", "｜")))
        and (alone or point.hour is not None or _TIME_LINE_WORDS.search(line))
    ):
        return "published"
    return "mentioned"


# --- finding ---------------------------------------------------------------------------------


def _windowed(
    pattern: re.Pattern[str], text: str, windows: Iterable[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    return chain.from_iterable(pattern.finditer(text, start, end) for start, end in windows)


def _scan(text: str, spans: Iterable[tuple[int, int]] | None = None) -> Iterator[_Point]:
    """Every date-like point, earliest first, longest first on a tie, never overlapping;
    ranges joined (2019年7月10日至7月31日). With ``spans`` (sorted, disjoint), only inside
    them."""
    windows = [(0, len(text))] if spans is None else list(spans)
    if any(_FULLWIDTH_DIGIT.search(text, start, end) for start, end in windows):
        text = _halfwidth_digits(text)
    # The three families' matches in order: sorted as a list, which for the few dozen
    # matches of a page costs less than merging the streams.
    matches = sorted(
        chain.from_iterable(
            map(_BranchMatch, _windowed(family, text, windows)) for family in _FAMILIES
        ),
        key=lambda m: (m.start_, -m.end_),
    )
    pos = 0
    previous: _Point | None = None
    for m in matches:
        start, end = m.start_, m.end_
        if start < pos:
            continue
        forbidden = _NOT_AFTER.get(m.re)
        if forbidden and start > 0 and text[start - 1] in forbidden:
            continue
        if m.re is _FULL and _NUMBER_AFTER.match(text, end):
            continue  # the year of a number: 国家税务总局公告2018年第18号, 2019年第3号令
        if m.re is _COMPACT and _ID_LABEL.search(text, max(0, start - 6), start):
            continue
        point = _point_from(m)
        if point is None:
            continue
        if point.hour is not None and point.partner is None:
            point = _time_range(text, point)
        if previous is not None and point.start < previous.end:
            # A match that reached back over the one before (2019年 + 春节 → 2019年春节).
            if point.start > previous.start:
                continue
            previous = None
        pos = m.end()
        if previous is not None and point.needs_year and point.month is not None:
            point = _carry_year(text, previous, point)
        if previous is not None and _joinable(text, previous, point):
            previous = _join(previous, point)
            continue
        if previous is not None:
            yield previous
        previous = point
    if previous is not None:
        yield previous


#: The second end of a range of times on one day: 至11时30分, -17:00, 到下午5点, 至5点半.
_TIME_END = re.compile(
    rf"{_SP}(?:至|到|—|–|－|-|~|～){_SP}(?:{_DAY_PART}{_SP})?"
    rf"(?P<H>[{_D}]{{1,2}})(?:{_SP}[:：]{_SP}(?P<M>[{_D}]{{2}})(?![{_D}])"
    rf"|{_SP}[时点](?:{_SP}(?P<M2>[{_D}]{{1,2}}){_SP}分|(?P<half>半))?)"
    rf"(?![{_D}日号月年])"
)


def _time_range(text: str, point: _Point) -> _Point:
    """A date with a time followed by a time alone (2020年6月8日上午9时至11时30分, 2021年3月8日
    9:00-17:00): one range, the second end on the first's day. Without its own part of the
    day the second end stays in the first's half (下午2时至5时 ends at 17:00)."""
    m = _TIME_END.match(text, point.end)
    if m is None:
        return point
    hour = int(m.group("H"))
    minute = int(m.group("M") or m.group("M2") or 0) + (30 if m.group("half") else 0)
    if m.group("ap"):
        hour = _day_part_hour(hour, m.group("ap")) or hour
    elif (
        m.group("M") is None  # 5时, 5点: a 12-hour reading; 09:00 is on the 24-hour clock
        and point.hour is not None
        and point.hour >= 12
        and hour < 12
        and hour + 12 > point.hour
    ):
        hour += 12
    if hour > 23 or minute > 59 or (hour, minute) <= (point.hour or 0, point.minute or 0):
        return point  # not an end after the start (18:00至9:00 runs overnight): the day alone
    second = replace(point, start=m.start("H"), end=m.end(), hour=hour, minute=minute, second=None)
    return replace(point, end=m.end(), partner=second)


#: What separates the items of a list of dates: 2020年4月、7月和10月.
_LIST_JOIN = re.compile(rf"{_SP}(?:[、，,]|和|及|与|或|以及){_SP}")


def _carry_year(text: str, previous: _Point, point: _Point) -> _Point:
    """A year-less month (and day) listed right after a dated one takes its year: in
    2020年4月、7月和10月 the three months are 2020's, stated, not inferred."""
    if previous.partner is not None or previous.interval is not None or previous.holiday:
        return point
    if previous.month is None or not _LIST_JOIN.fullmatch(text, previous.end, point.start):
        return point
    if previous.year is not None:
        return replace(point, year=previous.year, needs_year=False)
    if previous.rel is not None:
        return replace(point, rel=previous.rel, needs_year=False)
    return point


def _joinable(text: str, first: _Point, second: _Point) -> bool:
    gap = text[first.end : second.start]
    if not gap or not _RANGE_JOIN.fullmatch(gap):
        return False
    if first.interval or second.interval or first.holiday or second.holiday:
        return False
    if first.qualifier or second.qualifier:
        return False
    # The second part may leave out what the first states: 2019年7月10日至31日 … 至7月31日.
    return second.year is None or first.year is not None


def _join(first: _Point, second: _Point) -> _Point:
    """One range from two points: the second inherits the first's year when it has none."""
    if second.year is None and first.year is not None:
        year = first.year
        if second.month is not None and first.month is not None and (
            (second.month, second.day or 0) < (first.month, first.day or 0)
        ):
            year += 1  # 2019年12月20日至1月5日 ends in the next year
        second = replace(second, year=year, needs_year=False)
    # A relative first end (去年12月至2月): the second's year follows from the first's date,
    # where it is resolved (_resolve_any), so that a range may cross the year's end.
    return replace(first, end=second.end, partner=second)


def _resolve_any(
    point: _Point, anchor: date | None, dayfirst: bool
) -> tuple[str, Precision, bool] | None:
    if point.partner is not None:
        first = _resolve(point, anchor, dayfirst)
        # The second half's missing year follows the first half: 12月20日至1月5日 crosses over.
        near = anchor if first is None else _start_date(first[0], anchor)
        # A second end with its own relative year (今年2月) counts from the anchor.
        partner = point.partner
        second = _resolve(partner, anchor if partner.rel is not None else near, dayfirst)
        if first is None or second is None:
            return None
        if first[0] >= second[0]:
            return None  # not a range after all: keep neither rather than a wrong interval
        precision = first[1] if _rank(first[1]) <= _rank(second[1]) else second[1]
        return f"{first[0]}/{second[0]}", precision, first[2] or second[2]
    return _resolve(point, anchor, dayfirst)


def _rank(precision: Precision) -> int:
    return ("year", "month", "day", "minute", "second").index(precision)


def _start_date(value: str, fallback: date | None) -> date | None:
    """The first day a value covers, as the anchor for the second half of a range."""
    head = value.split("/")[0][:10]
    parts = head.split("-")
    try:
        return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                    int(parts[2]) if len(parts) > 2 else 1)  # fmt: skip
    except (ValueError, IndexError):
        return fallback


def _anchor_date(value: str) -> date:
    return date.fromisoformat(value[:10]) if len(value) >= 10 else date(int(value[:4]), 1, 1)


def find_dates(
    text: str,
    *,
    anchor: date | None = None,
    dayfirst: bool = True,
    spans: Iterable[tuple[int, int]] | None = None,
) -> Iterator[DateMention]:
    """Every date mention in ``text``, in order, with its ISO value, precision and role.

    ``anchor`` is the reference date for partial and relative dates when the text has no
    date of its own (a signed date, else a published one, found in the text wins). Without
    either, such mentions are left out: relative dates are never computed from today.
    ``dayfirst`` reads ``11.05.2016`` and ``11/05/2016`` as 11 May (False: 5 November).
    ``spans`` (sorted, disjoint ``(start, end)`` pairs) limits the scan to those parts of
    ``text``; roles are still judged in the whole text.
    """
    points = list(_scan(text, spans))
    layout = read_layout(text)
    roles = [_role(text, p, layout) for p in points]
    own: date | None = None
    # The day the text was written anchors it: its signed date, else the page's published one
    # (an archive page republishes a 2004 notice in 2018; its 今年 is 2004).
    for wanted in ("signed", "published"):
        for point, role in zip(points, roles, strict=True):
            if role != wanted or point.needs_year or point.rel is not None:
                continue
            resolved = _resolve_any(point, None, dayfirst)
            if resolved and _rank(resolved[1]) >= _rank("day") and "/" not in resolved[0]:
                own = _anchor_date(resolved[0])
                break
        if own is not None:
            break
    reference = own or anchor
    delays = list(_delays(text, points, roles, anchor, dayfirst, spans))
    if delays:
        yield from _merged(_mentions(text, points, roles, reference, dayfirst), delays)
        return
    yield from _mentions(text, points, roles, reference, dayfirst)


def _mentions(
    text: str,
    points: list[_Point],
    roles: list[Role],
    reference: date | None,
    dayfirst: bool,
) -> Iterator[DateMention]:
    for point, role in zip(points, roles, strict=True):
        try:
            resolved = _resolve_any(point, reference, dayfirst)
        except (ValueError, OverflowError):
            continue  # past date.min or date.max from an anchor at the calendar's edge
        if resolved is None:
            continue
        value = _iso_years(resolved[0])
        if value is None:
            continue
        precision, inferred = resolved[1], resolved[2]
        yield DateMention(
            start=point.start,
            end=point.end,
            raw=text[point.start : point.end],
            value=value,
            precision=precision,
            role=role,
            inferred=inferred,
        )


#: An effective date given as a delay from the document's own date: 自印发之日起30日后施行,
#: 自发布之日起施行 (the same day).
_DELAY = re.compile(
    r"自(?:本(?:通知|办法|规定|决定|意见|公告|细则|条例|规则|方案))?"
    r"(?P<event>印发|下发|发布|公布|颁布|签发)之日起"
    rf"(?:{_SP}(?P<n>[0-9]{{1,3}}|[一二三四五六七八九十百]{{1,4}}){_SP}(?P<unit>日|天|个月|月|年)后)?"
    r"(?:施行|实施|生效|执行)"
)


def _delays(
    text: str,
    points: list[_Point],
    roles: list[Role],
    anchor: date | None,
    dayfirst: bool,
    spans: Iterable[tuple[int, int]] | None,
) -> Iterator[DateMention]:
    """The effective dates given as delays, counted from the document's own signed date
    (印发, 下发, 签发) or published date (发布, 公布, 颁布), the other one when it has only that,
    else the anchor; role effective, inferred true."""
    if "之日起" not in text:
        return
    own: dict[str, date] = {}
    for point, role in zip(points, roles, strict=True):
        if role in ("signed", "published") and role not in own and not point.needs_year:
            resolved = _resolve_any(point, None, dayfirst)
            if resolved and resolved[1] in ("day", "minute", "second") and "/" not in resolved[0]:
                own[role] = _anchor_date(resolved[0])
    windows = [(0, len(text))] if spans is None else list(spans)
    for m in _windowed(_DELAY, text, windows):
        first = "signed" if m.group("event") in ("印发", "下发", "签发") else "published"
        second = "published" if first == "signed" else "signed"
        base = own.get(first) or own.get(second) or anchor
        if base is None:
            continue
        when = base
        if m.group("n"):
            n = _number(m.group("n"))
            unit = m.group("unit")
            step = (
                relativedelta(days=n) if unit in ("日", "天")
                else relativedelta(years=n) if unit == "年"
                else relativedelta(months=n)
            )  # fmt: skip
            try:
                when = base + step
            except (OverflowError, ValueError):
                continue
        yield DateMention(
            start=m.start(), end=m.end(), raw=m.group(), value=when.isoformat(),
            precision="day", role="effective", inferred=True,
        )  # fmt: skip


def _merged(
    mentions: Iterable[DateMention], delays: list[DateMention]
) -> Iterator[DateMention]:
    """Both streams in order of position; a mention inside a delay's span is the delay's."""
    delays = sorted(delays, key=lambda d: d.start)
    i, covered = 0, -1
    for mention in mentions:
        while i < len(delays) and delays[i].start <= mention.start:
            yield delays[i]
            covered = max(covered, delays[i].end)
            i += 1
        if mention.start >= covered:
            yield mention
    yield from delays[i:]


_YEAR_FIRST = re.compile(r"^(-?\d+)(.*)$", re.S)


def _iso_years(value: str) -> str | None:
    """``value`` with each end's year written with four digits (ISO 8601: ``0987-06``), or
    None when a year falls outside 1-9999 (an anchor at the calendar's edge: 明年 of 9999)."""
    ends = []
    for part in value.split("/"):
        m = _YEAR_FIRST.match(part)
        if m is None:
            return value
        year = int(m.group(1))
        if not 1 <= year <= 9999:
            return None
        ends.append(f"{year:04d}{m.group(2)}")
    return "/".join(ends)


def parse_date(string: str, *, anchor: date | None = None, dayfirst: bool = True) -> DateMention:
    """Parse one date expression given on its own (the whole string, spaces aside).

    >>> parse_date("二〇一九年六月三日").value
    '2019-06-03'
    >>> parse_date("11.05.2016 10:31").value
    '2016-05-11T10:31'
    """
    stripped = string.strip()
    offset = len(string) - len(string.lstrip())
    found = list(find_dates(stripped, anchor=anchor, dayfirst=dayfirst))
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(stripped):
        raise ValueError(f"not a single date: {string!r}")
    mention = found[0]
    return replace(mention, start=mention.start + offset, end=mention.end + offset,
                   role="mentioned")  # fmt: skip


def parse_anchor(value: str) -> date:
    """An anchor given as ISO 8601 (``2017-09-06``, ``2017-09-06T18:47:13``)."""
    try:
        return datetime.fromisoformat(value.strip()).date()
    except ValueError:
        raise ValueError(f"not an ISO 8601 date: {value!r}") from None


def filter_roles(mentions: Iterable[DateMention], roles: Iterable[str]) -> Iterator[DateMention]:
    wanted = set(roles)
    return (m for m in mentions if m.role in wanted)
