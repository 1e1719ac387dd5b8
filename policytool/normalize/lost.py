"""Characters a lossy GBK round trip lost, recovered from the bytes that remain.

Content farms insert readings by a search and replace on GBK bytes that is not aware of
character boundaries, then decode with a transcoder that turns an invalid pair into ``?`` and
swallows the byte after the lead byte (:mod:`policytool.normalize.damage` reproduces it). Three
traces are left, each repaired here from the bytes that remain:

1. **A straddle** — the key of a character read *py* matched the last byte of a character X
   and the first byte Y1 of the next, Y: ``X?py)``. The ``?`` is Y1 and the ``(`` it swallowed.
   Y1 is one of the keys' second bytes whose first byte is X's last (a handful); Y's second
   byte follows ``)``. When that byte is a letter the decoder stays in step (``重?fù)p害`` →
   重損害); when it is a lead byte the decoder falls out of step and reads every later byte
   pair one byte off — mojibake (``搶?gòu)匯⒓Z`` for 搶購、糧) — until an ASCII byte or another
   ``?`` puts it back. The stretch is re-encoded to its bytes and decoded again in step: every
   pair must be a GBK character, and the stretch must read better than it did.
2. **A ``?`` that ends a stretch** stands for two bytes: the last byte of a character and the
   byte after it. When the ``?`` is followed by ``py)``, that byte was the ``(`` of the
   character's reading, which picks the character among those of its first byte; followed by
   ``name;`` it was an entity's ``&``. Otherwise the character is recovered only when the
   phrase lexicon supports exactly one candidate on both sides, else it becomes U+FFFD.
3. **A ``?`` for a space** — NBSP, which GBK cannot encode: on a page that shows the damage,
   ``?`` next to whitespace, another ``?`` or a line's end is the NBSP it was (the whitespace
   step then does with it what it does with any NBSP). A lone ``?`` between two characters is
   left alone: it may be a question mark.

A lost character with its reading and no straddle to re-synchronise (``大眾?chuàng)業``) is
recovered from the phrase lexicon where it decides; what cannot be recovered becomes one
U+FFFD per lost character, counted, never a guess.
"""

from __future__ import annotations

import html
import re

from policytool.normalize.offsets import Builder, sub
from policytool.normalize.pinyin import ARTIFACT
from policytool.normalize.pipeline import Pass
from policytool.normalize.readings import syllables
from policytool.normalize.resync import LOST, decode_stretch
from policytool.text.patterns import ANNOTATION, TONED

__all__ = ["LOST", "lost"]

_ENTITY_NAMES = (
    "rdquo|ldquo|rsquo|lsquo|mdash|ndash|nbsp|hellip|middot|quot|amp|lt|gt|bull|times|emsp|ensp"
)
_BROKEN_ENTITY = re.compile(rf"\?({_ENTITY_NAMES});")
_ANNOTATION_BEFORE = re.compile(f"{ANNOTATION}$")
#: What an artifact (?chuàng)) and a broken entity (?rdquo;) start with: a ? and a letter.
#: A literal first character: ``re`` finds each ? at memchr speed.
_QUESTION_LETTER = re.compile(f"\\?[{TONED}]")


def lost(p: Pass) -> None:
    """Repair what the round trip lost: straddles and the stretches after them, lost
    characters with their readings, broken entities, ``?`` for spaces."""
    text = p.text
    if "?" not in text:
        return
    if _QUESTION_LETTER.search(text):
        _artifacts(p, text)
        text = p.text

        def broken(m: re.Match[str]) -> str:
            return LOST + html.unescape(f"&{m.group(1)};")

        out, edits, count = sub(text, _BROKEN_ENTITY, broken)
        p.count("entities", count)
        p.count("lost", count)
        p.replaced(out, edits)
        text = p.text
    if "?" in text and _shows_damage(text):
        _spaces(p, text)


def _shows_damage(text: str) -> bool:
    """Whether the page went through the lossy round trip: a ``??`` run, or a reading after
    a ``?`` (a straddle's trace); a lone ``?`` in clean text proves nothing."""
    return "??" in text or ARTIFACT.search(text) is not None


def _spaces(p: Pass, text: str) -> None:
    """Each ``?`` next to another ``?``, whitespace or either end of a line → NBSP (one for
    one: offsets do not move)."""
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    question = codes == ord("?")
    if not question.any():
        return
    spaceish = question | np.isin(codes, _SPACE_CODES)
    edge = np.ones(1, dtype=bool)
    before = np.concatenate((edge, spaceish[:-1]))
    after = np.concatenate((spaceish[1:], edge))
    restore = question & (before | after)
    count = int(np.count_nonzero(restore))
    if not count:
        return
    new = codes.copy()
    new[restore] = 0xA0
    p.count("recovered", count)
    p.same_length(codes=new)


_SPACE_CODES = [ord(c) for c in " \t\u3000\u00a0\n"]


def _artifacts(p: Pass, text: str) -> None:
    artifacts = list(ARTIFACT.finditer(text))
    if not artifacts:
        return  # a ? that is only a ?: no reading tables to load
    known = syllables()
    builder = Builder(text)
    resume = 0
    last: tuple[int, str] = (-1, "")  # where the last repair ended, and its last character
    counts = {"recovered": 0, "lost": 0, "entities": 0}
    for m in artifacts:
        s = m.start()
        if s < resume or m.group(1) not in known:
            continue  # inside a stretch repaired already
        left = last[1] if last[0] == s else _left_of(text, s)
        stretch = decode_stretch(text, s, left)
        if stretch.end <= s:
            continue  # nothing to repair: the text reads best as it stands
        builder.replace(s, stretch.end, stretch.text)
        resume = stretch.end
        if stretch.text and stretch.text[-1] != LOST:
            last = (stretch.end, stretch.text[-1])
        counts["recovered"] += stretch.recovered
        counts["lost"] += stretch.lost
        counts["entities"] += stretch.entities
    out, edits = builder.finish()
    for name, n in counts.items():
        p.count(name, n)
    p.replaced(out, edits)


def _left_of(text: str, s: int) -> str:
    """The character a straddled key began in: the one before ``s``, or the one before its
    own reading (``創(chuàng)?…``)."""
    left = text[s - 1] if s > 0 else ""
    if left in ")）":
        ann = _ANNOTATION_BEFORE.search(text, max(0, s - 10), s)
        left = text[ann.start() - 1] if ann is not None and ann.start() > 0 else ""
    return left
