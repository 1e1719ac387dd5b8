"""Every command on one document that is a single line, at growing sizes: time proportional
to the size (no per-match slicing of the line), memory bounded by the document.

    python benchmarks/bench_oneline.py ../shared/corpus/real/docs --sizes 5 20 50

The line is the corpus's documents joined with their line breaks removed, repeated to each
size (MB of UTF-8); every command runs on it through the real entry point. One row per
command: seconds and peak MB at each size, and seconds per MB at the largest size over
seconds per MB at the smallest (1.0 is linear).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
from pathlib import Path

from _measure import policytool, run

COMMANDS = (
    ("info",),
    ("normalize", "-f", "text"),
    ("dates",),
    ("docnum",),
    ("meta",),
    ("cite",),
    ("dedupe",),
)


def _write_lines(corpus: Path, files: dict[int, Path]) -> None:
    base = "".join(
        p.read_text(encoding="utf-8").replace("\n", "") for p in sorted(corpus.glob("*.txt"))
    ).encode("utf-8")
    for size, path in files.items():
        data = (base * (size * 1_000_000 // len(base) + 1))[: size * 1_000_000]
        path.write_bytes(data.decode("utf-8", "ignore").encode("utf-8"))  # whole characters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 20, 50], metavar="MB")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = {size: Path(tmp) / f"line{size}.txt" for size in args.sizes}
        # Written by a child: the commands' peak memory counts from this process's at fork.
        spawn = multiprocessing.get_context("spawn")
        writer = spawn.Process(target=_write_lines, args=(args.corpus, files))
        writer.start()
        writer.join()
        header = " | ".join(f"{s} MB: s · peak MB" for s in args.sizes)
        print(f"| command | {header} | s/MB ratio, {args.sizes[-1]} vs {args.sizes[0]} MB |")
        print("|---|" + "---:|" * (len(args.sizes) + 1))
        for command in COMMANDS:
            cells, per_mb = [], []
            for size, path in files.items():
                fmt = () if "-f" in command else ("-f", "tsv")
                result = run(policytool(*command, *fmt, "-q", str(path)))
                if result.returncode not in (0, 1):
                    sys.exit(f"failed ({result.returncode}): {result.command}")
                cells.append(f"{result.seconds:.1f} · {result.peak_mb:.0f}")
                per_mb.append(result.seconds / size)
            ratio = per_mb[-1] / per_mb[0]
            print(f"| `{command[0]}` | " + " | ".join(cells) + f" | {ratio:.2f} |")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
