"""The process-pool map keeps input order, passes errors through, survives a failing doc."""

from __future__ import annotations

import pytest

from policytool.io.loader import Document, LoadError
from policytool.parallel import ProcessingError, map_documents


def length(doc: Document) -> int:
    if doc.text == "boom":
        raise RuntimeError("exploded")
    return len(doc.text)


def make_items(n: int) -> list[Document | LoadError]:
    items: list[Document | LoadError] = []
    for i in range(n):
        if i % 17 == 5:
            items.append(LoadError(f"bad{i}", "no such file or directory"))
        elif i % 23 == 7:
            items.append(Document.from_text(f"d{i}", "boom"))
        else:
            items.append(Document.from_text(f"d{i}", "字" * (i % 50)))
    return items


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_order_and_errors_are_preserved(jobs: int) -> None:
    items = make_items(300)
    out = list(map_documents(length, items, jobs=jobs))
    assert [item for item, _ in out] == items
    for item, result in out:
        if isinstance(item, LoadError):
            assert result is None
        elif item.text == "boom":
            assert isinstance(result, ProcessingError)
            assert result.id == item.id and "RuntimeError: exploded" in result.reason
        else:
            assert result == len(item.text)


def test_empty_input() -> None:
    assert list(map_documents(length, [], jobs=2)) == []
