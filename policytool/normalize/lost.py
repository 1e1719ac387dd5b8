"""Characters a lossy GBK round trip lost, recovered from the bytes that remain.

(The byte-level model and its repair are described in docs/normalize.md.)
"""

from __future__ import annotations

import html
import re

from policytool.normalize.offsets import Builder, sub
from policytool.normalize.pinyin import ARTIFACT
from policytool.normalize.pipeline import Pass
from policytool.normalize.readings import chars_by_reading, from_lexicon, pick, syllables
from policytool.text.patterns import ANNOTATION, TONED, is_han

__all__ = ["LOST", "lost"]

LOST = "\ufffd"  # one per character that could not be recovered

_ENTITY_NAMES = "rdquo|ldquo|rsquo|lsquo|mdash|ndash|nbsp|hellip|middot|quot|amp|lt|gt|bull|times"
_BROKEN_ENTITY = re.compile(rf"\?({_ENTITY_NAMES});")
_ANNOTATION_BEFORE = re.compile(f"{ANNOTATION}$")
#: What both an artifact (?chuàng)) and a broken entity (?rdquo;) start with: a ? and a letter.
#: A literal first character: ``re`` finds each ? at memchr speed, where a page's ????
#: indentation would send the scans through every one of them.
_QUESTION_LETTER = re.compile(f"\\?[{TONED}]")


def _gbk(ch: str) -> bytes | None:
    try:
        data = ch.encode("gbk")
    except UnicodeEncodeError:
        return None
    return data if len(data) == 2 else None


def _decode_gbk(data: bytes) -> str | None:
    try:
        char = data.decode("gbk")
    except UnicodeDecodeError:
        return None
    return char if len(char) == 1 and is_han(char) else None


def lost(p: Pass) -> None:
    """Repair what the round trip lost (artifacts, then broken entities)."""
    text = p.text
    if "?" not in text or not _QUESTION_LETTER.search(text):
        return
    _artifacts(p, text)
    text = p.text
    out, edits, count = sub(text, _BROKEN_ENTITY, lambda m: html.unescape(f"&{m.group(1)};"))
    p.count("entities", count)
    p.replaced(out, edits)


def _artifacts(p: Pass, text: str) -> None:
    artifacts = list(ARTIFACT.finditer(text))
    if not artifacts:
        return  # a ? that is only a ?: no reading tables to load
    builder = Builder(text)
    by_reading = chars_by_reading()
    known = syllables()
    i = 0
    while i < len(artifacts):
        m = artifacts[i]
        reading = m.group(1)
        if reading not in known:
            i += 1
            continue
        s, e = m.span()
        left = text[s - 1] if s > 0 else ""
        if left in ")）":  # 創(chuàng)?… : the character before the annotation
            ann = _ANNOTATION_BEFORE.search(text, max(0, s - 10), s)
            left = text[ann.start() - 1] if ann is not None and ann.start() > 0 else ""
        nxt = artifacts[i + 1] if i + 1 < len(artifacts) and artifacts[i + 1].start() == e else None
        # A straddle: the scraper's key (a character read ``reading``) matched the trail byte
        # of ``left`` and the lead byte of the next character Y; Y's trail byte follows, or Y
        # was annotated too and its reading follows. Several keys may share the first byte:
        # every candidate lead is tried, and only one resulting Y is accepted.
        left_bytes = _gbk(left) if left else None  # any two-byte GBK character: 创意—?jiǎng)…
        leads = set()
        if left_bytes is not None:
            for key in by_reading.get(reading, ()):
                key_bytes = _gbk(key)
                if key_bytes is not None and key_bytes[0] == left_bytes[1]:
                    leads.add(key_bytes[1])
        recovered: str | None = None
        end = e
        if leads:
            follower = text[e] if e < len(text) else ""
            if nxt is not None:
                fits = [
                    c for c in by_reading.get(nxt.group(1), ()) if (_gbk(c) or b"  ")[0] in leads
                ]
                right = text[nxt.end()] if nxt.end() < len(text) else ""
                recovered = pick(fits, left, nxt.group(1), right)
                if recovered is not None:
                    end = nxt.end()
                    i += 1
            elif follower and "\x40" <= follower <= "\x7e" and follower not in "?()":
                found = {_decode_gbk(bytes([lead, ord(follower)])) for lead in leads} - {None}
                if len(found) == 1:
                    recovered, end = found.pop(), e + 1
            elif text.startswith("?", e):
                broken = _BROKEN_ENTITY.match(text, e)
                if broken is not None:
                    # Y's trail byte went into the ? of a broken entity: Y is lost.
                    builder.replace(s, broken.end(), LOST + html.unescape(f"&{broken.group(1)};"))
                    p.count("lost")
                    p.count("entities")
                    i += 1
                    continue
        if recovered is None:
            # A lost character with its reading: the phrase lexicon may know it.
            right = text[end] if end < len(text) else ""
            recovered = from_lexicon(left, reading, right)
        if recovered is None:
            builder.replace(s, end, LOST)
            p.count("lost")
        else:
            builder.replace(s, end, recovered)
            p.count("recovered")
        i += 1
    out, edits = builder.finish()
    p.replaced(out, edits)
