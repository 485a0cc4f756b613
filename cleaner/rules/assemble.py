"""Rebuild the article from the settled decisions: pick the title, join wrapped lines, keep structure."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..dates import find_byline, find_date
from ..features.lexicon import STOPWORDS
from ..segment.unwrap import continues as _continues
from ..segment.unwrap import wrap_joint as _wrap_joint
from ..segment.unwrap import paragraph_width, wrapped_width
from ..similarity import word_jaccard
from ..types import AD, CAPTION, CONTENT, Block, Decision, Paragraph, new_paragraph
from .context import COLUMN_GAP, RUN_ON_STOPS, UNSPACED, RuleContext, title_case_share
from .context import words_of as _words_of

_HEADLINE_END = frozenset('.,;:。，；：')


@dataclass(frozen=True, slots=True)
class Article:
    title: str | None
    title_index: int | None
    paragraphs: tuple[Paragraph, ...]
    captions: tuple[str, ...]
    decisions: tuple[Decision, ...]
    confidence: float


def _tokens(text: str) -> list[str]:
    return _words_of(text.lower())


def _opens_body(ctx: RuleContext, index: int) -> bool:
    """A paragraph of the body, not a headline above it: prose, except that a long headline ending in a bracketed
    aside ("Top Trends for Fall 2025 (and How to Keep Up)", "Best Laptops (2026)") ends in ")" as a sentence can."""
    if not ctx.is_prose(index):
        return False
    text = ctx.blocks[index].text.rstrip()
    return not (text.endswith(")") and text[-2:-1] not in ".!?" and text[:1].isupper()
                and ctx.words[index] <= ctx.options.title_aside_max_words and ". " not in text)


def _headline_like(ctx: RuleContext, index: int) -> bool:
    block = ctx.blocks[index]
    words = ctx.words[index]
    if words == 0 or words > ctx.options.title_max_words or len(block.text) > ctx.options.title_max_chars:
        return False
    if block.kind == "heading":
        return True
    # A line that wraps on into the next is the start of a paragraph, however short.
    return block.text[-1:] not in _HEADLINE_END and not block.bullet and not ctx.wraps_on(index, 1)


_TITLE_SEPARATOR = re.compile(r"\s+(?:[|\-–—·:»/]|::)\s+")


def _title_variants(title: str) -> list[str]:
    """A <title> as the page has it, without its last part and without its first: " | Site" tails and "Site - "
    heads, in the order a tie between them is settled."""
    seps = list(_TITLE_SEPARATOR.finditer(title))
    if not seps:
        return [title]
    head, tail = title[: seps[-1].start()].strip(), title[seps[0].end():].strip()
    ordered = [head, title, tail] if len(_tokens(head)) >= 3 else [title, head, tail]
    return [t for n, t in enumerate(ordered) if t and t not in ordered[:n]]


def _body_share(text: str, body: str) -> float:
    """Share of the words of `text` that occur as words in the article's (lower-cased) text. The title's few words
    are looked up in the body, not the body's thousands of words put in a set: that costs a tenth of the page."""
    words = set(_tokens(text))
    found = sum(1 for w in words if w in body and re.search(rf"(?<!\w){re.escape(w)}(?!\w)", body))
    return found / len(words) if words else 0.0


def _body_text(ctx: RuleContext, content: list[int]) -> str:
    return " ".join([ctx.blocks[i].text for i in content]).lower()


def _metadata_headline(ctx: RuleContext, content: list[int]) -> str | None:
    """The page's own statement of its headline: h1/JSON-LD headline, else the part of og:title/<title> that the
    article's text agrees with (the site's name in it does not appear there)."""
    if ctx.metadata.headline:
        return ctx.metadata.headline
    title = ctx.metadata.title
    if not title:
        return None
    variants = _title_variants(title)
    if len(variants) == 1:
        return title
    body = _body_text(ctx, content)
    return max(variants, key=lambda t: _body_share(t, body))  # max keeps the first of equals


def _agreeing_heading(ctx: RuleContext, before: int, meta_titles: list[str]) -> int | None:
    """An HTML heading before the body that says what the metadata says the headline is, whatever the model thought."""
    best: tuple[float, int] | None = None
    for i in range(min(before + 1, len(ctx.blocks))):
        block = ctx.blocks[i]
        if block.kind != "heading" or len(block.text) > ctx.options.title_max_chars:
            continue
        score = max(word_jaccard(block.text, t) for t in meta_titles)
        # The closest agreeing heading above the body: a copy in a header or teaser list comes earlier.
        if score >= 0.6 and (best is None or score >= best[0]):
            best = (score, i)
    return best[1] if best else None


def pick_title(ctx: RuleContext, decisions: list[Decision]) -> tuple[int | None, str | None, list[Decision]]:
    """The headline: for HTML the heading the page's metadata agrees with, else a heading-like content block
    before the body; for HTML with neither, the metadata's headline itself."""
    out = list(decisions)
    content = [i for i, d in enumerate(out) if d.label is CONTENT and d.kept]
    fallback = _metadata_headline(ctx, content) if ctx.kind == "html" else None  # text dumps have no <title>
    meta_titles = [t for t in dict.fromkeys((ctx.metadata.headline, ctx.metadata.title, fallback)) if t]
    if not content:
        return None, fallback, out
    if all(out[i].reason.startswith("rule bare_page") for i in content):
        return None, fallback, out  # a few plain lines: nothing marks one of them as the headline
    first_prose = next((i for i in content if _opens_body(ctx, i)), content[0])
    if ctx.kind == "text":
        sharing = _headline_sharing_body_words(ctx, out, content, first_prose)
        if sharing is not None:
            _set_title(out, sharing, "headline-shaped line above the body, sharing its words")
            return sharing, _title_text(ctx.blocks[sharing].text), out
    candidates = [i for i in content if i <= first_prose and _headline_like(ctx, i)]
    if ctx.kind == "html" and meta_titles:
        agreeing = _agreeing_heading(ctx, first_prose, meta_titles)
        if agreeing is not None:
            _set_title(out, agreeing)
            # A heading between the headline and the body is the headline area (kicker, alternative wording),
            # not article text.
            for i in candidates:
                if i > agreeing and ctx.blocks[i].kind == "heading" and ctx.blocks[i].level <= 2:
                    if ctx.is_prose(i):
                        break  # a full sentence set as a heading is the article's opening, not a headline
                    out[i] = replace(out[i], kept=False, reason=out[i].reason + "; rule pick_title: second headline")
                    break
            return agreeing, _title_text(ctx.blocks[agreeing].text), out
    chosen: int | None = None
    if meta_titles:
        scored = [(max(word_jaccard(ctx.blocks[i].text, t) for t in meta_titles), i) for i in candidates]
        agreeing_scores = [(s, i) for s, i in scored if s >= 0.5]
        if agreeing_scores:
            chosen = max(agreeing_scores, key=lambda si: (si[0], -si[1]))[1]
    if chosen is None and candidates:
        headings = [i for i in candidates if ctx.blocks[i].kind == "heading"]
        top_level = [i for i in headings if ctx.blocks[i].level == 1]
        if top_level:
            chosen = top_level[0]  # an <h1> above the body is the headline even when og:title words it otherwise
        elif fallback is None:
            # Text dumps: the first heading-like line, unless the body starts right away (no headline line then).
            chosen = min(headings, key=lambda i: (ctx.blocks[i].level or 9, i)) if headings else candidates[0]
        elif (ctx.metadata.headline is None
              and _body_share(fallback, _body_text(ctx, content)) < ctx.options.title_site_name_share):
            # The page's <title> is only the site's name ("SuperSoccer"): the headline-like line right above the
            # body says more.
            chosen = candidates[-1]
    if chosen is None and ctx.kind == "html" and not candidates and (
        fallback is None or _body_share(fallback, _body_text(ctx, content)) < ctx.options.title_site_name_share
    ):
        # The model took the headline for chrome and the page's metadata names none, or only the site: the line
        # above the body that shares its words, as for a text dump.
        sharing = _headline_sharing_body_words(ctx, out, content, first_prose)
        if sharing is not None:
            _set_title(out, sharing, "headline-shaped block above the body, sharing its words")
            return sharing, _title_text(ctx.blocks[sharing].text), out
    if chosen is None and ctx.kind == "text" and first_prose not in candidates:
        above = _headline_above_body(ctx, out, first_prose)
        if above is not None:
            _set_title(out, above, "headline-shaped line above the body")
            return above, _title_text(ctx.blocks[above].text), out
    if chosen is not None and content == [chosen] and (
        len(ctx.blocks[chosen].text) > 100 or (not meta_titles and ctx.blocks[chosen].kind != "heading")
    ):
        # The page's only content is a paragraph, or a line that neither markup nor metadata calls a headline:
        # it is the body, not a headline over nothing.
        chosen = None
    if chosen is None:
        return None, fallback, out
    _set_title(out, chosen)
    return chosen, _title_text(ctx.blocks[chosen].text), out


_SENTENCE_STOP = frozenset('.,;:')  # a headline may exclaim ("… It's Never Too Late!"); it does not end a sentence
# Breadcrumbs ("Home › Guides › …"), pager links ("« Older | Main"), template placeholders ("{{ item.title }}") and
# the prompts and labels that sit between a headline and its body.
_NOT_A_HEADLINE = re.compile(
    r"\s[›>»«|/]\s|[›»«{}\[\]│]|\(/|^\W*(?:share|table of contents|contents|hero image|image|photo|follow|subscribe"
    r"|sign up|log ?in|advertisement|sponsored|send|add to|print|e-?mail|click|save|bookmark|tweet|comments?"
    r"|decrease|increase|text size|font size)\b",
    re.IGNORECASE,
)


# A headline's own bracketed note: "… Like An Interior Designer [Step By Step]", "[2025] Massive List of …". Not a
# text browser's link number ("[12]Home") or form field ("[ ]", "[Search]"): a year, or words with a space between.
_HEADLINE_BRACKETS = re.compile(r"(?:^|(?<=\s))\[(?:(?:19|20)\d\d|[A-Za-z][^\[\]]*\s[^\[\]]*[^\s\[\]])\](?=\s|$)")


def _headline_shaped(ctx: RuleContext, i: int, kept_content: bool = False) -> bool:
    """Reads like a headline: several words, not a finished sentence, no bullet, date, byline, teaser, comment or
    share prompt, and it starts the way a headline does. Cheap tests first: most lines of a dump fail one. A line
    the model kept as content may carry a section and site after its headline ("Headline | World | News"), which
    in a line of chrome would mark a breadcrumb."""
    opts = ctx.options
    block, words = ctx.blocks[i], ctx.words[i]
    text = block.text.strip()
    # The headline without its own bracketed note, for the tests of how it starts and what it holds.
    bare = (_HEADLINE_BRACKETS.sub("", text).strip() or text) if "[" in text else text
    first = bare[0]
    return not (
        words < opts.title_min_words or words > opts.title_max_words or len(text) > opts.title_max_chars
        or text[-1:] in _SENTENCE_STOP or block.bullet
        # a headline starts one; scripts without case (Chinese, Japanese) start theirs with any of their characters
        or not (first.isupper() or first.isdigit() or first in "'\"‘“¿¡「『【《" or UNSPACED.match(first)
                or (first.islower() and bare[1:2].isupper()))  # a brand written so: "iTunes does movie deal"
        or (text.isupper() and words >= 4)  # a menu printed in capitals
        or ctx.wraps_on(i, 1) or ctx.teaser_header[i] or ctx.end_marker[i] or ctx.inline_teaser[i]
        or (not kept_content and _NOT_A_HEADLINE.search(bare)) or find_date(text) or find_byline(text)
    )


def _headline_sharing_body_words(
    ctx: RuleContext, decisions: list[Decision], content: list[int], first_prose: int
) -> int | None:
    """A headline names what the story is about, so most of its words come back in the body, where a
    menu item, a section label or another story's headline shares few. Of the headline-shaped lines above the body
    (its first line too, when that is no sentence), the one whose share of words found in the body, plus the
    model's P(content), less a little for each line of distance, scores best; none when no line scores enough.
    A caption does not compete: alt text repeats the body's names. A line printed twice within a few lines scores a
    bonus: dumps print the lead picture's alt text, which is the headline, right beside the headline itself."""
    opts = ctx.options
    # The body starts at its first sentence, or at its first paragraph-sized line when the dump cut its sentences
    # over lines (columns): the lines after that are body, whatever they look like.
    start = min(first_prose, next((i for i in content if ctx.words[i] >= opts.title_body_min_words), first_prose))
    opening = start if not _opens_body(ctx, start) else -1  # a candidate itself, so not the body
    body = _body_vocabulary(ctx, (i for i in content if i >= start and i != opening))
    if not body:
        return None
    # Most likely first: a line's share of body words is at most 1, so once a line scores better than another
    # line could with every word shared, the rest need no look.
    lines = range(max(0, start - opts.title_search_lines), start + 1)
    by_probability = sorted(lines, key=lambda i: -ctx.p(i, CONTENT))
    best: tuple[float, int] | None = None
    for i in by_probability:
        p_content = ctx.p(i, CONTENT)
        ceiling = 1.0 + opts.title_repeat_bonus + p_content - opts.title_distance_cost * (start - i)
        if ceiling < opts.title_min_score or (best is not None and ceiling <= best[0]):
            if best is not None and 1.0 + opts.title_repeat_bonus + p_content <= best[0]:
                break  # no line further down the order can do better
            continue
        label = decisions[i].label
        if (i == start and _opens_body(ctx, i)) or label is CAPTION or label is AD:
            continue
        if not _headline_shaped(ctx, i, label is CONTENT and decisions[i].kept):
            continue
        shared = _share_in_body(ctx, i, body)
        if shared is None:
            continue
        score = shared + p_content - opts.title_distance_cost * (start - i)
        if opts.title_repeat_bonus and _printed_again_nearby(ctx, i, opts.title_repeat_reach):
            score += opts.title_repeat_bonus
        if score >= opts.title_min_score and (best is None or score > best[0] or (score == best[0] and i < best[1])):
            best = (score, i)
    return best[1] if best is not None else None


def _body_vocabulary(ctx: RuleContext, lines: Iterable[int]) -> set[str]:
    """The words, stopwords aside, of the body's first title_body_words words (lines: the body's lines in order)."""
    texts: list[str] = []
    n_words = 0
    for i in lines:
        texts.append(ctx.blocks[i].text)
        n_words += ctx.words[i]
        if n_words >= ctx.options.title_body_words:
            break
    return set(_sharing_tokens(" ".join(texts).lower())) - STOPWORDS


def _share_in_body(ctx: RuleContext, index: int, body: set[str]) -> float | None:
    """The share of a line's words, stopwords aside, found in the body's vocabulary; None for a line of stopwords."""
    words = [t for t in _sharing_tokens(ctx.blocks[index].text.lower()) if t not in STOPWORDS]
    return sum(1 for t in words if t in body) / len(words) if words else None


def _printed_again_nearby(ctx: RuleContext, i: int, reach: int) -> bool:
    """The same words (case and punctuation aside) on another line at most reach lines away."""
    key = _words_of(ctx.blocks[i].text.lower())
    if not key:
        return False
    return any(
        j != i and _words_of(ctx.blocks[j].text.lower()) == key
        for j in range(max(0, i - reach), min(len(ctx.blocks), i + reach + 1))
    )


def _sharing_tokens(low: str) -> list[str]:
    """The words a headline and its body can share: \\w+ runs, except that a run of a script written without spaces
    (Chinese, Japanese) is a whole phrase, which the body seldom repeats as such; its overlapping character pairs
    are what comes back."""
    words = _words_of(low)
    if low.isascii() or UNSPACED.search(low) is None:
        return words
    out: list[str] = []
    for word in words:
        if UNSPACED.search(word) is None or len(word) < 3:
            out.append(word)
        else:
            out.extend(word[k : k + 2] for k in range(len(word) - 1))
    return out


def _headline_above_body(ctx: RuleContext, decisions: list[Decision], first_prose: int) -> int | None:
    """For a text dump whose model found no headline: the headline-shaped line among the few just above the body.
    Bylines, dates, share prompts and image labels sit there too, so the line must read like a headline, and of
    those the longest wins: a standfirst ends its sentence, a kicker or a section label is shorter than the story's
    title."""
    opts = ctx.options
    best: tuple[int, int] | None = None
    for i in range(max(0, first_prose - opts.title_lookback_lines), first_prose):
        if (
            decisions[i].label is CONTENT
            or ctx.p(i, CONTENT) < opts.title_min_probability
            or not _headline_shaped(ctx, i)
        ):
            continue
        length = len(ctx.blocks[i].text.strip())
        if best is None or length >= best[0]:
            best = (length, i)
    return best[1] if best else None


def _title_text(text: str) -> str:
    # Documentation generators print a permalink mark after every heading ("Install¶"); it is not the title's.
    return text.rstrip("¶§ \u00a0") or text


def _set_title(decisions: list[Decision], index: int, why: str = "agrees with the page's headline") -> None:
    d = decisions[index]
    reason = d.reason if d.label is CONTENT else f"rule pick_title: {why} ({d.reason})"
    decisions[index] = Decision(label=CONTENT, kept=True, reason=reason + "; title")


def wrap_width(ctx: RuleContext) -> int | None:
    """The column a text dump was wrapped at, if it was (segment/unwrap.py), for joining the body's kept lines into
    paragraphs after the model: the page's longest line, when many lines end near it. On a Markdown page, the width
    its run-on lines pile up at, the lines its writer leaves whole aside:
    html2text wraps prose at 78 columns but never a list item, a table row or an address, whose lines stand past it
    and would set a width of their own. (A text browser wraps every line; segment/unwrap.py joined most such dumps
    before the model.)"""
    right, both, _ = ctx.raw_shapes
    if ctx.markdown:
        return paragraph_width(ctx.blocks, right, both, ctx.options, past_unbreakable=True)
    return wrapped_width(right, both, ctx.options)


def _runs_on(prev: Block, nxt: Block) -> bool:
    """In a column, a line that stops mid-sentence and a next line that goes on in lower case are one paragraph, even
    where the column's width, taken from its widest line, says the next word would have fitted."""
    return (
        nxt.line is not None and prev.line is not None and nxt.line == prev.line + 1 and not prev.blank_after
        and not nxt.bullet and prev.text[-1:] not in RUN_ON_STOPS and nxt.text[:1].islower()
    )


_PARAGRAPH_KINDS = {"heading": "heading", "li": "li", "blockquote": "blockquote", "pre": "pre"}


def column_widths(ctx: RuleContext) -> list[int | None] | None:
    """Dumps read column by column (segment/columns.py): every column wraps at its own width, so each block gets
    the widest line of its stretch of consecutive lines. None for dumps read line by line."""
    if ctx.kind != "text":
        return None
    lines = [b.line for b in ctx.blocks]
    if None in lines or (lines == sorted(lines) and len(set(lines)) == len(lines)):  # read line by line
        return None
    right = ctx.raw_shapes[0]
    widths: list[int | None] = []
    start = 0
    for i in range(1, len(lines) + 1):
        if i == len(lines) or not 0 < lines[i] - lines[i - 1] <= 2:
            widest = max(right[start:i])
            width = widest if widest >= ctx.options.wrap_min_column_width else None
            widths.extend([width] * (i - start))
            start = i
    return widths


def build_paragraphs(ctx: RuleContext, decisions: list[Decision], title_index: int | None) -> tuple[Paragraph, ...]:
    by_column = column_widths(ctx)
    width = wrap_width(ctx) if ctx.kind == "text" and by_column is None else None
    table_layout = ctx.kind == "text" and _table_layout(ctx)
    gapped = ctx.raw_shapes[2] if ctx.kind == "text" else None
    paragraphs: list[Paragraph] = []
    prev_block: Block | None = None
    table_row: list[str] = []
    current_row = None

    def flush_row() -> None:
        nonlocal table_row, current_row
        if table_row:
            paragraphs.append(new_paragraph((" | ".join(table_row), "table-row", 0)))
        table_row, current_row = [], None

    for i, d in enumerate(decisions):
        if d.label is not CONTENT or not d.kept or i == title_index:
            continue
        block = ctx.blocks[i]
        row = getattr(block.dom, "row", -1) if block.dom is not None else -1
        if block.kind in ("td", "th") and row is not None and row >= 0:
            if current_row is not None and row != current_row:
                flush_row()
            current_row = row
            table_row.append(block.text)
            prev_block = block
            continue
        flush_row()
        text = (
            _main_column(block, ctx.options.column_min_share, table_layout, ctx.options.column_max_line_chars)
            if gapped is not None and gapped[i] else block.text  # a line without a column gap is one cell
        )
        if prev_block is not None and paragraphs and (
            _continues(prev_block, block, by_column[i] if by_column else width)
            or (by_column is not None and _runs_on(prev_block, block))
        ):
            last = paragraphs[-1]
            joint = _wrap_joint(last.text, text, ctx.markdown)
            paragraphs[-1] = new_paragraph((last.text + joint + text, last.kind, last.level))
        else:
            paragraphs.append(new_paragraph((text, _PARAGRAPH_KINDS.get(block.kind, "p"), block.level)))
        prev_block = block
    flush_row()
    return tuple(paragraphs)


_COLUMN_MIN_WIDEST = 40


def _table_layout(ctx: RuleContext) -> bool:
    """Whether a text dump comes from a page laid out with tables: many of its lines hold cells side by side. A
    modern page shows column gaps only in the rows of its data tables."""
    gapped = sum(ctx.raw_shapes[2])
    return gapped >= ctx.options.table_layout_min_share * max(len(ctx.blocks), 1)


def _main_column(block: Block, min_share: float, table_layout: bool, max_chars: int) -> str:
    """Text browsers lay table-based pages out in columns, so one dump line can hold a menu cell, a piece of the
    article and a sidebar teaser side by side. The line keeps its label; the body keeps the article's column (the
    widest cell, and cells nearly as wide). On pages not laid out with tables, column gaps are data-table rows,
    whose cells all stay, except bulleted cells of another column (a list beside the text)."""
    raw = block.raw.strip()
    if "   " not in raw or len(raw) > max_chars:  # no columns, or a line too long to be a row of a layout
        return block.text
    cells = COLUMN_GAP.split(raw)
    if len(cells) < 2:
        return block.text
    widest = max(len(c) for c in cells)
    if widest < _COLUMN_MIN_WIDEST:
        return block.text
    kept = [c for c in cells if len(c) >= min_share * widest or not (table_layout or c[:1] in _CELL_BULLETS)]
    return " ".join(" ".join(c.split()) for c in kept) if len(kept) < len(cells) else block.text


# The first characters that make a cell a list item of another column. Not the segmenter's line-bullet pattern: that
# one also takes "o", "#", "+" and "1.", and tells some of them from text by the line's indentation, which a cell
# in the middle of a line does not have.
_CELL_BULLETS = frozenset("□■•*·▪►◦○●‣-–")


def confidence(ctx: RuleContext, decisions: list[Decision]) -> float:
    """How sure the extraction is: the model's certainty over the kept text, damped for thin articles."""
    kept = [(len(ctx.blocks[i].text), ctx.p(i, CONTENT)) for i, d in enumerate(decisions) if d.label is CONTENT and d.kept]
    if not kept:
        return 0.0
    chars = sum(c for c, _ in kept)
    certainty = sum(c * p for c, p in kept) / chars
    substance = min(1.0, chars / 600)
    return round(float(certainty * (0.5 + 0.5 * substance)), 4)


def headline_over_standfirst(ctx: RuleContext, before: list[Decision], decided: list[Decision],
                             chosen: int | None) -> tuple[int | None, list[Decision]]:
    """Text dumps: the title picked is a sentence-case line (a standfirst, a picture's description) right under a
    Title Case line that reads like a headline and shares the body's words: that line is the headline, the model
    having taken it for chrome. `before` holds the decisions pick_title started from, so the line it had picked
    goes back to what it was."""
    opts = ctx.options
    if ctx.kind != "text" or chosen is None or not opts.title_case_switch:
        return chosen, decided
    if title_case_share(ctx.blocks[chosen].text) >= opts.title_case_low:
        return chosen, decided
    body = _body_vocabulary(ctx, (i for i, d in enumerate(decided) if d.label is CONTENT and d.kept and i > chosen))
    for j in range(chosen - 1, max(-1, chosen - 1 - opts.title_case_reach), -1):
        if before[j].label is CAPTION or before[j].label is AD or not _headline_shaped(ctx, j):
            continue
        if title_case_share(ctx.blocks[j].text) < opts.title_case_high:
            continue
        shared = _share_in_body(ctx, j, body)
        if shared is None or shared < opts.title_case_min_shared:
            continue
        out = list(decided)
        out[chosen] = replace(before[chosen], kept=False,
                              reason=before[chosen].reason + "; rule pick_title: under the headline, a standfirst or a picture's description")
        _set_title(out, j, "a Title Case headline over the sentence-case line first picked")
        return j, out
    return chosen, decided


def assemble(ctx: RuleContext, decisions: list[Decision]) -> Article:
    before = decisions
    title_index, title, decisions = pick_title(ctx, decisions)
    switched, decisions = headline_over_standfirst(ctx, before, decisions, title_index)
    if switched != title_index:
        title_index, title = switched, _title_text(ctx.blocks[switched].text)
    paragraphs = build_paragraphs(ctx, decisions, title_index)
    captions = tuple(ctx.blocks[i].text for i, d in enumerate(decisions) if d.label is CAPTION and d.kept)
    return Article(
        title=title,
        title_index=title_index,
        paragraphs=paragraphs,
        captions=captions,
        decisions=tuple(decisions),
        confidence=confidence(ctx, decisions),
    )

