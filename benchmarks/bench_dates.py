"""Dates: speed on the real corpus and accuracy on the case table, beside dateparser.

    pip install dateparser   # benchmark only; not a dependency of policytool
    python benchmarks/bench_dates.py ../shared/corpus/real/docs

Speed: ``find_dates`` over every document (CPU time, best of ``--repeat``), and both
``find_dates`` and dateparser's ``search_dates(text, languages=['zh'])`` on the same sample
of the corpus (dateparser runs at tens of KB/s, so the whole corpus would take many minutes).
Accuracy: each case of ``tests/cases/dates.json`` run through both; a case is right when every
expected date is found with its value at its precision and nothing else is found.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from pathlib import Path

from _measure import cpu_seconds

from policytool.dates import find_dates

CASES = Path(__file__).resolve().parent.parent / "tests" / "cases" / "dates.json"


def dateparser_matches(found: datetime, expected_value: str, precision: str) -> bool:
    """Whether dateparser's datetime equals the expected value at its precision (dateparser
    has no precision and no intervals: an interval is never matched)."""
    if "/" in expected_value:
        return False
    width = {"year": 4, "month": 7, "day": 10, "minute": 16, "second": 19}[precision]
    return found.isoformat()[:width] == expected_value[:width]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample-bytes", type=int, default=300_000)
    parser.add_argument(
        "--jionlp-python",
        metavar="PYTHON",
        help="the interpreter of a virtual environment with jionlp (its own: its dependencies "
        "conflict with ours); the case table is then run through JioNLP's extract_time too",
    )
    args = parser.parse_args()
    from dateparser.search import search_dates

    texts = [p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt"))]
    size = sum(len(t.encode("utf-8")) for t in texts)
    anchor = date(2020, 1, 1)
    count = 0

    def ours_all() -> None:
        nonlocal count
        count = sum(1 for t in texts for _ in find_dates(t, anchor=anchor))

    whole = cpu_seconds(ours_all, args.repeat)
    sample: list[str] = []
    sample_size = 0
    for text in texts:
        if sample_size >= args.sample_bytes:
            break
        sample.append(text)
        sample_size += len(text.encode("utf-8"))
    ours_sample = cpu_seconds(lambda: [list(find_dates(t, anchor=anchor)) for t in sample], 1)
    base = datetime(2020, 1, 1)
    theirs_count = 0

    def theirs() -> None:
        nonlocal theirs_count
        theirs_count = 0
        for text in sample:
            found = search_dates(text, languages=["zh"], settings={"RELATIVE_BASE": base})
            theirs_count += len(found or [])

    theirs_time = cpu_seconds(theirs, 1)
    ours_sample_count = sum(1 for t in sample for _ in find_dates(t, anchor=anchor))
    print(
        f"corpus: {args.corpus} ({len(texts)} documents, {size / 1e6:.1f} MB); "
        f"sample: the first {len(sample)} documents ({sample_size / 1e6:.2f} MB)\n"
    )
    print("| extractor | text | CPU seconds | MB/s | dates found |")
    print("|---|---|---:|---:|---:|")
    print(f"| `find_dates` | whole corpus | {whole:.2f} | {size / 1e6 / whole:.1f} | {count} |")
    print(
        f"| `find_dates` | sample | {ours_sample:.3f} | {sample_size / 1e6 / ours_sample:.1f} "
        f"| {ours_sample_count} |"
    )
    print(
        f"| dateparser `search_dates(languages=['zh'])` | sample | {theirs_time:.2f} | "
        f"{sample_size / 1e6 / theirs_time:.3f} | {theirs_count} |"
    )

    cases = json.loads(CASES.read_text(encoding="utf-8"))
    ours_right = theirs_right = 0
    wrong_examples: list[str] = []
    verdicts: dict[str, dict[str, bool]] = {"policytool": {}, "dateparser": {}}
    for case in cases:
        case_anchor = date.fromisoformat(case["anchor"]) if case["anchor"] else None
        expected = case["expect"]
        got = [(m.raw, m.value) for m in find_dates(case["text"], anchor=case_anchor,
                                                    dayfirst=case["dayfirst"])]  # fmt: skip
        ours_ok = got == [(e[0], e[1]) for e in expected]
        ours_right += ours_ok
        verdicts["policytool"][case["form"]] = ours_ok
        settings = {
            "RELATIVE_BASE": datetime.combine(case_anchor, datetime.min.time())
            if case_anchor
            else base,
            "DATE_ORDER": "DMY" if case["dayfirst"] else "MDY",
        }
        found = search_dates(case["text"], languages=["zh"], settings=settings) or []
        right = len(found) == len(expected) and all(
            dateparser_matches(dt, e[1], e[2]) for (_, dt), e in zip(found, expected, strict=False)
        )
        theirs_right += right
        verdicts["dateparser"][case["form"]] = right
        if not right and len(wrong_examples) < 12:
            wrong_examples.append(
                f"- `{case['text'][:40]}`: expected {[e[1] for e in expected]}, dateparser "
                f"{[(s, dt.isoformat()) for s, dt in found]}"
            )
    print(
        f"\ncase table ({len(cases)} cases, tests/cases/dates.json): find_dates right on "
        f"{ours_right}, dateparser right on {theirs_right} "
        f"({100 * theirs_right / len(cases):.0f}%)\n"
    )
    print("dateparser's first misses:\n")
    print("\n".join(wrong_examples))
    if args.jionlp_python:
        import subprocess

        script = Path(__file__).resolve().parent / "jionlp_cases.py"
        done = subprocess.run(
            [args.jionlp_python, str(script), str(CASES)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        verdicts["JioNLP extract_time"] = json.loads(done.stdout)
    _by_form(cases, verdicts)


def _by_form(cases: list[dict], verdicts: dict[str, dict[str, bool]]) -> None:
    """Right answers per tool, and the forms each gets wrong."""
    print("\n| extractor | cases right | of |")
    print("|---|---:|---:|")
    for tool, right in verdicts.items():
        print(f"| {tool} | {sum(right.values())} | {len(cases)} |")
    for tool, right in verdicts.items():
        missed = [case["form"] for case in cases if not right.get(case["form"], False)]
        print(f"\n{tool} gets wrong ({len(missed)}): " + ("; ".join(missed) or "none"))


if __name__ == "__main__":
    main()
