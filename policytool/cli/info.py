"""``policytool info``: encoding, size, script and digest of each document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import click

from policytool.cli.options import Inputs, Output, input_options, output_options, run_per_document
from policytool.io.columns import INFO as COLUMNS


def info_records(doc: Any) -> list[Mapping[str, Any]]:
    """The per-document map step (module level, so a process pool can pickle it)."""
    from policytool.info import file_info

    return [file_info(doc).to_record()]


@click.command("info")
@input_options
@output_options
@click.pass_context
def command(ctx: click.Context, inputs: Inputs, output: Output) -> None:
    """One record per document: doc, encoding, bytes, chars, script, sha256.

    encoding is the codec the bytes were decoded with (utf-8, gb18030, cp950, utf-16 …);
    script is simplified, traditional, mixed or none; sha256 is that of the file's bytes
    (as sha256sum prints it).

    \b
    Examples:
      policytool info examples/
      policytool info -f jsonl corpus/ > info.jsonl
      policytool info -g '*.txt' corpus/ | sort -t$'\\t' -k5
    """
    ctx.exit(run_per_document(inputs, output, info_records, COLUMNS))
