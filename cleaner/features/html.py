"""DOM features of HTML blocks: what the element is, where it sits, and what its class/id/role names say.

One row per block, float32. Flags are gathered as (row, column) pairs and set in one numpy assignment; the numeric
columns are built from per-block lists, so the Python work per block is a few dict look-ups."""
from __future__ import annotations

import re

import numpy as np

from ..types import Block, DomContext, Segmented

FEATURE_SCHEMA_VERSION = "dom-1"

TAG_VOCAB: tuple[str, ...] = (
    "p", "div", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "figcaption", "caption",
    "dt", "dd", "button", "section", "article", "header", "footer", "nav", "aside", "summary", "legend", "address",
    "form", "figure", "body",
)
KIND_VOCAB: tuple[str, ...] = ("p", "heading", "li", "td", "th", "blockquote", "pre", "figcaption", "caption", "dt", "dd")
LANDMARK_FLAGS: tuple[str, ...] = (
    "article", "main", "section", "aside", "nav", "header", "footer", "figure", "form", "table", "list", "blockquote",
    "details", "dialog", "dl", "address",
)
_LANDMARK_COLUMN = {"ul": "list", "ol": "list", "menu": "list"}
# Ancestors that are not landmarks but still say a lot: a block inside a link is a teaser headline.
ANCESTOR_TAG_FLAGS: tuple[str, ...] = ("a", "button", "label", "li", "td", "span", "p")

# Word pieces of class / id / role / itemprop, grouped by what they announce.
CUE_GROUPS: tuple[tuple[str, frozenset[str]], ...] = (
    ("nav", frozenset({"nav", "navigation", "navbar", "menu", "menus", "submenu", "dropdown", "megamenu", "sitenav",
                       "skip", "jump", "toc"})),
    ("footer", frozenset({"footer", "foot", "copyright", "colophon", "legal", "imprint", "bottom"})),
    ("header", frozenset({"header", "masthead", "topbar", "banner", "top", "brand", "logo"})),
    ("sidebar", frozenset({"sidebar", "side", "rail", "aside", "secondary", "column", "col"})),
    ("widget", frozenset({"widget", "widgets", "module", "modal", "popup", "overlay", "sticky", "toolbar", "tools"})),
    ("related", frozenset({"related", "recirc", "recirculation", "more", "trending", "popular", "most", "read", "next",
                           "teaser", "teasers", "card", "cards", "tile", "tiles", "feed", "latest", "headlines",
                           "list", "listing", "stream", "river", "slider", "carousel"})),
    ("recommend", frozenset({"recommend", "recommended", "recommendation", "recommendations", "outbrain", "taboola",
                             "suggested", "suggestions", "zergnet", "revcontent"})),
    ("promo", frozenset({"promo", "promotion", "promoted", "cta", "offer", "deal", "deals", "commerce", "affiliate",
                         "shop", "product"})),
    ("ad", frozenset({"ad", "ads", "advert", "adverts", "advertisement", "advertising", "adslot", "adunit",
                      "adsbygoogle", "dfp", "gpt", "googletag", "doubleclick", "banner", "mpu", "leaderboard",
                      "billboard", "skyscraper", "preroll", "commercial"})),
    ("sponsor", frozenset({"sponsor", "sponsored", "sponsors", "partner", "partners", "paid", "native", "branded"})),
    ("newsletter", frozenset({"newsletter", "newsletters", "signup", "optin", "email", "inbox", "mailchimp"})),
    ("subscribe", frozenset({"subscribe", "subscription", "subscriber", "paywall", "premium", "membership", "member",
                             "donate", "donation", "register", "registration", "piano", "meter", "gate"})),
    ("share", frozenset({"share", "sharing", "sharebar", "shares", "print", "whatsapp", "pinterest", "linkedin",
                         "reddit", "messenger", "mail"})),
    ("social", frozenset({"social", "facebook", "twitter", "instagram", "youtube", "tiktok", "follow", "fb", "tw"})),
    ("comment", frozenset({"comment", "comments", "disqus", "discussion", "reply", "replies", "respond",
                           "conversation", "coral", "viafoura", "reactions"})),
    ("caption", frozenset({"caption", "captions", "figcaption", "legend", "cutline", "description"})),
    ("credit", frozenset({"credit", "credits", "courtesy", "attribution", "source", "copyright", "photographer"})),
    ("media", frozenset({"photo", "photos", "image", "images", "img", "picture", "pic", "video", "videos", "gallery",
                         "media", "figure", "player", "slideshow", "thumbnail", "thumb", "embed", "lightbox"})),
    ("byline", frozenset({"byline", "author", "authors", "writer", "contributor", "contributors", "by", "reporter",
                          "bio", "avatar", "profile"})),
    ("date", frozenset({"date", "time", "timestamp", "published", "updated", "modified", "dateline", "pubdate",
                        "datetime", "ago"})),
    ("tags", frozenset({"tag", "tags", "topic", "topics", "keywords", "keyword", "categories", "category", "labels",
                        "taxonomy"})),
    ("breadcrumb", frozenset({"breadcrumb", "breadcrumbs", "crumb", "crumbs", "trail"})),
    ("cookie", frozenset({"cookie", "cookies", "consent", "gdpr", "privacy", "cmp", "onetrust", "didomi", "ccpa"})),
    ("content", frozenset({"content", "article", "body", "story", "post", "entry", "text", "main", "prose", "rich",
                           "richtext", "copy", "paragraph", "paragraphs", "blog", "news", "detail", "single"})),
    ("title", frozenset({"title", "headline", "heading", "hed", "headings", "h1"})),
    ("dek", frozenset({"summary", "dek", "standfirst", "intro", "lede", "lead", "subtitle", "subheadline",
                       "excerpt", "deck", "strapline", "kicker", "subhead"})),
    ("hidden", frozenset({"hidden", "hide", "sr", "visually", "offscreen", "invisible", "collapse", "collapsed",
                          "screen", "reader", "accessible"})),
    ("search", frozenset({"search", "searchbox", "query"})),
    ("account", frozenset({"login", "signin", "account", "user", "logout", "auth"})),
    ("pagination", frozenset({"pagination", "pager", "paging", "page", "pages", "prev", "previous"})),
    ("quote", frozenset({"quote", "pullquote", "blockquote", "tweet", "instagram"})),
)
# Compound names with no separator ("relatedarticles", "socialshare") hide their cue inside one word piece.
_ROOT_CUES: tuple[tuple[str, str], ...] = (
    ("related", "related"), ("share", "share"), ("social", "social"), ("comment", "comment"), ("sidebar", "sidebar"),
    ("footer", "footer"), ("header", "header"), ("newsletter", "newsletter"), ("subscri", "subscribe"),
    ("sponsor", "sponsor"), ("advert", "ad"), ("promo", "promo"), ("breadcrumb", "breadcrumb"), ("cookie", "cookie"),
    ("byline", "byline"), ("author", "byline"), ("caption", "caption"), ("credit", "credit"), ("widget", "widget"),
    ("recommend", "recommend"), ("trending", "related"), ("popular", "related"), ("navbar", "nav"), ("menu", "nav"),
    ("teaser", "related"), ("paywall", "subscribe"), ("article", "content"), ("headline", "title"),
    ("gallery", "media"), ("video", "media"), ("timestamp", "date"), ("consent", "cookie"),
)
_ROOT_PATTERN = re.compile("|".join(root for root, _ in _ROOT_CUES))
_ROOT_GROUP = dict(_ROOT_CUES)
ITEMPROP_FLAGS: tuple[tuple[str, frozenset[str]], ...] = (
    ("articlebody", frozenset({"articlebody", "text", "articletext"})),
    ("headline", frozenset({"headline", "name", "alternativeheadline"})),
    ("author", frozenset({"author", "creator", "contributor"})),
    ("date", frozenset({"datepublished", "datemodified", "datecreated", "uploaddate"})),
    ("caption", frozenset({"caption", "description", "copyrightholder", "credittext"})),
)

_GROUP_NAMES = tuple(name for name, _ in CUE_GROUPS)
_NUMERIC_COLUMNS: tuple[str, ...] = (
    "link_density", "all_link", "log_links", "container_link_density", "log_container_chars", "depth_rel_max",
    "depth_rel_median", "log_siblings", "near_image", "in_jsonld_body", "jsonld_full", "has_jsonld", "position",
    "chars_position", "heading_level", "list_level", "data_table", "matches_headline", "matches_title",
    "matches_author", "own_no_tokens",
)
COLUMNS: tuple[str, ...] = (
    tuple(f"tag_{t}" for t in TAG_VOCAB)
    + ("tag_custom", "tag_other")
    + tuple(f"kind_{k}" for k in KIND_VOCAB)
    + tuple(f"in_{name}" for name in LANDMARK_FLAGS)
    + tuple(f"under_{t}" for t in ANCESTOR_TAG_FLAGS)
    + tuple(f"own_{name}" for name in _GROUP_NAMES)
    + tuple(f"ctx_{name}" for name in _GROUP_NAMES)
    + tuple(f"itemprop_{name}" for name, _ in ITEMPROP_FLAGS)
    + _NUMERIC_COLUMNS
)
_INDEX = {name: i for i, name in enumerate(COLUMNS)}
_TAG_COLUMN = {t: _INDEX[f"tag_{t}"] for t in TAG_VOCAB}
_KIND_COLUMN = {k: _INDEX[f"kind_{k}"] for k in KIND_VOCAB}
_LANDMARK_INDEX = {
    **{name: _INDEX[f"in_{name}"] for name in LANDMARK_FLAGS},
    **{tag: _INDEX[f"in_{col}"] for tag, col in _LANDMARK_COLUMN.items()},
}
_ANCESTOR_INDEX = {t: _INDEX[f"under_{t}"] for t in ANCESTOR_TAG_FLAGS}
_OWN_OFFSET = _INDEX[f"own_{_GROUP_NAMES[0]}"]
_CTX_OFFSET = _INDEX[f"ctx_{_GROUP_NAMES[0]}"]
_GROUP_POSITION = {name: i for i, name in enumerate(_GROUP_NAMES)}


def _token_groups() -> dict[str, tuple[int, ...]]:
    groups: dict[str, tuple[int, ...]] = {}
    for name, words in CUE_GROUPS:
        for word in words:
            groups[word] = groups.get(word, ()) + (_GROUP_POSITION[name],)
    return groups


_TOKEN_GROUPS = _token_groups()  # read-only after import
_ITEMPROP_INDEX = {
    word.lower(): _INDEX[f"itemprop_{name}"] for name, words in ITEMPROP_FLAGS for word in words
}
_NUM0 = _INDEX[_NUMERIC_COLUMNS[0]]


def dom_features(seg: Segmented, token_groups: dict[str, tuple[int, ...]] | None = None) -> tuple[np.ndarray, tuple[str, ...]]:
    """token_groups: class/id word -> cue groups, as _groups_of gives them; read and added to (see page_features)."""
    if token_groups is None:
        token_groups = {}
    blocks = seg.blocks
    n = len(blocks)
    matrix = np.zeros((n, len(COLUMNS)), dtype=np.float32)
    if n == 0:
        return matrix, COLUMNS
    doms = [b.dom or DomContext(tag="p") for b in blocks]
    if _fill_flag_columns is not None:  # the same flags, compiled (features/_dom.pyx)
        _fill_flag_columns(blocks, doms, matrix, token_groups)
        _fill_numeric(seg, blocks, doms, matrix)
        return matrix, COLUMNS
    # Blocks under one parent share their context tuples, so each distinct tuple's columns are worked out once.
    context_columns: tuple[dict[tuple[str, ...], tuple[int, ...]], ...] = ({}, {}, {}, {})
    rows: list[int] = []
    cols: list[int] = []
    for i, (block, dom) in enumerate(zip(blocks, doms)):
        flags = _flag_columns(block, dom, token_groups, context_columns)
        rows.extend([i] * len(flags))
        cols.extend(flags)
    matrix[rows, cols] = 1.0
    _fill_numeric(seg, blocks, doms, matrix)
    return matrix, COLUMNS


def _flag_columns(
    block: Block,
    dom: DomContext,
    token_groups: dict[str, tuple[int, ...]],
    context_columns: tuple[dict[tuple[str, ...], tuple[int, ...]], ...],
) -> set[int]:
    tag = dom.tag
    flags = {_TAG_COLUMN.get(tag, _INDEX["tag_custom"] if "-" in tag else _INDEX["tag_other"])}
    kind_column = _KIND_COLUMN.get(block.kind)
    if kind_column is not None:
        flags.add(kind_column)
    landmarks_seen, ancestors_seen, own_seen, context_seen = context_columns
    columns = landmarks_seen.get(dom.landmarks)
    if columns is None:
        columns = landmarks_seen[dom.landmarks] = _columns_of(dom.landmarks, _LANDMARK_INDEX)
    flags.update(columns)
    columns = ancestors_seen.get(dom.ancestors)
    if columns is None:
        columns = ancestors_seen[dom.ancestors] = _columns_of(dom.ancestors, _ANCESTOR_INDEX)
    flags.update(columns)
    columns = own_seen.get(dom.own_tokens)
    if columns is None:
        columns = own_seen[dom.own_tokens] = _cue_columns(dom.own_tokens, _OWN_OFFSET, token_groups)
    flags.update(columns)
    columns = context_seen.get(dom.tokens)
    if columns is None:
        columns = context_seen[dom.tokens] = _cue_columns(dom.tokens, _CTX_OFFSET, token_groups)
    flags.update(columns)
    if dom.itemprop:
        for prop in dom.itemprop.lower().split():
            column = _ITEMPROP_INDEX.get(prop)
            if column is not None:
                flags.add(column)
    return flags


def _columns_of(names: tuple[str, ...], index: dict[str, int]) -> tuple[int, ...]:
    return tuple({index[name] for name in names if name in index})


def _cue_columns(tokens: tuple[str, ...], offset: int, token_groups: dict[str, tuple[int, ...]]) -> tuple[int, ...]:
    found = list(map(token_groups.get, tokens))
    if None in found:
        for token in tokens:
            if token not in token_groups:
                token_groups[token] = _groups_of(token)
        found = list(map(token_groups.get, tokens))
    return tuple({offset + group for groups in found if groups for group in groups})


def _groups_of(token: str) -> tuple[int, ...]:
    groups = _TOKEN_GROUPS.get(token, ())
    if len(token) > 5:
        extra = {_GROUP_POSITION[_ROOT_GROUP[m]] for m in _ROOT_PATTERN.findall(token)}
        groups = tuple(sorted(extra.union(groups)))
    return groups


_PER_BLOCK_INPUTS: tuple[str, ...] = (
    "chars", "link_chars", "container_chars", "container_link_chars", "depth", "in_jsonld_body", "n_links",
    "n_siblings", "near_image", "heading_level", "list_level", "data_table", "own_no_tokens",
)


def _per_block_inputs(blocks: tuple[Block, ...], doms: list[DomContext]) -> np.ndarray:
    """One float32 row per _PER_BLOCK_INPUTS name, one column per block."""
    if _fill_per_block_inputs is not None:  # the same values in one compiled pass (features/_dom.pyx)
        out = np.empty((len(_PER_BLOCK_INPUTS), len(blocks)), dtype=np.float32)
        _fill_per_block_inputs(blocks, doms, out)
        return out
    return np.array(
        [
            [max(len(b.text), 1) for b in blocks],
            [d.link_chars for d in doms],
            [d.container_chars for d in doms],
            [d.container_link_chars for d in doms],
            [d.depth for d in doms],
            [d.in_jsonld_body for d in doms],
            [d.n_links for d in doms],
            [d.n_siblings for d in doms],
            [d.near_image for d in doms],
            [(7 - b.level) / 6.0 if b.kind == "heading" else 0.0 for b in blocks],
            [min(b.level, 5) / 5.0 if b.kind == "li" else 0.0 for b in blocks],
            [d.row >= 0 for d in doms],
            [not d.own_tokens for d in doms],
        ],
        dtype=np.float32,
    )


# The rows of _PER_BLOCK_INPUTS whose log1p numpy takes for the compiled numeric columns, in the order it wants them.
_LOG_ROWS = [_PER_BLOCK_INPUTS.index(name) for name in ("n_links", "container_chars", "n_siblings")]
_MATCH_COLUMNS = tuple(_INDEX[name] for name in ("matches_headline", "matches_title", "matches_author"))


def _fill_numeric(seg: Segmented, blocks: tuple[Block, ...], doms: list[DomContext], matrix: np.ndarray) -> None:
    """matrix[:, _NUM0:] = _numeric_columns(...). Compiled, one pass instead of some thirty numpy calls on short
    vectors, which cost a page a fixed 50-70 µs whatever its size; numpy still takes the logarithms and the sum
    chars_position divides by, so every value is the same to the last bit."""
    if _fill_numeric_columns is None or _fill_per_block_inputs is None:
        matrix[:, _NUM0:] = _numeric_columns(seg, blocks, doms)
        return
    inputs = _per_block_inputs(blocks, doms)
    meta = seg.metadata
    _fill_numeric_columns(inputs, np.log1p(inputs[_LOG_ROWS]), 1.0 if meta.jsonld_body else 0.0,
                          float(inputs[0].sum()), matrix, _NUM0)
    if _fill_match_columns is not None:
        _fill_match_columns(blocks, _norm(meta.headline), _norm(meta.title), _norm(meta.author), matrix, *_MATCH_COLUMNS)
        return
    for column, values in zip(_MATCH_COLUMNS, _metadata_matches(blocks, meta)):
        matrix[:, column] = values


def _numeric_columns(seg: Segmented, blocks: tuple[Block, ...], doms: list[DomContext]) -> np.ndarray:
    n = len(blocks)
    (
        lengths, link_chars, container_chars, container_links, depth, in_body, n_links, n_siblings, near_image,
        heading_level, list_level, data_table, own_no_tokens,
    ) = _per_block_inputs(blocks, doms)
    has_jsonld = 1.0 if seg.metadata.jsonld_body else 0.0

    link_density = np.minimum(link_chars / lengths, 1.0)
    cumulative = np.cumsum(lengths) - lengths
    meta = seg.metadata
    matches_headline, matches_title, matches_author = _metadata_matches(blocks, meta)

    columns = {
        "link_density": link_density,
        "all_link": (link_density > 0.9).astype(np.float32),
        "log_links": np.log1p(n_links),
        "container_link_density": np.minimum(container_links / np.maximum(container_chars, 1.0), 1.0),
        "log_container_chars": np.log1p(container_chars) / 10.0,
        "depth_rel_max": depth / max(float(depth.max()), 1.0),
        "depth_rel_median": (depth - float(np.median(depth))) / 10.0,
        "log_siblings": np.log1p(n_siblings) / 5.0,
        "near_image": near_image,
        "in_jsonld_body": np.maximum(in_body, 0.0),
        "jsonld_full": (in_body >= 0.95).astype(np.float32),
        "has_jsonld": np.full(n, has_jsonld, dtype=np.float32),
        "position": np.arange(n, dtype=np.float32) / max(n - 1, 1),
        "chars_position": cumulative / max(float(lengths.sum()), 1.0),
        "heading_level": heading_level,
        "list_level": list_level,
        "data_table": data_table,
        "matches_headline": matches_headline,
        "matches_title": matches_title,
        "matches_author": matches_author,
        "own_no_tokens": own_no_tokens,
    }
    return np.stack([columns[name] for name in _NUMERIC_COLUMNS], axis=1)


def _norm(text: str | None) -> str:
    return " ".join(text.lower().split()) if text else ""


def _metadata_matches(blocks: tuple[Block, ...], meta) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The matches_headline, matches_title and matches_author columns."""
    return (
        _matches(blocks, _norm(meta.headline)),
        _matches(blocks, _norm(meta.title), contained=True),
        _mentions(blocks, _norm(meta.author)),
    )


def _matches(blocks: tuple[Block, ...], target: str, contained: bool = False) -> np.ndarray:
    """1 where the block is the target text; with contained, also where the target (a <title> with a site suffix)
    starts with the block."""
    out = np.zeros(len(blocks), dtype=np.float32)
    if not target:
        return out
    # Either test needs the lower-cased block no longer than the target, and lower-casing never shortens a text.
    longest = len(target)
    for i, block in enumerate(blocks):
        if len(block.text) > longest:
            continue
        low = block.text.lower()
        if low == target or (contained and len(low) >= 15 and target.startswith(low)):
            out[i] = 1.0
    return out


def _mentions(blocks: tuple[Block, ...], name: str) -> np.ndarray:
    """1 where a short block names the author: a byline."""
    out = np.zeros(len(blocks), dtype=np.float32)
    if not name:
        return out
    first = name.split(",")[0].strip()
    longest = len(first) + 60
    for i, block in enumerate(blocks):
        if len(block.text) <= longest and first in block.text.lower():
            out[i] = 1.0
    return out


try:  # after the tables above, which the compiled loops read
    from ._dom import fill_flag_columns as _fill_flag_columns
    from ._dom import fill_numeric_columns as _fill_numeric_columns
    from ._dom import fill_match_columns as _fill_match_columns
    from ._dom import fill_per_block_inputs as _fill_per_block_inputs
except ImportError:
    _fill_flag_columns = _fill_numeric_columns = _fill_per_block_inputs = _fill_match_columns = None
