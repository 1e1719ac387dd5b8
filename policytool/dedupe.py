"""Exact and near-duplicate documents, and repeated paragraphs.

Documents are compared after normalization (:func:`policytool.normalize.normalize_text`), so a
traditional repost with pinyin annotations and navigation lines matches its simplified
original. The comparison key of a text is its normalized text without punctuation, symbols and
whitespace. Finding duplicates is a map step and a reduce step, never an all-pairs loop:

1. map (:func:`fingerprint`, a pure function of one document, run in the ``--jobs`` pool):
   the key's hash, the hashes of its lines, and a MinHash signature of its character 5-grams
   (one-permutation hashing with densification: one hash per 5-gram, 128 bins);
2. reduce (:func:`cluster_fingerprints`): identical keys grouped by hash; LSH over the
   signatures of the distinct texts (25 bands of 5 bins) proposes candidate pairs; every
   candidate is verified on the texts themselves (rapidfuzz, the score kept as evidence);
   clusters are the connected components of the verified pairs (union-find).

The similarity of two texts (what ``threshold`` applies to) is the larger of their **edit
similarity**, ``2·LCS / (len(a) + len(b))`` over the keys (rapidfuzz's ``fuzz.ratio``: a 2%
scattered edit scores 0.98), and their **resemblance**, the Jaccard index of their character
5-gram sets (a paragraph swap scores 0.98). **Containment** is ``LCS / len(shorter)``: a repost
cut short or a notice quoted whole in an article is *contained* in the longer text, which is
not the same as being a copy of it. Lines that occur in many documents (banners, 主送 lines,
section heads of a template) are left out of the comparison, so two different notices from one
template do not look alike.

>>> from policytool.io.loader import Document
>>> body = "为加快推进大众创业万众创新，现就有关事项通知如下。各地要完善孵化服务体系。"
>>> docs = [Document.from_text("a", body), Document.from_text("b", "　　" + body + "\\n")]
>>> [(d.doc, d.keep, d.duplicate_of) for d in find_duplicates(docs).duplicates]
[('a', True, ''), ('b', False, 'a')]
"""

from __future__ import annotations

import hashlib
import math
import re
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from policytool.io import columns as records

if TYPE_CHECKING:
    import numpy as np

    from policytool.io.loader import Document, LoadError
    from policytool.normalize import NormalizeOptions

__all__ = [
    "KEEP_POLICIES",
    "Comparison",
    "ParagraphKey",
    "lsh_candidates",
    "minhash",
    "repeated_paragraphs",
    "DedupeResult",
    "Duplicate",
    "DuplicatePair",
    "Fingerprint",
    "RepeatedParagraph",
    "cluster_fingerprints",
    "compare_texts",
    "find_duplicates",
    "find_repeated_paragraphs",
    "fingerprint",
    "paragraph_keys",
    "comparison_key",
    "document_paragraphs",
    "strip_repeats",
]

KeepPolicy = Literal["longest", "earliest", "first", "has-docnum"]
KEEP_POLICIES: tuple[str, ...] = ("longest", "earliest", "first", "has-docnum")
Method = Literal["exact", "edit", "resemblance", "contained", "estimate"]

SHINGLE = 5  # characters per shingle: recall 1.0/0.996 at LSH 0.5/0.6 on reposts and edits
BINS = 128  # MinHash bins (one-permutation hashing)
BANDS, ROWS = 25, 5  # LSH: candidates from Jaccard ≈ 0.5 up; 0.07 (stock phrases) rarely
#: Pairs whose key lengths multiply past this are compared by their MinHash estimate: an
#: exact LCS of two 200,000-character texts takes about a second.
MAX_VERIFY = 4 * 10**10
#: Band buckets larger than this are linked as a chain, not all pairs, so that a template
#: shared by thousands of documents cannot make the candidate step quadratic.
MAX_BUCKET = 64
#: Hashing works through long texts in pieces of this many characters (bounded memory).
_CHUNK = 1 << 20

_MASK32 = 0xFFFFFFFF
#: Candidates whose MinHash estimate is below this are rejected without reading the texts:
#: LSH proposes pairs from a Jaccard index of about 0.5 up, and those that merely share a band
#: by chance (stock phrases) estimate around 0.1. A 128-bin estimate errs by 0.04 (1σ) at most.
MIN_ESTIMATE = 0.25
#: Lines this long (key characters) are paragraphs: two documents sharing two of them (or all
#: of one's) are candidates too, whatever their Jaccard index. That finds what MinHash LSH
#: cannot: a notice quoted whole in an article three times its length (Jaccard ≈ 0.3).
PARAGRAPH_CHARS = 20
_ESTIMATE_MARGIN = 0.15  # 4σ: the exact resemblance is computed only when it may pass


# --- keys and hashes ------------------------------------------------------------------------


def comparison_key(text: str) -> str:
    """The part of a (normalized) text that takes part in comparisons: letters, digits and
    CJK characters, lower-cased; punctuation, symbols and whitespace removed.

    >>> comparison_key("一、总体要求：\\n　　Ａ级  (2017)")
    '一总体要求ａ级2017'
    """
    return "".join(_all_line_keys(text))


def _key_lines(text: str) -> list[str]:
    """The comparison keys of the lines of ``text``, empty ones left out."""
    return [k for k in _all_line_keys(text) if k]


def _all_line_keys(text: str) -> list[str]:
    """The comparison key of every line of ``text``, computed over the whole text at once with
    a per-code-point table (four times faster than a regex)."""
    np = _numpy()
    keep, lower = _key_tables()
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    bmp = codes < 0x10000
    mask = keep[np.where(bmp, codes, 0)]
    if not bmp.all():  # astral characters (CJK extension B …): ask Python about each
        for i in np.flatnonzero(~bmp):
            mask[i] = chr(codes[i]).isalnum()
    kept = codes[mask]
    kept = np.where(kept < 0x10000, lower[np.where(kept < 0x10000, kept, 0)], kept)
    return kept.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass").split("\n")


@cache
def _key_tables() -> tuple[Any, Any]:
    """For every BMP code point: whether it belongs to a key (letters and digits of any
    script, and LF to keep lines apart), and its lower-case form."""
    np = _numpy()
    keep = np.zeros(0x10000, dtype=bool)
    lower = np.arange(0x10000, dtype=np.uint32)
    for cp in range(0x10000):
        ch = chr(cp)
        if ch.isalnum() or ch == "\n":
            keep[cp] = True
            low = ch.lower()
            if len(low) == 1:
                lower[cp] = ord(low)
    return keep, lower


def _hash64(text: str) -> int:
    """A stable 64-bit hash (Python's ``hash`` differs between processes)."""
    data = text.encode("utf-8")
    return zlib.crc32(data) << 32 | zlib.crc32(data, 0x9E3779B9)


def _numpy() -> Any:
    import numpy

    return numpy


def _shingle_hashes(key: str, k: int = SHINGLE) -> np.ndarray:
    """One well-mixed 64-bit hash per character k-gram of ``key`` (every position)."""
    np = _numpy()
    data = key.encode("utf-32-le", "surrogatepass")
    codes = np.frombuffer(data, dtype=np.uint32).astype(np.uint64)
    n = len(codes) - k + 1
    if n <= 0:
        padded = key.ljust(k, "\0").encode("utf-32-le", "surrogatepass")
        codes = np.frombuffer(padded, dtype=np.uint32)
        codes, n = codes.astype(np.uint64), 1
    h = codes[:n].copy()
    prime = np.uint64(0x100000001B3)
    for j in range(1, k):
        h *= prime
        h += codes[j : j + n]
    # splitmix64's finaliser: every output bit depends on every input bit
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    return h


def minhash(key: str) -> np.ndarray:
    """The MinHash signature of ``key``'s character 5-grams: ``BINS`` uint32 values.

    One-permutation hashing: each 5-gram's hash picks a bin (top 7 bits) and competes for the
    bin's minimum (low 32 bits); bins no 5-gram fell into borrow from the next filled bin to
    their right, offset by the distance, so that two texts agree on a bin with probability
    ≈ their Jaccard index. About ten times faster than 128 separate hash permutations.
    """
    np = _numpy()
    empty = np.uint32(_MASK32)
    sig = np.full(BINS, empty, dtype=np.uint32)
    for start in range(0, max(len(key) - SHINGLE + 1, 1), _CHUNK):
        h = _shingle_hashes(key[start : start + _CHUNK + SHINGLE - 1])
        bins = (h >> np.uint64(64 - 7)).astype(np.intp)
        np.minimum.at(sig, bins, (h & np.uint64(_MASK32)).astype(np.uint32))
    filled = np.flatnonzero(sig != empty)
    if 0 < len(filled) < BINS:
        # for each bin, the next filled bin at or after it (circularly), and how far it is
        idx = np.arange(BINS)
        pos = np.searchsorted(filled, idx) % len(filled)
        src = filled[pos]
        dist = (src - idx) % BINS
        sig = sig[src] + (dist.astype(np.uint32) * np.uint32(0x9E3779B1))
    return sig


# --- the map step ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Fingerprint:
    """What the reduce step needs of one document (picklable; computed by :func:`fingerprint`).

    ``text`` is the normalized text (for verification and for choosing the kept copy),
    ``length`` the length of its comparison key, ``exact`` the key's hash, ``lines`` the hashes
    of its lines' keys (to find template lines), ``signature`` the MinHash (None with
    ``exact=True``).
    """

    id: str
    text: str
    length: int
    exact: int
    lines: tuple[int, ...]
    signature: Any = field(default=None, repr=False, compare=False)
    paragraphs: tuple[int, ...] = ()  # hashes of the lines of PARAGRAPH_CHARS characters or more


def fingerprint(
    doc: Document, *, exact: bool = False, options: NormalizeOptions | None = None
) -> Fingerprint:
    """The map step for one document: normalize, key, hash; MinHash unless ``exact``."""
    from policytool.normalize import normalize_text

    text = normalize_text(doc.text, options, offsets=False).text
    keys = _key_lines(text)
    key = "".join(keys)
    hashes = {k: _hash64(k) for k in keys}
    lines = tuple(sorted(set(hashes.values())))
    paragraphs = tuple(sorted({h for k, h in hashes.items() if len(k) >= PARAGRAPH_CHARS}))
    signature = None if exact else minhash(key)
    digest = int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")
    return Fingerprint(doc.id, text, len(key), digest, lines, signature, paragraphs)


# --- comparing two texts --------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """How alike two texts are: ``similarity`` = max(edit similarity, resemblance),
    ``containment`` = LCS / len(shorter); see the module docstring."""

    similarity: float
    containment: float
    method: Method | None  # None: not a duplicate at the threshold used


def _resemblance(a: str, b: str) -> float:
    sa, sb = set(_shingle_hashes(a).tolist()), set(_shingle_hashes(b).tolist())
    inter = len(sa & sb)
    return inter / (len(sa) + len(sb) - inter) if inter else 0.0


def compare_texts(
    a: str, b: str, *, threshold: float = 0.85, keys: bool = False, estimate: float | None = None
) -> Comparison:
    """Compare two texts (comparison keys already when ``keys``); ``method`` says which test
    passed at ``threshold``: ``exact``, ``edit``, ``resemblance`` or ``contained``.
    ``estimate`` (the MinHash estimate of the resemblance, when known) saves computing the
    exact resemblance of texts that cannot reach the threshold.

    >>> compare_texts("各地要完善孵化服务体系，强化资金保障。", "各地要完善孵化服务体系。").method
    'contained'
    """
    from rapidfuzz.distance import LCSseq

    if not keys:
        a, b = comparison_key(a), comparison_key(b)
    if a == b:
        return Comparison(1.0, 1.0, "exact")
    la, lb = len(a), len(b)
    if not la or not lb:
        return Comparison(0.0, 0.0, None)
    shorter = min(la, lb)
    # below this LCS neither the edit similarity nor the containment can reach the threshold
    cutoff = math.ceil(threshold * shorter)
    lcs = LCSseq.similarity(a, b, score_cutoff=cutoff)
    edit = 2 * lcs / (la + lb)
    containment = lcs / shorter
    similarity = edit
    method: Method | None = None
    if edit >= threshold:
        method = "edit"
    elif min(la, lb) / max(la, lb) >= threshold and (
        estimate is None or estimate >= threshold - _ESTIMATE_MARGIN
    ):  # same size, reordered: 5-gram resemblance
        similarity = max(edit, _resemblance(a, b))
        if similarity >= threshold:
            method = "resemblance"
    if method is None and containment >= threshold:
        method = "contained"
    return Comparison(round(similarity, 4), round(containment, 4), method)


# --- the reduce step ------------------------------------------------------------------------


@dataclass(frozen=True)
class Duplicate(records.Record):
    """One document that has a copy in the corpus. ``keep`` marks the cluster's kept copy;
    the others name it in ``duplicate_of`` and carry their ``similarity`` to it."""

    COLUMNS: ClassVar[tuple[str, ...]] = records.DEDUPE

    doc: str
    cluster: int
    similarity: float | None
    keep: bool
    duplicate_of: str


@dataclass(frozen=True)
class DuplicatePair(records.Record):
    """One verified pair (``doc`` comes first in input order) and the evidence."""

    COLUMNS: ClassVar[tuple[str, ...]] = records.DEDUPE_PAIRS

    doc: str
    other: str
    similarity: float
    containment: float
    method: Method


@dataclass
class DedupeResult:
    """The outcome of :func:`cluster_fingerprints`: the documents that have a copy (input
    order), the verified pairs, and which input indices to drop for a corpus of unique
    documents. ``candidates`` counts the pairs LSH proposed (for benchmarks)."""

    duplicates: list[Duplicate]
    pairs: list[DuplicatePair]
    dropped: set[int]
    documents: int = 0
    candidates: int = 0
    errors: list[Any] = field(default_factory=list)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _bucket_pairs(members: Sequence[int]) -> Iterator[tuple[int, int]]:
    if len(members) <= MAX_BUCKET:
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                yield i, j
    else:
        yield from zip(members, members[1:], strict=False)


def lsh_candidates(signatures: Sequence[Any]) -> list[tuple[int, int]]:
    """Pairs of positions whose signatures agree on all rows of at least one band."""
    np = _numpy()
    if len(signatures) < 2:
        return []
    sig = np.vstack(signatures).astype(np.uint64)
    found: set[tuple[int, int]] = set()
    mult = np.uint64(0x9E3779B97F4A7C15)
    for band in range(BANDS):
        cols = sig[:, band * ROWS : (band + 1) * ROWS]
        keys = np.zeros(len(sig), dtype=np.uint64)
        for c in range(ROWS):
            keys = (keys ^ cols[:, c]) * mult
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        starts = np.flatnonzero(np.diff(ordered) != 0) + 1
        bounds = np.concatenate(([0], starts, [len(ordered)]))
        big = np.flatnonzero(np.diff(bounds) > 1)
        for b in big:
            members = sorted(order[bounds[b] : bounds[b + 1]].tolist())
            found.update(_bucket_pairs(members))
    return sorted(found)


def _template_lines(prints: Sequence[Fingerprint], min_docs: int | None) -> set[int]:
    """Hashes of the lines found in at least ``min_docs`` documents (default: 3, or 0.2% of
    the documents when that is more)."""
    if min_docs is None:
        min_docs = max(3, math.ceil(len(prints) * 0.002))
    counts: dict[int, int] = defaultdict(int)
    for fp in prints:
        for h in fp.lines:
            counts[h] += 1
    return {h for h, n in counts.items() if n >= min_docs}


def _paragraph_candidates(
    prints: Sequence[Fingerprint], reps: Sequence[int], template: set[int]
) -> set[tuple[int, int]]:
    """Pairs of documents that share two paragraphs (or every paragraph of one of them),
    template lines left out: a group-by on paragraph hashes, never all pairs."""
    holders: dict[int, list[int]] = defaultdict(list)
    for i in reps:
        for h in prints[i].paragraphs:
            if h not in template:
                holders[h].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in holders.values():
        if len(members) > 1:
            for pair in _bucket_pairs(members):
                shared[pair] += 1
    return {
        (i, j)
        for (i, j), n in shared.items()
        if n >= min(2, len(prints[i].paragraphs), len(prints[j].paragraphs))
    }


class _Keys:
    """Comparison keys of documents, and their bodies: the key without template lines."""

    def __init__(self, prints: Sequence[Fingerprint], template: set[int]) -> None:
        self.prints, self.template = prints, template
        self.cache: dict[int, tuple[str, str]] = {}

    def get(self, i: int) -> tuple[str, str]:
        """(the full key, the body)."""
        if i not in self.cache:
            keys = _key_lines(self.prints[i].text)
            body = "".join(k for k in keys if _hash64(k) not in self.template)
            self.cache[i] = ("".join(keys), body)
        return self.cache[i]

    def compare(self, i: int, j: int, threshold: float) -> Comparison:
        """Compare two documents on their bodies when both have one of their own (at least
        50 characters and a fifth of the text), else on their whole texts: the copies of a
        notice reposted many times are made of nothing but common lines."""
        if self.prints[i].exact == self.prints[j].exact:
            return Comparison(1.0, 1.0, "exact")
        estimate = self.estimate(i, j)
        if estimate is not None and self._hopeless(i, j, estimate):
            return Comparison(estimate, estimate, None)
        (full_i, body_i), (full_j, body_j) = self.get(i), self.get(j)
        if not (_own_body(body_i, full_i) and _own_body(body_j, full_j)):
            body_i, body_j = full_i, full_j
        if len(body_i) * len(body_j) > MAX_VERIFY:
            if estimate is None or estimate < threshold:
                return Comparison(estimate or 0.0, estimate or 0.0, None)
            return Comparison(round(estimate, 4), round(estimate, 4), "estimate")
        return compare_texts(body_i, body_j, threshold=threshold, keys=True, estimate=estimate)

    def _hopeless(self, i: int, j: int, estimate: float) -> bool:
        """Whether the MinHash estimate rules the pair out, as a copy and as containment."""
        if estimate >= MIN_ESTIMATE:
            return False
        # the containment implied by the estimate: |A∩B| = J(|A|+|B|)/(1+J), over the shorter
        a, b = self.prints[i].length, self.prints[j].length
        contained = estimate * (a + b) / (1 + estimate) / max(min(a, b), 1)
        return contained < 2 * MIN_ESTIMATE

    def estimate(self, i: int, j: int) -> float | None:
        """The MinHash estimate of the two texts' resemblance (None without signatures)."""
        a, b = self.prints[i].signature, self.prints[j].signature
        if a is None or b is None:
            return None
        return int((a == b).sum()) / BINS


def _own_body(body: str, full: str) -> bool:
    return len(body) >= max(50, len(full) // 5)


def _published(text: str) -> str:
    """The document's publication (else signing) date as ISO text; '' when it has none."""
    from policytool.dates import find_dates

    best: dict[str, str] = {}
    for m in find_dates(text):
        if m.role in ("published", "signed") and "/" not in m.value:
            best.setdefault(m.role, m.value)
    return best.get("published") or best.get("signed") or ""


def _keep_chooser(policy: str, prints: Sequence[Fingerprint]) -> Callable[[list[int]], int]:
    """A function from a cluster's members (input indices) to the one to keep. Dates and own
    numbers are looked up only for the members still tied when they are needed."""
    from policytool.docnum import find_own_docnum

    def longest(members: list[int]) -> list[int]:
        most = max(prints[i].length for i in members)
        return [i for i in members if prints[i].length == most]

    def earliest(members: list[int]) -> list[int]:
        if len({prints[i].exact for i in members}) == 1:
            return members  # identical texts: identical dates
        dates = {i: _published(prints[i].text) or "9999" for i in members}  # undated last
        first = min(dates.values())
        return [i for i in members if dates[i] == first]

    def numbered(members: list[int]) -> list[int]:
        with_number = [i for i in members if find_own_docnum(prints[i].text) is not None]
        return with_number or members

    steps: dict[str, tuple[Callable[[list[int]], list[int]], ...]] = {
        "longest": (longest, earliest),
        "earliest": (earliest, longest),
        "first": (),
        "has-docnum": (numbered, longest, earliest),
    }
    if policy not in steps:
        raise ValueError(f"unknown keep policy {policy!r}: use one of {', '.join(steps)}")

    def choose(members: list[int]) -> int:
        for step in steps[policy]:
            members = step(members)
        return min(members)  # then input order

    return choose


def cluster_fingerprints(
    prints: Sequence[Fingerprint],
    *,
    threshold: float = 0.85,
    keep: str = "longest",
    exact: bool = False,
    contained: bool = False,
    template_docs: int | None = None,
) -> DedupeResult:
    """The reduce step: group identical keys, verify LSH candidates, cluster, pick the kept
    copy of each cluster. ``contained`` lets contained copies join their container's cluster
    (by default they are only reported as pairs). ``template_docs`` is the document count from
    which a line counts as template (see :func:`_template_lines`)."""
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold}")
    choose = _keep_chooser(keep, prints)
    n = len(prints)
    groups: dict[int, list[int]] = defaultdict(list)
    for i, fp in enumerate(prints):
        if fp.length:  # an empty text is nobody's copy
            groups[fp.exact].append(i)
    uf = _UnionFind(n)
    pairs: list[tuple[int, int, Comparison]] = []
    for members in groups.values():
        for j in members[1:]:
            uf.union(members[0], j)
            pairs.append((members[0], j, Comparison(1.0, 1.0, "exact")))
    reps = sorted(members[0] for members in groups.values())
    keys = _Keys(prints, _template_lines([prints[i] for i in reps], template_docs))
    candidates: list[tuple[int, int]] = []
    if not exact:
        found = {(reps[a], reps[b]) for a, b in lsh_candidates([prints[i].signature for i in reps])}
        found.update(_paragraph_candidates(prints, reps, keys.template))
        candidates = sorted(found)
        for i, j in candidates:
            comparison = keys.compare(i, j, threshold)
            if comparison.method is None:
                continue
            pairs.append((i, j, comparison))
            if comparison.method != "contained" or contained:
                uf.union(i, j)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        clusters[uf.find(i)].append(i)
    duplicates: dict[int, Duplicate] = {}
    dropped: set[int] = set()
    numbered = sorted((m for m in clusters.values() if len(m) > 1), key=lambda m: m[0])
    for number, members in enumerate(numbered, 1):
        kept = choose(members)
        best = 0.0
        for i in members:
            if i == kept:
                continue
            same = prints[i].exact == prints[kept].exact
            score = 1.0 if same else keys.compare(i, kept, threshold).similarity
            best = max(best, score)
            duplicates[i] = Duplicate(prints[i].id, number, score, False, prints[kept].id)
            dropped.add(i)
        duplicates[kept] = Duplicate(prints[kept].id, number, best, True, "")
    pair_records = [
        DuplicatePair(prints[i].id, prints[j].id, c.similarity, c.containment, c.method)
        for i, j, c in sorted(pairs, key=lambda p: (p[0], p[1]))
        if c.method is not None
    ]
    return DedupeResult(
        duplicates=[duplicates[i] for i in sorted(duplicates)],
        pairs=pair_records,
        dropped=dropped,
        documents=n,
        candidates=len(candidates),
    )


def find_duplicates(
    documents: Iterable[Document | LoadError],
    *,
    threshold: float = 0.85,
    keep: str = "longest",
    exact: bool = False,
    contained: bool = False,
    jobs: int = 1,
    options: NormalizeOptions | None = None,
) -> DedupeResult:
    """Exact and near-duplicate documents: :func:`fingerprint` over ``documents`` (``jobs``
    processes), then :func:`cluster_fingerprints`. Documents that fail to load or to
    fingerprint are left out and listed in ``errors``."""
    from policytool.io.loader import LoadError
    from policytool.parallel import ProcessingError, map_documents

    func = partial(fingerprint, exact=exact, options=options)
    prints: list[Fingerprint] = []
    errors: list[Any] = []
    for item, result in map_documents(func, documents, jobs=jobs):
        if isinstance(item, LoadError):
            errors.append(item)
        elif isinstance(result, ProcessingError):
            errors.append(result)
        elif result is not None:
            prints.append(result)
    outcome = cluster_fingerprints(
        prints, threshold=threshold, keep=keep, exact=exact, contained=contained
    )
    outcome.errors = errors
    return outcome


# --- repeated paragraphs --------------------------------------------------------------------


@dataclass(frozen=True)
class ParagraphKey:
    """One paragraph of a document: its number (1-based, among non-blank lines of the
    normalized text), its span in the text as loaded, and the hash it is grouped by (that of
    an earlier near-identical paragraph of the same document, when there is one)."""

    paragraph: int
    start: int
    end: int
    key: int
    repeat: bool  # an earlier paragraph of the same document has this key


#: Inside one document, paragraphs are compared fuzzily only up to this many (all pairs).
MAX_FUZZY_PARAGRAPHS = 400


def _keyed_lines(
    text: str, min_chars: int, threshold: float
) -> list[tuple[int, int, int, int, bool]]:
    """``(number, start, end, key hash, repeat)`` for each paragraph (line) of a normalized
    text whose key has at least ``min_chars`` characters; a paragraph within ``threshold``
    edit similarity of an earlier one of the same text takes that one's hash."""
    from rapidfuzz import fuzz, process

    found: list[tuple[int, int, int, str]] = []
    pos = 0
    number = 0
    for line, key in zip(text.split("\n"), _all_line_keys(text), strict=True):
        start, pos = pos, pos + len(line) + 1
        if not line.strip():
            continue
        number += 1
        if len(key) >= min_chars:
            found.append((number, start, start + len(line), key))
    hashes = [_hash64(key) for *_, key in found]
    if 1 < len(found) <= MAX_FUZZY_PARAGRAPHS:
        np = _numpy()
        keys = [key for *_, key in found]
        scores = process.cdist(
            keys, keys, scorer=fuzz.ratio, score_cutoff=threshold * 100, dtype=np.uint8
        )
        for i in range(1, len(found)):
            earlier = np.flatnonzero(scores[i, :i])
            if len(earlier):
                hashes[i] = hashes[int(earlier[0])]
    seen: set[int] = set()
    out = []
    for (number, start, end, _), h in zip(found, hashes, strict=True):
        out.append((number, start, end, h, h in seen))
        seen.add(h)
    return out


def paragraph_keys(
    text: str,
    *,
    min_chars: int = 20,
    threshold: float = 0.9,
    options: NormalizeOptions | None = None,
) -> list[ParagraphKey]:
    """The paragraphs of ``text`` long enough to count (``min_chars`` key characters), each
    keyed so that repeats share a key: identical after normalization, or — inside the
    document — with an edit similarity of at least ``threshold``. Spans are in ``text``."""
    from policytool.normalize import normalize_text

    result = normalize_text(text, options)
    out = []
    for number, start, end, h, repeat in _keyed_lines(result.text, min_chars, threshold):
        span = result.input_span(start, end)
        out.append(ParagraphKey(number, span[0], span[1], h, repeat))
    return out


@dataclass(frozen=True)
class RepeatedParagraph(records.Record):
    """One occurrence of a paragraph that occurs more than once in the corpus; the first
    occurrence names itself in ``first_doc``/``first_paragraph``."""

    COLUMNS: ClassVar[tuple[str, ...]] = records.DEDUPE_PARAGRAPHS

    doc: str
    paragraph: int
    start: int
    end: int
    cluster: int
    first_doc: str
    first_paragraph: int


def repeated_paragraphs(
    keyed: Iterable[tuple[str, Sequence[ParagraphKey]]],
) -> list[RepeatedParagraph]:
    """The reduce step of paragraph search: every occurrence of a key seen more than once,
    in input order; clusters numbered by first occurrence."""
    # occurrences of each key: (input position, doc id, paragraph), in input order
    occurrences: dict[int, list[tuple[int, str, ParagraphKey]]] = defaultdict(list)
    for position, (doc_id, paragraphs) in enumerate(keyed):
        for p in paragraphs:
            occurrences[p.key].append((position, doc_id, p))
    out: list[tuple[int, RepeatedParagraph]] = []
    number = 0
    for found in occurrences.values():  # dicts keep insertion order: first occurrence first
        if len(found) < 2:
            continue
        number += 1
        _, first_doc, first = found[0]
        for position, doc_id, p in found:
            record = RepeatedParagraph(
                doc_id, p.paragraph, p.start, p.end, number, first_doc, first.paragraph
            )
            out.append((position, record))
    out.sort(key=lambda item: (item[0], item[1].paragraph))
    return [record for _, record in out]


def find_repeated_paragraphs(
    documents: Iterable[Document | LoadError],
    *,
    min_chars: int = 20,
    threshold: float = 0.9,
    jobs: int = 1,
    options: NormalizeOptions | None = None,
) -> list[RepeatedParagraph]:
    """Paragraphs that occur more than once — inside one document or across documents —
    with their spans in the text as loaded. Reported, never removed (see
    :func:`strip_repeats`)."""
    from policytool.io.loader import Document as Doc
    from policytool.parallel import map_documents

    func = partial(document_paragraphs, min_chars=min_chars, threshold=threshold, options=options)
    keyed = (
        (item.id, result)
        for item, result in map_documents(func, documents, jobs=jobs)
        if isinstance(item, Doc) and isinstance(result, list)
    )
    return repeated_paragraphs(keyed)


def document_paragraphs(
    doc: Document,
    *,
    min_chars: int = 20,
    threshold: float = 0.9,
    options: NormalizeOptions | None = None,
) -> list[ParagraphKey]:
    """:func:`paragraph_keys` of one document (the map step of paragraph search)."""
    return paragraph_keys(doc.text, min_chars=min_chars, threshold=threshold, options=options)


def strip_repeats(
    text: str,
    *,
    min_chars: int = 20,
    threshold: float = 0.9,
    options: NormalizeOptions | None = None,
) -> str:
    """The normalized text with every paragraph that repeats an earlier paragraph of the same
    document removed (the first occurrence stays).

    >>> strip_repeats("第一段，各地要完善孵化服务体系，强化资金保障。\\n第二段。\\n"
    ...               "第一段，各地要完善孵化服务体系，强化资金保障。")
    '第一段，各地要完善孵化服务体系，强化资金保障。\\n第二段。'
    """
    from policytool.normalize import normalize_text

    normalized = normalize_text(text, options, offsets=False).text
    drop = {
        start for _, start, _, _, repeat in _keyed_lines(normalized, min_chars, threshold) if repeat
    }
    out: list[str] = []
    pos = 0
    for line in normalized.split("\n"):
        if pos not in drop:
            out.append(line)
        pos += len(line) + 1
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out))
