"""The columns of every record type, in order: one definition for the library's
``to_record()`` methods, the command line and the docs (docs/formats.md).

Kept apart from the modules that produce the records so that the command line can name the
columns without importing (and compiling) a module's scanners.
"""

from __future__ import annotations

__all__ = [
    "DATES", "DATE_ROLES", "DEDUPE", "DEDUPE_PAIRS", "DEDUPE_PARAGRAPHS", "DOCNUM", "INFO",
    "NORMALIZE_REPORT",
]  # fmt: skip

INFO = ("doc", "encoding", "bytes", "chars", "script", "sha256")
DOCNUM = (
    "doc", "start", "end", "raw", "canonical", "issuer_code", "year", "serial", "agency",
    "problems",
)  # fmt: skip
DATES = ("doc", "start", "end", "raw", "value", "precision", "role", "inferred")
DATE_ROLES = ("published", "signed", "effective", "mentioned")
NORMALIZE_REPORT = (
    "doc", "encoding", "mojibake", "entities", "annotations", "recovered", "lost",
    "spam_lines", "boilerplate_lines", "converted", "width_folded", "whitespace",
)  # fmt: skip
DEDUPE = ("doc", "cluster", "similarity", "keep", "duplicate_of")
DEDUPE_PAIRS = ("doc", "other", "similarity", "containment", "method")
DEDUPE_PARAGRAPHS = (
    "doc", "paragraph", "start", "end", "cluster", "first_doc", "first_paragraph",
)  # fmt: skip
