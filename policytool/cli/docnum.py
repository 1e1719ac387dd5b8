"""``policytool docnum``: official document numbers (发文字号), found, parsed and checked."""

from __future__ import annotations

import functools
import sys
from collections.abc import Mapping
from typing import Any

import click

from policytool.cli.options import (
    Inputs,
    Output,
    current_reporter,
    input_options,
    output_options,
    run_per_document,
)
from policytool.io.columns import DOCNUM as COLUMNS


def docnum_records(doc: Any, *, own: bool = False) -> list[Mapping[str, Any]]:
    """The per-document map step (module level, so a process pool can pickle it)."""
    from policytool.docnum import find_docnums, find_own_docnum

    numbers = list(find_docnums(doc.text))
    if not own:
        return [n.to_record(doc.id) for n in numbers]
    found = find_own_docnum(doc.text, numbers)
    if found is None:
        return [{"doc": doc.id}]  # one record per document, empty when it has no number
    return [found.to_record(doc.id)]


def _parse_strings(strings: list[tuple[str, str]], output: Output) -> int:
    from policytool.docnum import parse_docnum

    reporter = current_reporter()
    with output.writer(COLUMNS) as writer:
        for where, string in strings:
            try:
                number = parse_docnum(string)
            except ValueError as exc:
                reporter.error(where, str(exc))
                continue
            writer.write(number.to_record(where))
    return reporter.status


@click.command("docnum")
@input_options
@output_options
@click.option("--own", is_flag=True, help="Only each document's own number, one record each.")
@click.option(
    "--parse",
    "parse",
    is_flag=True,
    help="Parse the arguments (or stdin lines) as numbers instead of reading documents.",
)
@click.pass_context
def command(ctx: click.Context, inputs: Inputs, output: Output, own: bool, parse: bool) -> None:
    """Find official document numbers (发文字号) and check them against GB/T 9704-2012.

    One record per number: doc, start, end, raw, canonical, issuer_code, year, serial,
    agency, problems. canonical is the standard form 代字〔YYYY〕N号 (orders
    …令第N号, announcements …公告YYYY年第N号); problems lists how raw deviates from it:
    bracket, di (第), padding, fullwidth, spacing, zi (字), traditional, annotated,
    codeless, inherited, anachronism. agency is the issuing body when the code is known
    and not shared by several bodies (青政 is 青海 and 青岛) unless the text names one.

    \b
    Examples:
      policytool docnum examples/corpus
      policytool docnum --own corpus/ -f csv > own_numbers.csv
      policytool docnum --parse '国办发[2017]054号' '財金(jīn)〔2017〕8号'
      cut -f2 numbers.txt | policytool docnum --parse
    """
    if parse:
        if inputs.paths:
            strings = [(f"argv:{i}", s) for i, s in enumerate(inputs.paths, 1)]
        else:
            strings = [
                (f"stdin:{i}", line.rstrip("\r\n"))
                for i, line in enumerate(sys.stdin, 1)
                if line.strip()
            ]
        ctx.exit(_parse_strings(strings, output))
    func = functools.partial(docnum_records, own=own)
    ctx.exit(run_per_document(inputs, output, func, COLUMNS))
