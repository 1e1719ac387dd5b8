"""Regenerate ``policytool/data/t2s_phrases.tsv`` from the installed OpenCC dictionaries.

policytool converts traditional to simplified by a per-character table and hands OpenCC only
the runs of text where a phrase could convert otherwise (``policytool/convert.py``). Which
characters those are is decided at run time, from the installed converter, by converting every
phrase of the conversion chain's phrase tables; this script ships the phrases: every key of
TSPhrases, TWVariantsRevPhrases and HKVariantsRevPhrases.

Run with the ``opencc`` package installed::

    python scripts/build_t2s_phrases.py > policytool/data/t2s_phrases.tsv
"""

from __future__ import annotations

import sys

import opencc
from build_script_table import _read_dict

TABLES = ("TSPhrases", "TWVariantsRevPhrases", "HKVariantsRevPhrases")


def main() -> None:
    version = getattr(opencc, "__version__", "unknown")
    out = sys.stdout
    out.write("phrase\ttable\n")
    seen: set[str] = set()
    for table in TABLES:
        for phrase in sorted(_read_dict(table)):
            if phrase in seen or len(phrase) < 2:
                continue
            if not all("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or c > "\uffff"
                       for c in phrase):  # fmt: skip
                # policytool splits text into runs of Han characters: a phrase holding any
                # other character would cross a run's edge.
                raise SystemExit(f"{table}: phrase {phrase!r} holds a non-Han character")
            seen.add(phrase)
            out.write(f"{phrase}\tOpenCC {version} {table}\n")


if __name__ == "__main__":
    main()
