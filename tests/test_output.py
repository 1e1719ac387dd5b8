"""Record writers: every format, escaping, headers, empty output."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policytool.io.writers import FORMATS, escape_tsv, format_value, open_writer, unescape_tsv

COLUMNS = ("doc", "start", "raw", "problems", "inferred", "score")
RECORDS = [
    {
        "doc": "a.txt",
        "start": 3,
        "raw": "国办发[2017]54号",
        "problems": ["bracket"],
        "inferred": False,
        "score": 0.5,
    },
    {
        "doc": "b\tc.txt",
        "start": 0,
        "raw": "第一行\n第二行\\",
        "problems": [],
        "inferred": True,
        "score": None,
    },
]


def write(fmt: str, records: list[dict[str, object]], header: bool = True) -> str:
    out = io.StringIO()
    with open_writer(fmt, COLUMNS, out, header=header) as writer:
        for record in records:
            writer.write(record)
    return out.getvalue()


def test_tsv_has_header_escapes_and_lf_only() -> None:
    text = write("tsv", RECORDS)
    lines = text.split("\n")
    assert lines[0] == "\t".join(COLUMNS)
    assert lines[1] == "a.txt\t3\t国办发[2017]54号\tbracket\tfalse\t0.5"
    assert lines[2] == "b\\tc.txt\t0\t第一行\\n第二行\\\\\t\ttrue\t"
    assert text.endswith("\n") and "\r" not in text and len(lines) == 4


def test_no_header_and_empty_output() -> None:
    assert write("tsv", RECORDS[:1], header=False).startswith("a.txt\t")
    assert write("tsv", []) == "\t".join(COLUMNS) + "\n"
    assert write("csv", []) == ",".join(COLUMNS) + "\n"
    assert write("jsonl", []) == ""
    assert json.loads(write("json", [])) == []


def test_csv_round_trips_through_the_csv_module() -> None:
    rows = list(csv.reader(io.StringIO(write("csv", RECORDS))))
    assert rows[0] == list(COLUMNS)
    assert rows[2][0] == "b\tc.txt" and rows[2][2] == "第一行\n第二行\\"


def test_jsonl_and_json_keep_types_and_column_order() -> None:
    lines = write("jsonl", RECORDS).splitlines()
    first = json.loads(lines[0])
    assert list(first) == list(COLUMNS)
    assert first["problems"] == ["bracket"] and first["inferred"] is False
    assert "国办发" in lines[0]  # ensure_ascii=False
    array = json.loads(write("json", RECORDS))
    assert [r["doc"] for r in array] == ["a.txt", "b\tc.txt"]
    assert array[1]["score"] is None


def test_table_shows_brackets_literally() -> None:
    text = write("table", RECORDS)
    assert "国办发[2017]54号" in text
    assert text.splitlines()[0].split() == list(COLUMNS)


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        open_writer("xml", COLUMNS, io.StringIO())
    assert set(FORMATS) == {"tsv", "jsonl", "csv", "json", "table"}


def test_format_value() -> None:
    assert format_value(None) == ""
    assert format_value(True) == "true"
    assert format_value(["bracket", "第"]) == "bracket;第"
    assert format_value(0.123456789) == "0.123457"


field_values = st.one_of(
    st.text(), st.integers(), st.none(), st.booleans(), st.lists(st.text(), max_size=3)
)


@given(st.lists(st.fixed_dictionaries({c: field_values for c in COLUMNS}), max_size=5))
def test_property_tsv_fields_never_hold_raw_tabs_or_newlines(records: list[dict]) -> None:
    text = write("tsv", records)
    lines = text.split("\n")
    assert lines[-1] == ""
    assert len(lines) == len(records) + 2  # header, records, final empty
    for line in lines[1:-1]:
        assert len(line.split("\t")) == len(COLUMNS)
        assert "\r" not in line


@given(st.text())
def test_property_tsv_escaping_is_reversible(value: str) -> None:
    escaped = escape_tsv(value)
    assert "\t" not in escaped and "\n" not in escaped and "\r" not in escaped
    assert unescape_tsv(escaped) == value
