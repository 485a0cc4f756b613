"""UTF-8 read as Windows-1252 or Latin-1, decoded back in the article's text (cleaner/mojibake.py)."""
from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.mojibake import has_mojibake, repair_mojibake
from cleaner.options import DEFAULT_OPTIONS


def as_windows_1252(text: str) -> str:
    """What a reader that takes UTF-8 for Windows-1252 shows: the five bytes that charset leaves undefined come out
    as Latin-1's C1 controls, as in browsers."""
    return "".join(
        bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b) for b in text.encode("utf-8")
    )


@pytest.mark.parametrize(
    "broken, meant",
    [
        ("donâ€™t stop, itâ€™s here", "don’t stop, it’s here"),
        ("CafÃ© crÃ¨me", "Café crème"),
        ("Â© 2025 Â· Â£790million", "© 2025 · £790million"),
        ("youâ\x80\x99re â\x80\x94 right", "you’re — right"),  # read as Latin-1: C1 controls, no €
        ("ÐŸÑ€Ð¸Ð²ÐµÑ‚", "Привет"),
        ("party ðŸŽ‰ time ðŸ˜€", "party 🎉 time 😀"),
    ],
)
def test_repairs_what_utf8_read_as_cp1252_or_latin1_shows(broken, meant):
    assert has_mojibake(broken)
    assert repair_mojibake(broken) == meant


@pytest.mark.parametrize(
    "honest",
    [
        "Der Fuß» und „ÜBER“",  # ß» spells an NKo letter, Ü“ a Syriac one: not text anyone writes in a news page
        "SÃO PAULO, CHÂTEAU, Ärger, pâte, Øresund",
        "plain ASCII text",
        "",
        "one lone run: Ã© and nothing else",
    ],
)
def test_leaves_honest_text_alone(honest):
    assert not has_mojibake(honest)


def test_the_helper_breaks_text_the_way_the_cases_above_are_broken():
    assert as_windows_1252("don’t — “Café”") == "donâ€™t â€” â€œCafÃ©â€\x9d"


def test_text_encoded_twice_comes_out_encoded_once():
    twice = as_windows_1252(as_windows_1252("“Café”"))
    assert repair_mojibake(twice) == as_windows_1252("“Café”")


def test_a_text_without_runs_comes_back_as_the_same_object():
    text = "Prix : 12 € — très « bon »"
    assert repair_mojibake(text) is text


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x24F, blacklist_categories=("Cs", "Cc"))
               | st.sampled_from("’“”–—…•€™œŠ😀🎉Привет中文"), max_size=60))
def test_round_trip(text):
    broken = as_windows_1252(text)
    if has_mojibake(broken):
        assert repair_mojibake(broken) == text


PAGE = (
    "<html><head><title>CafÃ© owners donâ€™t agree</title></head><body><article>"
    "<h1>CafÃ© owners donâ€™t agree</h1>"
    "<p>The cafÃ© on the corner said it wonâ€™t open on Sunday, and its owner â€” a Parisian â€” said it twice.</p>"
    "<p>Neighbours said the street would be quieter for it, and most of them did not mind the change at all.</p>"
    "</article></body></html>"
)


def test_clean_repairs_the_article_and_keeps_the_lines_as_they_came():
    result = Cleaner().clean(PAGE, kind="html")
    assert result.title == "Café owners don’t agree"
    assert "The café on the corner said it won’t open on Sunday, and its owner — a Parisian — said it twice." in result.body
    assert "â€" not in result.body and all("â€" not in p.text for p in result.paragraphs)
    assert any("â€" in line.text for line in result.lines)
    assert any("mojibake" in w for w in result.warnings)


def test_a_page_with_no_text_blocks_still_gets_its_title_repaired():
    result = Cleaner().clean("<html><head><title>CafÃ© owners donâ€™t agree</title></head><body></body></html>", kind="html")
    assert result.title == "Café owners don’t agree" and result.body == ""
    assert any("mojibake" in w for w in result.warnings)


def test_the_repair_can_be_turned_off():
    options = dataclasses.replace(DEFAULT_OPTIONS, repair_mojibake=False)
    result = Cleaner(options=options).clean(PAGE, kind="html")
    assert "donâ€™t" in (result.title or "") + result.body
    assert not any("mojibake" in w for w in result.warnings)
