"""Shared helpers for the benchmark scripts: run a command, measure wall time and peak memory."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    command: str
    seconds: float
    peak_mb: float
    returncode: int


def run(argv: list[str], *, stdin: Path | None = None, repeat: int = 1) -> Run:
    """Run ``argv`` with stdout to /dev/null: best wall time of ``repeat`` runs, like
    ``/usr/bin/time``, and the peak resident memory of the process (ru_maxrss of wait4)."""
    best, peak, code = float("inf"), 0.0, 0
    for _ in range(repeat):
        with open(os.devnull, "wb") as devnull:
            stdin_file = open(stdin, "rb") if stdin else subprocess.DEVNULL  # noqa: SIM115
            started = time.perf_counter()
            proc = subprocess.Popen(argv, stdin=stdin_file, stdout=devnull)
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - started
            if stdin:
                stdin_file.close()  # type: ignore[union-attr]
        best = min(best, elapsed)
        peak = max(peak, usage.ru_maxrss / 1024)
        code = os.waitstatus_to_exitcode(status)
    return Run(shlex.join(argv), best, peak, code)


def corpus_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def policytool(*args: str) -> list[str]:
    return [sys.executable, "-m", "policytool", *args]


def cpu_seconds(func, repeat: int) -> float:  # type: ignore[no-untyped-def]
    """Best CPU time of ``repeat`` calls: this VM's speed varies, CPU time of the best run is
    the steadiest measure (it equals wall time here)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        func()
        best = min(best, time.process_time() - started)
    return best


def run_records(args: list[str]) -> tuple[float, float, list[dict[str, str]]]:
    """Run ``policytool ARGS -f tsv -q`` with stdout to a file: wall seconds, peak MB over the
    process tree (the parent's ru_maxrss, and the largest of the children this process has
    waited for: a pool's workers), and the TSV records. Exits when the command fails."""
    import csv
    import resource
    import tempfile

    csv.field_size_limit(1 << 30)
    with tempfile.NamedTemporaryFile("w+", suffix=".tsv", encoding="utf-8") as out:
        argv = policytool(*args, "-f", "tsv", "-q")
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"failed: {shlex.join(argv)}")
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak = max(usage.ru_maxrss, children.ru_maxrss) / 1024
        out.seek(0)
        rows = list(csv.DictReader(out, delimiter="\t", quoting=csv.QUOTE_NONE))
    return seconds, peak, rows
