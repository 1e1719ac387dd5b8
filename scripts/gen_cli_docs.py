"""Write the command-line reference from ``--help``: ``python scripts/gen_cli_docs.py``.

``tests/test_docs.py`` fails when ``docs/cli.md`` differs from what this produces.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from policytool.cli import SUBCOMMANDS, cli

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def _help(*args: str) -> str:
    # CliRunner fixes the help width at 80 columns, whatever the terminal: a stable file.
    result = CliRunner().invoke(cli, [*args, "--help"], prog_name="policytool")
    assert result.exit_code == 0, result.output
    return result.stdout


def render() -> str:
    parts = [
        "# Command-line reference\n",
        "Generated from `--help` by `python scripts/gen_cli_docs.py`; "
        "`tests/test_docs.py` checks that it is current.\n",
        "## policytool\n",
        "```\n" + _help() + "```\n",
    ]
    for name in sorted(SUBCOMMANDS):
        parts.append(f"## policytool {name}\n")
        parts.append("```\n" + _help(name) + "```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    DOC.write_text(render(), encoding="utf-8")
