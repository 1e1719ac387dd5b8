"""The damage content farms do to a page, reproduced: for testing repairs on known text.

Scraped copies of official documents reach researchers through content farms that (1) convert
the page to traditional script, (2) insert a reading after characters by a byte-level,
non-multibyte-aware search and replace on the page's GBK bytes (``字`` → ``字(zì)``), so that
a key also matches across the boundary of two characters, and (3) decode the bytes with a
lossy transcoder that turns an invalid pair into ``?`` and swallows the byte after the lead
byte — which makes the decoder fall out of step after a straddled key until an ASCII byte or
another ``?`` puts it back. NBSP, which GBK cannot encode, becomes ``?`` on the way (the
``????`` indentation of such pages), and quotation marks travel as entities. Real examples of
every effect are in docs/normalize.md.

:func:`scrape_damage` does all of it to a clean text, deterministically, so that what
:func:`~policytool.normalize.normalize_text` makes of the damaged page can be compared with
what it makes of the clean one (``benchmarks/bench_normalize.py``, ``tests/test_lost.py``).

>>> scrape_damage("国务院办公厅关于推进工作的通知")[:16]
'????國務院辦(bàn)公廳('
>>> lossy_gbk_decode(b"\\xb9\\x28ab")  # a lead byte before "(": "?" and the "(" is gone
'?ab'
"""

from __future__ import annotations

import random
from functools import cache
from typing import Any

__all__ = ["annotate_bytes", "lossy_gbk_decode", "scrape_damage"]

#: Entities pages carry for the characters that HTML editors escape.
_ENTITIES = {"“": "&ldquo;", "”": "&rdquo;", "‘": "&lsquo;", "’": "&rsquo;", "—": "&mdash;"}


@cache
def _s2t() -> Any:
    from opencc import OpenCC

    return OpenCC("s2t")


@cache
def _reading(char: str) -> str:
    from pypinyin import Style, pinyin

    return str(pinyin(char, style=Style.TONE)[0][0])


def lossy_gbk_decode(data: bytes) -> str:
    """Decode GBK the way the content farms' transcoder does: a byte pair that is no GBK
    character becomes ``?`` and both bytes are consumed (the one after the lead byte is lost);
    a byte that cannot start one (0x80, 0xFF, a lead at the end) becomes ``?``."""
    out: list[str] = []
    i, n = 0, len(data)
    while i < n:
        # ASCII runs go through at once; the decoder only steps byte by byte outside them.
        j = i
        while j < n and data[j] < 0x80:
            j += 1
        if j > i:
            out.append(data[i:j].decode("ascii"))
            i = j
            continue
        b = data[i]
        if b in (0x80, 0xFF) or i + 1 >= n:
            out.append("?")
            i += 1
            continue
        try:
            out.append(data[i : i + 2].decode("gbk"))
        except UnicodeDecodeError:
            out.append("?")
        i += 2
    return "".join(out)


def annotate_bytes(data: bytes, keys: dict[str, str]) -> bytes:
    """The scraper's search and replace on GBK bytes: every occurrence of each key's bytes,
    wherever it starts (across a character boundary too), gets ``(reading)`` after it; the
    keys are replaced one after the other, in code point order."""
    for key in sorted(keys):
        key_bytes = key.encode("gbk")
        data = data.replace(key_bytes, key_bytes + f"({keys[key]})".encode("gbk", "replace"))
    return data


def scrape_damage(text: str, *, seed: int = 0, annotate_share: float = 2 / 3) -> str:
    """``text`` as a content farm republishes it (see the module's docstring): traditional,
    a reading after ``annotate_share`` of the converted characters (chosen by character, as
    the farm's key list does), four NBSP before every paragraph, quotation marks as entities,
    through GBK with the lossy transcoder. The same arguments give the same page."""
    rng = random.Random(seed)
    traditional = str(_s2t().convert(text))
    if len(traditional) != len(text):  # never seen: OpenCC's s2t is one for one
        traditional = text
    converted = sorted({t for s, t in zip(text, traditional, strict=True) if s != t})
    keys = {}
    for char in converted:
        if rng.random() < annotate_share:
            try:
                if len(char.encode("gbk")) == 2:
                    keys[char] = _reading(char)
            except UnicodeEncodeError:
                continue
    lines = []
    for line in traditional.split("\n"):
        if line.strip():
            line = "\u00a0" * 4 + line.lstrip(" \u3000\u00a0")
        lines.append("".join(_ENTITIES.get(c, c) if rng.random() < 0.5 else c for c in line))
    page = "\n".join(lines)
    data = page.encode("gbk", "replace")
    return lossy_gbk_decode(annotate_bytes(data, keys))
