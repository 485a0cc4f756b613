"""cleaner.batch: readers, writers, the worker pool and `cleaner batch`, on small fictional pages built here."""
from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.batch import Fields, Record, clean_many, clean_pages, plan_inputs, read_inputs
from cleaner.batch.progress import Summary, track
from cleaner.batch.readers import InputUnreadable, count_hint
from cleaner.batch.records import TIMEOUT, TOO_LARGE, Output
from cleaner.batch.work import TEST_DIE_ENV, TEST_HANG_ENV, page_input
from cleaner.batch.writers import JsonlWriter, ParquetWriter, existing_ids
from cleaner.cli import app

pytest.importorskip("fastwarc")
pytest.importorskip("pyarrow")

# For running these tests against models other than the shipped ones (e.g. while those are being rebuilt).
MODEL_DIR = os.environ.get("CLEANER_TEST_MODEL_DIR") or None
REPO = Path(__file__).resolve().parent.parent
HANG = "ZZ-HANG-MARKER-ZZ"
DIE = "ZZ-DIE-MARKER-ZZ"

TOWNS = ["Ashby Cross", "Kestrel Bridge", "Dunmore", "Wexley", "Harrow Vale", "Pellington", "Marsh End", "Oldcastle"]


def article_html(i: int, extra: str = "", charset_meta: bool = True) -> str:
    town = TOWNS[i % len(TOWNS)]
    meta = '<meta charset="utf-8">' if charset_meta else ""
    paragraphs = "".join(
        f"<p>Councillors in {town} voted on item {i}.{n} after a long evening debate about the new library, "
        f"the bus timetable and the repairs that residents have asked for since the winter storms. {extra}</p>"
        for n in range(4)
    )
    return (
        f"<!doctype html><html><head>{meta}<title>{town} council story {i} | The Fictional Gazette</title></head><body>"
        f'<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>'
        f"<article><h1>{town} council story {i}</h1>{paragraphs}</article>"
        f"<footer><a href='/about'>About us</a> <a href='/privacy'>Privacy</a></footer></body></html>"
    )


def article_text(i: int, extra: str = "") -> str:
    town = TOWNS[i % len(TOWNS)]
    body = "\n\n".join(
        f"The ferry from {town} ran late again on day {i}.{n}, and passengers waited on the cold quay for an hour "
        f"while the crew fixed a fault in the ramp. {extra}"
        for n in range(3)
    )
    return f"Home | News | Sport\n\n{town} ferry delays, day {i}\n\n{body}\n\nAbout us | Privacy\n"


def http_response(body: bytes, content_type: str) -> bytes:
    head = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode("ascii") + body


def warc_record(record_type: str, uri: str, block: bytes, http: bool = True) -> bytes:
    from fastwarc.warc import WarcRecord, WarcRecordType

    record = WarcRecord()
    record.init_headers(getattr(WarcRecordType, record_type))
    record.headers["WARC-Target-URI"] = uri
    if http:
        record.headers["Content-Type"] = f"application/http; msgtype={record_type}"
    record.set_bytes_content(block)
    out = io.BytesIO()
    record.write(out)
    return out.getvalue()


def build_warc(path: Path, pages: list[tuple[str, bytes, str]], *, noise: bool = True) -> list[str]:
    """A Common Crawl style WARC: a warcinfo record, and for each page a request and a response record; with
    noise, also an image response and a PDF response. Each record its own gzip member, as crawlers write them.
    Returns the URIs of the HTML responses in order."""
    members = [warc_record("warcinfo", "", b"software: test\r\n", http=False)]
    html_uris = []
    for n, (uri, body, content_type) in enumerate(pages):
        members.append(warc_record("request", uri, "GET / HTTP/1.1\r\nHost: example.test\r\n\r\n".encode(), http=True))
        members.append(warc_record("response", uri, http_response(body, content_type)))
        html_uris.append(uri)
        if noise and n == 1:
            members.append(warc_record("response", uri + "/logo.png", http_response(b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")))
            members.append(warc_record("response", uri + "/doc.pdf", http_response(b"%PDF-1.4 " + bytes(100), "application/pdf")))
    data = b"".join(gzip.compress(m) for m in members) if path.name.endswith(".gz") else b"".join(members)
    path.write_bytes(data)
    return html_uris


def warc_ids(path: Path) -> list[str]:
    return [r.id for r in read_inputs([str(path)])]


@pytest.fixture()
def inputs(tmp_path: Path) -> dict[str, Path]:
    """One input of each kind, a few fictional pages each."""
    folder = tmp_path / "pages"
    (folder / "b").mkdir(parents=True)
    (folder / "a1.html").write_text(article_html(1), encoding="utf-8")
    (folder / "b" / "b2.txt").write_text(article_text(2), encoding="utf-8")
    (folder / "b" / "b3.html.gz").write_bytes(gzip.compress(article_html(3).encode()))
    (folder / "notes.md").write_text("not a page", encoding="utf-8")

    jsonl = tmp_path / "rows.jsonl.gz"
    with gzip.open(jsonl, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "j4", "url": "https://example.test/4", "html": article_html(4)}) + "\n\n")
        fh.write(json.dumps({"id": "j5", "text": article_text(5)}) + "\n")
        fh.write(json.dumps({"html": article_html(6)}) + "\n")

    warc = tmp_path / "crawl.warc.gz"
    build_warc(
        warc,
        [
            ("https://example.test/7", article_html(7).encode(), "text/html; charset=utf-8"),
            ("https://example.test/8", article_html(8, "Café crème", charset_meta=False).encode("latin-1"), "text/html; charset=iso-8859-1"),
            ("https://example.test/9", article_html(9).encode(), "application/xhtml+xml"),
        ],
    )

    import pyarrow as pa
    import pyarrow.parquet as pq

    parquet = tmp_path / "rows.parquet"
    table = pa.table({"doc": ["p10", "p11"], "link": ["https://example.test/10", None], "page": [article_html(10), article_html(11)]})
    pq.write_table(table, parquet, row_group_size=1)
    return {"folder": folder, "jsonl": jsonl, "warc": warc, "parquet": parquet}


# --- readers ---------------------------------------------------------------------------------------------------


def test_each_reader_yields_every_page_with_ids_in_order(inputs):
    folder = list(read_inputs([str(inputs["folder"])]))
    assert [Path(r.id).name for r in folder] == ["a1.html", "b2.txt", "b3.html.gz"]
    assert [r.kind for r in folder] == ["html", "text", "html"]
    assert b"council story 3" in folder[2].content  # the .gz was unpacked

    rows = list(read_inputs([str(inputs["jsonl"])]))
    assert [r.id for r in rows] == ["j4", "j5", f"{inputs['jsonl']}:4"]  # no id field: file:line (blank line counted)
    assert [r.kind for r in rows] == ["html", "text", "html"]
    assert rows[0].url == "https://example.test/4"

    warc = list(read_inputs([str(inputs["warc"])]))
    assert [r.url for r in warc] == ["https://example.test/7", "https://example.test/8", "https://example.test/9"]
    assert all(r.id.startswith("<urn:uuid:") and r.error is None for r in warc)
    assert warc[1].charset == "iso-8859-1"

    fields = Fields(html="page", id="doc", url="link")
    parquet = list(read_inputs([str(inputs["parquet"])], fields))
    assert [(r.id, r.url) for r in parquet] == [("p10", "https://example.test/10"), ("p11", None)]


def test_globs_and_several_inputs_keep_their_order(inputs, tmp_path):
    ids = [r.id for r in read_inputs([str(inputs["warc"]), str(tmp_path / "*.jsonl.gz")])]
    assert len(ids) == 6 and ids[3:5] == ["j4", "j5"]
    assert count_hint(plan_inputs([str(inputs["folder"]), str(inputs["parquet"])], Fields(html="page"))) == 5
    assert count_hint(plan_inputs([str(inputs["warc"])])) is None


def test_header_charset_decodes_a_page_without_its_own_declaration(inputs):
    latin = [r for r in read_inputs([str(inputs["warc"])]) if r.url.endswith("/8")][0]
    assert "Café crème" in page_input(latin)
    # Bytes that do not fit the declared charset go on as bytes, for the page's declaration and detection.
    wrong = Record("x", None, "Ünïcödé".encode("utf-8"), "html", charset="ascii")
    assert isinstance(page_input(wrong), bytes)


def test_damaged_inputs_yield_what_they_hold_then_an_error(tmp_path):
    full = b"".join(json.dumps({"id": f"t{i}", "text": article_text(i)}).encode() + b"\n" for i in range(40))
    cut = gzip.compress(full)
    (tmp_path / "cut.jsonl.gz").write_bytes(cut[: len(cut) * 2 // 3])
    got = list(read_inputs([str(tmp_path / "cut.jsonl.gz")]))
    assert got[-1].error and "cut short" in got[-1].error
    assert [r.id for r in got[:-1]] == [f"t{i}" for i in range(len(got) - 1)] and all(r.error is None for r in got[:-1])

    uris = build_warc(tmp_path / "w.warc.gz", [(f"https://example.test/w{i}", article_html(i).encode(), "text/html") for i in range(4)])
    data = (tmp_path / "w.warc.gz").read_bytes()
    (tmp_path / "bad.warc.gz").write_bytes(data[: len(data) // 2] + b"\x00garbage\xff" * 40 + data[len(data) // 2 + 400 :])
    got = list(read_inputs([str(tmp_path / "bad.warc.gz")]))
    assert got[-1].error and "corrupt WARC" in got[-1].error
    assert [r.url for r in got[:-1] if r.error is None] == uris[: len([r for r in got[:-1] if r.error is None])]

    (tmp_path / "tail.warc.gz").write_bytes(data[:-25])  # the last record's gzip member cut off mid-page
    got = list(read_inputs([str(tmp_path / "tail.warc.gz")]))
    assert [r.url for r in got] == uris and got[-1].error and got[-1].error.startswith("WARC record cut short")


def test_inputs_that_cannot_be_read_at_all_are_refused_up_front(tmp_path):
    (tmp_path / "fake.warc").write_text("hello", encoding="utf-8")
    (tmp_path / "fake.parquet").write_bytes(b"PAR1 not really")
    (tmp_path / "fake.jsonl.gz").write_text("{}", encoding="utf-8")
    (tmp_path / "data.csv").write_text("a,b", encoding="utf-8")
    for name, message in [("missing.jsonl", "no such file"), ("fake.warc", "not a WARC"), ("fake.parquet", "fake.parquet"),
                          ("fake.jsonl.gz", "not gzip"), ("data.csv", "unknown input type"), ("nothing-*.html", "no such file")]:
        with pytest.raises(InputUnreadable, match=message):
            plan_inputs([str(tmp_path / name)])


# --- writers and resume ----------------------------------------------------------------------------------------


def outputs(n: int, start: int = 0) -> list[Output]:
    return [Output(id=f"o{i}", url=None, title=f"T{i}", body=f"body {i}", captions=["c"], confidence=0.5, ms=1.0) for i in range(start, start + n)]


@pytest.mark.parametrize("name", ["out.jsonl", "out.jsonl.gz"])
def test_jsonl_resume_repairs_a_torn_tail(tmp_path, name):
    path = tmp_path / name
    writer = JsonlWriter(path)
    for out in outputs(3):
        writer.write(out)
    writer.close()
    if name.endswith(".gz"):
        data = path.read_bytes()
        path.write_bytes(data + gzip.compress(b'{"id": "o3", "url": null, "ti')[:-6])  # a member cut mid-line
    else:
        with path.open("a", encoding="utf-8") as fh:
            fh.write('{"id": "o3", "url": null, "ti')
    assert existing_ids(path, "jsonl") == {"o0", "o1", "o2"}
    writer = JsonlWriter(path, append=True)
    for out in outputs(2, start=3):
        writer.write(out)
    writer.close()
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        assert [json.loads(line)["id"] for line in fh] == ["o0", "o1", "o2", "o3", "o4"]


def test_parquet_writes_row_groups_and_resumes_by_rewriting(tmp_path):
    import pyarrow.parquet as pq

    path = tmp_path / "out.parquet"
    writer = ParquetWriter(path, row_group_size=2)
    for out in outputs(5):
        writer.write(out)
    writer.close()
    assert pq.ParquetFile(path).num_row_groups == 3
    assert existing_ids(path, "parquet") == {f"o{i}" for i in range(5)}
    writer = ParquetWriter(path, append=True, row_group_size=2)
    for out in outputs(2, start=5):
        writer.write(out)
    writer.close()
    table = pq.read_table(path)
    assert table.column("id").to_pylist() == [f"o{i}" for i in range(7)]
    assert table.column("captions").to_pylist()[0] == ["c"]
    (tmp_path / "cut.parquet").write_bytes(path.read_bytes()[:-40])  # no footer: what SIGKILL leaves
    assert existing_ids(tmp_path / "cut.parquet", "parquet") == set()
    assert (tmp_path / "cut.parquet.unreadable").exists()


def test_progress_prints_plain_lines_off_a_terminal_and_counts_statuses():
    stream = io.StringIO()
    outs = outputs(2) + [Output(id="e", url=None, error="boom"), Output(id="t", url=None, error=TIMEOUT), Output(id="m", url=None)]
    counts: Counter = Counter()
    passed = list(track(outs, counts, total=5, stream=stream, every_seconds=0))
    assert passed == outs
    assert counts == {"ok": 2, "error": 1, "timeout": 1, "empty": 1}
    assert "5/5 pages" in stream.getvalue().splitlines()[-1] and "pages/s" in stream.getvalue()
    line = Summary(dict(counts), 2.0).line()
    assert "ok 2, empty 1, error 1, timeout 1, too large 0" in line and "2.5 pages/s" in line


# --- the runner ------------------------------------------------------------------------------------------------


def test_clean_many_keeps_input_order_and_cleans(inputs):
    records = list(read_inputs([str(inputs[name]) for name in ("folder", "jsonl", "warc")]))
    records += read_inputs([str(inputs["parquet"])], Fields(html="page", id="doc", url="link"))
    got = list(clean_many(records, workers=2, model_dir=MODEL_DIR))
    assert [o.id for o in got] == [r.id for r in records] and len(got) == 11
    assert all(o.error is None for o in got), [o.error for o in got if o.error]
    assert all(o.ms is not None and o.ms >= 0 for o in got)
    by_url = {o.url: o for o in got}
    assert "Kestrel Bridge" in (by_url["https://example.test/9"].title or "") + by_url["https://example.test/9"].body


def test_poisoned_batch_finishes_with_every_record(tmp_path, monkeypatch):
    monkeypatch.setenv(TEST_HANG_ENV, HANG)
    monkeypatch.setenv(TEST_DIE_ENV, DIE)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "00-good.html").write_text(article_html(0), encoding="utf-8")
    (folder / "01-junk.html").write_bytes(bytes(range(256)) * 40)
    (folder / "02-empty.txt").write_bytes(b"")
    (folder / "03-hang.html").write_text(article_html(3, HANG), encoding="utf-8")
    (folder / "04-huge.txt").write_bytes(b"A long line of a very large text dump.\n" * (60_000_000 // 39))
    (folder / "05-cut.html.gz").write_bytes(gzip.compress(article_html(5).encode())[:-30])
    (folder / "06-die.html").write_text(article_html(6, DIE), encoding="utf-8")
    (folder / "07-good.txt").write_text(article_text(7), encoding="utf-8")
    build_warc(tmp_path / "mixed.warc", [("https://example.test/8", article_html(8).encode(), "text/html")])
    records = read_inputs([str(folder), str(tmp_path / "mixed.warc")])
    got = list(clean_many(records, workers=2, timeout_ms=4000, model_dir=MODEL_DIR))
    errors = {Path(o.id).name if o.url is None else o.url: o.error for o in got}
    assert list(errors) == ["00-good.html", "01-junk.html", "02-empty.txt", "03-hang.html", "04-huge.txt",
                            "05-cut.html.gz", "06-die.html", "07-good.txt", "https://example.test/8"]
    assert errors["00-good.html"] is None and errors["07-good.txt"] is None and errors["https://example.test/8"] is None
    assert "binary" in errors["01-junk.html"]
    assert errors["02-empty.txt"] == "empty input"
    assert errors["03-hang.html"] == TIMEOUT
    assert errors["04-huge.txt"] == TOO_LARGE
    assert "gzip" in errors["05-cut.html.gz"]
    assert errors["06-die.html"] == "worker died (SIGKILL)"


def test_pages_queued_behind_a_hang_or_a_death_are_cleaned_by_the_next_worker(monkeypatch):
    # One worker holds the page it cleans and the next one in its pipe; when it is killed for a timeout or dies,
    # the waiting page was never started and must come out cleaned, not as an error.
    monkeypatch.setenv(TEST_HANG_ENV, HANG)
    monkeypatch.setenv(TEST_DIE_ENV, DIE)
    pages = [article_html(0, HANG), article_html(1), article_html(2, DIE), article_html(3), article_html(4)]
    records = [Record(f"p{i}", None, page, "html") for i, page in enumerate(pages)]
    got = list(clean_many(records, workers=1, timeout_ms=3000, model_dir=MODEL_DIR))
    assert [o.id for o in got] == ["p0", "p1", "p2", "p3", "p4"]
    assert [o.error for o in got] == [TIMEOUT, None, "worker died (SIGKILL)", None, None]
    assert all(o.body for o in got if o.error is None)


def test_clean_pages_is_what_cleaner_clean_many_runs():
    got = list(clean_pages([article_html(1), article_text(2).encode(), b"\x00\x01" * 500], workers=1, timeout=60,
                           model_dir=MODEL_DIR))
    assert [o.id for o in got] == ["0", "1", "2"]
    assert got[0].error is None and got[1].error is None and "binary" in got[2].error


# --- the command line ------------------------------------------------------------------------------------------


def test_cli_batch_writes_every_record_as_jsonl_and_parquet(inputs, tmp_path):
    import pyarrow.parquet as pq

    args = ["batch", str(inputs["folder"]), str(inputs["jsonl"]), str(inputs["warc"]), "--workers", "2", "--no-progress"]
    if MODEL_DIR:
        args += ["--model-dir", MODEL_DIR]
    expected = [r.id for r in read_inputs([str(inputs["folder"]), str(inputs["jsonl"]), str(inputs["warc"])])]
    result = CliRunner().invoke(app, args + ["-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == expected
    assert set(json.loads(lines[0])) == {"id", "url", "title", "body", "captions", "author", "date", "language", "confidence", "ms", "error"}
    assert "ok 9, empty 0, error 0, timeout 0, too large 0" in result.stderr

    result = CliRunner().invoke(app, args + ["-o", str(tmp_path / "out.parquet")])
    assert result.exit_code == 0, result.output
    assert pq.read_table(tmp_path / "out.parquet").column("id").to_pylist() == expected


def test_cli_batch_fails_with_one_line_when_an_input_cannot_be_read(tmp_path):
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "nope.warc.gz"), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code != 0
    assert result.stderr.strip().count("\n") == 0 and "nope.warc.gz: no such file" in result.stderr
    assert not (tmp_path / "o.jsonl").exists()


def test_a_run_killed_half_way_resumes_to_every_record_exactly_once(tmp_path):
    n = 30
    with (tmp_path / "in.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"r{i:02d}", "text": article_text(i, HANG if i == 12 else "")}) + "\n")
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "cleaner.cli", "batch", str(tmp_path / "in.jsonl"), "-o", str(out), "--workers", "1"]
    if MODEL_DIR:
        cmd += ["--model-dir", MODEL_DIR]
    env = dict(os.environ, **{TEST_HANG_ENV: HANG})
    # Its own session, so the kill takes the workers down with it, as an OOM killer or a lost node would.
    first = subprocess.Popen(cmd + ["--timeout-ms", "600000"], env=env, cwd=REPO, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        give_up = time.monotonic() + 300
        while (not out.exists() or out.read_text(encoding="utf-8").count("\n") < 12) and time.monotonic() < give_up:
            assert first.poll() is None, first.stderr.read().decode()
            time.sleep(0.2)
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    written = out.read_text(encoding="utf-8").splitlines()
    assert len(written) == 12  # r12 hangs, so nothing after it has been written in order
    with out.open("a", encoding="utf-8") as fh:
        fh.write('{"id": "r12", "url": nu')  # a line torn by the kill
    env.pop(TEST_HANG_ENV)
    second = subprocess.run(cmd + ["--resume"], env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == [f"r{i:02d}" for i in range(n)]
    assert f"{n - 12} pages" in second.stderr  # only the rest was cleaned again
