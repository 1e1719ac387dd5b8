"""``policytool dates``: every date mention, as ISO 8601 with precision and role."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date
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
from policytool.io.columns import DATE_ROLES as ROLES
from policytool.io.columns import DATES as COLUMNS


def dates_records(
    doc: Any,
    *,
    anchor: date | None = None,
    anchor_field: str | None = None,
    dayfirst: bool = True,
    roles: tuple[str, ...] = (),
) -> list[Mapping[str, Any]]:
    """The per-document map step (module level, so a process pool can pickle it)."""
    from policytool.dates import find_dates, parse_anchor
    from policytool.io.loader import DocumentError

    if anchor_field and doc.meta.get(anchor_field):
        try:
            anchor = parse_anchor(str(doc.meta[anchor_field]))
        except ValueError as exc:
            raise DocumentError(doc.id, f"field {anchor_field!r}: {exc}") from None
    mentions = find_dates(doc.text, anchor=anchor, dayfirst=dayfirst)
    return [m.to_record(doc.id) for m in mentions if not roles or m.role in roles]


def _parse_anchor(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    from policytool.dates import parse_anchor

    try:
        return parse_anchor(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("dates")
@input_options
@output_options
@click.option(
    "--anchor",
    callback=_parse_anchor,
    metavar="DATE",
    help="Reference date (ISO 8601) for 6月21日, 今年, 年底 … in documents that carry no date "
    "of their own. Never today.",
)
@click.option(
    "--anchor-field",
    metavar="NAME",
    help="JSONL field holding each document's anchor date (wins over --anchor).",
)
@click.option(
    "--dayfirst/--monthfirst",
    default=True,
    show_default=True,
    help="Read 11.05.2016 and 11/05/2016 as 11 May (or as 5 November).",
)
@click.option(
    "--role",
    "roles",
    type=click.Choice(ROLES),
    multiple=True,
    help="Only dates with this role (repeatable).",
)
@click.option(
    "--parse",
    "strings",
    metavar="STRING",
    multiple=True,
    help="Parse this date expression instead of reading documents (repeatable).",
)
@click.pass_context
def command(
    ctx: click.Context,
    inputs: Inputs,
    output: Output,
    anchor: date | None,
    anchor_field: str | None,
    dayfirst: bool,
    roles: tuple[str, ...],
    strings: tuple[str, ...],
) -> None:
    """Find every date and parse it to ISO 8601, with its precision and role.

    One record per date: doc, start, end, raw, value, precision, role, inferred. value is
    ISO 8601 at its precision (2017, 2017-08, 2017-08-31, 2017-09-06T18:47:13), or an
    interval start/end (2017—2019年, 年底, 上半年, 十三五); precision is year, month, day,
    minute or second; role is published, signed, effective or mentioned; inferred is true
    when the year (or more) came from the anchor: the document's own published (else
    signed) date, else --anchor.

    \b
    Examples:
      policytool dates examples/corpus
      policytool dates --role signed --role published corpus/ -f csv > dates.csv
      policytool dates --anchor 2017-09-06 --parse 6月21日 --parse 去年年底
    """
    func = functools.partial(
        dates_records, anchor=anchor, anchor_field=anchor_field, dayfirst=dayfirst, roles=roles
    )
    if strings:
        from policytool.dates import parse_date

        reporter = current_reporter()
        with output.writer(COLUMNS) as writer:
            for i, string in enumerate(strings, 1):
                try:
                    mention = parse_date(string, anchor=anchor, dayfirst=dayfirst)
                except ValueError as exc:
                    reporter.error(f"argv:{i}", str(exc))
                    continue
                writer.write(mention.to_record(f"argv:{i}"))
        ctx.exit(reporter.status)
    ctx.exit(run_per_document(inputs, output, func, COLUMNS))
