"""Duplicate documents and repeated paragraphs: the library verbs and ``policytool dedupe``."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from policytool.dedupe import (
    cluster_fingerprints,
    compare_texts,
    comparison_key,
    find_duplicates,
    find_repeated_paragraphs,
    fingerprint,
    minhash,
    strip_repeats,
)
from policytool.io.loader import Document
from tests.conftest import invoke, run_policytool

# --- fixtures: notices in the shapes of the corpus, written here --------------------------

PLACES = ["青岛", "烟台", "潍坊", "济宁", "临沂", "威海", "日照", "淄博"]
FIELDS = ["海洋经济", "智能制造", "生物医药", "现代农业", "冷链物流", "养老服务", "文化旅游"]
ACTIONS = ["完善", "健全", "优化", "加快建设", "统筹推进", "持续深化", "规范"]
THINGS = [
    "孵化服务体系",
    "融资担保机制",
    "人才培养机制",
    "公共服务平台",
    "项目库管理",
    "考核评价办法",
]
AIMS = ["确保政策落地见效", "形成工作合力", "营造良好环境", "提高资金使用效益", "激发市场活力"]


def sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(PLACES)}要{rng.choice(ACTIONS)}{rng.choice(FIELDS)}{rng.choice(THINGS)}，"
        f"力争到{rng.randint(2020, 2030)}年新增{rng.randint(10, 990)}家，{rng.choice(AIMS)}。"
    )


def body(seed: int, paragraphs: int = 4, sentences: int = 5) -> list[str]:
    rng = random.Random(seed)
    return ["".join(sentence(rng) for _ in range(sentences)) for _ in range(paragraphs)]


def notice(seed: int, *, number: str = "鲁政办发〔2019〕15号") -> str:
    """An official notice: banner, number, title, 主送, numbered sections, signature, date."""
    paras = body(seed)
    heads = ["一、总体要求", "二、重点任务", "三、保障措施", "四、组织实施"]
    title = f"山东省人民政府办公厅关于推进第{seed}批示范基地建设的通知"
    lines = ["山东省人民政府办公厅文件", number, title, "各市人民政府，省政府各部门、各直属机构："]
    for head, para in zip(heads, paras, strict=True):
        lines += [head, para]
    lines += ["山东省人民政府办公厅", "2019年6月3日"]
    return "\n".join(lines) + "\n"


NAV_TOP = "当前位置：首页 > 政策文件 > 省政府文件\n【字体：大 中 小】 【打印本页】\n"
NAV_BOTTOM = "\n上一篇：关于开展统计检查的通知\n版权所有：山东省人民政府办公厅  鲁ICP备05012345号\n"


def repost(text: str) -> str:
    return NAV_TOP + "\u3000\u3000" + text.replace("\n", "\n\u3000\u3000") + NAV_BOTTOM


def drop_sentence(text: str) -> str:
    lines = text.split("\n")
    i = max(range(len(lines)), key=lambda k: len(lines[k]))
    parts = lines[i].split("。")
    del parts[2]
    lines[i] = "。".join(parts)
    return "\n".join(lines)


def swap_paragraphs(text: str) -> str:
    lines = text.split("\n")
    long_ones = [i for i, line in enumerate(lines) if len(line) > 80]
    a, b = long_ones[0], long_ones[-1]
    lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines)


def traditional_annotated(text: str) -> str:
    from opencc import OpenCC

    converted = OpenCC("s2tw").convert(text)
    for char, reading in {"創": "chuàng", "務": "wù", "關": "guān", "發": "fā", "業": "yè"}.items():
        converted = converted.replace(char, f"{char}({reading})")
    return converted


def docs(**texts: str) -> list[Document]:
    return [Document.from_text(name, text) for name, text in texts.items()]


def clusters(result_docs: list[Document], **options: object) -> dict[str, tuple[int, bool, str]]:
    result = find_duplicates(result_docs, **options)  # type: ignore[arg-type]
    return {d.doc: (d.cluster, d.keep, d.duplicate_of) for d in result.duplicates}


# --- the library ------------------------------------------------------------------------


def test_comparison_key_keeps_letters_digits_and_han_only() -> None:
    assert comparison_key("一、总体要求：\n\u3000\u3000ＡＢ级  (2017)_x") == "一总体要求ａｂ级2017x"
    assert comparison_key("") == ""
    assert comparison_key("𠀀字，") == "𠀀字"  # astral CJK kept


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("repost", repost),
        ("dropped", drop_sentence),
        ("swapped", swap_paragraphs),
        ("traditional", traditional_annotated),
    ],
)
def test_copies_cluster_with_their_original(name: str, make: object) -> None:
    original = notice(1)
    copy = make(original)  # type: ignore[operator]
    assert copy != original
    found = clusters(docs(original=original, copy=copy, other=notice(2)))
    assert set(found) == {"original", "copy"}
    assert found["original"][0] == found["copy"][0] == 1


def test_methods_and_similarity_are_the_evidence() -> None:
    original = notice(1)
    result = find_duplicates(
        docs(
            a=original,
            b=repost(original),
            c=drop_sentence(original),
            d=swap_paragraphs(original),
            e=original[: len(original) * 3 // 5],
        )
    )
    by_pair = {(p.doc, p.other): p for p in result.pairs}
    assert by_pair[("a", "b")].method == "exact"  # navigation and indentation normalized away
    assert by_pair[("a", "c")].method == "edit"
    assert 0.95 < by_pair[("a", "c")].similarity < 1
    swapped = by_pair[("a", "d")]
    assert swapped.method == "resemblance" and swapped.similarity >= 0.85
    # edit similarity alone would miss a paragraph swap
    keys = comparison_key(original), comparison_key(swap_paragraphs(original))
    assert fuzz.ratio(*keys) < 85
    truncated = by_pair[("a", "e")]
    assert truncated.method == "contained" and truncated.containment == 1.0
    assert truncated.similarity < 0.85


def test_contained_copies_stay_out_of_clusters_unless_asked() -> None:
    original = notice(3)
    part = original[: len(original) // 2]
    collection = docs(full=original, part=part)
    assert clusters(collection) == {}
    joined = clusters(collection, contained=True)
    assert joined == {"full": (1, True, ""), "part": (1, False, "full")}


def test_two_notices_from_one_template_do_not_match() -> None:
    a, b = notice(10), notice(11, number="鲁政办发〔2019〕16号")
    assert clusters(docs(a=a, b=b)) == {}
    assert compare_texts(a, b).method is None


def test_template_lines_are_left_out_of_the_comparison() -> None:
    # Five short notices share a long template; their own paragraphs differ. Whole texts are
    # alike at 0.7; without the template lines they are not.
    template = [
        "山东省人民政府办公厅关于做好年度示范基地申报工作的通知",
        "各市人民政府，省政府各部门、各直属机构：",
        "请各地按照通知要求认真组织申报，严格审核把关，确保申报材料真实准确，"
        "并于规定时间内报送省发展改革委，逾期不予受理。联系电话：0531-12345678。",
        "山东省人民政府办公厅",
    ]
    texts = {
        f"n{i}": "\n".join([*template[:2], body(100 + i, 1, 3)[0], *template[2:]]) for i in range(5)
    }
    full = compare_texts(texts["n0"], texts["n1"], threshold=0.7)
    assert full.method is not None  # alike on the whole text …
    assert clusters(docs(**texts), threshold=0.7) == {}  # … but not on what is their own


def test_reposts_made_only_of_common_lines_still_match() -> None:
    original = notice(4)
    texts = {f"site{i}": repost(original) if i % 2 else original for i in range(6)}
    texts["edited"] = drop_sentence(original)
    found = clusters(docs(**texts))
    assert len(found) == 7 and {c for c, _, _ in found.values()} == {1}


@pytest.mark.parametrize(
    ("policy", "kept"),
    [("longest", "long"), ("first", "short"), ("earliest", "early"), ("has-docnum", "numbered")],
)
def test_keep_policies(policy: str, kept: str) -> None:
    base = "\n".join(body(7))
    texts = {
        "short": f"示范基地建设通知\n发布时间：2019-06-05\n{base}\n",
        "long": f"示范基地建设通知\n发布时间：2019-06-06\n{base}\n附：联系人名单与联系电话\n",
        "early": f"示范基地建设通知\n发布时间：2019-06-01\n{base}\n",
        "numbered": f"鲁政办发〔2019〕15号\n示范基地建设通知\n{base}\n",
    }
    found = clusters(docs(**texts), keep=policy)
    assert [name for name, (_, keep, _) in found.items() if keep] == [kept]
    assert all(dup == ("" if name == kept else kept) for name, (_, _, dup) in found.items())


def test_longest_breaks_ties_by_earliest_publication() -> None:
    base = "\n".join(body(8))
    texts = {
        "later": f"发布时间：2019-06-09\n{base}\n",
        "earlier": f"发布时间：2019-06-02\n{base}\n",
    }
    found = clusters(docs(**texts))
    assert found["earlier"][1] and not found["later"][1]


def test_clusters_are_numbered_by_first_member_in_input_order() -> None:
    a, b = notice(20), notice(21)
    result = find_duplicates(docs(b1=b, a1=a, lone=notice(22), a2=repost(a), b2=repost(b)))
    assert [(d.doc, d.cluster) for d in result.duplicates] == [
        ("b1", 1), ("a1", 2), ("a2", 2), ("b2", 1),
    ]  # fmt: skip
    assert result.dropped == {3, 4}


def test_exact_mode_finds_identical_texts_only() -> None:
    original = notice(5)
    found = clusters(docs(a=original, b=repost(original), c=drop_sentence(original)), exact=True)
    assert set(found) == {"a", "b"}


def test_texts_too_long_to_align_are_judged_by_their_estimate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import policytool.dedupe

    original = notice(9)
    monkeypatch.setattr(policytool.dedupe, "MAX_VERIFY", 100)
    result = find_duplicates(docs(a=original, b=drop_sentence(original), c=notice(90)))
    assert [(p.doc, p.other, p.method) for p in result.pairs] == [("a", "b", "estimate")]
    assert 0.85 <= result.pairs[0].similarity < 1


def test_records_carry_the_documented_columns_in_order() -> None:
    original = notice(8)
    result = find_duplicates(docs(a=original, b=repost(original)))
    # identical after normalization: the tie goes to the first in input order
    assert [d.to_record() for d in result.duplicates] == [
        {"doc": "a", "cluster": 1, "similarity": 1.0, "keep": True, "duplicate_of": ""},
        {"doc": "b", "cluster": 1, "similarity": 1.0, "keep": False, "duplicate_of": "a"},
    ]
    assert list(result.pairs[0].to_record()) == [
        "doc", "other", "similarity", "containment", "method",
    ]  # fmt: skip


def test_empty_documents_are_nobodys_copy() -> None:
    assert clusters(docs(a="", b="  \n", c="，。")) == {}


def test_map_step_is_picklable_and_jobs_agree() -> None:
    import pickle

    original = notice(6)
    collection = docs(a=original, b=traditional_annotated(original), c=notice(7))
    fp = fingerprint(collection[0])
    assert pickle.loads(pickle.dumps(fp)).exact == fp.exact
    one = find_duplicates(collection, jobs=1)
    two = find_duplicates(collection, jobs=2)
    assert one.duplicates == two.duplicates and one.pairs == two.pairs


def test_lsh_never_needs_all_pairs() -> None:
    # 300 distinct notices: the candidates LSH proposes are a tiny fraction of all pairs.
    prints = [fingerprint(d) for d in docs(**{f"d{i}": notice(1000 + i) for i in range(300)})]
    result = cluster_fingerprints(prints)
    assert result.duplicates == []
    assert result.candidates < 300 * 299 / 2 / 10


def test_bad_parameters_are_clear_errors() -> None:
    with pytest.raises(ValueError, match="threshold"):
        cluster_fingerprints([], threshold=0)
    with pytest.raises(ValueError, match="keep policy"):
        cluster_fingerprints([], keep="newest")


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="创新业务国发院区体关于的通知一二三，。\n", min_size=0, max_size=300))
def test_minhash_agrees_with_itself_and_estimates_identity(text: str) -> None:
    key = comparison_key(text)
    sig = minhash(key)
    assert len(sig) == 128
    assert (sig == minhash(key)).all()
    assert compare_texts(text, text).similarity == 1.0


# --- repeated paragraphs ------------------------------------------------------------------


def page_with_repeats() -> str:
    paras = body(30, paragraphs=3, sentences=2)
    # the scraper doubled the article; the second copy has different indentation
    return (
        "青岛高新区创新发展综述\n"
        + "\n".join(paras)
        + "\n\u3000\u3000"
        + "\n\u3000\u3000".join(paras)
    )


def test_repeated_paragraphs_inside_and_across_documents() -> None:
    page = page_with_repeats()
    paras = body(30, paragraphs=3, sentences=2)
    other = "转载\n" + paras[1] + "\n另一段独有的文字，说明本次转载的背景和出处，与前文不同。"
    found = find_repeated_paragraphs(docs(page=page, other=other))
    rows = [(r.doc, r.paragraph, r.cluster, r.first_doc, r.first_paragraph) for r in found]
    assert rows == [
        ("page", 2, 1, "page", 2),
        ("page", 3, 2, "page", 3),
        ("page", 4, 3, "page", 4),
        ("page", 5, 1, "page", 2),
        ("page", 6, 2, "page", 3),
        ("page", 7, 3, "page", 4),
        ("other", 2, 2, "page", 3),
    ]
    for r in found:  # spans are in the text as loaded
        text = page if r.doc == "page" else other
        assert comparison_key(text[r.start : r.end]) == comparison_key(paras[(r.cluster - 1)])


def test_paragraph_records_follow_input_order() -> None:
    first, second = body(33, paragraphs=2, sentences=2)
    found = find_repeated_paragraphs(
        docs(a=f"{first}\n", b=f"{second}\n", c=f"{first}\n", d=f"{second}\n")
    )
    assert [(r.doc, r.cluster, r.first_doc) for r in found] == [
        ("a", 1, "a"), ("b", 2, "b"), ("c", 1, "a"), ("d", 2, "b"),
    ]  # fmt: skip


def test_near_identical_paragraphs_inside_a_document_repeat() -> None:
    para = body(31, paragraphs=1, sentences=3)[0]
    edited = para.replace("，", "、", 1)[:-3] + "等。"
    found = find_repeated_paragraphs(docs(page=f"{para}\n{edited}\n"))
    assert [(r.paragraph, r.cluster) for r in found] == [(1, 1), (2, 1)]


def test_traditional_annotated_repeat_matches_simplified() -> None:
    para = body(32, paragraphs=1, sentences=2)[0]
    found = find_repeated_paragraphs(docs(page=f"{para}\n{traditional_annotated(para)}\n"))
    assert len(found) == 2


def test_short_lines_are_not_paragraph_repeats() -> None:
    assert find_repeated_paragraphs(docs(page="一、总体要求\n正文。\n一、总体要求\n")) == []


def test_strip_repeats_keeps_first_occurrences() -> None:
    page = page_with_repeats()
    paras = body(30, paragraphs=3, sentences=2)
    stripped = strip_repeats(page)
    assert stripped.split("\n") == ["青岛高新区创新发展综述", *paras]


# --- the command line ---------------------------------------------------------------------


@pytest.fixture
def dup_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "dups"
    (root / "site2").mkdir(parents=True)
    original = notice(40)
    (root / "a_original.txt").write_text(original, encoding="utf-8")
    (root / "b_other.txt").write_text(notice(41), encoding="utf-8")
    (root / "c_gbk_repost.txt").write_bytes(repost(original).encode("gbk"))
    (root / "site2" / "d_traditional.txt").write_text(
        traditional_annotated(original), encoding="utf-8"
    )
    (root / "e_edited.txt").write_text(drop_sentence(original), encoding="utf-8")
    return root


def tsv(stdout: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(stdout), delimiter="\t", quoting=csv.QUOTE_NONE))


def test_cli_document_records(dup_corpus: Path, runner: CliRunner) -> None:
    result = invoke(runner, ["dedupe", str(dup_corpus)])
    assert result.exit_code == 0, result.stderr
    rows = tsv(result.stdout)
    assert list(rows[0]) == ["doc", "cluster", "similarity", "keep", "duplicate_of"]
    names = {Path(r["doc"]).name: r for r in rows}
    assert set(names) == {"a_original.txt", "c_gbk_repost.txt", "d_traditional.txt",
                          "e_edited.txt"}  # fmt: skip
    kept = [r for r in rows if r["keep"] == "true"]
    assert len(kept) == 1 and kept[0]["similarity"] != "" and kept[0]["duplicate_of"] == ""
    assert all(r["duplicate_of"] == kept[0]["doc"] for r in rows if r["keep"] == "false")
    assert {r["cluster"] for r in rows} == {"1"}


def test_cli_pairs_and_formats(dup_corpus: Path, runner: CliRunner) -> None:
    args = ["dedupe", "--pairs", str(dup_corpus)]
    rows = tsv(invoke(runner, args).stdout)
    assert list(rows[0]) == ["doc", "other", "similarity", "containment", "method"]
    assert {r["method"] for r in rows} <= {"exact", "edit", "resemblance"}
    as_jsonl = [json.loads(x) for x in invoke(runner, [*args, "-f", "jsonl"]).stdout.splitlines()]
    assert [r["doc"] for r in as_jsonl] == [r["doc"] for r in rows]
    assert all(isinstance(r["similarity"], float) for r in as_jsonl)
    as_csv = list(csv.DictReader(io.StringIO(invoke(runner, [*args, "-f", "csv"]).stdout)))
    assert as_csv == rows


def test_cli_exact_and_contained(tmp_path: Path, runner: CliRunner) -> None:
    original = notice(45)
    (tmp_path / "a.txt").write_text(original, encoding="utf-8")
    (tmp_path / "b.txt").write_text(repost(original), encoding="utf-8")
    (tmp_path / "c.txt").write_text(drop_sentence(original), encoding="utf-8")
    (tmp_path / "d.txt").write_text(original[: len(original) // 2], encoding="utf-8")

    def clustered(*args: str) -> set[str]:
        result = invoke(runner, ["dedupe", *args, str(tmp_path)])
        assert result.exit_code == 0, result.stderr
        return {Path(r["doc"]).name for r in tsv(result.stdout)}

    assert clustered() == {"a.txt", "b.txt", "c.txt"}
    assert clustered("--exact") == {"a.txt", "b.txt"}
    assert clustered("--contained") == {"a.txt", "b.txt", "c.txt", "d.txt"}
    pairs = tsv(invoke(runner, ["dedupe", "--pairs", str(tmp_path)]).stdout)
    assert {(Path(r["other"]).name, r["method"]) for r in pairs if r["method"] == "contained"} == {
        ("d.txt", "contained")
    }


def test_cli_unique_writes_the_corpus_without_copies(
    dup_corpus: Path, tmp_path: Path, runner: CliRunner
) -> None:
    out = tmp_path / "unique"
    result = invoke(runner, ["dedupe", "--unique", "-o", str(out), str(dup_corpus)])
    assert result.exit_code == 0, result.stderr
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.txt"))
    kept = [
        Path(r["doc"]).relative_to(dup_corpus).as_posix()
        for r in tsv(invoke(runner, ["dedupe", str(dup_corpus)]).stdout)
        if r["keep"] == "true"
    ]
    assert written == sorted(["b_other.txt", *kept])
    # documents are written as loaded (decoded to UTF-8), not normalized
    for name in written:
        source = dup_corpus / name
        assert (out / name).read_text(encoding="utf-8") == source.read_bytes().decode(
            "gbk" if "gbk" in name else "utf-8"
        )


def test_cli_unique_in_a_pipeline_keeps_metadata() -> None:
    original = notice(50)
    lines = [
        {"id": "x", "text": original, "source": "gov"},
        {"id": "y", "text": repost(original) + "附件：申报表\n", "source": "news"},
        {"id": "z", "text": notice(51), "source": "gov"},
    ]
    stdin = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode("utf-8")
    done = run_policytool(["dedupe", "--unique"], input=stdin)
    assert done.returncode == 0, done.stderr
    out = [json.loads(x) for x in done.stdout.decode().splitlines()]
    assert [(d["id"], d["source"]) for d in out] == [("y", "news"), ("z", "gov")]
    assert out[0]["text"] == lines[1]["text"]


def test_cli_paragraph_level_and_strip(tmp_path: Path, runner: CliRunner) -> None:
    page = tmp_path / "page.txt"
    page.write_text(page_with_repeats(), encoding="utf-8")
    result = invoke(runner, ["dedupe", "--level", "paragraph", str(page)])
    rows = tsv(result.stdout)
    assert list(rows[0]) == [
        "doc", "paragraph", "start", "end", "cluster", "first_doc", "first_paragraph",
    ]  # fmt: skip
    assert [r["paragraph"] for r in rows] == ["2", "3", "4", "5", "6", "7"]
    stripped = invoke(runner, ["dedupe", "--level", "paragraph", "--strip-repeats", str(page)])
    assert stripped.stdout == strip_repeats(page_with_repeats()) + "\n"
    as_jsonl = invoke(
        runner, ["dedupe", "--level", "paragraph", "--strip-repeats", "-f", "jsonl", str(page)]
    )
    assert json.loads(as_jsonl.stdout)["text"] == strip_repeats(page_with_repeats())


@pytest.mark.parametrize(
    "args",
    [
        ["--level", "paragraph", "--unique"],
        ["--strip-repeats"],
        ["--unique", "--pairs"],
        ["-o", "somewhere"],
        ["--unique", "-f", "tsv"],
        ["--threshold", "1.5"],
        ["--keep", "newest"],
    ],
)
def test_cli_conflicting_options_are_usage_errors(
    args: list[str], dup_corpus: Path, runner: CliRunner
) -> None:
    result = runner.invoke(__import__("policytool.cli").cli.cli, ["dedupe", *args, str(dup_corpus)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_cli_jobs_and_bad_inputs(dup_corpus: Path, runner: CliRunner) -> None:
    (dup_corpus / "f_binary.txt").write_bytes(b"\x00\x01\x02binary")
    one = invoke(runner, ["dedupe", "-j", "1", str(dup_corpus)])
    two = invoke(runner, ["dedupe", "-j", "2", str(dup_corpus)])
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout and one.stdout.count("\n") == 5
    assert one.stderr == two.stderr
    assert one.stderr.startswith(f"policytool: error: {dup_corpus}/f_binary.txt: binary file")


def test_cli_closed_pipe_after_the_reduce_is_quiet(tmp_path: Path) -> None:
    original = notice(60)
    lines = "".join(
        json.dumps({"id": f"d{i}", "text": original}, ensure_ascii=False) + "\n"
        for i in range(3000)
    )
    (tmp_path / "many.jsonl").write_text(lines, encoding="utf-8")
    import subprocess
    import sys

    script = (
        f'"{sys.executable}" -m policytool dedupe many.jsonl 2> err.txt | head -n 2; '
        'echo "${PIPESTATUS[0]}" > rc.txt'
    )
    subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, timeout=120)
    assert (tmp_path / "err.txt").read_text() == ""
    assert (tmp_path / "rc.txt").read_text().strip() == "0"
