"""HTML pages end to end: the example page's oracle, Markdown structure, metadata, and bad HTML."""
from __future__ import annotations

import json

import pytest

import cleaner
from cleaner.evaluation.metrics import match_page
from cleaner.render import to_markdown
from conftest import EXAMPLES

EXAMPLE_HTML = EXAMPLES / "news_page.html"


@pytest.fixture(scope="module")
def example():
    expected = json.loads((EXAMPLES / "news_page.expected.json").read_text(encoding="utf-8"))
    result = cleaner.clean(EXAMPLE_HTML.read_bytes())
    return expected, result


def test_example_title_metadata_and_kind(example):
    expected, result = example
    assert result.kind == "html"
    assert result.title == expected["title"]
    assert result.author == expected["author"]
    assert result.date == expected["date"]


def test_example_body_matches_the_oracle(example):
    expected, result = example
    truth = "\n\n".join(expected["body_paragraphs"])
    m = match_page(truth, result.body)
    assert m.tp / m.n_pred >= 0.95 and m.tp / m.n_truth >= 0.95
    for dropped in ("Advertisement", "Accept all", "Sign up", "Skip to content"):
        assert dropped not in result.body


def test_example_captions_are_apart(example):
    expected, result = example
    for caption in expected["captions"]:
        assert caption in result.captions
        assert caption not in result.body


def test_markdown_keeps_heading_list_and_table(example):
    _, result = example
    md = to_markdown(result)
    assert md.startswith("# ")
    assert "\n## What passengers can expect" in md
    assert "\n- a late service leaving Ashby Cross" in md
    assert "| Station | Journey time | Adult single |" in md and "| --- |" in md


def test_deep_nesting_does_not_crash():
    html = "<html><body>" + "<div>" * 10_000 + "<p>Deep text inside many divs, long enough to be read as prose.</p>" + "</div>" * 10_000 + "</body></html>"
    result = cleaner.clean(html)
    assert isinstance(result.body, str)


@pytest.mark.parametrize(
    "html",
    [
        "<html><body></body></html>",
        "<html><head><title>Only a title</title></head><body>",
        "<!doctype html><html><body><article><h1>Cut short</h1><p>The page was trunc",
        "<p>",
        "<html><body><script>var x = 1;</script><style>p{}</style></body></html>",
    ],
)
def test_broken_or_empty_html_gives_a_result(html):
    result = cleaner.clean(html, kind="html")
    assert result.kind == "html" and isinstance(result.body, str)


def test_wrong_declared_charset_is_survived():
    page = '<html><head><meta charset="utf-8"></head><body><h1>Überschrift</h1><p>Grüße aus Köln, wo es heute regnet und alle sich über das Wetter beklagen.</p></body></html>'
    result = cleaner.clean(page.encode("latin-1"))
    assert "Köln" in result.body or "Köln" in (result.title or "")


def test_hidden_nodes_never_reach_the_body():
    page = (
        "<html><body><article><h1>Visible headline of the story</h1>"
        "<p>The visible paragraph of the article says something worth reading about the town and its people.</p>"
        '<p hidden>Hidden paragraph that should never be shown to anyone at all, whatever happens.</p>'
        '<p style="display:none">Styled away paragraph that should never be shown to anyone at all.</p>'
        "</article></body></html>"
    )
    result = cleaner.clean(page)
    assert "Hidden paragraph" not in result.body and "Styled away" not in result.body


def test_real_corpus_pages_end_to_end(corpora_dir):
    from cleaner.corpus import iter_pages

    pages = iter_pages("l3s-gn1", split="test", limit=5)
    scores = []
    for page in pages:
        result = cleaner.clean(page.html_path.read_bytes())
        m = match_page(page.truth(), result.body)
        scores.append(m.tp / max(m.n_truth, 1))
        assert result.lines
    assert sum(scores) / len(scores) >= 0.6


def test_the_cleaners_word_memory_changes_no_result_and_stays_bounded():
    # A Cleaner remembers class/id words' cue groups across pages; results must be those of a fresh start, and the
    # memory must start afresh once it holds more than options.token_cache_entries words.
    from dataclasses import replace

    html = EXAMPLE_HTML.read_bytes()
    other = b"<html><body><nav class='siteNavMenu topbar'><a>Home</a></nav><article class='storyBody'><p>" + (
        b"A sentence of the story, long enough to read as prose. " * 8) + b"</p></article></body></html>"
    fresh = [cleaner.Cleaner().clean(page) for page in (html, other)]
    small = cleaner.Cleaner(options=replace(cleaner.Options(), token_cache_entries=10))
    for _ in range(2):
        again = [small.clean(page) for page in (html, other)]
        assert [r.to_dict() for r in again] == [r.to_dict() for r in fresh]
        assert len(small._token_groups) <= 10  # noqa: SLF001 - emptied after a page that took it past 10
    shared = cleaner.Cleaner()
    shared.clean(html)
    assert shared._token_groups  # noqa: SLF001 - the memory is there, not recomputed per page
