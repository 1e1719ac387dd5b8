"""The date case table through JioNLP's ``extract_time`` (run by bench_dates.py with the
interpreter of a virtual environment that has jionlp: its dependencies conflict with ours).

    python3 -m venv /tmp/jio && /tmp/jio/bin/pip install jionlp
    /tmp/jio/bin/python benchmarks/jionlp_cases.py tests/cases/dates.json

Prints one JSON object: for each form, whether JioNLP found exactly the expected dates, each
as the time span its value covers at its precision (JioNLP gives every time as a span of
seconds: 2020-06 is 2020-06-01 00:00:00 … 2020-06-30 23:59:59; an open end, its reading of
前 and 以来, is not held against it).
"""

from __future__ import annotations

import calendar
import io
import json
import sys
import time
from contextlib import redirect_stdout
from datetime import datetime

FALLBACK_BASE = datetime(2017, 9, 6)  # when a case has no anchor: JioNLP always needs one


def span(value: str) -> list[str]:
    """``2019-12/2020-02`` → ['2019-12-01 00:00:00', '2020-02-29 23:59:59']."""
    first, _, last = value.partition("/")
    return [_bound(first, start=True), _bound(last or first, start=False)]


def _bound(part: str, *, start: bool) -> str:
    date_part, _, clock = part.partition("T")
    pieces = [int(p) for p in date_part.split("-")]
    year = pieces[0]
    month = pieces[1] if len(pieces) > 1 else (1 if start else 12)
    day = pieces[2] if len(pieces) > 2 else (1 if start else calendar.monthrange(year, month)[1])
    if clock:
        hms = [int(p) for p in clock.split(":")]
        hour, minute = hms[0], hms[1]
        second = hms[2] if len(hms) > 2 else (0 if start else 59)
    else:
        hour, minute, second = (0, 0, 0) if start else (23, 59, 59)
    return f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}:{second:02d}"


def _same(got: object, expected: list[str]) -> bool:
    """JioNLP reads 9月底前 or 5月以来 as an open span (-inf … end, start … inf): the finite
    end is compared, so a reading of the same point is not counted wrong."""
    if not isinstance(got, list) or len(got) != 2:
        return False  # a periodic time (每日9:00): a dict, never a date
    start, end = got
    return (start == "-inf" or start == expected[0]) and (end == "inf" or end == expected[1])


def main() -> None:
    with redirect_stdout(io.StringIO()):  # its banner
        import jionlp

    with open(sys.argv[1], encoding="utf-8") as handle:
        cases = json.load(handle)
    verdicts = {}
    for case in cases:
        base = datetime.fromisoformat(case["anchor"]) if case["anchor"] else FALLBACK_BASE
        try:
            found = jionlp.ner.extract_time(case["text"], time_base=time.mktime(base.timetuple()))
        except Exception:  # noqa: BLE001 - a crash on a case is a miss
            found = []
        got = [item["detail"].get("time") for item in found]
        expected = [span(e[1]) for e in case["expect"]]
        verdicts[case["form"]] = len(got) == len(expected) and all(
            _same(g, e) for g, e in zip(got, expected, strict=True)
        )
    print(json.dumps(verdicts, ensure_ascii=False))


if __name__ == "__main__":
    main()
