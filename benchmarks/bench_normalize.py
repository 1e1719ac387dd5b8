"""normalize on the real corpus: what survives the content farms' damage, and how fast.

    python benchmarks/bench_normalize.py ../shared/corpus/real/docs [--limit N] [--rounds 5]

1. Quality. Every document is damaged the way content farms damage pages
   (``policytool.normalize.damage.scrape_damage``: traditional, a reading after two in three
   converted characters by a byte-level replace on the GBK bytes, the lossy decoder, NBSP
   indentation that becomes ``????``, quotation marks as entities), and also annotated only
   (the earlier model: traditional and readings, no byte damage). ``normalize_text`` of each
   is compared with ``normalize_text`` of the clean document: characters differing
   (Levenshtein) over all characters, per model.
2. Speed, CPU time, one core, interleaved rounds (median, and the ratio to the baselines of
   the same round): ``normalize_text`` on the corpus (simplified), on a 1 MB simplified text
   holding one rare traditional character (二噁英), on the annotated and on the damaged
   pages; beside the official OpenCC binding's bare ``t2s`` on the damaged text, in this
   process, and opencc-python-reimplemented's bare ``t2s`` in a virtual environment of its
   own (``--baseline-venv``, made on first use: the two packages overwrite each other).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from opencc import OpenCC
from pypinyin import Style, pinyin
from rapidfuzz.distance import Levenshtein

from policytool.normalize import normalize_text
from policytool.normalize.damage import scrape_damage

BASELINE = """
import json, sys, time
from opencc import OpenCC
texts = json.load(open(sys.argv[1], encoding="utf-8"))
converter = OpenCC("t2s")
times = []
for _ in range(int(sys.argv[2])):
    started = time.process_time()
    for text in texts:
        converter.convert(text)
    times.append(time.process_time() - started)
print(json.dumps(times))
"""


def annotate_only(text: str, to_traditional: OpenCC, readings: dict[str, str]) -> str:
    """The earlier model: traditional, a reading after two in three converted characters,
    indentation, no byte damage."""
    traditional = to_traditional.convert(text)
    if len(traditional) != len(text):
        traditional = text
    out: list[str] = []
    for i, (original, char) in enumerate(zip(text, traditional, strict=True)):
        if char == "\n" or i == 0:
            if char == "\n":
                out.append(char)
            out.append("????" if i % 2 else "\u00a0\u00a0\u00a0\u00a0")
            if char == "\n":
                continue
        out.append(char)
        if char != original and i % 3:
            if original not in readings:
                readings[original] = pinyin(original, style=Style.TONE)[0][0]
            out.append(f"({readings[original]})")
    return "".join(out)


def baseline_python(venv: Path) -> Path:
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "opencc-python-reimplemented"],
            check=True,
        )
    return python


def cpu(func: Callable[[], object]) -> float:
    started = time.process_time()
    func()
    return time.process_time() - started


def error_rate(cleans: list[str], pages: list[str]) -> tuple[float, int]:
    distance = total = 0
    for clean, page in zip(cleans, pages, strict=True):
        expected = normalize_text(clean, offsets=False).text
        got = normalize_text(page, offsets=False).text
        distance += Levenshtein.distance(expected, got)
        total += len(expected)
    return distance / max(total, 1), total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--baseline-venv", type=Path, default=Path(tempfile.gettempdir()) / "opencc-py-venv"
    )
    args = parser.parse_args()
    paths = sorted(args.corpus.glob("*.txt"))[: args.limit or None]
    originals = [p.read_text(encoding="utf-8") for p in paths]
    to_traditional = OpenCC("s2t")
    readings: dict[str, str] = {}
    annotated = [annotate_only(t, to_traditional, readings) for t in originals]
    damaged = [scrape_damage(t) for t in originals]
    # One rare character in a 1 MB simplified text: it must not send the whole text down the
    # conversion path.
    rare = "本办法所称二噁英类物质的排放应当符合国家标准。\n" + originals[0] * (
        1_000_000 // len(originals[0].encode()) + 1
    )
    sizes = {
        "simplified": sum(len(t.encode()) for t in originals),
        "annotated": sum(len(t.encode()) for t in annotated),
        "damaged": sum(len(t.encode()) for t in damaged),
        "rare": len(rare.encode()),
    }
    print(f"corpus: {args.corpus} ({len(paths)} documents)")
    for name, size in sizes.items():
        print(f"- {name}: {size / 1e6:.1f} MB")

    rate_damaged, chars = error_rate(originals, damaged)
    rate_annotated, _ = error_rate(originals, annotated)
    print(f"\ncharacters differing from the clean text, normalized ({chars} characters):")
    print(f"- byte-level damage (scrape_damage): {100 * rate_damaged:.3f}%")
    print(f"- annotations only: {100 * rate_annotated:.3f}%")

    official = OpenCC("t2s")
    for texts in (originals, annotated, damaged):  # tables and converters loaded before timing
        normalize_text(texts[0])
    normalize_text(rare, offsets=False)
    runs: dict[str, list[float]] = {}

    def measure(name: str, func: Callable[[], object]) -> None:
        runs.setdefault(name, []).append(cpu(func))

    for _ in range(args.rounds):
        measure("simplified", lambda: [normalize_text(t, offsets=False) for t in originals])
        measure("rare", lambda: normalize_text(rare, offsets=False))
        measure("annotated", lambda: [normalize_text(t, offsets=False) for t in annotated])
        measure("damaged", lambda: [normalize_text(t, offsets=False) for t in damaged])
        measure("opencc", lambda: [official.convert(t) for t in damaged])
    baseline = None
    try:
        python = baseline_python(args.baseline_venv)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
            json.dump(damaged, fh, ensure_ascii=False)
        done = subprocess.run(
            [str(python), "-c", BASELINE, fh.name, str(max(1, args.rounds // 2))],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        baseline = statistics.median(json.loads(done.stdout))
        Path(fh.name).unlink()
    except (subprocess.CalledProcessError, OSError) as exc:
        print(f"(opencc-python-reimplemented not run: {exc})")

    def mbps(name: str, size: str) -> float:
        return sizes[size] / 1e6 / statistics.median(runs[name])

    print(f"\n| what | text | CPU s (median of {args.rounds}) | MB/s |")
    print("|---|---|---:|---:|")
    rows = [
        ("`normalize_text`", "simplified (the corpus)", "simplified", "simplified"),
        ("`normalize_text`", "1 MB simplified, one 噁", "rare", "rare"),
        ("`normalize_text`", "annotated traditional", "annotated", "annotated"),
        ("`normalize_text`", "byte-damaged pages", "damaged", "damaged"),
        ("official OpenCC `t2s` only", "byte-damaged pages", "opencc", "damaged"),
    ]
    for what, text, name, size in rows:
        print(f"| {what} | {text} | {statistics.median(runs[name]):.2f} | {mbps(name, size):.1f} |")
    if baseline is not None:
        print(
            f"| opencc-python-reimplemented `t2s` only | byte-damaged pages | {baseline:.2f} | "
            f"{sizes['damaged'] / 1e6 / baseline:.1f} |"
        )


if __name__ == "__main__":
    main()
