"""The ``policytool`` command line: a click group of small subcommands over the library.

Subcommand modules are imported only when their command runs (or help lists them), and they
import the heavy library modules inside the command function, so ``policytool --help`` stays
fast. The group owns the contract's exit discipline: 0 all processed, 1 some inputs failed,
2 usage error, 130 on Ctrl-C; a closed stdout ends the run quietly.
"""

from __future__ import annotations

import importlib
import io
import os
import signal
import sys
from typing import Any, NoReturn

import click

__all__ = ["cli", "main"]

#: subcommand name → module under ``policytool.cli`` that defines a click command ``command``.
SUBCOMMANDS: dict[str, str] = {
    "cite": "cite",
    "dates": "dates",
    "dedupe": "dedupe",
    "docnum": "docnum",
    "info": "info",
    "meta": "meta",
    "normalize": "normalize",
}

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush into a closed pipe is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file descriptor (tests capture stdout in memory)


class PolicyGroup(click.Group):
    """A group whose subcommands load lazily and whose errors follow the contract."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = SUBCOMMANDS.get(cmd_name)
        if module is None:
            return None
        command: click.Command = importlib.import_module(f"policytool.cli.{module}").command
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # The reader (`| head`) has what it wanted: stop quietly with the status so far.
            _silence_stdout()
            reporter = ctx.meta.get("policytool.reporter")
            ctx.exit(reporter.status if reporter is not None else 0)
        except KeyboardInterrupt:
            _silence_stdout()
            ctx.exit(130)
        except OSError as exc:
            # Writing failed where no document is to blame (stdout on a full disk): one line.
            _silence_stdout()
            reason = (exc.strerror or str(exc)).lower()
            click.echo(f"policytool: error: cannot write the output: {reason}", err=True)
            ctx.exit(1)


@click.group(cls=PolicyGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(None, "--version", "-V", package_name="policytool", prog_name="policytool")
def cli() -> None:
    """Clean, deduplicate and extract structure from Chinese government policy documents.

    Every subcommand reads files, directories (recursed), JSONL documents or stdin, and
    writes one record per line: a table on a terminal, TSV in a pipe (-f for others).
    Errors go to stderr as 'policytool: error: <input>: <reason>'; the run goes on.
    Exit status: 0 all inputs processed, 1 some failed, 2 usage error.
    """


def _terminated(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def _utf8_stdout() -> None:
    """Records are UTF-8 whatever the locale (``LANG=C``, ``PYTHONIOENCODING=ascii``): a pipe
    or file gets UTF-8; a terminal that cannot show a character gets it as an escape, not a
    traceback. Messages on stderr escape what the terminal cannot show."""
    for stream, encoding in ((sys.stdout, "utf-8"), (sys.stderr, None)):
        if not isinstance(stream, io.TextIOWrapper):
            continue  # replaced by a test runner or an embedding program: theirs to set
        codec = (stream.encoding or "").lower().replace("-", "").replace("_", "")
        if codec in {"utf8", "utf8sig"}:
            continue
        if stream is sys.stdout and not stream.isatty():
            stream.reconfigure(encoding=encoding, errors="strict")
        else:
            stream.reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> NoReturn:
    """The console-script entry point."""
    if sys.stdout is None:  # started with stdout closed (>&-)
        if sys.stderr is not None:
            sys.stderr.write("policytool: error: stdout is closed: the output has nowhere to go\n")
        sys.exit(2)
    _utf8_stdout()
    # SIGTERM ends the run as Ctrl-C does: the worker pool is stopped, not left running.
    signal.signal(signal.SIGTERM, _terminated)
    try:
        cli.main(args=argv, prog_name="policytool")
    except KeyboardInterrupt:  # pressed before a subcommand was running
        sys.exit(130)
    sys.exit(0)  # pragma: no cover - cli.main always exits
