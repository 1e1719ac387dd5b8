"""Document numbers on the real corpus: speed against a naive regex, own-number agreement.

    python benchmarks/bench_docnum.py ../shared/corpus/real

Speed: ``find_docnums`` over every document's text (already in memory), against the naive
``[\\u4e00-\\u9fff]{1,12}[〔\\[(（].*号`` a user would write, in the same run on the same texts.
Agreement: the own number ``find_own_docnum`` picks for each document, against the manifest's
``own_number_detected`` wherever the manifest has one (compared by key: kind, code, year,
serial). Disagreements are printed for inspection.
"""

from __future__ import annotations

import argparse
import csv
import re
import time
from pathlib import Path

from policytool.docnum import find_docnums, find_own_docnum, parse_docnum

NAIVE = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[(（].*号")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="the folder with manifest.tsv and docs/")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    docs = {
        p.stem: p.read_text(encoding="utf-8") for p in sorted((args.corpus / "docs").glob("*.txt"))
    }
    size = sum(len(t.encode("utf-8")) for t in docs.values())

    def timed(func) -> tuple[float, int]:  # type: ignore[no-untyped-def]
        best, count = float("inf"), 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            count = sum(func(text) for text in docs.values())
            best = min(best, time.perf_counter() - started)
        return best, count

    ours, n_ours = timed(lambda t: sum(1 for _ in find_docnums(t)))
    naive, n_naive = timed(lambda t: sum(1 for _ in NAIVE.finditer(t)))
    print(f"corpus: {args.corpus}/docs ({len(docs)} documents, {size / 1e6:.1f} MB)\n")
    print("| scanner | seconds | MB/s | matches |")
    print("|---|---:|---:|---:|")
    print(f"| `find_docnums` | {ours:.3f} | {size / 1e6 / ours:.0f} | {n_ours} |")
    print(
        f"| naive `[\\u4e00-\\u9fff]{{1,12}}[〔\\[(（].*号` | {naive:.3f} | "
        f"{size / 1e6 / naive:.0f} | {n_naive} |"
    )

    with open(args.corpus / "manifest.tsv", encoding="utf-8") as fh:
        manifest = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    rows = [r for r in manifest if r["own_number_detected"]]
    agree, wrong, missed = 0, [], []
    for row in rows:
        expected = parse_docnum(row["own_number_detected"])
        found = find_own_docnum(docs[row["doc_id"]])
        if found is None:
            missed.append((row["doc_id"], row["own_number_detected"], ""))
        elif found.key == expected.key:
            agree += 1
        else:
            wrong.append((row["doc_id"], row["own_number_detected"], found.canonical))
    print(
        f"\nown numbers: {agree} of {len(rows)} agree with the manifest "
        f"({100 * agree / len(rows):.1f}%); {len(wrong)} differ, {len(missed)} not found"
    )
    for doc_id, expected_raw, got in wrong + missed:
        print(f"- {doc_id}: manifest {expected_raw}, found {got or '(none)'}")

    site = [r for r in manifest if r["meta_number"]]
    site_agree = 0
    for row in site:
        found = find_own_docnum(docs[row["doc_id"]])
        if found is not None and found.key == parse_docnum(row["meta_number"]).key:
            site_agree += 1
    print(f"\nagainst the number the site stored (meta_number): {site_agree} of {len(site)} agree")

    extra = [r for r in manifest if not r["own_number_detected"]]
    found_extra = [(r, find_own_docnum(docs[r["doc_id"]])) for r in extra]
    found_extra = [(r, n) for r, n in found_extra if n is not None]
    print(f"\nown number found where the manifest has none: {len(found_extra)} of {len(extra)}")
    for row, number in found_extra:
        line = docs[row["doc_id"]][number.start : number.end].replace("\n", "⏎")
        print(f"- {row['doc_id']}: {number.canonical} (raw {line!r}; title {row['title'][:30]})")


if __name__ == "__main__":
    main()
