"""Tables shipped with policytool, loaded once and lazily."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

__all__ = ["read_table"]


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """The rows of ``policytool/data/<name>`` (a TSV file with a header) as dictionaries."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple(reader)
