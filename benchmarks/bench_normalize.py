"""normalize on the real corpus: character error rate after a content-farm round trip, speed.

    python benchmarks/bench_normalize.py ../shared/corpus/real/docs [--limit N]

1. Every document is "scraped" the way the seed pages were: converted to traditional (OpenCC
   s2t), a pinyin reading put after two in three of the converted characters (the scraper
   annotates only some), ``????`` or NBSP indentation before every paragraph. Then
   ``normalize_text(scraped)`` is compared with ``normalize_text(original)``: the character
   error rate (Levenshtein distance / length) per document, its mean, and the documents over
   0.5%.
2. Speed, CPU time, one core: ``normalize_text`` on the original (simplified) documents, with
   and without offsets; on the scraped (annotated traditional) ones; and, side by side on the
   same scraped text, opencc-python-reimplemented's bare ``OpenCC('t2s').convert`` — run in a
   virtual environment of its own (``--baseline-venv``, made on first use), because it and the
   official opencc binding overwrite each other's files.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from _measure import cpu_seconds
from opencc import OpenCC
from pypinyin import Style, pinyin
from rapidfuzz.distance import Levenshtein

from policytool.normalize import normalize_text

BASELINE = """
import json, sys, time
from opencc import OpenCC
texts = json.load(open(sys.argv[1], encoding="utf-8"))
size = sum(len(t.encode("utf-8")) for t in texts)
converter = OpenCC("t2s")
best = float("inf")
for _ in range(int(sys.argv[2])):
    started = time.process_time()
    for text in texts:
        converter.convert(text)
    best = min(best, time.process_time() - started)
print(json.dumps({"seconds": best, "mb_per_s": size / 1e6 / best}))
"""


def scrape(text: str, to_traditional: OpenCC, readings: dict[str, str]) -> str:
    traditional = to_traditional.convert(text)
    if len(traditional) != len(text):
        traditional = text  # never seen; keeps the alignment simple
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


def context(text: str, pos: int) -> str:
    return repr(text[max(0, pos - 4) : pos + 4])


def baseline_python(venv: Path) -> Path:
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "opencc-python-reimplemented"],
            check=True,
        )
    return python


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--baseline-venv", type=Path, default=Path(tempfile.gettempdir()) / "opencc-py-venv"
    )
    args = parser.parse_args()
    paths = sorted(args.corpus.glob("*.txt"))
    if args.limit:
        paths = paths[: args.limit]
    originals = [p.read_text(encoding="utf-8") for p in paths]
    to_traditional = OpenCC("s2t")
    readings: dict[str, str] = {}
    scraped = [scrape(t, to_traditional, readings) for t in originals]
    size = sum(len(t.encode("utf-8")) for t in originals)
    scraped_size = sum(len(t.encode("utf-8")) for t in scraped)

    rates = []
    worst: list[tuple[float, str, str, str]] = []
    for path, original, page in zip(paths, originals, scraped, strict=True):
        expected = normalize_text(original, offsets=False).text
        got = normalize_text(page, offsets=False).text
        rate = Levenshtein.distance(expected, got) / max(len(expected), 1)
        rates.append(rate)
        if rate > 0.005:
            worst.append((rate, path.stem, expected, got))
    mean = sum(rates) / len(rates)
    total_chars = sum(len(normalize_text(t, offsets=False).text) for t in originals)
    print(
        f"corpus: {args.corpus} ({len(paths)} documents, {size / 1e6:.1f} MB; scraped "
        f"{scraped_size / 1e6:.1f} MB)\n"
    )
    print(
        f"character error rate after the round trip: mean {100 * mean:.3f}%, "
        f"median {100 * sorted(rates)[len(rates) // 2]:.3f}%, max {100 * max(rates):.3f}% "
        f"({total_chars} characters); documents over 0.5%: {len(worst)}"
    )
    for rate, stem, expected, got in sorted(worst, reverse=True)[:8]:
        ops = Levenshtein.editops(expected, got)[:3]
        examples = [context(expected, o.src_pos) + "→" + context(got, o.dest_pos) for o in ops]
        print(f"- {stem}: {100 * rate:.2f}% e.g. {'; '.join(examples)}")

    normalize_text(scraped[0])  # load the tables (readings, converter) once, before timing
    simple = cpu_seconds(lambda: [normalize_text(t, offsets=False) for t in originals], args.repeat)
    simple_offsets = cpu_seconds(lambda: [normalize_text(t) for t in originals], args.repeat)
    annotated = cpu_seconds(
        lambda: [normalize_text(t, offsets=False) for t in scraped], args.repeat
    )
    print("\n| what | text | CPU seconds | MB/s |")
    print("|---|---|---:|---:|")
    print(
        f"| `normalize_text` | simplified (the corpus) | {simple:.2f} | {size / 1e6 / simple:.1f} |"
    )
    print(
        f"| `normalize_text`, offsets kept | simplified | {simple_offsets:.2f} | "
        f"{size / 1e6 / simple_offsets:.1f} |"
    )
    print(
        f"| `normalize_text` | annotated traditional (scraped) | {annotated:.2f} | "
        f"{scraped_size / 1e6 / annotated:.1f} |"
    )
    try:
        python = baseline_python(args.baseline_venv)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
            json.dump(scraped, fh, ensure_ascii=False)
        done = subprocess.run(
            [str(python), "-c", BASELINE, fh.name, str(args.repeat)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        result = json.loads(done.stdout)
        print(
            f"| opencc-python-reimplemented `t2s` only | annotated traditional (scraped) | "
            f"{result['seconds']:.2f} | {result['mb_per_s']:.1f} |"
        )
        Path(fh.name).unlink()
    except (subprocess.CalledProcessError, OSError) as exc:
        print(f"| opencc-python-reimplemented | (not run: {exc}) | | |")


if __name__ == "__main__":
    main()
