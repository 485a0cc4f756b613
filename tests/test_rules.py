"""The rule layer on hand-made blocks and probabilities: each rule moves what it should and says why."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

import cleaner

from cleaner.features import lexicon
from cleaner.options import Options
from cleaner.rules.assemble import assemble, headline_over_standfirst, pick_title, wrap_width
from cleaner.rules.context import RuleContext
from cleaner.rules.core import (
    alt_beside_caption,
    alt_text,
    apply_rules,
    article_container,
    author_bio,
    author_box,
    article_span,
    bare_page,
    chrome_landmark,
    code_block,
    table_of_contents,
    disclosure_lines,
    doubled_lines,
    duplicate_lines,
    end_of_article,
    inline_teaser,
    long_caption,
    link_targets,
    lowercase_labels,
    marker_lines,
    model_decisions,
    in_article_prose,
    player_notices,
    in_article_structure,
    rescue_empty_article,
    second_copy,
    spec_list,
    teaser_box,
    teaser_cards,
    teaser_pairs,
    teaser_section,
)
from cleaner.types import LABELS, Block, DomContext, Label, Metadata

PROSE = "The council voted on Tuesday to approve the new bridge, ending a debate that has lasted for more than ten years."
# A story's paragraphs differ: four copies of one line look like a repeated page block to the model, not a body.
STORY = "\n\n".join([
    PROSE,
    "Engineers expect the work to begin next spring and to close the old crossing for about eighteen months.",
    "Residents on both banks told the meeting that traffic through the town centre had become impossible.",
    "The state will pay two thirds of the cost, and the council will borrow the rest over twenty years.",
])
P = {"content": (0.97, 0.01, 0.01, 0.01), "caption": (0.05, 0.9, 0.04, 0.01), "nav": (0.02, 0.01, 0.96, 0.01), "ad": (0.01, 0.01, 0.03, 0.95), "doubt": (0.3, 0.02, 0.66, 0.02),
     "doubted_ad": (0.35, 0.0, 0.05, 0.6)}


def page(rows, kind="text", metadata=Metadata(), options=Options()):
    blocks, probs = [], []
    for i, row in enumerate(rows):
        text, label = row[0], row[1]
        extra = row[2] if len(row) > 2 else {}
        blocks.append(Block(index=i, text=text, raw=extra.pop("raw", text), line=i + 1, **extra))
        probs.append(P[label])
    return RuleContext(kind=kind, blocks=tuple(blocks), probabilities=np.array(probs, dtype=np.float32), options=options, metadata=metadata)


def labels(decisions):
    return [d.label.value for d in decisions]


def test_model_decisions_take_the_top_label_and_say_so():
    ctx = page([("Home", "nav"), (PROSE, "content")])
    decisions = model_decisions(ctx)
    assert labels(decisions) == ["navigation", "content"]
    assert decisions[1].kept and decisions[1].reason.startswith("model: content")


def test_model_reasons_print_the_probability_to_two_places_as_a_format_would():
    # The float32 path reads its reasons from a table: the hundredths must be those f"{p:.2f}" prints, half-way
    # values (0.125, 0.375 round to even) and the float32s either side of every half-way point included.
    halves = [np.float32((2 * k + 1) / 200) for k in range(100)]
    values = [np.float32(0), np.float32(1), np.float32(0.005), np.float32(0.995)]
    for h in halves:
        values += [h, np.nextafter(h, np.float32(0)), np.nextafter(h, np.float32(1))]
    values += list(np.random.default_rng(0).random(2000, dtype=np.float32))
    values = [v for v in values if 0 <= v <= 1]
    # The probability sits in the content column with the rest spread over the other three, so content is the top
    # label wherever p clears the content threshold and another label is chosen otherwise: both rows get checked.
    probs = np.array([[v, (1 - v) / 3, (1 - v) / 3, (1 - v) / 3] for v in values], dtype=np.float32)
    blocks = tuple(Block(index=i, text="x", line=i + 1) for i in range(len(values)))
    ctx = RuleContext(kind="text", blocks=blocks, probabilities=probs, options=Options(), metadata=Metadata())
    decisions = model_decisions(ctx)
    ctx64 = RuleContext(kind="text", blocks=blocks, probabilities=probs.astype(np.float64), options=Options(), metadata=Metadata())
    assert [d.reason for d in decisions] == [d.reason for d in model_decisions(ctx64)]
    for d, row in zip(decisions, probs):
        p = float(row[LABELS.index(d.label)])
        assert d.reason == f"model: {d.label.value} p={p:.2f}"


def test_inline_teaser_is_navigation_even_when_the_model_says_content():
    ctx = page([(PROSE, "content"), ("READ MORE: Council announces new parking rules", "content"), (PROSE + " Again.", "content")])
    out = inline_teaser(ctx, model_decisions(ctx))
    assert labels(out) == ["content", "navigation", "content"]
    assert "inline_teaser" in out[1].reason


def test_teaser_section_takes_the_list_and_stops_at_its_end():
    ctx = page([
        ("Keep Reading", "nav"),
        ("Five things to do this weekend", "content"),
        ("Why the old tram line is coming back", "content"),
        (PROSE, "content"),
    ])
    out = teaser_section(ctx, model_decisions(ctx))
    assert labels(out) == ["navigation", "navigation", "navigation", "content"]
    assert "listed under 'Keep Reading'" in out[1].reason


def test_teaser_list_of_bullets_ends_at_the_first_unbulleted_line():
    ctx = page([
        ("Trending", "nav"),
        ("Bridge vote splits the city", "content", {"bullet": "•", "kind": "li"}),
        ("Tram line to return", "content", {"bullet": "•", "kind": "li"}),
        ("City council approves new bridge", "content"),
    ])
    out = teaser_section(ctx, model_decisions(ctx))
    assert labels(out) == ["navigation", "navigation", "navigation", "content"]


def test_html_teaser_list_ends_at_the_first_block_that_is_not_a_link():
    link = DomContext(tag="a", depth=5, link_chars=30)
    heading = DomContext(tag="h1", depth=5)
    ctx = page([
        ("Related", "nav", {"dom": DomContext(tag="h3", depth=5)}),
        ("Which other closed lines could come back?", "content", {"dom": link}),
        ("Kestrel Valley railway reopens", "content", {"dom": heading, "kind": "heading", "level": 1}),
    ], kind="html")
    out = teaser_section(ctx, model_decisions(ctx))
    assert labels(out) == ["navigation", "navigation", "content"]


def test_end_of_article_drops_what_follows_the_comment_form():
    ctx = page([(PROSE, "content"), (PROSE + " More.", "content"), ("Add A Comment", "nav"), ("Great article, thanks for writing it up so clearly.", "content")])
    out = end_of_article(ctx, model_decisions(ctx))
    assert labels(out)[-1] == "navigation" and "after 'Add A Comment'" in out[-1].reason


def test_article_span_drops_islands_of_short_lines_but_keeps_prose():
    rows = [("Stray heading far above", "content")] + [("Menu item", "nav")] * 15 + [(PROSE, "content"), (PROSE + " Two.", "content")]
    rows += [("Menu item", "nav")] * 15 + [(PROSE + " A second stretch of real text.", "content")]
    ctx = page(rows)
    out = article_span(ctx, model_decisions(ctx))
    assert out[0].label is Label.NAVIGATION and "article_span" in out[0].reason
    assert out[-1].label is Label.CONTENT



def test_article_span_keeps_later_parts_that_repeat_the_articles_section_labels():
    # A review of two products: the second part (far from the first, where the model doubted it) repeats the
    # first part's "Features" and "Our take" labels; a feed of other stories after it shares none of them.
    doubtful = "The second machine brews a full pot in six minutes and keeps it hot for hours without a plate."
    part = [("Features", "nav"), ("Carafe: glass", "nav"), ("Our take", "nav")]
    rows = [(PROSE, "content"), (PROSE + " Two.", "content")] + part + [(PROSE + " Three.", "content")]
    rows += [("Menu item", "nav")] * 13 + part + [(doubtful, "doubt")]
    rows += [("Menu item", "nav")] * 13 + [("Latest stories", "nav"), ("Another story about the council", "doubt")]
    ctx = page(rows)
    decisions = model_decisions(ctx)
    # Both doubted lines start as content (as earlier rules might leave them), far apart from the article.
    for i in (len(rows) - 16, len(rows) - 1):
        decisions[i] = replace(decisions[i], label=Label.CONTENT, kept=True)
    out = article_span(ctx, decisions)
    assert out[len(rows) - 16].label is Label.CONTENT
    assert out[-1].label is Label.NAVIGATION and "outside the article" in out[-1].reason
    # HTML pages are left to the article's element: the same repeat keeps nothing there.
    ctx = page(rows, kind="html")
    out = article_span(ctx, decisions)
    assert out[len(rows) - 16].label is Label.NAVIGATION


def test_spec_list_keeps_label_value_runs_inside_the_article_only():
    specs = [("Max Brew: 40 ounces / 10 cups", "nav"), ("Carafe: Stainless steel", "nav"),
             ("Warranty: 5-year manufacturer's warranty", "nav")]
    ctx = page([(PROSE, "content")] + specs + [(PROSE + " After the box.", "content")])
    out = spec_list(ctx, model_decisions(ctx))
    assert [d.label for d in out[1:4]] == [Label.CONTENT] * 3
    assert all("spec_list" in d.reason and d.kept for d in out[1:4])
    # Two pairs are not a box; a run with no body text after it is the page's footer; HTML is left alone.
    for rows, kind in (([(PROSE, "content")] + specs[:2] + [(PROSE + " After.", "content")], "text"),
                       ([(PROSE, "content")] + specs + [("Menu item", "nav")] * 8, "text"),
                       ([(PROSE, "content")] + specs + [(PROSE + " After the box.", "content")], "html")):
        ctx = page(rows, kind=kind)
        assert spec_list(ctx, model_decisions(ctx)) == model_decisions(ctx)


def _listing_page(listing_rows, kind="text"):
    rows = [(PROSE, "content"), ("To create the table, run:", "content")]
    rows += listing_rows
    rows += [("Copy", "nav"), ("Then the new table fills itself from the sensors every minute of the day.", "nav")]
    rows += [(PROSE + " After the listing.", "content")]
    return page(rows, kind=kind)


SQL_LISTING = [
    ("CREATE TABLE conditions (", "nav"),
    ("time TIMESTAMPTZ NOT NULL,", "nav", {"indent": 3, "raw": "   time        TIMESTAMPTZ   NOT NULL,"}),
    ("humidity DOUBLE PRECISION NULL", "nav", {"indent": 3}),
    (");", "nav"),
]


def test_code_listing_between_paragraphs_stays_with_the_prose_between_listings():
    ctx = _listing_page(SQL_LISTING)
    out = code_block(ctx, model_decisions(ctx))
    kept = [i for i, d in enumerate(out) if "code_block" in d.reason]
    # The listing, its aligned column lines, the closing bracket and the sentence after it; not the "Copy" button.
    assert kept == [2, 3, 4, 5, 7]
    assert all(out[i].label is Label.CONTENT and out[i].kept for i in kept)
    assert out[6].label is Label.NAVIGATION


def test_code_block_leaves_html_pages_and_non_code_gaps_alone():
    ctx = _listing_page(SQL_LISTING, kind="html")
    assert code_block(ctx, model_decisions(ctx)) == model_decisions(ctx)
    # A form field's brackets and a table layout's columns between two paragraphs are not a listing.
    ctx = _listing_page([("[", "nav"), ("e.g. Staines or", "nav", {"indent": 2}), ("]", "nav"),
                         ("Job search", "nav", {"raw": "Job search      Find a job"})])
    assert code_block(ctx, model_decisions(ctx)) == model_decisions(ctx)


def test_code_line_reads_code_and_not_prose_or_chrome():
    from cleaner.features.lexicon import code_line

    code = ["type MeetingWorker struct {", "GROUP BY bucket;", "// internal/worker/meeting_prep.go",
            "SELECT create_hypertable('conditions', by_range('time'));", "x = 5", "print(foo)", "color: red;",
            "func NewRunner(cal CalendarClient) *Runner {", '<div class="main">']
    not_code = ["Home", "Return to top", "Share this article", "From our partners", "Type of event", "]", "}", "",
                "The company said on Monday it would return the money.", "Price: $11 per serving"]
    assert [t for t in code if not code_line(t)] == []
    assert [t for t in not_code if code_line(t)] == []


def test_doubled_lines_take_a_phrase_printed_twice_over_out_of_the_body():
    rows = [(PROSE, "content"), ("Nationwide LogoNationwide Logo", "content"),
            ("wide shot of a winter landscape.wide shot of a winter landscape.", "content"),
            ("Jayesh ShindeJayesh Shinde Jayesh Shinde", "content"),
            # not repeats: a table row set off by column gaps, a sentence that says a word twice, a long paragraph
            ("Prepay Rate  Pay on Arrival Rate    Prepay Rate  Pay on Arrival Rate", "content",
             {"raw": "Prepay Rate  Pay on Arrival Rate    Prepay Rate  Pay on Arrival Rate"}),
            ("The the bridge will open in the spring, the mayor said.", "content"),
            (PROSE + " " + PROSE, "content")]
    ctx = page(rows)
    out = doubled_lines(ctx, model_decisions(ctx))
    assert labels(out) == ["content", "caption", "caption", "caption", "content", "content", "content"]
    assert "doubled_lines" in out[1].reason
    html = page(rows, kind="html")
    assert doubled_lines(html, model_decisions(html)) == model_decisions(html)
    # One long "word" of a repeating pattern (a base64 blob, a row of "ab"s) would make the search quadratic: such a
    # line is too long to be a picture's label and is not searched.
    blob = page([(PROSE, "content"), ("ab" * 200_001 + "c", "content"), (PROSE, "content")])
    assert labels(doubled_lines(blob, model_decisions(blob))) == ["content"] * 3


def test_lowercase_labels_take_a_pictures_description_out_of_the_body():
    rows = [(PROSE, "content"), ("a man models a white sweater on a city street", "content"),
            (PROSE + " Two.", "content"), ("art.chua.ap.jpg", "content"),
            (PROSE + " Three.", "content"),
            # not descriptions: a wrapped sentence going on, a command, an enumerated heading, a brand, a sentence
            ("The mayor said the bridge, which will carry four lanes,", "content"),
            ("would open in the spring of next year", "content"),
            (PROSE + " Four.", "content"), ("npm install inspector-api --save", "content"),
            (PROSE + " Five.", "content"), ("c. Future prospects and innovations", "content"),
            (PROSE + " Six.", "content"), ("iPhone owners will get the update first", "content"),
            (PROSE + " Seven.", "content"), ("and then the council voted for it again.", "content")]
    ctx = page(rows)
    out = lowercase_labels(ctx, model_decisions(ctx))
    assert [i for i, d in enumerate(out) if "lowercase_labels" in d.reason] == [1, 3]
    assert out[1].label is Label.CAPTION and out[3].label is Label.NAVIGATION  # a file name is the renderer's
    html = page(rows, kind="html")
    assert lowercase_labels(html, model_decisions(html)) == model_decisions(html)


def test_only_short_repeats_are_duplicates():
    rows = [("A pull quote", "content"), (PROSE, "content"), ("A pull quote", "content"), (PROSE, "content")]
    ctx = page(rows, options=Options(duplicate_max_words=20))
    out = duplicate_lines(ctx, model_decisions(ctx))
    assert [d.kept for d in out] == [True, True, False, True]
    assert out[2].reason == "rule duplicate_lines: repeats the body line 2 above"


def test_only_near_repeats_are_duplicates_by_default():
    # Alt text and title around a picture repeat a line or two apart; FAQ questions listed above their answers
    # repeat much further down, and the corpora's truths keep every copy of those.
    rows = [(PROSE, "content"), ("Screens from platform Togetherr", "content"), ("Togetherr Hero Screens by Clay", "content"),
            ("Screens from platform Togetherr", "content"), *[(PROSE, "content")] * 5, ("Togetherr Hero Screens by Clay", "content")]
    out = duplicate_lines(page(rows), model_decisions(page(rows)))
    assert [d.kept for d in out] == [True, True, True, False] + [True] * 6
    assert [d.kept for d in duplicate_lines(page(rows, options=Options(duplicate_max_words=0)), model_decisions(page(rows)))] == [True] * 10


MARKDOWN_STORY = [
    "Choosing the right [CRM](https://example.com/glossary/crm) is a balancing act between features and cost.",
    "As founder of [FlowCandy](https://example.com/?utm_source=blog), I have helped hundreds of brands pick one.",
    "## What to look for in CRM software",
    "> The right CRM should match how customers actually buy, not how a demo was presented.",
    "**Best for:** ecommerce and B2C brands that sell to many customers at once, every single day.",
]


def test_second_copy_in_markdown_leaves_the_body():
    rendered = [
        "Choosing the right CRM is a balancing act between features and cost.",
        "As founder of FlowCandy, I have helped hundreds of brands pick one.",
        "What to look for in CRM software",
        "The right CRM should match how customers actually buy, not how a demo was presented.",
        "Best for: ecommerce and B2C brands that sell to many customers at once, every single day.",
    ]
    rows = [(text, "content") for text in rendered] + [("Explore the platform", "nav")] + [(text, "content") for text in MARKDOWN_STORY]
    ctx = page(rows)
    out = second_copy(ctx, model_decisions(ctx))
    assert [d.kept for d in out] == [True] * 5 + [False] * 6
    assert out[6].reason == "rule second_copy: the article printed again from block 6"
    assert out[6].label is Label.CONTENT  # the copy is the article's text: only left out of the body


def test_a_story_printed_twice_as_plain_text_stays_twice():
    # A page that shows its story twice (a teaser version above the full one) prints it twice in the truths too.
    story = [PROSE, PROSE.replace("Tuesday", "Monday"), PROSE.replace("bridge", "tunnel"), PROSE.replace("new", "old")]
    rows = [(text, "content") for text in story * 2]
    ctx = page(rows)
    assert all(d.kept for d in second_copy(ctx, model_decisions(ctx)))
    ctx = page(rows, options=Options(copy_min_lines=0))
    assert all(d.kept for d in second_copy(ctx, model_decisions(ctx)))


def test_long_caption_is_body_text():
    long_text = " ".join([PROSE] * 4)
    ctx = page([(long_text, "caption"), ("A picture of the bridge (Image: Getty)", "caption")])
    ctx.probabilities[0] = (0.2, 0.7, 0.09, 0.01)
    out = long_caption(ctx, model_decisions(ctx))
    assert labels(out) == ["content", "caption"]


def test_rescue_takes_the_most_article_like_text_when_nothing_is_content():
    ctx = page([("Home", "nav"), (PROSE, "nav"), ("Contact", "nav")])
    ctx.probabilities[1] = (0.3, 0.0, 0.7, 0.0)
    out = rescue_empty_article(ctx, model_decisions(ctx))
    assert labels(out) == ["navigation", "content", "navigation"]
    assert "rescue_empty_article" in out[1].reason


def test_title_is_the_headline_and_not_in_the_body():
    ctx = page([("Home", "nav"), ("City council approves new bridge", "content"), (PROSE, "content")])
    article = assemble(ctx, apply_rules(ctx))
    assert article.title == "City council approves new bridge"
    assert [p.text for p in article.paragraphs] == [PROSE]
    assert "title" in article.decisions[1].reason


def test_html_title_follows_the_metadata_headline():
    meta = Metadata(title="City council approves new bridge | The City Paper")
    ctx = page([
        ("City council approves new bridge", "nav", {"kind": "heading", "level": 1, "dom": DomContext(tag="h1")}),
        ("Quick summary", "content", {"kind": "heading", "level": 2, "dom": DomContext(tag="h2")}),
        (PROSE, "content", {"dom": DomContext(tag="p")}),
    ], kind="html", metadata=meta)
    index, title, out = pick_title(ctx, model_decisions(ctx))
    assert (index, title) == (0, "City council approves new bridge")
    assert out[0].label is Label.CONTENT and "agrees with the page's headline" in out[0].reason


def test_wrapped_lines_are_joined_into_one_paragraph():
    wrapped = [
        "The council voted on Tuesday to approve the construction of a new bridge across",
        "the river, ending a debate that has lasted for more than ten years and divided",
        "residents of the town.",
    ]
    rows = [("Headline of the story", "content", {"raw": "Headline of the story", "blank_after": True})]
    for i, line in enumerate(wrapped):
        rows.append((line, "content", {"raw": line, "blank_after": i == len(wrapped) - 1}))
    rows += [(w, "nav", {"raw": w, "blank_after": True}) for w in wrapped]  # more lines of the same width
    ctx = page(rows)
    assert wrap_width(ctx) is not None
    article = assemble(ctx, model_decisions(ctx))
    assert article.paragraphs[0].text == " ".join(wrapped)


def test_printed_dates_and_bylines():
    from cleaner.dates import find_byline, find_date

    assert find_date("amedpostBy amedpostMay 12, 2025 World No Comments4 Mins Read") == "2025-05-12"
    assert find_date("Published 12 December 2025") == "2025-12-12"
    assert find_date("le 5 mars 2024") == "2024-03-05"
    assert find_date("Updated: 2024-03-17 10:00") == "2024-03-17"
    assert find_date("In 2025 the town grew") is None
    assert find_byline("By Helen Farquhar | September 9, 2025") == "Helen Farquhar"
    assert find_byline("dunmorepostBy Helen FarquharSeptember 9, 2025 News") == "Helen Farquhar"
    assert find_byline("By the time we arrived, it was over.") is None
    assert find_byline("By Rebecca NorrisPublished: Jun 25, 2025") == "Rebecca Norris"
    assert find_byline("Written by John Crenshaw") == "John Crenshaw"
    assert find_byline("Browse by Topic") is None  # a menu, not a credit
    assert find_byline("Photos by Ann Lee") is None  # the photographer, not the author


def test_the_byline_and_date_prefilter_passes_every_line_they_find_something_in():
    from cleaner.dates import find_byline, find_date, find_split_byline, may_hold_byline_or_date

    lines = [
        "By Helen Farquhar | September 9, 2025", "dunmorepostBy Helen Farquhar", "BY: JANE DOE", "Von Anna Schmidt",
        "par Jean Dupont", "por María López", "door Jan de Vries", "di Marco Rossi", "By", "by :", "POR",
        "Updated: 2024-03-17 10:00", "le 5 mars 2024", "May 12, 2025", "12th December 1999", "Home", "Contact us",
        "Sports", "The paper said so.", "Written by John Crenshaw", "Reported by\u00a0Ann Lee",
    ]
    for line in lines:
        found = find_byline(line) or find_date(line) or find_split_byline(line, "Summer Swann")
        assert not found or may_hold_byline_or_date(line), line
    assert not may_hold_byline_or_date("Home")


def test_byline_printed_over_two_lines():
    from cleaner.dates import find_split_byline

    assert find_split_byline("By", "Summer Swann") == "Summer Swann"
    assert find_split_byline("By:", "Summer") is None  # one word could be anything
    assert find_split_byline("Sort by", "Summer Swann") is None
    result = cleaner.clean("Menu\n\nHave an App Idea? Software for Small Businesses\n\nBy\n\nSummer Swann\n\n"
                           "June 12, 2025\n\n" + STORY, kind="text")
    assert result.author == "Summer Swann" and result.date == "2025-06-12"


def test_byline_printed_as_a_bare_name_beside_the_date():
    body = STORY
    result = cleaner.clean("Menu\n\nCouncil approves new bridge after ten years\n\nLauren Vetter\n\nJune 12, 2025\n\n" + body,
                           kind="text")
    assert result.author == "Lauren Vetter" and result.date == "2025-06-12"
    result = cleaner.clean("Menu\n\nCouncil approves new bridge after ten years\n\nFaith Katunga • Oct 20, 2025\n\n" + body,
                           kind="text")
    assert result.author == "Faith Katunga"
    # A menu beside the date names no one.
    result = cleaner.clean("Menu\n\nCouncil approves new bridge after ten years\n\nRelated Articles\n\nJune 12, 2025\n\n"
                           + body, kind="text")
    assert result.author is None and result.date == "2025-06-12"


def test_lists_and_code_between_body_paragraphs_are_kept():
    ctx = page([
        (PROSE, "content"),
        ("first item of the list", "nav", {"kind": "li"}),
        ("x = compute(y)", "nav", {"kind": "pre"}),
        (PROSE + " After.", "content"),
        ("Footer link", "nav", {"kind": "li"}),
    ])
    ctx.probabilities[1] = ctx.probabilities[2] = (0.4, 0.0, 0.6, 0.0)
    out = in_article_structure(ctx, model_decisions(ctx))
    assert labels(out) == ["content", "content", "content", "content", "navigation"]
    assert "in_article_structure" in out[1].reason


def in_element(*containers, **extra):
    """DomContext of a block whose parent, grandparent, … carry these element numbers."""
    return {"dom": DomContext(tag=extra.pop("tag", "p"), containers=containers, container_depth=8, **extra)}


def test_article_container_takes_doubted_blocks_inside_the_article_element_only():
    ctx = page([
        (PROSE, "content", in_element(10, 9, 8)),
        ("A plain list item the model doubted", "doubt", {"kind": "li", **in_element(11, 10, 9)}),
        (PROSE + " More.", "content", in_element(10, 9, 8)),
        ("Share this story on your feed", "doubt", in_element(10, 9, 8, link_chars=29)),
        ("Another story entirely, in the sidebar", "doubt", in_element(20, 8)),
    ], kind="html")
    out = article_container(ctx, model_decisions(ctx))
    assert labels(out) == ["content", "content", "content", "navigation", "navigation"]
    assert "article_container" in out[1].reason
    assert out[3].reason.startswith("model:")  # a link inside the article stays chrome


def test_article_container_survives_chains_that_do_not_run_parent_first():
    # The walk always names a block's parent first (the largest number); a hand-made context may not.
    ctx = page([(PROSE, "content", in_element(1, 5, 9)), (PROSE + " More.", "content", in_element(7, 2))], kind="html")
    assert labels(article_container(ctx, model_decisions(ctx))) == ["content", "content"]


def test_article_container_leaves_text_dumps_alone():
    ctx = page([(PROSE, "content"), ("A line the model doubted here", "doubt")])
    assert labels(article_container(ctx, model_decisions(ctx))) == ["content", "navigation"]


def test_chrome_landmark_drops_content_in_asides_when_the_article_is_elsewhere():
    ctx = page([
        (PROSE * 4, "content", in_element(10, 9, landmarks=("main", "article"))),
        (PROSE, "content", in_element(30, 8, landmarks=("main", "aside", "ul"))),
    ], kind="html")
    out = chrome_landmark(ctx, model_decisions(ctx))
    assert labels(out) == ["content", "navigation"]
    assert "<aside>" in out[1].reason
    # An article that is itself in an aside (and nothing outside) is left as it is.
    lone = page([(PROSE * 4, "content", in_element(30, 8, landmarks=("aside",)))], kind="html")
    assert labels(chrome_landmark(lone, model_decisions(lone))) == ["content"]


def test_bare_page_keeps_a_few_plain_lines_but_not_links():
    ctx = page([("Test", "nav", in_element(1, 0)), ("Another line", "nav", in_element(1, 0))], kind="html")
    out = bare_page(ctx, model_decisions(ctx))
    assert labels(out) == ["content", "content"] and "bare_page" in out[0].reason
    links = page([("Home", "nav", in_element(1, 0, link_chars=4))], kind="html")
    assert labels(bare_page(links, model_decisions(links))) == ["navigation"]


def test_in_article_prose_takes_doubted_sentences_between_body_lines_only():
    ctx = page([
        (PROSE, "content"),
        ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.", "doubt"),
        ("Ever wondered why shoppers buy what they do? As it turns out…", "doubt"),
        (PROSE + " Again.", "content"),
        ("The mayor said the bridge would open to traffic in the spring of next year.", "doubt"),
        ("More from the site", "nav"),
        ("Elsewhere on the site, a sentence that comes after the article's end.", "doubt"),
    ])
    out = in_article_prose(ctx, model_decisions(ctx))
    assert labels(out) == ["content", "content", "navigation", "content", "content", "navigation", "navigation"]
    assert "between body lines" in out[1].reason and "running on" in out[4].reason
    html = page([(PROSE, "content"), ("A sentence the model doubted, set between two paragraphs.", "doubt"), (PROSE, "content")], kind="html")
    assert labels(in_article_prose(html, model_decisions(html)))[1] == "navigation"  # HTML has article_container


def test_in_article_prose_takes_a_doubted_ad_sentence_but_not_a_sure_prompt():
    # An article about newsletters reads like a newsletter prompt to the model; the prompt itself is a surer ad.
    ctx = page([
        (PROSE, "content"),
        ("After pulling posts from 28 newsletters, the script found 74 articles from the past week.", "doubted_ad"),
        ("Sign up for our newsletter to get the week's best stories in your inbox every Friday.", "ad"),
        (PROSE + " Again.", "content"),
    ])
    out = in_article_prose(ctx, model_decisions(ctx))
    assert labels(out) == ["content", "content", "ad", "content"]
    assert "between body lines" in out[1].reason


def test_an_intro_sentence_reaches_the_body_past_one_doubted_sub_heading():
    rows = [
        ("Welcome to our guide! If you want to waste less at home, you have come to the right place.", "doubt"),
        ("Understanding zero-waste living", "doubt"),
        (PROSE, "content"),
        (PROSE + " Again.", "content"),
    ]
    ctx = page(rows)
    out = in_article_prose(ctx, model_decisions(ctx))
    assert labels(out) == ["content"] * 4
    assert "running on" in out[0].reason and "sub-heading between the body and a sentence" in out[1].reason
    # A heading with no sentence beyond it stays out, and so does a second heading on the way.
    lone = page(rows[1:])
    assert labels(in_article_prose(lone, model_decisions(lone)))[0] == "navigation"
    two = page([rows[0], ("Part one of the guide", "doubt")] + rows[1:])
    assert labels(in_article_prose(two, model_decisions(two)))[:3] == ["navigation"] * 3
    none = page(rows, options=Options(prose_edge_heading_skips=0))
    assert labels(in_article_prose(none, model_decisions(none)))[:2] == ["navigation", "navigation"]


def test_a_closing_section_reaches_the_body_past_a_one_word_sub_heading_but_not_past_back_matter():
    closing = ("Tempor incididunt ut labore et dolore magna aliqua, the council said on Tuesday after the vote.", "doubt")
    ctx = page([(PROSE, "content"), ("Background", "doubt"), closing])
    out = in_article_prose(ctx, model_decisions(ctx))
    assert labels(out) == ["content"] * 3
    assert "sub-heading between the body and a sentence" in out[1].reason and "running on" in out[2].reason
    # A page's back matter, a teaser list's or the comments' header (in any language the lexicon knows), a separator
    # and a lower-case word are no section of the article.
    for heading in ("References", "Disclaimer", "Trending", "Kommentare", "___", "background"):
        after = page([(PROSE, "content"), (heading, "doubt"), closing])
        assert labels(in_article_prose(after, model_decisions(after)))[1:] == ["navigation"] * 2, heading


def test_teaser_pairs_drop_headline_and_indented_summary_runs_after_the_article():
    rows = [(PROSE, "content"), (PROSE + " More.", "content")]
    for n in range(3):
        rows.append((f"Police chase protesters from streets {n}", "content"))
        rows.append((f"Police fired tear gas to disperse thousands of protesters on day {n}.", "content", {"indent": 4}))
    ctx = page(rows)
    out = teaser_pairs(ctx, model_decisions(ctx))
    assert labels(out) == ["content", "content"] + ["navigation"] * 6
    assert "teaser_pairs" in out[2].reason
    # Sections of the article itself (a heading, then an unindented paragraph) keep their labels.
    sections = page([(PROSE, "content")] + [("A section heading here", "content"), (PROSE, "content")] * 3)
    assert set(labels(teaser_pairs(sections, model_decisions(sections)))) == {"content"}


def test_teaser_box_drops_blocks_marked_related_even_inside_the_article():
    ctx = page([
        (PROSE, "content", in_element(10, 9, own_tokens=("entry", "content"))),
        (PROSE, "content", in_element(20, 10, own_tokens=("jp", "relatedposts", "post", "excerpt"))),
    ], kind="html")
    out = teaser_box(ctx, model_decisions(ctx))
    assert labels(out) == ["content", "navigation"]
    assert "relatedposts" in out[1].reason


def test_a_lone_unannounced_line_is_body_not_title():
    ctx = page([("Test", "content", in_element(1, 0))], kind="html")
    article = assemble(ctx, apply_rules(ctx))
    assert article.title is None and [p.text for p in article.paragraphs] == ["Test"]
    # With a <title> that agrees, the same lone line is the headline.
    titled = page([("Test", "content", in_element(1, 0))], kind="html", metadata=Metadata(title="Test"))
    assert assemble(titled, apply_rules(titled)).title == "Test"


def test_bare_text_dump_is_all_body_but_a_menu_is_not():
    ctx = page([("Test Case 1", "nav"), ("Test Case 2", "nav")])
    article = assemble(ctx, apply_rules(ctx))
    assert article.title is None and [p.text for p in article.paragraphs] == ["Test Case 1", "Test Case 2"]
    menu = page([("Home", "nav", {"bullet": "•"}), ("News", "nav", {"bullet": "•"})])
    assert labels(apply_rules(menu)) == ["navigation", "navigation"]
    refs = page([("Home News", "nav", {"raw": "[1]Home [2]News"})])
    assert labels(apply_rules(refs)) == ["navigation"]


def test_words_of_unspaced_scripts_are_counted_by_characters():
    ctx = page([
        ("谷歌在2014年收购的人工智能公司开发出一款能够用自己的记忆学习新知识的计算机。", "content"),
        ("The council voted.", "content"),
    ])
    assert ctx.words[0] >= 15 and ctx.words[1] == 3
    assert ctx.is_prose(0) and ctx.is_sentence(0)


def test_a_title_like_line_between_body_lines_is_a_sub_heading():
    ctx = page([(PROSE, "content"), ("Manual drip speed control", "doubt"), (PROSE + " More.", "content"),
                ("Share this story", "nav"), (PROSE, "content")])
    out = in_article_prose(ctx, model_decisions(ctx))
    assert labels(out) == ["content", "content", "content", "navigation", "content"]  # the model was sure of the last
    assert "sub-heading" in out[1].reason


def test_body_keeps_the_article_column_of_a_table_layout_line_but_every_cell_of_a_data_table():
    from cleaner.rules.assemble import _main_column

    layout = Block(index=0, text="x", raw="  □ Columnists        Bolton have already rejected a Chelsea bid for the striker this week")
    assert _main_column(layout, 0.8, False, 2000) == "Bolton have already rejected a Chelsea bid for the striker this week"
    row = "Risk Management      Spiral, Agile      The Spiral model is designed for high-risk projects"
    table = Block(index=0, text=" ".join(row.split()), raw=row)
    assert _main_column(table, 0.8, False, 2000) == table.text
    # On a page laid out with tables, the narrow cells beside the article column go, bullets or not.
    assert _main_column(table, 0.5, True, 2000) == "The Spiral model is designed for high-risk projects"


# --- wrapped text (narrow columns of a dump read column by column, 80-column dumps) ---------------------------------

WRAPPED = [
    "The harbour board voted on Tuesday to rebuild the old",
    "north pier, ending a debate that has run for more than",
    "ten years and cost two chairmen their seats.",
]


def test_a_bare_comments_heading_after_a_long_article_ends_it_even_before_half_the_content():
    article = [(PROSE, "content")] * 10  # about 1,100 characters of body
    comments = [("What a marvellous opportunity for the town, and about time too, I say.", "content")] * 14
    ctx = page(article + [("Comments", "nav")] + comments)
    out = end_of_article(ctx, model_decisions(ctx))
    assert all(d.label is Label.NAVIGATION for d in out[11:]) and "after 'Comments'" in out[-1].reason
    # Near the top, before the article, the same heading is a link in the menu and ends nothing.
    ctx = page([("Comments", "nav")] + article)
    assert labels(end_of_article(ctx, model_decisions(ctx)))[1:] == ["content"] * 10
    # A comment count after teasers that read like prose sits above the story: it ends nothing there.
    ctx = page(article + [("11 Comments", "nav")] + article * 2)
    assert labels(end_of_article(ctx, model_decisions(ctx)))[11:] == ["content"] * 20


def test_teaser_list_ends_where_a_sentence_wraps_onto_the_next_line():
    ctx = page([("Top Stories", "nav"), ("Tributes paid to the harbour master", "content")] + [(t, "content") for t in WRAPPED])
    out = teaser_section(ctx, model_decisions(ctx))
    assert labels(out) == ["navigation", "navigation", "content", "content", "content"]


def test_a_separate_stretch_of_wrapped_sentences_is_article_text_not_an_island():
    rows = [(t, "content") for t in WRAPPED] + [("Menu item", "nav")] * 15 + [(PROSE, "content"), (PROSE + " Two.", "content")]
    ctx = page(rows)
    out = article_span(ctx, model_decisions(ctx))
    assert labels(out)[:3] == ["content"] * 3


def test_a_line_wrapping_into_the_next_is_not_the_headline():
    ctx = page([(t, "content") for t in WRAPPED] + [(PROSE, "content")])
    article = assemble(ctx, model_decisions(ctx))
    assert article.title is None
    ctx = page([("Harbour board backs new pier", "content")] + [(t, "content") for t in WRAPPED])
    assert assemble(ctx, model_decisions(ctx)).title == "Harbour board backs new pier"


def test_html_title_that_only_names_the_site_yields_to_the_line_above_the_body():
    meta = Metadata(title="SuperSoccer")
    ctx = page([
        ("Scores", "nav", {"dom": DomContext(tag="a")}),
        ("Striker is not for sale, says manager", "content", {"dom": DomContext(tag="p")}),
        (PROSE, "content", {"dom": DomContext(tag="p")}),
    ], kind="html", metadata=meta)
    index, title, _ = pick_title(ctx, model_decisions(ctx))
    assert (index, title) == (1, "Striker is not for sale, says manager")


def test_html_title_keeps_the_part_of_the_page_title_the_article_agrees_with():
    # "Site - Headline": the head is the site's name, the tail the story's (its words are the article's).
    meta = Metadata(title="The Valley Gazette Online - Council approves bridge")
    ctx = page([
        ("Friday, January 11", "content", {"dom": DomContext(tag="p")}),
        ("The council approves the bridge after a long debate. " + PROSE, "content", {"dom": DomContext(tag="p")}),
    ], kind="html", metadata=meta)
    _, title, _ = pick_title(ctx, model_decisions(ctx))
    assert title == "Council approves bridge"


def test_title_drops_a_permalink_mark():
    meta = Metadata(title="Evolve: Shared Mutable History")
    ctx = page([
        ("Evolve: Shared Mutable History¶", "content", {"kind": "heading", "level": 1, "dom": DomContext(tag="h1")}),
        (PROSE, "content", {"dom": DomContext(tag="p")}),
    ], kind="html", metadata=meta)
    assert pick_title(ctx, model_decisions(ctx))[1] == "Evolve: Shared Mutable History"


def test_author_bio_is_the_author_box_not_the_story():
    meta = Metadata(author="Karina Cohen", site_name="CR Maids")
    ctx = page([
        (PROSE, "content", {"dom": DomContext(tag="p")}),
        ("Karina Cohen told the council the bridge was overdue, and the vote followed.", "content", {"dom": DomContext(tag="p")}),
        ("About the Author", "content", {"kind": "heading", "level": 3, "dom": DomContext(tag="h3")}),
        ("Karina Cohen is the owner of CR Maids, a cleaning company serving the Denver area.", "content", {"dom": DomContext(tag="p")}),
        ("Dr. Karina Cohen, a former nurse, has written for us since 2019.", "content", {"dom": DomContext(tag="p")}),
    ], kind="html", metadata=meta)
    out = author_bio(ctx, model_decisions(ctx))
    assert labels(out) == ["content", "content", "navigation", "navigation", "navigation"]
    assert "introduces the author 'Karina Cohen'" in out[3].reason and "author box" in out[2].reason


def test_author_bio_needs_a_full_name_that_is_not_the_site():
    for meta in (Metadata(author="David"), Metadata(author="Tiger Data", site_name="Tiger Data")):
        ctx = page([(PROSE, "content"), ("Tiger Data is a database company; David is its founder.", "content")], kind="html", metadata=meta)
        assert labels(author_bio(ctx, model_decisions(ctx))) == ["content", "content"]


def test_text_dump_headline_is_found_above_the_body_when_the_model_missed_it():
    ctx = page([
        ("• Resources", "nav", {"bullet": "•"}),
        ("Social Media Marketing Certifications Explained", "doubt"),
        ("Last Updated: 2025-02-22", "nav"),
        ("By Melanie Hanson", "nav"),
        ("Share this article", "nav"),
        (PROSE, "content"),
    ])
    index, title, out = pick_title(ctx, model_decisions(ctx))
    assert (index, title) == (1, "Social Media Marketing Certifications Explained")
    assert out[1].label is Label.CONTENT and "headline-shaped line above the body" in out[1].reason


def test_text_dump_headline_printed_twice_beats_a_standfirst_line_nearer_the_body():
    # w3m prints the lead picture's alt text (the headline) beside the headline; the heading-like line right above
    # the body is a standfirst the model doubted as much.
    options = Options()
    rows = [
        ("• Guides", "nav", {"bullet": "•"}),
        ("Council approves the new bridge after ten years", "doubt"),
        ("Council approves the new bridge after ten years", "doubt"),
        ("The council voted on the bridge on Tuesday", "doubt"),
        (PROSE, "content"),
    ]
    index, title, _ = pick_title(page(rows, options=options), model_decisions(page(rows, options=options)))
    assert (index, title) == (2, "Council approves the new bridge after ten years")  # the copy nearer the body
    off = replace(options, title_repeat_bonus=0.0)
    index, title, _ = pick_title(page(rows, options=off), model_decisions(page(rows, options=off)))
    assert title == "The council voted on the bridge on Tuesday"


def test_text_dump_without_a_headline_shaped_line_keeps_no_title():
    ctx = page([
        ("Home › Guides › Certifications", "doubt"),
        ("{{ navItem.title }} {{ navItem.title }}", "doubt"),
        ("Send this Article to a Friend", "doubt"),
        ("high eight points for the", "doubt"),
        ("Updated January 11, 2008 at 09:53", "doubt"),
        (PROSE, "content"),
    ])
    assert pick_title(ctx, model_decisions(ctx))[:2] == (None, None)


def test_author_bio_in_a_text_dump_takes_the_name_from_the_printed_byline():
    ctx = page([
        ("By Rebecca Norris | Jun 25, 2025", "nav"),
        (PROSE, "content"),
        (PROSE.replace("bridge", "tunnel"), "content"),
        ("Rebecca Norris is a full-time freelance writer living in the Washington, D.C. metro area.", "content"),
    ])
    out = author_bio(ctx, model_decisions(ctx))
    assert labels(out) == ["navigation", "content", "content", "navigation"]
    assert "Rebecca Norris" in out[3].reason


def test_marker_lines_label_ad_markers_and_picture_credits_but_never_article_text():
    ctx = page([
        ("Ads by Google", "nav"),
        (PROSE, "content"),
        ("Photo: AP", "nav"),
        ("Mourne Mountains, Northern Ireland (picture: John Cleare)", "nav"),
        ("K.J. Choi at Waialae. (Ferrey/WireImage)", "nav"),
        ("Picasso paintings in the gallery. Photograph: Sebastiao Moreira/EPA", "nav"),
        ("[Advertisement]", "caption"),
        ("Advertisement: Story continues below", "nav"),
        ("Advertising", "nav"),  # the "advertise with us" link of a menu
        ("Photograph by artist", "nav"),  # a headline: no name follows
        ("Photo/Multimedia Archive", "nav"),
        ("Police name the man (Photo: Reuters) who drove the car into the crowd on Friday.", "content"),
        ("Continue reading the main story", "nav"),
    ])
    decisions = marker_lines(ctx, model_decisions(ctx))
    assert labels(decisions) == [
        "ad", "content", "caption", "caption", "caption", "caption", "ad", "ad", "navigation", "navigation", "navigation",
        "content", "ad",
    ]
    assert decisions[0].reason == "rule marker_lines: an ad marker"
    assert decisions[2].reason == "rule marker_lines: a picture credit"


def test_text_title_is_the_line_above_the_body_that_shares_its_words_not_the_nearest_label():
    ctx = page([
        ("Council approves new bridge after ten years of debate", "doubt"),
        ("Local News Section", "nav"),
        ("Weather Forecast Today", "nav"),
        ("Share This Story", "nav"),
        ("Bridge over the river", "caption"),  # alt text: shares the body's words but is no headline
        (PROSE, "content"),
        ("The new bridge over the river will open in two years, the council said after its vote on Tuesday.", "content"),
    ])
    article = assemble(ctx, apply_rules(ctx))
    assert article.title == "Council approves new bridge after ten years of debate"
    assert "sharing its words" in article.decisions[0].reason
    assert " ".join(p.text for p in article.paragraphs) == PROSE + " " + ctx.blocks[6].text


def test_a_headline_with_its_own_bracketed_note_or_an_exclamation_is_the_title_but_a_link_number_or_a_field_is_not():
    body = [(PROSE, "content"),
            ("The new bridge over the river will open in two years, the council said after its vote on Tuesday.",
             "content")]
    for headline in ("Council Approves New Bridge Over the River [Full Story]", "[2025] Council Approves New Bridge",
                     "The River Gets Its Bridge at Last!",  # a headline may exclaim
                     "iBridge App Tells Drivers When the New Bridge Opens"):  # or start with a brand written so
        ctx = page([("Local News Section", "nav"), (headline, "doubt")] + body)
        assert assemble(ctx, apply_rules(ctx)).title == headline
    for line in ("[12]Council Approves New Bridge Over the River", "Council Approves New Bridge [Search]",
                 "Council Approves New Bridge [                    ]"):
        ctx = page([("Local News Section", "nav"), (line, "doubt")] + body)
        assert assemble(ctx, apply_rules(ctx)).title != line, line


def test_a_long_headline_ending_in_a_bracketed_aside_is_the_title_not_the_body_start():
    headline = "Top Nutrition Trends for Fall 2025: What Fitness Experts Are Eating (and How Scratch Makes It Easy)"
    ctx = page([
        ("Scratch Culinary Meal Prep", "nav"),  # the site's name: shares the body's words too
        ("Order Now", "nav"),
        ("Login", "nav"),
        (headline, "content"),
        ("Fall is a time when nutrition trends shift, and fitness experts are eating more protein than ever before.",
         "content"),
        ("At Scratch Culinary we follow the nutrition world so you can eat well without the work of meal prep.",
         "content"),
    ])
    article = assemble(ctx, apply_rules(ctx))
    assert article.title == headline
    assert article.paragraphs[0].text.startswith("Fall is a time")


def test_a_title_case_headline_wins_over_the_sentence_case_line_under_it():
    ctx = page([
        ("Menu", "nav"),
        ("How AI Can Cut Your Planning Cycle From Two Weeks to Two Days", "nav"),  # the model took it for chrome
        ("Three simple tools will save you hours on planning with AI", "content"),  # the standfirst
        ("by Austin Tedesco", "nav"),
        ("Planning cycles eat two weeks of every quarter, and AI tools can cut that to two days for most teams.",
         "content"),
        ("We tried three tools on our own planning cycle and timed every step of it from start to finish.", "content"),
    ])
    before = apply_rules(ctx)
    picked = list(before)
    picked[2] = replace(before[2], reason=before[2].reason + "; title")  # as pick_title leaves a content line it picks
    index, decided = headline_over_standfirst(ctx, before, picked, 2)
    assert index == 1 and "Title Case headline" in decided[1].reason and decided[1].kept
    assert not decided[2].kept and "standfirst" in decided[2].reason
    assert headline_over_standfirst(ctx, before, picked, 4)[0] == 4  # a sentence in sentence case with no headline over it
    off = replace(ctx, options=Options(title_case_switch=False))
    assert headline_over_standfirst(off, before, picked, 2) == (2, picked)


def test_text_title_is_not_taken_from_a_lone_line_of_content():
    ctx = page([("Menu", "nav"), ("Council approves new bridge", "content")])
    article = assemble(ctx, apply_rules(ctx))
    assert [p.text for p in article.paragraphs] == ["Council approves new bridge"] and article.title is None


def test_author_bio_takes_the_lines_that_go_on_about_the_author():
    ctx = page([
        ("By Karina Cohen | Jun 25, 2025", "nav"),
        (PROSE, "content"),
        (PROSE.replace("bridge", "tunnel"), "content"),
        ("Karina Cohen is the owner of CR Maids, a local cleaning company serving the Denver area.", "content"),
        ("Karina holds a Global Executive MBA from Duke University and a degree in nursing.", "content"),
        ("When she's not leading CR Maids, Karina homeschools her daughter.", "content"),
        ("The council will meet again in March to set the budget for the new bridge.", "content"),
    ])
    out = author_bio(ctx, model_decisions(ctx))
    assert labels(out) == ["navigation", "content", "content", "navigation", "navigation", "navigation", "content"]
    assert "goes on about the author 'Karina Cohen'" in out[4].reason


def test_author_box_heading_after_the_body_takes_the_box_without_a_byline():
    rows = [(PROSE, "content"), (PROSE.replace("bridge", "tunnel"), "content"), ("About the Author", "content"),
            ("Dr. Ehsan Jazini", "content"),
            ("Dr. Ehsan Jazini is a board-certified spine surgeon who trained in New York.", "content"),
            ("Learn More About Dr. Ehsan Jazini", "nav"), ("Featured Resources", "content")]
    out = author_box(page(rows), model_decisions(page(rows)))
    assert labels(out) == ["content", "content", "navigation", "navigation", "navigation", "navigation", "content"]
    assert "author_box" in out[2].reason and "under 'About the Author'" in out[4].reason
    # Before most of the body, the heading is the article's own (a profile of its subject).
    early = [rows[2], rows[4], (PROSE, "content"), (PROSE.replace("bridge", "tunnel"), "content")]
    assert labels(author_box(page(early), model_decisions(page(early)))) == ["content"] * 4


def test_alt_text_body_lines_are_captions_but_menu_items_stay_navigation():
    ctx = page([
        (PROSE, "content"),
        ("Screenshot of a 90s Geocities-style website", "content"),
        ("Grouped bar graph: Cost of College On Campus & Online by Institution Type", "content"),
        ("Photo of the day", "nav"),
        ("The chart shows a period of twelve hours with two peaks.", "content"),
    ])
    out = alt_text(ctx, model_decisions(ctx))
    assert labels(out) == ["content", "caption", "caption", "navigation", "content"]
    assert out[1].reason == "rule alt_text: describes a picture"
    assert labels(alt_text(page([("Screenshot of a website", "content")], kind="html"),
                           model_decisions(page([("Screenshot of a website", "content")], kind="html")))) == ["content"]


def test_alt_text_beside_the_caption_that_repeats_it_is_a_caption_but_a_heading_is_not():
    caption = ("The tunnel boring machine, named Agnes by local schoolchildren, broke through in April 2024 "
               "(Image: Dunmore City Council)", "caption")
    ctx = page([(PROSE, "content"), ("Tunnel boring machine 'Agnes' breaking through", "content"), caption,
                (PROSE + " More.", "content")])
    out = alt_beside_caption(ctx, model_decisions(ctx))
    assert labels(out) == ["content", "caption", "caption", "content"] and out[1].kept
    assert out[1].reason.startswith("rule alt_beside_caption: 83% of its words")
    # A section named in Title Case over a caption that names it again, a sentence, or a line sharing too little.
    for line in ("Agnes The Tunnel Boring Machine", "The tunnel boring machine broke through in April.",
                 "Flood defences across the river basin"):
        other = page([(PROSE, "content"), (line, "content"), caption])
        assert labels(alt_beside_caption(other, model_decisions(other)))[1] == "content", line
    html = page([(PROSE, "content"), ("Tunnel boring machine 'Agnes' breaking through", "content"), caption], kind="html")
    assert labels(alt_beside_caption(html, model_decisions(html)))[1] == "content"


def test_inline_teaser_in_brackets():
    ctx = page([(PROSE, "content"), ("[Read more: A Guide to Small Business Accounting]", "content"), (PROSE, "content")])
    out = inline_teaser(ctx, model_decisions(ctx))
    assert labels(out) == ["content", "navigation", "content"]


def test_disclosure_lines_leave_the_body_but_talk_of_affiliate_marketing_stays():
    ctx = page([
        (PROSE, "content"),
        ("This post may contain affiliate links. If you buy through them, I may earn a small commission.", "content"),
        ("We and our 100 partners store and/or access information on a device, such as unique IDs in cookies.", "content"),
        ("Affiliate programs: streamers earn a commission when viewers buy games through affiliate links.", "content"),
        ("Deal pricing and availability subject to change after time of publication.", "nav"),
    ])
    out = disclosure_lines(ctx, model_decisions(ctx))
    assert labels(out) == ["content", "navigation", "navigation", "content", "navigation"]
    assert out[1].reason == "rule disclosure_lines: small print (an affiliate, pricing, consent, cookie or rights notice)"


def test_disclosure_lines_drop_consent_under_forms_and_cookie_banners_but_not_reporting_on_them():
    ctx = page([
        (PROSE, "content"),
        ("By submitting this form, you authorize the University of Virginia to contact you via SMS.", "content"),
        ("We use cookies and similar technologies to improve your browsing experience.", "content"),
        ("By signing up, I agree to the Terms and Privacy Policy.", "content"),
        ("By clicking through the menus, reporters found the settings buried three screens deep.", "content"),
        ("The European Commission said it would earn back the costs within a year.", "content"),
        ("Copyright 2008 The Associated Press. All rights reserved. This material may not be published, broadcast, "
         "rewritten or redistributed.", "content"),
        ("NEWS.com.au is not responsible for the content of external sites.", "content"),
    ])
    out = disclosure_lines(ctx, model_decisions(ctx))
    assert labels(out) == ["content", "navigation", "navigation", "navigation", "content", "content", "navigation",
                           "navigation"]


_SMALL_PRINT = [
    f"{who} {modal} {verb} {article}{size}{kind}{what} on purchases."
    for who in ("We", "I", "Site", "publisher", "Vox Media") for modal in ("may", "might", "will", "could")
    for verb in ("earn", "receive", "get") for article in ("", "a ") for size in ("", "small ")
    for kind in ("", "affiliate ") for what in ("commission", "compensation", "share of sales")
] + [
    "We and our 100 partners store and/or access information on a device.", "Our partners use cookies.",
    "Fees pay us for web traffic.", "Prices and availability are subject to change.",
    "Brought to you by our friends and partners", "This post contains affiliate links.",
    "If you buy through our links, we may earn a fee.", "From the links I receive a fee.",
    "By submitting this form, you authorize us to call.", "By clicking Accept, I consent.",
    "By using this site you accept the terms.", "By checking out, you agree to our Terms.",
    "We use cookies.", "This website uses cookies.", "Manage cookie settings", "Cookies Policy",
    "This material may not be published, broadcast, rewritten or redistributed.",
    "CBC is not responsible for the content of external sites.",
    "The full article contains 339 words and appears in Press Association newspaper.",
    "Purchases made through our links may earn us a commission.", "Some of the links in this article are affiliate ones.",
    "Links in this post may generate small commissions.", "This podcast may contain affiliate links.",
    "Affiliate links are used in the post.", "iRunFar may earn a small commission from affiliate links in this article.",
    "Business.com earns commissions from some listed providers.", "SeniorLiving.org is supported by commissions.",
    "We are a reader-supported website.", "This is a paid placement.", "Learn more about our editorial process.",
    "Healthline has strict sourcing guidelines.", "Investopedia requires writers to use primary sources.",
    "Please read our disclosure policy.",
]


@pytest.mark.parametrize("line", _SMALL_PRINT)
def test_every_line_of_small_print_holds_a_key_so_disclosure_lines_reads_it(line):
    # disclosure_lines tests only the lines holding a key: one the regex matches but no key finds would slip by.
    readings = [keys for keys, reading in lexicon.SMALL_PRINT if reading.search(line)]
    assert readings, line
    assert all(any(key in line.lower() for key in keys) for keys in readings), line


def test_player_notices_leave_the_body_but_sentences_about_players_stay():
    ctx = page([
        (PROSE, "content"),
        ("This video is unavailable in the format required for your device/os.", "content"),
        ("Your browser does not support the video tag.", "content"),
        ("We detected you need to update your Flash Player to version 8 or greater.", "content"),
        ("For full functionality, it is necessary to enable JavaScript.", "content"),
        ("The video is available on the council's website until Friday.", "content"),
        ("Adobe said on Tuesday it would stop updating its Flash Player browser plug-in at the end of 2020, "
         "after years of security flaws.", "content"),
        ("The mayor's speech ran long, and viewers complained that the video is no longer available online.", "content"),
        ("This video is no longer available.", "nav"),
        ("This video is playable across all supported devices.", "content"),
    ], kind="html")
    out = player_notices(ctx, model_decisions(ctx))
    assert labels(out) == ["content", "navigation", "navigation", "navigation", "navigation", "content", "content",
                           "content", "navigation", "navigation"]
    assert out[1].reason == "rule player_notices: a player, plugin or script notice"
    assert out[8].reason.startswith("model")


def test_in_article_prose_leaves_footer_sentences_between_body_lines_out():
    ctx = page([
        (PROSE, "content"),
        ("Copyright © 2025 The Harbour Gazette, all rights reserved by its owners.", "doubt"),
        ("The mayor said the tunnel would open next spring, a year later than planned.", "doubt"),
        (PROSE, "content"),
    ])
    out = in_article_prose(ctx, model_decisions(ctx))
    assert labels(out) == ["content", "navigation", "content", "content"]


def test_wrapped_lines_of_unspaced_scripts_join_without_a_space():
    from cleaner.rules.assemble import _wrap_joint

    assert _wrap_joint("工程预计持续十八个", "月，期间旧桥将对车辆关闭。") == ""
    assert _wrap_joint("来年の春に始まる予定だ。", "「鉄道を残すための判断だ」") == ""
    assert _wrap_joint("the council voted on", "Tuesday to approve") == " "
    assert _wrap_joint("价格为", "300 yuan") == " "  # a wrap at a Latin word was at a space


def test_teaser_cards_drop_story_cards_whose_titles_print_twice_but_not_a_listicle():
    cards = []
    for title, summary, date in [
        ("Neck pain at your computer? A ten-minute reset", "Do you ever feel stiffness in your neck after hours of work at a desk?", "Mar 3, 2026"),
        ("Gift ideas for an electronics fan this year", "Finding the perfect gift often means balancing looks and pure performance.", "Feb 26, 2026"),
        ("Desk organisation in 2026: how to manage cables", "Your workspace does not have to look like a server room from the last century.", "Feb 19, 2026"),
        ("How to set up a home office in a rented flat", "In your own house you can paint the ceiling, but a rented flat asks for more care.", "Oct 17, 2025"),
    ]:
        cards += [(title, "content"), (title, "content"), (summary, "content"), (date, "nav")]
    ctx = page([(PROSE, "content")] * 3 + cards + [("Your workspace. Reinvented.", "nav")])
    out = teaser_cards(ctx, model_decisions(ctx))
    assert all(d.kept for d in out[:3])
    assert not any(d.kept for d in out[3:3 + len(cards)])
    assert out[3].reason.startswith("rule teaser_cards: one of 4 story cards")
    # A listicle's pictures print their short alt text twice as well; its entries are the article.
    entries = []
    for name in ("mother fern", "nerve plant", "velvet calathea", "prayer plant"):
        entries += [(name, "nav"), (name, "nav"), (f"The {name} grows well in low to medium light indoors, all year.", "content")]
    ctx = page([(PROSE, "content")] + entries)
    out = teaser_cards(ctx, model_decisions(ctx))
    assert [d.kept for d in out] == [d.kept for d in model_decisions(ctx)]
    # Dumps only: HTML marks its cards up, and other rules read that.
    assert teaser_cards(page([(PROSE, "content")] * 3 + cards, kind="html"), model_decisions(ctx))


JAPANESE_DUMP = """ホーム
ニュース
  • 国内
  • 国際
  • 経済
  • スポーツ
ログイン

港町の古い灯台、百年ぶりに明かりがともる

2025年9月12日 10時30分

シェア ツイート

港町の北端に立つ古い灯台で十一日夜、約百年ぶりに明かりがともった。地元の保存会が三年かけて修復を進めてきたもので、集まった住民からは大きな拍手が起きた。

灯台は明治時代に建てられ、戦後まもなく役目を終えた。建物の傷みが激しく、一時は取り壊しも検討されたが、保存会が寄付を集めて修復にこぎつけた。

保存会の会長は「子どもたちに町の歴史を伝える場所にしたい。週末には中を見学できるようにする」と話した。

灯台は今後、毎晩日没から午後十時まで点灯する予定だ。

アクセスランキング
  • 駅前の再開発、来年度に着工へ
  • 市立図書館が開館時間を延長
  • 高校野球、地元校が決勝進出
"""


def test_a_japanese_dump_gives_its_headline_date_and_paragraphs():
    """No case, no spaces between words and 年月日 dates: the headline starts with a kanji, the body's sentences end
    with 。, and the headline shares character pairs, not \\w+ words, with the body."""
    from cleaner.dates import find_date

    assert find_date("2025年9月12日 10時30分") == "2025-09-12" and find_date("2025년 9월 12일") == "2025-09-12"
    result = cleaner.clean(JAPANESE_DUMP, kind="text")
    assert result.title == "港町の古い灯台、百年ぶりに明かりがともる"
    assert result.date == "2025-09-12"
    paragraphs = result.body.split("\n\n")
    assert len(paragraphs) == 4 and paragraphs[0].startswith("港町の北端に立つ古い灯台で")
    assert "ログイン" not in result.body and "駅前の再開発" not in result.body


def test_table_of_contents_goes_with_its_heading_but_a_list_the_page_does_not_repeat_stays():
    ctx = page([
        (PROSE, "content"),
        ("Table of Contents", "content"),
        ("  • What is the future of SEO?", "content"),
        ("  • Is SEO dead?", "nav"),
        ("  • Which trend to ignore?", "content"),
        ("What is the future of SEO?", "content"),
        (PROSE, "content"),
        ("Is SEO dead?", "content"),
        (PROSE, "content"),
        ("Which trend to ignore?", "content"),
        (PROSE, "content"),
        ("In this article", "content"),
        ("  • Prices rose for a third month", "content"),
        ("  • The bank held its rate", "content"),
        (PROSE, "content"),
    ])
    out = table_of_contents(ctx, model_decisions(ctx))
    assert labels(out)[1:5] == ["navigation"] * 4
    assert out[1].reason == "rule table_of_contents: a table of contents"
    assert labels(out)[5:] == ["content"] * 10
    alone = page([(PROSE, "content"), ("Contents [hide]", "content"), (PROSE, "content")])
    assert labels(table_of_contents(alone, model_decisions(alone))) == ["content", "navigation", "content"]


def test_lynx_list_of_link_targets_is_navigation_whatever_the_model_says():
    from cleaner.segment.text import segment_text

    dump = (
        "Council approves footbridge\n\n   " + PROSE + "\n\nReferences\n\n   Visible links:\n"
        "   1. https://www.dunmore-post.example/news/\n   2. https://www.dunmore-post.example/sport/\n"
    )
    seg = segment_text(dump)
    probs = np.array([P["content"]] * len(seg.blocks), dtype=np.float32)
    ctx = RuleContext(kind="text", blocks=seg.blocks, probabilities=probs, options=Options(), metadata=Metadata())
    out = link_targets(ctx, model_decisions(ctx))
    assert labels(out) == ["content", "content"] + ["navigation"] * 4
    assert all(d.reason.startswith("rule link_targets") and not d.kept for d in out[2:])


def test_an_article_s_own_references_and_url_lists_are_left_to_the_model():
    from cleaner.segment.text import segment_text

    # Citations under a "References" heading (no addresses), and a numbered list of addresses with no lynx heading.
    dump = (PROSE + "\n\nReferences\n\n1. Doe, J. (2024). Bridges of the river Dunmore. Dunmore Press.\n\n"
            "Sources:\n1. https://www.dunmore-post.example/report.pdf\n")
    # Address lines that end the page, but under no lynx heading: a list in the article.
    listed = PROSE + "\n\nSources:\n\n1. https://www.dunmore-post.example/report.pdf\n"
    seg = segment_text(listed)
    probs = np.array([P["content"]] * len(seg.blocks), dtype=np.float32)
    ctx = RuleContext(kind="text", blocks=seg.blocks, probabilities=probs, options=Options(), metadata=Metadata())
    assert labels(link_targets(ctx, model_decisions(ctx))) == ["content"] * len(seg.blocks)
    seg = segment_text(dump)
    probs = np.array([P["content"]] * len(seg.blocks), dtype=np.float32)
    ctx = RuleContext(kind="text", blocks=seg.blocks, probabilities=probs, options=Options(), metadata=Metadata())
    out = link_targets(ctx, model_decisions(ctx))
    assert labels(out) == ["content"] * len(seg.blocks)
