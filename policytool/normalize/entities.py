"""HTML entities, well-formed and as scraped pages break them.

Named (``&ldquo;``), decimal (``&#37329;``) and hexadecimal (``&#x91d1;``) entities are decoded;
so are the broken forms: a common name without its ``;`` (``&rdquo``, where a letter or ``=``
does not follow, so a URL's ``&sn=`` stays), and a name with letters lost (``&bsp;``) where
the name is unambiguous — or where every name it could be is a space (``&sp;``). Escaped
escapes (``&amp;ldquo;``) decode in one go, so the step is idempotent. An entity that would
give a control character, a surrogate or a letter is left as it is.

>>> from policytool.normalize.pipeline import Pass
>>> p = Pass("&ldquo;通知&rdquo，&amp;nbsp;&bsp;")
>>> entities(p)
>>> p.text, p.counts["entities"]
('“通知”，\\xa0\\xa0', 4)
"""

from __future__ import annotations

import html
import re
from functools import cache
from html.entities import html5

from policytool.normalize.offsets import sub
from policytool.normalize.pipeline import Pass

__all__ = ["decode_entity", "entities"]

#: Names that pages write without their ``;`` often enough to decode so (long enough not to
#: be a word's start: ``&lt`` is left).
_COMMON = (
    "nbsp", "ldquo", "rdquo", "lsquo", "rsquo", "mdash", "ndash", "hellip", "middot", "quot",
    "amp", "bull", "times", "copy", "emsp", "ensp", "thinsp", "laquo", "raquo", "divide",
    "plusmn", "deg", "sup2", "sup3", "reg", "trade", "yen", "permil",
)  # fmt: skip
_SPACE_NAMES = frozenset({"nbsp", "emsp", "ensp", "thinsp"})
#: A chain of escaped ampersands (``&amp;amp;``), then the entity it leads to.
_ENTITY = re.compile(
    r"&(?P<chain>(?:(?:amp|AMP|#38|#x26|#X26);)*)"
    r"(?:#([0-9]{1,7})(;?)|#[xX]([0-9a-fA-F]{1,6})(;?)|([A-Za-z][A-Za-z0-9]{0,31})(;?))"
)
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


@cache
def _lost_letters() -> dict[str, str]:
    """A common name with one letter lost (two for the space names, which scraped NBSP runs
    wear down: ``&sp;``) → the name, where it is unambiguous or every name it could be is a
    space (then NBSP)."""
    found: dict[str, set[str]] = {}
    for name in _COMMON:
        if len(name) < 4:
            continue
        for i in range(len(name)):
            found.setdefault(name[:i] + name[i + 1 :], set()).add(name)
            for j in range(i + 1, len(name) if name in _SPACE_NAMES else 0):
                short = name[:i] + name[i + 1 : j] + name[j + 1 :]
                if len(short) >= 2:
                    found.setdefault(short, set()).add(name)
    out = {}
    for short, names in found.items():
        if short in html5 or f"{short};" in html5:
            continue  # a real name of its own
        if len(names) == 1:
            out[short] = next(iter(names))
        elif names <= _SPACE_NAMES:
            out[short] = "nbsp"
    return out


def _acceptable(value: str) -> bool:
    """Whether a decoded entity may go into the text: not a control character, surrogate or
    noncharacter (they stay entities), nor a letter, digit or ``&#;`` (which could spell a new
    entity with the text around it)."""
    if len(value) != 1:
        return bool(value)
    code = ord(value)
    if value in "\t\n" or value in _ZERO_WIDTH:
        return True
    if code < 0x20 or 0x7F <= code < 0xA0 or 0xD800 <= code < 0xE000 or code in (0xFFFE, 0xFFFF):
        return False
    return not (value.isascii() and (value.isalnum() or value in "&#;"))


def decode_entity(m: re.Match[str], following: str = "") -> str | None:
    """What the entity matched by :data:`_ENTITY` stands for, or None to leave it. Escaped
    ampersands before it (``&amp;amp;``) are one ``&``: where the entity after them does not
    decode, the match becomes ``&`` and that entity's text."""
    value = _decode_inner(m, following)
    if value is None and m.group("chain"):
        return "&" + m.group()[len(m.group("chain")) + 1 :]
    return value


def _decode_inner(m: re.Match[str], following: str) -> str | None:
    _, dec, dec_semi, hexa, hex_semi, name, name_semi = m.groups()
    if dec is not None or hexa is not None:
        code = int(dec, 10) if dec is not None else int(hexa, 16)
        if not (dec_semi or hex_semi) and following[:1].isalnum():
            return None
        if code == 0 or 0xD800 <= code < 0xE000 or code > 0x10FFFF:
            return None
        if code == 0x0D:
            return "\n"
        if code == 0x26:
            return "&"  # the greedy chain took any entity that followed
        value = html.unescape(f"&#{code};")
    elif name_semi:
        if f"{name};" in html5:
            value = html5[f"{name};"]
        else:
            full = _lost_letters().get(name)
            if full is None:
                return None
            value = html5[f"{full};"]
    else:
        after = following[:1]
        if name not in _COMMON or after.isalnum() or (after and after in "=_"):
            return None
        value = html5[f"{name};"]
    if value == "&":
        return value  # the greedy chain took any entity that followed
    if value in _ZERO_WIDTH:
        return ""
    return value if _acceptable(value) else None


def entities(p: Pass) -> None:
    """Every HTML entity the text holds, decoded where it is one."""
    text = p.text
    if "&" not in text:
        return

    def replace(m: re.Match[str]) -> str | None:
        return decode_entity(m, text[m.end() : m.end() + 1])

    out, edits, count = sub(text, _ENTITY, replace)
    p.count("entities", count)
    p.replaced(out, edits)
