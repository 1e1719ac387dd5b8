"""Regenerate ``policytool/data/holidays.tsv``: the fixed holidays and, for each year, the
Gregorian dates of the lunar ones — 春节 (正月初一), 清明 (the solar term), 端午 (五月初五) and
中秋 (八月十五).

The dates come from ``lunar_python`` (a build-time tool, not a dependency of policytool: pip
install lunar_python). Its 春节 dates were checked against the table shipped before (the
Chinese calendar's 正月初一, 2000-2030): the script stops if one differs.

    python scripts/build_holidays.py > policytool/data/holidays.tsv
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from lunar_python import Lunar

FIRST, LAST = 1990, 2050
TABLE = Path(__file__).parent.parent / "policytool" / "data" / "holidays.tsv"
FIXED = (
    ("元旦", "01-01", "fixed: 1 January (《全国年节及纪念日放假办法》)"),
    ("劳动节", "05-01", "fixed: 1 May (《全国年节及纪念日放假办法》)"),
    ("国庆节", "10-01", "fixed: 1 October (《全国年节及纪念日放假办法》)"),
)
LUNAR = (
    ("春节", 1, 1, "Gregorian date of 农历正月初一 (Chinese calendar, lunar_python)"),
    ("端午节", 5, 5, "Gregorian date of 农历五月初五 (Chinese calendar, lunar_python)"),
    ("中秋节", 8, 15, "Gregorian date of 农历八月十五 (Chinese calendar, lunar_python)"),
)


def main() -> None:
    with TABLE.open(encoding="utf-8") as handle:
        shipped = {
            (row["holiday"], row["year"]): row["date"]
            for row in csv.DictReader(handle, delimiter="\t")
        }
    out = sys.stdout
    out.write("holiday\tyear\tdate\tsource\n")
    for name, day, source in FIXED:
        out.write(f"{name}\t\t{day}\t{source}\n")
    for name, month, day, source in LUNAR:
        for year in range(FIRST, LAST + 1):
            when = Lunar.fromYmd(year, month, day).getSolar().toYmd()
            known = shipped.get((name, str(year)))
            if known is not None and known != when:
                sys.exit(f"{name} {year}: lunar_python says {when}, the table {known}")
            out.write(f"{name}\t{year}\t{when}\t{source}\n")
    for year in range(FIRST, LAST + 1):
        when = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"].toYmd()
        assert when.startswith(f"{year}-04-"), when
        out.write(f"清明节\t{year}\t{when}\tthe solar term 清明 (lunar_python)\n")


if __name__ == "__main__":
    main()
