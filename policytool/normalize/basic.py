"""The plain steps: line ends, full-width letters and digits, whitespace."""

from __future__ import annotations

import re
from collections.abc import Callable

from policytool.normalize.offsets import Builder, sub
from policytool.normalize.pipeline import Pass

__all__ = ["newlines", "tidy", "whitespace", "width"]

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_NEWLINES = re.compile(f"\\r\\n?|[{_ZERO_WIDTH}]")


def newlines(p: Pass) -> None:
    """CRLF and CR to LF; zero-width characters removed."""
    text = p.text
    if "\r" not in text and not any(c in text for c in _ZERO_WIDTH):
        return
    out, edits, count = sub(text, _NEWLINES, lambda m: "\n" if m.group()[0] == "\r" else "")
    p.count("newlines", count)
    p.replaced(out, edits)


_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def width(p: Pass) -> None:
    """Full-width digits and Latin letters to ASCII; Chinese punctuation kept."""
    if p.has_codes:
        import numpy as np

        codes = p.codes()
        at = np.flatnonzero(codes - np.uint32(0xFF10) <= 0xFF5A - 0xFF10)
        if not at.size:
            return
        found = codes[at]
        at = at[(found <= 0xFF19) | ((found >= 0xFF21) & (found <= 0xFF3A)) | (found >= 0xFF41)]
        if not at.size:
            return
        folded = codes.copy()
        folded[at] -= np.uint32(0xFEE0)
        p.count("width_folded", len(at))
        p.same_length(codes=folded)
        return
    text = p.text
    if not _FULLWIDTH_ALNUM.search(text):
        return
    # Per match, not str.translate: a dict table makes translate look up every character.
    out, count = _FULLWIDTH_ALNUM.subn(lambda m: chr(ord(m.group()) - 0xFEE0), text)
    p.count("width_folded", count)
    p.same_length(text=out)


# Indentation at line starts: spaces, NBSP, U+3000, tabs and the ???? that NBSP became in GBK.
# Anchored on the newline itself (a literal: ``re`` finds it at memchr speed); a multiline
# ``^`` is tried at every position and ran 5x slower.
_INDENT_CHARS = "[ \t\u3000\u00a0]|\\?{2,}|\\?(?=[\\s\u3000\u00a0]|[\u3400-\u9fff“《（(])"
_INDENT = re.compile(f"(?:\\A|(?<=\\n))(?:{_INDENT_CHARS})+")
_INDENT_AFTER_NEWLINE = re.compile(f"\\n((?:{_INDENT_CHARS})+)")
_TRAILING = re.compile("[ \t\u3000\u00a0]+(?=\n|\\Z)")
_BLANK_RUNS = re.compile(r"\n{3,}")
#: NBSP and the typographic spaces (en, em, thin …) become a plain space; U+3000, the
#: ideographic space of Chinese layout (标　　题), stays.
_ODD_SPACE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f]")
_TYPOGRAPHIC_SPACE = re.compile("[\u2000-\u200a\u202f\u205f]")
_SPACES = (" ", "\t", "\u3000", "\u00a0")
#: Whatever after (or just before) a newline the whitespace step may change: indentation, a
#: run of blank lines, trailing space. One scan for the newline (a literal prefix, at memchr
#: speed, the space before it a lookbehind) spares most texts the three substitutions.
_LINE_WORK = re.compile("\n(?:[ \t\u3000\u00a0?]|\n\n|(?<=[ \t\u3000\u00a0]\n))")


def _has_line_work(text: str) -> bool:
    return text[-1:] in _SPACES or _LINE_WORK.search(text) is not None


def _has_trailing_space(text: str) -> bool:
    return (
        " \n" in text
        or "\u3000\n" in text
        or "\t\n" in text
        or "\u00a0\n" in text
        or text[-1:] in _SPACES
    )


def _whitespace_fast(text: str, p: Pass) -> str:
    """The whitespace step without offsets: ``re.subn`` in C, no Python per match."""
    head = _INDENT.match(text)
    count = 0
    if head is not None and head.end() > 0:
        text = text[head.end() :]
        count += 1
    if _has_line_work(text):
        text, n = _INDENT_AFTER_NEWLINE.subn("\n", text)
        count += n
        if _has_trailing_space(text):
            text, n = _TRAILING.subn("", text)
            count += n
        if "\n\n\n" in text:
            text, n = _BLANK_RUNS.subn("\n\n", text)
            count += n
    if "\u00a0" in text:  # str.replace: several times faster than a regex substitution
        count += text.count("\u00a0")
        text = text.replace("\u00a0", " ")
    if p.unclean and _TYPOGRAPHIC_SPACE.search(text):
        text, n = _TYPOGRAPHIC_SPACE.subn(" ", text)
        count += n
    p.count("whitespace", count)
    return text.strip("\n")


def _replacing_with(repl: str) -> Callable[[re.Match[str]], str | None]:
    def replace_match(m: re.Match[str]) -> str | None:
        return repl if m.group() != repl else None

    return replace_match


def whitespace(p: Pass) -> None:
    """``????`` and NBSP/U+3000 indentation at line starts removed, other NBSP to spaces,
    trailing spaces and runs of blank lines removed."""
    text = p.text
    if not p.track:
        out = _whitespace_fast(text, p)
        if out != text:
            p.untracked(out)
        return
    # Indentation: at the very start, and after each newline.
    head = _INDENT.match(text)
    builder = Builder(text)
    count = 0
    if head is not None and head.end() > 0:
        builder.replace(0, head.end(), "")
        count += 1
    lines = _has_line_work(text)
    for m in _INDENT_AFTER_NEWLINE.finditer(text) if lines else ():
        builder.replace(m.start(1), m.end(1), "")
        count += 1
    if count:
        text, edits = builder.finish()
        p.replaced(text, edits)
        p.count("whitespace", count)
    for pattern, repl, needle in (
        (_TRAILING, "", _has_trailing_space),
        (_BLANK_RUNS, "\n\n", lambda t: "\n\n\n" in t),
    ):
        if not lines or not needle(text):
            continue  # a substring test runs at memory speed; most texts need neither
        text, edits, count = sub(text, pattern, _replacing_with(repl))
        p.count("whitespace", count)
        p.replaced(text, edits)
    if "\u00a0" in text or (p.unclean and _TYPOGRAPHIC_SPACE.search(text)):
        text, n = _ODD_SPACE.subn(" ", text)
        p.count("whitespace", n)
        p.same_length(text=text)
    _strip_newlines(p, text)


def tidy(p: Pass) -> None:
    """Runs of blank lines to one, and newlines at the text's ends removed: what a step that
    removes lines leaves behind."""
    text = p.text
    if "\n\n\n" in text:
        out, edits, count = sub(text, _BLANK_RUNS, _replacing_with("\n\n"))
        p.replaced(out, edits)
        text = out
    _strip_newlines(p, text)


def _strip_newlines(p: Pass, text: str) -> None:
    """Newlines at either end of ``text`` (the pass's current text) removed."""
    stripped = text.strip("\n")
    if stripped != text:
        lead = len(text) - len(text.lstrip("\n"))
        builder = Builder(text)
        builder.replace(0, lead, "")
        builder.replace(lead + len(stripped), len(text), "")
        out, edits = builder.finish()
        p.replaced(out, edits)
