"""policytool.text.layout: one reading of a document's layout, shared by meta, dates and
normalize; meta's identity fields read from real page layouts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policytool.cite import document_meta
from policytool.dates import find_dates
from policytool.io.loader import Document
from policytool.normalize.boilerplate import page_zones
from policytool.text.layout import (
    bare,
    body_bounds,
    is_organ,
    is_signer,
    read_layout,
    signature_above,
    split_organs,
)
from tests.conftest import invoke

#: gov.cn's table flattened: each label alone on its line, its value on the next.
TABLE = """首页 > 信息公开
某省人民政府办公厅关于同意设立某某试验区的复函

索 引 号：

000011111/2004-00001

主题分类：

城乡建设

发文机关：

某省人民政府办公厅

成文日期：

2004年04月17日

标　　题：

某省人民政府办公厅关于同意设立某某试验区的复函

发文字号：

某政办函〔2004〕36号

发布日期：

2018年12月24日

某市人民政府：
你市《关于设立某某试验区的请示》收悉。经省政府同意，现函复如下。
一、同意设立某某试验区。
某省人民政府办公厅
二〇〇四年四月二十七日
"""

#: Labels and values on one line, page furniture after the time.
INLINE = """某某市人民政府门户网站
首页 > 政策 > 通知
标　　题：关于做好春季防火工作的通知
发布机构：某某市应急管理局　某某市林业局
文　　号：某应急发〔2021〕7号
发布时间：2021-03-02 09:30 【字体：大 中 小】 打印本页
来源：某某市应急管理局

各区县应急管理局、林业局：
现将有关事项通知如下。
一、加强巡查。
某某市应急管理局　　某某市林业局
2021年3月1日
"""

#: A portal line above the headline; a joint banner with one organ per line.
PORTAL = """某某县人民政府门户网站
某某县人民政府关于印发某某县乡村振兴实施方案的通知
各乡镇人民政府：
现将方案印发给你们，请认真贯彻执行。
某某县人民政府
2022年6月8日
"""

BANNER = """国家发展改革委
国务院国资委　　文件
审计署

发改投资〔2020〕12号

关于加强投资项目审计工作的通知

各省、自治区、直辖市发展改革委：
现就有关事项通知如下。
国家发展改革委
国务院国资委
审计署
2020年1月10日
"""

#: A scraped page: CRLF lines, lost spaces as ?, a broken &nbsp.
DAMAGED = (
    "某市财政局关于下达补助资金的通知\r\n各区财政局：\r\n"
    "根据省财政厅于2019年5月18日印发的《资金管理办法》，现下达资金。\r\n"
    "某市财政局 ? ? ?\r\n2019年6月3日??????\r\n"
)


def test_body_bounds_one_definition_for_all() -> None:
    text = "首页\n关于X的通知\n各区：\n现通知如下。\n一、要求。\n某市政府\n2020年1月1日\n"
    start, end = body_bounds(text) or (0, 0)
    assert text[start:].startswith("现通知如下。") and text[:end].endswith("一、要求。")
    zones = page_zones(text)
    assert zones is not None and (zones.head_end, zones.foot_start) == (start, end)
    assert read_layout(text).body_start == start
    assert body_bounds("关于X的通知\n附件：名单\n") is None


def test_bare_lines_set_scraping_damage_aside() -> None:
    assert bare("2019年6月3日??????\r") == "2019年6月3日"
    assert bare("&nbsp某市财政局&bsp;") == "某市财政局"
    assert bare("问题？") == "问题？"  # a full-width question mark is text


@pytest.mark.parametrize(
    ("name", "organ"),
    [("国家发改委办公厅", True), ("深圳海关", True), ("中共某某市委", True), ("新闻中心", False),
     ("青岛日报", False), ("某某市人民政府门户网站", False)],
)  # fmt: skip
def test_is_organ(name: str, organ: bool) -> None:
    assert is_organ(name) is organ


def test_organs_split_on_every_separator() -> None:
    assert split_organs("国家发展改革委、中 央 网 信 办　工业和信息化部,审计署") == [
        "国家发展改革委", "中央网信办", "工业和信息化部", "审计署",
    ]  # fmt: skip
    assert split_organs("各区县人民政府：") == []
    assert is_signer("省长　李明") and is_signer("（此件公开发布）")
    assert not is_signer("现将有关事项通知如下。")


def test_signature_above_a_date_line() -> None:
    start = BANNER.rindex("2020年1月10日")
    assert signature_above(BANNER, start) == ["国家发展改革委", "国务院国资委", "审计署"]
    assert signature_above("现通知如下。\n2020年1月10日", 7) == []


def test_fields_inline_and_on_the_next_line() -> None:
    table = read_layout(TABLE)
    assert table.value("title") == "某省人民政府办公厅关于同意设立某某试验区的复函"
    assert table.value("docnum") == "某政办函〔2004〕36号"
    assert table.value("signed") == "2004年04月17日"
    assert table.value("index") == "000011111/2004-00001"
    field = table.field("published")
    assert field is not None and TABLE[field.start : field.end] == "2018年12月24日"
    inline = read_layout(INLINE)
    assert inline.value("published") == "2021-03-02 09:30"  # furniture after it not taken
    assert inline.value("issuer") == "某某市应急管理局　某某市林业局"
    assert inline.value("source") == "某某市应急管理局"
    traditional = read_layout("標　　題：關於X的通知\n發布時間：2020年1月2日\n\n正文第一句。\n")
    assert traditional.value("title") == "關於X的通知"
    assert traditional.value("published") == "2020年1月2日"


def test_table_layout_gives_every_identity_field() -> None:
    meta = document_meta(Document("t", TABLE))
    assert meta.title == "某省人民政府办公厅关于同意设立某某试验区的复函"
    assert meta.docnum == "某政办函〔2004〕36号"
    assert meta.issuer == "某省人民政府办公厅"
    assert meta.signed == "2004-04-17"  # 成文日期, the table's own field
    assert meta.published == "2018-12-24"  # 发布日期, not the 成文日期 above it


def test_labels_never_in_title_or_issuer_and_furniture_line_still_dates() -> None:
    meta = document_meta(Document("i", INLINE))
    assert meta.title == "关于做好春季防火工作的通知"
    assert meta.issuer == "某某市应急管理局、某某市林业局"
    assert meta.docnum == "某应急发〔2021〕7号"
    assert meta.published == "2021-03-02T09:30"  # the line normalize cleans of 【字体】
    assert meta.signed == "2021-03-01"


def test_portal_line_never_glued_and_joint_banner_joined() -> None:
    meta = document_meta(Document("p", PORTAL))
    assert meta.title == "某某县人民政府关于印发某某县乡村振兴实施方案的通知"
    assert meta.issuer == "某某县人民政府"
    banner = document_meta(Document("b", BANNER))
    assert banner.issuer == "国家发展改革委、国务院国资委、审计署"
    assert banner.title == "关于加强投资项目审计工作的通知"


def test_damaged_page_signature_and_another_documents_day() -> None:
    roles = {m.raw: m.role for m in find_dates(DAMAGED)}
    assert roles["2019年6月3日"] == "signed"  # CRLF and lost spaces set aside
    assert roles["2019年5月18日"] == "mentioned"  # 于…印发的《…》: not this document's
    meta = document_meta(Document("d", DAMAGED))
    assert (meta.signed, meta.issuer) == ("2019-06-03", "某市财政局")


@pytest.mark.parametrize("text", [TABLE, INLINE, PORTAL, BANNER, DAMAGED])
def test_meta_signed_is_the_first_signed_day_dates_reports(text: str) -> None:
    days = [
        m for m in find_dates(text)
        if m.role == "signed" and m.precision not in ("year", "month") and "/" not in m.value
    ]  # fmt: skip
    assert document_meta(Document("x", text)).signed == (days[0].value if days else "")


def test_cli_meta_and_dates_agree(tmp_path: Path, runner: CliRunner) -> None:
    for i, text in enumerate([TABLE, INLINE, PORTAL, BANNER, DAMAGED]):
        (tmp_path / f"{i}.txt").write_bytes(text.encode("gb18030"))
    meta = invoke(runner, ["meta", "-f", "jsonl", str(tmp_path)])
    dates = invoke(runner, ["dates", "-f", "jsonl", "--role", "signed", str(tmp_path)])
    assert meta.exit_code == 0 and dates.exit_code == 0, meta.stderr + dates.stderr
    first: dict[str, str] = {}
    for line in dates.stdout.splitlines():
        row = json.loads(line)
        first.setdefault(row["doc"], row["value"])
    rows = [json.loads(line) for line in meta.stdout.splitlines()]
    signed = {row["doc"]: row["signed"] for row in rows}
    assert signed == first and len(signed) == 5


def test_archive_page_anchored_on_its_signed_day_not_the_repost() -> None:
    text = TABLE.replace("一、同意设立某某试验区。", "一、今年起设立某某试验区。")
    values = {m.raw: m.value for m in find_dates(text)}
    assert values["今年"] == "2004"  # 成文日期 2004, republished 2018
