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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 20, 50], metavar="MB")
    args = parser.parse_args()
    base = "".join(
        p.read_text(encoding="utf-8").replace("\n", "") for p in sorted(args.corpus.glob("*.txt"))
    ).encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for size in args.sizes:
            data = (base * (size * 1_000_000 // len(base) + 1))[: size * 1_000_000]
            path = Path(tmp) / f"line{size}.txt"
            path.write_bytes(data.decode("utf-8", "ignore").encode("utf-8"))  # cut whole
            files[size] = path
        del base, data  # the children's peak memory counts from the parent's at fork
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
