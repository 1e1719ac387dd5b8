"""normalize: the repair table, the pitfall list, idempotence, offsets, character error rate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytool.docnum import find_docnums
from policytool.normalize import (
    LOST,
    STEPS,
    NormalizeOptions,
    normalize_text,
    options_without,
)

CASES = json.loads((Path(__file__).parent / "cases" / "normalize.json").read_text("utf-8"))

#: The pitfalls of traditional → simplified in policy text (../shared/notes/normalize.md),
#: each inside a traditional sentence so that the converter runs.
PITFALLS = [
    ("乾燥", "干燥"), ("乾隆", "乾隆"), ("乾縣", "乾县"), ("著力", "着力"), ("著眼", "着眼"),
    ("隨著", "随着"), ("意味著", "意味着"), ("著作", "著作"), ("顯著", "显著"), ("著名", "著名"),
    ("以後", "以后"), ("皇后", "皇后"), ("關於", "关于"), ("於梨華", "於梨华"), ("其餘", "其余"),
    ("余光中", "余光中"), ("規範", "规范"), ("范仲淹", "范仲淹"), ("徵收", "征收"),
    ("宮商角徵羽", "宫商角徵羽"), ("藉口", "借口"), ("狼藉", "狼藉"), ("瞭解", "了解"),
    ("瞭望", "瞭望"), ("批覆", "批复"), ("答覆", "答复"), ("覆蓋", "覆盖"), ("出臺", "出台"),
    ("平臺", "平台"), ("衞生", "卫生"), ("建立健全", "建立健全"), ("即時", "即时"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c["form"] for c in CASES])
def test_repair_table(case: dict) -> None:
    result = normalize_text(case["text"])
    assert result.text == case["expect"]
    for name, count in case["report"].items():
        assert getattr(result.report, name) == count, name


@pytest.mark.parametrize(("traditional", "simplified"), PITFALLS)
def test_pitfall_list(traditional: str, simplified: str) -> None:
    assert normalize_text(f"國務院：{traditional}。").text == f"国务院：{simplified}。"


def test_simplified_text_is_not_converted() -> None:
    text = "著作权人依法享有权利。"  # 著 alone is no evidence of traditional script
    result = normalize_text(text)
    assert result.text == text and result.report.converted == 0


def test_steps_can_be_switched_off() -> None:
    text = "????國務(wù)院ＰＰＰ"
    assert normalize_text(text, options_without("script")).text == "國務院PPP"
    assert normalize_text(text, options_without("annotations")).text == "国务(wù)院PPP"
    assert normalize_text(text, options_without("width")).text == "国务院ＰＰＰ"
    assert normalize_text(text, options_without("whitespace")).text == "\u00a0" * 4 + "国务院PPP"
    assert normalize_text(text, options_without("whitespace", "lost")).text == "????国务院PPP"
    assert normalize_text(text, NormalizeOptions(**dict.fromkeys(STEPS, False))).text == text
    with pytest.raises(ValueError, match="unknown step"):
        options_without("spelling")


def test_offsets_point_into_the_original() -> None:
    original = "據了解，《國務(wù)院辦公廳關(guān)於…》（國辦發(fā)〔2017〕54號）正式發(fā)布。"
    result = normalize_text(original)
    [number] = find_docnums(result.text)
    start, end = result.input_span(number.start, number.end)
    assert original[start:end] == "國辦發(fā)〔2017〕54號"
    offsets = result.offsets()
    assert len(offsets) == len(result.text)
    assert offsets == sorted(offsets)
    assert original[offsets[result.text.index("务")]] == "務"


def test_offsets_of_clean_text_are_the_identity() -> None:
    text = "国务院办公厅关于印发通知的通知。\n第二段。"
    result = normalize_text(text)
    assert result.offsets() == list(range(len(text)))


def test_lost_characters_are_never_silently_dropped() -> None:
    result = normalize_text("这是?qǐng)测试，那是?bǎ)内容。")
    assert result.text.count(LOST) == result.report.lost
    assert result.report.lost + result.report.recovered == 2


FRAGMENTS = st.sampled_from(
    [
        "國務(wù)院",
        "辦公廳",
        "關(guān)於",
        "大眾?chuàng)業",
        "嚴(yán)重?fù)p害",
        "元?jiǎng)?chuàng)新",
        "?rdquo;",
        "&ldquo;",
        "????",
        "\u00a0",
        "\u3000",
        "\r\n",
        "\n",
        "\n\n\n",
        "。",
        "，",
        "国务院",
        "通知",
        "ＰＰＰ",
        "２０１９",
        "附件(a)",
        "单位(万元)",
        "当前位置：首页 > 新闻",
        "责任编辑：王芳",
        "版权所有",
        "最近更新",
        "在线娱乐平台注册送彩金,体育投注,真人棋牌",
        "著(zhuó)力",
        "乾(qián)隆",
        "å›½",
        "?",
        "(",
        ")",
        "a",
        " ",
        "2019年5月20日",
        "国务院办公厅",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=25))
def test_property_normalize_is_idempotent(parts: list[str]) -> None:
    once = normalize_text("".join(parts)).text
    assert normalize_text(once).text == once


@settings(max_examples=200, deadline=None)
@given(st.lists(FRAGMENTS, max_size=25))
def test_property_offsets_are_in_bounds_and_ordered(parts: list[str]) -> None:
    text = "".join(parts)
    result = normalize_text(text)
    offsets = result.offsets()
    assert all(0 <= o < max(len(text), 1) for o in offsets)
    assert offsets == sorted(offsets)


PARAGRAPH = (
    "为深入实施创新驱动发展战略，推动大众创业万众创新向县域延伸，经国务院同意，现就推进县域"
    "创新创业示范基地建设提出以下意见。各地区要完善服务体系，强化资金支持，加强组织实施，"
    "确保各项政策落地见效。国家发展改革委要会同有关部门抓紧制定配套措施，于今年九月底前"
    "报国务院。对工作推进不力的地区和部门，要严肃问责，切实推动各项工作顺利开展。"
)


def scrape(text: str) -> str:
    """Make a page the way content farms make them: traditional script, pinyin after most
    converted characters, ???? indentation."""
    from opencc import OpenCC
    from pypinyin import Style, pinyin

    traditional = OpenCC("s2tw").convert(text)
    out = []
    for original, char in zip(text, traditional, strict=True):
        out.append(char)
        if char != original and ord(char) % 3:  # only some characters get a reading
            out.append(f"({pinyin(original, style=Style.TONE)[0][0]})")
    return "????" + "".join(out)


def character_error_rate(expected: str, got: str) -> float:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(expected, got) / max(len(expected), 1)


def test_scraped_page_comes_back_within_half_a_percent() -> None:
    page = scrape(PARAGRAPH)
    assert "(" in page and "？" not in page
    result = normalize_text(page)
    assert character_error_rate(PARAGRAPH, result.text) < 0.005


# --- the command -------------------------------------------------------------------------

from click.testing import CliRunner  # noqa: E402

from tests.conftest import invoke  # noqa: E402


def test_output_directory_mirrors_the_input_tree(
    corpus: Path, runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "clean"
    result = invoke(runner, ["normalize", str(corpus), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == [
        "a_notice.txt",
        "b_gbk.txt",
        "c_big5.txt",
        "d_utf16.txt",
        "sub/e_annotated.txt",
    ]
    assert (out / "b_gbk.txt").read_bytes().decode("utf-8") == (out / "a_notice.txt").read_text(
        "utf-8"
    )
    assert "國" not in (out / "c_big5.txt").read_text("utf-8")
    annotated = (out / "sub" / "e_annotated.txt").read_text("utf-8")
    assert annotated.startswith("《国务院办公厅关于推进县域创新创业") and "(" not in annotated
    assert not list(out.rglob(".*.tmp"))  # no temporary file left behind


def test_output_never_leaves_the_directory(runner: CliRunner, tmp_path: Path) -> None:
    doc = json.dumps({"id": "../../escape", "text": "国務院"}, ensure_ascii=False)
    out = tmp_path / "out"
    result = invoke(runner, ["normalize", "-o", str(out)], input=doc + "\n")
    assert result.exit_code == 0
    assert (out / "escape.txt").read_text("utf-8") == "国务院\n"
    assert not (tmp_path.parent / "escape.txt").exists()


def test_single_document_prints_its_text_and_several_need_a_destination(
    corpus: Path, runner: CliRunner
) -> None:
    one = invoke(runner, ["normalize", str(corpus / "c_big5.txt")])
    assert one.exit_code == 0 and one.stdout.startswith("国务院办公厅关于推进县域")
    several = invoke(runner, ["normalize", str(corpus)])
    assert several.exit_code == 2
    assert "several documents" in several.stderr and several.stdout == ""


def test_jsonl_documents_keep_their_fields(runner: CliRunner) -> None:
    doc = json.dumps(
        {"id": "n1", "text": "國務(wù)院辦公廳關(guān)於", "url": "http://x"}, ensure_ascii=False
    )
    result = invoke(runner, ["normalize", "-f", "jsonl"], input=doc + "\n")
    assert json.loads(result.stdout) == {"id": "n1", "text": "国务院办公厅关于", "url": "http://x"}


def test_in_place_with_backup(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "page.txt"
    original = "????國務(wù)院辦公廳關(guān)於推進建設(shè)的通知".encode("gbk")
    path.write_bytes(original)
    result = invoke(runner, ["normalize", "--in-place", "--backup", ".orig", str(path)])
    assert result.exit_code == 0, result.stderr
    assert path.read_text("utf-8") == "国务院办公厅关于推进建设的通知\n"
    assert (tmp_path / "page.txt.orig").read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.txt", "page.txt.orig"]


def test_in_place_refuses_documents_that_are_not_files(runner: CliRunner) -> None:
    result = invoke(runner, ["normalize", "--in-place", "-"], input="国务院")
    assert result.exit_code == 1
    assert "--in-place rewrites files only" in result.stderr
    assert invoke(runner, ["normalize", "--backup", ".b", "-"], input="x").exit_code == 2


def test_report_file_and_keep_options(corpus: Path, runner: CliRunner, tmp_path: Path) -> None:
    report = tmp_path / "fixes.jsonl"
    result = invoke(
        runner,
        [
            "normalize",
            str(corpus / "sub" / "e_annotated.txt"),
            "--report",
            str(report),
            "--keep-script",
        ],
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("《國務院辦公廳")  # annotations gone, script kept
    [record] = [json.loads(line) for line in report.read_text("utf-8").splitlines()]
    assert record["annotations"] > 0 and record["converted"] == 0
    assert record["doc"].endswith("e_annotated.txt") and record["encoding"] == "utf-8"


def test_bad_inputs_write_nothing_for_themselves(tmp_path: Path, runner: CliRunner) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("国务院。", "utf-8")
    (src / "bad.bin").write_bytes(b"\x00\x01\x02binary")
    (src / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    result = invoke(runner, ["normalize", str(src), "-o", str(out)])
    assert result.exit_code == 1
    assert "bad.bin: binary file" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["empty.txt", "good.txt"]
    assert (out / "empty.txt").read_bytes() == b""


@settings(max_examples=200, deadline=None)
@given(st.lists(FRAGMENTS, max_size=25))
def test_property_fast_path_gives_the_same_text(parts: list[str]) -> None:
    text = "".join(parts)
    fast = normalize_text(text, offsets=False)
    slow = normalize_text(text)
    assert fast.text == slow.text and fast.report == slow.report
    with pytest.raises(ValueError, match="offsets were not kept"):
        fast.input_offset(0)


def test_explicit_text_format_prints_the_single_document(corpus: Path, runner: CliRunner) -> None:
    result = invoke(runner, ["normalize", "-f", "text", str(corpus / "c_big5.txt")])
    assert result.exit_code == 0 and result.stdout.startswith("国务院办公厅关于")


def test_unwritable_report_is_a_usage_error_before_anything_is_written(
    corpus: Path, runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = invoke(
        runner, ["normalize", str(corpus), "-o", str(out), "--report", str(tmp_path / "no/r.tsv")]
    )
    assert result.exit_code == 2
    assert "cannot write the report" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_write_failures_are_reported_per_document(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("国务院。", "utf-8")
    (src / "sub" / "b.txt").write_text("国务院。", "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").write_text("a file where a folder is needed", "utf-8")
    from tests.conftest import run_policytool

    done = run_policytool(["normalize", str(src), "-o", str(out)])
    err = done.stderr.decode()
    assert done.returncode == 1
    assert "Traceback" not in err
    assert f"policytool: error: {src}/sub/b.txt: cannot write" in err
    assert (out / "a.txt").read_text("utf-8") == "国务院。\n"


# --- the annotation scan (numpy) against its definition (a regex and the reading table) ----

ANNOTATED = st.lists(
    st.sampled_from(
        [
            "國(guó)", "務（wù）", "院(yuàn)", "著(zhuó)", "著(zhù)", "乾(qián)", "乾(gān)",
            "(wù)", "國(guóó)", "國(zhuangzh)", "附件(a)", "PPP(ppp)", "單位(萬元)", "（", "）",
            "(", ")", "國", "辦", "a", "é", "?", "\n", "\U00020000", "🙂", "(gu?ó)", "國()",
        ]
    ),
    max_size=40,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(ANNOTATED)
def test_property_annotation_scan_matches_its_definition(parts: list[str]) -> None:
    from policytool.normalize.pinyin import CHAR_ANNOTATION, find_annotations
    from policytool.normalize.readings import is_reading

    text = "".join(parts)
    expected = [
        (m.start(2) - 1, m.end(2) + 1)
        for m in CHAR_ANNOTATION.finditer(text)
        if is_reading(m.group(1), m.group(2))
    ]
    assert find_annotations(text) == expected


PAGE = "\n".join(
    [
        "國(guó)務(wù)院辦(bàn)公廳關(guān)於推(tuī)進(jìn)工作的通知",
        "各省(shěng)、自治區（qū）人民政府：",
        "要顯(xiǎn)著(zhù)提高，著(zhuó)力推動，附件(a)和單位(萬元)不動。",
        "第２條　自印發之日起施行，批覆函和覆函同樣處(chǔ)理。國(guó)",
    ]
)


def test_a_heavily_annotated_page_is_repaired_on_the_array_path() -> None:
    result = normalize_text(PAGE)
    assert result.text == (
        "国务院办公厅关于推进工作的通知\n"
        "各省、自治区人民政府：\n"
        "要显著提高，着力推动，附件(a)和单位(万元)不动。\n"
        "第2条　自印发之日起施行，批复函和复函同样处理。国"
    )
    assert result.report.annotations == 13
    assert result.report.width_folded == 1
    assert normalize_text(PAGE, offsets=False).text == result.text
    # Offsets skip the removed readings: 务 is 務, 各 the first character of line two.
    assert PAGE[result.input_offset(result.text.index("务"))] == "務"
    assert result.input_offset(result.text.index("各")) == PAGE.index("各")
    assert result.input_offset(len(result.text) - 1) == PAGE.rindex("國")


def test_mojibake_is_found_on_a_page_full_of_readings() -> None:
    page = PAGE + "\n" + "å›½åŠ¡é™¢"  # 国务院 as UTF-8 read as cp1252
    result = normalize_text(page)
    assert result.text.endswith("\n国务院")
    assert result.report.mojibake == 3


def _site_pages(root: Path, n: int = 5) -> None:
    root.mkdir()
    for i in range(n):
        (root / f"p{i}.txt").write_text(
            f"市北区召开第{i}次工作会议\n会议部署了下一步工作，要求各单位抓好落实。\n"
            "最高人民法院\n第一条\n青岛新闻网 关于我们 联系我们 网站地图\n",
            encoding="utf-8",
        )


def test_site_boilerplate_removes_only_what_the_pages_share_and_no_document_owns(
    tmp_path: Path, runner: CliRunner
) -> None:
    _site_pages(tmp_path / "site")
    out = tmp_path / "out"
    result = invoke(
        runner, ["normalize", str(tmp_path / "site"), "--site-boilerplate", "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    text = (out / "p3.txt").read_text("utf-8")
    assert "网站地图" not in text  # shared by every page, could be no document's own
    assert "最高人民法院" in text and "第一条" in text  # shared too, but a document's own
    assert "市北区召开第3次工作会议" in text
    alone = invoke(runner, ["normalize", str(tmp_path / "site" / "p3.txt")])
    assert "网站地图" in alone.stdout  # one page is no evidence


def test_site_lines_need_three_documents_and_a_share_of_the_run() -> None:
    from policytool.normalize.site import SiteLines, is_protected, site_line_keys

    lines = SiteLines()
    page = "首页 新闻 视频 图片 论坛\n正文第一句。\n"
    for _ in range(2):
        lines.add(site_line_keys(page))
    assert not lines.frequent()
    lines.add(site_line_keys(page))
    assert lines.frequent() == site_line_keys(page)
    for protected in ("国务院办公厅", "2019年5月20日", "附件：", "各位代表：", "| 序号 | 名称 |"):
        assert is_protected(protected), protected
