"""Traditional → simplified, by the table-driven conversion of :mod:`policytool.text.convert`.

A text with no traditional-only character is not converted at all. A text that is written in
simplified script but holds a few traditional characters (the 噁 of 二噁英, a quoted name) is
converted only on the lines that hold them: the rest of a simplified document is never touched,
and never pays for the conversion. A traditional (or mixed) text is converted whole, so that
characters both scripts use (乾, 著) follow their phrases (乾燥 → 干燥).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from policytool.normalize.offsets import Builder
from policytool.normalize.pipeline import Pass
from policytool.text.convert import converter, simplify, simplify_codes
from policytool.text.script import MIXED_SHARE, count_script_chars

if TYPE_CHECKING:
    import numpy as np

__all__ = ["script", "traditional_re"]


@cache
def traditional_re() -> re.Pattern[str]:
    """Any traditional-only character: a BMP character class, which ``re`` checks with a
    bitmap, so a text without one is scanned at hundreds of MB/s."""
    from policytool.text.script import traditional_chars

    return re.compile(f"[{re.escape(''.join(sorted(traditional_chars())))}]")


@cache
def _traditional_table() -> np.ndarray:
    import numpy as np

    from policytool.text.script import traditional_chars

    table = np.zeros(0x110000, dtype=bool)
    table[[ord(c) for c in traditional_chars()]] = True
    return table


#: Phrases OpenCC's t2s leaves traditional where mainland policy text writes otherwise
#: (覆函 for a reply letter is 复函); each the same length, so offsets hold.
_AFTER_T2S = (("覆函", "复函"),)


def _after_t2s(codes: np.ndarray) -> int:
    """Rewrite :data:`_AFTER_T2S` in the code points ``codes``; how many characters changed."""
    import numpy as np

    changed = 0
    for wrong, right in _AFTER_T2S:
        at = np.flatnonzero(codes[: len(codes) - len(wrong) + 1] == ord(wrong[0]))
        for k in range(1, len(wrong)):
            at = at[codes[at + k] == ord(wrong[k])]
        for k, (a, b) in enumerate(zip(wrong, right, strict=True)):
            if a != b:
                codes[at + k] = ord(b)
                changed += len(at)
    return changed


def _is_simplified(text: str) -> bool:
    """Whether a text that holds traditional characters is still written in simplified
    script: the traditional ones under the share that makes it mixed."""
    simplified, traditional = count_script_chars(text)
    return traditional < MIXED_SHARE * (simplified + traditional)


def script(p: Pass) -> None:
    """Convert the traditional characters (see the module's docstring)."""
    if p.has_codes:
        codes = p.codes()
        if not _traditional_table()[codes].any():
            return
        if _is_simplified(p.text):
            _convert_lines(p)
            return
        _convert_codes(p, codes)
        return
    text = p.text
    if traditional_re().search(text) is None:
        return
    if _is_simplified(text):
        _convert_lines(p)
        return
    _convert_codes(p, p.codes())


def _convert_codes(p: Pass, codes: np.ndarray) -> None:
    import numpy as np

    converted = simplify_codes(codes, keep=p.protect)
    if converted is None:
        # OpenCC's dictionaries are character for character; should one ever not be, map the
        # changed lines as wholes so offsets stay right.
        _convert_by_line(p)
        return
    changed = int(np.count_nonzero(converted != codes)) + _after_t2s(converted)
    if changed:
        p.count("converted", changed)
        p.same_length(codes=converted)


def _convert_lines(p: Pass) -> None:
    """Convert only the lines that hold a traditional-only character."""
    import numpy as np

    text = p.text
    protect = sorted(p.protect)
    parts: list[tuple[int, int, str]] = []
    end = -1
    for m in traditional_re().finditer(text):
        if m.start() < end:
            continue  # on the line just converted
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        line = text[start:end]
        keep = [i - start for i in protect if start <= i < end]
        codes = np.frombuffer(line.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        converted = simplify_codes(codes, keep)
        if converted is None:
            new, changed = simplify(line, keep)
        else:
            changed = int(np.count_nonzero(converted != codes)) + _after_t2s(converted)
            new = converted.tobytes().decode("utf-32-le", "surrogatepass")
        if changed:
            parts.append((start, end, new))
            p.count("converted", changed)
    if not parts:
        return
    if all(len(new) == end - start for start, end, new in parts):
        pieces, prev = [], 0
        for start, end, new in parts:
            pieces += [text[prev:start], new]
            prev = end
        pieces.append(text[prev:])
        p.same_length(text="".join(pieces))
        return
    builder = Builder(text)
    for start, end, new in parts:
        builder.replace(start, end, new)
    out, edits = builder.finish()
    p.replaced(out, edits)


def _convert_by_line(p: Pass) -> None:
    text = p.text
    builder = Builder(text)
    pos = 0
    for line in text.split("\n"):
        new = str(converter().convert(line))
        if new != line:
            builder.replace(pos, pos + len(line), new)
            p.count("converted", len(line))
        pos += len(line) + 1
    out, edits = builder.finish()
    p.replaced(out, edits)
