"""The rule layer: named rules that turn the model's per-block guesses into the article.

Each rule takes the decisions so far and returns new ones; whenever it changes a block it says why, and that
reason is what `--explain` shows. Rules never raise on odd pages: they only ever move labels and the kept flag."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Callable

import numpy as np

from ..dates import find_byline
from ..features import lexicon
from ..segment.text import REFERENCE_HEADERS
from ..types import AD, CAPTION, CONTENT, LABELS, NAVIGATION, Decision, Label, new_decision
from .context import RuleContext, title_case_share
from .context import words_of as _words_of

try:
    from ._container import article_element as _compiled_article_element
except ImportError:  # built without a C compiler: the Python tally
    _compiled_article_element = None
try:  # the first tests of spec_list, doubled_lines and lowercase_labels in one C loop each; the comprehensions below
    # in those rules are the reference
    from ..features._base import lines_finding as _lines_finding
    from ..features._base import lines_repeating_head as _lines_repeating_head
    from ..features._base import lines_starting_lower as _lines_starting_lower
except ImportError:
    _lines_finding = _lines_repeating_head = _lines_starting_lower = None

Rule = Callable[[RuleContext, list[Decision]], list[Decision]]
Reading = tuple[tuple[str, ...], Callable[[str], object]]  # keys, and the test each line holding one of them gets

_TOKEN = re.compile(r"\w+")


def _set(decisions: list[Decision], index: int, label: Label, reason: str, kept: bool | None = None) -> None:
    decisions[index] = new_decision((label, (label is CONTENT) if kept is None else kept, reason))


def model_decisions(ctx: RuleContext) -> list[Decision]:
    """Start from the model: the most probable label of each block."""
    probs = ctx.probabilities
    if not len(ctx.blocks):
        return []
    content_col = LABELS.index(CONTENT)
    # Content wins at its own threshold, not only as the top label: a dropped body paragraph costs more than a
    # kept borderline one, so the threshold is tuned for body F1 rather than label accuracy.
    chosen = np.where(probs[:, content_col] >= ctx.options.content_threshold, content_col, probs.argmax(axis=1))
    chosen_p = probs[np.arange(len(chosen)), chosen]
    if chosen_p.dtype == np.float32 and np.isfinite(chosen_p).all():
        # A float32 times 100 is exact in float64, so rounding it half to even gives the hundredths that
        # f"{p:.2f}" prints; the decisions themselves are built once per process (_MODEL_DECISIONS), not per block.
        hundredths = np.rint(chosen_p.astype(np.float64) * 100).astype(np.intp).tolist()
        return [_MODEL_DECISIONS[index][k] for index, k in zip(chosen.tolist(), hundredths)]
    decisions: list[Decision] = []
    for index, p in zip(chosen.tolist(), chosen_p.tolist()):
        label = LABELS[index]
        decisions.append(new_decision((label, label is CONTENT, f"model: {label.value} p={p:.2f}")))
    return decisions


# model_decisions' decisions, by label column and hundredths of probability: frozen, so every page can share them.
_MODEL_DECISIONS: tuple[tuple[Decision, ...], ...] = tuple(
    tuple(new_decision((label, label is CONTENT, f"model: {label.value} p={k / 100:.2f}")) for k in range(101))
    for label in LABELS
)


def long_caption(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """A caption is a sentence or two; a long paragraph next to a picture or video is the article's own text."""
    out = list(decisions)
    limit = ctx.options.caption_max_words
    for i, d in enumerate(out):
        if d.label is CAPTION and ctx.words[i] > limit and ctx.p(i, CONTENT) >= ctx.options.long_caption_min_content:
            _set(out, i, CONTENT, f"rule long_caption: {ctx.words[i]} words is body text, not a caption")
    return out


_STRUCTURE_KINDS = frozenset({"li", "pre", "blockquote", "td", "th", "dd", "dt", "heading"})


def in_article_structure(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """Lists, code, quotes and table cells inside the article are the article's, even where the model doubted them
    (they look unlike prose): a short run of such blocks between two stretches of body text is kept."""
    out = list(decisions)
    opts = ctx.options
    content = [i for i, d in enumerate(out) if d.label is CONTENT]
    if len(content) < 2:
        return out
    for left, right in zip(content, content[1:]):
        gap = range(left + 1, right)
        if not gap or len(gap) > opts.structure_max_run:
            continue
        if all(
            ctx.blocks[i].kind in _STRUCTURE_KINDS
            and ctx.p(i, CONTENT) >= opts.structure_min_content
            and ctx.p(i, AD) < 0.5
            for i in gap
        ):
            for i in gap:
                _set(out, i, CONTENT, f"rule in_article_structure: {ctx.blocks[i].kind} between body paragraphs")
    return out


def _article_element(ctx: RuleContext, decisions: list[Decision]) -> int | None:
    """The element number of the deepest element holding most of the page's content (HTML only), or None.

    Content counts by its characters times the model's confidence, so a confident article outweighs a longer
    stream of story summaries that the model only half believes."""
    opts = ctx.options
    if ctx.kind != "html":
        return None
    doms = [block.dom for block in ctx.blocks]
    if _compiled_article_element is not None:
        try:
            return _compiled_article_element(
                doms,
                [len(block.text) for block in ctx.blocks],
                [d.label is CONTENT for d in decisions],
                np.asarray(ctx.probabilities[:, LABELS.index(CONTENT)], dtype=np.float64),  # exact, as .tolist() is
                opts.container_min_share,
                opts.container_min_density,
            )
        except IndexError:  # a chain naming numbers outside the page's: the tally below says what that means
            pass
    return _article_element_python(ctx, decisions, doms)


def _article_element_python(ctx: RuleContext, decisions: list[Decision], doms: list) -> int | None:
    """_article_element's tally in Python: the reference for rules/_container.pyx and its fallback."""
    opts = ctx.options
    p_content = ctx.probabilities[:, LABELS.index(CONTENT)].tolist()
    # Per element number, in lists indexed by it. The walk numbers elements from 0 in document order, so the
    # largest number any block names is its parent's, the first of its chain.
    top = max([dom.containers[0] for dom in doms if dom is not None and dom.containers], default=-1)
    if top < 0:
        return None
    kept_mass = [0.0] * (top + 1)
    all_chars = [0] * (top + 1)
    kept_chars = [0] * (top + 1)
    depth_of = [0] * (top + 1)
    with_content: list[int] = []  # numbers in the order content first reached them: max() keeps the first of a tie
    total = 0.0
    try:
        for i, (dom, d) in enumerate(zip(doms, decisions)):
            if dom is None or not dom.containers:
                continue
            size = len(ctx.blocks[i].text)
            depth = dom.container_depth
            if d.label is CONTENT:
                mass = size * p_content[i]
                total += mass
                for number in dom.containers:
                    if not kept_chars[number]:  # blocks have text, so no content has reached it yet
                        with_content.append(number)
                    all_chars[number] += size
                    kept_mass[number] += mass
                    kept_chars[number] += size
                    depth_of[number] = depth
                    depth -= 1
            else:
                for number in dom.containers:
                    all_chars[number] += size
                    depth_of[number] = depth
                    depth -= 1
    except IndexError:  # a hand-made context whose chains do not run parent first names no element of a page
        return None
    if total == 0:
        return None
    candidates = [
        number
        for number in with_content
        if kept_mass[number] >= opts.container_min_share * total
        and kept_chars[number] >= opts.container_min_density * all_chars[number]
    ]
    return max(candidates, key=depth_of.__getitem__) if candidates else None


def article_container(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """HTML pages put the whole article in one element. Find the deepest element that holds most of the content the
    model is sure of, and take the other text blocks in it too: the model judges blocks one by one and doubts
    plain list items, table cells and paragraphs of an unusual article; the element's markup settles them."""
    out = list(decisions)
    opts = ctx.options
    article = _article_element(ctx, out)
    if article is None:
        return out
    nav_col = LABELS.index(NAVIGATION)
    for i, (block, d) in enumerate(zip(ctx.blocks, out)):
        dom = block.dom
        if d.label is not NAVIGATION or dom is None or article not in dom.containers:
            continue
        # Table cells are short by nature ("1947", "Yes"); elsewhere a word or two inside the article is chrome.
        min_words = 1 if "table" in dom.landmarks else opts.container_min_words
        if ctx.probabilities[i, nav_col] >= opts.container_max_navigation or ctx.words[i] < min_words:
            continue
        # A data table's cells name things, and names are often links; elsewhere links are the page's chrome.
        if dom.row < 0 and dom.link_chars > opts.container_max_link_share * len(block.text):
            continue
        low = block.text.lower()
        tokens = frozenset(_words_of(low))
        if lexicon.ad_cue(low, tokens) or lexicon.nav_cue(low, tokens):
            continue  # sign-up boxes and share bars sit inside the article's element too
        _set(out, i, CONTENT, "rule article_container: inside the article's element")
    return out


def in_article_prose(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """Text dumps have no markup to name the article's element; its stretch stands in for it. A sentence-like line
    between two body lines that the model doubted (an unusual topic, a language it knows less, a topic whose words
    are those of ads and prompts) is body text, and so are such sentences running on right before or after the
    stretch, past one sub-heading on the way (a one-word one too, "Background", unless it names back matter such
    as "References")."""
    out = list(decisions)
    opts = ctx.options
    if ctx.kind != "text":
        return out
    content = [i for i, d in enumerate(out) if d.label is CONTENT]
    if not content:
        return out
    nav_col, ad_col = LABELS.index(NAVIGATION), LABELS.index(AD)

    def doubted_sentence(i: int) -> bool:
        # Footers and notices are sentences too ("Copyright © 2025 … All rights reserved.", "We use cookies…").
        label = out[i].label
        return (
            (label is NAVIGATION or label is AD)
            and ctx.words[i] >= opts.prose_min_words
            and ctx.is_sentence(i)
            and (
                ctx.probabilities[i, nav_col] < opts.prose_max_navigation
                if label is NAVIGATION
                else ctx.probabilities[i, ad_col] < opts.prose_max_ad
            )
            and not lexicon.chrome_phrase(ctx.texts[i].lower())
        )

    def doubted_heading(i: int) -> bool:
        return (
            out[i].label is NAVIGATION
            and _headline_shaped(ctx, i, opts.teaser_pair_headline_words)
            and ctx.probabilities[i, nav_col] < opts.subheading_max_navigation
        )

    def doubted_one_word_heading(i: int) -> bool:
        # "Background", "Conclusion": a section's name, capitalised; not a teaser list's or the comments' header,
        # nor the back matter a body ends at.
        text = ctx.texts[i].strip()
        return (
            out[i].label is NAVIGATION
            and text.isalpha()
            and text[:1].isupper()
            and not (ctx.teaser_header[i] or ctx.end_marker[i])
            and text.lower() not in lexicon.BACK_MATTER_HEADINGS
            and ctx.probabilities[i, nav_col] < opts.subheading_max_navigation
        )

    for left, right in zip(content, content[1:]):
        if right - left - 1 > opts.prose_gap_max_lines:
            continue
        for i in range(left + 1, right):
            if doubted_sentence(i):
                _set(out, i, CONTENT, "rule in_article_prose: a sentence between body lines")
    for start, step in ((content[0] - 1, -1), (content[-1] + 1, 1)):
        i = start
        headings = 0
        while 0 <= i < len(out) and abs(i - start) < opts.prose_edge_max_lines:
            if doubted_sentence(i):
                _set(out, i, CONTENT, "rule in_article_prose: a sentence running on from the body")
            elif (
                headings < opts.prose_edge_heading_skips
                and (doubted_heading(i) or doubted_one_word_heading(i))
                and 0 <= i + step < len(out)
                and doubted_sentence(i + step)
            ):
                # An intro above the article's first sub-heading ("Welcome to our blog post! …" / "Understanding X"):
                # the heading belongs to the body it leads into.
                headings += 1
                _set(out, i, CONTENT, "rule in_article_prose: a sub-heading between the body and a sentence")
            else:
                break
            i += step
    # A short title-like line with body text right before and right after it is a sub-heading of the article.
    for i in range(1, len(out) - 1):
        if out[i - 1].label is CONTENT and out[i + 1].label is CONTENT and doubted_heading(i):
            _set(out, i, CONTENT, "rule in_article_prose: a sub-heading between body lines")
    return out


def _headline_shaped(ctx: RuleContext, i: int, max_words: int) -> bool:
    text = ctx.blocks[i].text.rstrip()
    return 2 <= ctx.words[i] <= max_words and text[-1:] not in ".!?:;,。！？…" and not ctx.blocks[i].bullet


def teaser_pairs(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """Other stories listed as headline + one-sentence summary, pair after pair ("World »", "Kenyan police chase
    protesters" / "Police fired tear gas…"), read like prose line by line; the rhythm gives them away. An article's
    own sections put several paragraphs under a heading, so they do not keep the rhythm for long."""
    out = list(decisions)
    opts = ctx.options
    if ctx.kind != "text":
        return out
    n = len(ctx.blocks)
    first_prose = next((i for i, d in enumerate(out) if d.label is CONTENT and ctx.is_prose(i)), None)
    if first_prose is None:
        return out
    i = first_prose + 1
    while i < n - 1:
        pairs = 0
        j = i
        # The indentation test first: it is the cheapest, and most lines fail it.
        while j < n - 1 and ctx.blocks[j + 1].indent > ctx.blocks[j].indent and (
            ctx.words[j + 1] <= opts.teaser_pair_summary_words
            and _headline_shaped(ctx, j, opts.teaser_pair_headline_words)
            and not _headline_shaped(ctx, j + 1, opts.teaser_pair_headline_words)
        ):
            pairs += 1
            j += 2
        if pairs >= opts.teaser_pair_min_pairs:
            for k in range(i, j):
                if out[k].label is not NAVIGATION:
                    _set(out, k, NAVIGATION, f"rule teaser_pairs: one of {pairs} headline + summary pairs")
            i = j
        else:
            i += 1
    return out


def teaser_cards(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """Text dumps: other stories drawn as cards, each a picture whose alt text is the story's title and then the
    title as a link, so every card starts with one line printed twice, a summary and a date under it. Several such
    cards at a steady rhythm are a list of stories; an article's own pictures come between paragraphs of their own
    lengths. (On the training sites' dumps, the spans this takes held 338 words outside the truths and 5 in them.)"""
    out = list(decisions)
    opts = ctx.options
    if ctx.kind != "text" or opts.teaser_card_min_cards <= 0:
        return out
    texts, words = ctx.texts, ctx.words
    least, most = opts.teaser_card_title_min_words, opts.teaser_card_title_words
    heads = [  # word counts first: most lines differ from the next in them, and comparing them costs nothing
        i for i in range(len(texts) - 1)
        if words[i] == words[i + 1] and least <= words[i] <= most
        and _words_of(texts[i].lower()) == _words_of(texts[i + 1].lower())
    ]

    def close(run: list[int]) -> None:
        if len(run) >= opts.teaser_card_min_cards:
            rhythm = run[1] - run[0]
            for k in range(run[0], min(run[-1] + rhythm, len(out))):
                if out[k].label is not NAVIGATION:
                    _set(out, k, NAVIGATION, f"rule teaser_cards: one of {len(run)} story cards, each title printed twice")

    run: list[int] = []
    for head in heads:
        step = head - run[-1] if run else 0
        if run and 2 <= step <= opts.teaser_card_max_lines and (len(run) < 2 or step == run[1] - run[0]):
            run.append(head)
            continue
        close(run)
        # The run's last card may start the next rhythm.
        run = [run[-1], head] if run and 2 <= step <= opts.teaser_card_max_lines else [head]
    close(run)
    return out


def inline_teaser(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """"READ MORE: …", "Also read: …" point at another story, even when they sit inside the body."""
    out = list(decisions)
    match = lexicon.INLINE_TEASERS.match
    for i, text in enumerate(ctx.texts):
        if ctx.words[i] > 40 or out[i].label is NAVIGATION:
            continue
        # Some sites bracket them: "[Read more: A Guide to Small Business Accounting]".
        if ctx.inline_teaser[i] or (text[:1] in ("[", "(") and match(text[1:].lstrip())):
            _set(out, i, NAVIGATION, "rule inline_teaser: a link to another story")
    return out


def _left_teaser_list(ctx: RuleContext, header: int, first_item: int, j: int) -> bool:
    """Whether block j no longer belongs to the list under the header: the list's shape or container ended."""
    block, head = ctx.blocks[j], ctx.blocks[header]
    if head.dom is not None and block.dom is not None:
        # Teasers are links (or list items of links); the first block that is neither, or that sits up and out of
        # the header's container, is the page going on.
        dom = block.dom
        is_link = dom.link_chars >= 0.5 * max(len(block.text), 1)
        return dom.depth < head.dom.depth - 1 or not (is_link or block.kind == "li")
    # Text dumps: a bulleted list ends at the first unbulleted line, a list of plain lines at the first bullet.
    return bool(block.bullet) != bool(ctx.blocks[first_item].bullet)


def teaser_section(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """A header such as "What's Hot" or "Keep Reading" and the list of headlines under it are navigation."""
    out = list(decisions)
    opts = ctx.options
    n = len(ctx.blocks)
    i = 0
    while i < n:
        block = ctx.blocks[i]
        if not (ctx.words[i] <= 8 and ctx.teaser_header[i]):
            i += 1
            continue
        header = block.text
        _set(out, i, NAVIGATION, f"rule teaser_section: header {header!r}")
        j = i + 1
        while j < n and j - i <= opts.teaser_max_items:
            if ctx.words[j] <= 8 and (ctx.teaser_header[j] or ctx.end_marker[j]):
                break
            if j > i + 1 and _left_teaser_list(ctx, i, i + 1, j):
                break
            # Article text ends the list: a long sentence-like paragraph the model is sure of, or a sentence
            # wrapped over lines (a headline is one line).
            if ctx.words[j] > opts.teaser_item_max_words or (ctx.is_prose(j) and ctx.p(j, CONTENT) >= 0.85):
                break
            if ctx.wraps_on(j, opts.teaser_wrap_min_words):
                break
            if out[j].label is CONTENT:
                _set(out, j, NAVIGATION, f"rule teaser_section: listed under {header!r}")
            j += 1
        i = j
    return out


def _body_read(ctx: RuleContext, decisions: list[Decision]) -> tuple[np.ndarray, np.ndarray, int] | None:
    """Per block, its characters if it is body text, and how many body characters have been read up to and with it,
    and the body's total; None for a page with no body text. Closing markers count only once most of it is read."""
    content_chars = np.array([len(b.text) if d.label is CONTENT else 0 for b, d in zip(ctx.blocks, decisions)])
    total = content_chars.sum()
    if total == 0:
        return None
    return content_chars, np.cumsum(content_chars), total


def end_of_article(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """Comment forms and the like close the article: nothing after them is body, however much it reads like prose."""
    out = list(decisions)
    markers = [i for i, is_marker in enumerate(ctx.end_marker) if is_marker and ctx.words[i] <= 10]
    if not markers:
        return out
    read = _body_read(ctx, out)
    if read is None:
        return out
    _, seen, total = read
    opts = ctx.options
    for i in markers:
        block = ctx.blocks[i]
        # A bare "Comments" heading after a full article closes it even when the comments under it, which the
        # model took for body text, outweigh the article. A comment count ("11 Comments") is not such a heading:
        # pages print it in the byline or share bar above the story as often as below it.
        if seen[i] >= 0.5 * total or (
            ctx.words[i] <= opts.end_heading_max_words and seen[i] >= opts.end_heading_min_content_chars
            and not block.text.lstrip()[:1].isdigit()
        ):
            if out[i].label is CONTENT:
                _set(out, i, NAVIGATION, "rule end_of_article: comment/footer marker")
            for j in range(i + 1, len(ctx.blocks)):
                if out[j].label is CONTENT:
                    _set(out, j, NAVIGATION, f"rule end_of_article: after {block.text!r}")
            break
    return out


_BIO_VERB = re.compile(
    r"\s*(?:,\s*[^,]{1,60},\s*)?(?:is|was|has|holds|writes|covers|joined|lives|leads|serves|specializes|specialises)\b",
    re.IGNORECASE,
)
_HONORIFIC = re.compile(r"^(?:dr|prof|mr|mrs|ms)\.?\s+", re.IGNORECASE)
_ABOUT_AUTHOR = re.compile(r"^\s*about\s+(?:the\s+)?(?:authors?|writer|contributors?)\s*:?\s*$", re.IGNORECASE)


def _printed_author(ctx: RuleContext, decisions: list[Decision]) -> str | None:
    """For a text dump, which has no metadata: the name in a byline printed above or at the top of the body."""
    if ctx.kind != "text":
        return None
    first = next((i for i, d in enumerate(decisions) if d.label is CONTENT), None)
    if first is None:
        return None
    for i in range(max(0, first - ctx.options.byline_window), min(len(ctx.blocks), first + ctx.options.byline_window)):
        if decisions[i].label is not CONTENT and len(ctx.blocks[i].text) <= 120:
            name = find_byline(ctx.blocks[i].text)
            if name:
                return name
    return None


def author_bio(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """A paragraph that introduces the page's author ("Jane Doe is a freelance writer who…") is the site's author
    box, not the story, wherever it sits; so is an "About the author" heading right above it. Needs the author's
    full name, from the page's metadata or (text dumps) a printed byline near the top of the article, so a one-word
    name or a site's name in the author field never fires it."""
    out = list(decisions)
    names = [n.strip() for n in (ctx.metadata.author or _printed_author(ctx, out) or "").split(",")]
    names = [n for n in names if len(_TOKEN.findall(n)) >= 2 and n.lower() != (ctx.metadata.site_name or "").lower()]
    if not names:
        return out
    max_words = ctx.options.author_bio_max_words
    surnames = [_TOKEN.findall(n.lower())[-1] for n in names]
    for i, block in enumerate(ctx.blocks):
        if out[i].label is not CONTENT or ctx.words[i] > max_words:
            continue
        head = block.text[:80].lower()
        if not any(s in head for s in surnames):  # the cheap test first: most blocks never name the author
            continue
        # "Dr. Jane Doe is…": a title before the name is allowed, nothing else.
        text = _HONORIFIC.sub("", block.text.lstrip())
        name = next((n for n in names if text[: len(n)].lower() == n.lower()), None)
        if name is None or not _BIO_VERB.match(text, len(name)):
            continue
        _set(out, i, NAVIGATION, f"rule author_bio: introduces the author {name!r}")
        if i > 0 and out[i - 1].label is CONTENT and _ABOUT_AUTHOR.match(ctx.blocks[i - 1].text):
            _set(out, i - 1, NAVIGATION, "rule author_bio: heading of the author box")
        # The box often goes on about the author ("Karina holds an MBA…", "When she's not writing…"): the body
        # lines right under the introduction that name the author or start with a pronoun are the box's too.
        first_name = _TOKEN.findall(name.lower())[0]
        j = i + 1
        while (
            j < len(out) and j - i <= ctx.options.author_bio_more_lines and out[j].label is CONTENT
            and ctx.words[j] <= max_words and _continues_bio(ctx.blocks[j].text, first_name)
        ):
            _set(out, j, NAVIGATION, f"rule author_bio: goes on about the author {name!r}")
            j += 1
    return out


_BIO_PRONOUN = re.compile(r"^\s*(?:she|he|they|her|his|their|when (?:she|he|they)|in (?:her|his|their))\b", re.IGNORECASE)


def _continues_bio(text: str, first_name: str) -> bool:
    head = text.lstrip()[:80].lower()
    return head.startswith(first_name) or _BIO_PRONOUN.match(text) is not None


def author_box(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """An "About the author" heading once most of the body has been read opens the author box: the heading and the
    name and introduction under it, up to the first line that is not body text after them, are the site's, whether
    or not the page printed a byline naming the author."""
    out = list(decisions)
    opts = ctx.options
    (abouts,) = ctx.lines_holding(lexicon.ABOUT_KEYS, max_words=5)  # every line _ABOUT_AUTHOR matches holds one
    heads = [i for i in abouts if _ABOUT_AUTHOR.match(ctx.texts[i])]
    if not heads:
        return out
    read = _body_read(ctx, out)
    if read is None:
        return out
    content_chars, seen, total = read
    for i in heads:
        if seen[i] - content_chars[i] < 0.5 * total:
            continue
        if out[i].label is CONTENT:
            _set(out, i, NAVIGATION, "rule author_box: heading of the author box")
        read_prose = False
        for j in range(i + 1, min(len(out), i + 1 + opts.author_box_max_lines)):
            if out[j].label is not CONTENT:
                if read_prose:
                    break
                continue
            if ctx.words[j] > opts.author_bio_max_words:
                break
            _set(out, j, NAVIGATION, f"rule author_box: under {ctx.blocks[i].text.strip()!r}")
            read_prose = read_prose or ctx.is_sentence(j)
    return out


def _word_key(text: str) -> str:
    """The line's words, lower-cased: two lines with the same key print the same words, case and punctuation aside."""
    return " ".join(_words_of(text.lower()))


def table_of_contents(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """A table of contents repeats the article's headings as links, so kept, it prints each heading twice: its
    heading ("Table of Contents", "In this article") and the lines under it that the page prints again further down
    are navigation. A list under such a heading that the page does not repeat (a summary, key points) stays; the
    heading goes when it names the box ("Table of Contents": a collapsed box prints it alone), not when it may head a
    summary ("In this guide")."""
    out = list(decisions)
    opts = ctx.options
    (headers,) = ctx.lines_holding(lexicon.TOC_KEYS, max_words=opts.toc_header_max_words)
    headers = [h for h in headers if lexicon.TOC_HEADER.match(ctx.texts[h])]
    if not headers:
        return out
    # Each short line's words, and where they last come on the page, from the first heading on.
    words, limit, texts = ctx.words, opts.toc_item_max_words, ctx.texts
    keys: dict[int, str] = {}
    last_at: dict[str, int] = {}
    for i in range(headers[0] + 1, len(texts)):
        if words[i] <= limit:
            key = keys[i] = _word_key(texts[i])
            last_at[key] = i
    for h in headers:
        items: list[int] = []
        misses = 0
        j = h + 1
        while j < len(texts) and words[j] <= limit and misses <= opts.toc_max_misses:
            key = keys[j]
            if key and last_at[key] > j:
                items.append(j)
                misses = 0
            else:
                misses += 1
            j += 1
        if len(items) >= opts.toc_min_items:
            last = items[-1]
        elif lexicon.TOC_TITLE.match(texts[h]):
            last = h
        else:
            continue
        for i in range(h, last + 1):
            if out[i].label is not NAVIGATION:
                _set(out, i, NAVIGATION, "rule table_of_contents: a table of contents")
    return out


def code_block(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """Text dumps: a code listing between two of the article's paragraphs is part of the article. A dump prints a
    <pre> block one line at a time, and those lines (no sentences, braces, keywords) read as chrome to the model,
    which would then cut the article in two there and lose what follows the listing. A listing is a line that reads
    as code (lexicon.code_line) and the indented lines after it; a gap between content lines that is mostly
    listing (its one- and two-word lines, "Copy" buttons and the like, aside) is kept, prose between listings too."""
    if ctx.kind != "text":
        return decisions
    opts = ctx.options
    content = [i for i, d in enumerate(decisions) if d.label is CONTENT]
    out = decisions
    blocks, words = ctx.blocks, ctx.words
    column_gaps = ctx.raw_shapes[2]
    for before, after in zip(content, content[1:]):
        gap = after - before - 1
        if gap < opts.code_min_lines or gap > opts.code_max_gap_lines:
            continue
        listing: list[int] = []
        others = 0
        listing_indent = -1  # the indent of the code line that opened the listing being read; -1 outside one
        for j in range(before + 1, after):
            block = blocks[j]
            if listing_indent >= 0 and (block.indent > listing_indent or lexicon.code_closer(block.text)):
                listing.append(j)  # aligned columns of code are code too
            elif column_gaps[j]:  # a table-layout page's columns side by side do not open a listing
                listing_indent = -1
                others += 1
            elif lexicon.code_line(block.text):
                listing.append(j)
                listing_indent = block.indent
            else:
                listing_indent = -1
                others += words[j] > 2
        if len(listing) < opts.code_min_lines or len(listing) < opts.code_min_share * (len(listing) + others):
            continue
        if out is decisions:
            out = list(decisions)
        listed = set(listing)
        for j in range(before + 1, after):
            if j in listed or words[j] > 2:
                _set(out, j, CONTENT, "rule code_block: a code listing between the article's paragraphs")
    return out


# "Max Brew: 40 ounces", "Office Location: Atlanta, Georgia": a short label, a colon, its value.
_SPEC_LINE = re.compile(r"[^\W\d_][^:]{0,30}\??: \S")
_SPEC_COLON_BY = 34  # the end of the longest label _SPEC_LINE takes, with its colon and the space after it


def spec_list(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """Text dumps: a run of "Label: value" lines (a product's specifications, a fact box, an event's details) with
    the article's paragraphs close before and after it is part of the article. The dump prints the box's table or
    definition list one pair a line, short and without sentences, so the model reads it as chrome."""
    if ctx.kind != "text":
        return decisions
    opts = ctx.options
    words, texts = ctx.words, ctx.texts
    out = decisions
    n = len(decisions)

    def body_line(j: int) -> bool:
        return decisions[j].label is CONTENT and decisions[j].kept and words[j] >= opts.spec_anchor_words

    # Runs of consecutive pair lines. A label is at most 32 characters, so ": " is looked for (in C) only that far.
    max_words = opts.spec_max_words
    if _lines_finding is not None:
        colons = _lines_finding(texts, words, max_words, ": ", 1, _SPEC_COLON_BY)
    else:
        colons = [j for j, text in enumerate(texts) if words[j] <= max_words and text.find(": ", 1, _SPEC_COLON_BY) > 0]
    pairs = [j for j in colons if _SPEC_LINE.match(texts[j])]
    runs: list[list[int]] = []
    for j in pairs:
        if runs and runs[-1][-1] == j - 1:
            runs[-1].append(j)
        else:
            runs.append([j])
    for run in runs:
        first, end = run[0], run[-1] + 1
        if (
            len(run) >= opts.spec_min_lines
            and any(decisions[k].label is not CONTENT for k in run)
            and any(body_line(k) for k in range(max(0, first - opts.spec_reach_lines), first))
            and any(body_line(k) for k in range(end, min(n, end + opts.spec_reach_lines)))
        ):
            if out is decisions:
                out = list(decisions)
            for k in run:
                if out[k].label is not CONTENT:
                    _set(out, k, CONTENT, "rule spec_list: a run of label: value lines inside the article")
    return out


def article_span(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """The article is one stretch of content; stray short content blocks far from it are chrome the model missed."""
    out = list(decisions)
    opts = ctx.options
    content = [i for i, d in enumerate(out) if d.label is CONTENT]
    if not content:
        return out
    spans: list[list[int]] = [[content[0]]]
    for prev, cur in zip(content, content[1:]):
        if cur - prev - 1 > opts.span_gap_lines:
            spans.append([cur])
        else:
            spans[-1].append(cur)
    if len(spans) == 1:
        return out

    # Each span weighed once: a page cut into many spans compared every one of them with the weight of the best.
    weights = [sum(len(ctx.blocks[i].text) * ctx.p(i, CONTENT) for i in span) for span in spans]
    best_at = max(range(len(spans)), key=weights.__getitem__)  # the first of equals, as max(spans, key=...) was
    article = _article_element(ctx, out)
    section_labels: set[str] | None = None
    for at, span in enumerate(spans):
        if at == best_at:
            continue
        if (
            article is not None
            and all(ctx.blocks[i].dom is None or article not in ctx.blocks[i].dom.containers for i in span)
            and weights[at] < opts.span_outside_max_weight * weights[best_at]
        ):
            # Comments and feeds of other stories after the article can be prose too; the markup tells them apart.
            for i in span:
                _set(out, i, NAVIGATION, "rule article_span: a stretch of content outside the article's element")
            continue
        # A stretch that carries real prose (a body split by a large figure, a gallery or an ad block) stays;
        # what goes are islands of short lines: stray headings, link texts, labels.
        if any(ctx.is_prose(i) and ctx.p(i, CONTENT) >= opts.span_keep_probability for i in span):
            continue
        # Text dumps: a review of several products, a guide in parts: the later parts repeat the first part's
        # section labels ("Features", "Pros & cons", "Our take") where the model, far down the page, grew unsure of
        # them. (In HTML a feed of other stories repeats them too; there the article's element decides.)
        if ctx.kind == "text":
            if section_labels is None:
                section_labels = _section_labels(ctx, spans[best_at][0], spans[best_at][-1])
            start = spans[at - 1][-1] + 1 if at > 0 else 0
            if len(section_labels & _section_labels(ctx, start, span[-1])) >= opts.span_keep_shared_labels:
                continue
        # In a narrow column a paragraph is many short lines, none of them prose on its own: sentences wrapping
        # from line to line are prose too.
        wrapped = [i for i in span if ctx.p(i, CONTENT) >= opts.span_keep_probability
                   and ctx.wraps_on(i, opts.teaser_wrap_min_words)]
        if len(wrapped) >= opts.span_keep_wrapped_lines:
            continue
        for i in span:
            _set(out, i, NAVIGATION, "rule article_span: content-like block outside the article")
    return out


def _section_labels(ctx: RuleContext, first: int, last: int) -> set[str]:
    """The short lines from first to last that may label a section: a few words, not a list item, not digits or
    a bracketed image name."""
    labels = set()
    for i in range(first, last + 1):
        if 1 <= ctx.words[i] <= ctx.options.section_label_max_words and not ctx.blocks[i].bullet:
            text = ctx.texts[i].lower()
            if len(text) > 2 and text[0] != "[" and not text.replace(" ", "").isdigit():
                labels.add(text)
    return labels


_CHROME_LANDMARKS = ("aside", "nav", "footer")


def chrome_landmark(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """Content the model found in an <aside>, <nav> or <footer> (live tickers, comment threads, other stories)
    belongs to another article than the page's own, when the page has an article of its own outside them."""
    out = list(decisions)
    if ctx.kind != "html":
        return out
    inside: list[tuple[int, str]] = []
    outside_chars = 0
    for i, (block, d) in enumerate(zip(ctx.blocks, out)):
        if d.label is not CONTENT or block.dom is None:
            continue
        found = next((name for name in _CHROME_LANDMARKS if name in block.dom.landmarks), None)
        if found:
            inside.append((i, found))
        else:
            outside_chars += len(block.text)
    if outside_chars < ctx.options.chrome_min_article_chars:
        return out
    for i, found in inside:
        _set(out, i, NAVIGATION, f"rule chrome_landmark: inside <{found}>, apart from the article")
    return out


# Class/id words of a block's own element that name a box of links to other stories, wherever it sits.
_TEASER_BOX_PREFIXES = ("related", "outbrain", "taboola")


def teaser_box(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """Blocks whose own markup calls them related stories or a recommendation widget ("jp-relatedposts-post-excerpt",
    "outbrain") are teasers even inside the article's element, where they often sit at the end of the body. Words
    like "recommendation" or "popular" are not enough: articles use them for their own blocks."""
    out = list(decisions)
    if ctx.kind != "html":
        return out
    for i, (block, d) in enumerate(zip(ctx.blocks, out)):
        if d.label is not CONTENT or block.dom is None:
            continue
        found = next((t for t in block.dom.own_tokens if t.startswith(_TEASER_BOX_PREFIXES)), None)
        if found:
            _set(out, i, NAVIGATION, f"rule teaser_box: marked {found!r} in the markup")
    return out


def bare_page(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """A page of a few short lines of plain text and nothing else (a notice, a stub, a test fixture) is all
    content: with no menus or links to tell apart, there is no chrome to drop."""
    out = list(decisions)
    opts = ctx.options
    if not ctx.blocks or any(d.label is CONTENT for d in out):
        return out
    if sum(len(b.text) for b in ctx.blocks) > opts.bare_page_max_chars or len(ctx.blocks) > opts.bare_page_max_blocks:
        return out
    for block in ctx.blocks:
        dom = block.dom
        if ctx.kind == "html" and (
            dom is None or dom.link_chars or set(dom.landmarks) & {"nav", "header", "footer", "aside", "form"}
        ):
            return out
        # A text dump shows no links, but lists, link references and separators are how menus look in one.
        if ctx.kind == "text" and (block.bullet or "[" in block.raw or lexicon.SEPARATORS & set(block.text)):
            return out
    for i, d in enumerate(out):
        if d.label is not AD:
            _set(out, i, CONTENT, "rule bare_page: the page is a few lines of plain text")
    return out


def marker_lines(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """A line that is nothing but an ad marker ("Advertisement", "Ads by Google") is an ad, and one that is or ends
    in a picture credit ("Photo: AP", "… (picture: John Cleare)") is a caption, whatever the model made of the lines
    around it. Article text is never relabelled: a credit inside a kept paragraph stays the paragraph's."""
    out = list(decisions)
    limit = ctx.options.marker_line_max_words
    texts = ctx.texts
    # Body text is never relabelled, nor a line too long to be a bare marker: the scan reads neither, so every line
    # it returns is a non-content line of at most `limit` words.
    maybe_ads, maybe_credits = ctx.lines_holding(
        lexicon.AD_MARKER_KEYS, lexicon.CREDIT_KEYS, max_words=limit, skipping=(out, CONTENT)
    )
    for i in maybe_ads:
        if out[i].label is not AD and lexicon.AD_MARKER_LINE.match(texts[i]):
            _set(out, i, AD, "rule marker_lines: an ad marker")
    for i in maybe_credits:
        if out[i].label is NAVIGATION and lexicon.CREDIT_LINE.search(texts[i]):
            _set(out, i, CAPTION, "rule marker_lines: a picture credit")
    return out


_SMALL_PRINT_READINGS = tuple((keys, reading.search) for keys, reading in lexicon.SMALL_PRINT)


def disclosure_lines(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """An affiliate-commission note, a deal post's price caveat, the consent text of a form or a cookie banner, a
    wire story's rights notice (lexicon.SMALL_PRINT) is the site's small print, not the story, however sentence-like
    it reads."""
    return _relabel_body_lines(
        ctx, decisions, _SMALL_PRINT_READINGS, ctx.options.disclosure_max_words, NAVIGATION,
        "rule disclosure_lines: small print (an affiliate, pricing, consent, cookie or rights notice)",
    )


def _relabel_body_lines(ctx: RuleContext, decisions: list[Decision], readings: tuple[Reading, ...], max_words: int,
                        label: Label, reason: str) -> list[Decision]:
    """Body lines of at most max_words words that one of the readings' tests passes get label. readings: (keys,
    test) pairs, the keys lower-cased, one of them in every line the test passes; all keys are looked for in one
    scan, each test runs only on the lines holding one of its own keys, and the scan passes over the navigation
    that fills most of a page, since only body lines are relabelled."""
    out = list(decisions)
    candidates = ctx.lines_holding(*(keys for keys, _ in readings), max_words=max_words, skipping=(out, NAVIGATION))
    texts = ctx.texts
    for (_, test), lines in zip(readings, candidates):
        for i in lines:
            if out[i].label is CONTENT and test(texts[i]) is not None:
                _set(out, i, label, reason)
    return out


def player_notices(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """A short body line that is what a page prints where its player, plugin or script did not run ("This video is
    unavailable in the format required for your device", "Your browser does not support the video tag", "You need
    Flash Player 8 to view this video") is chrome, however sentence-like: old embeds carry it as fallback text."""
    return _relabel_body_lines(
        ctx, decisions, ((lexicon.PLAYER_NOTICE_KEYS, lexicon.PLAYER_NOTICE_LINE.match),),
        ctx.options.player_notice_max_words, NAVIGATION, "rule player_notices: a player, plugin or script notice",
    )


def alt_text(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """Text dumps print an image's alt text as a line of its own; a body line that describes a picture ("Screenshot
    of …", "Bar graph: …", "Close-up of …") is a caption, however sentence-like the model found it. Lines the model
    left out of the body stay as they are: "Photo of the day" in a menu is navigation."""
    if ctx.kind != "text":
        return list(decisions)
    return _relabel_body_lines(
        ctx, decisions, ((lexicon.ALT_TEXT_KEYS, lexicon.ALT_TEXT_LINE.match),), ctx.options.caption_max_words,
        CAPTION, "rule alt_text: describes a picture",
    )


def alt_beside_caption(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """Text dumps print a picture's alt text as a line of its own, often right beside the picture's caption, which
    says the same thing at more length ("Tunnel boring machine 'Agnes' breaking through" over "The tunnel boring
    machine, named Agnes by local schoolchildren, broke through in April 2024 (Image: …)"). A short body line that is
    no sentence, in sentence case, and whose words are mostly the neighbouring caption's is that alt text: a
    caption too. (A product's or a place's name in Title Case over a caption that names it is a section heading.)"""
    out = list(decisions)
    if ctx.kind != "text":
        return out
    opts = ctx.options
    n = len(out)
    caption_words: dict[int, set[str]] = {}

    def words_of_caption(j: int) -> set[str]:
        if j not in caption_words:
            caption_words[j] = {w for w in _words_of(ctx.texts[j].lower()) if w not in lexicon.STOPWORDS}
        return caption_words[j]

    # Only the lines next to a caption can be one's alt text: most pages have a handful of captions, if any.
    beside = sorted({k for j, d in enumerate(decisions) if d.label is CAPTION for k in (j - 1, j + 1) if 0 <= k < n})
    for i in beside:
        d = decisions[i]
        if d.label is not CONTENT or not d.kept or not opts.alt_caption_min_words <= ctx.words[i] <= opts.alt_caption_max_words:
            continue
        if ctx.texts[i].rstrip()[-1:] in ".!?:;\"”" or title_case_share(ctx.texts[i]) >= opts.alt_caption_max_title_case:
            continue  # a sentence, or a name in Title Case: a section heading that the caption under it repeats
        own = {w for w in _words_of(ctx.texts[i].lower()) if w not in lexicon.STOPWORDS}
        if len(own) < 2:
            continue
        for j in (i + 1, i - 1):
            if 0 <= j < n and decisions[j].label is CAPTION:
                shared = len(own & words_of_caption(j)) / len(own)
                if shared >= opts.alt_caption_min_shared:
                    _set(out, i, CAPTION, f"rule alt_beside_caption: {shared:.0%} of its words are the caption's beside it",
                         kept=True)
                    break
    return out


def link_targets(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """lynx's list of link targets, which ends its dump ("References", "Visible links:", then "  12. https://…" a
    line), is the browser's, not the page's: its lines are navigation. Only a list that runs to the end of the page,
    holding nothing but such headings and address lines, counts: an article's own "References" section of citations,
    or a list of links in its text, stays the model's to judge."""
    blocks = ctx.blocks
    if ctx.kind != "text" or not blocks or blocks[-1].kind != "reference":  # most pages: one test
        return decisions
    start = len(blocks)
    while start > 0 and blocks[start - 1].kind == "reference":
        start -= 1
    heading = next((i for i in range(start, len(blocks)) if _is_reference_heading(blocks[i].text)), None)
    if heading is None:
        return decisions
    listed = [b for b in blocks[heading:] if not _is_reference_heading(b.text)]
    # An address with spaces in it runs on to a line of its own: a few lines of the list may be pieces.
    targets = sum(1 for b in listed if _TARGET_START.match(b.raw))
    if not targets or targets < 0.9 * len(listed):
        return decisions
    out = list(decisions)
    for i in range(heading, len(blocks)):
        _set(out, i, NAVIGATION, _LINK_TARGETS)
    return out


_LINK_TARGETS = "rule link_targets: lynx's list of link addresses"
# "  12. https://…": a number and an address, whatever follows (lynx prints addresses as they are, spaces and all).
_TARGET_START = re.compile(r"\s*\d{1,5}\.\s+(?:https?|ftp|mailto|file|javascript|news|gopher):")
_REFERENCE_HEADINGS = frozenset(h.rstrip(":") for h in REFERENCE_HEADERS)


def _is_reference_heading(text: str) -> bool:
    return text.rstrip(":") in _REFERENCE_HEADINGS


def doubled_lines(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """Text dumps: a picture's alt text and its title, a logo's name and its link title, print run together on one
    line, the same words twice or more ("Nationwide LogoNationwide Logo", "wide shot of a winter landscape.wide shot
    of a winter landscape."). A short body line that is one phrase repeated is such a label: a caption, not body."""
    if ctx.kind != "text":
        return decisions
    opts = ctx.options
    out = decisions
    words, texts = ctx.words, ctx.texts
    column_gaps = ctx.raw_shapes[2]  # a table's row repeats its header cells, or one cell's value across columns
    max_words, max_chars = opts.doubled_max_words, opts.doubled_max_chars
    # Only lines whose first characters come back later in them can be repeats: one find() rules out nearly all.
    # The length limit bounds _repeated_phrase, whose tries grow with the square of a line made of one pattern.
    if _lines_repeating_head is not None:
        repeating = _lines_repeating_head(texts, words, max_words, max_chars, _REPEAT_HEAD)
    else:
        repeating = [i for i, n in enumerate(words) if n <= max_words and len(texts[i]) <= max_chars
                     and texts[i].find(texts[i][:_REPEAT_HEAD], 1) > 0]
    candidates = [i for i in repeating if decisions[i].label is CONTENT]
    for i in candidates:
        if not column_gaps[i] and _repeated_phrase(texts[i]) is not None:
            if out is decisions:
                out = list(decisions)
            _set(out, i, CAPTION, "rule doubled_lines: one phrase printed twice over (a picture's alt text and title)")
    return out


def _repeated_phrase(text: str) -> str | None:
    """The phrase that text is two or more copies of (spaces between copies allowed), if it is."""
    head = text[:_REPEAT_HEAD]
    at = text.find(head, _REPEAT_HEAD) if len(head) == _REPEAT_HEAD else -1
    while at != -1:
        phrase = text[:at].strip()
        copies = text[at:].split(phrase)
        if len(copies) > 1 and not any(gap.strip() for gap in copies):
            return phrase
        at = text.find(head, at + 1)
    return None


_REPEAT_HEAD = 6  # characters a phrase must have before it can repeat


# Characters of code, markup, paths, addresses and lists: a line holding one is not a picture's description.
_NOT_ALT_TEXT = re.compile(r"[()=_;:{}<>#/\\\"\[\]|@*+$]|\w\.\w|\s--?\w")
_IMAGE_NAME = re.compile(r"\w\.(?:jpe?g|png|gif|webp|avif|svg)$", re.IGNORECASE)  # "art.chua.ap.jpg": a picture's file
_ENUMERATED = re.compile(r"[a-z]{1,2}[.)]\s")  # "c. Future prospects", "ii) The second point"
# A line that ends a sentence. Narrower than context.RUN_ON_STOPS, which also takes ":" and ";" as ending a line: a
# lower-case line after "… looks like this:" goes on the sentence (with RUN_ON_STOPS, 20 pages lost up to 0.056).
_SENTENCE_ENDED = re.compile(r"[.!?…][\"”’)»]*$")


def lowercase_labels(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """Text dumps: a short body line that starts in lower case and ends without punctuation, right after a line that
    ends a sentence, is a picture's alt text ("a man models a white sweater", "laundry area with storage",
    "art.chua.ap.jpg"): article sentences start with a capital, and a line that goes on a wrapped sentence follows
    one that does not end. Lines of code, commands, addresses and enumerations ("c. Future prospects") are not."""
    if ctx.kind != "text":
        return decisions
    opts = ctx.options
    out = decisions
    words, texts, blocks = ctx.words, ctx.texts, ctx.blocks
    low, high = opts.lowercase_label_min_words, opts.lowercase_label_max_words
    if _lines_starting_lower is not None:
        lower = _lines_starting_lower(texts, words, low, high)
    else:
        lower = [i for i, n in enumerate(words) if low <= n <= high and texts[i][:1].islower()]
    candidates = [i for i in lower if i > 0 and decisions[i].label is CONTENT]
    if not candidates:
        return out
    column_gaps = ctx.raw_shapes[2]
    shared_lines: set[int | None] | None = None  # worked out for the first line that passes the tests before it
    for i in candidates:
        text = texts[i]
        if (
            not text[-1].isalnum()
            or blocks[i].bullet
            or column_gaps[i]
            or not _SENTENCE_ENDED.search(texts[i - 1])
            or not text.split(None, 1)[0].islower()  # "iPhone customers …", "eBay sellers …"
            or _ENUMERATED.match(text)
            or (_NOT_ALT_TEXT.search(text) and not _IMAGE_NAME.search(text))
            or lexicon.code_line(text)
        ):
            continue
        if shared_lines is None:
            # Input lines that a dump read by columns split into cells: there the block before a cell is the line
            # above it in its own column, not the line before it on the page.
            shared_lines = {line for line, n in Counter(b.line for b in blocks).items() if n > 1}
        if blocks[i].line in shared_lines:
            continue
        if out is decisions:
            out = list(decisions)
        if _IMAGE_NAME.search(text):
            # A file's name, printed where the page gave no alt text: the renderer's, not the page's words.
            _set(out, i, NAVIGATION, "rule lowercase_labels: a picture's file name")
        else:
            _set(out, i, CAPTION, "rule lowercase_labels: a picture's description (lower case, no sentence)")
    return out


def duplicate_lines(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """Text dumps: a short body line printed again a few lines below is kept once: a picture's alt text and title
    printed around it ("Screens from platform Togetherr" / "Togetherr Hero Screens by Clay" / "Screens from platform
    Togetherr"), a heading repeated by a sticky header. Repeats further apart are the page's own (FAQ questions
    listed above their answers, "Pros"/"Cons" headings), and the truths keep every copy of them."""
    out = list(decisions)
    opts = ctx.options
    if ctx.kind != "text":
        return out  # HTML marks pictures up, so their alt text is not a body block (measured: dropping cost F1)
    limit, reach = opts.duplicate_max_words, opts.duplicate_max_distance
    last_seen: dict[str, int] = {}
    for i, d in enumerate(out):
        # Only short lines are ever dropped, and a short line can only repeat another short line.
        if d.label is not CONTENT or not d.kept or ctx.words[i] > limit:
            continue
        key = _word_key(ctx.blocks[i].text)
        if not key:
            continue
        j = last_seen.get(key)
        if j is not None and (reach <= 0 or i - j <= reach):
            out[i] = replace(d, kept=False, reason=f"rule duplicate_lines: repeats the body line {i - j} above")
        last_seen[key] = i
    return out


# A Markdown link's target, and a word without the underscores that Markdown's emphasis glues to it.
_MARKDOWN_TARGET = re.compile(r"\]\([^)\s]*\)")
_BARE_WORD = re.compile(r"[^\W_]+")
# A line in Markdown's syntax: a heading, a quote, a table row, a link, bold or italic words.
_MARKDOWN_LINE = re.compile(r"^\s*(?:#{1,6} |> |\|)|\]\([^)\s]*\)|\*\*\S|(?:^|\s)_\S[^_]*\S_(?:\s|$|[.,;:])")


def _may_be_markdown(text: str) -> bool:
    """True for every line _MARKDOWN_LINE finds (and some others): a few substring tests instead of a regex."""
    return "](" in text or "**" in text or "_" in text or text.lstrip()[:1] in ("#", ">", "|")


def _copy_key(text: str) -> str:
    """A body line's words, lower-cased, with Markdown's link targets and emphasis marks taken out, so the same
    paragraph printed as Markdown ("[CRM](https://…) is a _balancing_ act") keys like its rendered self."""
    if "](" in text:
        text = _MARKDOWN_TARGET.sub("]", text)
    return " ".join(_BARE_WORD.findall(text.lower()))


def second_copy(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """The article printed a second time after itself (a "Copy as Markdown" source, a print or reader version
    left in the page) leaves the body: from the first body line that repeats an earlier one, when most of what
    follows repeats the lines above it in their order."""
    out = list(decisions)
    opts = ctx.options
    if opts.copy_min_lines <= 0:
        return out
    min_words = opts.copy_min_words
    long_lines = [i for i, (d, n) in enumerate(zip(out, ctx.words)) if n >= min_words and d.label is CONTENT and d.kept]
    if len(long_lines) < 2 * opts.copy_min_lines:
        return out
    # Keying every body line costs a regex pass over the whole body; nearly every page has no Markdown in it.
    texts = ctx.texts
    if sum(1 for i in long_lines if _may_be_markdown(texts[i])) < opts.copy_min_lines:
        return out
    first_seen: dict[str, int] = {}
    repeat_of: dict[int, int] = {}  # body line -> the position (in long_lines) of the line it repeats
    for position, i in enumerate(long_lines):
        key = _copy_key(ctx.blocks[i].text)
        seen = first_seen.get(key)
        if seen is None:
            first_seen[key] = position
        else:
            repeat_of[i] = seen
    if len(repeat_of) < opts.copy_min_lines:
        return out
    start = next(position for position, i in enumerate(long_lines) if i in repeat_of)
    tail = long_lines[start:]
    # Repeats in the original's order: each one later in the first copy than the one before it.
    in_order, last = 0, -1
    for i in tail:
        seen = repeat_of.get(i)
        if seen is not None and seen > last:
            in_order += 1
            last = seen
    tail_words = sum(ctx.words[i] for i in tail)
    repeated_words = sum(ctx.words[i] for i in tail if i in repeat_of)
    if in_order < opts.copy_min_lines or repeated_words < opts.copy_min_share * tail_words:
        return out
    # Only a copy written in Markdown: a page that shows its story twice (a teaser version above the full one) is
    # printed twice in the corpora's truths as well, while a Markdown source is never what a reader sees.
    if sum(1 for i in tail if _MARKDOWN_LINE.search(ctx.blocks[i].text)) < opts.copy_min_lines:
        return out
    first_line = tail[0]
    for i, d in enumerate(out):
        if i >= first_line and d.label is CONTENT and d.kept:
            out[i] = replace(out[i], kept=False, reason=f"rule second_copy: the article printed again from block {first_line}")
    return out


def captions_near_article(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """Captions of the article's pictures are kept apart; captions of teaser pictures elsewhere are not the article's."""
    out = list(decisions)
    content = [i for i, d in enumerate(out) if d.label is CONTENT and d.kept]
    if not content:
        for i, d in enumerate(out):
            if d.label is CAPTION:
                out[i] = replace(d, kept=False, reason=d.reason + "; no article to attach it to")
        return out
    first, last = content[0], content[-1]
    margin = 6
    for i, d in enumerate(out):
        if d.label is not CAPTION:
            continue
        if first - margin <= i <= last + margin:
            out[i] = replace(d, kept=True)
        else:
            out[i] = replace(d, kept=False, reason=d.reason + "; outside the article")
    return out


def rescue_empty_article(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """A page whose article the model did not recognise (an unfamiliar language or layout) still has one: take the
    stretch around the block the model finds most article-like, at a threshold relative to that block."""
    out = list(decisions)
    opts = ctx.options
    if not ctx.blocks or opts.rescue_min_chars <= 0:
        return out
    # Counted until there is enough: nearly every page has, within its first screens.
    kept_chars, texts = 0, ctx.texts
    for i, d in enumerate(out):
        if d.label is CONTENT:
            kept_chars += len(texts[i])
            if kept_chars >= opts.rescue_min_chars:
                return out
    p_content = ctx.probabilities[:, LABELS.index(CONTENT)]
    lengths = np.array([len(b.text) for b in ctx.blocks])
    if lengths.sum() < opts.rescue_page_min_chars:
        return out
    # Measured over paragraph-sized blocks: a confident headline must not set the bar for the body under it.
    sized = lengths >= 40
    top = float(p_content[sized].max()) if sized.any() else float(p_content.max())
    if top < opts.rescue_floor:
        return out
    threshold = max(opts.rescue_floor, opts.rescue_relative * top)
    for i in np.flatnonzero(p_content >= threshold):
        if out[i].label is not CONTENT and lengths[i] >= 20:
            _set(out, int(i), CONTENT, f"rule rescue_empty_article: p(content)={p_content[i]:.2f}, best on page {top:.2f}")
    return out


PIPELINE_RULES: tuple[Rule, ...] = (
    long_caption,
    rescue_empty_article,
    in_article_structure,
    article_container,
    in_article_prose,
    inline_teaser,
    teaser_section,
    teaser_pairs,
    teaser_cards,
    end_of_article,
    author_bio,
    author_box,
    code_block,
    spec_list,
    table_of_contents,
    article_span,
    chrome_landmark,
    teaser_box,
    bare_page,
    marker_lines,
    disclosure_lines,
    player_notices,
    alt_text,
    alt_beside_caption,
    link_targets,
    doubled_lines,
    lowercase_labels,
    duplicate_lines,
    second_copy,
    captions_near_article,
)


def apply_rules(ctx: RuleContext, rules: tuple[Rule, ...] = PIPELINE_RULES) -> list[Decision]:
    decisions = model_decisions(ctx)
    for rule in rules:
        decisions = rule(ctx, decisions)
    return decisions
