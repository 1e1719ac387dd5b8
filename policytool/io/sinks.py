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

__all__ = [
    "BackupExists",
    "InputFiles",
    "OutputCollision",
    "new_file_mode",
    "check_outputs",
    "output_path",
    "relative_name",
    "replace_file",
    "sync_written",
    "write_atomic",
]

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
        if not path.exists():
            os.chmod(tmp, new_file_mode())  # as open() would make it, not mkstemp's 0600
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
    """Rewrite ``path`` in place, safely: a symbolic link is written through to its target
    (the link stays a link). With ``backup``, keep the original bytes at ``path + backup``
    first; an existing backup is never overwritten (``FileExistsError``)."""
    if backup:
        saved = f"{os.fspath(path)}{backup}"
        if os.path.lexists(saved):
            raise BackupExists(f"the backup {saved} exists already; not overwritten")
        shutil.copy2(path, saved)
    write_atomic(os.path.realpath(path), data, durable=durable)


_UMASK: int | None = None


def new_file_mode() -> int:
    """The mode ``open()`` gives a new file under the process's umask."""
    return 0o666 & ~_umask()


def _umask() -> int:
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return _UMASK


def sync_written() -> None:
    """Make every file written so far durable: one sync for a whole run, where an fsync a
    file made writing thousands of small files disk-bound."""
    sync = getattr(os, "sync", None)
    if sync is not None:
        sync()


class BackupExists(FileExistsError):
    """An in-place rewrite whose backup is already there: the backup is never overwritten."""


class OutputCollision(ValueError):
    """An output (a report, the explain records, ``-o``, a backup) would destroy an input."""


class InputFiles:
    """The files a run reads, by real path and by device and inode (a hard link is the same
    file under another name), for checking outputs against them before anything is written."""

    def __init__(self, paths: list[str]) -> None:
        self.real: set[str] = set()
        self.inodes: set[tuple[int, int]] = set()
        self.directories: list[str] = []
        for path in paths:
            real = os.path.realpath(path)
            self.real.add(real)
            try:
                st = os.stat(real)
            except OSError:
                continue
            self.inodes.add((st.st_dev, st.st_ino))

    def holds(self, path: str | os.PathLike[str]) -> bool:
        """Whether ``path`` is one of the input files."""
        real = os.path.realpath(path)
        if real in self.real:
            return True
        try:
            st = os.stat(real)
        except OSError:
            return False
        return (st.st_dev, st.st_ino) in self.inodes


def _inside(path: str, directory: str) -> bool:
    return os.path.commonpath([path, directory]) == directory


def check_outputs(
    files: list[str],
    directories: list[str],
    *,
    outputs: dict[str, str | None],
    output_directory: str | None = None,
    backup: str | None = None,
) -> None:
    """Raise :class:`OutputCollision` when an output would overwrite an input: ``outputs``
    (what → path; ``-`` and None are streams) naming an input file, ``-o`` being an input
    directory or inside one, a backup name that is another input."""
    inputs = InputFiles(files)
    named = [(what, path) for what, path in outputs.items() if path is not None and path != "-"]
    for i, (what, path) in enumerate(named):
        for other, other_path in named[i + 1 :]:
            if os.path.realpath(path) == os.path.realpath(other_path):
                raise OutputCollision(f"{what} and {other} name the same file {path}")
        if inputs.holds(path):
            raise OutputCollision(f"{what} {path} is one of the inputs: it would be overwritten")
    if output_directory is not None:
        out = os.path.realpath(output_directory)
        for directory in directories:
            real = os.path.realpath(directory)
            if _inside(out, real):
                raise OutputCollision(
                    f"-o {output_directory} is inside the input directory {directory}: "
                    "the documents written would overwrite or join the inputs"
                )
    if backup:
        for path in files:
            if inputs.holds(f"{path}{backup}"):
                raise OutputCollision(
                    f"the backup {path}{backup} is one of the inputs: it would be overwritten "
                    "(give the inputs with --glob, or another --backup suffix)"
                )
