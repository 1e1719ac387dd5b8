"""The command-line contract (DESIGN.md), checked once for every subcommand.

Every subcommand in ``policytool.cli.SUBCOMMANDS`` must appear in ``CONTRACT_ARGS``: a new
subcommand cannot land without passing these tests.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from policytool.cli import SUBCOMMANDS, cli
from tests.conftest import NOTICE, invoke, run_policytool

#: subcommand → extra arguments that make it emit records for the contract checks.
CONTRACT_ARGS: dict[str, list[str]] = {
    "dates": [],
    # per-document mode (one document out per document in); the clustering mode is tested
    # through the same entry points in tests/test_dedupe.py
    "cite": [],
    "dedupe": ["--level", "paragraph", "--strip-repeats", "-f", "jsonl"],
    "docnum": [],
    "info": [],
    "meta": [],
    "normalize": ["-f", "jsonl"],  # writes documents, not records
}

COMMANDS = sorted(CONTRACT_ARGS)
#: Commands that write records, in every --format.
RECORD_COMMANDS = [c for c in COMMANDS if c not in ("normalize", "dedupe")]


def test_every_subcommand_is_under_contract() -> None:
    assert set(SUBCOMMANDS) == set(CONTRACT_ARGS)


def records(stdout: str) -> list[dict[str, str]]:
    """TSV records, or JSONL documents (their ``id`` read as ``doc``)."""
    if stdout.startswith("{"):
        rows = [json.loads(line) for line in stdout.splitlines()]
        return [{("doc" if k == "id" else k): v for k, v in row.items()} for row in rows]
    return list(csv.DictReader(io.StringIO(stdout), delimiter="\t", quoting=csv.QUOTE_NONE))


def without_doc(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{k: v for k, v in r.items() if k != "doc"} for r in rows]


@pytest.mark.parametrize("command", COMMANDS)
def test_file_and_stdin_give_the_same_records(
    command: str, tmp_path: Path, runner: CliRunner
) -> None:
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    from_file = invoke(runner, [command, *CONTRACT_ARGS[command], str(path)])
    from_stdin = invoke(runner, [command, *CONTRACT_ARGS[command], "-"], input=NOTICE)
    assert from_file.exit_code == from_stdin.exit_code == 0
    rows_file, rows_stdin = records(from_file.stdout), records(from_stdin.stdout)
    assert rows_file and without_doc(rows_file) == without_doc(rows_stdin)
    assert {r["doc"] for r in rows_file} == {str(path)}
    assert {r["doc"] for r in rows_stdin} == {"-"}


@pytest.mark.parametrize("command", COMMANDS)
def test_jsonl_on_stdin(command: str, runner: CliRunner) -> None:
    lines = "\n".join(
        json.dumps({"id": f"doc{i}", "text": NOTICE, "source": "test"}, ensure_ascii=False)
        for i in range(3)
    )
    result = invoke(runner, [command, *CONTRACT_ARGS[command]], input=lines + "\n")
    assert result.exit_code == 0, result.stderr
    first_seen = list(dict.fromkeys(r["doc"] for r in records(result.stdout)))
    assert first_seen == ["doc0", "doc1", "doc2"]


@pytest.mark.parametrize("command", RECORD_COMMANDS)
def test_every_format_carries_the_same_records(
    command: str, corpus: Path, runner: CliRunner
) -> None:
    args = [command, *CONTRACT_ARGS[command], str(corpus)]
    tsv = records(invoke(runner, [*args, "-f", "tsv"]).stdout)
    assert tsv
    columns = list(tsv[0])
    as_csv = list(csv.DictReader(io.StringIO(invoke(runner, [*args, "-f", "csv"]).stdout)))
    jsonl = [json.loads(x) for x in invoke(runner, [*args, "-f", "jsonl"]).stdout.splitlines()]
    array = json.loads(invoke(runner, [*args, "-f", "json"]).stdout)
    table = invoke(runner, [*args, "-f", "table"]).stdout
    no_header = invoke(runner, [*args, "--no-header"]).stdout
    assert as_csv == tsv
    assert [list(r) for r in jsonl] == [columns] * len(tsv)
    assert array == jsonl
    assert len(no_header.splitlines()) == len(tsv)
    assert table.splitlines()[0].split() == columns
    for row in jsonl:
        assert Path(row["doc"]).name in table or row["doc"][:10] in table


@pytest.mark.parametrize("command", COMMANDS)
def test_bad_inputs_are_reported_and_the_run_goes_on(
    command: str, corpus: Path, runner: CliRunner
) -> None:
    (corpus / "c_picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    (corpus / "z_empty.txt").write_bytes(b"")
    missing = corpus / "missing.txt"
    result = invoke(runner, [command, *CONTRACT_ARGS[command], str(missing), str(corpus)])
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert errors == [
        f"policytool: error: {missing}: no such file or directory",
        f"policytool: error: {corpus}/c_picture.png: "
        "binary file (contains NUL bytes); not a text document",
    ]
    docs = {Path(r["doc"]).name for r in records(result.stdout)}
    # GBK, Big5, UTF-16 and the subfolder were all processed around the bad inputs
    assert {"b_gbk.txt", "c_big5.txt", "d_utf16.txt", "e_annotated.txt"} <= docs
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_empty_and_encoded_files_exit_zero(command: str, tmp_path: Path, runner: CliRunner) -> None:
    files = {
        "empty.txt": b"",
        "gbk.txt": NOTICE.encode("gbk"),
        "big5.txt": "國務院辦公廳關於推進示範基地建設的實施意見".encode("big5"),
        "utf16.txt": NOTICE.encode("utf-16"),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    result = invoke(runner, [command, *CONTRACT_ARGS[command], str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize("command", COMMANDS)
def test_bad_option_is_a_usage_error(command: str, runner: CliRunner) -> None:
    result = runner.invoke(cli, [command, "--no-such-option"])
    assert result.exit_code == 2
    assert "No such option" in result.stderr
    assert result.stdout == ""
    result = runner.invoke(cli, [command, "-f", "xml", "x"])
    assert result.exit_code == 2


@pytest.mark.parametrize("command", COMMANDS)
def test_jobs_do_not_change_output_order(command: str, tmp_path: Path, runner: CliRunner) -> None:
    for i in range(80):
        text = NOTICE.replace("31号", f"{i}号") * (1 + i % 7)
        (tmp_path / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "040.txt").write_bytes(b"\x00\x01binary")
    one = invoke(runner, [command, *CONTRACT_ARGS[command], "-j", "1", str(tmp_path)])
    two = invoke(runner, [command, *CONTRACT_ARGS[command], "-j", "2", str(tmp_path)])
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr
    assert one.exit_code == two.exit_code == 1


@pytest.mark.parametrize("command", COMMANDS)
def test_closed_stdout_ends_quietly(command: str, tmp_path: Path) -> None:
    lines = "".join(
        json.dumps({"id": f"d{i}", "text": NOTICE}, ensure_ascii=False) + "\n" for i in range(20000)
    )
    (tmp_path / "big.jsonl").write_text(lines, encoding="utf-8")
    script = (
        f'"{sys.executable}" -m policytool {command} {" ".join(CONTRACT_ARGS[command])} '
        f'big.jsonl 2> err.txt | head -n 1; echo "${{PIPESTATUS[0]}}" > rc.txt'
    )
    started = time.monotonic()
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, timeout=120)
    assert time.monotonic() - started < 60
    assert done.stdout.decode().count("\n") == 1
    assert (tmp_path / "err.txt").read_text() == ""
    assert (tmp_path / "rc.txt").read_text().strip() == "0"


@pytest.mark.parametrize("command", COMMANDS)
def test_ctrl_c_exits_130_without_traceback(command: str) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "policytool", command, *CONTRACT_ARGS[command], "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(1.5)  # let it start and block reading stdin
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert b"Traceback" not in err


def test_version_and_module_entry_point() -> None:
    done = run_policytool(["--version"])
    assert done.returncode == 0
    assert done.stdout.decode().startswith("policytool, version ")
    done = run_policytool(["no-such-command"])
    assert done.returncode == 2


def test_no_color_and_stdout_discipline(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(NOTICE, encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "policytool", "info", "-f", "table", str(path)],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert b"\x1b[" not in done.stdout
    assert done.stderr == b""
