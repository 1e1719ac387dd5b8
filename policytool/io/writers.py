"""Record writers: tsv, csv, jsonl, json and table, with fixed columns per record type.

A writer takes the record type's columns up front, so an empty result still prints its header,
and every format shows the same columns in the same order. Records are mappings (the
``to_record()`` of a result dataclass); values are strings, numbers, booleans, ``None`` (an
empty field) or lists of strings (joined with ``;`` in tsv, csv and table).

>>> import io
>>> out = io.StringIO()
>>> with open_writer("tsv", ("doc", "chars"), out) as w:
...     w.write({"doc": "a\\tb.txt", "chars": 3})
>>> out.getvalue()
'doc\\tchars\\na\\\\tb.txt\\t3\\n'
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TextIO

__all__ = [
    "FORMATS",
    "RecordWriter",
    "escape_tsv",
    "unescape_tsv",
    "json_line",
    "safe_text",
    "format_value",
    "open_writer",
]

#: The record formats, in the order ``--format`` lists them.
FORMATS = ("tsv", "jsonl", "csv", "json", "table")

LIST_SEPARATOR = ";"

_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


#: What a reader that splits lines the Unicode way breaks on, other controls, and lone
#: surrogates (which no UTF-8 stream can carry): written as ``\\uXXXX`` in tsv, csv and table.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _code_escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def escape_tsv(value: str) -> str:
    r"""Escape a TSV field: backslash, tab, newline and carriage return become ``\\ \t \n \r``;
    other controls, Unicode line separators and lone surrogates ``\uXXXX`` — so that a record
    is one line for any reader, and every text the loader accepts can be written.

    >>> escape_tsv("a\tb\nc\\d\u2028e")
    'a\\tb\\nc\\\\d\\u2028e'
    """
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = value.translate(_TSV_ESCAPES)  # a dict table: looked up per character, so only
    if _UNSAFE.search(value):  # when there is something to escape
        value = _UNSAFE.sub(_code_escape, value)
    return value


_UNESCAPE = re.compile(r"\\(?:u([0-9a-f]{4})|(.))", re.S)
_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def unescape_tsv(field: str) -> str:
    r"""The text :func:`escape_tsv` escaped (for a reader of policytool's TSV).

    >>> unescape_tsv(escape_tsv("a\tb\u2028c\\d"))
    'a\tb\u2028c\\d'
    """
    return _UNESCAPE.sub(
        lambda m: chr(int(m.group(1), 16)) if m.group(1) else _UNESCAPES.get(m.group(2), m.group()),
        field,
    )


def safe_text(value: str) -> str:
    """``value`` with lone surrogates written ``\\uXXXX`` (csv and table keep line breaks, but
    no stream can carry a surrogate)."""
    return _SURROGATE.sub(_code_escape, value) if _SURROGATE.search(value) else value


#: What XML 1.0 cannot carry at all, not even as a character reference: controls other than
#: tab, newline and carriage return, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    r"""``value`` escaped for XML text and attribute values (``&``, ``<``, ``>``, quotes), with
    what XML 1.0 forbids written ``\uXXXX`` as in TSV (GraphML that every parser reads).

    >>> xml_text('a<b & "c"\x01')
    'a&lt;b &amp; &quot;c&quot;\\u0001'
    """
    if _NOT_XML.search(value):
        value = _NOT_XML.sub(_code_escape, value)
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def json_line(obj: Any) -> str:
    """``obj`` as one line of JSON: UTF-8 text, lone surrogates as ``\\udXXX`` escapes (which
    ``json.loads`` reads back), NaN and infinities (not JSON) as null."""
    try:
        text = json.dumps(obj, ensure_ascii=False, allow_nan=False)
    except ValueError:
        text = json.dumps(_finite(obj), ensure_ascii=False, allow_nan=False)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub(_code_escape, text)
    return text


def _finite(obj: Any) -> Any:
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def format_value(value: Any) -> str:
    """A field value as text for tsv, csv and table: ``None`` → empty, bools lowercase,
    lists joined with ``;``, floats without trailing noise."""
    if type(value) is str:
        return value  # the common case first
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(format_value(v) for v in value)
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    return value


class RecordWriter(Protocol):
    """Writes records of one type; ``close()`` finishes the output (json's ``]``, the table)."""

    columns: tuple[str, ...]

    def write(self, record: Mapping[str, Any]) -> None: ...

    def close(self) -> None: ...

    def __enter__(self) -> RecordWriter: ...

    def __exit__(self, *exc: object) -> None: ...


class _BlockBuffer:
    """Collects output and writes it in blocks of ~64 KiB: one write per record costs a system
    call each when Python runs unbuffered (``PYTHONUNBUFFERED``, ``python -u``). On a
    terminal every write goes straight through, so records show as they come."""

    def __init__(self, stream: TextIO, size: int = 1 << 16) -> None:
        self.stream = stream
        try:
            interactive = stream.isatty()
        except (AttributeError, ValueError):
            interactive = False
        self.limit = 0 if interactive else size
        self.parts: list[str] = []
        self.pending = 0

    def write(self, text: str) -> int:
        self.parts.append(text)
        self.pending += len(text)
        if self.pending >= self.limit:
            self._drain()
        return len(text)

    def _drain(self) -> None:
        if self.parts:
            data = "".join(self.parts)
            self.parts.clear()
            self.pending = 0
            self.stream.write(data)

    def flush(self) -> None:
        self._drain()
        self.stream.flush()


class _Writer:
    def __init__(self, columns: Sequence[str], stream: TextIO, *, header: bool = True) -> None:
        self.columns = tuple(columns)
        self.stream: Any = _BlockBuffer(stream)
        self.header = header
        self.count = 0

    def write(self, record: Mapping[str, Any]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self) -> None:
        self.stream.flush()

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class TsvWriter(_Writer):
    def __init__(self, columns: Sequence[str], stream: TextIO, *, header: bool = True) -> None:
        super().__init__(columns, stream, header=header)
        if header:
            stream.write("\t".join(self.columns) + "\n")

    def write(self, record: Mapping[str, Any]) -> None:
        fields = (escape_tsv(format_value(record.get(c))) for c in self.columns)
        self.stream.write("\t".join(fields) + "\n")


class CsvWriter(_Writer):
    def __init__(self, columns: Sequence[str], stream: TextIO, *, header: bool = True) -> None:
        super().__init__(columns, stream, header=header)
        self._csv = csv.writer(stream, lineterminator="\n")
        if header:
            self._csv.writerow(self.columns)

    def write(self, record: Mapping[str, Any]) -> None:
        self._csv.writerow([safe_text(format_value(record.get(c))) for c in self.columns])


class JsonlWriter(_Writer):
    def write(self, record: Mapping[str, Any]) -> None:
        obj = {c: _json_value(record.get(c)) for c in self.columns}
        self.stream.write(json_line(obj) + "\n")


class JsonWriter(_Writer):
    """One JSON array, streamed: ``[`` at the first record, ``]`` on close."""

    def write(self, record: Mapping[str, Any]) -> None:
        obj = {c: _json_value(record.get(c)) for c in self.columns}
        self.stream.write("[\n" if self.count == 0 else ",\n")
        self.stream.write(json_line(obj))
        self.count += 1

    def close(self) -> None:
        self.stream.write("[]\n" if self.count == 0 else "\n]\n")
        super().close()


class TableWriter(_Writer):
    """A rich table for the terminal; rows are collected and drawn on close."""

    def __init__(self, columns: Sequence[str], stream: TextIO, *, header: bool = True) -> None:
        super().__init__(columns, stream, header=header)
        self.terminal = stream  # rich needs the real stream to see whether it is a terminal
        self.rows: list[list[str]] = []

    def write(self, record: Mapping[str, Any]) -> None:
        self.rows.append([format_value(record.get(c)) for c in self.columns])

    def close(self) -> None:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(show_header=self.header, header_style="bold", box=None, pad_edge=False)
        for column in self.columns:
            table.add_column(column, overflow="fold")
        for row in self.rows:
            # Text, not str: a value like 青政发[2016]15号 is data, never rich markup.
            table.add_row(*(Text(escape_tsv(v)) for v in row))
        try:
            interactive = self.terminal.isatty()
        except (AttributeError, ValueError):
            interactive = False
        # On a terminal rich fits the table to the window; into a file or pipe, never fold.
        width = None if interactive else 100_000
        console = Console(file=self.terminal, highlight=False, soft_wrap=False, width=width)
        console.print(table)
        super().close()


_WRITERS: dict[str, type[_Writer]] = {
    "tsv": TsvWriter,
    "csv": CsvWriter,
    "jsonl": JsonlWriter,
    "json": JsonWriter,
    "table": TableWriter,
}


def open_writer(
    fmt: str, columns: Sequence[str], stream: TextIO, *, header: bool = True
) -> RecordWriter:
    """A writer of ``fmt`` records with ``columns`` to ``stream`` (header unless ``header``
    is false; jsonl and json have none)."""
    try:
        cls = _WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return cls(columns, stream, header=header)
