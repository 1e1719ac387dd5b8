"""The docs stay true: the CLI reference matches --help, the formats page lists the columns."""

from __future__ import annotations

import importlib
import importlib.util
import re
from pathlib import Path

from policytool.cli import SUBCOMMANDS

ROOT = Path(__file__).resolve().parent.parent


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts/gen_cli_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current() -> None:
    expected = _generator().render()
    actual = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/cli.md is stale: run python scripts/gen_cli_docs.py"


def test_formats_page_lists_every_record_type_columns_in_order() -> None:
    text = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    for name, module in SUBCOMMANDS.items():
        command = importlib.import_module(f"policytool.cli.{module}")
        for columns in (command.COLUMNS, *getattr(command, "OTHER_COLUMNS", ())):
            assert "`" + ", ".join(columns) + "`" in text, name
        assert f"## {name}\n" in text, name
        assert f"## {name} (*planned*" not in text, name


def test_readme_commands_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    from policytool.cli import SUBCOMMANDS

    used = set(re.findall(r"policytool (\w+)", readme))
    assert set(SUBCOMMANDS) <= used
    assert "pip install" in readme and "pytest" in readme


def test_changelog_has_unreleased_section() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## Unreleased" in text


def test_normalize_page_lists_the_registry() -> None:
    from policytool.normalize.registry import STEP_TABLE

    text = (ROOT / "docs" / "normalize.md").read_text(encoding="utf-8")
    for step in STEP_TABLE:
        switch = "`--site-boilerplate` turns it on" if step.corpus else f"`--keep-{step.name}`"
        row = f"| {step.name} | {switch} | {', '.join(step.counters)} | {step.doc} |"
        assert row in text, f"docs/normalize.md lacks the registry's row for {step.name}"
