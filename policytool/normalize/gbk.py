"""GBK byte tables for the repair of lossy GBK round trips: which byte pairs are characters,
each character's bytes, the characters of a lead byte, and the scraper's keys by reading.

>>> char_bytes("國"), pair_char(0x87, 0xf8)
(b'\\x87\\xf8', '國')
"""

from __future__ import annotations

from functools import cache, lru_cache

from policytool.normalize.readings import chars_by_reading

__all__ = ["char_bytes", "chars_of_lead", "key_trails", "pair_char"]


@cache
def _pairs() -> dict[int, str]:
    """Every two-byte GBK character by its bytes as an integer (lead << 8 | trail). Built by
    one encode of the BMP (a decode per pair would take half a second)."""
    chars = [chr(c) for c in range(0x80, 0x10000) if not 0xD800 <= c < 0xE000]
    pieces = "\n".join(chars).encode("gbk", "replace").split(b"\n")
    return {
        piece[0] << 8 | piece[1]: char
        for char, piece in zip(chars, pieces, strict=True)
        if len(piece) == 2
    }


def pair_char(lead: int, trail: int) -> str | None:
    """The GBK character of the bytes ``lead, trail``, or None."""
    return _pairs().get(lead << 8 | trail)


@lru_cache(maxsize=65536)
def char_bytes(char: str) -> bytes | None:
    """``char``'s GBK bytes when it is a two-byte character, else None."""
    try:
        data = char.encode("gbk")
    except UnicodeEncodeError:
        return None
    return data if len(data) == 2 else None


@cache
def chars_of_lead(lead: int) -> tuple[str, ...]:
    """The characters whose first GBK byte is ``lead``."""
    return tuple(char for code, char in sorted(_pairs().items()) if code >> 8 == lead)


@cache
def _keys() -> dict[tuple[str, int], frozenset[int]]:
    by: dict[tuple[str, int], set[int]] = {}
    for reading, chars in chars_by_reading().items():
        for char in chars:
            data = char_bytes(char)
            if data is not None:
                by.setdefault((reading, data[0]), set()).add(data[1])
    return {key: frozenset(trails) for key, trails in by.items()}


def key_trails(reading: str, first: int) -> frozenset[int]:
    """The second bytes of the characters read ``reading`` whose first byte is ``first``:
    where a key the scraper annotated with ``reading`` straddled a character boundary after a
    character whose last byte is ``first``, the lead byte of the next character."""
    return _keys().get((reading, first), frozenset())
