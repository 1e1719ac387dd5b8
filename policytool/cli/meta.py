"""``policytool meta``: each document's own title, number, issuer and dates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import click

from policytool.cli.options import Inputs, Output, input_options, output_options, run_per_document
from policytool.io.columns import META as COLUMNS


def meta_records(doc: Any) -> list[Mapping[str, Any]]:
    """The per-document map step (module level, so a process pool can pickle it)."""
    from policytool.cite import document_meta

    return [document_meta(doc).to_record()]


@click.command("meta")
@input_options
@output_options
@click.pass_context
def command(ctx: click.Context, inputs: Inputs, output: Output) -> None:
    """One record per document: doc, title, docnum, issuer, signed, published, script, chars.

    Title, number and issuer come from the layout of the normalized text (simplified
    script): a 标题 field or the official title (发文机关 + 关于 + 事由 + 文种, joined when
    broken over lines) or a news page's headline, never a breadcrumb, label or portal line;
    docnum is the document's own number, canonical (发文字号/文号 field, its own line, not
    the first number in the text); issuer comes from a 发文机关/发布机构 field, the banner
    (XX文件), the title, the signature block or the number's agency, several joined by 、.
    signed and published are the first signed and published days `policytool dates`
    reports on the text as loaded (成文日期/发布日期 fields, the date under the signature,
    the page's time line). script and chars describe the text as loaded. Empty where the
    document does not say.

    \b
    Examples:
      policytool meta examples/corpus
      policytool meta -f csv corpus/ > meta.csv
      policytool normalize -f jsonl corpus/ | policytool meta -f jsonl
    """
    ctx.exit(run_per_document(inputs, output, meta_records, COLUMNS))
