"""Outputs that cannot destroy inputs: every reproduction of issue 14's data-loss list, run
through the real entry point, with the inputs byte-identical afterwards."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tests.conftest import run_policytool

PAGE = "????國務(wù)院辦公廳關(guān)於推進工作的通知。\n".encode("gbk")


def _corpus(root: Path) -> dict[Path, bytes]:
    root.mkdir(parents=True, exist_ok=True)
    files = {root / "a.txt": PAGE, root / "b.txt": "国务院。\n".encode()}
    for path, data in files.items():
        path.write_bytes(data)
    return files


def _unchanged(files: dict[Path, bytes]) -> bool:
    return all(path.read_bytes() == data for path, data in files.items())


def test_a_report_naming_an_input_is_refused(tmp_path: Path) -> None:
    files = _corpus(tmp_path / "in")
    x = tmp_path / "in" / "a.txt"
    for args in (
        ["normalize", str(x), "--in-place", "--report", str(x)],
        ["normalize", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--report", str(x)],
        ["normalize", str(x), "--explain", str(x)],
    ):
        done = run_policytool(args)
        assert done.returncode == 2, args
        assert b"is one of the inputs" in done.stderr and b"Traceback" not in done.stderr
        assert _unchanged(files)


def test_a_report_inside_a_walked_directory_is_not_read_as_an_input(tmp_path: Path) -> None:
    files = _corpus(tmp_path / "in")
    report = tmp_path / "in" / "fixes.tsv"
    args = ["normalize", str(tmp_path / "in"), "--in-place", "--report", str(report)]
    done = run_policytool(args)
    assert done.returncode == 0, done.stderr
    lines = report.read_text("utf-8").splitlines()
    assert [line.split("\t")[0].rsplit("/", 1)[-1] for line in lines[1:]] == ["a.txt", "b.txt"]
    assert files[tmp_path / "in" / "b.txt"] == (tmp_path / "in" / "b.txt").read_bytes()


def test_a_backup_is_never_overwritten(tmp_path: Path) -> None:
    x = tmp_path / "x.txt"
    x.write_bytes(PAGE)
    first = run_policytool(["normalize", str(x), "--in-place", "--backup", ".orig"])
    assert first.returncode == 0
    rewritten = x.read_bytes()
    second = run_policytool(["normalize", str(x), "--in-place", "--backup", ".orig"])
    assert second.returncode == 1
    assert b"exists already; not overwritten" in second.stderr
    assert (tmp_path / "x.txt.orig").read_bytes() == PAGE  # the original bytes are safe
    assert x.read_bytes() == rewritten


def test_a_backup_name_that_is_another_input_is_refused(tmp_path: Path) -> None:
    files = _corpus(tmp_path / "in")
    (tmp_path / "in" / "a.txt.orig").write_bytes(b"another input")
    files[tmp_path / "in" / "a.txt.orig"] = b"another input"
    done = run_policytool(["normalize", str(tmp_path / "in"), "--in-place", "--backup", ".orig"])
    assert done.returncode == 2 and b"backup" in done.stderr
    assert _unchanged(files)


def test_output_directory_cannot_be_the_inputs(tmp_path: Path) -> None:
    files = _corpus(tmp_path / "in")
    for out in (tmp_path / "in", tmp_path / "in" / "clean"):
        done = run_policytool(["normalize", str(tmp_path / "in"), "-o", str(out)])
        assert done.returncode == 2 and b"inside the input directory" in done.stderr
        assert _unchanged(files)
    # A file named on its own whose target under -o is itself.
    done = run_policytool(["normalize", "a.txt", "-o", "."], cwd=tmp_path / "in")
    assert done.returncode == 1 and b"would overwrite the input" in done.stderr
    assert _unchanged(files)


def test_in_place_writes_through_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "target.txt"
    target.write_bytes(PAGE)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    done = run_policytool(["normalize", str(link), "--in-place"])
    assert done.returncode == 0, done.stderr
    assert link.is_symlink()
    assert target.read_text("utf-8").startswith("国务院办公厅")


def test_new_files_follow_the_umask(tmp_path: Path) -> None:
    _corpus(tmp_path / "in")
    old = os.umask(0o022)
    try:
        done = run_policytool(
            ["normalize", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
             "--report", str(tmp_path / "r.tsv")]
        )  # fmt: skip
    finally:
        os.umask(old)
    assert done.returncode == 0
    for path in (tmp_path / "out" / "a.txt", tmp_path / "r.tsv"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
