"""How the loader decodes every real document re-encoded every way it meets them.

    python benchmarks/bench_decoding.py ../shared/corpus/real/docs

Each document of the corpus is encoded as UTF-16 LE and BE, with and without BOM, GB18030
(the mainland documents), Big5 (the ``tw_*`` ones) and UTF-8 with one byte cut out of its
middle; ``decode_document`` must give back the text (for the cut one: all but the one
character, as U+FFFD) and the encoding; then each mainland title line, and its first four
and two characters, as GBK (Big5 for the ``tw_*``). One row per way: documents, right,
wrong, rejected.
"""

from __future__ import annotations

import argparse
import codecs
import warnings
from pathlib import Path

import chardet

from policytool.io.loader import DecodeError, decode_document

warnings.filterwarnings("ignore")  # chardet on a few bytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    args = parser.parse_args()
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt"))}
    ways = {
        "UTF-16 LE, BOM": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
        "UTF-16 BE, BOM": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        "UTF-16 LE, no BOM": lambda t: t.encode("utf-16-le"),
        "UTF-16 BE, no BOM": lambda t: t.encode("utf-16-be"),
        "GB18030": lambda t: t.encode("gb18030"),
        "Big5 (tw_*)": lambda t: t.encode("big5hkscs"),
        "UTF-8, one byte cut": None,
    }
    # Short texts: each document's title line, and its first two and four characters (通知,
    # 国务院关), the shapes where a statistical guess has least to go on.
    titles = {stem: text.strip().split("\n", 1)[0].strip() for stem, text in texts.items()}
    shorts = {
        "GBK title line": ("gbk", lambda t: t),
        "GBK, 4 characters": ("gbk", lambda t: t[:4]),
        "GBK, 2 characters": ("gbk", lambda t: t[:2]),
        "GBK, 2 characters from the middle": ("gbk", lambda t: t[len(t) // 2 :][:2]),
        "Big5 title line (tw_*)": ("big5", lambda t: t),
        "Big5, 2 characters (tw_*)": ("big5", lambda t: t[:2]),
        "Big5, 2 characters from the middle (tw_*)": ("big5", lambda t: t[len(t) // 2 :][:2]),
    }
    print("| encoded as | documents | decoded right | wrong | rejected |")
    print("|---|---:|---:|---:|---:|")
    for way, encode in ways.items():
        right = wrong = rejected = total = 0
        for stem, text in texts.items():
            if way.startswith("Big5") != stem.startswith("tw_") and not way.startswith("UTF"):
                continue
            if encode is None:
                data = text.encode("utf-8")
                middle = len(data) // 2
                while middle < len(data) and data[middle] & 0xC0 == 0x80:
                    middle += 1  # cut the lead byte of a character
                if middle >= len(data) or data[middle] < 0x80:
                    continue  # no multi-byte character there
                data = data[:middle] + data[middle + 1 :]
            else:
                try:
                    data = encode(text)
                except UnicodeEncodeError:
                    continue
            total += 1
            try:
                got, _, bad = decode_document(data)
            except DecodeError:
                rejected += 1
                continue
            ok = got == text if encode is not None else (bad >= 1 and len(got) >= len(text) - 1)
            right += ok
            wrong += not ok
        print(f"| {way} | {total} | {right} | {wrong} | {rejected} |")
    print()
    print("| short text | texts | decoded right | wrong | rejected | chardet alone right |")
    print("|---|---:|---:|---:|---:|---:|")
    for way, (codec, cut) in shorts.items():
        right = wrong = rejected = total = alone = 0
        for stem, title in titles.items():
            short = cut(title)
            if stem.startswith("tw_") != (codec == "big5") or short.isascii():
                continue
            try:
                data = short.encode(codec)
            except UnicodeEncodeError:
                continue
            total += 1
            alone += _chardet_reads(data) == short
            try:
                got, _, _ = decode_document(data)
            except DecodeError:
                rejected += 1
                continue
            right += got == short
            wrong += got != short
        print(f"| {way} | {total} | {right} | {wrong} | {rejected} | {alone} |")


def _chardet_reads(data: bytes) -> str | None:
    """What chardet on its own makes of ``data`` (the anchor: a generic detector)."""
    name = chardet.detect(data).get("encoding")
    try:
        return data.decode(name) if name else None
    except (LookupError, UnicodeDecodeError):
        return None


if __name__ == "__main__":
    main()
