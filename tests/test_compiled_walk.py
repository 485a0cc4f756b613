"""The compiled HTML walk and block builder (cleaner/segment/_walk.pyx) give exactly what the Python ones give.

segment_html uses the compiled walk when it was built and passed its layout check; these tests run both walks on
the same pages and compare the blocks, field by field."""
from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner.segment.html as segment_module
from cleaner.corpus import iter_pages, shared_corpora_dir
from cleaner.options import Options

compiled = pytest.importorskip(
    "cleaner.segment._walk", reason="the compiled walk was not built (no C compiler at install); the Python walk runs"
)

TRICKY_PAGES = [
    # hidden nodes of every kind, a dialog without attributes, an open one, and a revealable tab panel
    '<body><div hidden>a</div><p aria-hidden="true">b</p><div style="DISPLAY: none">c</div><dialog>d</dialog>'
    '<dialog open>e</dialog><div role="tabpanel" style="display:none">f</div><main aria-hidden="true"><p>g</p></main>'
    # a dialog with attributes the walk does not read is hidden, as one with none is not (the Python walk's rule)
    '<dialog data-x="1">h</dialog><p data-y="2" title="t">i <a href="/l" data-z>link</a></p>',
    # React streaming: the hidden segment is walked where its template stands
    '<body><p>before</p><template id="B:1"></template><p>after</p><div hidden id="S:1"><p>streamed</p></div></body>',
    # inline elements with classes, soft breaks between links, <br> continuations, words glued by links
    '<p class="lead-Para"><span class="dropCap big">T</span>he <a href="/x" class="inlineLink">link</a><a>next</a>'
    ' text<br>second line<br><br>third</p><p><a>one</a> <a>two</a>,<a>three</a></p>',
    # tables: layout, data with header, nested, presentation role, long cells
    "<table><tr><td>" + "long cell " * 40 + "</td><td>side</td></tr></table>"
    '<table><caption>Data</caption><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>'
    '<table role="presentation"><tr><td><table><tr><td>in</td></tr></table></td></tr></table>',
    # pre keeps its lines; lists nest; custom elements own their text; prefixed names; MathML and SVG skipped
    "<pre>  one\n    two  \n</pre><ul><li>a<ol><li>b</li></ol></li></ul><my-card class=\"teaser-Box\">custom</my-card>"
    "<svg:rect>x</svg:rect><math><mi>x</mi></math><svg><text>y</text></svg><figure><img src=a><figcaption>cap"
    "</figcaption></figure>",
    # names and values that are not UTF-8 clean, role landmarks, itemprop, duplicate tokens
    '<div role="navigation" class="nav nav navMenu"><a>Home</a></div><div itemprop="articleBody" id="body-Body">'
    "<p>\udcff caf\u00e9 \u4e2d\u6587</p></div>",
    # <object>: fallback text is walked (nested objects too), an object of <param>s and whitespace is skipped
    '<div><object data="a.swf"><param name="m" value="a.swf"><object><p>fallback <b>text</b></p></object></object>'
    '<object data="b.swf"><param name="m" value="b.swf">\n </object><p>after</p></div>',
    # the same token from two class values, on the block and on an inline element inside it
    '<p class="story"><span class="story-lead">lead</span> and text</p><div class="nav"><a class="navLink">x</a></div>',
    # text nodes of whitespace only, every ASCII kind str.isspace() accepts, between words, before any, in <pre>
    "<div>\n\t <p>\x0b\x0c\r\n</p><p><b>one</b>\x1c\x1d<b>two</b> \x1e\x1f <a>three</a>\x85<a>four</a></p>"
    "<pre><b>five</b>\n\t  <b>six</b>\x1f</pre><p><a>seven</a>\u00a0<a>eight</a></p>\n</div>",
    # truncated and broken markup
    "<html><body><div><p>unclosed <b>bold <i>both</p></div><td>stray cell<li>stray item",
    "",
    "plain text, no tags",
]


def _both(html: str, options: Options = Options()):
    fast, fast_build = segment_module._COMPILED_WALK, segment_module._COMPILED_BUILD_BLOCKS
    if fast is None or fast_build is None:
        pytest.fail("the compiled walk is built but failed its layout check against selectolax")
    try:
        with_compiled = segment_module.segment_html(html, options)
        segment_module._COMPILED_WALK = segment_module._COMPILED_BUILD_BLOCKS = None
        with_python = segment_module.segment_html(html, options)
    finally:
        segment_module._COMPILED_WALK, segment_module._COMPILED_BUILD_BLOCKS = fast, fast_build
    return with_compiled, with_python


@pytest.mark.parametrize("html", TRICKY_PAGES)
def test_compiled_walk_matches_python_walk_on_tricky_markup(html):
    with_compiled, with_python = _both(html)
    assert with_compiled == with_python


@pytest.mark.parametrize("html", TRICKY_PAGES)
def test_compiled_block_builder_on_the_python_walk(html):
    # A selectolax whose node layout fails the compiled walk's check leaves the compiled builder reading the
    # Python walk's runs; it compares tokens by identity, so that walk must intern them as the compiled one does.
    fast = segment_module._COMPILED_WALK
    try:
        segment_module._COMPILED_WALK = None
        mixed = segment_module.segment_html(html)
    finally:
        segment_module._COMPILED_WALK = fast
    assert mixed == _both(html)[1]


def test_compiled_walk_matches_when_nesting_is_flattened_and_blocks_are_capped():
    deep = "<div class='level'>" * 3000 + "<p>deep text</p>" + "</div>" * 3000
    with_compiled, with_python = _both(deep)
    assert with_compiled == with_python and with_compiled.blocks
    many = "<p>x</p>" * 50
    with_compiled, with_python = _both(many, Options(max_blocks=10))
    assert with_compiled == with_python and len(with_compiled.blocks) == 10


_TAGS = ("div", "p", "a", "span", "li", "ul", "table", "tr", "td", "th", "h2", "br", "pre", "template", "b", "dialog")
_PIECES = st.one_of(
    st.sampled_from(
        [f"<{t}>" for t in _TAGS] + [f"</{t}>" for t in _TAGS]
        + ['<div hidden>', '<p style="display:none">', '<span class="aB cD">', '<a class="x-y">', "<my-el>"]
        + ["\n  ", " ", "\t\x0b\x1c", "\x1f\r\n", "<pre>", "</pre>"]
    ),
    st.text(max_size=12),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_compiled_walk_matches_python_walk_on_tag_soup(pieces):
    with_compiled, with_python = _both("".join(pieces))
    assert with_compiled == with_python


_TOKEN = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("aAzZbB-_ 0é\u00c9xHTMLParser"), max_size=20))
def test_class_tokens_match_the_regex(value):
    expected = tuple(t.lower() for t in _TOKEN.findall(value) if len(t) > 1)
    assert compiled.tokens_of(value) == expected


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("a_ 1é.\x00-\u4e2d"), max_size=20))
def test_soft_breaks_settle_like_the_regex(raw):
    expected = re.sub(r"(?<=\w)\x00+(?=\w)", " ", raw).replace("\x00", "")
    assert compiled.settle_soft_breaks(raw) == expected


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from("a_ 1é.\x00-\u4e2d\t\n\x1c\u00a0\u3000\U0001f600"), max_size=24))
def test_settling_and_squashing_in_one_pass_matches_the_two_passes(raw):
    assert compiled.squash_settled(raw) == compiled.squash_spaces(compiled.settle_soft_breaks(raw))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("a é\u4e2d\t\n\r\x0b\x1c\u00a0\u2028\u3000\U0001f600"), max_size=20))
def test_compiled_space_squashing_matches_split_and_join(raw):
    assert compiled.squash_spaces(raw) == " ".join(raw.split())
    assert compiled.squashed_length(raw) == len(" ".join(raw.split()))


def test_unique_of_both_keeps_first_occurrences_like_dict_fromkeys():
    tokens = [sys.intern(t) for t in ("nav", "menu", "nav", "top", "menu", "item")]
    head, tail = tuple(tokens[:4]), tuple(tokens[2:])
    assert compiled.unique_of_both(head, tail) == tuple(dict.fromkeys(head + tail))
    many = tuple(sys.intern(f"t{i % 50}") for i in range(80))
    assert compiled.unique_of_both(many, many[:10]) == tuple(dict.fromkeys(many + many[:10]))


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 80), st.integers(0, 80), st.integers(1, 70))
def test_capped_token_join_keeps_the_last_tokens_like_slicing(n_head, n_tail, cap):
    head = tuple(f"h{i}" for i in range(n_head))
    tail = tuple(f"t{i}" for i in range(n_tail))
    assert compiled.joined_tail(head, tail, cap) == (head + tail)[-cap:]


def test_compiled_walk_matches_python_walk_on_corpus_pages():
    if not shared_corpora_dir().exists():
        pytest.skip("../shared/corpora is not beside this checkout")
    checked = 0
    for corpus in ("l3s-gn1", "cleanportaleval", "readability", "wcxb-articles"):
        for page in iter_pages(corpus, limit=10):
            with_compiled, with_python = _both(page.html())
            assert with_compiled == with_python, (corpus, page.path.name)
            checked += 1
    assert checked >= 30


def test_compiled_feature_loop_matches_the_python_loop(seeds_dir):
    import numpy as np

    import cleaner.features.text as text_features
    from cleaner.segment.text import segment_text

    fast, fast_counts = text_features._fill_loop_columns, text_features._codepoint_counts
    if fast is None or fast_counts is None:
        pytest.fail("cleaner.features._base was not built though the walk was")
    pages = [path.read_text(encoding="utf-8") for path in sorted(seeds_dir.glob("*.txt"))]
    pages.append("Quotes «» “and” „this“ – a · b › c | d / e • f, g. H! I? j\n\udcff 12:30 ÀÉÎ×÷ 中文 ＡＢ")
    segmented = [segment_text(page) for page in pages] + [segment_module.segment_html(html) for html in TRICKY_PAGES]
    try:
        compiled_rows = [text_features.base_features(seg.blocks) for seg in segmented]
        text_features._fill_loop_columns = text_features._codepoint_counts = None
        python_rows = [text_features.base_features(seg.blocks) for seg in segmented]
    finally:
        text_features._fill_loop_columns, text_features._codepoint_counts = fast, fast_counts
    for got, expected in zip(compiled_rows, python_rows):
        assert np.array_equal(got, expected)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab_ 1\u0661é.-:\n\u4e2d"), max_size=24))
def test_compiled_word_split_matches_the_regex(low):
    from cleaner.features._base import words_of

    assert words_of(low) == re.findall(r"\w+", low)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("0 19:5\n\u0663a"), max_size=12))
def test_duration_prefilter_never_changes_the_answer(low):
    from cleaner.features.lexicon import _DURATION, _ends_in_digit

    assert bool(_DURATION.search(low)) == (_ends_in_digit(low) and bool(_DURATION.search(low)))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aB_ 1\u0661é.-:\n\u4e2d\u0307"), max_size=24))
def test_compiled_word_count_matches_the_regex(text):
    from cleaner.features._base import count_words_all

    unspaced = len(re.findall("[\u4e2d]", text))  # the one character of an unspaced script in the alphabet
    assert count_words_all([text]) == [len(re.findall(r"\w+", text)) + unspaced // 2]


def test_compiled_dom_features_match_the_python_ones():
    import numpy as np

    import cleaner.features.html as dom_module

    fast = (dom_module._fill_flag_columns, dom_module._fill_numeric_columns, dom_module._fill_per_block_inputs,
            dom_module._fill_match_columns)
    if None in fast:
        pytest.fail("cleaner.features._dom was not built though the walk was")
    pages = TRICKY_PAGES + [
        '<article itemprop="articleBody"><h2>H</h2><ul><li>a<ul><li>b</li></ul></li></ul></article>',
        # JSON-LD body, headline, title and author in play, so the numeric columns that read them are not all 0.
        '<html><head><title>Storm hits the coast | Daily</title><meta name="author" content="Ann Lee">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Storm hits the coast", '
        '"articleBody": "Heavy rain fell all night on the coast. Roads were closed by noon."}</script></head>'
        '<body><nav><a href="/">Home</a> <a href="/w">World</a></nav><article><h1>Storm hits the coast</h1>'
        '<p>By Ann Lee</p><figure><img src="a.jpg"><figcaption>The harbour at dawn</figcaption></figure>'
        '<p>Heavy rain fell all night on the coast.</p><p>Roads were closed by <a href="/n">noon</a>.</p>'
        '<table><tr><td>Rain</td><td>80 mm</td></tr></table></article></body></html>',
    ]
    segmented = [segment_module.segment_html(html) for html in pages]
    try:
        compiled_rows = [dom_module.dom_features(seg)[0] for seg in segmented]
        dom_module._fill_flag_columns = dom_module._fill_numeric_columns = dom_module._fill_per_block_inputs = None
        dom_module._fill_match_columns = None
        python_rows = [dom_module.dom_features(seg)[0] for seg in segmented]
    finally:
        (dom_module._fill_flag_columns, dom_module._fill_numeric_columns, dom_module._fill_per_block_inputs,
         dom_module._fill_match_columns) = fast
    for got, expected in zip(compiled_rows, python_rows):
        assert np.array_equal(got, expected)
    # The headline, title and author columns were in play, matched and not.
    match_columns = list(dom_module._MATCH_COLUMNS)
    assert all(any(rows[:, column].any() for rows in compiled_rows) for column in match_columns)


def test_compiled_match_columns_match_the_python_ones_on_odd_metadata():
    import numpy as np

    import cleaner.features.html as dom_module
    from cleaner.features._dom import fill_match_columns
    from cleaner.types import Metadata

    blocks = segment_module.segment_html(
        "<h1>İstanbul votes today</h1><p>İstanbul votes today, and more.</p><p>By Ann Lee, Rome</p>"
        "<p>Storm hits the coast</p><p>Storm hits</p><p>ann lee</p><p></p><p>x</p>"
    ).blocks
    for meta in (Metadata(headline="İstanbul votes today", title="Storm hits the coast | Daily", author="Ann Lee, Rome"),
                 Metadata(headline="", title="storm hits", author=","), Metadata(author=" , x"), Metadata()):
        expected = np.stack(dom_module._metadata_matches(blocks, meta), axis=1)
        got = np.zeros((len(blocks), 3), dtype=np.float32)
        fill_match_columns(blocks, dom_module._norm(meta.headline), dom_module._norm(meta.title),
                           dom_module._norm(meta.author), got, 0, 1, 2)
        assert np.array_equal(got, expected), meta


def test_headline_match_survives_lower_casing_that_lengthens_the_text():
    # _matches skips blocks longer than the target, since lower-casing never shortens a text; "İ" lengthens.
    from cleaner.features.html import _matches, _norm

    blocks = segment_module.segment_html("<h1>İstanbul votes today</h1><p>İstanbul votes today, and more.</p>").blocks
    target = _norm("İstanbul votes today")
    assert len(target) == len(blocks[0].text) + 1
    assert _matches(blocks, target).tolist() == [1.0, 0.0]
    assert _matches(blocks, _norm("İstanbul votes today | The Daily"), contained=True).tolist() == [1.0, 0.0]


@pytest.mark.parametrize(
    "first", ["cleaner.segment._walk", "cleaner.segment._text", "cleaner.features._dom", "cleaner.features._base"]
)
def test_compiled_modules_are_used_whatever_is_imported_first(first):
    import subprocess
    import sys

    code = (
        f"import importlib; importlib.import_module({first!r}); "
        "import cleaner.segment.html as s, cleaner.segment.text as st, cleaner.features.html as d, "
        "cleaner.features.text as t; print(None not in (s._COMPILED_WALK, s._COMPILED_BUILD_BLOCKS, st._segment_lines, "
        "d._fill_flag_columns, t._fill_loop_columns, t._fill_context_columns))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"


METADATA_PAGES = [
    # meta tags of every key kind, a valueless attribute, two JSON-LD scripts (one in any case), canonical links
    '<html lang="en"><head><meta property="og:title" content="OG"><meta name="Author" content=" A  B "><meta charset>'
    '<script type="application/LD+JSON">{"@type": "NewsArticle", "headline": "H"}</script>'
    '<script type="text/javascript">var x;</script><script type="application/ld+json">[1, 2]</script>'
    '<link rel="Canonical alternate" href="/c"><link rel="canonicalx" href="/no"><link rel="canonical"></head>'
    # h1s inside and outside the article, role=main in another case, nested text
    '<body><h1>Site</h1><div role="MAIN"><h1>not main</h1></div><div role="main"><h1>In <b>main</b></h1></div>'
    "<article><h1>Story</h1>"
    # authors by rel (any case) and itemprop (exact case), a name inside, on itself, a meta author skipped
    '<a rel="Author" href="/a">Ann</a><span itemprop="Author">no</span><meta itemprop="author" content="M">'
    '<div itemprop="author"><span itemprop="name" content="Named">N</span></div><p itemprop="author name">Self</p>'
    '<span rel="x\tauthor">Tab</span>'
    # author classes in any case, counted once per name held
    '<span class="post-AUTHOR-name author_name">Cls</span><div class="byline">no name</div>'
    # dates: itemprop datePublished twice, time without and with datetime, dateModified twice
    '<span itemprop="datePublished" content="2020-01-02">x</span><span itemprop="datePublished">3 May 2021</span>'
    '<time>t</time><time datetime>t</time><time datetime="2022-02-02">t</time>'
    '<i itemprop="dateModified" datetime="2023-03-03">m</i><i itemprop="dateModified">later</i>'
    "</article></body></html>",
    "",
    "<p>no metadata at all</p>",
    '<svg><script type="application/ld+json">{"a": 1}</script></svg><template><meta name="x" content="y"></template>',
]


@pytest.mark.parametrize("html", METADATA_PAGES)
def test_compiled_metadata_nodes_match_the_css_reading(html):
    from selectolax.lexbor import LexborHTMLParser

    from cleaner.metadata import _PageNodes, _PageNodesCss

    assert segment_module._COMPILED_PAGE_NODES is not None
    tree = LexborHTMLParser(html)
    fast = _PageNodes(*segment_module._COMPILED_PAGE_NODES(tree))
    reference = _PageNodesCss(tree)
    for field in _PageNodes._fields:
        assert getattr(fast, field) == getattr(reference, field), field


def test_compiled_metadata_nodes_match_the_css_reading_on_corpus_pages():
    if not shared_corpora_dir().exists():
        pytest.skip("../shared/corpora is not beside this checkout")
    from selectolax.lexbor import LexborHTMLParser

    from cleaner.metadata import _PageNodes, _PageNodesCss

    for corpus in ("l3s-gn1", "cleanportaleval", "readability", "wcxb-articles"):
        for page in iter_pages(corpus, limit=15):
            tree = LexborHTMLParser(page.html())
            fast = _PageNodes(*segment_module._COMPILED_PAGE_NODES(tree))
            reference = _PageNodesCss(tree)
            for field in _PageNodes._fields:
                assert getattr(fast, field) == getattr(reference, field), (corpus, page.path.name, field)
