"""The compiled cue tests of cleaner/features/_base.pyx and the narrow regexes of lexicon.AnchoredPhrases give the
answers of the plain lexicon tests, on generated lines built from the lexicon itself and on real corpus pages."""
from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner.features.text as text_features
from cleaner.corpus import cached_dump, iter_pages, renderer_available, shared_corpora_dir
from cleaner.features import lexicon
from cleaner.segment.html import segment_html
import cleaner.segment.text as segment_text_module
from cleaner.options import Options
from cleaner.segment.text import segment_text

compiled = pytest.importorskip(
    "cleaner.features._base", reason="the compiled features were not built (no C compiler at install)"
)

ANCHORED = {"teaser": lexicon.TEASER_HEADERS, "inline": lexicon.INLINE_TEASERS, "end": lexicon.END_MARKERS}
_LEXICON_PIECES = sorted(
    {p.replace("?", "").replace("(:", "").replace(r"\b", "").replace(".*", "x") for p in lexicon.TEASER_HEADER_PHRASES}
    | set(lexicon.INLINE_TEASER_PHRASES) | set(lexicon.END_MARKER_PHRASES) | set(lexicon._AD_PHRASES)
    | set(lexicon._NAV_PHRASES) | set(lexicon._NAV_STARTS) | set(lexicon._AD_MARKERS)
    | set(list(lexicon.STOPWORDS)[:40]) | lexicon._DATE_WORDS | lexicon._CAPTION_WORDS | lexicon._AD_WORDS
    | lexicon._SOCIAL_WORDS | {"12/05/2021", "1999", "2024", "3.4.19", "12:30", "©", "(photo:", "e-mail", "İ", "ſ", "K"}
)
_PIECE = st.sampled_from(_LEXICON_PIECES)
_NOISE = st.text(alphabet=st.sampled_from("aZ _-:»|.0129/()\u0663\u00e9\u4e2dİ的の。！」"), max_size=4)


def _mixed_case(draw_text: str, flips: list[bool]) -> str:
    return "".join(c.upper() if flip else c for c, flip in zip(draw_text, flips + [False] * len(draw_text)))


@st.composite
def lexicon_lines(draw) -> str:
    parts = draw(st.lists(st.one_of(_PIECE, _NOISE), min_size=1, max_size=6))
    line = draw(st.sampled_from(["", " ", ": ", " - "])).join(parts)
    return _mixed_case(line, draw(st.lists(st.booleans(), max_size=len(line))))


@settings(max_examples=600, deadline=None)
@given(lexicon_lines())
def test_narrow_regexes_answer_like_the_whole_alternation(line):
    for which, phrases in ANCHORED.items():
        expected = phrases.pattern.match(line) is not None
        assert phrases.match(line) == expected, which
        assert compiled.anchored_flags(which, [line]) == [expected], which


@settings(max_examples=300, deadline=None)
@given(st.lists(lexicon_lines(), max_size=5))
def test_compiled_flags_for_the_rules_match_the_lexicon(lines):
    for which, phrases in ANCHORED.items():
        assert compiled.anchored_flags(which, lines) == [phrases.match(line) for line in lines]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("ab_ 1\u0661é.-:\n\u4e2d\u0e01\u3042\uf900\u0307"), max_size=20), max_size=4))
def test_compiled_rule_word_counts_match_the_python_count(texts):
    from cleaner.rules.context import _count_words

    assert compiled.count_words_all(texts) == [_count_words(text) for text in texts]


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=st.sampled_from("0129./ a_\u0663\u0669-"), max_size=16))
def test_compiled_date_scan_matches_the_regex(low):
    assert compiled.year_or_numeric_date(low) == (lexicon._YEAR_OR_NUMERIC_DATE.search(low) is not None)


_COMPILED = ("_fill_loop_columns", "_codepoint_counts", "_fill_context_columns")


def _python_and_compiled(blocks) -> tuple[np.ndarray, np.ndarray]:
    """text_features (base and context columns) with the compiled loops and with the numpy/Python reference."""
    fast = {name: getattr(text_features, name) for name in _COMPILED}
    with_compiled, compiled_names = text_features.text_features(blocks)
    try:
        for name in _COMPILED:
            setattr(text_features, name, None)
        with_python, python_names = text_features.text_features(blocks)
    finally:
        for name, value in fast.items():
            setattr(text_features, name, value)
    assert compiled_names == python_names
    return with_compiled, with_python


@settings(max_examples=300, deadline=None)
@given(st.lists(lexicon_lines(), min_size=1, max_size=8))
def test_compiled_cues_match_the_lexicon_on_generated_lines(lines):
    blocks = segment_text("\n".join(lines)).blocks
    if blocks:
        got, expected = _python_and_compiled(blocks)
        assert np.array_equal(got, expected)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60), min_size=1, max_size=8))
def test_compiled_character_counts_match_numpy_on_any_text(texts):
    """Latin-1 characters are classed through a lookup table in the compiled count; everything above it through
    the tests the table is built from; both must agree with the numpy reference."""
    fast = text_features._codepoint_counts
    try:
        text_features._codepoint_counts = None
        _, expected = text_features._codepoint_masks(texts)
    finally:
        text_features._codepoint_counts = fast
    compiled_counts = compiled.codepoint_counts(texts)
    for name, values in expected.items():
        assert np.array_equal(compiled_counts[name], values), name


def test_compiled_features_match_python_ones_on_corpus_pages():
    if not shared_corpora_dir().exists():
        pytest.skip("../shared/corpora is not beside this checkout")
    renderer = "w3m" if renderer_available("w3m") else "htmltext"
    checked = 0
    for corpus in ("l3s-gn1", "cleanportaleval", "readability", "wcxb-articles"):
        for page in iter_pages(corpus, limit=6):
            for segmented in (segment_text(cached_dump(page, renderer)), segment_html(page.html())):
                if segmented.blocks:
                    got, expected = _python_and_compiled(segmented.blocks)
                    assert np.array_equal(got, expected), (corpus, page.path.name, segmented.kind)
                    checked += 1
    assert checked >= 40


def _sample_of(phrase: str) -> str:
    """A plain line that the regex alternative `phrase` matches: optional parts dropped, first alternatives taken."""
    line = re.sub(r"\(\?:[^()]*\)\?", "", phrase.replace(r"(?: \(\d+\))?", ""))
    line = re.sub(r"\(\?:([^()|]*)(?:\|[^()]*)?\)", r"\1", line)
    line = re.sub(r"\\b\.\*|\.\*", "", line).replace(r"\d+", "12")
    return re.sub(r".\?", "", line)


@pytest.mark.parametrize("which", sorted(ANCHORED))
def test_every_phrase_is_found_through_its_narrow_regex(which):
    phrases = ANCHORED[which]
    ending = ": more" if which == "inline" else ":"
    for phrase in phrases.phrases:
        sample = _sample_of(phrase) + ending
        for line in (sample, sample.upper(), sample.title()):
            assert phrases.pattern.match(line), (phrase, line)
            assert phrases.match(line), (phrase, line)
            assert compiled.anchored_flags(which, [line]) == [True], (phrase, line)


def _both_segmentations(text: str, options: Options):
    fast = segment_text_module._segment_lines
    if fast is None:
        pytest.fail("cleaner.segment._text was not built though cleaner.features._base was")
    with_compiled = segment_text(text, options)
    try:
        segment_text_module._segment_lines = None
        with_python = segment_text(text, options)
    finally:
        segment_text_module._segment_lines = fast
    return with_compiled, with_python


_LAYOUT = st.sampled_from(["  ", "\t", " ", "•", "* ", "- ", "o ", "# ", "12. ", "1234. ", "3) ", "\u0661. ", "[12]", "[123456]",
                           "[", "]", "References", "1. http://a.b/c", "x", "word", "\u3000", "\x0b", "\r", "\n", "\n\n"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_LAYOUT, max_size=30), st.sampled_from([Options(), Options(max_line_chars=6, max_blocks=4)]))
def test_compiled_text_segmenter_gives_the_python_blocks(pieces, options):
    with_compiled, with_python = _both_segmentations("".join(pieces), options)
    assert with_compiled == with_python


def test_compiled_text_segmenter_matches_on_corpus_dumps():
    if not shared_corpora_dir().exists():
        pytest.skip("../shared/corpora is not beside this checkout")
    renderers = [r for r in ("w3m", "lynx") if renderer_available(r)] or ["htmltext"]
    checked = 0
    for corpus in ("l3s-gn1", "cleanportaleval", "readability", "wcxb-articles"):
        for page in iter_pages(corpus, limit=5):
            for renderer in renderers:
                with_compiled, with_python = _both_segmentations(cached_dump(page, renderer), Options())
                assert with_compiled == with_python, (corpus, page.path.name, renderer)
                checked += 1
    assert checked >= 20


_MARKER_PIECES = st.sampled_from(
    ["Advertisement", "ADS BY GOOGLE", "Ad-Feature", "sponsored content", "Story continues below advertisement",
     "Photo: AP", "(Photo by Damon Tarver)", "(Ferrey/WireImage)", "(pa )", "Photograph: EPA", "Реклама", "Bild: dpa",
     "Publicidad", "Advertentie", "Pubblicità", "Publicité", "Werbung", "Continue reading the main story",
     "İmage", "ſ", "K"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.one_of(_MARKER_PIECES, _PIECE, _NOISE), max_size=5).map(" ".join), max_size=6))
def test_compiled_key_search_finds_the_lines_python_finds_and_every_marker_line(texts):
    both = compiled.lines_holding(texts, (lexicon.AD_MARKER_KEYS, lexicon.CREDIT_KEYS))
    pairs = ((lexicon.AD_MARKER_KEYS, lexicon.AD_MARKER_LINE), (lexicon.CREDIT_KEYS, lexicon.CREDIT_LINE))
    for (keys, pattern), found in zip(pairs, both):
        assert compiled.lines_holding(texts, (keys,)) == [found]
        # str.lower() turns a few characters into two ("İ"); on every other text the answers are the same.
        same_length = [i for i, t in enumerate(texts) if len(t.lower()) == len(t)]
        python = [i for i in same_length if any(k in texts[i].lower() for k in keys)]
        assert [i for i in found if i in same_length] == python
        # The keys are there to skip lines the pattern cannot match: none that it matches may be skipped.
        assert {i for i, t in enumerate(texts) if pattern.search(t)} <= set(found)



@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.one_of(_MARKER_PIECES, _PIECE, _NOISE), max_size=5).map(" ".join), max_size=6))
def test_a_key_table_built_once_answers_like_the_key_sets_it_was_built_from(texts):
    from cleaner.rules.context import _KEY_TABLES

    for key_sets, table in _KEY_TABLES.items():
        assert table.key_sets is key_sets
        assert compiled.lines_holding(texts, table) == compiled.lines_holding(texts, key_sets)
    table = compiled.KeyTable((lexicon.AD_MARKER_KEYS, lexicon.CREDIT_KEYS))
    sizes = tuple(len(t) % 7 for t in texts)
    assert compiled.lines_holding(texts, table, sizes, 3) == compiled.lines_holding(texts, table.key_sets, sizes, 3)


def test_every_key_search_of_the_rules_uses_a_table_built_once(monkeypatch):
    import cleaner.rules.context as context_module
    from cleaner import Cleaner

    seen = []

    def recording(texts, keys, *rest):
        seen.append(keys)
        return compiled.lines_holding(texts, keys, *rest)

    monkeypatch.setattr(context_module, "_lines_holding", recording)
    page = ("Storm hits the coast\n\nAdvertisement\nPhoto: AP\nHeavy rain fell all night on the coast, and the "
            "roads were closed by noon.\nAbout the author\nAnn Lee writes about the weather for the paper.\n")
    Cleaner().clean(page, kind="text")
    assert seen and all(isinstance(keys, compiled.KeyTable) for keys in seen)
    with pytest.raises(ValueError):
        compiled.KeyTable((("a",),))

_NOTICE_PIECES = st.sampled_from(
    ["We may earn a commission", "If you buy through our links, we may earn", "I receive compensation",
     "This post may contain affiliate links", "Pricing and availability subject to change", "our 100 partners store",
     "store and/or access information on a device", "Screenshot of", "A photo of", "Bar graph:", "Close-up of",
     "An aerial view of", "Stock photo showing", "Infographic:", "Headshot of", "publisher will get a share of",
     "learn more", "received", "yearn", "PARTNERS", "This video is unavailable", "Your browser does not support",
     "Please enable JavaScript", "You need Flash Player 8", "clip has been un available",
     "By submitting this form, you authorize", "We use cookies", "Cookie Settings", "may not be published",
     "earns commissions from partners", "commission from affiliate links", "Links in this post may",
     "our editorial policy", "This is a paid placement", "reader-supported", "This video is playable across all"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.one_of(_NOTICE_PIECES, _PIECE, _NOISE), max_size=5).map(" ".join), max_size=6))
def test_the_notice_and_alt_text_keys_find_every_line_their_patterns_match(texts):
    small_print = tuple((keys, reading.search) for keys, reading in lexicon.SMALL_PRINT)
    for keys, matches in (*small_print,
                          (lexicon.ALT_TEXT_KEYS, lexicon.ALT_TEXT_LINE.match),
                          (lexicon.PLAYER_NOTICE_KEYS, lexicon.PLAYER_NOTICE_LINE.match)):
        (found,) = compiled.lines_holding(texts, (keys,))
        assert {i for i, t in enumerate(texts) if matches(t)} <= set(found)


_LAYOUT_CHARS = st.sampled_from([" ", " ", " ", "a", "Z", ".", "\t", "\xa0", "\u3000", "\u2028", "\x1c", "é", "│"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(_LAYOUT_CHARS, max_size=24).map("".join), max_size=8))
def test_compiled_line_shapes_are_what_strip_and_the_gap_regexes_say(raws):
    right, both, gaps = compiled.raw_shapes(raws)
    assert right == [len(raw.rstrip()) for raw in raws]
    assert both == [len(raw.strip()) for raw in raws]
    assert gaps == [re.search(r"(?<=\S) {3,}(?=\S)", raw) is not None for raw in raws]
    assert compiled.gap_flags(raws, False) == gaps
    assert compiled.gap_flags(raws, True) == [re.search(r"(?<=\S)[ \xa0]{3,}(?=\S)", raw) is not None for raw in raws]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.one_of(_MARKER_PIECES, _PIECE, _NOISE), max_size=5).map(" ".join), max_size=6),
    st.data(),
)
def test_compiled_key_search_skips_only_the_lines_it_is_told_to(texts, data):
    from types import SimpleNamespace

    sizes = tuple(data.draw(st.integers(0, 9)) for _ in texts)
    from cleaner.types import CONTENT, NAVIGATION

    labels = [data.draw(st.sampled_from([CONTENT, NAVIGATION])) for _ in texts]
    decisions = [SimpleNamespace(label=label) for label in labels]
    keys = (lexicon.AD_MARKER_KEYS, lexicon.CREDIT_KEYS)
    full = compiled.lines_holding(texts, keys)
    some = compiled.lines_holding(texts, keys, sizes, 4, decisions, CONTENT)
    assert some == [[i for i in found if sizes[i] <= 4 and labels[i] is not CONTENT] for found in full]


def test_rule_context_key_search_is_the_same_with_and_without_the_compiled_scan(monkeypatch):
    import numpy as np

    import cleaner.rules.context as context_module
    from cleaner.options import Options
    from cleaner.rules.context import RuleContext
    from cleaner.types import CONTENT, NAVIGATION, Metadata, new_decision

    lines = ["Advertisement", "Photo: AP", "The minister said the photo was taken in May and shown to the press.",
             "Ads by Google", "Home", "(Photo by Damon Tarver)"]
    blocks = segment_text("\n".join(lines)).blocks
    ctx = RuleContext(kind="text", blocks=blocks, probabilities=np.full((len(blocks), 4), 0.25, dtype=np.float32),
                      options=Options(), metadata=Metadata())
    decisions = [new_decision((CONTENT if i == 2 else NAVIGATION, i == 2, "test")) for i in range(len(blocks))]
    keys = (lexicon.AD_MARKER_KEYS, lexicon.CREDIT_KEYS)
    compiled_answers = [ctx.lines_holding(*keys), ctx.lines_holding(*keys, max_words=3, skipping=(decisions, CONTENT))]
    monkeypatch.setattr(context_module, "_lines_holding", None)
    python_answers = [ctx.lines_holding(*keys), ctx.lines_holding(*keys, max_words=3, skipping=(decisions, CONTENT))]
    assert compiled_answers == python_answers
    assert compiled_answers[1] == [[0, 3], [1]]  # the body sentence and the four-word credit are not read


def test_unspaced_scripts_count_words_stopwords_and_sentences():
    """A Chinese or Japanese paragraph is one or two \\w+ runs; its features must still read as prose: characters
    count about two to a word, function characters as stopwords, "。" as a sentence end, as rules/context.py counts."""
    lines = [
        "市政府周三宣布，新大桥将于明年春天开工。工程预计持续十八个月，期间旧桥将对车辆关闭。居民们表示，他们对交通问题感到担忧。",
        "北風新聞は、市議会が新しい橋の建設を承認したと報じた。工事は来年の春に始まる予定だ。",
        "首页",
        "The council voted on Tuesday to approve the new bridge, ending a debate of ten years.",
    ]
    blocks = segment_text("\n\n".join(lines)).blocks
    column = {name: i for i, name in enumerate(text_features.BASE_NAMES)}
    for fast in (True, False):
        saved = (text_features._codepoint_counts, text_features._fill_loop_columns)
        try:
            if not fast:
                text_features._codepoint_counts = text_features._fill_loop_columns = None
            features = text_features.base_features(blocks)
        finally:
            text_features._codepoint_counts, text_features._fill_loop_columns = saved
        for row in (0, 1):  # the two paragraphs
            assert features[row, column["log_words"]] > np.log1p(12)
            assert features[row, column["ends_sentence"]] == 1.0
            assert features[row, column["n_sentences"]] >= 2
            assert features[row, column["stopword_share"]] > 0.1
            assert features[row, column["long_sentence"]] == 1.0
        assert features[2, column["short_line"]] == 1.0 and features[2, column["long_sentence"]] == 0.0
        assert features[3, column["long_sentence"]] == 1.0


_RULE_LINE = st.text(alphabet=st.sampled_from("aAbß: ?.ǅ\u00aa\u02b0İ的 -Lx"), max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_RULE_LINE, st.integers(0, 30)), max_size=12), st.integers(0, 30), st.integers(0, 40),
       st.integers(0, 8), st.integers(0, 6))
def test_rule_candidate_scans_answer_as_their_comprehensions(rows, max_words, max_chars, head, min_words):
    # rules/core.py's spec_list, doubled_lines and lowercase_labels read these instead of their comprehensions.
    texts = [text for text, _ in rows]
    words = tuple(n for _, n in rows)
    assert compiled.lines_finding(texts, words, max_words, ": ", 1, 34) == [
        i for i, t in enumerate(texts) if words[i] <= max_words and t.find(": ", 1, 34) != -1]
    assert compiled.lines_repeating_head(texts, words, max_words, max_chars, head) == [
        i for i, t in enumerate(texts) if words[i] <= max_words and len(t) <= max_chars and t.find(t[:head], 1) > 0]
    assert compiled.lines_starting_lower(texts, words, min_words, max_words) == [
        i for i, t in enumerate(texts) if min_words <= words[i] <= max_words and t[:1].islower()]
