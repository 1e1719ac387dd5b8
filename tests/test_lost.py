"""The lost step: what a lossy GBK round trip lost, recovered from the bytes that remain.

Every damaged page here is made by :mod:`policytool.normalize.damage` from text written for
the test: the bytes of a clean traditional text, the content farm's byte-level search and
replace of ``字`` by ``字(reading)``, and its lossy decoder.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from policytool.normalize import LOST, normalize_text
from policytool.normalize.damage import annotate_bytes, lossy_gbk_decode, scrape_damage


def farm(text: str, keys: dict[str, str]) -> str:
    """``text`` (traditional) through the farm's replace and decoder with these keys."""
    return lossy_gbk_decode(annotate_bytes(text.encode("gbk", "replace"), keys))


def test_the_decoder_swallows_the_byte_after_a_lead() -> None:
    assert lossy_gbk_decode("國".encode("gbk")[:1] + b"(ab)") == "?ab)"
    assert lossy_gbk_decode(b"\x80a\xff") == "?a?"


def test_a_straddle_with_a_letter_after_it_stays_in_step() -> None:
    # The key 負 (fù) matches the last byte of 重 and the first of 損, whose last byte is "p".
    page = farm("嚴重損害公共利益。", {"負": "fù"})
    assert "?fù)p" in page
    assert normalize_text(page).text == "严重损害公共利益。"


def test_the_stretch_read_out_of_step_is_decoded_again() -> None:
    # 屬 (shǔ) straddles 搶|購; the decoder then reads every pair one byte off until the
    # reading of 糧 puts it back: 抢�汇⒓Z(liáng)食 before this repair.
    page = farm("群眾集中搶購、糧食脫銷。", {"屬": "shǔ", "糧": "liáng"})
    assert "?shǔ)" in page and "糧" not in page  # misread
    result = normalize_text(page)
    assert result.text == "群众集中抢购、粮食脱销。"
    assert result.report.lost == 0 and result.report.recovered >= 3


def test_a_pair_gbk_leaves_unassigned_keeps_the_decoder_out_of_step() -> None:
    # 覈 (hé) straddles 我|國; 國's last byte and 訪's first make no GBK character: one ?
    # for both, and 訪's last byte (L) is read alone, then its reading.
    page = farm("外國元首先後來我國訪問。", {"覈": "hé", "訪": "fǎng"})
    assert "?L(fǎng)" in page
    assert normalize_text(page).text == "外国元首先后来我国访问。"


def test_what_cannot_be_recovered_is_marked_never_guessed() -> None:
    result = normalize_text("这是?qǐng)测试，那是?bǎ)内容。")
    assert result.text.count(LOST) == result.report.lost
    assert result.report.lost + result.report.recovered == 2


@pytest.mark.parametrize(
    ("damaged", "clean"),
    [
        (
            "国务院办公厅 ? ? ?\n2018年12月7日??????\n????第一条",
            "国务院办公厅\n2018年12月7日\n第一条",
        ),
        ("第九条?　州数据资源。????", "第九条 　州数据资源。"),
    ],
)
def test_question_marks_that_were_spaces(damaged: str, clean: str) -> None:
    assert normalize_text(damaged).text == clean


def test_a_lone_question_mark_in_clean_text_stays() -> None:
    text = "还是立党为私?这是问题。网址 https://x.cn/s?id=3"
    assert normalize_text(text).text == text


NOTICE = (
    "國務院辦公廳關於進一步做好穩就業工作的通知\n"
    "各省、自治區、直轄市人民政府，國務院各部委、各直屬機構：\n"
    "為貫徹落實黨中央、國務院決策部署，現就進一步做好穩就業工作通知如下。\n"
    "一、支持企業穩定崗位。對不裁員或少裁員的參保企業，可返還其上年度實際繳納失業保險費的50%。\n"
    "二、鼓勵創業帶動就業。對符合條件的個人和小微企業，給予創業擔保貸款及貼息支持。\n"
    "國務院辦公廳\n2018年12月5日\n"
)


def test_a_whole_notice_comes_back() -> None:
    clean = normalize_text(NOTICE, offsets=False).text
    page = scrape_damage(NOTICE, seed=3)
    got = normalize_text(page, offsets=False).text
    assert Levenshtein.distance(clean, got) / len(clean) < 0.01


SENTENCES = st.sampled_from(
    [
        "國務院關於推進工作的意見。",
        "我國經濟發展穩中向好，",
        "各地區各部門要認真貫徹執行。",
        "“雙創”示範基地建設取得積極成效；",
        "搶購、糧食、訪問、損害",
        "2019年5月20日",
        "\n",
        "附件：1.申請表",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(SENTENCES, min_size=1, max_size=12), st.integers(0, 50))
def test_property_damaged_pages_never_raise_and_normalize_once(parts: list[str], seed: int) -> None:
    page = scrape_damage("".join(parts), seed=seed)
    once = normalize_text(page).text
    assert normalize_text(once).text == once


def test_a_replaced_bad_byte_is_no_evidence_of_lost_spaces() -> None:
    text = "是吗? 我们认为\ufffd可行。"
    assert normalize_text(text).text == text
