"""The loader and ``policytool info``: MB/s on a corpus, and command start-up time.

    python benchmarks/bench_loader.py ../shared/corpus/real/docs

Side by side in one run: the floor any Python loader pays (read each file, strict UTF-8 decode),
policytool's loader (walk, read, detect, decode, digest), ``file_info`` on top of it, the whole
``policytool info`` command, and ``policytool --help`` against a bare ``python -c pass``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _measure import corpus_bytes, policytool, run

from policytool.info import file_info
from policytool.io.loader import Document, load_documents


def best_of(repeat: int, func) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    size = corpus_bytes(args.corpus)
    files = sorted(p for p in args.corpus.rglob("*") if p.is_file())

    def floor() -> None:
        for p in files:
            p.read_bytes().decode("utf-8", "replace")

    def loader() -> None:
        for _ in load_documents([str(args.corpus)]):
            pass

    def info() -> None:
        for doc in load_documents([str(args.corpus)]):
            if isinstance(doc, Document):
                file_info(doc)

    rows = [
        ("read + decode, plain Python (floor)", best_of(args.repeat, floor)),
        ("`load_documents` (library)", best_of(args.repeat, loader)),
        ("`load_documents` + `file_info` (library)", best_of(args.repeat, info)),
    ]
    command = run(policytool("info", str(args.corpus), "-f", "tsv"), repeat=args.repeat)
    rows.append(("`policytool info` (command, 1 process)", command.seconds))
    command2 = run(policytool("info", "-j", "2", str(args.corpus), "-f", "tsv"), repeat=args.repeat)
    rows.append(("`policytool info -j 2` (command)", command2.seconds))
    print(f"corpus: {args.corpus} ({len(files)} files, {size / 1e6:.1f} MB)\n")
    print("| what | seconds | MB/s |")
    print("|---|---:|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.3f} | {size / 1e6 / seconds:.0f} |")
    print(f"\npeak RSS of `policytool info`: {command.peak_mb:.0f} MB\n")

    def startup(argv: list[str]) -> float:
        times = []
        for _ in range(10):
            started = time.perf_counter()
            subprocess.run(argv, capture_output=True, check=True)
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    print("| start-up (median of 10) | seconds |")
    print("|---|---:|")
    print(f"| `python -c pass` | {startup([sys.executable, '-c', 'pass']):.3f} |")
    print(f"| `policytool --help` | {startup(policytool('--help')):.3f} |")
    print(f"| `policytool info --help` | {startup(policytool('info', '--help')):.3f} |")


if __name__ == "__main__":
    main()
