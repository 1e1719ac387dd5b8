"""Document numbers: the case table, parsing, own numbers, the agency table, the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from policytool.data import read_table
from policytool.docnum import (
    DocNumber,
    find_docnums,
    find_own_docnum,
    lookup_agency,
    parse_docnum,
)
from tests.conftest import invoke

CASES = json.loads((Path(__file__).parent / "cases" / "docnum.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["form"] for c in CASES])
def test_find_docnums_case_table(case: dict) -> None:
    found = list(find_docnums(case["text"]))
    got = [[n.raw, n.canonical, list(n.problems), n.agency] for n in found]
    assert got == case["expect"]
    for number in found:
        assert case["text"][number.start : number.end] == number.raw


def test_offsets_point_into_the_original_text() -> None:
    text = "據了解，《國務(wù)院辦公廳關(guān)於…》（國辦發(fā)〔2017〕54號）"
    [number] = find_docnums(text)
    assert text[number.start : number.end] == "國辦發(fā)〔2017〕54號"
    assert number.key == ("number", "国办发", 2017, 54)


def test_key_ignores_spelling() -> None:
    spellings = [
        "国办发〔2017〕54号",
        "國辦發[2017]第054號",
        "国办发（２０１７）５４号",
        "國辦發(fā)〔2017〕54號",
    ]
    keys = {parse_docnum(s).key for s in spellings}
    assert keys == {("number", "国办发", 2017, 54)}
    assert parse_docnum("国令第711号").key == parse_docnum("国务院令第711号").key
    assert parse_docnum("国发〔2017〕54号").key != parse_docnum("国办发〔2017〕54号").key


@pytest.mark.parametrize(
    "string",
    [
        "国办发〔2017〕54号",
        " （国办发[2017]54号） ",
        "国务院令第711号",
        "国家税务总局公告2018年第18号",
    ],
)
def test_parse_docnum_accepts_one_number(string: str) -> None:
    assert isinstance(parse_docnum(string), DocNumber)


@pytest.mark.parametrize(
    "string",
    ["", "国办发", "第13位", "国办发〔2017〕54号和国发〔2018〕3号", "见国办发〔2017〕54号文件"],
)
def test_parse_docnum_rejects_anything_else(string: str) -> None:
    with pytest.raises(ValueError, match="document number"):
        parse_docnum(string)


codes = st.sampled_from(
    [
        "国办发",
        "國辦發",
        "财金",
        "发改办高技",
        "青政发",
        "冀政办字",
        "工信部联企业",
        "法释",
        "安委办",
        "",
    ]
)
brackets = st.sampled_from(["〔〕", "[]", "［］", "()", "（）", "【】", "﹝﹞", "〈〉", "【〕"])
spaces = st.sampled_from(["", " ", "\n", "\u3000"])


@given(
    code=codes,
    pair=brackets,
    year=st.integers(1949, 2039),
    serial=st.integers(1, 9999),
    di=st.booleans(),
    pad=st.integers(0, 2),
    sp=spaces,
    fullwidth=st.booleans(),
)
def test_property_parse_of_canonical_has_the_same_key(
    code: str, pair: str, year: int, serial: int, di: bool, pad: int, sp: str, fullwidth: bool
) -> None:
    digits = "0" * pad + str(serial)
    year_text = str(year)
    if fullwidth:
        table = str.maketrans("0123456789", "０１２３４５６７８９")
        digits, year_text = digits.translate(table), year_text.translate(table)
    raw = f"{code}{pair[0]}{sp}{year_text}{sp}{pair[1]}{'第' if di else ''}{digits}{sp}号"
    number = parse_docnum(raw)
    again = parse_docnum(number.canonical)
    assert again.key == number.key
    assert number.serial == serial and number.year == year
    assert again.canonical == number.canonical
    # the canonical form has no problems left but those of the code itself
    assert set(again.problems) <= {"zi", "codeless", "anachronism"}


def test_find_own_docnum_header_forms() -> None:
    banner = (
        "青岛市人民政府办公厅文件\n\n青政办发[2019]15号\n\n青岛市人民政府办公厅关于印发…的通知\n"
    )
    assert find_own_docnum(banner).canonical == "青政办发〔2019〕15号"  # type: ignore[union-attr]
    title = "中国人民银行关于加强支付受理终端管理的通知（银发〔2021〕259号）\n正文"
    assert find_own_docnum(title).canonical == "银发〔2021〕259号"  # type: ignore[union-attr]
    joint = "受益所有人信息管理办法（中国人民银行 国家市场监督管理总局令〔2024〕第3号）\n"
    own = find_own_docnum(joint)
    assert own is not None and own.canonical == "国家市场监督管理总局令〔2024〕第3号"
    trailing = "金融消费者权益保护实施办法（人民银行〔2020〕5号令）\n"
    assert find_own_docnum(trailing).canonical == "人民银行〔2020〕5号"  # type: ignore[union-attr]
    labelled = "标题：\n国务院关于…的批复\n发文字号：\n\n国函〔1996〕95号\n发布日期：2018年12月03日"
    assert find_own_docnum(labelled).canonical == "国函〔1996〕95号"  # type: ignore[union-attr]
    order = "中华人民共和国国务院令\n\n第707号\n\n现公布修订后的《条例》"
    assert find_own_docnum(order).canonical == "国务院令第707号"  # type: ignore[union-attr]


def test_find_own_docnum_ignores_citations() -> None:
    news = "6月21日，《关于建设示范基地的实施意见》（国办发〔2017〕54号）正式发布，青岛入选。\n"
    assert find_own_docnum(news) is None
    cited_in_body = "关于做好工作的通知\n各区：\n根据国办发〔2017〕54号文件精神，现通知如下。\n"
    assert find_own_docnum(cited_in_body) is None
    assert find_own_docnum("") is None


def test_agency_table_rows_are_complete() -> None:
    rows = read_table("agencies.tsv")
    assert len(rows) > 200
    for row in rows:
        assert row["code"] and row["agency"] and row["source"]
        assert row["ambiguous"] in {"yes", "no"}
        for year in (row["valid_from"], row["valid_to"]):
            assert year == "" or 1949 <= int(year) <= 2100
    codes = {r["code"] for r in rows}
    provinces = [
        "京政发",
        "津政发",
        "冀政发",
        "晋政发",
        "内政发",
        "辽政发",
        "吉政发",
        "黑政发",
        "沪府发",
        "苏政发",
        "浙政发",
        "皖政",
        "闽政",
        "赣府发",
        "鲁政发",
        "豫政",
        "鄂政发",
        "湘政发",
        "粤府",
        "桂政发",
        "琼府",
        "渝府发",
        "川府发",
        "黔府发",
        "云政发",
        "藏政发",
        "陕政发",
        "甘政发",
        "青政",
        "宁政",
        "新政发",
    ]
    assert all(lookup_agency(code) for code in provinces)
    assert {"国发", "国办发", "国函", "国办函", "法释", "高检发", "银发", "发改", "财"} <= codes


def test_lookup_agency_validity_and_sharing() -> None:
    assert [a.name for a in lookup_agency("国土资发", 2010)] == ["国土资源部"]
    assert lookup_agency("国土资发", 2020) == ()
    assert {a.name for a in lookup_agency("青政办发", 2019)} == {
        "青海省人民政府办公厅",
        "青岛市人民政府办公厅",
    }
    assert all(a.ambiguous for a in lookup_agency("宁政发"))
    assert lookup_agency("不存在的代字") == ()


def test_docnum_command_records(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "notice.txt"
    path.write_text("國辦發(fā)〔2017〕54號\n按照财库〔2022〕004号执行。\n", encoding="utf-8")
    result = invoke(runner, ["docnum", "-f", "jsonl", str(path)])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["canonical"] for r in records] == ["国办发〔2017〕54号", "财库〔2022〕4号"]
    assert records[0]["problems"] == ["traditional", "annotated"]
    assert records[1] == {
        "doc": str(path),
        "start": 19,
        "end": 31,
        "raw": "财库〔2022〕004号",
        "canonical": "财库〔2022〕4号",
        "issuer_code": "财库",
        "year": 2022,
        "serial": 4,
        "agency": "财政部",
        "problems": ["padding"],
    }


def test_docnum_own_gives_one_record_per_document(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "a.txt").write_text(
        "国务院文件\n国发〔2019〕5号\n正文引用国办发〔2017〕54号。", "utf-8"
    )
    (tmp_path / "b.txt").write_text("新闻：国办发〔2017〕54号印发。", "utf-8")
    result = invoke(runner, ["docnum", "--own", "-f", "jsonl", str(tmp_path)])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(Path(r["doc"]).name, r["canonical"]) for r in records] == [
        ("a.txt", "国发〔2019〕5号"),
        ("b.txt", None),
    ]


def test_docnum_parse_arguments_and_stdin(runner: CliRunner) -> None:
    result = invoke(runner, ["docnum", "--parse", "-f", "jsonl", "国办发[2017]054号", "你好"])
    assert result.exit_code == 1
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert (record["doc"], record["canonical"]) == ("argv:1", "国办发〔2017〕54号")
    assert result.stderr == "policytool: error: argv:2: not a document number: '你好'\n"
    result = invoke(
        runner, ["docnum", "--parse", "--no-header"], input="財金〔2017〕8號\n\n国令第711号\n"
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split("\t")[4] for line in lines] == ["财金〔2017〕8号", "国务院令第711号"]
    assert [line.split("\t")[0] for line in lines] == ["stdin:1", "stdin:3"]


def test_context_from_outside_settles_a_shared_code() -> None:
    [alone] = find_docnums("按照青政发〔2016〕15号执行。")
    assert alone.agency == "" and set(alone.agencies) == {"青海省人民政府", "青岛市人民政府"}
    [settled] = find_docnums("按照青政发〔2016〕15号执行。", context="青岛市崂山区人民政府")
    assert settled.agency == "青岛市人民政府"
