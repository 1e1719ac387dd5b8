"""Shared fixtures: a small messy corpus written by the tests themselves, and CLI runners."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policytool.cli import cli

NOTICE = (
    "国务院办公厅关于推进县域创新创业示范基地建设的实施意见\n"
    "国办发〔2019〕31号\n"
    "各省、自治区、直辖市人民政府：\n"
    "为推动大众创业万众创新向县域延伸，根据《国务院关于推动创新创业高质量发展打造“双创”升级版的意见》"
    "（国发〔2018〕32号），现提出以下意见。\n"
    "国务院办公厅\n2019年5月20日\n"
)
TRADITIONAL = (
    "國務院辦公廳關於推進縣域創新創業示範基地建設的實施意見\n國辦發〔2019〕31號\n"
    "根據《國務院關於推動創新創業高質量發展的意見》執行。\n2019年5月20日\n"
)
ANNOTATED = (
    "《國務(wù)院辦公廳關(guān)於推進縣域創(chuàng)新"
    "創(chuàng)業(yè)示範基地建設(shè)的實施意見》（國辦發(fā)〔2019〕31號）\n"
    "2019年5月20日發(fā)布\n"
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A directory in the shapes of real collections: UTF-8, GBK, Big5, UTF-16, a subfolder,
    a hidden file that must be skipped."""
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a_notice.txt").write_text(NOTICE, encoding="utf-8")
    (root / "b_gbk.txt").write_bytes(NOTICE.encode("gbk"))
    (root / "c_big5.txt").write_bytes(TRADITIONAL.encode("big5"))
    (root / "d_utf16.txt").write_bytes(NOTICE.encode("utf-16"))
    (root / "sub" / "e_annotated.txt").write_text(ANNOTATED, encoding="utf-8")
    (root / ".hidden.txt").write_text("不应读取", encoding="utf-8")
    return root


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, args: list[str], input: str | bytes | None = None) -> Result:
    """Run the CLI in-process through its real click entry point."""
    return runner.invoke(cli, args, input=input, catch_exceptions=False)


def run_policytool(
    args: list[str], *, input: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m policytool`` in a real subprocess (pipes, signals, exit codes)."""
    return subprocess.run(
        [sys.executable, "-m", "policytool", *args],
        input=input,
        capture_output=True,
        cwd=cwd,
        timeout=120,
    )
