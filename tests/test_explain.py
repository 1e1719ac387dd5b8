"""normalize's edit records: every change explained, in offsets of the text as loaded."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from policytool.normalize import STEPS, normalize_text, options_without
from tests.conftest import invoke
from tests.test_normalize import FRAGMENTS

PAGE = (
    "當前位置：首頁 > 政策\n"
    "????國務(wù)院辦公廳關(guān)於推進工作的通知。\n"
    "請&ldquo;認真&rdquo;執行。\n"
    "版權所有 某網"
)


def test_each_edit_names_its_step_span_and_texts() -> None:
    result = normalize_text(PAGE, explain=True)
    assert result.edits is not None
    steps = [edit.step for edit in result.edits]
    assert {"annotations", "entities", "script", "whitespace", "boilerplate"} <= set(steps)
    assert steps == sorted(steps, key=STEPS.index)  # in the order the steps ran
    by_step = {(e.step, e.before, e.after) for e in result.edits}
    assert ("annotations", "(wù)", "") in by_step
    assert ("entities", "&ldquo;", "“") in by_step
    assert ("lost", "????", "\u00a0" * 4) in by_step  # NBSP that GBK could not hold
    assert ("whitespace", "\u00a0" * 4, "") in by_step
    assert ("boilerplate", "当前位置：首页 > 政策\n", "") in by_step
    for edit in result.edits:
        assert 0 <= edit.start <= edit.end <= len(PAGE)
    # The first change of a span is made on the text as loaded: before is its slice.
    entity = next(e for e in result.edits if e.after == "“")
    assert PAGE[entity.start : entity.end] == "&ldquo;"
    # A later step's span covers what earlier steps removed inside it.
    ban = next(e for e in result.edits if e.step == "script" and "厅" in e.after)
    assert "(guān)" in PAGE[ban.start : ban.end]


def test_explain_changes_nothing_else() -> None:
    plain = normalize_text(PAGE, offsets=False)
    explained = normalize_text(PAGE, offsets=False, explain=True)
    assert (plain.text, plain.report) == (explained.text, explained.report)
    assert plain.edits is None


@settings(max_examples=200, deadline=None)
@given(st.lists(FRAGMENTS, max_size=25))
def test_property_edits_are_in_bounds_and_the_text_unchanged(parts: list[str]) -> None:
    text = "".join(parts)
    plain = normalize_text(text, offsets=False)
    explained = normalize_text(text, explain=True)
    assert explained.text == plain.text and explained.report == plain.report
    assert explained.edits is not None
    for edit in explained.edits:
        assert 0 <= edit.start <= edit.end <= len(text)
        assert edit.before != edit.after
    if explained.edits:  # the first edit is made on the text as loaded
        first = explained.edits[0]
        assert text[first.start : first.end] == first.before


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["&ldquo;", "&rdquo", "通知", "&amp;", "，", "&#37329;", "x"])))
def test_property_one_step_edits_rebuild_the_output(parts: list[str]) -> None:
    text = "".join(parts)
    only = options_without(*(s for s in STEPS if s != "entities"))
    result = normalize_text(text, only, explain=True)
    assert result.edits is not None
    out, pos = [], 0
    for edit in result.edits:
        out += [text[pos : edit.start], edit.after]
        pos = edit.end
    out.append(text[pos:])
    assert "".join(out) == result.text


def test_cli_explain_to_stdout_prints_records_not_text(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    result = invoke(CliRunner(), ["normalize", str(page), "--explain", "-"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "doc\tstep\tstart\tend\tbefore\tafter"
    assert any(line.split("\t")[1] == "boilerplate" for line in lines[1:])
    assert "国务院办公厅关于推进工作的通知。" not in result.stdout  # the text is not written


def test_cli_explain_to_a_file_beside_the_documents(tmp_path: Path) -> None:
    page = tmp_path / "in" / "page.txt"
    page.parent.mkdir()
    page.write_text(PAGE, encoding="utf-8")
    edits = tmp_path / "edits.jsonl"
    out = tmp_path / "out"
    result = invoke(
        CliRunner(), ["normalize", str(page.parent), "-o", str(out), "--explain", str(edits)]
    )
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in edits.read_text("utf-8").splitlines()]
    assert {r["doc"] for r in records} == {f"{page.parent.as_posix()}/page.txt"}
    assert list(records[0]) == ["doc", "step", "start", "end", "before", "after"]
    assert (out / "page.txt").read_text("utf-8").startswith("国务院办公厅")
