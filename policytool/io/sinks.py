"""Writing documents back: output paths that never leave their directory, atomic writes.

Nothing is ever lost or half-written: every file is written to a temporary file in the
directory it belongs to and renamed over its name only when complete.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from policytool.io.loader import Document

__all__ = ["output_path", "relative_name", "replace_file", "sync_written", "write_atomic"]

_UNSAFE = re.compile(r'[\x00-\x1f<>:"|?*]')


def relative_name(doc: Document) -> str:
    """The relative path a document is written to: its path below the input directory, else
    its id, made safe (no absolute paths, no ``..``, no control characters); JSONL and stdin
    documents get ``.txt``.

    >>> relative_name(Document.from_text("../../etc/passwd", "x"))
    'etc/passwd.txt'
    """
    name = doc.relpath if doc.relpath is not None else doc.id
    if name == "-":
        name = "stdin"
    parts = [
        _UNSAFE.sub("_", part)
        for part in name.replace("\\", "/").split("/")
        if part not in ("", ".", "..")
    ]
    if not parts:
        parts = ["document"]
    joined = "/".join(parts)
    if doc.relpath is None and not joined.endswith(".txt"):
        joined += ".txt"  # a JSONL id or stdin: a text file of its own
    return joined


def output_path(directory: str | os.PathLike[str], doc: Document) -> Path:
    """Where ``doc`` goes inside ``directory``; raises ``ValueError`` if that would be outside
    it (a symlinked subfolder pointing elsewhere, say)."""
    root = Path(directory).resolve()
    target = (root / relative_name(doc)).resolve()
    if os.path.commonpath([root, target]) != str(root):
        raise ValueError(f"output path {target} would be outside {root}")
    return target


def write_atomic(path: str | os.PathLike[str], data: bytes, *, durable: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory, renamed
    over ``path`` only when complete: a reader never sees half a file. With ``durable`` the
    file is on disk before the rename (one fsync a file); otherwise a run makes its files
    durable at once at its end (:func:`sync_written`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        if path.exists():
            shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def replace_file(
    path: str | os.PathLike[str], data: bytes, *, backup: str | None = None, durable: bool = False
) -> None:
    """Rewrite ``path`` in place, safely; with ``backup``, keep the original bytes at
    ``path + backup`` first."""
    if backup:
        shutil.copy2(path, f"{os.fspath(path)}{backup}")
    write_atomic(path, data, durable=durable)


def sync_written() -> None:
    """Make every file written so far durable: one sync for a whole run, where an fsync a
    file made writing thousands of small files disk-bound."""
    sync = getattr(os, "sync", None)
    if sync is not None:
        sync()
