"""HTML pages in: recognised, decoded by their declared charset, read as their text."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from policytool.io.html import declared_charset, html_text, is_html
from policytool.io.loader import load_documents
from tests.conftest import invoke

PAGE = """<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=big5">
<title>內政部組織法(01011)</title>
<style>body { color: red }</style>
<script>var x = "<p>不是正文</p>";</script>
</head>
<body>
<!-- 導航 -->
<div class="nav"><a href="/">首頁</a> &gt; <a href="/law">法規</a></div>
<h1>內政部組織法</h1>
<p>第一條&nbsp;&nbsp;內政部掌理全國內務行政事務。</p>
<p>第二條　內政部對於各地方最高級行政長官，<br>執行本部主管事務，有指示監督之責。</p>
<table>
<tr><td>中華民國 17 年 12 月 8 日</td><td>制定23條</td></tr>
<tr><td>中華民國 20 年 3 月 7 日</td><td>修正全文25條</td></tr>
<tr><td>&nbsp;&nbsp;&nbsp;</td></tr>
</table>
</body></html>
"""


def test_recognised_by_name_or_content() -> None:
    assert is_html(b"anything", "page.HTM")
    assert is_html(b"\n  <!doctype html><html>", None)
    assert is_html(b"<META HTTP-EQUIV=Content-Type Content='text/html; charset=big5'>", None)
    assert not is_html("国务院办公厅关于<印发>的通知".encode(), "notice.txt")


def test_declared_charset() -> None:
    assert declared_charset(PAGE.encode("big5")) == "big5"
    assert declared_charset(b'<meta charset="GB2312">') == "gb2312"
    assert declared_charset(b"<p>no meta</p>") is None


def test_text_as_a_reader_sees_it() -> None:
    text = html_text(PAGE)
    lines = text.split("\n")
    assert lines[0] == "內政部組織法(01011)"  # the title first
    assert "不是正文" not in text and "color" not in text and "導航" not in text
    assert "第一條\u00a0\u00a0內政部掌理全國內務行政事務。" in lines
    assert "第二條　內政部對於各地方最高級行政長官，" in lines  # <br> is a line break
    assert "執行本部主管事務，有指示監督之責。" in lines
    assert "中華民國 17 年 12 月 8 日\t制定23條" in lines  # one row a line
    assert not any(line.strip(" \u00a0") == "" and line for line in lines)


def test_broken_and_deep_markup_never_raises() -> None:
    assert html_text("<p>未閉合<td>單元格<b>粗") == "未閉合\n\n單元格粗"
    deep = "<div>" * 5000 + "深" + "</div>" * 5000
    assert "深" in html_text(deep)
    assert html_text("") == "" and html_text("   ") == ""


def test_the_loader_reads_a_big5_page_by_its_meta(tmp_path: Path) -> None:
    path = tmp_path / "law.html"
    path.write_bytes(PAGE.encode("big5"))
    [doc] = list(load_documents([str(path)]))
    assert doc.format == "html" and doc.encoding == "cp950"
    assert doc.text.startswith("內政部組織法(01011)\n\n首頁 > 法規")
    assert doc.nbytes == len(PAGE.encode("big5"))


def test_a_page_without_an_html_name_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "saved_page"
    body = "通知".encode("gbk")
    path.write_bytes(b'<html><head><meta charset="gbk"></head><body><p>' + body + b"</p></body>")
    [doc] = list(load_documents([str(path)]))
    assert (doc.format, doc.text, doc.encoding) == ("html", "通知", "gb18030")


def test_normalize_prints_the_page_text_not_its_tags(tmp_path: Path) -> None:
    path = tmp_path / "law.html"
    path.write_bytes(PAGE.encode("big5"))
    result = invoke(CliRunner(), ["normalize", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "<" not in result.stdout and "内政部组织法" in result.stdout
    assert "中华民国 17 年 12 月 8 日\t制定23条" in result.stdout
