"""Dates: the case table, anchors, roles, properties, the command."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from policytool.dates import find_dates, parse_anchor, parse_date
from tests.conftest import invoke

CASES = json.loads((Path(__file__).parent / "cases" / "dates.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["form"] for c in CASES])
def test_find_dates_case_table(case: dict) -> None:
    anchor = date.fromisoformat(case["anchor"]) if case["anchor"] else None
    found = list(find_dates(case["text"], anchor=anchor, dayfirst=case["dayfirst"]))
    got = [[m.raw, m.value, m.precision, m.role, m.inferred] for m in found]
    assert got == case["expect"]


ISO_PART = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?)?)?)?$")


def assert_iso(value: str) -> None:
    parts = value.split("/")
    assert 1 <= len(parts) <= 2
    for part in parts:
        assert ISO_PART.match(part), value
        y, m, d = (part[:10].split("-") + ["1", "1"])[:3]
        date(int(y), int(m), int(d))  # a real calendar date
    if len(parts) == 2:
        assert parts[0] < parts[1]


fragments = st.sampled_from(
    [
        "2017年8月31日",
        "二〇一七年八月三十一日",
        "6月21日",
        "今年6月",
        "去年年底",
        "2016年年底",
        "2017—2019年",
        "11.05.2016 10:31",
        "2017-09-06 18:47:13",
        "十三五",
        "春节前",
        "9月底",
        "国发〔2017〕54号",
        "12.5%",
        "第13位",
        "0532-88996655",
        "2017年13月45日",
        "2月30日",
        "上半年",
        "次年",
        "2019年7月10日至7月31日",
        "中華民國一百零八年十二月十日",
        "10时30分",
        "，",
        "。",
        "\n",
        "各地区",
        "自",
        "起施行",
        "成文日期：",
        "时间：",
        "兰州市人民政府\n",
        "１２月",
        "二○",
        "年",
        "月",
        "日",
        "号",
        "至",
        "—",
        "-",
        ".",
        "/",
        "3",
        "12",
        "2019",
    ]
)


@given(st.lists(fragments, max_size=12), st.one_of(st.none(), st.dates(date(1990, 1, 1))))
def test_property_values_are_iso_and_raw_is_the_span(parts: list[str], anchor: date | None) -> None:
    text = "".join(parts)
    previous_end = 0
    mentions = list(find_dates(text, anchor=anchor))
    own_dates = [m for m in mentions if m.role in ("published", "signed") and not m.inferred]
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.raw
        assert mention.start >= previous_end  # in order, never overlapping
        previous_end = mention.end
        assert_iso(mention.value)
        assert mention.precision in ("year", "month", "day", "minute", "second")
        assert mention.role in ("published", "signed", "effective", "mentioned")
        if mention.inferred:  # relative dates only ever come from an anchor, never from today
            assert anchor is not None or own_dates


@given(st.dates(date(1950, 1, 1), date(2049, 12, 31)), st.integers(0, 2))
def test_property_written_dates_parse_back(day: date, style: int) -> None:
    text = [
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}-{day.month:02d}-{day.day:02d}",
        f"{day.day:02d}.{day.month:02d}.{day.year}",
    ][style]
    assert parse_date(text).value == day.isoformat()


def test_parse_date_and_anchor() -> None:
    assert parse_date("去年年底", anchor=date(2017, 9, 6)).value == "2016-11/2016-12"
    assert parse_date(" 2019年5月20日 ").start == 1
    with pytest.raises(ValueError, match="not a single date"):
        parse_date("今天天气好")
    with pytest.raises(ValueError, match="not a single date"):
        parse_date("2019年5月20日和2019年6月1日")
    assert parse_anchor("2017-09-06T18:47:13") == date(2017, 9, 6)
    with pytest.raises(ValueError, match="ISO 8601"):
        parse_anchor("9/6/2017")


def test_offsets_in_traditional_annotated_text() -> None:
    text = "6月21日，《國務(wù)院辦公廳關(guān)於》發(fā)布。據(jù)了解，去年年底前完成。"
    found = list(find_dates(text, anchor=date(2017, 9, 6)))
    assert [text[m.start : m.end] for m in found] == ["6月21日", "去年年底"]


def test_dates_command(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "notice.txt"
    path.write_text(
        "现将有关事项通知如下。\n请于今年9月底前报送，6月21日已启动。\n\n国务院办公厅\n2019年5月20日\n",
        encoding="utf-8",
    )
    result = invoke(runner, ["dates", "-f", "jsonl", str(path)])
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["raw"], r["value"], r["role"], r["inferred"]) for r in records] == [
        ("今年9月底", "2019-09-21/2019-09-30", "mentioned", True),
        ("6月21日", "2019-06-21", "mentioned", True),
        ("2019年5月20日", "2019-05-20", "signed", False),
    ]
    assert list(records[0]) == ["doc", "start", "end", "raw", "value", "precision", "role",
                                "inferred"]  # fmt: skip
    only = invoke(runner, ["dates", "--role", "signed", "--no-header", str(path)])
    assert only.stdout.count("\n") == 1 and "\tsigned\t" in only.stdout


def test_dates_anchor_option_and_field(runner: CliRunner) -> None:
    doc = json.dumps(
        {"id": "a", "text": "6月21日，获批。", "crawled": "2016-08-01"}, ensure_ascii=False
    )
    none = invoke(runner, ["dates", "--no-header"], input=doc + "\n")
    assert none.stdout == ""  # no anchor: a year-less date is left out, never guessed
    given_anchor = invoke(runner, ["dates", "--no-header", "--anchor", "2017-09-06"], input=doc)
    assert "\t2017-06-21\t" in given_anchor.stdout
    field = invoke(
        runner,
        ["dates", "--no-header", "--anchor", "2017-09-06", "--anchor-field", "crawled"],
        input=doc,
    )
    assert "\t2016-06-21\t" in field.stdout
    bad = invoke(runner, ["dates", "--anchor", "yesterday", "-"], input="x")
    assert bad.exit_code == 2 and "ISO 8601" in bad.stderr
    doc_bad = json.dumps({"id": "b", "text": "6月21日", "crawled": "yesterday"})
    bad_field = invoke(runner, ["dates", "--anchor-field", "crawled"], input=doc_bad)
    assert bad_field.exit_code == 1
    assert bad_field.stderr == (
        "policytool: error: b: field 'crawled': not an ISO 8601 date: 'yesterday'\n"
    )


def test_dates_parse_option(runner: CliRunner) -> None:
    result = invoke(
        runner,
        ["dates", "-f", "jsonl", "--anchor", "2017-09-06", "--parse", "6月21日", "--parse", "乱码",
         "--monthfirst", "--parse", "11.05.2016"],
    )  # fmt: skip
    assert result.exit_code == 1
    values = [json.loads(line)["value"] for line in result.stdout.splitlines()]
    assert values == ["2017-06-21", "2016-11-05"]
    assert result.stderr == "policytool: error: argv:2: not a single date: '乱码'\n"
