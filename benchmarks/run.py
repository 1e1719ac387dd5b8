"""Time policytool subcommands on a corpus: wall time, throughput and peak memory.

    python benchmarks/run.py CORPUS [--command "info"] [--command "info -j 2"] [--repeat 3]

Each command runs as ``python -m policytool <command> CORPUS -f tsv > /dev/null`` in its own
process; the table printed (Markdown) is what docs/benchmarks.md records. Later issues add
their subcommands to DEFAULT_COMMANDS.
"""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from _measure import corpus_bytes, policytool, run

DEFAULT_COMMANDS = ["info", "info -j 2", "docnum", "docnum -j 2", "dates", "dates -j 2"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--command", action="append", help="subcommand and its options")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    size = corpus_bytes(args.corpus)
    print(f"corpus: {args.corpus} ({size / 1e6:.1f} MB)\n")
    print("| command | wall s | MB/s | peak RSS MB | exit |")
    print("|---|---:|---:|---:|---:|")
    for command in args.command or DEFAULT_COMMANDS:
        argv = policytool(*shlex.split(command), str(args.corpus), "-f", "tsv")
        result = run(argv, repeat=args.repeat)
        rate = size / 1e6 / result.seconds
        print(
            f"| `policytool {command}` | {result.seconds:.2f} | {rate:.1f} "
            f"| {result.peak_mb:.0f} | {result.returncode} |"
        )


if __name__ == "__main__":
    main()
