"""Per-document facts about the source: encoding, size, script and digest (``policytool info``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from policytool.io import columns as records
from policytool.io.loader import Document
from policytool.text.script import Script, detect_script

__all__ = ["FileInfo", "file_info"]


@dataclass(frozen=True)
class FileInfo(records.Record):
    """What ``policytool info`` reports for one document.

    ``bytes`` is the size of the source (the file, or the UTF-8 text of a JSONL document),
    ``chars`` the length of the decoded text, ``sha256`` the digest of the source bytes (the
    same as ``sha256sum`` prints for a file), ``bad_bytes`` how many byte sequences decoded to
    nothing and are U+FFFD in the text.
    """

    COLUMNS: ClassVar[tuple[str, ...]] = records.INFO

    doc: str
    encoding: str
    bytes: int
    chars: int
    script: Script
    sha256: str
    bad_bytes: int = 0


def file_info(doc: Document) -> FileInfo:
    """The :class:`FileInfo` of one loaded document.

    >>> file_info(Document.from_text("a", "國務院")).script
    'traditional'
    """
    return FileInfo(
        doc=doc.id,
        encoding=doc.encoding,
        bytes=doc.nbytes,
        chars=len(doc.text),
        script=detect_script(doc.text),
        sha256=doc.sha256,
        bad_bytes=doc.bad_bytes,
    )
