"""``policytool cite``: which document cites which, linked across the corpus."""

from __future__ import annotations

import functools
import sys
from typing import Any

import click

from policytool.cli.options import (
    Inputs,
    Output,
    Reporter,
    current_reporter,
    input_options,
    output_options,
    processed,
    progress,
)
from policytool.io.columns import CITE, CITE_MISSING
from policytool.io.writers import safe_text

COLUMNS = CITE
OTHER_COLUMNS = (CITE_MISSING,)  # --missing
GRAPH_FORMATS = ("dot", "graphml", "json")


def _metas(paths: tuple[str, ...], inputs: Inputs, output: Output, reporter: Reporter) -> list[Any]:
    """The identities of the --against corpus (its citations are not read)."""
    from policytool.cite import document_meta

    against = Inputs(
        paths=paths,
        glob=inputs.glob,
        encoding=inputs.encoding,
        id_field=inputs.id_field,
        text_field=inputs.text_field,
    )
    metas = []
    with progress(output.quiet) as advance:
        for doc, meta in processed(against, document_meta, output.jobs, reporter):
            metas.append(meta)
            advance(doc.nbytes)
    return metas


@click.command("cite")
@input_options
@click.option(
    "--against",
    "against",
    multiple=True,
    metavar="DIR|FILE.jsonl",
    help="An existing corpus to link against (repeatable): its documents are targets, its "
    "own citations are not reported.",
)
@click.option(
    "--graph",
    "graph",
    type=click.Choice(GRAPH_FORMATS),
    help="Write the citation graph instead of records: one node per corpus document and per "
    "cited work (keyed by canonical number, else normalized title), edges weighted by "
    "citations.",
)
@click.option(
    "--missing",
    is_flag=True,
    help="Write the cited works absent from the corpus, most cited first: work, title, "
    "docnum, citations, documents.",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Show each citation in its context and how it was linked (text, for reading).",
)
@click.option(
    "--min-score",
    type=click.FloatRange(0, 1),
    default=0.9,
    show_default=True,
    metavar="S",
    help="Fuzzy title links need this similarity (rapidfuzz ratio of normalized titles).",
)
@click.option("--no-fuzzy", is_flag=True, help="Link by number and exact title only.")
@output_options
@click.pass_context
def command(
    ctx: click.Context,
    inputs: Inputs,
    output: Output,
    against: tuple[str, ...],
    graph: str | None,
    missing: bool,
    explain: bool,
    min_score: float,
    no_fuzzy: bool,
) -> None:
    """Find citations (《title》, numbers, defined short forms) and link them to the corpus.

    One record per citation: doc, start, end, title, docnum, issuer, alias, target, method,
    score. start/end index the text as loaded; title (simplified, without 《》), docnum
    (canonical) and issuer are what the citation names; alias is the short form defined for
    it (以下简称《X》), on the citation that defines it and on each later use. target is the
    corpus document cited, empty when the work is not in the corpus; method is how it was
    found: docnum, title (exact key, or fuzzy with score < 1) or alias (a short form's
    use). Newspapers and books in 《》, generic 《通知》, the document's own title and number,
    and the text a wrapper issues (关于印发《X》的通知) are not citations. The inputs are
    the corpus; --against adds documents to link to without reporting their citations.

    \b
    Examples:
      policytool cite examples/corpus
      policytool cite corpus/ --missing | head
      policytool cite corpus/ --graph graphml > citations.graphml
      policytool cite new/ --against corpus/ --explain
    """
    from policytool.cite import (
        CorpusIndex,
        citation_graph,
        cite_document,
        graph_lines,
        link_citations,
        missing_works,
    )
    from policytool.cite import explain as explain_citation

    if sum(map(bool, (graph, missing, explain))) > 1:
        raise click.UsageError("choose one of --graph, --missing and --explain")
    reporter = current_reporter()
    index = CorpusIndex(_metas(against, inputs, output, reporter) if against else ())
    metas = []
    found = []
    with progress(output.quiet) as advance:
        for doc, result in processed(inputs, cite_document, output.jobs, reporter):
            metas.append(result.meta)
            index.add(result.meta)
            found.extend(result.citations)
            advance(doc.nbytes)
    link = functools.partial(link_citations, min_score=min_score, fuzzy=not no_fuzzy)
    linked = list(link(found, index))
    for c in linked:
        if c.conflict and not c.use:
            raw = " ".join(c.raw.split())  # one line, whatever breaks the title held
            reporter.warn(f"{c.doc}: {raw}: {c.conflict}")
    if graph:
        for line in graph_lines(citation_graph(linked, metas), graph):
            sys.stdout.write(line + "\n")
    elif explain:
        for c in linked:
            sys.stdout.write(safe_text(explain_citation(c)) + "\n")
    elif missing:
        with output.writer(CITE_MISSING) as writer:
            for work in missing_works(linked):
                writer.write(work.to_record())
    else:
        with output.writer(COLUMNS) as writer:
            for c in linked:
                writer.write(c.to_record())
    sys.stdout.flush()
    ctx.exit(reporter.status)
