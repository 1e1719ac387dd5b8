"""``policytool dedupe``: exact and near-duplicate documents, and repeated paragraphs."""

from __future__ import annotations

import functools
import pickle
import sys
import tempfile
from typing import IO, Any

import click

from policytool.cli.options import (
    DocumentSink,
    Inputs,
    Output,
    Reporter,
    current_reporter,
    input_options,
    output_options,
    processed,
    progress,
)
from policytool.dedupe import KEEP_POLICIES
from policytool.io.columns import DEDUPE, DEDUPE_PAIRS, DEDUPE_PARAGRAPHS

COLUMNS = DEDUPE
OTHER_COLUMNS = (DEDUPE_PAIRS, DEDUPE_PARAGRAPHS)  # --pairs, --level paragraph

KEEP_HELP = (
    "Which copy of a cluster to keep: longest (the most complete, after normalization; "
    "earliest published on a tie), earliest (published), first (in input order), "
    "has-docnum (one with its own 发文字号)."
)


def _stripped(doc: Any, *, min_chars: int, threshold: float) -> str:
    """The per-document map step of --strip-repeats (module level: the pool pickles it)."""
    from policytool.dedupe import strip_repeats

    return strip_repeats(doc.text, min_chars=min_chars, threshold=threshold)


def _sink(output: Output, directory: str | None, what: str) -> DocumentSink:
    if not directory and output.format not in (None, "jsonl"):
        raise click.UsageError(f"{what} writes documents: files with -o DIR, or -f jsonl")
    return DocumentSink(directory, sys.stdout)


@click.command("dedupe")
@input_options
@click.option(
    "--level",
    type=click.Choice(["document", "paragraph"]),
    default="document",
    show_default=True,
    help="Duplicate documents, or paragraphs repeated inside and across documents.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1, min_open=True),
    metavar="T",
    help="Similarity from which two texts are duplicates (0–1; default 0.85 for documents, "
    "0.9 for paragraphs): the larger of the edit similarity 2·LCS/(len a + len b) and the "
    "5-gram resemblance of the normalized texts; contained when LCS/len(shorter) reaches T.",
)
@click.option(
    "--keep",
    type=click.Choice(KEEP_POLICIES),
    default="longest",
    show_default=True,
    help=KEEP_HELP,
)
@click.option("--exact", is_flag=True, help="Identical normalized texts only (no MinHash).")
@click.option(
    "--contained",
    is_flag=True,
    help="Let contained copies (a repost cut short, a notice quoted whole) join the cluster "
    "of the document containing them; by default they show only with --pairs.",
)
@click.option(
    "--pairs", is_flag=True, help="Write the verified pairs: doc, other, similarity, "
    "containment, method (exact, edit, resemblance, contained, estimate).",
)  # fmt: skip
@click.option(
    "--unique",
    is_flag=True,
    help="Write the corpus without the dropped copies, as loaded: JSONL documents on stdout, "
    "or files with -o DIR.",
)
@click.option(
    "--strip-repeats",
    is_flag=True,
    help="With --level paragraph: write each document normalized, without the paragraphs it "
    "repeats from itself (files with -o DIR, JSONL documents with -f jsonl, or the text of a "
    "single document).",
)
@click.option(
    "--output",
    "-o",
    "directory",
    type=click.Path(file_okay=False),
    help="With --unique or --strip-repeats: write one UTF-8 file per document here.",
)
@click.option(
    "--min-chars",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    metavar="N",
    help="With --level paragraph: paragraphs shorter than N characters (letters, digits, "
    "CJK) are not compared.",
)
@output_options
@click.pass_context
def command(
    ctx: click.Context,
    inputs: Inputs,
    output: Output,
    level: str,
    threshold: float | None,
    keep: str,
    exact: bool,
    contained: bool,
    pairs: bool,
    unique: bool,
    strip_repeats: bool,
    directory: str | None,
    min_chars: int,
) -> None:
    """Find exact and near-duplicate documents, or repeated paragraphs.

    Texts are compared after normalization (script, width, annotations, whitespace,
    navigation lines), so a traditional repost with pinyin annotations matches its original.
    Candidates come from MinHash LSH over character 5-grams and every one is verified on the
    texts; lines shared by many documents (banners, 主送 lines) are left out of the
    comparison. One record per document that has a copy: doc, cluster, similarity (to the
    kept copy; for the kept copy, the highest of its copies), keep, duplicate_of.

    With --level paragraph, one record per occurrence of a paragraph found more than once:
    doc, paragraph (its number among the non-blank lines), start, end (in the text as
    loaded), cluster, first_doc, first_paragraph.

    \b
    Examples:
      policytool dedupe examples/corpus
      policytool dedupe corpus/ -j 2 --pairs -f jsonl > pairs.jsonl
      policytool normalize corpus/ -f jsonl | policytool dedupe --unique | policytool dates
      policytool dedupe --level paragraph examples/corpus
      policytool dedupe --level paragraph --strip-repeats corpus/ -o clean/
    """
    paragraph = level == "paragraph"
    if paragraph and (unique or pairs or exact or contained):
        raise click.UsageError("--unique, --pairs, --exact and --contained are for documents")
    if strip_repeats and not paragraph:
        raise click.UsageError("--strip-repeats goes with --level paragraph")
    if unique and pairs:
        raise click.UsageError("--unique writes documents, --pairs records: give one of them")
    if directory and not (unique or strip_repeats):
        raise click.UsageError("-o writes documents: it goes with --unique or --strip-repeats")
    reporter = current_reporter()
    if paragraph:
        threshold = 0.9 if threshold is None else threshold
        if strip_repeats:
            status = _strip(inputs, output, reporter, directory, min_chars, threshold)
        else:
            status = _paragraph_records(inputs, output, reporter, min_chars, threshold)
    else:
        status = _documents(
            inputs,
            output,
            reporter,
            threshold=0.85 if threshold is None else threshold,
            keep=keep,
            exact=exact,
            contained=contained,
            pairs=pairs,
            unique=_sink(output, directory, "--unique") if unique else None,
        )
    ctx.exit(status)


def _documents(
    inputs: Inputs,
    output: Output,
    reporter: Reporter,
    *,
    threshold: float,
    keep: str,
    exact: bool,
    contained: bool,
    pairs: bool,
    unique: DocumentSink | None,
) -> int:
    from policytool.dedupe import cluster_fingerprints, fingerprint

    func = functools.partial(fingerprint, exact=exact)
    prints = []
    # --unique writes the documents as loaded once the clusters are known: they wait in a
    # temporary file, not in memory.
    spool: IO[bytes] | None = tempfile.TemporaryFile() if unique else None  # noqa: SIM115
    try:
        with progress(output.quiet) as advance:
            for doc, fp in processed(inputs, func, output.jobs, reporter):
                prints.append(fp)
                if spool is not None:
                    pickle.dump(doc, spool, protocol=pickle.HIGHEST_PROTOCOL)
                advance(doc.nbytes)
        result = cluster_fingerprints(
            prints, threshold=threshold, keep=keep, exact=exact, contained=contained
        )
        del prints
        if unique is not None and spool is not None:
            spool.seek(0)
            for index in range(result.documents):
                doc = pickle.load(spool)
                if index not in result.dropped:
                    unique.write_or_report(doc, doc.text, reporter)
            unique.close()
            sys.stdout.flush()
            return reporter.status
    finally:
        if spool is not None:
            spool.close()
    records = result.pairs if pairs else result.duplicates
    with output.writer(DEDUPE_PAIRS if pairs else DEDUPE) as writer:
        for record in records:
            writer.write(record.to_record())
    return reporter.status


def _paragraph_records(
    inputs: Inputs, output: Output, reporter: Reporter, min_chars: int, threshold: float
) -> int:
    from policytool.dedupe import document_paragraphs, repeated_paragraphs

    func = functools.partial(document_paragraphs, min_chars=min_chars, threshold=threshold)
    keyed = []
    with progress(output.quiet) as advance:
        for doc, found in processed(inputs, func, output.jobs, reporter):
            keyed.append((doc.id, found))
            advance(doc.nbytes)
    with output.writer(DEDUPE_PARAGRAPHS) as writer:
        for record in repeated_paragraphs(keyed):
            writer.write(record.to_record())
    return reporter.status


def _strip(
    inputs: Inputs,
    output: Output,
    reporter: Reporter,
    directory: str | None,
    min_chars: int,
    threshold: float,
) -> int:
    sink = _sink(output, directory, "--strip-repeats")
    single_text = not directory and output.format is None  # like normalize: one text, printed
    pending: str | None = None
    func = functools.partial(_stripped, min_chars=min_chars, threshold=threshold)
    with progress(output.quiet) as advance:
        for doc, text in processed(inputs, func, output.jobs, reporter):
            advance(doc.nbytes)
            if single_text:
                if pending is not None:
                    raise click.UsageError("several documents: write them with -o DIR or -f jsonl")
                pending = text
                continue
            data = (text + "\n").encode("utf-8") if text else b""
            sink.write_or_report(doc, text, reporter, data)
    sink.close()
    if pending:
        sys.stdout.write(pending + "\n")
    sys.stdout.flush()
    return reporter.status
