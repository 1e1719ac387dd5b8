"""The columns of every record type, in order: one definition for the library's
``to_record()`` methods, the command line and the docs (docs/formats.md).

Kept apart from the modules that produce the records so that the command line can name the
columns without importing (and compiling) a module's scanners.
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "Record",
    "CITE", "CITE_MISSING", "DATES", "DATE_ROLES", "DEDUPE", "DEDUPE_PAIRS", "DEDUPE_PARAGRAPHS",
    "DOCNUM", "INFO", "META",
]  # fmt: skip

INFO = ("doc", "encoding", "bytes", "chars", "script", "sha256", "bad_bytes")
DOCNUM = (
    "doc", "start", "end", "raw", "canonical", "issuer_code", "year", "serial", "agency",
    "problems",
)  # fmt: skip
META = ("doc", "title", "docnum", "issuer", "signed", "published", "script", "chars")
CITE = ("doc", "start", "end", "title", "docnum", "issuer", "alias", "target", "method", "score")
CITE_MISSING = ("work", "title", "docnum", "citations", "documents")
DATES = ("doc", "start", "end", "raw", "value", "precision", "role", "inferred")
DATE_ROLES = ("published", "signed", "effective", "mentioned")
DEDUPE = ("doc", "cluster", "similarity", "keep", "duplicate_of")
DEDUPE_PAIRS = ("doc", "other", "similarity", "containment", "method")
DEDUPE_PARAGRAPHS = (
    "doc", "paragraph", "start", "end", "cluster", "first_doc", "first_paragraph",
)  # fmt: skip


class Record:
    """Mixin for the result dataclasses: ``to_record()`` gives the fields named in ``COLUMNS``,
    in that order; ``doc`` is passed in by results that do not carry their document's id."""

    COLUMNS: ClassVar[tuple[str, ...]]

    def to_record(self, doc: str | None = None) -> dict[str, Any]:
        record: dict[str, Any] = {}
        for column in self.COLUMNS:
            value = doc if column == "doc" and doc is not None else getattr(self, column)
            record[column] = list(value) if isinstance(value, tuple) else value
        return record
