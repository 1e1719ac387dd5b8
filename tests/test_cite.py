"""policytool.cite: finding citations, resolving short forms, linking, the graph; ``policytool
cite`` through its entry point."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from policytool.cite import (
    CorpusIndex,
    citation_graph,
    cite_document,
    find_citations,
    graph_lines,
    link_citations,
    missing_works,
)
from policytool.io.loader import Document
from policytool.meta import find_meta
from tests.conftest import invoke, run_policytool

# Fixtures in the shapes of the seeds: a State Council opinion (the target), a news report in
# traditional script with pinyin annotations that cites it and defines a short form, and a
# district's notice that cites two numbers and names its own title in 关于发布《…》的通告.
TARGET = """国务院办公厅文件
国办发〔2017〕54号
国务院办公厅关于建设第二批大众创业万众创新示范基地的实施意见
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
为进一步推进大众创业万众创新，现提出如下意见。
国务院办公厅
2017年6月15日
"""

NEWS_TRADITIONAL = (
    "6月21日，《國務(wù)院辦公廳關(guān)於建設(shè)第二批大眾創(chuàng)業(yè)萬眾創(chuàng)新示範基地的實施意見》"
    "（國辦發(fā)〔2017〕54號，以下簡稱《實施意見》）正式發(fā)布。\n"
    "據了解，《實施意見》明確了示範基地的建設任務。《青島日報》對此作了報道。\n"
)

DISTRICT = """甘肃省兰州市城关区双创示范基地工作方案
时间：2017-09-06 18:47:13  来源：甘肃日报
关于发布《甘肃省兰州市城关区双创示范基地工作方案》的通告
根据国务院办公厅《关于建设第二批大众创业万众创新示范基地的实施意见》（国办发〔2017〕54号）精神和国家发改委办公厅《关于做好第二批大众创业万众创新示范基地建设工作的通知》（发改办高技〔2017〕1111号）要求，城关区编制了《甘肃省兰州市城关区双创示范基地工作方案》。现予以发布。
兰州市城关区人民政府
2017年8月31日
"""


def titles(text: str, **kwargs: object) -> list[str]:
    return [c.title or c.docnum for c in find_citations(text, **kwargs)]  # type: ignore[arg-type]


# --- finding --------------------------------------------------------------------------------


def test_title_number_issuer_and_short_form() -> None:
    text = (
        "根据国务院办公厅《关于建设示范基地的实施意见》（国办发[2017]第054号，以下简称《实施意见》），"
        "落实《实施意见》要求。"
    )
    first, use = find_citations(text)
    assert (first.title, first.docnum, first.issuer, first.alias) == (
        "关于建设示范基地的实施意见", "国办发〔2017〕54号", "国务院办公厅", "实施意见",
    )  # fmt: skip
    assert text[first.start : first.end].startswith("《关于建设")
    assert use.use and text[use.start : use.end] == "《实施意见》"
    assert (use.title, use.docnum, use.alias) == (first.title, first.docnum, "实施意见")


@pytest.mark.parametrize(
    ("definition", "later", "found"),
    [
        ("（以下简称“双创意见”）", "按照双创意见执行。", "双创意见"),
        ("（下称《意见》）", "《意见》指出", "《意见》"),
        ("，以下统称“两个办法”。", "两个办法自发布之日起施行。", "两个办法"),
    ],
)
def test_every_short_form_shape_and_its_later_uses(definition: str, later: str, found: str) -> None:
    text = f"《关于推进双创的意见》{definition}{later}"
    cites = find_citations(text)
    uses = [c for c in cites if c.use]
    assert len(cites) == 2 and len(uses) == 1
    assert text[uses[0].start : uses[0].end] == found
    assert uses[0].title == "关于推进双创的意见"


def test_short_form_before_its_definition_is_not_a_use() -> None:
    text = "《意见》提出……。《关于推进双创的意见》（以下简称《意见》）。"
    assert [c.use for c in find_citations(text)] == [False]


def test_nested_titles_line_breaks_and_angle_brackets() -> None:
    text = (
        "根据《国务院关于印发〈中国制造2025〉的通知》和《国务院关于印发<新一代人工智能发展规划>的通知》，"
        "落实《关于加快发展\n  众创空间的实施意见》。"
    )
    assert titles(text) == [
        "国务院关于印发〈中国制造2025〉的通知",
        "国务院关于印发<新一代人工智能发展规划>的通知",
        "关于加快发展众创空间的实施意见",
    ]


def test_unclosed_title_never_swallows_a_sentence() -> None:
    text = (
        "根据《关于推进双创的意见，全面落实各项任务。按照《关于加快发展众创空间的实施意见》执行。"
    )
    assert titles(text) == ["关于加快发展众创空间的实施意见"]
    assert titles("《" + "很长的标题" * 40 + "办法》") == []


def test_not_citations_newspapers_books_and_generic_references() -> None:
    text = "《青岛日报》《人民日报》和《青岛创客》专栏报道了《通知》和《实施办法》的内容。"
    assert titles(text) == []


def test_citations_by_number_alone() -> None:
    text = "按照青政发[2016]15号文件和财金〔2017〕8号、9号的要求，参照（〔2014〕90号）执行。"
    cites = find_citations(text)
    assert [c.docnum for c in cites] == ["青政发〔2016〕15号", "财金〔2017〕8号", "财金〔2017〕9号"]
    assert all(not c.title for c in cites)  # a code-less number identifies nothing alone


def test_self_citation_and_the_wrappers_own_attachment_are_left_out() -> None:
    meta = find_meta(DISTRICT)
    cites = find_citations(DISTRICT, meta=meta)
    assert [c.docnum for c in cites] == ["国办发〔2017〕54号", "发改办高技〔2017〕1111号"]
    wrapper = (
        "国务院办公厅关于印发《国务院工作规则》的通知\n国办发〔2018〕41号"
        "\n现将《国务院工作规则》印发给你们，并落实国办发〔2018〕41号。\n"
    )
    assert find_citations(wrapper, meta=find_meta(wrapper)) == []


def test_a_later_version_with_the_same_title_is_cited() -> None:
    text = (
        "关于办理环境污染刑事案件适用法律若干问题的解释\n法释〔2023〕7号\n本解释施行后，"
        "《关于办理环境污染刑事案件适用法律若干问题的解释》（法释〔2016〕29号）同时废止。\n"
    )
    cites = find_citations(text, meta=find_meta(text))
    assert [c.docnum for c in cites] == ["法释〔2016〕29号"]


def test_traditional_annotated_citation_spans_index_the_original() -> None:
    found = cite_document(Document("news", NEWS_TRADITIONAL))
    first, use = found.citations
    assert first.title == "国务院办公厅关于建设第二批大众创业万众创新示范基地的实施意见"
    assert first.docnum == "国办发〔2017〕54号"
    assert NEWS_TRADITIONAL[first.start : first.end] == first.raw
    assert first.raw.startswith("《國務(wù)院") and first.raw.endswith("以下簡稱《實施意見》）")
    assert use.use and NEWS_TRADITIONAL[use.start : use.end] == "《實施意見》"


# --- linking --------------------------------------------------------------------------------


def corpus(**texts: str) -> tuple[CorpusIndex, list]:
    found = [cite_document(Document(doc, text)) for doc, text in texts.items()]
    index = CorpusIndex(f.meta for f in found)
    cites = [c for f in found for c in f.citations]
    return index, list(link_citations(cites, index))


def test_traditional_citing_document_links_to_simplified_target() -> None:
    _, linked = corpus(target=TARGET, news=NEWS_TRADITIONAL, district=DISTRICT)
    by_doc = {(c.doc, c.start): c for c in linked}
    news = [c for c in linked if c.doc == "news"]
    assert [(c.target, c.method) for c in news] == [("target", "docnum"), ("target", "alias")]
    district = [c for c in linked if c.doc == "district"]
    assert [(c.docnum, c.target, c.method) for c in district] == [
        ("国办发〔2017〕54号", "target", "docnum"),
        ("发改办高技〔2017〕1111号", "", ""),  # not in the corpus: never a guess
    ]
    assert all(c.score == 1.0 for c in by_doc.values() if c.target)


def test_links_by_exact_title_with_or_without_the_issuer() -> None:
    citing = (
        "根据国务院办公厅《关于建设第二批大众创业万众创新示范基地的实施意见》"
        "和《国务院办公厅关于建设第二批大众创业万众创新示范基地的实施意见》。"
    )
    _, linked = corpus(target=TARGET, citing=citing)
    assert [(c.target, c.method, c.score) for c in linked] == [("target", "title", 1.0)] * 2


def test_fuzzy_title_links_among_candidates_with_a_score() -> None:
    citing = "按照《国务院办公厅关于建设第二批大众创业、万众创新示范基地实施意见》执行。"
    _, linked = corpus(target=TARGET, citing=citing)
    (c,) = linked
    assert c.target == "target" and c.method == "title" and 0.9 <= c.score < 1
    _, strict = corpus(target=TARGET, citing=citing.replace("第二批", "第三批"))
    assert strict[0].target == ""  # another batch: the numbers differ, no link


def test_numbered_parts_are_never_fuzzy_matched() -> None:
    one = "最高人民法院关于适用婚姻法若干问题的解释（一）\n法释〔2001〕30号\n正文。\n"
    citing = "依照《最高人民法院关于适用婚姻法若干问题的解释（二）》处理。"
    _, linked = corpus(one=one, citing=citing)
    assert linked[0].target == ""


def test_number_and_title_naming_different_documents_are_flagged() -> None:
    other = "国务院关于促进创业投资持续健康发展的若干意见\n国发〔2016〕53号\n正文。\n"
    citing = "根据《国务院关于促进创业投资持续健康发展的若干意见》（国办发〔2017〕54号）执行。"
    _, linked = corpus(target=TARGET, other=other, citing=citing)
    (c,) = linked
    assert c.target == "target" and c.method == "docnum"  # the number wins
    assert "other" in c.conflict and "target" in c.conflict


def test_document_is_never_linked_to_itself_and_copies_prefer_the_named_title() -> None:
    copy = TARGET.replace("国务院办公厅文件\n", "")
    _, linked = corpus(target=TARGET, copy=copy, news=NEWS_TRADITIONAL)
    assert {c.target for c in linked if c.doc == "news"} == {"target"}
    assert not [c for c in linked if c.doc in ("target", "copy")]


# --- the corpus view ------------------------------------------------------------------------


def test_graph_shares_nodes_for_one_cited_work_and_writes_every_format() -> None:
    a = "按照国发〔2019〕5号和《关于推进双创的意见》（国发〔2019〕5号）执行。"
    b = "根据《关于推进双创的意见》和国發〔2019〕5號执行。"
    found = [cite_document(Document(d, t)) for d, t in (("a", a), ("b", b))]
    metas = [f.meta for f in found]
    linked = list(link_citations([c for f in found for c in f.citations], CorpusIndex(metas)))
    graph = citation_graph(linked, metas)
    assert set(graph.edges) == {
        ("doc:a", "docnum:国发〔2019〕5号"),
        ("doc:b", "docnum:国发〔2019〕5号"),
    }
    assert graph.edges[("doc:a", "docnum:国发〔2019〕5号")]["citations"] == 2
    assert graph.nodes["docnum:国发〔2019〕5号"]["title"] == "关于推进双创的意见"
    dot = "\n".join(graph_lines(graph, "dot"))
    assert dot.startswith("digraph citations {") and '"doc:a" -> "docnum:国发〔2019〕5号"' in dot
    root = ET.fromstring("\n".join(graph_lines(graph, "graphml")))
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    assert len(root.findall(f"{ns}graph/{ns}node")) == 3
    assert len(root.findall(f"{ns}graph/{ns}edge")) == 2
    data = json.loads("\n".join(graph_lines(graph, "json")))
    assert {link["target"] for link in data["links"]} == {"docnum:国发〔2019〕5号"}
    (work,) = missing_works(linked)
    assert (work.docnum, work.citations, work.documents) == ("国发〔2019〕5号", 4, 2)


def test_missing_works_most_cited_first() -> None:
    text = "按照国发〔2019〕5号、国发〔2019〕5号和国发〔2018〕3号执行。"
    cites = find_citations(text, doc="d")
    assert [(w.docnum, w.citations) for w in missing_works(cites)] == [
        ("国发〔2019〕5号", 2), ("国发〔2018〕3号", 1),
    ]  # fmt: skip


# --- the command line -----------------------------------------------------------------------


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    root.mkdir()
    (root / "a_target.txt").write_text(TARGET, encoding="utf-8")
    (root / "b_news.txt").write_bytes(NEWS_TRADITIONAL.encode("utf-16"))
    (root / "c_district.txt").write_text(DISTRICT, encoding="gbk")
    return root


def test_cli_records_link_across_encodings(docs: Path, runner: CliRunner) -> None:
    result = invoke(runner, ["cite", "-f", "jsonl", str(docs)])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert list(rows[0]) == [
        "doc", "start", "end", "title", "docnum", "issuer", "alias", "target", "method", "score",
    ]  # fmt: skip
    target = str(docs / "a_target.txt")
    linked = [(Path(r["doc"]).name, r["method"]) for r in rows if r["target"] == target]
    assert ("b_news.txt", "docnum") in linked and ("c_district.txt", "docnum") in linked


def test_cli_against_links_without_reporting_the_corpus(
    docs: Path, runner: CliRunner, tmp_path: Path
) -> None:
    new = tmp_path / "new.txt"
    new.write_text("落实国办发〔2017〕54号文件。", encoding="utf-8")
    result = invoke(runner, ["cite", "-f", "jsonl", str(new), "--against", str(docs)])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["doc"], r["target"]) for r in rows] == [(str(new), str(docs / "a_target.txt"))]


def test_cli_missing_graph_and_explain(docs: Path, runner: CliRunner) -> None:
    missing = invoke(runner, ["cite", "--missing", "-f", "jsonl", str(docs)])
    works = [json.loads(line) for line in missing.stdout.splitlines()]
    assert works[0]["docnum"] == "发改办高技〔2017〕1111号" and works[0]["citations"] == 1
    graph = invoke(runner, ["cite", "--graph", "json", str(docs)])
    assert len(json.loads(graph.stdout)["nodes"]) == 4
    explained = invoke(runner, ["cite", "--explain", str(docs)]).stdout
    assert "-> " + str(docs / "a_target.txt") + " (docnum, 1.0)" in explained
    assert (
        "⟦《關於建設" not in explained and "⟦" in explained and "(not in the corpus)" in explained
    )


def test_cli_usage_errors_and_graph_formats(runner: CliRunner, docs: Path) -> None:
    from policytool.cite import GRAPH_FORMATS
    from policytool.cli import cite as cli_cite
    from policytool.cli import cli

    # the command line names the formats without importing the library (help stays fast)
    assert cli_cite.GRAPH_FORMATS == GRAPH_FORMATS
    result = runner.invoke(cli, ["cite", "--graph", "dot", "--missing", str(docs)])
    assert result.exit_code == 2
    assert "choose one of --graph, --missing and --explain" in result.stderr
    assert result.stdout == ""


def test_cli_against_a_missing_corpus_is_reported(runner: CliRunner, docs: Path) -> None:
    result = invoke(runner, ["cite", str(docs), "--against", str(docs / "nowhere")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"policytool: error: {docs / 'nowhere'}: no such file or directory"
    )
    assert len(result.stdout.splitlines()) > 1  # the inputs were still read and linked


@pytest.mark.parametrize("mode", [["--explain"], ["--graph", "dot"], ["--missing"]])
def test_cli_closed_pipe_in_every_mode(mode: list[str], tmp_path: Path) -> None:
    text = "按照国发〔2019〕5号和《关于推进双创的意见》执行。\n" * 50
    for i in range(200):
        (tmp_path / f"d{i:03d}.txt").write_text(text.replace("5号", f"{i + 1}号"), "utf-8")
    script = (
        f'"{sys.executable}" -m policytool cite {" ".join(mode)} . 2> err.txt | head -n 1; '
        'echo "${PIPESTATUS[0]}" > rc.txt'
    )
    subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, timeout=120)
    assert (tmp_path / "err.txt").read_text() == ""
    assert (tmp_path / "rc.txt").read_text().strip() == "0"


def test_cli_pipe_from_normalize_and_conflict_warning(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text(TARGET, encoding="utf-8")
    other = "国务院关于促进创业投资持续健康发展的若干意见\n国发〔2016〕53号\n正文。\n"
    (tmp_path / "o.txt").write_text(other, encoding="utf-8")
    citing = "根据《国务院关于促进创业投资持续健康发展的若干意见》（国办发〔2017〕54号）执行。"
    (tmp_path / "c.txt").write_text(citing, encoding="utf-8")
    done = run_policytool(["cite", "-f", "tsv", "t.txt", "o.txt", "c.txt"], cwd=tmp_path)
    assert done.returncode == 0
    assert b"policytool: warning: c.txt: " in done.stderr and b"Traceback" not in done.stderr
    quiet = run_policytool(["cite", "-q", "t.txt", "o.txt", "c.txt"], cwd=tmp_path)
    assert quiet.stderr == b""
    assert quiet.stdout.decode().splitlines()[1].split("\t")[7] == "t.txt"


def test_a_title_shared_by_documents_with_different_numbers_links_by_number_only() -> None:
    y2018 = "国务院办公厅关于部分节假日安排的通知\n国办发明电〔2017〕12号\n正文。\n"
    y2019 = "国务院办公厅关于部分节假日安排的通知\n国办发明电〔2018〕15号\n正文。\n"
    citing = (
        "按照《国务院办公厅关于部分节假日安排的通知》和《国务院办公厅关"
        "于部分节假日安排的通知》（国办发明电〔2018〕15号）执行。"
    )
    _, linked = corpus(y2018=y2018, y2019=y2019, citing=citing)
    assert [(c.target, c.method, c.conflict) for c in linked] == [
        ("", "", ""),  # the title alone names two documents: never a guess
        ("y2019", "docnum", ""),
    ]
