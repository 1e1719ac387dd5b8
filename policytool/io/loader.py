"""The document loader: the one place that opens files, reads stdin, decodes bytes and parses JSONL.

Every command reads its inputs through :func:`load_documents`, which streams: it yields one
:class:`Document` at a time (a file is one document, a JSONL line is one document), so a corpus
of any size never sits in memory at once. An input that cannot be read is yielded as a
:class:`LoadError` in its place and the run goes on::

    for doc in load_documents(["corpus/"], glob=["*.txt"]):
        if isinstance(doc, LoadError):
            print(doc)  # "corpus/x.txt: binary file (contains NUL bytes); ..."
"""

from __future__ import annotations

import codecs
import fnmatch
import functools
import hashlib
import json
import os
import re
import stat
import sys
import unicodedata
import warnings
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, BinaryIO

from policytool.io.html import declared_charset, html_text, is_html

__all__ = [
    "decode_document",
    "decode_html",
    "DecodeError",
    "Document",
    "DocumentError",
    "LoadError",
    "decode_bytes",
    "iter_input_files",
    "load_documents",
    "normalize_encoding_name",
]

#: File name endings read as JSON Lines (one document per line) rather than as one text.
JSONL_SUFFIXES = (".jsonl", ".ndjson")

# How much of a non-UTF-8 file the statistical detector looks at: enough for a confident
# answer (chardet is right down to ~16 characters), small enough to keep it off the hot path.
_DETECT_SAMPLE = 16 * 1024

# (byte-order mark, the name recorded, the codec of the bytes after it); UTF-32 LE first: its
# BOM starts with UTF-16 LE's.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)

# Encodings whose every byte string GB18030 decodes identically: GB18030 is their superset, and
# pages labelled gb2312 routinely hold GBK-only characters (镕, 堃).
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "euc_cn", "hz"}
_BIG5_FAMILY = {"big5", "cp950", "big5hkscs"}


@dataclass(frozen=True)
class Document:
    """One document: its id, its decoded text and where it came from.

    ``id`` is the path as given on the command line (joined with the path below a given
    directory), the JSONL id, or ``-`` for text on stdin. ``encoding`` is the codec the bytes
    were decoded with (``utf-8`` for JSONL), ``nbytes`` the size of the source bytes and
    ``sha256`` their digest (for JSONL documents: of the text encoded as UTF-8). ``meta`` holds
    the JSONL fields other than id and text, passed through untouched.
    """

    id: str
    text: str
    path: str | None = None
    encoding: str = "utf-8"
    nbytes: int = 0
    sha256: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)
    relpath: str | None = None
    #: ``text``, or ``html`` for a page read as its text (tags removed, entities decoded).
    format: str = "text"
    #: Bytes that decoded to nothing and are U+FFFD in ``text`` (a truncated character).
    bad_bytes: int = 0

    @classmethod
    def from_text(cls, id: str, text: str, **meta: Any) -> Document:
        """A document made from a string in memory (for library use and tests)."""
        data = text.encode("utf-8")
        return cls(
            id=id,
            text=text,
            nbytes=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            meta=meta,
        )


class DocumentError(Exception):
    """Something went wrong with one document (``id``) for a ``reason`` a user can act on;
    the CLI prints it as ``policytool: error: <id>: <reason>`` and goes on."""

    def __init__(self, id: str, reason: str) -> None:
        super().__init__(id, reason)
        self.id = id
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.id}: {self.reason}"


class LoadError(DocumentError):
    """An input that could not be loaded: yielded by :func:`load_documents` in its place."""


class DecodeError(ValueError):
    """Bytes that are not text in any encoding the loader accepts."""


def normalize_encoding_name(name: str) -> str:
    """The codec name the loader uses for ``name``: gb2312/gbk → gb18030, others canonical.

    Raises :class:`LookupError` for a name Python does not know.

    >>> [normalize_encoding_name(n) for n in ("GBK", "utf8", "BIG5")]
    ['gb18030', 'utf-8', 'big5']
    """
    info = codecs.lookup(name)
    if not getattr(info, "_is_text_encoding", True):
        raise LookupError(f"{name} is not a text encoding")  # base64, zlib, rot13 …
    canonical = info.name
    if canonical.replace("-", "_") in _GB_FAMILY:
        return "gb18030"
    return canonical


# C0 controls other than whitespace, form feed, SUB (DOS end of file) and ESC.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x19\x1c-\x1f\x7f]")
_CONTROL_BYTES = bytes(range(0x00, 0x09)) + bytes(range(0x0E, 0x1A)) + bytes(range(0x1C, 0x20))
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES + b"\x7f")


def _too_many_controls(count: int, length: int) -> bool:
    return count > max(2, length // 1000)


def _looks_binary(text: str) -> bool:
    """Control characters other than whitespace make decoded 'text' binary after all."""
    sample = text[:8192]
    return _too_many_controls(len(_CONTROL_CHARS.findall(sample)), len(sample))


def _bytes_look_binary(data: bytes) -> bool:
    """The same test on the raw bytes of an ASCII-compatible encoding (UTF-8, GB18030, Big5:
    none has a control byte inside a multi-byte character), at C speed."""
    sample = data[:16384]
    return _too_many_controls(len(sample.translate(None, _NOT_CONTROL_BYTES)), len(sample))


def _decodes(codec: str, sample: bytes) -> bool:
    # Incremental with final=False: a sample cut inside a character is not an error.
    try:
        codecs.getincrementaldecoder(codec)().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _detect_cjk(data: bytes) -> list[str]:
    """GB18030 and Big5 candidates for ``data``, most likely first, judged on a sample."""
    sample = data[:_DETECT_SAMPLE]
    candidates = [c for c in ("gb18030", "cp950", "big5hkscs") if _decodes(c, sample)]
    if "cp950" in candidates and "big5hkscs" in candidates:
        candidates.remove("big5hkscs")
    if len(candidates) > 1:
        # Most GB2312 byte pairs are valid Big5 too (and every Big5 pair is valid GBK): only
        # character statistics can tell. chardet restricted to these two families was right on
        # every file we measured (docs/dependencies.md); it is imported here, off the fast path.
        import chardet

        with warnings.catch_warnings():  # chardet warns when none of them fits a sample
            warnings.simplefilter("ignore")
            guess = chardet.detect(
                sample, include_encodings=["gb18030", "big5", "cp950", "big5hkscs"]
            )
        name = (guess.get("encoding") or "").lower().replace("-", "")
        if name in {"big5", "cp950", "big5hkscs"}:
            candidates.sort(key=lambda c: c == "gb18030")
        if len(sample) - len(sample.translate(None, _HIGH_BYTES)) <= _SHORT_TEXT:
            # A title's few characters are too little for statistics over byte pairs: prefer
            # the reading made of common characters, GB18030 on a tie (函 in GBK reads 滲 in
            # Big5, just as common).
            candidates.sort(key=lambda c: c != "gb18030")
            candidates.sort(key=lambda c: -_common_share(sample.decode(c, "replace")))
    return candidates


#: Up to this many bytes of multi-byte characters, the GBK or Big5 reading is chosen by its
#: characters, not by chardet (measured on titles cut to 2 and 4 characters, docs/benchmarks.md).
_SHORT_TEXT = 64


def _common_share(text: str) -> float:
    """The share of the non-ASCII characters of ``text`` that are common characters of
    Chinese in either script (``data/common_chars.tsv``); CJK punctuation is left out."""
    common = _common_chars()
    letters = [c for c in text if c > "\x7f" and not _CJK_PUNCTUATION.match(c)]
    if not letters:
        return 0.0
    return sum(c in common for c in letters) / len(letters)


_CJK_PUNCTUATION = re.compile("[\u3000-\u303f\uff00-\uff65]")


@functools.cache
def _common_chars() -> frozenset[str]:
    from policytool.data import read_table

    return frozenset(row["char"] for row in read_table("common_chars.tsv"))


def _strict_decode(data: bytes, codec: str, complaint: str, skip: int = 0) -> str:
    """Decode ``data[skip:]`` or raise :class:`DecodeError` with ``complaint`` filled with the
    bad byte and its offset in ``data``."""
    try:
        return data[skip:].decode(codec) if skip else data.decode(codec)
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        byte = f"0x{data[offset]:02x}"
        raise DecodeError(complaint.format(byte=byte, offset=offset)) from None


def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode the bytes of one document; return ``(text, encoding used)`` (see
    :func:`decode_document`, with bad bytes replaced).

    >>> decode_bytes("国务院".encode("gbk"))
    ('国务院', 'gb18030')
    """
    text, used, _ = decode_document(data, encoding)
    return text, used


def decode_document(
    data: bytes, encoding: str | None = None, errors: str = "replace"
) -> tuple[str, str, int]:
    """Decode the bytes of one document: ``(text, encoding used, bad bytes replaced)``.

    With ``encoding`` given, decode with it (gb2312/gbk mean gb18030). Otherwise: a
    byte-order mark; BOM-less UTF-16, told by the share of code units that are text (CJK,
    punctuation, ASCII) in one byte order and not the other — which works on Chinese text with
    no ASCII at all; strict UTF-8; UTF-8 but for a few bad bytes (a truncated character),
    decoded with U+FFFD there; then GB18030 or Big5 (cp950, big5hkscs), chosen by character
    statistics when both decode. ``errors="strict"`` rejects any bad byte instead. Raises
    :class:`DecodeError` naming the reason for binary or undecodable bytes.
    """
    if errors not in ("replace", "strict"):
        raise ValueError(f"errors must be 'replace' or 'strict', not {errors!r}")
    if encoding is not None:
        codec = normalize_encoding_name(encoding)
        why = f"not valid {codec}: byte {{byte}} at offset {{offset}}"
        try:
            return _strict_decode(data, codec, why), codec, 0
        except DecodeError:
            if errors == "strict":
                raise
        text = data.decode(codec, "replace")
        return text, codec, _replaced(text, data)
    for bom, name, codec in _BOMS:
        if data.startswith(bom):
            why = f"byte-order mark says {name}, but byte {{byte}} at offset {{offset}} is not"
            return _strict_decode(data, codec, why, skip=len(bom)), name, 0
    codec16 = _utf16_order(data)
    if codec16 is not None:
        try:
            return data.decode(codec16), codec16, 0
        except UnicodeDecodeError:
            if errors == "replace":
                text = data.decode(codec16, "replace")
                return text, codec16, _replaced(text, data)
    if b"\x00" in data:
        raise DecodeError("binary file (contains NUL bytes); not a text document")
    if _bytes_look_binary(data):
        raise DecodeError("binary file (control characters); not a text document")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    else:
        if not _implausible_utf8(text, data):
            return text, "utf-8", 0
        first_bad = -1  # valid UTF-8, but GBK or Big5 read better
    if errors == "replace" and first_bad >= 0:
        text = data.decode("utf-8", "replace")
        bad = _replaced(text, data)
        # A cut character leaves up to three stray bytes: a spot is a run of up to three.
        runs = _REPLACED_RUNS.findall(text)
        spots = max(0, sum(-(-len(run) // 3) for run in runs) - data.count("\ufffd".encode()))
        multibyte = len(data.translate(None, _HIGH_BYTES))  # the bytes of non-ASCII characters
        # UTF-8 but for a few damaged spots: most multi-byte sequences are valid (a GBK file
        # read as UTF-8 has an invalid sequence at nearly every character), and there are
        # enough of them to tell (a short GBK title can hold a valid sequence by chance).
        if spots <= max(1, multibyte // 300) and multibyte >= 30 * spots:
            return text, "utf-8", bad
    for codec in _detect_cjk(data):
        try:
            return data.decode(codec), codec, 0
        except UnicodeDecodeError:
            continue  # the sample decoded, a later part does not: try the next candidate
    if first_bad < 0:
        return data.decode("utf-8"), "utf-8", 0
    if errors == "strict":
        raise DecodeError(
            f"not valid UTF-8: byte 0x{data[first_bad]:02x} at offset {first_bad} "
            "(--errors replace would decode it with U+FFFD there)"
        )
    raise DecodeError(
        "cannot decode: not UTF-8, UTF-16, GB18030 or Big5 (name the encoding with --encoding)"
    )


_REPLACED_RUNS = re.compile("\ufffd+")
_HIGH_BYTES = bytes(range(0x80))  # deleted from bytes, leaves those of non-ASCII characters
#: What UTF-8 decoded from Chinese bytes of another encoding looks like: a two-byte sequence
#: of a 0xC2-0xDF lead, so Latin-1, Latin Extended, IPA, combining marks, Greek, Cyrillic,
#: Armenian, Hebrew, Arabic … (食品 in GBK, CA B3 C6 B7, is valid UTF-8: ʳƷ).
_ODD_LETTERS = re.compile("[\u0080-\u07ff]")
_CJK_CHARS = re.compile("[\u3000-\u9fff\uff00-\uffef]")
#: An odd letter next to an ASCII letter belongs to a European word (Dvořák), not to
#: Chinese bytes: the trail byte of such a pair is never ASCII.
_IN_WORD = re.compile("[A-Za-z][\u0080-\u07ff]|[\u0080-\u07ff][A-Za-z]")
#: Where Latin-1, Latin Extended, IPA and spacing modifiers, combining marks, Greek,
#: Cyrillic, Armenian, Hebrew, Arabic and the scripts up to U+07FF end, in that order.
_SCRIPT_ENDS = (0x0100, 0x0250, 0x0300, 0x0370, 0x0400, 0x0530, 0x0590, 0x0600, 0x0700, 0x0800)


def _implausible_utf8(text: str, data: bytes) -> bool:
    """Whether valid UTF-8 is more likely GBK or Big5 that happens to decode: no CJK at all,
    its non-ASCII characters in the blocks such bytes land in and not inside a European word,
    a mix that real text in those scripts does not make (several blocks, many combining
    marks) or too few bytes to tell, and a CJK reading made of common characters (通知 in GBK
    is two valid UTF-8 sequences: ֪ͨ)."""
    if text.isascii() or _CJK_CHARS.search(text) or _IN_WORD.search(text):
        return False
    odd = _ODD_LETTERS.findall(text)
    high = sum(1 for c in text if c > "\x7f")
    if len(odd) < 0.5 * high or (len(odd) == 1 and odd[0] < "\u0400"):
        return False  # one Latin or Greek sign (©, é, ±, Ω) does not overrule valid UTF-8
    marks = sum(1 for c in odd if unicodedata.category(c) == "Mn")
    blocks = {next(i for i, end in enumerate(_SCRIPT_ENDS) if ord(c) < end) for c in odd}
    if not (marks * 4 >= len(odd) or len(blocks) >= 2 or len(data) <= 8):
        return False
    readings = _detect_cjk(data)
    return bool(readings) and _common_share(data.decode(readings[0])) >= 0.75


def _replaced(text: str, data: bytes) -> int:
    """How many U+FFFD a lenient decode added (the ones the bytes held themselves aside)."""
    return text.count("\ufffd") - data.count("\ufffd".encode())


def _utf16_order(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when BOM-less UTF-16 is what ``data`` reads as: in one
    byte order nearly every code unit of a sample is text (ASCII, CJK, punctuation) — and the
    NUL bytes of its ASCII, if any, stand on the high side of the units; else the other order
    reads much worse. UTF-8, GB18030 and Big5 read as UTF-16 stay under 0.65 in either order
    on every document of the real corpus; real UTF-16 is over 0.97."""
    if len(data) < 16 or len(data) % 2:
        return None  # a title's few bytes read as text in any encoding: no evidence
    import numpy as np

    sample = data[:16384]
    shares = []
    for order in ("<u2", ">u2"):
        units = np.frombuffer(sample, dtype=order)
        texty = (
            ((units >= 0x20) & (units < 0x7F))
            | (units == 0x09) | (units == 0x0A) | (units == 0x0D) | (units == 0xA0)
            | ((units >= 0x3400) & (units <= 0x9FFF))
            | ((units >= 0x3000) & (units <= 0x303F))
            | ((units >= 0xFF00) & (units <= 0xFFEF))
            | ((units >= 0x2000) & (units <= 0x206F))
            | ((units >= 0xF900) & (units <= 0xFAFF))
        )  # fmt: skip
        shares.append(float(texty.mean()))
    if max(shares) < 0.9:
        return None
    # Text with ASCII in it: its NUL bytes stand on one side of each unit, the high byte.
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 4 * even and odd >= len(sample) // 50 and shares[0] >= 0.9:
        return "utf-16-le"
    if even > 4 * odd and even >= len(sample) // 50 and shares[1] >= 0.9:
        return "utf-16-be"
    # Chinese with no ASCII: only the right order reads as text.
    if shares[0] - shares[1] >= 0.25:
        return "utf-16-le"
    if shares[1] - shares[0] >= 0.25:
        return "utf-16-be"
    return None


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _glob_match(relpath: str, patterns: Sequence[str]) -> bool:
    """ripgrep-style globs: a pattern with ``/`` matches the path below the directory given,
    one without matches the file name; ``!pattern`` excludes. No include pattern means all."""
    name = relpath.rsplit("/", 1)[-1]
    included = not any(not p.startswith("!") for p in patterns)
    for pattern in patterns:
        negate = pattern.startswith("!")
        pat = pattern[1:] if negate else pattern
        target = relpath if "/" in pat else name
        if fnmatch.fnmatchcase(target, pat):
            included = not negate
    return included


def iter_input_files(
    inputs: Iterable[str], *, glob: Sequence[str] | None = None
) -> Iterator[tuple[str, str | None]]:
    """Expand inputs into ``(document id, path)`` pairs in load order (see
    :func:`iter_input_entries` for the path below each directory too).

    Directories are walked recursively in sorted order, skipping hidden files and directories
    and filtering by ``glob``; files named explicitly are always read. ``-`` yields
    ``("-", None)``. A path that does not exist is yielded as is; opening it reports the error.
    """
    for doc_id, path, _ in iter_input_entries(inputs, glob=glob):
        yield doc_id, path


def iter_input_entries(
    inputs: Iterable[str],
    *,
    glob: Sequence[str] | None = None,
    exclude: Collection[str] = (),
) -> Iterator[tuple[str, str | None, str | None]]:
    """Expand inputs into ``(document id, path, path below the given directory)``. Files
    whose real path is in ``exclude`` (what the run itself writes) are left out of walks."""
    patterns = list(glob or [])
    for given in inputs:
        if given == "-":
            yield "-", None, None
            continue
        if not os.path.isdir(given):
            yield _shown(given), given, given.replace(os.sep, "/")
            continue
        for rel, path in _walk(given, ""):
            if patterns and not isinstance(path, Unreadable) and not _glob_match(rel, patterns):
                continue
            if exclude and os.path.realpath(path) in exclude:
                continue
            yield _shown(os.path.join(given, rel).replace(os.sep, "/")), path, rel


def _shown(path: str) -> str:
    """A path as a document id: a UTF-8 file name read under a locale that is not UTF-8
    (``LC_ALL=C``) comes as surrogate escapes; its bytes are read as UTF-8 again, so the id
    is 通知.txt. Names that are not UTF-8 keep their escapes (``\\udcXX`` in every format)."""
    if path.isascii() or not _SURROGATE_ESCAPES.search(path):
        return path
    try:
        return os.fsencode(path).decode("utf-8")
    except UnicodeError:
        return path


_SURROGATE_ESCAPES = re.compile("[\udc80-\udcff]")


class Unreadable(str):
    """A path in a walked tree that could not be listed; ``reason`` says why."""

    reason: str = ""


def _unreadable(path: str, exc: OSError) -> Unreadable:
    found = Unreadable(path)
    found.reason = f"cannot list the directory: {_os_reason(exc)}"
    return found


def _walk(root: str, prefix: str) -> Iterator[tuple[str, str]]:
    """``(path below root with /, path)`` of the regular files under ``root``, sorted by name,
    depth first, hidden entries skipped; scandir's cached file types spare a stat per file.
    Iterative, so no depth of tree can exhaust the stack; a directory that cannot be listed is
    yielded as an :class:`Unreadable` path (one error line), the rest is walked."""

    def listing(rel: str) -> list[os.DirEntry[str]] | OSError:
        try:
            with os.scandir(os.path.join(root, rel) if rel else root) as it:
                return sorted(it, key=lambda e: e.name)
        except OSError as exc:
            return exc

    first = listing(prefix)
    if isinstance(first, OSError):
        yield prefix, _unreadable(os.path.join(root, prefix) if prefix else root, first)
        return
    stack: list[tuple[str, Iterator[os.DirEntry[str]]]] = [(prefix, iter(first))]
    while stack:
        base, entries = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        if _is_hidden(entry.name):
            continue
        rel = f"{base}/{entry.name}" if base else entry.name
        try:
            if entry.is_dir(follow_symlinks=False):
                below = listing(rel)
                if isinstance(below, OSError):
                    yield rel, _unreadable(entry.path, below)
                else:
                    stack.append((rel, iter(below)))
            elif entry.is_file():  # follows links to files; skips FIFOs, sockets, dead links
                yield rel, entry.path
        except OSError:
            continue


def _document_from_json(
    obj: Any, where: str, source: str | None, id_field: str, text_field: str
) -> Document:
    if not isinstance(obj, dict):
        raise LoadError(where, f"JSONL line is {type(obj).__name__}, not an object")
    text = obj.get(text_field)
    if not isinstance(text, str):
        what = "has no" if text is None else "has a non-string"
        raise LoadError(where, f'JSONL object {what} "{text_field}" field (use --text-field)')
    raw_id = obj.get(id_field)
    doc_id = where if raw_id is None or raw_id == "" else str(raw_id)
    meta = {k: v for k, v in obj.items() if k not in (id_field, text_field)}
    data = text.encode("utf-8", "surrogatepass")
    return Document(
        id=doc_id,
        text=text,
        path=source,
        encoding="utf-8",
        nbytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        meta=meta,
    )


def _iter_jsonl(
    lines: Iterable[bytes], name: str, source: str | None, id_field: str, text_field: str
) -> Iterator[Document | LoadError]:
    for lineno, line in enumerate(lines, 1):
        where = f"{name}:{lineno}"
        if lineno == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]
        if not line.strip():
            continue
        try:
            obj = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield LoadError(where, f"JSONL line is not UTF-8 (byte {exc.start})")
            continue
        except json.JSONDecodeError as exc:
            yield LoadError(where, f"invalid JSON: {exc.msg} at column {exc.colno}")
            continue
        except RecursionError:
            yield LoadError(where, "invalid JSON: nested too deeply")
            continue
        try:
            yield _document_from_json(obj, where, source, id_field, text_field)
        except LoadError as exc:
            yield exc


def _document_from_bytes(
    doc_id: str,
    path: str | None,
    data: bytes,
    encoding: str | None,
    relpath: str | None = None,
    errors: str = "replace",
) -> Document | LoadError:
    page = is_html(data, path)
    try:
        if page:
            text, used = decode_html(data, encoding)
            bad = 0
        else:
            text, used, bad = decode_document(data, encoding, errors)
    except DecodeError as exc:
        return LoadError(doc_id, str(exc))
    if page:
        text = html_text(text)
    return Document(
        id=doc_id,
        text=text,
        path=path,
        encoding=used,
        nbytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        relpath=relpath,
        format="html" if page else "text",
        bad_bytes=bad,
    )


def decode_html(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode an HTML page: a given ``encoding``; else a byte-order mark; else the charset
    its ``<meta>`` declares, when the bytes bear it out; else as any text
    (:func:`decode_bytes`)."""
    if encoding is None and not data.startswith((codecs.BOM_UTF8, b"\xff\xfe", b"\xfe\xff")):
        declared = declared_charset(data)
        if declared is not None:
            try:
                codec = normalize_encoding_name(declared)
            except LookupError:
                codec = None
            # Pages labelled big5 use Microsoft's or Hong Kong's extensions of it.
            for candidate in _BIG5_ORDER if codec in _BIG5_FAMILY else (codec,):
                if candidate is None:
                    continue
                try:
                    return data.decode(candidate), candidate
                except (UnicodeDecodeError, LookupError):
                    continue
    return decode_bytes(data, encoding)


_BIG5_ORDER = ("cp950", "big5hkscs")


def _not_regular(path: str) -> str | None:
    """What ``path`` is when it is not a regular file (or a directory, reported apart)."""
    mode = os.stat(path).st_mode
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _load_stdin(
    stream: BinaryIO,
    stdin_format: str | None,
    encoding: str | None,
    id_field: str,
    text_field: str,
    errors: str = "replace",
) -> Iterator[Document | LoadError]:
    # Peek at the first non-blank line without reading the rest: JSONL streams line by line.
    head: list[bytes] = []
    first = b""
    for line in stream:
        head.append(line)
        first = line.lstrip(codecs.BOM_UTF8).strip()
        if first:
            break
    fmt = stdin_format or ("jsonl" if first.startswith(b"{") else "text")
    if fmt == "jsonl":
        yield from _iter_jsonl(_chain(head, stream), "-", None, id_field, text_field)
        return
    data = b"".join(head) + stream.read()
    yield _document_from_bytes("-", None, data, encoding, errors=errors)


def _chain(head: list[bytes], rest: IO[bytes]) -> Iterator[bytes]:
    yield from head
    yield from rest


def load_documents(
    inputs: Iterable[str] | None = None,
    *,
    glob: Sequence[str] | None = None,
    id_field: str = "id",
    text_field: str = "text",
    stdin_format: str | None = None,
    encoding: str | None = None,
    stdin: BinaryIO | None = None,
    exclude: Collection[str] = (),
    errors: str = "replace",
) -> Iterator[Document | LoadError]:
    """Load documents from files, directories, JSONL and stdin, one at a time, in input order.
    Files whose real path is in ``exclude`` are left out of directory walks (a run's own
    outputs: a report written inside a walked directory is never read back as an input).
    ``errors="strict"`` rejects a file with bad bytes; by default a file that is UTF-8 (or
    the given ``encoding``) but for a few bytes is decoded with U+FFFD there
    (:attr:`Document.bad_bytes` counts them).

    ``inputs`` are paths or ``-``; none at all means stdin. Directories are recursed (sorted,
    hidden entries skipped, ``glob`` filters file names). ``.jsonl``/``.ndjson`` files and
    JSONL on stdin (first non-blank character ``{``, or ``stdin_format="jsonl"``) give one
    document per line, with ``id_field``/``text_field`` naming the id and text and every other
    field kept in :attr:`Document.meta`. ``encoding`` forces the codec of text files.

    Yields a :class:`LoadError` in place of each input (or JSONL line) that cannot be loaded.
    """
    if stdin_format not in (None, "text", "jsonl"):
        raise ValueError(f"stdin_format must be 'text' or 'jsonl', not {stdin_format!r}")
    if encoding is not None:
        normalize_encoding_name(encoding)  # fail early on an unknown codec name
    paths = list(inputs) if inputs is not None else []
    if not paths:
        paths = ["-"]
    for doc_id, path, relpath in iter_input_entries(paths, glob=glob, exclude=exclude):
        if isinstance(path, Unreadable):
            yield LoadError(doc_id, path.reason)
            continue
        if path is None:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _load_stdin(stream, stdin_format, encoding, id_field, text_field, errors)
            continue
        if path.lower().endswith(JSONL_SUFFIXES):
            try:
                handle = open(path, "rb")  # noqa: SIM115 - closed below, streamed line by line
            except OSError as exc:
                yield LoadError(doc_id, _os_reason(exc))
                continue
            with handle:
                yield from _iter_jsonl(handle, doc_id, path, id_field, text_field)
            continue
        try:
            kind = _not_regular(path)
            if kind is not None:
                # A FIFO would block the run, a device (/dev/zero) never end: one error line.
                yield LoadError(doc_id, f"not a regular file ({kind}); not read")
                continue
            with open(path, "rb") as fh:
                data = fh.read()
        except IsADirectoryError:
            yield LoadError(doc_id, "is a directory")
            continue
        except OSError as exc:
            yield LoadError(doc_id, _os_reason(exc))
            continue
        yield _document_from_bytes(doc_id, path, data, encoding, relpath, errors)
