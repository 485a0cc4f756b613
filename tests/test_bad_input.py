"""Bad input gets a result or a clear error: never a crash, never a hang."""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleaner
from cleaner import Cleaner
from cleaner.decode import InputError


@pytest.fixture(scope="module")
def shared():
    return Cleaner()


@pytest.mark.parametrize("page", ["", "   \n\t \n", b"", b"\n\n"])
def test_empty_and_whitespace(shared, page):
    result = shared.clean(page)
    assert result.body == "" and result.lines == [] and result.confidence == 0.0


def test_binary_junk_is_a_clear_error(shared):
    junk = bytes(range(256)) * 64
    with pytest.raises(InputError, match="binary"):
        shared.clean(junk)


def test_random_bytes_never_crash(shared):
    data = os.urandom(20_000)
    try:
        shared.clean(data)
    except InputError:
        pass


@pytest.mark.parametrize("kind", ["auto", "text"])
def test_nul_bytes_are_dropped(shared, kind):
    result = shared.clean("Headline here\n\nA sentence with a\x00 NUL byte inside it, long enough to be prose for sure.\n", kind=kind)
    assert "\x00" not in result.body and "sentence with a NUL byte" in result.body
    assert result.warnings == ["NUL characters removed"]


@pytest.mark.parametrize("kind", ["auto", "html"])
@pytest.mark.parametrize("page", [str, lambda s: s.encode("utf-8")])
def test_nul_bytes_leave_an_html_page_without_a_trace(shared, kind, page):
    html = ("<html><body><article><h1>Head\x00line</h1><p>A para\x00graph of the story, long enough to read as prose"
            " for the model, and a second sentence.</p></article></body></html>")
    result = shared.clean(page(html), kind=kind)
    assert result.title == "Headline" and "A paragraph of the story" in result.body
    assert "\ufffd" not in result.body and "\x00" not in result.body
    assert result.warnings == ["NUL characters removed"]


def test_mixed_encodings(shared):
    data = "Überschrift\n\nCafé und Straße, déjà vu.\n".encode("utf-8") + "Ärger über Öl.\n".encode("latin-1")
    result = shared.clean(data)
    assert len(result.lines) == 3


def test_a_single_5mb_line(shared):
    result = shared.clean("word " * 1_000_000)
    assert len(result.lines) == 1
    assert any("cut" in w for w in result.warnings)


def test_a_50mb_text_is_truncated_not_crashed(shared):
    line = "This is a line of a very large text dump that goes on and on.\n"
    page = line * (50_000_000 // len(line))
    result = shared.clean(page.encode("utf-8"))
    assert any("truncated" in w for w in result.warnings)
    assert result.lines


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_any_text_gives_a_result(text):
    result = cleaner.clean(text, kind="text")
    assert len(result.lines) == sum(1 for line in text.replace("\x00", "").splitlines() if line.strip())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_any_bytes_give_a_result_or_input_error(data):
    try:
        cleaner.clean(data)
    except InputError:
        pass
