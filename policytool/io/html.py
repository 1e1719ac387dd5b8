"""HTML pages in: recognised, decoded by their declared charset, and read as their text.

Scraped corpora are very often saved pages. :func:`is_html` recognises one by its name
(``.html``, ``.htm`` …) or its first bytes (``<!DOCTYPE html``, ``<html``, ``<head``, ``<meta``
…); :func:`declared_charset` reads ``<meta charset>`` or the ``http-equiv`` Content-Type in the
first 4 KB — a strong signal, taken before detection; :func:`html_text` gives the page's text
as a reader sees it: the title first, tags removed, entities decoded, scripts, styles and
comments dropped, block elements and ``<br>`` as line breaks, a table one row a line (cells
separated by a tab). The parsing is lxml's (libxml2's HTML parser, which takes the broken
markup of real pages); the walk is iterative, so no nesting depth can exhaust the stack.

>>> html_text("<html><head><title>通知</title></head><body><p>第一段&nbsp;内容</p>"
...           "<table><tr><td>甲</td><td>乙</td></tr></table><script>x()</script></body></html>")
'通知\\n\\n第一段\\xa0内容\\n\\n甲\\t乙'
"""

from __future__ import annotations

import html
import re

__all__ = ["HTML_SUFFIXES", "declared_charset", "html_text", "is_html"]

#: File name endings read as HTML pages.
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".shtm", ".asp", ".aspx", ".php", ".jsp")

_SNIFF = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|meta|title|table|div|p\b|font|center|frameset)",
    re.IGNORECASE | re.DOTALL,
)
_CHARSET = re.compile(
    rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE | re.DOTALL
)

#: Elements whose content is no text of the page.
_SKIP = frozenset(
    {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
     "head", "select", "button", "map"}
)  # fmt: skip
#: Elements that start and end a block (a line of their own).
_BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
     "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
     "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "legend", "li",
     "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead",
     "tfoot", "tr", "ul", "title"}
)  # fmt: skip
_CELLS = frozenset({"td", "th"})
_SPACE_RUN = re.compile(r"[ \t\n\r\f]+")


def is_html(data: bytes, name: str | None = None) -> bool:
    """Whether a file is an HTML page: by its name, else by its first bytes."""
    if name is not None and name.lower().endswith(HTML_SUFFIXES):
        return True
    return _SNIFF.match(data[:2048]) is not None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` of its first 4 KB, as written."""
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m is not None else None


def html_text(page: str) -> str:
    """The text of an HTML page (see the module's docstring). Markup that is not HTML at all
    comes back as its text with the tags removed; never raises on broken markup."""
    import lxml.html
    from lxml import etree

    if not page.strip():
        return ""
    try:
        # huge_tree: past libxml2's nesting limit (256) the rest of the page would be lost.
        parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
        root = lxml.html.document_fromstring(page, parser=parser)
    except (etree.ParserError, ValueError):
        return _stripped(page)
    out = _TextBuilder()
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        out.text(title.text_content())
        out.block()
    skipping = 0  # depth inside elements whose content is skipped
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        name = tag.lower()
        if event == "start":
            if skipping or name in _SKIP or not tag:
                skipping += 1
                continue
            if name in _BLOCKS:
                out.block()
            elif name in _CELLS:
                out.cell()
            elif name == "br":
                out.line()
            if element.text:
                out.text(element.text)
            continue
        # end
        if skipping:
            skipping -= 1
        elif name in _BLOCKS:
            out.block()
        if not skipping and element.tail:
            out.text(element.tail)
    text = out.finish()
    # libxml2 drops what is nested past its limit (~2,000 levels); a page's text is never
    # lost for it: where the tree holds much less text than the markup, the markup is read
    # by the plain tag stripper instead.
    markup = _letters(html.unescape(_STRIP_SKIPPED.sub(" ", page)))
    if markup - _letters(text) > 0.1 * markup:
        return _stripped(page)
    return text


_STRIP_SKIPPED = re.compile(
    r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.I | re.S
)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|tr|li|h[1-6]|table|title|section|article|blockquote|pre|ul|ol|dl|dt|dd)\b[^>]*>",
    re.I,
)
_LETTER = re.compile(r"\w")


def _letters(text: str) -> int:
    # Counted by what a deletion leaves, not by a list of every letter (memory of a page).
    return len(text) - len(_LETTER.sub("", text))


def _stripped(page: str) -> str:
    """The page's text by regular expressions alone: the fallback for markup the parser
    cannot take whole."""
    page = re.sub(
        r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", " ", page, flags=re.I | re.S
    )
    page = _BLOCK_TAG.sub("\n", page)
    text = html.unescape(re.sub(r"<[^>]*>", "", page))
    lines = (_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line.strip(" \u00a0\u3000"))


class _TextBuilder:
    """Text from a walk over the tree: runs of HTML whitespace are one space, blocks are
    separated by a blank line, ``<br>`` is a line break, cells of a row are separated by a
    tab."""

    def __init__(self) -> None:
        self.lines: list[str] = []  # finished lines, "" for a paragraph break
        self.current: list[str] = []
        self.row_started = False

    def text(self, text: str) -> None:
        text = _SPACE_RUN.sub(" ", text)
        if not self.current and text.startswith(" "):
            text = text.lstrip(" ")
        if text:
            self.current.append(text)

    def _end_line(self) -> None:
        line = "".join(self.current).rstrip(" ")
        self.current = []
        self.row_started = False
        if line.strip(" \t\u00a0\u3000"):  # a line of nothing but spaces is layout
            self.lines.append(line.strip("\t"))

    def line(self) -> None:
        self._end_line()

    def block(self) -> None:
        self._end_line()
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def cell(self) -> None:
        if self.row_started and self.current:
            joined = "".join(self.current).rstrip(" ")
            self.current = [joined, "\t"] if joined and not joined.endswith("\t") else [joined]
        self.row_started = True

    def finish(self) -> str:
        self._end_line()
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines)
