"""policytool.meta: a document's own title, number, issuer and dates; ``policytool meta``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policytool.cite import document_meta
from policytool.io.loader import Document
from policytool.meta import carried_title, find_meta, find_title, leading_organ, title_key
from tests.conftest import invoke

OFFICIAL = """青岛市人民政府办公厅文件

青政办发〔2016〕15号

青岛市人民政府办公厅关于加快发展
众创空间的实施意见

各区、市人民政府，市政府各部门：
为贯彻落实《国务院办公厅关于发展众创空间推进大众创新创业的指导意见》（国办发〔2015〕9号），现提出如下意见。
一、总体要求
（一）加快发展众创空间。

青岛市人民政府办公厅
2016年3月8日
"""

NEWS = """首页 > 新闻中心 > 政策解读
青岛：众创空间政策落地见效
时间：2016-04-02 09:15  来源：青岛日报
日前，《青岛市人民政府办公厅关于加快发展众创空间的实施意见》（青政办发〔2016〕15号）印发。
按照国办发〔2015〕9号文件要求，全市新增众创空间20家。
"""

WRAPPER = """国务院办公厅关于印发《国务院工作规则》的通知
国办发〔2018〕41号
各省、自治区、直辖市人民政府：
现将《国务院工作规则》印发给你们，请认真贯彻执行。
国务院办公厅
2018年7月3日
国务院工作规则
第一章 总则
"""

ORDER = """中华人民共和国国务院令
第707号
现公布修订后的《中华人民共和国个人所得税法实施条例》，自2019年1月1日起施行。
总理　李克强
2018年12月18日
"""


def test_official_document_identity() -> None:
    meta = find_meta(OFFICIAL, doc="d")
    assert meta.title == "青岛市人民政府办公厅关于加快发展众创空间的实施意见"  # joined over lines
    assert meta.docnum == "青政办发〔2016〕15号"
    assert meta.issuer == "青岛市人民政府办公厅"  # from the banner
    assert meta.signed == "2016-03-08"
    assert meta.published == ""
    assert meta.to_record() == {
        "doc": "d", "title": meta.title, "docnum": meta.docnum, "issuer": meta.issuer,
        "signed": "2016-03-08", "published": "", "script": "simplified", "chars": len(OFFICIAL),
    }  # fmt: skip


def test_news_page_headline_and_a_cited_number_it_does_not_own() -> None:
    meta = find_meta(NEWS)
    assert meta.title == "青岛：众创空间政策落地见效"  # not the breadcrumb, not the source
    assert meta.docnum == ""  # the numbers in its sentences are citations
    assert meta.published == "2016-04-02T09:15"
    assert meta.signed == ""


def test_wrapper_notice_carries_its_attachment() -> None:
    meta = find_meta(WRAPPER)
    assert meta.title == "国务院办公厅关于印发《国务院工作规则》的通知"
    assert meta.carries == "国务院工作规则"
    assert meta.issuer == "国务院办公厅"  # the title's leading organ
    assert meta.signed == "2018-07-03"


def test_order_takes_the_title_it_issues_and_the_signature_block() -> None:
    meta = find_meta(ORDER)
    assert meta.title == "中华人民共和国个人所得税法实施条例"
    assert meta.docnum == "国务院令第707号"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("法编号:01018 版本:099081900\n\n法务部组织法(01018)\n\n第一条 本法。", "法务部组织法"),
        ("非银行支付机构监督管理条例（国务院令第768号）\n\n第一条 为了规范。",
         "非银行支付机构监督管理条例"),
        ("国 家 粮 食 应 急 预 案 的 函\n\n正文。", "国家粮食应急预案的函"),
        ("国务院关于做好当前和今后一个时期\n\n促进就业工作的若干意见\n\n国发〔2018〕39号\n正文。",
         "国务院关于做好当前和今后一个时期促进就业工作的若干意见"),
        ("最高人民法院关于当事人不服而申请再审，人民法院不予受理问题的批复\n\n正文。",
         "最高人民法院关于当事人不服而申请再审，人民法院不予受理问题的批复"),
        ("现将有关事项通知如下：\n一、总则。", ""),
        ("国务院办公厅关于全面推行行政规范性文件\n\n合法性审核机制的指导意见\n\n正文。",
         "国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见"),
    ],
)  # fmt: skip
def test_title_shapes(text: str, title: str) -> None:
    assert find_title(text)[2] == title


def test_title_never_a_breadcrumb_or_site_field() -> None:
    text = "当前位置：首页 > 政策 > 关于加快发展的意见\n原文链接：https://example.org/x.html\n正文开始。"
    assert find_title(text)[2] == ""


def test_leading_organ_and_title_key() -> None:
    assert leading_organ("财政部 税务总局关于延续小微企业政策的公告") == "财政部、税务总局"
    assert leading_organ("关于延续小微企业政策的公告") == ""
    assert title_key("中华人民共和国行政许可法（2019年修正）") == title_key("《行政许可法》")
    assert carried_title("关于转发《X办法》的通知") == ""  # 转发: another body's document


def test_traditional_annotated_document_is_read_after_normalization() -> None:
    text = (
        "國務(wù)院辦公廳關(guān)於加快發(fā)展眾創(chu"
        "àng)空間的實施意見\n國辦發(fā)〔2015〕9號\n正文。"
    )
    meta = document_meta(Document("t", text))
    assert meta.title == "国务院办公厅关于加快发展众创空间的实施意见"
    assert meta.docnum == "国办发〔2015〕9号"
    assert meta.script == "traditional"
    assert meta.chars == len(text)


def test_cli_one_record_per_document(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "a.txt").write_text(OFFICIAL, encoding="utf-8")
    (tmp_path / "b.txt").write_text(NEWS, encoding="gbk")
    (tmp_path / "c.txt").write_text("", encoding="utf-8")
    result = invoke(runner, ["meta", "-f", "jsonl", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(r["doc"]).name for r in rows] == ["a.txt", "b.txt", "c.txt"]
    assert rows[0]["docnum"] == "青政办发〔2016〕15号"
    assert rows[1]["title"] == "青岛：众创空间政策落地见效"
    assert rows[2] == {
        "doc": rows[2]["doc"], "title": "", "docnum": "", "issuer": "", "signed": "",
        "published": "", "script": "none", "chars": 0,
    }  # fmt: skip
