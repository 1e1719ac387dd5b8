"""Near-duplicate search: ``policytool dedupe`` against a plain datasketch pipeline.

    python benchmarks/bench_dedupe.py generated /tmp/gen10k [/tmp/gen100k …] [--jobs 2]
    python benchmarks/bench_dedupe.py real ../shared/corpus/real

``generated``: corpora made by ``benchmarks/generate.py`` (files in mixed encodings, planted
copies listed in manifest.tsv). For each corpus, in the same run:

- ``policytool dedupe DIR --pairs -j N`` as a subprocess: wall time and peak memory (the
  largest of the parent and the worker processes, ru_maxrss);
- the anchor, the fastest reasonable thing a user would write with datasketch: the same
  loader (decoding is not what is compared), OpenCC t2s, character 5-grams of the text without
  whitespace, ``MinHash(num_perm=128)`` with ``update_batch``, ``MinHashLSH(threshold=0.5)``
  query then insert, every LSH hit taken as a duplicate; one process (datasketch has no pool).

Both are scored on the planted copies: recall per kind (a planted copy counts as found when the
tool reports it with its source, directly or through a chain of reported pairs), and precision
(the share of reported pairs whose two documents descend from the same original).

``real``: the real corpus and its known_relations.tsv: recall of the pairs known to be the same
document, and every reported pair that is not a known relation, printed for inspection.
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _measure import corpus_bytes, run_records  # noqa: E402

SAME_DOCUMENT = ("exact_copy_in_source", "same_doc_other_crawl", "same_doc_two_copies",
                 "same_doc_other_repo")  # fmt: skip


def run_policytool(corpus: Path, jobs: int, extra: list[str]) -> tuple[float, float, list[dict]]:
    """Run the CLI; wall seconds, peak MB over the process tree, and the --pairs records."""
    return run_records(["dedupe", str(corpus), "--pairs", "-j", str(jobs), *extra])


def run_datasketch(corpus: Path) -> tuple[float, list[tuple[str, str]]]:
    """The anchor pipeline, in this process; its seconds and the LSH hits as pairs."""
    from datasketch import MinHash, MinHashLSH
    from opencc import OpenCC

    from policytool.io.loader import Document, load_documents

    started = time.perf_counter()
    t2s = OpenCC("t2s")
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    pairs: list[tuple[str, str]] = []
    for doc in load_documents([str(corpus)]):
        if not isinstance(doc, Document):
            continue
        text = "".join(t2s.convert(doc.text).split())
        shingles = {text[i : i + 5].encode("utf-8") for i in range(max(len(text) - 4, 1))}
        mh = MinHash(num_perm=128)
        mh.update_batch(list(shingles))
        for hit in lsh.query(mh):
            pairs.append((hit, doc.id))
        lsh.insert(doc.id, mh)
    return time.perf_counter() - started, pairs


class _Components:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def score(
    pairs: list[tuple[str, str]], manifest: dict[str, dict[str, str]], id_of: dict[str, str]
) -> tuple[dict[str, tuple[int, int]], float, int]:
    """Recall per planted kind, precision over the reported pairs, and their number."""

    def root(doc: str) -> str:
        while manifest[doc]["duplicate_of"]:
            doc = manifest[doc]["duplicate_of"]
        return doc

    components = _Components()
    good = 0
    for a, b in pairs:
        x, y = id_of[a], id_of[b]
        components.union(x, y)
        good += root(x) == root(y)
    recall: dict[str, tuple[int, int]] = {}
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for doc, row in manifest.items():
        if row["duplicate_of"]:
            total[row["kind"]] += 1
            found[row["kind"]] += components.find(doc) == components.find(row["duplicate_of"])
    for kind in sorted(total):
        recall[kind] = (found[kind], total[kind])
    return recall, (good / len(pairs) if pairs else 1.0), len(pairs)


def generated(args: argparse.Namespace) -> None:
    print("| corpus | tool | seconds | docs/s | peak MB | pairs | precision | "
          "recall: repost · edited · traditional · truncated |")  # fmt: skip
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for corpus in args.corpora:
        with open(corpus / "manifest.tsv", encoding="utf-8") as fh:
            manifest = {r["id"]: r for r in csv.DictReader(fh, delimiter="\t", quoting=3)}
        docs_dir = corpus / "docs"
        # the CLI names documents by path; the manifest by id
        id_of = {str(docs_dir / row["path"][len("docs/") :]): doc for doc, row in manifest.items()}
        n = len(manifest)
        size = corpus_bytes(docs_dir) / 1e6
        seconds, peak, rows = run_policytool(docs_dir, args.jobs, [])
        ours = [(r["doc"], r["other"]) for r in rows]
        report(f"{corpus.name} ({n:,} docs, {size:.0f} MB)", f"`policytool dedupe -j {args.jobs}`",
               seconds, n, peak, score(ours, manifest, id_of))  # fmt: skip
        if args.skip_anchor or n > args.anchor_max:
            continue
        seconds, theirs = run_datasketch(docs_dir)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        report("", "datasketch (t2s, 5-gram, MinHash 128, LSH 0.5)", seconds, n, peak / 1024,
               score(theirs, manifest, id_of))  # fmt: skip


def report(label: str, tool: str, seconds: float, n: int, peak: float, scored: tuple) -> None:  # type: ignore[type-arg]
    recall, precision, count = scored
    kinds = ["repost", "edited", "traditional", "truncated"]
    cells = " · ".join(
        f"{recall[k][0] / recall[k][1]:.3f}" if k in recall and recall[k][1] else "–" for k in kinds
    )
    print(f"| {label} | {tool} | {seconds:.1f} | {n / seconds:,.0f} | {peak:,.0f} | {count:,} | "
          f"{precision:.3f} | {cells} |", flush=True)  # fmt: skip


def real(args: argparse.Namespace) -> None:
    corpus = args.corpora[0]
    docs_dir = corpus / "docs"
    seconds, peak, rows = run_policytool(docs_dir, args.jobs, [])
    stem = {r["doc"]: Path(r["doc"]).stem for r in rows} | {
        r["other"]: Path(r["other"]).stem for r in rows
    }
    reported = {frozenset((stem[r["doc"]], stem[r["other"]])): r for r in rows}
    components = _Components()
    for pair in reported:
        a, b = sorted(pair)
        components.union(a, b)
    with open(corpus / "known_relations.tsv", encoding="utf-8") as fh:
        known = list(csv.DictReader(fh, delimiter="\t", quoting=3))
    by_relation: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missed = []
    for row in known:
        tally = by_relation[row["relation"]]
        tally[1] += 1
        if components.find(row["doc_a"]) == components.find(row["doc_b"]):
            tally[0] += 1
        elif row["relation"] in SAME_DOCUMENT:
            missed.append(row)
    n = len(list(docs_dir.glob("*.txt")))
    print(f"`policytool dedupe {docs_dir} --pairs -j {args.jobs}`: {seconds:.1f} s for {n} "
          f"documents ({corpus_bytes(docs_dir) / 1e6:.1f} MB), peak {peak:.0f} MB\n")  # fmt: skip
    print("| relation | found | known | recall |")
    print("|---|---:|---:|---:|")
    same = [0, 0]
    for relation, (found, total) in sorted(by_relation.items()):
        print(f"| {relation} | {found} | {total} | {found / total:.3f} |")
        if relation in SAME_DOCUMENT:
            same[0] += found
            same[1] += total
    print(f"| **same document (the four relations)** | {same[0]} | {same[1]} | "
          f"{same[0] / same[1]:.3f} |")  # fmt: skip
    for row in missed:
        print(f"- missed: {row['relation']} {row['doc_a']} {row['doc_b']}")
    known_pairs = {frozenset((r["doc_a"], r["doc_b"])) for r in known}
    print("\nreported pairs that are not known relations (for inspection):\n")
    print("| doc | other | similarity | containment | method |")
    print("|---|---|---:|---:|---|")
    for pair, r in sorted(reported.items(), key=lambda x: sorted(x[0])):
        if pair not in known_pairs:
            a, b = stem[r["doc"]], stem[r["other"]]
            print(f"| {a} | {b} | {r['similarity']} | {r['containment']} | {r['method']} |")
    methods = Counter(r["method"] for r in rows)
    print(f"\nmethods of all {len(rows)} reported pairs: {dict(methods)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=["generated", "real"])
    parser.add_argument("corpora", type=Path, nargs="+")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-anchor", action="store_true", help="policytool only")
    parser.add_argument(
        "--anchor-max", type=int, default=100_000, help="run the anchor up to this many docs"
    )
    args = parser.parse_args()
    generated(args) if args.kind == "generated" else real(args)


if __name__ == "__main__":
    main()
