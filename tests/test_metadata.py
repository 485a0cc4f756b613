"""Page metadata from HTML: which h1 is the headline, where the author's name is, which date counts."""
from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import cleaner
from cleaner import dates
from cleaner.dates import find_byline, find_split_byline
from cleaner.evaluation.fields import FIELDS, match_field
from cleaner.metadata import author_name, extract_metadata
from cleaner.rules.assemble import _title_variants
from selectolax.lexbor import LexborHTMLParser


def page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}<p>{'Words of the story. ' * 20}</p></body></html>"


def test_of_several_h1s_the_headline_is_the_one_the_title_agrees_with():
    html = page("<title>AlignMerge: merging language models - arXiv</title>",
                "<main><h1>Computer Science > Artificial Intelligence</h1><h1>AlignMerge: merging language models</h1></main>")
    assert extract_metadata(html).headline == "AlignMerge: merging language models"


def test_an_h1_inside_the_article_beats_one_outside_it():
    # The logo's <h1> comes first in the page; the story's sits under <article>, <main> or role="main".
    for wrapper in ("<article>{}</article>", "<main><div>{}</div></main>", '<div role="main">{}</div>'):
        html = page("<title>Site</title>", '<h1>Daily Planet</h1>' + wrapper.format("<h1>Spider seen downtown</h1>"))
        assert extract_metadata(html).headline == "Spider seen downtown", wrapper
    # One pass finds every kind of node the metadata reads, wherever it sits in the page.
    html = page('<link rel="canonical" href="https://x.example/a"><meta name="author" content="Jane Doe">',
                '<meta itemprop="datePublished" content="2025-05-02"><h1>Spider seen downtown</h1>'
                '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Spider seen"}</script>')
    meta = extract_metadata(html)
    # No <h1> is inside the article, so JSON-LD's headline comes before the page's lone <h1>.
    assert (meta.url, meta.author, meta.date, meta.headline) == (
        "https://x.example/a", "Jane Doe", "2025-05-02T00:00:00", "Spider seen")


def test_a_logo_h1_is_not_the_headline():
    html = page('<title>davidbau.com Vibe Coding</title>', '<h1><a href="/">davidbau.com</a></h1><h3>Vibe Coding</h3>')
    assert extract_metadata(html).headline is None
    named = page('<meta property="og:site_name" content="The Daily Bugle">', "<h1>The Daily Bugle</h1>")
    assert extract_metadata(named).headline is None
    assert extract_metadata(page("", "<h1>Spider seen downtown</h1>")).headline == "Spider seen downtown"


def test_several_h1s_that_tie_or_disagree_with_the_title_give_no_headline():
    html = page("<title>Local news</title>", "<h1>Weather</h1><h1>Sports</h1>")
    assert extract_metadata(html).headline is None


def test_a_jsonld_headline_that_is_a_whole_caption_is_ignored():
    caption = "In this photo dated Tuesday the rocket booster is installed on a launch pad. " * 5
    html = page(f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{caption}"}}</script>')
    assert extract_metadata(html).headline is None


def test_author_found_through_a_jsonld_id_reference():
    html = page("""<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "Article", "@id": "https://x.example/a#article", "author": {"@id": "https://x.example/#/person/1"}},
      {"@type": "Person", "@id": "https://x.example/#/person/1", "name": "Oleg Parashchak"}]}</script>""")
    assert extract_metadata(html).author == "Oleg Parashchak"


@pytest.mark.parametrize("raw, name", [
    ("Author: Ashley Biancuzzo", "Ashley Biancuzzo"),
    ("By Jane Doe", "Jane Doe"),
    ("Written by John Crenshaw", "John Crenshaw"),
    ("Par Sébastien Farcis", "Sébastien Farcis"),
    ("page.head.extra.author", ""),
    ("{{ author }}", ""),
    ("https://example.com/authors/jane", ""),
    ("Bylines Team", "Bylines Team"),
])
def test_author_names_are_cleaned(raw, name):
    assert author_name(raw) == name


def test_the_site_name_is_the_author_only_when_no_person_is_named():
    site = '<meta property="og:site_name" content="Rapid7"><meta name="author" content="Rapid7">'
    assert extract_metadata(page(site, '<span class="author-name">Spencer McIntyre</span>')).author == "Spencer McIntyre"
    assert extract_metadata(page(site)).author == "Rapid7"


def test_author_marked_only_by_class_and_cxense_meta():
    assert extract_metadata(page("", '<div class="blog__authorName">Michelle Lee</div>')).author == "Michelle Lee"
    cx = '<meta property="cXenseParse:author" content="Harry Rabinowitz">'
    assert extract_metadata(page(cx)).author == "Harry Rabinowitz"


def test_modified_date_is_the_date_only_when_no_publication_date_is_stated():
    modified = '<meta property="article:modified_time" content="2023-06-12T10:39:42+00:00">'
    assert cleaner.clean(page(modified), kind="html").date == "2023-06-12T10:39:42+00:00"
    both = modified + '<meta property="article:published_time" content="2021-08-12T19:35:44+00:00">'
    assert cleaner.clean(page(both), kind="html").date == "2021-08-12T19:35:44+00:00"



@given(st.text(max_size=300))
def test_author_name_is_a_trimmed_substring_or_nothing(raw):
    name = author_name(raw)
    assert name == "" or (len(name) <= 100 and name == name.strip() and name in " ".join(raw.split()))


@given(st.text(max_size=200))
def test_title_variants_are_nonempty_parts_of_the_title(title):
    variants = _title_variants(title)
    assert variants and len(set(variants)) == len(variants)
    assert all(v in title for v in variants)


@given(st.text(max_size=200), st.text(max_size=200))
def test_bylines_never_fail_and_name_comes_from_the_text(line, next_line):
    name = find_byline(line)
    assert name is None or name in line
    split = find_split_byline(line, next_line)
    assert split is None or split == next_line.strip()


_BYLINE_PIECES = st.sampled_from(
    ["By", "BY", "bY", "by:", "Von", "PAR", "por", "Di", "dİ", "dı", "Door", "Written", "posted", " ", "  ", ":", "\t",
     "\u2003", "\xa0", "Jane", "Doe", "Élise", "amedpost", "May 12, 2025", "2024", "|", "-", "x", "İ", "K"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_BYLINE_PIECES, max_size=8).map("".join))
def test_the_byline_word_and_year_scans_pass_every_line_the_finders_read_something_in(line):
    # find_byline and may_hold_byline_or_date skip lines these fast scans rule out: none they rule out may hold one.
    if dates._BYLINE.search(line):
        assert dates._BYLINE_WORD.search(line)
    if find_byline(line) or find_split_byline(line, "Jane Doe") or dates.find_date(line):
        assert dates.may_hold_byline_or_date(line)


@given(st.sampled_from(FIELDS), st.text(max_size=80), st.one_of(st.none(), st.text(max_size=80)))
def test_field_scores_stay_in_range(field, gold, got):
    m = match_field(field, gold, got)
    assert 0.0 <= m.f1 <= 1.0 and (not m.exact or m.found)


_CLASS_PIECES = st.sampled_from(
    ["author", "AUTHOR", "Author", "byline", "BYLINE", "name", "NAME", "Name", "-", "_", "__", " ", "x", "K", "\u212a",
     "\u0130", "\u00e9", "\udcff"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_CLASS_PIECES, max_size=6).map("".join), min_size=1, max_size=8))
@example(["author-name author_name", "bylineauthorname", "AUTHOR__NAME", "authorKname", "byline-NAME byline"])
def test_author_name_class_search_finds_what_the_six_selectors_find(classes):
    from itertools import groupby

    from cleaner.metadata import _AUTHOR_NAME_CLASS_NAMES, _AUTHOR_NAME_CLASSES, _author_name_classes_css
    from cleaner.segment.html import _COMPILED_PAGE_NODES

    # The two candidate selectors find only classes holding "author" or "byline": every name must hold one.
    assert all("author" in name or "byline" in name for name in _AUTHOR_NAME_CLASS_NAMES)

    html = "<body>" + "".join(f'<div class="{c}"><span class="{c[::-1]}">t{i}</span></div>' for i, c in enumerate(classes)) + "</body>"
    tree = LexborHTMLParser(html)
    # The six selectors list a node once per name its class holds, one after the other.
    expected = [(len(list(group)), node.text()) for node, group in groupby(tree.css(_AUTHOR_NAME_CLASSES), key=lambda n: n)]
    assert _author_name_classes_css(tree) == expected
    if _COMPILED_PAGE_NODES is not None:
        assert _COMPILED_PAGE_NODES(tree)[5] == expected
