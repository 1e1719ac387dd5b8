"""Hostile inputs: no traceback, the documented exit code, the good documents' records, and
the inputs untouched — through the real entry point (a subprocess for pipes and files)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytool.io.loader import decode_document, load_documents
from policytool.io.writers import escape_tsv, json_line
from tests.conftest import run_policytool

GOOD = "国务院办公厅关于推进工作的通知。\n"


def _ok(done: object, code: int) -> None:
    stderr = done.stderr.decode("utf-8", "replace")  # type: ignore[attr-defined]
    assert "Traceback" not in stderr, stderr
    assert done.returncode == code, stderr  # type: ignore[attr-defined]


def test_lone_surrogates_in_jsonl_pass_through_every_command_and_pipe() -> None:
    lines = (
        '{"id": "a\\ud800", "text": "国务院\\udc00办公厅。"}\n'
        '{"id": "b", "text": "通知。", "n": NaN}\n'
    ).encode()
    first = run_policytool(["normalize", "-f", "jsonl"], input=lines)
    _ok(first, 0)
    for line in first.stdout.decode("utf-8").splitlines():
        json.loads(line)  # every line is JSON (no NaN, no raw surrogate)
    commands = (["info"], ["dates"], ["docnum"], ["meta"], ["cite"], ["dedupe"])
    for command in (*commands, ["normalize", "-f", "jsonl"]):
        for fmt in ("tsv", "jsonl", "csv", "json"):
            args = [*command, "-f", fmt] if command[0] != "normalize" else command
            done = run_policytool(args, input=first.stdout)
            _ok(done, 0)
            done.stdout.decode("utf-8")  # strict UTF-8


def test_citation_graphs_with_controls_and_surrogates_in_ids_parse() -> None:
    import xml.etree.ElementTree as ET

    cited = "国务院关于加强<质量>工作的意见"
    docs = [
        {"id": "a\x01&\ud800<", "text": f"为贯彻落实《{cited}》（国发〔2019〕3号），制定本办法。"},
        {"id": "b\x0b\u2028\"", "text": f"{cited}\n国发〔2019〕3号\n各省、自治区：现提出意见。"},
    ]
    lines = "".join(json.dumps(d) + "\n" for d in docs).encode()  # \ud800 as an escape
    for fmt in ("graphml", "dot", "json"):
        done = run_policytool(["cite", "--graph", fmt], input=lines)
        _ok(done, 0)
        out = done.stdout.decode("utf-8")  # strict UTF-8: no raw surrogate
        if fmt == "graphml":
            root = ET.fromstring(out.encode())
            ns = "{http://graphml.graphdrawing.org/xmlns}"
            ids = {n.get("id") for n in root.iter(f"{ns}node")}
            assert {"doc:a\\u0001&\\ud800<", 'doc:b\\u000b\u2028"'} <= ids
            assert len(list(root.iter(f"{ns}edge"))) == 1
        elif fmt == "json":
            graph = json.loads(out)
            assert len(graph["links"]) == 1
        else:
            assert out.count(" -> ") == 1 and "\x01" not in out and "\x0b" not in out
    explained = run_policytool(["cite", "--explain"], input=lines)
    _ok(explained, 0)
    explained.stdout.decode("utf-8")


@pytest.mark.parametrize("locale", [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "LANG": "C"}])
def test_records_are_utf8_whatever_the_locale(tmp_path: Path, locale: dict[str, str]) -> None:
    import subprocess
    import sys

    path = tmp_path / "通知.txt"
    path.write_text(GOOD, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHONIO"))}
    env.update(locale, PYTHONUTF8="0")
    for args in (["info", str(path)], ["normalize", str(path)], ["meta", str(path), "-f", "csv"]):
        done = subprocess.run(
            [sys.executable, "-m", "policytool", *args, str(tmp_path / "缺.txt")],
            capture_output=True,
            env=env,
            timeout=120,
        )
        _ok(done, 1)  # the missing file is the one failure
        out = done.stdout.decode("utf-8")
        assert "通知" in out or "国务院" in out
        assert "缺.txt" in done.stderr.decode("utf-8", "backslashreplace") or b"\\u" in done.stderr


def test_a_page_that_is_one_long_line_goes_through_every_command(tmp_path: Path) -> None:
    # A scraped page without line breaks: ~1 MB, thousands of sentences, numbers and dates.
    unit = (
        "国务院办公厅关于印发实施方案的通知（国办发〔2019〕12号）2019年3月5日发布。"
        "各地区要贯彻落实《关于加强管理的意见》，自2019年4月1日起施行！"
    )
    path = tmp_path / "line.txt"
    path.write_text(unit * 8000, encoding="utf-8")
    before = path.read_bytes()
    for args in (["normalize", "-f", "text"], ["info"], ["dates"], ["docnum"], ["meta"], ["cite"]):
        done = run_policytool([*args, str(path)])
        _ok(done, 0)
        lines = done.stdout.decode("utf-8").splitlines()
        if args[0] == "normalize":
            assert lines == [unit * 8000]  # nothing to repair, nothing lost
        elif args[0] in {"dates", "docnum", "cite"}:
            assert len(lines) > 8000  # every occurrence found (and a header)
    assert path.read_bytes() == before


def test_deeply_nested_json_is_one_error_line() -> None:
    deep = b'{"id": "x", "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"
    done = run_policytool(["info", "-f", "jsonl"], input=deep + b'{"id": "y", "text": "ok"}\n')
    _ok(done, 1)
    assert b"nested too deeply" in done.stderr
    assert b'"doc": "y"' in done.stdout


def test_fifo_and_device_are_one_error_line_each(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, "utf-8")
    done = run_policytool(["info", str(fifo), "/dev/zero", str(good)])
    _ok(done, 1)
    assert b"a FIFO" in done.stderr and b"a device" in done.stderr
    assert str(good).encode() in done.stdout


def test_a_codec_that_is_no_text_encoding_is_a_usage_error(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, "utf-8")
    done = run_policytool(["info", "-e", "base64", str(good)])
    _ok(done, 2)
    assert b"not a text encoding" in done.stderr


def test_a_very_deep_tree_is_walked(tmp_path: Path) -> None:
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        for _ in range(1100):  # deeper than Python's recursion limit
            os.mkdir("d")
            os.chdir("d")
        Path("x.txt").write_text(GOOD, "utf-8")
    finally:
        os.chdir(here)
    try:
        docs = list(load_documents([str(tmp_path)]))
        assert len(docs) == 1 and docs[0].text == GOOD
    finally:
        # Removed bottom up, here: pytest's own clean-up recurses and would not get through.
        os.chdir(tmp_path)
        try:
            for _ in range(1100):
                os.chdir("d")
            os.remove("x.txt")
            for _ in range(1100):
                os.chdir("..")
                os.rmdir("d")
        finally:
            os.chdir(here)


def test_a_directory_that_cannot_be_listed_is_one_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "a.txt").write_text(GOOD, "utf-8")
    real = os.scandir

    def scandir(path: str) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(load_documents([str(tmp_path)]))
    errors = [i for i in items if not hasattr(i, "text")]
    assert len(errors) == 1 and "cannot list the directory" in str(errors[0])
    assert [i.text for i in items if hasattr(i, "text")] == [GOOD]


def test_tsv_fields_hold_no_line_break_of_any_reader() -> None:
    for char in "\x00\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\ud800":
        field = escape_tsv(f"a{char}b")
        assert len(f"{field}\n".splitlines()) == 1 and "\t" not in field
        field.encode("utf-8")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_property_any_text_survives_tsv_and_jsonl(text: str) -> None:
    field = escape_tsv(text)
    assert "\t" not in field and len(f"x{field}\n".splitlines()) == 1
    field.encode("utf-8")
    line = json_line({"text": text})
    line.encode("utf-8")
    assert "\n" not in line
    assert json.loads(line)["text"] == text


DATE_TEXT = (
    "今年6月21日，明年底前完成，去年12月至今年2月，两个月后，上半年，2019年3月8日至12日，春节前。"
)


@settings(max_examples=200, deadline=None)
@given(st.dates())
def test_property_dates_never_raise_for_any_anchor(anchor: object) -> None:
    from policytool.dates import find_dates

    for mention in find_dates(DATE_TEXT, anchor=anchor):  # type: ignore[arg-type]
        for end in mention.value.split("/"):
            assert len(end.split("-")[0]) == 4, mention.value  # ISO 8601: four-digit years


def test_stdout_closed_or_full_is_one_error_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    good = tmp_path / "good.txt"
    good.write_text(GOOD, "utf-8")
    closed = subprocess.run(
        ["sh", "-c", f'"{sys.executable}" -m policytool info "{good}" >&-'],
        capture_output=False, stderr=subprocess.PIPE, timeout=60,
    )  # fmt: skip
    assert closed.returncode == 2 and b"stdout is closed" in closed.stderr
    assert b"Traceback" not in closed.stderr
    if os.path.exists("/dev/full"):
        with open("/dev/full", "wb") as full:
            done = subprocess.run(
                [sys.executable, "-m", "policytool", "info", str(good)],
                stdout=full, stderr=subprocess.PIPE, timeout=60,
            )  # fmt: skip
        assert done.returncode == 1 and b"no space left on device" in done.stderr
        assert b"Traceback" not in done.stderr


def test_sigterm_stops_the_workers_too(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    page = "????國務(wù)院辦公廳關(guān)於推進工作的通知。" * 400
    for i in range(400):
        (corpus / f"{i:04d}.txt").write_text(page, "utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "policytool", "normalize", str(corpus), "-o",
         str(tmp_path / "out"), "-j", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    children: set[int] = set()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(children) < 2 and proc.poll() is None:
        for task in Path(f"/proc/{proc.pid}/task").glob("*/children"):
            children.update(int(pid) for pid in task.read_text().split())
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.skip("the run ended before it could be stopped")
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM
    assert b"Traceback" not in stderr
    time.sleep(0.2)
    alive = [pid for pid in children if Path(f"/proc/{pid}").exists()
             and "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()]
    assert children and not alive


def test_duplicate_jsonl_ids_are_warned_about() -> None:
    lines = b'{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n'
    done = run_policytool(["info"], input=lines)
    _ok(done, 0)
    assert b"a: another document has this id already" in done.stderr
    assert done.stdout.count(b"\na\t") == 2


NOTICE_ZH = "国务院办公厅关于推进县域创新创业示范基地建设的实施意见。各省人民政府：现提出意见。" * 3


def test_utf16_without_bom_and_without_ascii_is_read(tmp_path: Path) -> None:
    for codec in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(NOTICE_ZH.encode(codec))
        [doc] = list(load_documents([str(path)]))
        assert (doc.text, doc.encoding) == (NOTICE_ZH, codec)


def test_a_few_bad_bytes_in_utf8_are_replaced_and_said(tmp_path: Path) -> None:
    data = NOTICE_ZH.encode("utf-8")
    cut = data[:40] + data[41:]  # one byte of a character lost
    path = tmp_path / "cut.txt"
    path.write_bytes(cut)
    done = run_policytool(["info", str(path), "-f", "jsonl"])
    _ok(done, 0)
    record = json.loads(done.stdout)
    assert record["encoding"] == "utf-8" and record["bad_bytes"] == 1
    assert b"bad byte sequence(s) in utf-8" in done.stderr
    strict = run_policytool(["info", str(path), "--errors", "strict"])
    _ok(strict, 1)
    assert b"not valid UTF-8" in strict.stderr
    # A GBK file is not UTF-8 with bad bytes: it is decoded as GB18030.
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(NOTICE_ZH.encode("gbk"))
    [doc] = list(load_documents([str(gbk)]))
    assert (doc.encoding, doc.bad_bytes, doc.text) == ("gb18030", 0, NOTICE_ZH)


@pytest.mark.parametrize(
    "title",
    ["通知", "食品", "函", "互联", "侵害", "摘要", "关于加强食品安全工作的意见", "批复", "年报"],
)
def test_short_gbk_texts_are_read_as_gbk(title: str) -> None:
    # 通知 and 食品 in GBK are valid UTF-8 (֪ͨ, ʳƷ); 互联 and 函 are valid Big5 (誑薊, 滲).
    text, codec, bad = decode_document(title.encode("gbk"))
    assert (text, codec, bad) == (title, "gb18030", 0)


@pytest.mark.parametrize("title", ["通知", "國務院", "辦法", "行政院公告", "修正"])
def test_short_big5_texts_are_read_as_big5(title: str) -> None:
    text, codec, _ = decode_document(title.encode("big5"))
    assert text == title and codec in {"cp950", "big5hkscs"}


@pytest.mark.parametrize(
    "word", ["café", "Dvořák", "Москва", "Да", "Ελλάδα", "שלום", "مرحبا", "©2020", "Ω", "±5 °C"]
)
def test_short_utf8_in_other_scripts_stays_utf8(word: str) -> None:
    assert decode_document(word.encode("utf-8"))[:2] == (word, "utf-8")


def test_short_gbk_file_through_info(tmp_path: Path) -> None:
    path = tmp_path / "title.txt"
    path.write_bytes("通知".encode("gbk"))
    done = run_policytool(["info", str(path), "-f", "jsonl"])
    _ok(done, 0)
    record = json.loads(done.stdout)
    assert (record["encoding"], record["chars"], record["script"]) == ("gb18030", 2, "none")


MESSY = st.lists(
    st.sampled_from(
        list("國務院辦公廳?()（）wùhéguóā&;amplt\n \u00a0\u3000。，ä¸â€œ€™\r搶購糧訪我x1")
        + ["?hé)", "(wù)", "&ldquo;", "????", "&#38;", "&amp;", "\ud800", "\x00", "\u2028"]
    ),
    max_size=30,
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=60), MESSY.map("".join)))
def test_property_normalize_never_raises_and_is_idempotent_on_any_string(text: str) -> None:
    from policytool.normalize import normalize_text

    once = normalize_text(text).text
    assert normalize_text(once).text == once


def test_double_mojibake_is_repaired_in_one_pass() -> None:
    from policytool.normalize import normalize_text

    assert normalize_text("ä¸â€œ").text == normalize_text(normalize_text("ä¸â€œ").text).text


def test_a_file_name_that_is_not_utf8_pipes_into_the_next_command(tmp_path: Path) -> None:
    name = os.path.join(os.fsencode(tmp_path), b"bad\xb9name.txt")
    with open(name, "wb") as fh:
        fh.write(GOOD.encode("utf-8"))
    first = run_policytool(["normalize", str(tmp_path), "-f", "jsonl"])
    _ok(first, 0)
    [record] = [json.loads(line) for line in first.stdout.decode("utf-8").splitlines()]
    assert record["id"].endswith("bad\udcb9name.txt")
    second = run_policytool(["info", "-f", "tsv"], input=first.stdout)
    _ok(second, 0)
    assert "bad\\udcb9name.txt" in second.stdout.decode("utf-8")
