"""Options shared by every subcommand, declared once, and the per-document command runner.

``@input_options`` adds the inputs argument and ``--glob``, ``--encoding``, ``--stdin-format``,
``--id-field``, ``--text-field``, folded into one :class:`Inputs`; ``@output_options`` adds
``--format``, ``--no-header``, ``--jobs`` and ``--quiet``, folded into one :class:`Output`.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from policytool.io.writers import FORMATS, RecordWriter, open_writer

__all__ = [
    "jobs_option",
    "quiet_option",
    "resolve_jobs",
    "Inputs",
    "Output",
    "Reporter",
    "input_options",
    "output_options",
    "run_per_document",
    "DocumentSink",
]

F = TypeVar("F", bound=Callable[..., Any])
Records = list[Mapping[str, Any]]


@dataclass(frozen=True)
class Inputs:
    """Where documents come from: the shared input options of every subcommand."""

    paths: tuple[str, ...] = ()
    glob: tuple[str, ...] = ()
    encoding: str | None = None
    stdin_format: str | None = None
    id_field: str = "id"
    text_field: str = "text"
    #: Real paths the run writes: never read back from a walked directory.
    exclude: frozenset[str] = frozenset()
    errors: str = "replace"

    def load(self) -> Iterator[Any]:
        """The documents (or per-input :class:`LoadError`), streamed in input order."""
        from policytool.io.loader import load_documents

        return load_documents(
            self.paths,
            glob=self.glob,
            id_field=self.id_field,
            text_field=self.text_field,
            stdin_format=self.stdin_format,
            encoding=self.encoding,
            exclude=self.exclude,
            errors=self.errors,
        )


@dataclass(frozen=True)
class Output:
    """Where and how records go: the shared output options of every subcommand."""

    format: str | None = None
    header: bool = True
    jobs: int = 1
    quiet: bool = False

    def resolved_format(self) -> str:
        """The explicit ``--format``, else ``table`` on a terminal and ``tsv`` in a pipe."""
        if self.format:
            return self.format
        return "table" if sys.stdout.isatty() else "tsv"

    def writer(self, columns: tuple[str, ...]) -> RecordWriter:
        return open_writer(self.resolved_format(), columns, sys.stdout, header=self.header)


class Reporter:
    """The one channel for messages: errors and warnings to stderr, and the exit status."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet
        self.failures = 0

    def error(self, id: str, reason: str) -> None:
        self.failures += 1
        click.echo(f"policytool: error: {id}: {reason}", err=True)

    def warn(self, message: str) -> None:
        if not self.quiet:
            click.echo(f"policytool: warning: {message}", err=True)

    @property
    def status(self) -> int:
        """0 when every input was processed, 1 when some failed."""
        return 1 if self.failures else 0


def current_reporter() -> Reporter:
    """The reporter of the running command (shared with the group's broken-pipe handler)."""
    ctx = click.get_current_context()
    root = ctx.find_root()
    reporter = root.meta.get("policytool.reporter")
    if reporter is None:
        quiet = bool(ctx.params.get("quiet", False))
        reporter = root.meta["policytool.reporter"] = Reporter(quiet)
    return reporter


def _validate_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from policytool.io.loader import normalize_encoding_name

    try:
        return normalize_encoding_name(value)
    except LookupError as exc:
        reason = str(exc) if "not a text encoding" in str(exc) else f"unknown encoding {value!r}"
        raise click.BadParameter(reason) from None


def input_options(func: F) -> F:
    """Add the shared input options; the command receives them as ``inputs: Inputs``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        paths = kwargs.pop("input_paths")
        if not paths and sys.stdin.isatty():
            raise click.UsageError("no input: name files or directories, or pipe text to stdin")
        kwargs["inputs"] = Inputs(
            paths=tuple(paths),
            glob=tuple(kwargs.pop("glob")),
            encoding=kwargs.pop("encoding"),
            stdin_format=kwargs.pop("stdin_format"),
            id_field=kwargs.pop("id_field"),
            text_field=kwargs.pop("text_field"),
            errors=kwargs.pop("errors"),
        )
        return func(*args, **kwargs)

    decorators = [
        click.argument("input_paths", metavar="[INPUTS]...", nargs=-1, type=click.Path()),
        click.option(
            "--glob",
            "-g",
            multiple=True,
            metavar="PATTERN",
            help="Only files in directories whose name matches (repeatable; '!PAT' excludes).",
        ),
        click.option(
            "--encoding",
            "-e",
            callback=_validate_encoding,
            metavar="NAME",
            help="Decode text files with this encoding instead of detecting it.",
        ),
        click.option(
            "--stdin-format",
            type=click.Choice(["text", "jsonl"]),
            help="What stdin holds (default: JSONL when it starts with '{', else one text).",
        ),
        click.option(
            "--errors",
            type=click.Choice(["replace", "strict"]),
            default="replace",
            show_default=True,
            help="Bad bytes in a file that is UTF-8 (or --encoding) but for a few: replaced by "
            "U+FFFD (with a warning), or the file rejected.",
        ),
        click.option("--id-field", default="id", show_default=True, help="JSONL id field."),
        click.option("--text-field", default="text", show_default=True, help="JSONL text field."),
    ]
    for decorator in reversed(decorators):
        wrapper = decorator(wrapper)
    return wrapper  # type: ignore[return-value]


#: ``-j/--jobs`` and ``-q/--quiet``, for every command (output_options includes them).
jobs_option = click.option(
    "--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
    metavar="N", help="Worker processes (0: one per core). Output order is unchanged.",
)  # fmt: skip
quiet_option = click.option("--quiet", "-q", is_flag=True, help="No warnings; errors still show.")


def resolve_jobs(jobs: int) -> int:
    """``--jobs 0`` means one worker per core."""
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def output_options(func: F) -> F:
    """Add the shared output options; the command receives them as ``output: Output``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        jobs = kwargs.pop("jobs")
        kwargs["output"] = Output(
            format=kwargs.pop("format"),
            header=not kwargs.pop("no_header"),
            jobs=resolve_jobs(jobs),
            quiet=kwargs.pop("quiet"),
        )
        return func(*args, **kwargs)

    decorators = [
        click.option(
            "--format",
            "-f",
            type=click.Choice(FORMATS),
            help="Record format (default: table on a terminal, tsv in a pipe).",
        ),
        click.option("--no-header", is_flag=True, help="Leave out the tsv/csv header line."),
        click.option(
            "--jobs",
            "-j",
            type=click.IntRange(min=0),
            default=1,
            show_default=True,
            metavar="N",
            help="Worker processes (0: one per core). Output order is unchanged.",
        ),
        click.option("--quiet", "-q", is_flag=True, help="No warnings; errors still show."),
    ]
    for decorator in reversed(decorators):
        wrapper = decorator(wrapper)
    return wrapper  # type: ignore[return-value]


@contextmanager
def progress(quiet: bool) -> Iterator[Callable[[int], None]]:
    """A transient progress line on stderr, only when stderr is a terminal; yields
    ``advance(nbytes)``."""
    if quiet or not sys.stderr.isatty():
        yield lambda nbytes: None
        return
    from rich.console import Console
    from rich.progress import (
        DownloadColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TransferSpeedColumn,
    )

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.fields[docs]} docs"),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        redirect_stdout=False,
        redirect_stderr=True,
    )
    with bar:
        task = bar.add_task("load", total=None, docs=0)
        count = 0

        def advance(nbytes: int) -> None:
            nonlocal count
            count += 1
            bar.update(task, advance=nbytes, docs=count)

        yield advance


def run_per_document(
    inputs: Inputs,
    output: Output,
    func: Callable[[Any], Records],
    columns: tuple[str, ...],
) -> int:
    """Load every input, map ``func`` (document → records) over the documents with
    ``--jobs`` workers, write the records in input order; report failures. Returns the exit
    status."""
    reporter = current_reporter()
    with output.writer(columns) as writer, progress(output.quiet) as advance:
        for doc, result in processed(inputs, func, output.jobs, reporter):
            for record in result:
                writer.write(record)
            advance(doc.nbytes)
    return reporter.status


def processed(
    inputs: Inputs | Iterable[Any],
    func: Callable[[Any], Any],
    jobs: int,
    reporter: Reporter,
) -> Iterator[tuple[Any, Any]]:
    """``(document, func(document))`` in input order, over ``jobs`` processes; every input
    that failed to load or to process is reported and left out. ``inputs`` may also be the
    documents themselves (a second pass over a spool)."""
    from policytool.io.loader import LoadError
    from policytool.parallel import ProcessingError, map_documents

    items = inputs.load() if isinstance(inputs, Inputs) else inputs
    results: Iterable[tuple[Any, Any]] = map_documents(func, items, jobs=jobs)
    seen: set[str] = set()
    for item, result in results:
        if isinstance(item, LoadError):
            reporter.error(item.id, item.reason)
            continue
        if item.id in seen:
            # Two documents under one id (a JSONL file that repeats one): both are processed,
            # but records keyed by id would mix them up.
            reporter.warn(f"{item.id}: another document has this id already")
        seen.add(item.id)
        if item.bad_bytes:
            reporter.warn(
                f"{item.id}: {item.bad_bytes} bad byte sequence(s) in {item.encoding}, "
                "decoded as U+FFFD (--errors strict rejects the file)"
            )
        if isinstance(result, ProcessingError):
            reporter.error(result.id, result.reason)
        else:
            yield item, result


class DocumentSink:
    """Where commands that transform documents write them: one UTF-8 file per document under
    ``directory`` (mirroring the input paths, never outside it, never two documents to one
    file), or JSONL documents ``{id, text, …metadata}`` on ``out``."""

    def __init__(
        self, directory: str | None, out: Any, *, durable: bool = False, inputs: Any = None
    ) -> None:
        from pathlib import Path

        self.directory = directory
        self.out = out
        self.durable = durable  # an fsync a file (--sync), else one sync when done
        self.inputs = inputs  # io.sinks.InputFiles: a document is never written over one
        self.written: dict[Path, str] = {}

    def close(self) -> None:
        """Make the files written durable (one sync for the run)."""
        from policytool.io.sinks import sync_written

        if self.written and not self.durable:
            sync_written()

    def write(self, doc: Any, text: str, data: bytes | None = None) -> None:
        """Write ``text`` (or the file bytes ``data``) for ``doc``. Raises DocumentError for a
        document that cannot go where it should, OSError when writing fails."""
        from policytool.io.loader import DocumentError
        from policytool.io.sinks import output_path, write_atomic
        from policytool.io.writers import json_line

        if self.directory:
            try:
                target = output_path(self.directory, doc)
            except ValueError as exc:
                raise DocumentError(doc.id, str(exc)) from None
            if self.inputs is not None and self.inputs.holds(target):
                raise DocumentError(doc.id, f"would overwrite the input {target}; not written")
            if target in self.written:
                raise DocumentError(
                    doc.id, f"would overwrite {target}, written for {self.written[target]}"
                )
            write_atomic(
                target, text.encode("utf-8") if data is None else data, durable=self.durable
            )
            self.written[target] = doc.id
        else:
            obj: Mapping[str, Any] = {"id": doc.id, "text": text, **doc.meta}
            self.out.write(json_line(obj) + "\n")

    def write_or_report(
        self, doc: Any, text: str, reporter: Reporter, data: bytes | None = None
    ) -> bool:
        """:meth:`write`, a failure reported as this document's error (the run goes on; a
        closed stdout still ends it). True when written."""
        from policytool.io.loader import DocumentError

        try:
            self.write(doc, text, data)
        except DocumentError as exc:
            reporter.error(exc.id, exc.reason)
            return False
        except BrokenPipeError:
            raise  # the reader of stdout is gone: the group ends the run quietly
        except OSError as exc:
            reporter.error(doc.id, f"cannot write: {(exc.strerror or str(exc)).lower()}")
            return False
        return True


def checked_outputs(
    inputs: Inputs,
    *,
    outputs: dict[str, str | None],
    output_directory: str | None = None,
    backup: str | None = None,
) -> tuple[Inputs, Any]:
    """Check the outputs of a run against every input before anything is written (a
    collision is a usage error); returns the inputs with the outputs left out of walks, and
    the input files (for checking each document's target)."""
    import dataclasses

    from policytool.io.loader import iter_input_entries
    from policytool.io.sinks import InputFiles, OutputCollision, check_outputs

    files = [path for _, path, _ in iter_input_entries(inputs.paths, glob=inputs.glob) if path]
    directories = [path for path in inputs.paths if path != "-" and os.path.isdir(path)]
    try:
        check_outputs(
            files, directories, outputs=outputs, output_directory=output_directory, backup=backup
        )
    except OutputCollision as exc:
        raise click.UsageError(str(exc)) from None
    written = frozenset(
        os.path.realpath(path) for path in outputs.values() if path not in (None, "-")
    )
    return dataclasses.replace(inputs, exclude=inputs.exclude | written), InputFiles(files)
