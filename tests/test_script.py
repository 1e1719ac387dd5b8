"""Script detection from the characters that differ between simplified and traditional."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policytool.data import read_table
from policytool.text.script import count_script_chars, detect_script

CASES = json.loads((Path(__file__).parent / "cases" / "script.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:12] or "empty" for c in CASES])
def test_detect_script(case: dict[str, str]) -> None:
    assert detect_script(case["text"]) == case["expect"]


def test_counts_only_script_specific_characters() -> None:
    assert count_script_chars("国务院辦公廳") == (2, 2)
    assert count_script_chars("后台干乾著") == (0, 0)
    assert count_script_chars("") == (0, 0)
    assert count_script_chars("\U00020000国") == (1, 0)  # astral characters don't break it


def test_table_has_a_source_for_every_row_and_no_shared_characters() -> None:
    rows = read_table("script_chars.tsv")
    assert all(r["source"] for r in rows)
    simplified = {r["char"] for r in rows if r["script"] == "simplified"}
    traditional = {r["char"] for r in rows if r["script"] == "traditional"}
    assert not simplified & traditional
    assert {"发", "国", "务"} <= simplified and {"發", "國", "務", "衞"} <= traditional
    assert not {"后", "台", "干", "著", "乾"} & (simplified | traditional)
