"""``policytool normalize``: repaired, simplified text, written as files, JSONL or stdout."""

from __future__ import annotations

import functools
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

import click

from policytool.cli.options import (
    DocumentSink,
    Inputs,
    checked_outputs,
    current_reporter,
    input_options,
    jobs_option,
    processed,
    quiet_option,
    resolve_jobs,
)
from policytool.io.sinks import BackupExists, new_file_mode
from policytool.io.writers import safe_text
from policytool.normalize.registry import EDIT_COLUMNS, STEP_TABLE
from policytool.normalize.registry import REPORT_COLUMNS as COLUMNS

OTHER_COLUMNS = (EDIT_COLUMNS,)  # --explain

#: ``--keep-X`` switches step X off; the help says what keeping means (the registry's table).
KEEP_OPTIONS = {step.name: step.keep for step in STEP_TABLE if not step.corpus}


def normalize_document(
    doc: Any,
    *,
    keep: tuple[str, ...] = (),
    explain: bool = False,
    site_lines: frozenset[int] | None = None,
) -> tuple[str, dict[str, Any], list[dict[str, Any]] | None]:
    """The per-document map step: the normalized text, the report record and, with
    ``explain``, the edit records."""
    from policytool.normalize import normalize_text, options_without

    result = normalize_text(
        doc.text, options_without(*keep), offsets=False, explain=explain, site_lines=site_lines
    )
    edits = [edit.to_record(doc.id) for edit in result.edits] if result.edits is not None else None
    return result.text, result.report.to_record(doc.id, doc.encoding), edits


def site_keys(doc: Any, *, keep: tuple[str, ...] = ()) -> frozenset[int]:
    """The first pass of ``--site-boilerplate``: the keys of a document's header and footer
    lines, after normalization."""
    from policytool.normalize import normalize_text, options_without
    from policytool.normalize.site import site_line_keys

    return site_line_keys(normalize_text(doc.text, options_without(*keep), offsets=False).text)


def _spooled(spool: Any, count: int) -> Iterator[Any]:
    spool.seek(0)
    for _ in range(count):
        yield pickle.load(spool)


def _site_pass(
    inputs: Inputs, keep: tuple[str, ...], workers: int, reporter: Any, spool: Any
) -> tuple[frozenset[int], int]:
    """Count the header and footer lines the run's documents share; spool the documents
    (read once) for the second pass."""
    from policytool.normalize.site import SiteLines

    lines = SiteLines()
    func = functools.partial(site_keys, keep=keep)
    for doc, keys in processed(inputs, func, workers, reporter):
        lines.add(keys)
        pickle.dump(doc, spool, protocol=pickle.HIGHEST_PROTOCOL)
    return lines.frequent(), lines.documents


def _record_writer(
    path: str | None, columns: tuple[str, ...], what: str, dash: TextIO
) -> tuple[Any, Callable[[], None]]:
    """A record writer for ``--report`` or ``--explain``: ``dash`` for ``-``, else a file
    whose suffix picks the format (.jsonl, .csv, .json; tsv otherwise)."""
    from policytool.io.writers import open_writer

    if path is None:
        return None, lambda: None
    stream: TextIO
    if path == "-":
        stream, close_stream = dash, (lambda: None)
    else:
        # Written beside its name and renamed over it when the run is done: a run that
        # fails half-way leaves no half-written file.
        try:
            folder = os.path.dirname(os.path.abspath(path))
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.")
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        except OSError as exc:
            raise click.UsageError(
                f"cannot write the {what} {path}: {(exc.strerror or str(exc)).lower()}"
            ) from None
        stream = handle

        def close_stream() -> None:
            handle.close()
            if sys.exc_info()[0] is None or sys.exc_info()[0] in (SystemExit, BrokenPipeError):
                os.chmod(tmp, new_file_mode())
                os.replace(tmp, path)
            else:
                os.unlink(tmp)
    suffix = Path(path).suffix.lower().lstrip(".")
    fmt = suffix if suffix in ("jsonl", "csv", "json") else "tsv"
    writer = open_writer(fmt, columns, stream)

    def close() -> None:
        writer.close()
        close_stream()

    return writer, close


def _keep_options(func: Any) -> Any:
    for step in reversed(list(KEEP_OPTIONS)):
        func = click.option(
            f"--keep-{step}", f"keep_{step}", is_flag=True, help=KEEP_OPTIONS[step]
        )(func)
    return func


def _write(
    doc: Any, text: str, *, in_place: bool, backup: str | None, sink: DocumentSink
) -> None:
    """Write one normalized document where the options say (nothing for single-text mode).
    Raises DocumentError for a document that cannot go there, OSError when writing fails."""
    from policytool.io.loader import DocumentError
    from policytool.io.sinks import replace_file

    # A file holds UTF-8: a lone surrogate (from a JSONL document) is written \\udXXX.
    data = (safe_text(text) + "\n").encode("utf-8") if text else b""
    if in_place:
        if doc.path is None or doc.meta or doc.path.lower().endswith((".jsonl", ".ndjson")):
            raise DocumentError(doc.id, "not a file of its own: --in-place rewrites files only")
        replace_file(doc.path, data, backup=backup, durable=sink.durable)
        sink.written[Path(doc.path)] = doc.id
    elif sink.directory or sink.out is not None:
        sink.write(doc, text, data)


@click.command("normalize")
@input_options
@click.option(
    "--output",
    "-o",
    "directory",
    type=click.Path(file_okay=False),
    help="Write one UTF-8 file per document here, mirroring the input paths.",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["text", "jsonl"]),
    help="Without -o: jsonl writes JSONL documents {id, text, …}; text (the default) prints "
    "the text of a single document.",
)
@click.option("--in-place", is_flag=True, help="Rewrite the input files (as UTF-8), safely.")
@click.option(
    "--site-boilerplate",
    is_flag=True,
    help="Also remove header and footer lines that many documents of the run share (a "
    "site's menus and footers; two passes), never a line that could be a document's own.",
)
@click.option(
    "--sync",
    "durable",
    is_flag=True,
    help="Make each file durable before the next (an fsync a file; slower). By default the "
    "run makes all its files durable at once when it ends.",
)
@click.option(
    "--backup", metavar="SUFFIX", help="With --in-place: keep each original's bytes at FILE+SUFFIX."
)
@click.option(
    "--report",
    "report_path",
    metavar="FILE",
    help="Write what was fixed, one record per document, to FILE ('-' for stderr; .jsonl, "
    ".csv, .json pick the format, else tsv).",
)
@click.option(
    "--explain",
    "explain_path",
    metavar="FILE",
    help="Write every edit, one record per edit (doc, step, start, end, before, after; "
    "offsets into the text as loaded), to FILE (.jsonl, .csv, .json pick the format, else "
    "tsv). '-' writes them to stdout instead of the text: the documents then go only where "
    "-o or --in-place say.",
)
@_keep_options
@jobs_option
@quiet_option
@click.pass_context
def command(
    ctx: click.Context,
    inputs: Inputs,
    directory: str | None,
    fmt: str | None,
    in_place: bool,
    backup: str | None,
    report_path: str | None,
    explain_path: str | None,
    site_boilerplate: bool,
    durable: bool,
    jobs: int,
    quiet: bool,
    **keep_flags: bool,
) -> None:
    """Repair scraped policy text and convert it to simplified script.

    Decodes any encoding, removes pinyin annotations (國務(wù)院), recovers lost characters
    (大眾?chuàng)業 → 大众创业) or marks them with U+FFFD, repairs mojibake and broken
    entities, removes ???? indentation, folds full-width letters and digits, converts to
    simplified with OpenCC, and drops navigation, footer and spam lines at the top and the
    bottom of a page — never in the body.

    \b
    Examples:
      policytool normalize examples/corpus -o clean/
      policytool normalize examples/corpus/04_news_traditional_pinyin.txt
      policytool normalize corpus/ -f jsonl | policytool dates -
      policytool normalize corpus/ --in-place --backup .orig --report fixes.tsv
      policytool normalize corpus/ --explain - | grep boilerplate
    """
    from policytool.io.loader import DocumentError

    if backup and not in_place:
        raise click.UsageError("--backup goes with --in-place")
    if in_place and (directory or fmt):
        raise click.UsageError("--in-place writes the inputs back: no -o or -f with it")
    if directory and fmt:
        raise click.UsageError("-o writes files; -f is for stdout: give one of them")
    explain_only = explain_path == "-" and not (directory or in_place)
    if explain_only and fmt:
        raise click.UsageError("--explain - writes the edits to stdout: no -f with it")
    keep = tuple(step for step in KEEP_OPTIONS if keep_flags.get(f"keep_{step}"))
    inputs, input_files = checked_outputs(
        inputs,
        outputs={"--report": report_path, "--explain": explain_path},
        output_directory=directory,
        backup=backup if in_place else None,
    )
    reporter = current_reporter()
    reporter.quiet = quiet
    workers = resolve_jobs(jobs)
    # The documents wait for the second pass in a temporary file, not in memory.
    spool = tempfile.TemporaryFile(prefix="policytool-site-") if site_boilerplate else None  # noqa: SIM115
    source: Inputs | Iterator[Any] = inputs
    site_lines = None
    if spool is not None:
        site_lines, count = _site_pass(inputs, keep, workers, reporter, spool)
        source = _spooled(spool, count)
    func = functools.partial(
        normalize_document, keep=keep, explain=explain_path is not None, site_lines=site_lines
    )
    report, close_report = _record_writer(report_path, COLUMNS, "report", sys.stderr)
    explain, close_explain = _record_writer(explain_path, EDIT_COLUMNS, "explain", sys.stdout)
    sink = DocumentSink(
        directory, sys.stdout if fmt == "jsonl" else None, durable=durable, inputs=input_files
    )
    pending: tuple[str, str] | None = None  # text mode: the single document, held back
    out = sys.stdout
    try:
        for item, (text, record, edits) in processed(source, func, workers, reporter):
            if report is not None:
                report.write(record)
            if explain is not None:
                for edit in edits:
                    explain.write(edit)
                if explain_only:
                    continue
            try:
                _write(item, text, in_place=in_place, backup=backup, sink=sink)
            except DocumentError as exc:
                reporter.error(exc.id, exc.reason)
                continue
            except BrokenPipeError:
                raise  # the reader of stdout is gone: the group ends the run quietly
            except BackupExists as exc:  # a backup already there: never overwritten
                reporter.error(item.id, str(exc))
                continue
            except OSError as exc:  # a file that cannot be written: this document fails
                reporter.error(item.id, f"cannot write: {(exc.strerror or str(exc)).lower()}")
                continue
            if fmt != "jsonl" and not in_place and not directory:
                if pending is not None:
                    raise click.UsageError("several documents: write them with -o DIR or -f jsonl")
                pending = (item.id, text)
        if pending is not None:
            out.write(safe_text(pending[1]) + ("\n" if pending[1] else ""))
        out.flush()
    finally:
        sink.close()
        close_report()
        close_explain()
        if spool is not None:
            spool.close()
    ctx.exit(reporter.status)
