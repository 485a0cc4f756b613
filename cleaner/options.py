"""Every threshold of the pipeline, in one place, so a caller can tune without patching code."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Options:
    # Input limits: larger inputs are truncated with a warning, never crashed on.
    max_bytes: int = 20_000_000
    max_line_chars: int = 100_000  # a single text line longer than this is cut
    max_blocks: int = 50_000
    max_depth: int = 2_000  # DOM nesting deeper than this is flattened into its ancestor
    time_budget_ms: float | None = None  # per page; past it the rules fall back to the model alone
    # lexbor builds a <select> in time that grows with the square of its <option>s (2,000 take 20 ms, 8,000 a
    # quarter of a second; selectolax issue #221): past this many <option> tags on a page, the option tags of its
    # plain selects of 100 or more are dropped before parsing, their text kept. 0 leaves every page as it is.
    select_flatten_min_options: int = 500
    # A Cleaner remembers the cue groups of the class/id words it has met (most recur from page to page and site to
    # site); past this many (about 100 bytes each) the memory starts afresh, so it stays near 2 MB however many
    # pages go through.
    token_cache_entries: int = 20_000
    # clean() pauses Python's cyclic garbage collector for the call and turns it back on after (unless it was off
    # already): measured 4% of the call on HTML pages, more in a process with a large heap, whose full collections
    # a page's short-lived objects would otherwise bring on. Turn off if another thread of yours switches the
    # collector off and must find it off: a call that started with it on turns it back on when it ends.
    pause_collector: bool = True
    # The article's text (title, body, captions, author) with UTF-8 that was read as Windows-1252/Latin-1 decoded back
    # ("donâ€™t" -> "don’t", cleaner/mojibake.py), when its title and body hold at least two such runs. The labelled
    # lines keep the page's text as it came.
    repair_mojibake: bool = True

    # Model decisions.
    # Text dumps: average the text model's probabilities with the lexical model's (the same features plus what the
    # line's words say, features/lexical.py) when the model folder has one, on the lines the text model gives no
    # label lexical_unsure_below or more. Off: the text model alone, faster and less accurate (README).
    lexical_model: bool = True
    # 0.95: about 30% of a dump's lines; at 0.99 (about half) and 1.0 (all) body F1 was the same on every corpus
    # but l3s-gn1's held-out dumps (0.9449 against 0.9455 at 0.95).
    lexical_unsure_below: float = 0.95
    content_threshold: float = 0.5  # P(content) above which a block counts as content before rules
    caption_max_words: int = 60  # longer "captions" are body paragraphs beside a picture
    # Text dumps: a body line of alt_caption_min_words..alt_caption_max_words words, no sentence, next to a caption that
    # holds at least alt_caption_min_shared of its words (stopwords aside) is the picture's alt text.
    alt_caption_min_words: int = 2
    alt_caption_max_words: int = 15
    alt_caption_min_shared: float = 0.6
    alt_caption_max_title_case: float = 0.5  # share of capitalised longer words at which the line reads as a heading
    marker_line_max_words: int = 60  # a caption that ends in a credit is still a sentence or two
    long_caption_min_content: float = 0.1

    # Article span.
    span_gap_lines: int = 12  # non-content blocks in a row that end a span of content
    span_keep_probability: float = 0.7  # a separate stretch of content survives when it has prose this sure
    span_keep_wrapped_lines: int = 2  # or this many lines this sure of a sentence wrapping on into the next
    # or (text dumps) when it, with the gap before it, repeats this many of the best stretch's section labels: lines
    # of at most section_label_max_words words
    span_keep_shared_labels: int = 2
    section_label_max_words: int = 5
    # Text dumps: non-content lines between two content lines are a code listing, kept, when at least code_min_lines
    # and code_min_share of them read as code (lexicon.code_line) and there are at most code_max_gap_lines of them.
    code_min_lines: int = 2
    code_min_share: float = 0.6
    code_max_gap_lines: int = 30
    # Text dumps: a run of at least spec_min_lines "Label: value" lines of at most spec_max_words words, with a kept
    # body line of spec_anchor_words or more words within spec_reach_lines before it and after it, is the article's.
    spec_min_lines: int = 3
    spec_max_words: int = 20
    spec_anchor_words: int = 12
    spec_reach_lines: int = 6
    # A table of contents: under its heading (lexicon.TOC_HEADER), lines of at most toc_item_max_words words that the
    # page prints again further down (the headings they link to), at least toc_min_items of them, with at most
    # toc_max_misses lines in a row that it does not (a sub-heading the page words otherwise).
    toc_header_max_words: int = 4  # "Table of Contents [hide]"
    toc_item_max_words: int = 20
    toc_min_items: int = 2
    toc_max_misses: int = 2
    # HTML: a stretch outside the article's element goes, prose or not, unless it weighs this share of the article.
    span_outside_max_weight: float = 0.5

    # An end-of-article marker closes the article once half its content came before it, or, when it is a heading
    # of at most end_heading_max_words words, once this much content came before it.
    end_heading_max_words: int = 4
    end_heading_min_content_chars: int = 1000

    # Small print (lexicon.SMALL_PRINT: affiliate, pricing, consent, cookie and rights notices) up to this long leaves the
    # body.
    disclosure_max_words: int = 80
    # A body line of at most this many words that is a player, plugin or script notice (lexicon.PLAYER_NOTICE_LINE)
    # leaves the body: the fallback text of a video embed or a <noscript> box, not the story.
    player_notice_max_words: int = 30

    # A body line of up to duplicate_max_words words repeated within duplicate_max_distance blocks below is dropped
    # (a picture's alt text and title printed around it). Repeats further apart stay: the corpora's truths keep a
    # line as often as the page prints it (FAQ questions listed above their answers, repeated "Pros"/"Cons"
    # headings); dropping every repeat of up to 20 words lowered body F1 on every corpus but cleanportaleval.
    # duplicate_max_words 0 turns the rule off; duplicate_max_distance 0 drops repeats at any distance.
    duplicate_max_words: int = 20
    duplicate_max_distance: int = 4

    # The article printed again after itself: from the first body line of at least copy_min_words words that
    # repeats an earlier one, when at least copy_min_lines such lines repeat the first copy in its order and the
    # repeats hold copy_min_share of what follows. copy_min_lines 0 turns the rule off.
    copy_min_words: int = 8
    copy_min_lines: int = 3
    copy_min_share: float = 0.6

    # When the model finds (almost) no article: blocks within this share of the page's best P(content) are taken.
    rescue_min_chars: int = 150
    rescue_page_min_chars: int = 40  # pages with less text than this have nothing to rescue
    rescue_relative: float = 0.5
    rescue_floor: float = 0.02

    # Lists, code, quotes and cells between body paragraphs: runs up to this long, each block at least this likely.
    structure_max_run: int = 12
    structure_min_content: float = 0.3

    # The article's element (HTML): the deepest element holding this share of the content the model found, where
    # that content is at least container_min_density of the element's text, lends its label to the blocks inside
    # it that the model doubted, unless they are links or the model is this sure they are navigation.
    container_min_share: float = 0.6
    container_min_density: float = 0.1
    container_max_navigation: float = 0.9
    container_max_link_share: float = 0.5
    container_min_words: int = 3

    # Content in <aside>/<nav>/<footer> is dropped when the page has at least this much content outside them.
    chrome_min_article_chars: int = 400

    # Text dumps: a sentence of at least prose_min_words between body lines at most prose_gap_max_lines apart is
    # body text unless the model is this sure it is navigation, or this sure it is an ad (an article about
    # newsletters or subscriptions uses the words of their prompts; the prompts themselves are surer ads).
    prose_gap_max_lines: int = 12
    prose_min_words: int = 10
    prose_max_navigation: float = 0.97
    prose_max_ad: float = 0.7
    # Text dumps: a body line of at most this many words (and characters) that is one phrase repeated is a
    # picture's alt text.
    doubled_max_words: int = 25
    doubled_max_chars: int = 500
    # ... and so is one that starts in lower case (lowercase_labels), of lowercase_label_min_words to
    # lowercase_label_max_words words
    lowercase_label_min_words: int = 3
    lowercase_label_max_words: int = 20
    subheading_max_navigation: float = 0.8  # a title-like line between body lines is a sub-heading below this
    prose_edge_max_lines: int = 3  # and up to this many such sentences right before or after the body
    prose_edge_heading_skips: int = 1  # ... past this many sub-headings on the way

    # A page this small, with no links or landmarks, is all content.
    bare_page_max_chars: int = 300
    bare_page_max_blocks: int = 8

    # Teaser sections: after a teaser header, how many following blocks belong to its list.
    teaser_max_items: int = 40
    teaser_item_max_words: int = 30  # a longer block ends the teaser list
    teaser_wrap_min_words: int = 6  # so does a line of this many words wrapping on into the next (text dumps)

    # Text dumps: this many headline + summary pairs in a row are a list of other stories.
    teaser_pair_min_pairs: int = 3
    teaser_pair_headline_words: int = 16
    teaser_pair_summary_words: int = 45
    # Text dumps: this many cards in a row, each starting with a title printed twice (the picture's alt text, then the
    # link) at a steady rhythm of at most teaser_card_max_lines lines, are a list of other stories.
    teaser_card_min_cards: int = 4
    teaser_card_max_lines: int = 6
    teaser_card_title_words: int = 25
    teaser_card_title_min_words: int = 4  # a listicle's pictures print their short alt text ("nerve plant") twice too

    # Wrapped text: a line counts as wrapped when the next word would not have fitted within the width.
    # Text dumps wrapped at one width: join each paragraph's lines into one block before the model reads them.
    unwrap_lines: bool = True
    # Text dumps written as Markdown: links read as their words, pictures as their alt text, on pages with at least
    # this many Markdown links, on at least this share of their lines (segment/markdown.py); 0 turns it off. (Links,
    # not lines, despite the name: a converted table layout holds a whole page in a few rows.)
    markdown_min_lines: int = 5
    markdown_min_share: float = 0.05
    # A Markdown table row longer than this is read cell by cell (a page laid out with tables, converted).
    markdown_table_row_min_chars: int = 300
    wrap_min_lines: int = 3  # a width at which fewer lines wrap into the next is not the page's
    wrap_min_pile_share: float = 0.25  # lines ending near a width, as a share of the largest such pile, to try it
    wrap_max_overlong_share: float = 0.1  # share of long lines allowed past the width (links, code, wide tables)
    wrap_min_lowercase_share: float = 0.25  # of the lines wrapped into, the share that must start in lower case
    wrap_min_width: int = 40
    wrap_max_width: int = 160
    wrap_share: float = 0.3  # share of long lines that must sit near the wrap width for wrapping to be assumed
    wrap_min_column_width: int = 25  # a dump read column by column: narrower columns are not joined

    # Text dumps: cells narrower than this share of the line's widest cell stay out of the body, on pages laid out
    # with tables (at least table_layout_min_share of the lines have column gaps); elsewhere only bulleted ones do.
    column_min_share: float = 0.8
    table_layout_min_share: float = 0.2
    # Text dumps laid out with tables are read column by column (segment/columns.py) when they have at least
    # column_min_lines lines and half that many with column gaps; a region of lined-up columns counts as a layout
    # table when one column holds running text: column_text_min_lines lines of at least column_text_min_words words
    # that stop mid-sentence and go on in lower case on the next line.
    column_min_lines: int = 10
    column_max_line_chars: int = 2_000  # longer lines, or lines with more gaps, are never cut into cells
    column_max_gaps: int = 12
    column_text_min_words: int = 4
    column_text_min_lines: int = 2
    column_max_numeric_share: float = 0.2  # a region with more numeric cells than this is a data table

    # Title.
    title_max_words: int = 40
    title_max_chars: int = 250  # scripts without spaces have few "words", so length is checked too
    # Text dumps whose model found no headline: a headline-shaped line this close above the body, of this many
    # words at least, that the model gave at least this much content probability.
    title_lookback_lines: int = 6
    title_min_words: int = 3
    title_min_probability: float = 0.02
    # Text dumps: the headline is the headline-shaped line up to title_search_lines above the body that scores best
    # on (share of its words found in the body) + P(content) - title_distance_cost per line from the body, when
    # that score reaches title_min_score (tuned on the corpora's training sites).
    title_search_lines: int = 60
    title_distance_cost: float = 0.005
    title_min_score: float = 0.6
    title_body_words: int = 300  # body words read for the comparison
    title_body_min_words: int = 15  # a content line this long starts the body even when it ends no sentence
    # A candidate printed again within title_repeat_reach lines (the lead picture's alt text beside the headline)
    # scores this much more; 0 turns it off.
    title_repeat_bonus: float = 0.3
    title_repeat_reach: int = 2
    # A <title> fewer of whose words than this share occur in the article's text names the site, not the story.
    title_site_name_share: float = 0.34
    # Text dumps: a line of at most this many words ending in a bracketed aside ("… (and How to Keep Up)") may be the
    # headline, not the body's first sentence, though ")" ends sentences too.
    title_aside_max_words: int = 25
    # Text dumps: a title picked in sentence case (title-case share of its longer words below title_case_low) yields to
    # a line up to title_case_reach lines above it in Title Case (share at least title_case_high) that reads like a
    # headline and has title_case_min_shared of its words in the body.
    title_case_switch: bool = True
    title_case_low: float = 0.5
    title_case_high: float = 0.8
    title_case_reach: int = 2
    title_case_min_shared: float = 0.7

    # A paragraph introducing the page's author is an author box up to this many words; longer, it is a profile
    # the page is about.
    author_bio_max_words: int = 120
    author_bio_more_lines: int = 3  # body lines right under the introduction that may go on about the author
    author_box_max_lines: int = 6  # lines under an "About the author" heading that may belong to the box

    # Bylines and dates printed on the page are looked for this many blocks either side of the headline.
    byline_window: int = 12
    byline_kept_max_chars: int = 100  # a line the model kept as body may still be the byline when this short
    byline_bare_name_lines: int = 6  # a bare name beside the date is the byline this close to the headline


DEFAULT_OPTIONS = Options()
