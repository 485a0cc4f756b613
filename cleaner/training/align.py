"""Label the lines of a text dump (or the blocks of an HTML page) from a corpus page's ground truth.

The truth of our corpora is the article text only, so the labels come in two steps: a monotone token alignment of the
page against the truth decides `content`; everything else becomes caption / ad / navigation from the corpus's own
block labels (l3s-gn1) or from textual and DOM cues. A label of None means "not sure": the trainer leaves it out.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Sequence

from ..features.lexicon import AD_MARKER_LINE
from ..types import Label

# --- thresholds ------------------------------------------------------------------------------------------------------

CONTENT_COVERAGE = 0.6  # share of a text's tokens inside strong matched runs above which it is content
NONCONTENT_COVERAGE = 0.2  # ... at or below which it is not; in between the text is left unlabelled
SHORT_TEXT = 3  # texts of this many tokens or fewer need a content neighbour to count as content
STRONG_RUN = 3  # matched runs shorter than this are chance matches unless a neighbour vouches for them
MIN_TRUTH_SUPPORT = 0.5  # below this share of truth tokens found in the page, the page is skipped
HEADLINE_MAX_DISTANCE = 40  # texts allowed between the headline and the first body text
MAX_DEPTH = 300  # recursion depth of the anchored alignment
SEQUENCE_MATCHER_LIMIT = 400_000  # len(a) * len(b) above which a gap without anchors is left unmatched
PAGEWIDE_DOM_SHARE = 0.4  # a DOM token on more blocks than this (body class "has-ads") says nothing about one block

# Token that callers put in dom_tokens when an <img>/<video> sits in or next to the block.
NEAR_IMAGE_TOKEN = "near-image"

_WORD = re.compile(r"\w+")


def tokenize(text: str) -> list[str]:
    """Lower-cased \\w+ runs: punctuation and quote styles differ between a page and its truth, words do not."""
    return _WORD.findall(text.lower())


# --- cues: every word list used to tell caption / ad / navigation apart lives in this section ------------------------

# Image-only agencies and stock sites: their name on a line is a picture credit.
_IMAGE_AGENCIES = (
    r"getty\s*images?|getty|shutterstock|alamy|istock(?:photo)?|wireimage|unsplash|pexels|pixabay|corbis|imago"
    r"|picture[\s-]alliance|pa\s+(?:images|wire)|ap\s+photo|afp\s+photo|epa[\s-]efe|filmmagic"
)
# Newswires also sign text, so their name is a credit only next to a slash, "via" or a photo word.
_WIRES = r"reuters|afp|ap|epa|dpa|ansa|efe|anp|keystone|bloomberg|xinhua|aap|ddp|anadolu|pti|ani"
_PHOTO_WORDS = r"photo|photographie|photograph|fotografie|picture|image|pic|foto|bild|graphic|illustration|fotografía|фото"
# Credits: unmistakable even in a sidebar, so they may override a corpus's "boilerplate".
_CREDIT_TEXT = re.compile(
    rf"\b(?:{_IMAGE_AGENCIES})\b"
    rf"|(?:/|\bvia\b)\s*(?:{_WIRES})\b|\b(?:{_WIRES})\s*/"
    # "Photo: X", "Photo / Reuters"; not "/site/images/" (a path w3m printed for an <embed>)
    # ("Latest Photo:" with nothing after it is a link label, and so is "Photo/Multimedia Archive")
    rf"|(?<!/)\b(?:{_PHOTO_WORDS})s?\s*(?::\s*\w|/\s*(?:{_WIRES}|{_IMAGE_AGENCIES})\b|\bcredit|\bcourtesy)"
    # "Photo by X" starts a credit; "photographs by renowned artists" inside a sentence does not
    rf"|(?:^|[.|(]\s*)\W*(?:{_PHOTO_WORDS})s?\s+(?:by|von|par)\b"
    rf"|\((?:{_PHOTO_WORDS}|credit|crédit|crédito)s?\s*(?::|/|\bby\b)[^)]*\)\s*$"
    r"|(?:^|[(|])\W*(?:photo\s+|image\s+)?credits?\s*:|\bcourtesy\s+of\b|\bcrédits?\s*:|\bcrédito\s*:|\bbildquelle\b",
    re.IGNORECASE,
)
# Titles of videos and galleries: captions inside an article, but also the wording of links to other stories.
_MEDIA_TITLE_TEXT = re.compile(
    r"^\W*(?:watch|video|listen|gallery|galerie|foto|photos?)\s*[:|–-]\s*\w"  # a title follows: "Video |" is a tab
    r"|\b(?:watch|video|play)\b.*\b\d{1,2}:\d{2}\b",
    re.IGNORECASE,
)
# A copyright footer carries © too, and LABELS.md makes it navigation; so do bylines and cookie notices.
_FOOTER_TEXT = re.compile(
    r"all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|copyright"
    r"|©.*\b(?:19|20)\d\d\b|\(c\)\s*\d{4}|\bcookies?\b|privacy policy",
    re.IGNORECASE,
)
_BYLINE_TEXT = re.compile(r"^\W*(?:by|von|par|por|di|door|posted|published|updated)\b", re.IGNORECASE)

_AD_MARKERS = frozenset(
    "ad ads advertisement advertisements sponsored promoted anzeige werbung publicité publicidad "
    "pubblicità publicidade advertentie reklame reklama реклама".split()
)
_AD_WORDS = frozenset(
    "advertisement advertisements sponsored subscribe subscription subscriptions subscriber subscribers newsletter "
    "newsletters paywall donate donation donations promo abonnieren abonnement abonnez abonner suscríbete suscribirse "
    "suscripción iscriviti abbonati abbonamento abonneer assine assinatura zasubskrybuj подписаться подписка spenden "
    "anzeige werbung publicité publicidad pubblicità taboola outbrain".split()
)
_AD_PHRASES = (
    "sign up", "sign-up", "in your inbox", "download the app", "download our app", "get the app", "free trial",
    "support our journalism", "support independent journalism", "become a member", "unlimited access",
    "already a subscriber", "special offer", "promo code", "paid content", "partner content", "paid post",
    "sponsored content", "faire un don", "jetzt abonnieren",
)
_CAPTION_DOM = frozenset("figcaption caption captions credit credits photocredit imagecredit".split())
_CAPTION_DOM_CONTEXT = frozenset(("figure", "figcaption"))
_AD_DOM = frozenset(
    "ad ads advert adverts advertisement advertising adslot adunit adsbygoogle dfp sponsor sponsored sponsorship "
    "promo promoted newsletter subscribe subscription paywall donate donation taboola outbrain".split()
)


def is_footer(text: str) -> bool:
    return bool(_FOOTER_TEXT.search(text))


def caption_cue(text: str, dom: frozenset[str] = frozenset(), *, strong_only: bool = False) -> bool:
    """Picture credit or caption; strong_only keeps to credits, for blocks a corpus called boilerplate."""
    if not strong_only and (dom & _CAPTION_DOM or dom & _CAPTION_DOM_CONTEXT):
        return True
    if is_footer(text) or _BYLINE_TEXT.match(text):
        return False
    if _CREDIT_TEXT.search(text):
        return True
    # "©" without a year names the holder of a picture ("© Jane Doe"), but without an image nearby it is chrome.
    if not strong_only and "©" in text and (NEAR_IMAGE_TOKEN in dom):
        return True
    return not strong_only and bool(_MEDIA_TITLE_TEXT.search(text))


def ad_marker_line(text: str) -> bool:
    """The whole text is an ad marker: "Advertisement", "[Sponsored]", "Ads by Google"."""
    return len(text) <= 80 and AD_MARKER_LINE.match(text.strip()) is not None


def ad_cue(text: str, dom: frozenset[str] = frozenset()) -> bool:
    if dom & _AD_DOM:
        return True
    low = text.lower()
    if "cookie" in low:
        return False  # "Advertisement cookies are used…" is a cookie notice: navigation
    words = tokenize(low)
    if not words:
        return False
    # "Ad" or "Ads by Google" mark an ad; "ad" inside a sentence is usually Latin or a name.
    if len(words) <= 4 and words[0] in _AD_MARKERS:
        return True
    if _AD_WORDS.intersection(words):
        return True
    return any(p in low for p in _AD_PHRASES)


def cue_label(text: str, dom: frozenset[str] = frozenset()) -> Label:
    """The non-content label a line gets from its own look, when nothing better is known."""
    if caption_cue(text, dom):
        return Label.CAPTION
    if ad_cue(text, dom):
        return Label.AD
    return Label.NAVIGATION


# l3s-gn1's own classes; headline and fulltext are content and handled by the truth alignment.
_L3S_CONTENT = frozenset(("headline", "fulltext"))


def l3s_label(block_label: str, text: str, dom: frozenset[str]) -> Label:
    if block_label in _L3S_CONTENT:
        return Label.CONTENT
    if block_label == "supplemental":
        # The class mixes captions/credits with bylines and datelines; only the first are captions for us.
        if NEAR_IMAGE_TOKEN in dom and not _BYLINE_TEXT.match(text):
            return Label.CAPTION
        return Label.CAPTION if caption_cue(text, dom) else Label.NAVIGATION
    if block_label == "boilerplate":
        if ad_cue(text, dom):
            return Label.AD
        # A credit line in a sidebar teaser is still a credit; only unmistakable ones, since the class is huge.
        return Label.CAPTION if caption_cue(text, strong_only=True) else Label.NAVIGATION
    return Label.NAVIGATION  # related, comments


# --- monotone alignment ----------------------------------------------------------------------------------------------


def _unique_anchors(a: Sequence[int], b: Sequence[int], alo: int, ahi: int, blo: int, bhi: int, k: int):
    """(i, j) of the k-grams that occur exactly once in a[alo:ahi] and once in b[blo:bhi], sorted by i."""

    def grams(seq: Sequence[int], lo: int, hi: int) -> dict:
        seen: dict = {}
        window = seq[lo:hi]
        keys = window if k == 1 else zip(*(window[s:] for s in range(k)))
        for pos, g in enumerate(keys, lo):
            seen[g] = -1 if g in seen else pos
        return seen

    if ahi - alo < k or bhi - blo < k:
        return []
    ga, gb = grams(a, alo, ahi), grams(b, blo, bhi)
    if len(ga) > len(gb):
        return sorted((i, j) for g, j in gb.items() if j >= 0 and (i := ga.get(g, -1)) >= 0)
    return sorted((i, j) for g, i in ga.items() if i >= 0 and (j := gb.get(g, -1)) >= 0)


def _longest_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest subsequence of pairs (sorted by i) increasing in j: the anchors that agree on one order."""
    tails: list[int] = []  # tails[n] = smallest j ending a chain of length n+1
    tail_idx: list[int] = []
    back = [-1] * len(pairs)
    for idx, (_, j) in enumerate(pairs):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(idx)
        else:
            tails[pos] = j
            tail_idx[pos] = idx
        back[idx] = tail_idx[pos - 1] if pos else -1
    chain = []
    idx = tail_idx[-1] if tail_idx else -1
    while idx >= 0:
        chain.append(pairs[idx])
        idx = back[idx]
    return chain[::-1]


def _align(a, b, alo, ahi, blo, bhi, out, left_anchored, right_anchored, depth=0) -> None:
    """Patience-style alignment: unique k-grams as anchors, extended, then the gaps between them recursively."""
    while alo < ahi and blo < bhi and a[alo] == b[blo]:  # common prefix
        out.append((alo, blo, 1))
        alo, blo = alo + 1, blo + 1
        left_anchored = True
    while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:  # common suffix
        out.append((ahi - 1, bhi - 1, 1))
        ahi, bhi = ahi - 1, bhi - 1
        right_anchored = True
    if alo >= ahi or blo >= bhi:
        return
    for k in (4, 2, 1):
        # Past MAX_DEPTH a pathological page (one anchor per level) would hit Python's recursion limit.
        pairs = _unique_anchors(a, b, alo, ahi, blo, bhi, k) if depth < MAX_DEPTH else []
        if pairs:
            break
    else:
        _fallback(a, b, alo, ahi, blo, bhi, out, reverse=right_anchored and not left_anchored)
        return
    blocks: list[list[int]] = []
    for i, j in _longest_chain(pairs):
        if blocks:
            bi, bj, n = blocks[-1]
            if i - j == bi - bj and i <= bi + n:  # same diagonal, overlapping: one longer block
                blocks[-1][2] = max(n, i + k - bi)
                continue
            if i < bi + n or j < bj + n:  # overlaps on another diagonal: drop this anchor
                continue
        blocks.append([i, j, k])
    # Grow each block over equal neighbours, so a copy of the text next to an anchor wins over a distant one.
    for idx, blk in enumerate(blocks):
        i, j, n = blk
        pa, pb = (blocks[idx - 1][0] + blocks[idx - 1][2], blocks[idx - 1][1] + blocks[idx - 1][2]) if idx else (alo, blo)
        na, nb = (blocks[idx + 1][0], blocks[idx + 1][1]) if idx + 1 < len(blocks) else (ahi, bhi)
        while i + n < na and j + n < nb and a[i + n] == b[j + n]:
            n += 1
        while i > pa and j > pb and a[i - 1] == b[j - 1]:
            i, j, n = i - 1, j - 1, n + 1
        blk[:] = (i, j, n)
    pa, pb, left = alo, blo, left_anchored
    for i, j, n in blocks:
        _align(a, b, pa, i, pb, j, out, left, True, depth + 1)
        out.append((i, j, n))
        pa, pb, left = i + n, j + n, True
    _align(a, b, pa, ahi, pb, bhi, out, True, right_anchored, depth + 1)


def _fallback(a, b, alo, ahi, blo, bhi, out, reverse: bool) -> None:
    """A gap with no unique token on both sides (repeated words only): difflib, if small enough to be cheap."""
    if (ahi - alo) * (bhi - blo) > SEQUENCE_MATCHER_LIMIT:
        return
    sa, sb = a[alo:ahi], b[blo:bhi]
    if reverse:
        # difflib prefers the earliest of equal matches; reversed, that is the copy next to the anchor on the right.
        sa, sb = sa[::-1], sb[::-1]
    for i, j, n in SequenceMatcher(None, sa, sb, autojunk=False).get_matching_blocks():
        if n:
            if reverse:
                i, j = len(sa) - i - n, len(sb) - j - n
            out.append((alo + i, blo + j, n))


def monotone_blocks(a: Sequence[int], b: Sequence[int]) -> list[tuple[int, int, int]]:
    """Matching blocks (i, j, n) of a and b, increasing in both i and j, adjacent blocks merged."""
    raw: list[tuple[int, int, int]] = []
    _align(a, b, 0, len(a), 0, len(b), raw, False, False)
    raw.sort()
    merged: list[list[int]] = []
    for i, j, n in raw:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1][2] += n
        else:
            merged.append([i, j, n])
    return [tuple(m) for m in merged]


# --- labelling -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Alignment:
    """Labels of one page and how well its truth was found, for dataset statistics."""

    labels: tuple[Label | None, ...]
    truth_support: float  # share of truth tokens matched in strong runs
    skipped: bool = False
    snippet_misses: int = 0  # wcxb `with` / `without` snippets the alignment got wrong (fixed by override)


class _Page:
    """Token stream of a page's texts with the text index of every token; shared by the alignments of one page."""

    def __init__(self, texts: Sequence[str]):
        self.words = [tokenize(t) for t in texts]
        self.start: list[int] = []
        stream: list[str] = []
        for w in self.words:
            self.start.append(len(stream))
            stream.extend(w)
        self.stream = stream

    def ids(self, vocab: dict[str, int]) -> list[int]:
        return [vocab.setdefault(w, len(vocab)) for w in self.stream]

    def span(self, t: int) -> range:
        return range(self.start[t], self.start[t] + len(self.words[t]))


def _matched_tokens(a: list[int], b: list[int]) -> tuple[list[int], list[int]]:
    """For every token of a: the index of its partner in b or -1, and the length of the matched run it sits in."""
    partner = [-1] * len(a)
    run = [0] * len(a)
    for i, j, n in monotone_blocks(a, b):
        for d in range(n):
            partner[i + d] = j + d
            run[i + d] = n
    return partner, run


def _content_flags(page: _Page, partner: list[int], run: list[int]) -> list[bool | None]:
    """content True/False/None per text from the share of its tokens in matched runs; short texts need neighbours."""
    n_texts = len(page.words)
    flags: list[bool | None] = [False] * n_texts
    short_candidates: list[int] = []
    for t in range(n_texts):
        span = page.span(t)
        if not span:
            continue
        strong = sum(1 for x in span if run[x] >= STRONG_RUN)
        if len(span) <= SHORT_TEXT:
            # Inside a long run the text is part of the article's flow; a run of its own must be vouched for.
            if strong == len(span) and _run_crosses(page, t, partner):
                flags[t] = True
            elif all(run[x] for x in span):
                short_candidates.append(t)
            continue
        cov = strong / len(span)
        flags[t] = True if cov >= CONTENT_COVERAGE else False if cov <= NONCONTENT_COVERAGE else None
    # A sub-heading or a short list item becomes content when the text next to it (skipping empty ones) is content.
    changed = True
    while changed and short_candidates:
        changed = False
        for t in list(short_candidates):
            if _neighbour_is_content(page, flags, t):
                flags[t] = True
                short_candidates.remove(t)
                changed = True
    return flags


def _run_crosses(page: _Page, t: int, partner: list[int]) -> bool:
    """True when the matched run that covers text t reaches into the text before or after it."""
    span = page.span(t)
    first, last = span[0], span[-1]
    return (first > 0 and partner[first - 1] >= 0 and partner[first] == partner[first - 1] + 1) or (
        last + 1 < len(partner) and partner[last] >= 0 and partner[last + 1] == partner[last] + 1
    )


def _neighbour_is_content(page: _Page, flags: list[bool | None], t: int) -> bool:
    for step in (-1, 1):
        u = t + step
        while 0 <= u < len(flags) and not page.words[u]:
            u += step
        if 0 <= u < len(flags) and flags[u] is True:
            return True
    return False


def _headline_matches(words: list[str], head: list[str]) -> bool:
    if not words or not head:
        return False
    if words == head:
        return True
    w, h = f" {' '.join(words)} ", f" {' '.join(head)} "
    if h in w:  # "Headline | Site name"
        return len(words) <= len(head) + max(3, len(head) // 3)
    if w in h:  # meta title "Headline - Site name" while the page shows the bare headline
        return len(words) >= 3 and len(words) >= 0.6 * len(head)
    return False


def _headline_index(page: _Page, flags: list[bool | None], headline: str | None) -> int | None:
    """The text that is the article's headline: the copy nearest before the body (breadcrumbs and lists come first)."""
    head = tokenize(headline or "")
    if not head:
        return None
    first = next((t for t, f in enumerate(flags) if f is True), None)
    candidates = [t for t, w in enumerate(page.words) if _headline_matches(w, head)]
    if not candidates:
        return None
    if first is None:
        return candidates[0]
    before = [t for t in candidates if t <= first and first - t <= HEADLINE_MAX_DISTANCE]
    if before:
        return before[-1]
    last = max(t for t, f in enumerate(flags) if f is True)
    inside = [t for t in candidates if first < t <= last]
    return inside[0] if inside else None


def _pagewide_tokens(dom: list[frozenset[str]]) -> frozenset[str]:
    counts = Counter(tok for toks in dom for tok in toks)
    limit = PAGEWIDE_DOM_SHARE * len(dom)
    return frozenset(tok for tok, c in counts.items() if c > limit and tok != NEAR_IMAGE_TOKEN)


def _block_label_per_text(page: _Page, vocab: dict[str, int], a: list[int], block_labels: list[dict]) -> list[str | None]:
    """The corpus label covering most of each text's tokens, by aligning the labelled blocks' text to the page."""
    b: list[int] = []
    owner: list[str] = []
    for blk in block_labels:
        toks = tokenize(str(blk.get("text", "")))
        b.extend(vocab.setdefault(w, len(vocab)) for w in toks)
        owner.extend([str(blk.get("label", ""))] * len(toks))
    partner, _ = _matched_tokens(a, b)
    out: list[str | None] = []
    for t in range(len(page.words)):
        span = page.span(t)
        votes = Counter(owner[partner[x]] for x in span if partner[x] >= 0)
        if not span or sum(votes.values()) < 0.5 * len(span):
            out.append(None)
        else:
            out.append(votes.most_common(1)[0][0])
    return out


def _find_snippet(page: _Page, snippet: str) -> list[set[int]]:
    """Texts covered by each occurrence of the snippet's token sequence in the page."""
    toks = tokenize(snippet)
    if not toks:
        return []
    stream, n = page.stream, len(toks)
    text_of = [t for t, w in enumerate(page.words) for _ in w]
    hits = []
    first = toks[0]
    for i, w in enumerate(stream):
        if w == first and stream[i : i + n] == toks:
            hits.append({text_of[x] for x in range(i, i + n)})
    return hits


def _apply_snippets(page: _Page, labels: list[Label | None], texts: Sequence[str], dom: list[frozenset[str]], meta: dict) -> int:
    """wcxb's must-have / must-not snippets: count where the alignment disagrees and let the snippets win."""
    misses = 0
    for snippet in meta.get("with") or ():
        hits = _find_snippet(page, snippet)
        if not hits or any(all(labels[t] is Label.CONTENT for t in hit) for hit in hits):
            continue
        misses += 1
        hit = max(hits, key=lambda h: sum(labels[t] is Label.CONTENT for t in h))
        n_snip = len(tokenize(snippet))
        for t in hit:
            if labels[t] is None or n_snip >= 0.5 * len(page.words[t]):
                labels[t] = Label.CONTENT
    for snippet in meta.get("without") or ():
        n_snip = len(tokenize(snippet))
        for hit in _find_snippet(page, snippet):
            for t in hit:
                if labels[t] is not Label.CONTENT:
                    continue
                misses += 1
                # Only a text that mostly is the snippet is boilerplate; a long paragraph quoting it is unsure.
                labels[t] = cue_label(texts[t], dom[t]) if n_snip >= 0.6 * len(page.words[t]) else None
    return misses


def align_detailed(
    texts: Sequence[str],
    truth: str,
    *,
    block_labels: list[dict] | None = None,
    meta: dict | None = None,
    dom_tokens: Sequence[Sequence[str]] | None = None,
) -> Alignment:
    meta = meta or {}
    page = _Page(texts)
    vocab: dict[str, int] = {}
    a = page.ids(vocab)
    truth_words = tokenize(truth)
    b = [vocab.setdefault(w, len(vocab)) for w in truth_words]
    if not a or not b:
        return Alignment(labels=(None,) * len(texts), truth_support=0.0, skipped=True)
    partner, run = _matched_tokens(a, b)
    support = sum(1 for x in range(len(a)) if partner[x] >= 0 and run[x] >= STRONG_RUN) / len(b)
    if support < MIN_TRUTH_SUPPORT:
        # The truth was not found in this rendering (broken HTML, a renderer that drops the article): no labels
        # beat wrong ones.
        return Alignment(labels=(None,) * len(texts), truth_support=support, skipped=True)

    raw_dom = [frozenset(str(x).lower() for x in toks) for toks in (dom_tokens or [()] * len(texts))]
    pagewide = _pagewide_tokens(raw_dom) if dom_tokens else frozenset()
    dom = [d - pagewide for d in raw_dom]

    flags = _content_flags(page, partner, run)
    corpus_labels = _block_label_per_text(page, vocab, a, block_labels) if block_labels else None
    head = _headline_index(page, flags, meta.get("headline") or meta.get("title"))

    labels: list[Label | None] = []
    for t, text in enumerate(texts):
        flag = flags[t]
        own = corpus_labels[t] if corpus_labels else None
        if ad_marker_line(text):
            # LABELS.md: an "Advertisement" marker is an ad, also where a truth kept the word or a corpus label
            # covered it with the article or a menu beside it.
            labels.append(Label.AD)
        elif t == head or flag is True:
            labels.append(Label.CONTENT)
        elif flag is None:
            labels.append(None)
        elif not page.words[t]:
            # Rules and bullets without words: separators inside the article are ambiguous, outside they are chrome.
            labels.append(None if _neighbour_is_content(page, flags, t) else Label.NAVIGATION)
        elif own == "headline":
            labels.append(Label.CONTENT)
        elif own == "fulltext":
            labels.append(None)  # the annotators say body, the truth alignment says not: unsure
        elif own is not None:
            labels.append(l3s_label(own, text, dom[t]))
        else:
            labels.append(cue_label(text, dom[t]))
    misses = _apply_snippets(page, labels, texts, dom, meta) if (meta.get("with") or meta.get("without")) else 0
    return Alignment(labels=tuple(labels), truth_support=support, snippet_misses=misses)


def align_labels(
    texts: Sequence[str],
    truth: str,
    *,
    block_labels: list[dict] | None = None,
    meta: dict | None = None,
    dom_tokens: Sequence[Sequence[str]] | None = None,
) -> list[Label | None]:
    """One label per text (a dump line or an HTML block's text, in document order); None = leave out of training."""
    return list(align_detailed(texts, truth, block_labels=block_labels, meta=meta, dom_tokens=dom_tokens).labels)
