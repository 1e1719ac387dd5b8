"""Regenerate ``policytool/data/common_chars.tsv``: the characters a short Chinese text is
most likely made of, in either script.

GB2312-80 level 1 is the 3,755 most frequent characters of written Chinese of its time (rows
0xB0-0xD7 of the standard, the ``gb2312`` codec's own table); each is listed with every
traditional form OpenCC's STCharacters gives it (发 → 發 髮) and their Taiwan and Hong Kong
variants. The loader uses the table to choose between the GBK and the Big5 reading of a few
bytes: of 互联 as GBK (BB A5 C1 AA), the Big5 reading 誑薊 is made of rare characters.

Run with the ``opencc`` package installed::

    python scripts/build_common_chars.py > policytool/data/common_chars.tsv
"""

from __future__ import annotations

import sys

from build_script_table import _read_dict  # same folder: run from the repository root


def main() -> None:
    level1 = []
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                level1.append(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue  # the five unused cells at the end of row 0xD7
    to_traditional = _read_dict("STCharacters")
    variants: dict[str, list[str]] = {}
    for name in ("TWVariants", "HKVariants"):
        for key, values in _read_dict(name).items():
            variants.setdefault(key, []).extend(values)
    rows: dict[str, str] = {}
    for char in level1:
        rows.setdefault(char, "GB2312-80 level 1")
        for trad in to_traditional.get(char, []):
            for form in (trad, *variants.get(trad, [])):
                if len(form) == 1:
                    rows.setdefault(form, f"traditional form of {char} (OpenCC STCharacters)")
    out = sys.stdout
    out.write("char\tsource\n")
    for char, source in rows.items():
        out.write(f"{char}\t{source}\n")


if __name__ == "__main__":
    main()
