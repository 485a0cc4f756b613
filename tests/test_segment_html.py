"""HTML segmentation, page metadata and DOM features, on small hand-written pages (plus one real page)."""
from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.corpus import iter_pages, shared_corpora_dir
from cleaner.features.html import COLUMNS, FEATURE_SCHEMA_VERSION, dom_features
from cleaner.metadata import _clean, extract_metadata
from cleaner.options import Options
from cleaner.segment import html as segment_module
from cleaner.segment.html import _flatten_selects, _option_tags_python, html_to_text, segment_html

ARTICLE = """<!doctype html>
<html lang="en-GB"><head>
<title>Storm hits coast | Daily Bugle</title>
<meta property="og:title" content="Storm hits coast">
<meta property="og:site_name" content="Daily Bugle">
<meta property="og:url" content="https://bugle.example/storm">
<script>var tracking = "do not show";</script>
<style>p { color: red }</style>
</head><body>
<nav class="mainNav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a>
  <ul><li><a href="/world/europe">Europe</a></li></ul></li></ul></nav>
<article class="article-body__content">
  <h1>Storm hits coast</h1>
  <p>The storm <a href="/wind">reached land</a> on Monday, officials said.</p>
  <h2>Damage</h2>
  <ul><li>Roofs torn off<ul><li>in the old town</li></ul></li><li>Roads closed</li></ul>
  <table><tr><th>Town</th><th>Homes</th></tr><tr><td>Eastport</td><td>120</td></tr></table>
  <blockquote><p>It was the worst night of my life.</p></blockquote>
  <pre>line one
  indented line two</pre>
  <figure><img src="a.jpg" alt="x"><figcaption>Waves over the pier. <span class="credit">Photo: AP</span></figcaption></figure>
  <div hidden>hidden by attribute</div>
  <div aria-hidden="true">hidden from readers</div>
  <div style="display: none">hidden by style</div>
  <noscript>enable javascript</noscript>
  <aside class="related-stories"><h3>Related</h3><ul><li><a href="/x">Another storm story</a></li></ul></aside>
</article>
<footer><p>© 2025 Daily Bugle</p></footer>
</body></html>"""


def texts(html: str, **kw) -> list[str]:
    return [b.text for b in segment_html(html, **kw).blocks]


def block_with(seg, text: str):
    return next(b for b in seg.blocks if b.text == text)


def test_blocks_come_in_document_order_with_their_kinds():
    seg = segment_html(ARTICLE)
    assert seg.kind == "html"
    got = [(b.kind, b.text) for b in seg.blocks]
    assert got == [
        ("li", "Home"),
        ("li", "World"),
        ("li", "Europe"),
        ("heading", "Storm hits coast"),
        ("p", "The storm reached land on Monday, officials said."),
        ("heading", "Damage"),
        ("li", "Roofs torn off"),
        ("li", "in the old town"),
        ("li", "Roads closed"),
        ("th", "Town"),
        ("th", "Homes"),
        ("td", "Eastport"),
        ("td", "120"),
        ("blockquote", "It was the worst night of my life."),
        ("pre", "line one\n  indented line two"),
        ("figcaption", "Waves over the pier. Photo: AP"),
        ("heading", "Related"),
        ("li", "Another storm story"),
        ("p", "© 2025 Daily Bugle"),
    ]
    assert [b.index for b in seg.blocks] == list(range(len(seg.blocks)))


def test_heading_levels_and_list_nesting():
    seg = segment_html(ARTICLE)
    assert block_with(seg, "Storm hits coast").level == 1
    assert block_with(seg, "Damage").level == 2
    assert block_with(seg, "Roofs torn off").level == 1
    assert block_with(seg, "in the old town").level == 2
    assert block_with(seg, "Europe").level == 2


def test_table_cells_share_a_row_id_per_row():
    seg = segment_html(ARTICLE)
    rows = {b.text: b.dom.row for b in seg.blocks if b.kind in ("td", "th")}
    assert rows["Town"] == rows["Homes"] != rows["Eastport"]
    assert rows["Eastport"] == rows["120"] >= 0
    assert block_with(seg, "Damage").dom.row == -1


def test_layout_tables_do_not_produce_cells():
    long_text = "word " * 100
    html = f"<table><tr><td><p>{long_text}</p></td><td>Menu</td></tr></table>"
    kinds = {b.text: (b.kind, b.dom.row) for b in segment_html(html).blocks}
    assert kinds["Menu"] == ("p", -1)


def test_inline_links_stay_inside_their_paragraph():
    seg = segment_html(ARTICLE)
    block = block_with(seg, "The storm reached land on Monday, officials said.")
    assert block.dom.n_links == 1
    assert block.dom.link_chars == len("reached land")
    nav = block_with(seg, "Home")
    assert nav.dom.link_chars == len("Home")


def test_adjacent_links_without_spaces_do_not_glue_words():
    assert texts('<div class="tags"><a href="/a">World</a><a href="/b">Politics</a></div>') == ["World Politics"]
    assert texts('<p>(<a href="/a">see</a>)</p>') == ["(see)"]


def test_hidden_nodes_and_non_text_elements_are_skipped():
    joined = " ".join(texts(ARTICLE))
    for gone in ("hidden by attribute", "hidden from readers", "hidden by style", "enable javascript",
                 "do not show", "color: red", "Daily Bugle |"):
        assert gone not in joined


def test_title_is_metadata_not_a_block():
    seg = segment_html(ARTICLE)
    assert "Storm hits coast | Daily Bugle" not in [b.text for b in seg.blocks]
    assert seg.metadata.title == "Storm hits coast"


def test_caption_in_figure_is_marked_and_near_image():
    seg = segment_html(ARTICLE)
    caption = block_with(seg, "Waves over the pier. Photo: AP")
    assert caption.kind == "figcaption"
    assert caption.dom.near_image
    assert "figure" in caption.dom.landmarks
    assert "credit" in caption.dom.own_tokens
    assert not block_with(seg, "Damage").dom.near_image


def test_teaser_section_inside_article_keeps_its_tokens():
    seg = segment_html(ARTICLE)
    teaser = block_with(seg, "Another storm story")
    assert {"related", "stories", "article", "body", "content"} <= set(teaser.dom.tokens)
    assert teaser.dom.landmarks[:2] == ("article", "aside")
    assert teaser.dom.ancestors[-1] == "ul"
    nav = block_with(seg, "Home")
    assert {"main", "nav"} <= set(nav.dom.tokens)
    assert "nav" in nav.dom.landmarks


def test_br_splits_lines_and_marks_continuation():
    seg = segment_html("<div><p>By Jane Doe<br>March 3, 2024</p><p>Next paragraph.</p></div>")
    assert [b.text for b in seg.blocks] == ["By Jane Doe", "March 3, 2024", "Next paragraph."]
    assert [b.blank_before for b in seg.blocks] == [False, False, True]


def test_text_runs_around_block_children_become_separate_blocks():
    assert texts("<div>before <b>bold</b><p>inside</p>after</div>") == ["before bold", "inside", "after"]


def test_metadata_from_jsonld_graph_og_tags_and_time():
    html = """<html lang="de"><head>
    <script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "name": "Site"},
      {"@type": ["ReportageNewsArticle"], "headline": "Flut im Tal", "articleBody": "Das Wasser stieg schnell.",
       "author": [{"@type": "Person", "name": "Anna Berg"}, {"@type": "Person", "name": "Ben Kurz"}],
       "datePublished": "2024-05-01T08:00:00Z", "publisher": {"@type": "Organization", "name": "Talblatt"}}]}
    </script>
    <link rel="canonical" href="https://talblatt.example/flut">
    </head><body><main><h1>Flut im Tal</h1><p>Das Wasser stieg schnell.</p>
    <time datetime="2020-01-01">old</time></main></body></html>"""
    seg = segment_html(html)
    meta = seg.metadata
    assert meta.headline == "Flut im Tal"
    assert meta.author == "Anna Berg, Ben Kurz"
    assert meta.date == "2024-05-01T08:00:00+00:00"
    assert meta.language == "de"
    assert meta.url == "https://talblatt.example/flut"
    assert meta.site_name == "Talblatt"
    assert meta.jsonld_body == "Das Wasser stieg schnell."
    assert block_with(seg, "Das Wasser stieg schnell.").dom.in_jsonld_body == 1.0


def test_metadata_falls_back_to_meta_tags_and_time_element():
    html = """<html><head><meta name="author" content="C. Dee">
    <meta property="og:locale" content="fr_FR"></head>
    <body><p>x</p><time datetime="2023-02-03T10:00:00+01:00">3 Feb</time></body></html>"""
    meta = extract_metadata(html)
    assert meta.author == "C. Dee"
    assert meta.date == "2023-02-03T10:00:00+01:00"
    assert meta.language == "fr-FR"
    assert meta.jsonld_body is None
    assert segment_html(html).blocks[0].dom.in_jsonld_body == -1.0


def test_malformed_jsonld_does_not_crash():
    html = """<html><head>
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Broken", </script>
    <script type="application/ld+json"><!-- {"@type": "NewsArticle", "headline": "Wrapped",
      "articleBody": "Body text here",} --></script>
    <script type="application/ld+json">[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[</script>
    <script type="application/ld+json">"just a string"</script>
    </head><body><p>Body text here</p></body></html>"""
    meta = segment_html(html).metadata
    assert meta.headline == "Wrapped"
    assert meta.jsonld_body == "Body text here"


def test_deeply_nested_markup_does_not_recurse():
    depth = 10_000
    html = "<div>" * depth + "deep text" + "</div>" * depth + "<p>after</p>"
    assert texts(html) == ["deep text", "after"]
    # Past max_depth the structure is flattened, never lost.
    assert texts(html, options=Options(max_depth=50)) == ["deep text", "after"]


def test_max_blocks_caps_output_with_a_warning():
    html = "".join(f"<p>para {i}</p>" for i in range(30))
    seg = segment_html(html, options=Options(max_blocks=10))
    assert len(seg.blocks) == 10
    assert any("10 blocks" in w for w in seg.warnings)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<html><body><p>Cut off in the mid", ["Cut off in the mid"]),
        ("<div><p>one<div>two</p></span></div>three", ["one", "two", "three"]),
        ("<html><body></body></html>", []),
        ("", []),
        ("Just plain text,\nno markup at all.", ["Just plain text, no markup at all."]),
        ("<p>a &amp; b &lt;c&gt;</p>", ["a & b <c>"]),
    ],
)
def test_broken_empty_and_non_html_input(html, expected):
    assert texts(html) == expected


def test_non_str_input_is_a_clear_value_error():
    with pytest.raises(ValueError, match="str"):
        segment_html(b"<p>bytes</p>")  # type: ignore[arg-type]


def test_runaway_title_is_closed():
    html = "<html><head><title>Real title\n" + "x = 1;\n" * 300 + "</script></head><body><p>Story text.</p></body>"
    seg = segment_html(html)
    assert "Story text." in [b.text for b in seg.blocks]
    assert seg.warnings


def _long_select(n: int, attrs: str = "") -> str:
    return f"<select name=country{attrs}>" + "".join(f'<option value="c{i}">Country {i}</option>' for i in range(n)) + "</select>"


def test_a_long_select_is_flattened_before_parsing_with_the_same_blocks():
    # lexbor builds a select in time that grows with the square of its options; the walk skips the select anyway,
    # and the text inside a hidden wrapper (which it measures) stays as it was.
    page = (
        "<html><head><title>Pick</title></head><body><article><h1>Headline</h1><p>First paragraph of the story.</p>"
        f"<form>{_long_select(3000)}</form><p>Second paragraph.</p></article>"
        f'<div style="display:none">{_long_select(3000)}<p>hidden</p></div></body></html>'
    )
    data = page.encode()
    flattened = _flatten_selects(data, 500)
    assert flattened is not None and b"<option" not in flattened and b"Country 2999" in flattened
    seg = segment_html(page)
    # Same blocks, metadata and warnings; here the hidden select's text outweighs the story, which brings the
    # hidden wrapper back, as it did before the flattening.
    assert seg == segment_html(page, options=Options(select_flatten_min_options=0))
    assert [b.text for b in seg.blocks] == ["Headline", "First paragraph of the story.", "Second paragraph.", "hidden"]


def test_only_long_plain_selects_are_flattened():
    few = _long_select(50) * 20  # 1,000 options, none in a select of 100
    assert _flatten_selects(few.encode(), 500) is None
    assert _flatten_selects(_long_select(3000).encode(), 5000) is None  # under the page's threshold
    assert _flatten_selects(_long_select(3000).encode(), 0) is None  # 0 turns it off
    # Anything but options inside, or no end tag: left to the parser.
    mixed = _long_select(3000).replace("</select>", "<b>bold</b></select>")
    assert _flatten_selects(mixed.encode(), 500) is None
    assert _flatten_selects(_long_select(3000).replace("</select>", "").encode(), 500) is None
    # A ">" inside a quoted value does not end the tag, so no attribute text leaks into the select's text.
    quoted = "<select>" + "".join(f'<OPTION value="a>{i}">x</OPTION>' for i in range(600)) + "</select>"
    assert _flatten_selects(quoted.encode(), 500) == b"<select>" + b"x" * 600 + b"</select>"


@pytest.mark.parametrize("before", ["<div>x</div", "<script>var s = '", "<!-- ", "<template>"])
def test_a_select_that_is_not_an_element_leaves_the_page_as_it_came(before):
    # A "<select" swallowed by a broken tag, or sitting in a script, a comment or a template, makes no select
    # element; without one, dropping its option tags would turn their text into page text.
    page = (f"<html><body><p>Story text of the page.</p><div>{before}{_long_select(3000)}<p>after</p></div>"
            "</body></html>")
    assert _flatten_selects(page.encode(), 500) is not None  # the markup looks flattenable
    assert segment_html(page) == segment_html(page, options=Options(select_flatten_min_options=0))


def test_option_tag_count_compiled_and_python_agree():
    data = b"<OPTION a><option><Option>< option><optio<option"
    assert segment_module._option_tags_up_to(data, 100) == _option_tags_python(data, 100) == 4
    assert segment_module._option_tags_up_to(data, 2) == _option_tags_python(data, 2) == 2


def test_react_streamed_segment_is_placed_at_its_placeholder():
    html = ('<body><p>top</p><template id="B:0"></template><p>bottom</p>'
            '<div hidden id="S:0"><p>streamed story</p></div></body>')
    assert texts(html) == ["top", "streamed story", "bottom"]


def test_dom_feature_matrix_shape_and_columns():
    seg = segment_html(ARTICLE)
    matrix, names = dom_features(seg)
    assert matrix.shape == (len(seg.blocks), len(names))
    assert matrix.dtype == np.float32
    assert names == COLUMNS and len(set(names)) == len(names)
    assert np.isfinite(matrix).all()
    assert FEATURE_SCHEMA_VERSION
    col = {n: i for i, n in enumerate(names)}
    home = next(i for i, b in enumerate(seg.blocks) if b.text == "Home")
    teaser = next(i for i, b in enumerate(seg.blocks) if b.text == "Another storm story")
    caption = next(i for i, b in enumerate(seg.blocks) if b.kind == "figcaption")
    headline = next(i for i, b in enumerate(seg.blocks) if b.text == "Storm hits coast")
    assert matrix[home, col["in_nav"]] == 1 and matrix[home, col["ctx_nav"]] == 1
    assert matrix[home, col["link_density"]] == 1
    assert matrix[teaser, col["ctx_related"]] == 1 and matrix[teaser, col["in_aside"]] == 1
    assert matrix[caption, col["kind_figcaption"]] == 1 and matrix[caption, col["own_credit"]] == 1
    assert matrix[caption, col["near_image"]] == 1
    assert matrix[headline, col["matches_headline"]] == 1 and matrix[headline, col["tag_h1"]] == 1
    empty, _ = dom_features(segment_html(""))
    assert empty.shape == (0, len(names))


def test_html_to_text_layout():
    text = html_to_text(ARTICLE)
    lines = text.split("\n")
    assert "  • Home" in lines and "    • Europe" in lines
    assert "Town\tHomes" in lines and "Eastport\t120" in lines
    # Headings and paragraphs stand apart; consecutive list items do not.
    i = lines.index("Damage")
    assert lines[i - 1] == "" and lines[i + 1] == ""
    j = lines.index("  • Roofs torn off")
    assert lines[j + 1] == "    • in the old town"
    assert "line one\n  indented line two" in text
    assert text.endswith("\n") and "\n\n\n" not in text


@pytest.mark.skipif(not shared_corpora_dir().is_dir(), reason=f"no corpora at {shared_corpora_dir()} (../shared/corpora is not beside this checkout)")
def test_real_corpus_page_segments_its_article():
    page = iter_pages("cleanportaleval", limit=1)[0]
    seg = segment_html(page.html())
    truth_lines = [line.strip() for line in page.truth().splitlines() if len(line.strip()) > 80]
    assert len(seg.blocks) > 10
    block_texts = " ".join(b.text for b in seg.blocks)
    found = sum(1 for line in truth_lines if line[:60] in block_texts)
    assert truth_lines and found / len(truth_lines) > 0.8
    matrix, names = dom_features(seg)
    assert matrix.shape == (len(seg.blocks), len(names))


_TAGS = ("div", "p", "a", "span", "li", "ul", "table", "tr", "td", "h2", "br", "pre", "script", "b", "figure")
_PIECES = st.one_of(
    st.sampled_from([f"<{t}>" for t in _TAGS] + [f"</{t}>" for t in _TAGS] + ["<div hidden>", '<p style="display:none">']),
    st.text(max_size=12),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_any_tag_soup_segments_without_error(pieces):
    seg = segment_html("".join(pieces))
    for block in seg.blocks:
        assert block.text.strip()
        # Preformatted text (a <pre>, or a list item or heading inside one) keeps its line breaks and indentation;
        # everything else is whitespace-normalised.
        in_pre = block.kind == "pre" or "<pre>" in pieces
        expected = block.text.rstrip() if in_pre else " ".join(block.text.split())
        assert block.text == expected
    matrix, names = dom_features(seg)
    assert matrix.shape == (len(seg.blocks), len(names))


def test_mathml_is_skipped_and_blocks_know_their_containers():
    blocks = segment_html(
        "<body><div id=a><p>Energy is <math><mi>E</mi><mo>=</mo><mi>m</mi></math> here.</p><p>Second.</p></div>"
        "<aside><p>Elsewhere.</p></aside></body>"
    ).blocks
    assert [b.text for b in blocks] == ["Energy is here.", "Second.", "Elsewhere."]
    # Both paragraphs of the div share its element number as their parent; the aside's paragraph does not.
    assert blocks[0].dom.containers[0] == blocks[1].dom.containers[0] != blocks[2].dom.containers[0]
    assert blocks[0].dom.containers[1] == blocks[2].dom.containers[1]  # <body>


def test_object_fallback_text_is_walked_and_an_empty_object_is_skipped():
    html = (
        '<body><div><p>Before the clip.</p>'
        '<object data="clip.swf" type="application/x-shockwave-flash"><param name="movie" value="clip.swf">'
        '<object data="clip.swf"><div class="caption-box"><p>What the clip shows, in one sentence.</p></div>'
        "</object></object>"
        '<object data="badge.swf"><param name="movie" value="badge.swf"> </object>'
        "<p>After the clip.</p></div></body>"
    )
    blocks = segment_html(html).blocks
    # A browser without the plugin renders the fallback content; a bare <object> leaves no trace.
    assert [b.text for b in blocks] == ["Before the clip.", "What the clip shows, in one sentence.", "After the clip."]
    without = segment_html(html.replace("<p>What the clip shows, in one sentence.</p>", "")).blocks
    assert [b.text for b in without] == ["Before the clip.", "After the clip."]
    assert without[1].dom.n_siblings == segment_html(
        "<body><div><p>Before the clip.</p><p>After the clip.</p></div></body>").blocks[1].dom.n_siblings


def test_a_captioned_table_keeps_its_rows_despite_long_cells():
    long = "A weatherman relives the same day over and over again until he learns to be a better person. " * 5
    html = (f"<table><caption>Films</caption><tr><th>Film</th><th>About</th></tr>"
            f"<tr><td>Groundhog Day</td><td>{long}</td></tr></table>")
    blocks = segment_html(html).blocks
    assert [b.kind for b in blocks] == ["caption", "th", "th", "td", "td"]
    assert blocks[3].dom.row == blocks[4].dom.row >= 0
    # The same table without a caption or header cells is page layout.
    bare = segment_html(f"<table><tr><td>Groundhog Day</td><td>{long}</td></tr></table>").blocks
    assert [b.kind for b in bare] == ["p", "p"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("a é\t\n\r\x0b\x0c\x1c\x1f\x85\u00a0\u2028\u3000\u200b"), max_size=20))
def test_metadata_whitespace_squashing_matches_the_regex(value):
    assert _clean(value) == (re.sub(r"\s+", " ", value).strip() if value else "")
