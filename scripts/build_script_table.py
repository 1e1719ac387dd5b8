"""Regenerate ``policytool/data/script_chars.tsv`` from the installed OpenCC dictionaries.

A character counts as *simplified* evidence when OpenCC's STCharacters maps it only to other
characters (发 → 發 髮), and as *traditional* evidence when TSCharacters maps it only to other
characters (發 → 发), including the TW/HK variants (爲, 衞). Characters that are a conversion
result in the other direction or survive in a phrase (后, 台, 干, 著, 乾, 瞭 …) occur in both
scripts and are left out, so 皇后 or 乾隆 never make a text look mixed.

Run with the ``opencc`` package installed::

    python scripts/build_script_table.py > policytool/data/script_chars.tsv
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import opencc


def _read_dict(name: str) -> dict[str, list[str]]:
    clib = Path(opencc.__file__).parent / "clib"
    tool = clib / "bin" / "opencc_dict"
    source = clib / "share" / "opencc" / f"{name}.ocd2"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{name}.txt"
        subprocess.run(
            [str(tool), "-i", str(source), "-o", str(out), "-f", "ocd2", "-t", "text"],
            check=True,
        )
        table: dict[str, list[str]] = {}
        for line in out.read_text(encoding="utf-8").splitlines():
            key, _, values = line.partition("\t")
            table[key] = values.split(" ")
        return table


def main() -> None:
    version = getattr(opencc, "__version__", "unknown")
    st = _read_dict("STCharacters")
    ts = _read_dict("TSCharacters")
    variants = {**_read_dict("TWVariantsRev"), **_read_dict("HKVariantsRev")}
    simplified = {k for k, v in st.items() if len(k) == 1 and k not in v}
    traditional = {k for k, v in ts.items() if len(k) == 1 and k not in v}
    # Only variants of a traditional character: 爲 (為) and 衞 (衛) are traditional-only,
    # but TW's 著 (for 着) is mainland 著 (著作) as well.
    traditional |= {
        k for k, v in variants.items() if len(k) == 1 and k not in v and any(c in ts for c in v)
    }
    # A character that is some character's traditional form (乾 for 干) is used in traditional
    # text, and one that is some character's simplified form is used in simplified text.
    simplified -= {c for v in st.values() for c in v}
    traditional -= {c for v in ts.values() for c in v}
    # Phrase tables keep some characters in the other script (著作, 乾隆, 瞭望): those too.
    for phrases, chars in (
        (_read_dict("TSPhrases"), traditional),
        (_read_dict("STPhrases"), simplified),
    ):
        chars -= {c for v in phrases.values() for word in v for c in word}
    # The BMP only: policytool counts evidence through a 64k lookup table, and the few
    # Extension B characters in the dictionaries do not occur in policy text.
    simplified = {c for c in simplified if ord(c) < 0x10000}
    traditional = {c for c in traditional if ord(c) < 0x10000}
    both = simplified & traditional
    simplified -= both
    traditional -= both
    out = sys.stdout
    out.write("char\tscript\tsource\n")
    for script, chars in (("simplified", simplified), ("traditional", traditional)):
        for char in sorted(chars):
            out.write(f"{char}\t{script}\tOpenCC {version} STCharacters/TSCharacters/variants\n")


if __name__ == "__main__":
    main()
