"""The loader core: decoding, inputs, JSONL, errors and streaming."""

from __future__ import annotations

import codecs
import io
import json
from pathlib import Path

import pytest

from policytool.io.loader import (
    DecodeError,
    Document,
    LoadError,
    decode_bytes,
    iter_input_files,
    load_documents,
    normalize_encoding_name,
)

CASES = json.loads((Path(__file__).parent / "cases" / "decode.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_decode_detects_encoding(case: dict[str, str]) -> None:
    data = case["text"].encode(case["encode"])
    text, encoding = decode_bytes(data)
    assert text == case["text"]
    assert encoding == case["expect"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x80\x80\x80\xff\xfe\xfd" * 50, "cannot decode"),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 10, "binary"),
    ],
)
def test_decode_rejects_binary_and_garbage(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        decode_bytes(data)


def test_forced_encoding_replaces_or_is_strict_and_names_the_offset() -> None:
    from policytool.io.loader import decode_document

    assert decode_bytes("国务院".encode("gbk"), "gbk") == ("国务院", "gb18030")
    text, used, bad = decode_document("国务院".encode("gbk"), "utf-8")
    assert used == "utf-8" and bad == text.count("\ufffd") > 0
    with pytest.raises(DecodeError, match=r"not valid utf-8: byte 0xb9 at offset 0"):
        decode_document("国务院".encode("gbk"), "utf-8", errors="strict")


def test_encoding_names() -> None:
    assert normalize_encoding_name("GB2312") == "gb18030"
    assert normalize_encoding_name("cp936") == "gb18030"
    assert normalize_encoding_name("UTF8") == "utf-8"
    with pytest.raises(LookupError):
        normalize_encoding_name("no-such-codec")


def test_directory_recursion_is_sorted_skips_hidden_and_keeps_given_prefix(corpus: Path) -> None:
    docs = list(load_documents([str(corpus)]))
    ids = [d.id for d in docs]
    prefix = str(corpus)
    assert ids == [
        f"{prefix}/a_notice.txt",
        f"{prefix}/b_gbk.txt",
        f"{prefix}/c_big5.txt",
        f"{prefix}/d_utf16.txt",
        f"{prefix}/sub/e_annotated.txt",
    ]
    assert all(isinstance(d, Document) for d in docs)


def test_directory_documents_carry_source_metadata(corpus: Path) -> None:
    by_name = {Path(d.id).name: d for d in load_documents([str(corpus)])}
    gbk = by_name["b_gbk.txt"]
    assert isinstance(gbk, Document)
    assert gbk.encoding == "gb18030"
    assert gbk.nbytes == (corpus / "b_gbk.txt").stat().st_size
    assert gbk.text == by_name["a_notice.txt"].text  # type: ignore[union-attr]
    assert gbk.path == str(corpus / "b_gbk.txt")
    big5 = by_name["c_big5.txt"]
    assert isinstance(big5, Document) and big5.encoding == "cp950"
    assert big5.text.startswith("國務院辦公廳")


def test_glob_filters_directory_files_but_not_named_files(corpus: Path) -> None:
    ids = [d.id for d in load_documents([str(corpus)], glob=["*_big5.txt"])]
    assert ids == [f"{corpus}/c_big5.txt"]
    ids = [d.id for d in load_documents([str(corpus)], glob=["*.txt", "!b_*"])]
    assert f"{corpus}/b_gbk.txt" not in ids and len(ids) == 4
    ids = [d.id for d in load_documents([str(corpus)], glob=["sub/*"])]
    assert ids == [f"{corpus}/sub/e_annotated.txt"]
    named = corpus / "a_notice.txt"
    assert [d.id for d in load_documents([str(named)], glob=["*.jsonl"])] == [str(named)]


def test_missing_file_and_binary_file_are_errors_in_place(corpus: Path) -> None:
    (corpus / "c_image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    results = list(load_documents([str(corpus / "missing.txt"), str(corpus)]))
    assert isinstance(results[0], LoadError)
    assert results[0].id == str(corpus / "missing.txt")
    assert "no such file" in results[0].reason
    errors = [r for r in results if isinstance(r, LoadError)]
    assert [Path(e.id).name for e in errors] == ["missing.txt", "c_image.png"]
    assert "binary" in errors[1].reason
    # the rest of the run went on, in order
    names = [Path(r.id).name for r in results]
    assert names.index("c_big5.txt") < names.index("c_image.png") < names.index("d_utf16.txt")


def test_empty_file_is_an_empty_document(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    [doc] = load_documents([str(tmp_path / "empty.txt")])
    assert isinstance(doc, Document)
    assert (doc.text, doc.nbytes) == ("", 0)


def test_jsonl_file_gives_one_document_per_line_with_metadata(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"id": "n1", "text": "国务院", "url": "http://a", "year": 2019}),
        "",
        json.dumps({"id": 7, "text": "國務院"}),
        "not json",
        json.dumps({"id": "n3"}),
        json.dumps({"text": "无编号"}),
        json.dumps([1, 2]),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = list(load_documents([str(path)]))
    first = results[0]
    assert isinstance(first, Document)
    assert (first.id, first.text, dict(first.meta)) == (
        "n1",
        "国务院",
        {"url": "http://a", "year": 2019},
    )
    assert isinstance(results[1], Document) and results[1].id == "7"
    assert isinstance(results[2], LoadError) and results[2].id == f"{path}:4"
    assert "invalid JSON" in results[2].reason
    assert isinstance(results[3], LoadError) and '"text"' in results[3].reason
    assert isinstance(results[4], Document) and results[4].id == f"{path}:6"
    assert isinstance(results[5], LoadError) and "not an object" in results[5].reason


def test_jsonl_custom_fields(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"doc_id": "x", "body": "正文", "id": "meta"}) + "\n", "utf-8")
    [doc] = load_documents([str(path)], id_field="doc_id", text_field="body")
    assert isinstance(doc, Document)
    assert (doc.id, doc.text, dict(doc.meta)) == ("x", "正文", {"id": "meta"})


def test_stdin_text_and_jsonl_detection() -> None:
    [doc] = load_documents(["-"], stdin=io.BytesIO(NOTICE_GBK))
    assert isinstance(doc, Document)
    assert (doc.id, doc.encoding) == ("-", "gb18030")
    stream = io.BytesIO(b'\n  {"id": "a", "text": "x"}\n{"id": "b", "text": "y"}\n')
    assert [d.id for d in load_documents([], stdin=stream)] == ["a", "b"]
    forced = io.BytesIO(b'{"id": "a", "text": "x"}\n')
    [text_doc] = load_documents(None, stdin=forced, stdin_format="text")
    assert isinstance(text_doc, Document) and text_doc.id == "-"
    assert text_doc.text.startswith("{")


NOTICE_GBK = "国务院办公厅关于推进示范基地建设的实施意见".encode("gbk")


def test_loader_streams_one_document_at_a_time(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"第{i}号", encoding="utf-8")
    docs = load_documents([str(tmp_path)])
    first = next(docs)
    assert isinstance(first, Document) and first.text == "第0号"
    # a file changed after the first document was yielded has not been read yet
    (tmp_path / "2.txt").write_text("已修改", encoding="utf-8")
    rest = list(docs)
    assert [d.text for d in rest if isinstance(d, Document)] == ["第1号", "已修改"]


def test_iter_input_files_expands_dash_and_missing(tmp_path: Path) -> None:
    pairs = list(iter_input_files(["-", str(tmp_path / "nope")]))
    assert pairs == [("-", None), (str(tmp_path / "nope"), str(tmp_path / "nope"))]


def test_unknown_stdin_format_is_rejected() -> None:
    with pytest.raises(ValueError, match="stdin_format"):
        list(load_documents(["-"], stdin_format="xml"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (codecs.BOM_UTF8 + b"ok\xff", "byte-order mark says utf-8-sig, but byte 0xff at offset 5"),
        (codecs.BOM_UTF16_LE + b"a\x00\x00\xdc", "byte-order mark says utf-16, but byte 0x00"),
    ],
)
def test_bom_that_lies_is_an_error_naming_the_byte(data: bytes, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        decode_bytes(data)
