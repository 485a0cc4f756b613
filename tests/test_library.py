"""The library call a crawler makes: cleaner.clean(page) and a shared Cleaner."""
from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import cleaner
from cleaner import Cleaner, CleanResult, Label, Options
from cleaner.decode import InputError
from conftest import EXAMPLES

ARTICLE = """Home
  • News
  • Sport

City council approves new bridge after a decade of debate

By Jane Doe | 12 May 2025

The city council voted on Tuesday to approve the construction of a new bridge across the river, ending a debate that has lasted for more than ten years and divided residents.

The bridge, which will cost an estimated 40 million euros, is expected to open in 2028. Supporters say it will cut travel times for thousands of commuters every day.

Opponents argued that the money would be better spent on public transport, and several of them said they would challenge the decision in court.

READ MORE: Council announces new parking rules for the city centre

The mayor said the vote was a turning point for the city and thanked the engineers who had worked on the plans for years.

Advertisement

Keep Reading
Five things to do in the city this weekend
Why the old tram line is coming back

© 2025 The City Paper
"""


def test_clean_returns_title_body_and_labelled_lines():
    result = cleaner.clean(ARTICLE)
    assert isinstance(result, CleanResult)
    assert result.kind == "text"
    assert "approve the construction of a new bridge" in result.body
    assert "READ MORE" not in result.body and "Keep Reading" not in result.body and "©" not in result.body
    assert all(isinstance(ln.label, Label) for ln in result.lines)
    non_empty = [i + 1 for i, line in enumerate(ARTICLE.splitlines()) if line.strip()]
    assert [ln.line for ln in result.lines] == non_empty
    assert 0.0 <= result.confidence <= 1.0
    assert all(ln.reason for ln in result.lines)


def test_bytes_are_decoded_with_bom_and_charset():
    latin = ARTICLE.replace("euros", "€uros").encode("cp1252")
    assert "€uros" in cleaner.clean(latin).body
    bom = b"\xef\xbb\xbf" + ARTICLE.encode("utf-8")
    assert cleaner.clean(bom).body == cleaner.clean(ARTICLE).body



HTML_PAGE = (
    "<html><head><title>Café owners win</title></head><body><nav><a href='/'>Home</a></nav><article>"
    "<h1>Café owners win their case</h1><p>The owners of the café on Rue Haute won their case on Tuesday, after a "
    "court in Lyon found that the city had no right to close their terrace for the summer.</p><p>Their lawyer "
    "said the ruling would help other cafés in the old town, where six terraces were closed last year.</p>"
    "</article></body></html>"
)


def test_the_transport_charset_goes_first_and_a_bom_still_wins():
    latin = HTML_PAGE.encode("latin-1")
    with_charset = cleaner.clean(latin, kind="html", charset="ISO-8859-1")
    assert "café on Rue Haute" in with_charset.body and not with_charset.warnings
    assert with_charset.body == cleaner.clean(HTML_PAGE, kind="html").body
    # A charset the bytes do not fit is said and set aside; the page is read as if it had not been given.
    wrong = cleaner.clean(HTML_PAGE.encode("utf-8"), kind="html", charset="ascii")
    assert "café on Rue Haute" in wrong.body and any("transport charset ascii" in w for w in wrong.warnings)
    bom = b"\xef\xbb\xbf" + HTML_PAGE.encode("utf-8")
    assert cleaner.clean(bom, kind="html", charset="latin-1").body == with_charset.body
    # str is already text: a charset means nothing to it.
    assert cleaner.clean(HTML_PAGE, kind="html", charset="utf-16").body == with_charset.body



def test_no_charset_name_makes_decoding_raise():
    """A page may declare, and a server may name, any codec Python knows, text encodings or not ("punycode" and
    "idna" raise a bare UnicodeError, "rot13" and "zlib" a LookupError on bytes): each is set aside, never raised."""
    import encodings.aliases

    from cleaner.decode import decode_bytes

    names = sorted(set(encodings.aliases.aliases) | set(encodings.aliases.aliases.values()) | {"punycode", "idna", "x"})
    body = "<p>Café owners win their case in Lyon.</p>".encode("utf-8")
    for name in names:
        declared = b'<html><head><meta charset="' + name.encode() + b'"></head>' + body
        for data, charset in ((declared, None), (body, name), (b"\xff\xfe\x00<", name)):
            text = decode_bytes(data, [], charset)
            assert isinstance(text, str), name
    assert "Café" in cleaner.clean(body, kind="html", charset="punycode").body

def test_utf8_bytes_reach_the_parser_as_they_came_and_clean_as_the_str_does():
    from cleaner.decode import read_page
    from cleaner.options import Options

    data = HTML_PAGE.encode("utf-8")
    text, utf8 = read_page(data, Options(), [], keep_nul=True)
    assert text == HTML_PAGE and utf8 is data
    # Only bytes that are exactly the text in UTF-8 are passed on.
    assert read_page(HTML_PAGE.encode("latin-1"), Options(), [], keep_nul=True)[1] is None
    assert read_page(HTML_PAGE, Options(), [], keep_nul=True)[1] is None
    assert read_page(b"a\x00b " + data, Options(), [])[1] is None  # NULs dropped from the text: not the same
    assert read_page(b"\xef\xbb\xbf" + data, Options(), [], keep_nul=True)[1] == data
    from_bytes, from_str = cleaner.clean(data, kind="html"), cleaner.clean(HTML_PAGE, kind="html")
    assert from_bytes.to_dict() == from_str.to_dict()

def test_to_dict_is_json_serialisable():
    data = json.loads(json.dumps(cleaner.clean(ARTICLE).to_dict()))
    assert {"title", "body", "captions", "confidence", "lines"} <= set(data)
    assert data["lines"][0]["label"] in {"content", "caption", "navigation", "ad"}


def test_kind_is_validated_and_type_errors_are_clear():
    with pytest.raises(ValueError):
        cleaner.clean(ARTICLE, kind="pdf")
    with pytest.raises(InputError):
        cleaner.clean(12345)  # type: ignore[arg-type]


def test_one_cleaner_is_safe_across_threads():
    shared = Cleaner()
    expected = shared.clean(ARTICLE).body
    with ThreadPoolExecutor(max_workers=4) as pool:
        bodies = list(pool.map(lambda _: shared.clean(ARTICLE).body, range(16)))
    assert bodies == [expected] * 16


def test_one_cleaner_is_safe_across_threads_on_html_while_its_word_memory_keeps_emptying():
    # Many threads add class/id words to the one memory while others read it, and a bound of 5 words empties it
    # after nearly every page: every result must still be the one a fresh Cleaner gives.
    from dataclasses import replace

    pages = [
        (EXAMPLES / "news_page.html").read_text(encoding="utf-8"),
        "<html><body><nav class='mainNav siteMenu'><a>Home</a></nav><article class='postBody entryContent'><p>"
        + "A sentence of the story, long enough to read as prose. " * 8 + "</p></article>"
        "<aside class='relatedStories sidebarWidget'><a>Other story</a></aside></body></html>",
    ]
    expected = [Cleaner().clean(page, kind="html").to_dict() for page in pages]
    shared = Cleaner(options=replace(Options(), token_cache_entries=5))
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda k: shared.clean(pages[k % 2], kind="html").to_dict(), range(24)))
    assert results == [expected[k % 2] for k in range(24)]


_NO_CYCLES = """
import gc, sys
from pathlib import Path
from cleaner import Cleaner
examples = Path(sys.argv[1])
shared = Cleaner()
for name, kind in (("news_page.html", "html"), ("news_page.txt", "text")):
    page = (examples / name).read_text(encoding="utf-8")
    shared.clean(page, kind=kind)  # models loaded outside the measured call
    gc.collect()
    gc.disable()
    result = shared.clean(page, kind=kind)
    assert result.body, kind
    del result
    found = gc.collect()
    gc.enable()
    print(kind, found)
# The walk's element records are out of the collector's sight, so a leak of them would not show above: the memory
# a page leaves behind must not grow with the pages. (Kept records would leave 1.4 MB over these 50 calls; what
# Python's own caches keep meanwhile is some 20 KB.)
import tracemalloc
page = (examples / "news_page.html").read_text(encoding="utf-8")
tracemalloc.start()
shared.clean(page, kind="html")
before = tracemalloc.get_traced_memory()[0]
for _ in range(50):
    shared.clean(page, kind="html")
print("grown", tracemalloc.get_traced_memory()[0] - before < 250_000)
"""


def test_cleaning_leaves_no_reference_cycles():
    # A crawler cleans millions of pages: what a page allocates must go when its result goes, by reference counting,
    # not wait for the cycle collector (the HTML walk links each element's record to its parent and back). A fresh
    # interpreter, because threads other tests leave running (a Dask cluster's event loop) make garbage of their own.
    examples = Path(__file__).resolve().parent.parent / "examples"
    done = subprocess.run([sys.executable, "-c", _NO_CYCLES, str(examples)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["html", "0", "text", "0", "grown", "True"]


def test_clean_leaves_the_collector_as_it_found_it():
    import gc

    page = (EXAMPLES / "news_page.html").read_text(encoding="utf-8")
    shared = Cleaner()
    assert gc.isenabled()
    shared.clean(page)
    assert gc.isenabled()
    with pytest.raises(InputError):
        shared.clean(b"\x00\x01\x02\xff" * 100)  # raises inside the paused call
    assert gc.isenabled()
    gc.disable()
    try:
        shared.clean(page)
        assert not gc.isenabled()  # the caller's choice stands
    finally:
        gc.enable()
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda _: shared.clean(page), range(16)))
    assert gc.isenabled()


def test_models_load_once_per_cleaner():
    c = Cleaner()
    c.clean(ARTICLE)
    first = c.model("text")
    c.clean(ARTICLE)
    assert c.model("text") is first


def test_time_budget_falls_back_to_the_model_alone():
    result = Cleaner(options=Options(time_budget_ms=0.0)).clean(ARTICLE)
    assert any("time budget" in w for w in result.warnings)
    assert len(result.lines) == len([ln for ln in ARTICLE.splitlines() if ln.strip()])
