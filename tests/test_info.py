"""``policytool info``: the library function and the command."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from click.testing import CliRunner

from policytool.info import FileInfo, file_info
from policytool.io.loader import Document, load_documents
from tests.conftest import invoke


def test_file_info_reports_the_source(corpus: Path) -> None:
    infos = {
        Path(d.id).name: file_info(d)
        for d in load_documents([str(corpus)])
        if isinstance(d, Document)
    }
    gbk = infos["b_gbk.txt"]
    raw = (corpus / "b_gbk.txt").read_bytes()
    assert gbk.encoding == "gb18030"
    assert gbk.bytes == len(raw)
    assert gbk.sha256 == hashlib.sha256(raw).hexdigest()
    assert gbk.chars == len(raw.decode("gb18030"))
    assert gbk.script == "simplified"
    assert infos["c_big5.txt"].script == "traditional"
    assert infos["e_annotated.txt"].script == "traditional"
    assert list(gbk.to_record()) == list(FileInfo.COLUMNS)


def test_info_command_jsonl(corpus: Path, runner: CliRunner) -> None:
    result = invoke(runner, ["info", "-f", "jsonl", str(corpus)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(r["doc"]).name for r in records] == [
        "a_notice.txt",
        "b_gbk.txt",
        "c_big5.txt",
        "d_utf16.txt",
        "e_annotated.txt",
    ]
    assert [r["encoding"] for r in records] == ["utf-8", "gb18030", "cp950", "utf-16", "utf-8"]
    assert result.stderr == ""


def test_info_forced_encoding(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("café".encode("latin-1"))
    result = invoke(runner, ["info", "-f", "jsonl", "-e", "latin-1", str(path)])
    assert json.loads(result.stdout)["encoding"] == "iso8859-1"
    result = invoke(runner, ["info", "-e", "nonsense", str(path)])
    assert result.exit_code == 2
    assert "unknown encoding" in result.stderr
