"""HTML segmentation: one block per run of text owned by a block-level element, in document order.

Inline text (and inline elements such as <a>, <span>, <em>) joins the run of its nearest block-level ancestor; a
block-level child ends that run and starts its own, and <br> ends a line. The walk is one iterative pass over the
lexbor tree with an explicit stack, so nesting depth costs memory, never Python recursion. Facts that are only
known once an element closes (its sibling count, whether an image sits next to it, whether its table is a layout
table) are kept in per-element records and settled after the walk, when the frozen Blocks are built.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..decode import NUL_REMOVED
from ..metadata import extract_metadata
from ..options import DEFAULT_OPTIONS, Options
from ..types import Block, DomContext, Metadata, Segmented

# Never rendered as text, or rendered as form chrome that would swamp the page (country pickers, comment boxes).
# <button> is deliberately absent: its text is usually chrome ("Share", "Load more"), but accordion and FAQ
# sections put real questions in buttons, so it stays as its own block and the model decides.
SKIP_TAGS = frozenset(
    {
        "head", "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas", "select",
        "option", "optgroup", "datalist", "input", "textarea", "audio", "video", "map", "area", "source", "track",
        "link", "meta", "title", "base", "param", "slot",
        # MathML flattens into a run of symbols with no reading order ("∇ × B → − 1 c ∂ E →"): noise in the text.
        "math",
    }
)
MEDIA_TAGS = frozenset({"img", "picture", "video", "figure", "audio", "iframe", "embed", "object", "amp-img"})
BLOCK_TAGS = frozenset(
    {
        "html", "body", "address", "article", "aside", "blockquote", "button", "caption", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "main", "menu", "nav", "ol", "p", "pre",
        "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "td", "th", "ul", "search",
    }
)
HEADING_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
LIST_TAGS = frozenset({"ul", "ol", "menu", "dir"})
# Block kinds that an ordinary paragraph inside them takes on, so the renderer keeps quotes, captions and list
# items together when a site wraps their text in <p>.
WRAPPER_KINDS = frozenset({"blockquote", "pre", "figcaption", "caption", "dt", "dd", "li", "td", "th"})
OWN_KINDS = frozenset({"blockquote", "pre", "figcaption", "caption", "dt", "dd", "td", "th"})
LANDMARK_TAGS = frozenset(
    {
        "article", "main", "section", "aside", "nav", "header", "footer", "figure", "form", "table", "ul", "ol",
        "blockquote", "details", "dialog", "dl", "menu", "address",
    }
)
# ARIA roles that mean the same as a landmark tag; many templates use <div role="navigation"> instead of <nav>.
ROLE_LANDMARKS = {
    "navigation": "nav", "menu": "nav", "menubar": "nav", "banner": "header", "contentinfo": "footer",
    "complementary": "aside", "main": "main", "article": "article", "search": "form", "dialog": "dialog",
    "alertdialog": "dialog", "figure": "figure", "table": "table", "grid": "table", "list": "ul",
}
# Wrappers that pages hide only until a script runs (or until a modal closes); aria-hidden on them would
# hide the whole article, which no reader sees.
_ARIA_HIDDEN_IMMUNE = frozenset({"html", "body", "main", "article"})
_REVEALABLE_ROLES = frozenset({"region", "tabpanel"})
TOKEN_ATTRS = ("class", "id", "role", "itemprop")
MAX_ANCESTORS = 12
MAX_TOKENS = 64  # per block: the nearest ancestors' tokens win when a deep page has more
CONTAINER_LEVELS = 4  # ancestors recorded per block for container rules
LAYOUT_CELL_CHARS = 300  # a table cell with more text than this is page layout, not data
SOFT_BREAK = "\x00"  # lexbor turns NUL into U+FFFD, so this marker cannot come from the page

_TOKEN = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_SOFT_BREAK_BETWEEN_WORDS = re.compile(r"(?<=\w)\x00+(?=\w)")
_WORD = re.compile(r"\w+")


class _Scope(NamedTuple):
    """What an element hands down to its descendants."""

    tokens: tuple[str, ...] = ()
    landmarks: tuple[str, ...] = ()
    list_level: int = 0
    row: int = -1
    table: int = -1  # element number of the nearest <table>
    wrapper: str = ""  # nearest WRAPPER_KINDS ancestor's kind
    wrapper_level: int = 0
    link: int = -1  # element number of the nearest <a>
    pre: bool = False


# An element's record is a plain list, indexed by these positions: the walk creates one per element, and a list
# literal is several times cheaper to build than an object. Totals are filled in as descendants close.
PARENT, N_CHILDREN, HAS_MEDIA, CHARS, LINK_CHARS, PREV, NEXT, LAST_CHILD, TAG, NUMBER = range(10)


class _Owner(NamedTuple):
    """A block-level element whose runs of text become blocks."""

    record: list
    tag: str
    kind: str
    level: int
    ancestors: tuple[str, ...]
    tokens: tuple[str, ...]
    own_tokens: tuple[str, ...]
    itemprop: str
    depth: int
    row: int
    table: int
    landmarks: tuple[str, ...]
    pre: bool


class _Run(NamedTuple):
    owner: _Owner
    text: str
    link_chars: int
    n_links: int
    inline_tokens: tuple[str, ...]
    continues_line: bool  # follows a single <br> inside the same element


class _Walk(NamedTuple):
    runs: list[_Run]
    layout_tables: set[int]
    visible_chars: int
    hidden_chars: int
    truncated: bool
    # Every element's record. Records link parent and child both ways, so once the blocks are built the caller
    # clears them (release_records): refcounting then frees a page's records at once, instead of leaving a cycle
    # per element for the garbage collector to find. The compiled walk keeps them out of the collector's sight
    # altogether (a page's thousands of records made it run several times a page, each time going over them all),
    # so for its records release_records is what frees them.
    records: list


def release_records(walk: _Walk) -> None:
    if _COMPILED_CLEAR_RECORDS is not None:
        _COMPILED_CLEAR_RECORDS(walk.records)
        return
    for record in walk.records:
        record.clear()


def segment_html(html: str, options: Options = DEFAULT_OPTIONS, *, utf8: bytes | None = None) -> Segmented:
    """utf8: the page as UTF-8 bytes, exactly html.encode("utf-8"), when the caller has them (it decoded them):
    lexbor parses UTF-8, so they spare encoding the page again."""
    if not isinstance(html, str):
        raise ValueError(f"segment_html needs the page as str, got {type(html).__name__}; decode bytes first")
    warnings: list[str] = []
    if len(html) > options.max_bytes:
        html = html[: options.max_bytes]
        utf8 = None
        warnings.append(f"page cut to its first {options.max_bytes} characters")
    tree = _parse(html, options, warnings, utf8)
    repaired = _close_runaway_title(tree, html)
    if repaired is not None:
        tree = _parse(repaired, options, warnings)
        warnings.append("unclosed <title> swallowed the page; closed it after its first line")
    metadata = extract_metadata(tree, _COMPILED_PAGE_NODES)
    walker = _COMPILED_WALK or _walk
    walk = walker(tree, options, honour_hidden=True)
    if walk.visible_chars * 5 < walk.hidden_chars and walk.hidden_chars > 500:
        # Nearly everything sits under a hidden wrapper that a script would reveal: show it rather than nothing.
        release_records(walk)
        walk = walker(tree, options, honour_hidden=False)
        warnings.append("most of the page is hidden by markup (display:none / hidden / aria-hidden); kept it")
    if walk.truncated:
        warnings.append(f"only the first {options.max_blocks} blocks were segmented")
    try:
        blocks = (_COMPILED_BUILD_BLOCKS or _build_blocks)(walk, metadata)
    finally:
        release_records(walk)
    return Segmented(kind="html", blocks=blocks, metadata=metadata, warnings=tuple(warnings))


def html_to_text(html: str) -> str:
    """A plain-text rendering of the page built from the same blocks, laid out like a browser's innerText."""
    return blocks_to_text(segment_html(html).blocks)


def blocks_to_text(blocks: tuple[Block, ...]) -> str:
    lines: list[str] = []
    prev: Block | None = None
    for block in blocks:
        text = block.text
        if block.kind == "li":
            text = "  " * max(block.level - 1, 0) + "  • " + text
        same_row = (
            prev is not None
            and block.kind in ("td", "th")
            and prev.kind in ("td", "th")
            and block.dom is not None
            and prev.dom is not None
            and block.dom.row >= 0
            and block.dom.row == prev.dom.row
        )
        if same_row:
            lines[-1] += "\t" + text
        else:
            if block.blank_before and lines:
                lines.append("")
            lines.append(text)
        prev = block
    return "\n".join(lines) + ("\n" if lines else "")


# --- the walk ---------------------------------------------------------------------------------------------------

_RUNAWAY_TITLE_CHARS = 1_000
_TITLE_START = re.compile(r"<title\b[^>]*>", re.IGNORECASE)


def _close_runaway_title(tree: LexborHTMLParser, html: str) -> str | None:
    """Crawls that lost a "</title>" leave the whole page inside the title (raw text to an HTML parser). Return
    the page with the title closed at its first line break, or at a "</tit" fragment, or None if it is fine."""
    title = tree.css_first("title")
    if title is None or len(title.text()) < _RUNAWAY_TITLE_CHARS:
        return None
    match = _TITLE_START.search(html)
    if match is None:
        return None
    start = match.end()
    fragment = html.find("</tit", start)
    newline = html.find("\n", start)
    candidates = [i for i in (fragment, newline) if i >= 0]
    if not candidates:
        return None
    cut = min(candidates)
    rest = html[cut:]
    if rest.startswith("</tit"):
        rest = rest[rest.find(">") + 1 :] if ">" in rest[:40] else rest[5:]
    return html[:cut] + "</title>" + rest


_OPTION_START = re.compile(rb"<option", re.IGNORECASE)
_SELECT_START = re.compile(rb"<select\b(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_SELECT_END = re.compile(rb"</select\s*>", re.IGNORECASE)
# Option and optgroup tags, quoted attribute values read whole (a ">" inside one does not end the tag).
_OPTION_TAG = re.compile(rb"</?(?:option|optgroup)\b(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_SELECT_FLATTEN_MIN_OWN_OPTIONS = 100


def _parse(html: str, options: Options, warnings: list[str], utf8: bytes | None = None) -> LexborHTMLParser:
    # selectolax would encode the str just so (UTF-8, unencodable surrogates dropped); encoding it here lets the
    # bytes be looked over before lexbor builds the tree, at no extra cost.
    data = utf8 if utf8 is not None else html.encode("utf-8", "ignore")
    if b"\x00" in data:  # lexbor would read each as U+FFFD; the text-dump path drops them, and so does this
        data = data.replace(b"\x00", b"")
        if NUL_REMOVED not in warnings:
            warnings.append(NUL_REMOVED)
    flattened = _flatten_selects(data, options.select_flatten_min_options)
    if flattened is None:
        return LexborHTMLParser(data)
    tree = LexborHTMLParser(flattened)
    # The flattening holds only where every "<select" in the markup is a select element: one inside a broken tag
    # ("</div<select>"), a script, a comment or a <template> is not, and dropping option tags there could turn
    # their text into page text. Then the page is parsed as it came, slowly but as before.
    if len(tree.css("select")) < len(_SELECT_START.findall(data)):
        tree = LexborHTMLParser(data)
    return tree


def _flatten_selects(data: bytes, min_options: int) -> bytes | None:
    """The page with the <option>/<optgroup> tags of its long plain selects dropped and their text kept, or None
    when it has fewer than min_options option tags (nearly every page) or no select of 100 or more to flatten.

    lexbor's tree builder takes time that grows with the square of a select's options, so a country or year picker
    of a few thousand entries costs more than the rest of the page. The walk skips a <select> and all it holds, and
    the one thing read from inside it, the length of its text when a hidden wrapper holds it, is unchanged, since
    only tags go. A select is flattened only when nothing but option/optgroup tags and text lies between its start
    and end tags, so a broken or unusual one (a missing </select>, other elements inside) is parsed as it comes."""
    if min_options <= 0 or _option_tags_up_to(data, min_options) < min_options:
        return None
    pieces: list[bytes] = []
    done = 0
    search_from = 0
    while True:
        start = _SELECT_START.search(data, search_from)
        if start is None:
            break
        end = _SELECT_END.search(data, start.end())
        if end is None:
            break
        inside = data[start.end() : end.start()]
        search_from = end.end()
        if _option_tags_up_to(inside, _SELECT_FLATTEN_MIN_OWN_OPTIONS) < _SELECT_FLATTEN_MIN_OWN_OPTIONS:
            continue  # a short list parses in no time as it is
        stripped = _OPTION_TAG.sub(b"", inside)
        if b"<" in stripped:
            continue  # something other than options inside: left to the parser
        pieces.append(data[done : start.end()])
        pieces.append(stripped)
        done = end.start()
    if not pieces:
        return None
    pieces.append(data[done:])
    return b"".join(pieces)


def _tokens_of(value: str) -> tuple[str, ...]:
    """"article-body__content" → (article, body, content); "relatedPosts" → (related, posts)."""
    return tuple([t.lower() for t in _TOKEN.findall(value) if len(t) > 1])


def _object_fallback_shows(node) -> bool:
    """An <object> whose fallback content holds text: a browser without the plugin (Flash, Silverlight: every
    browser now) renders that content, which old video embeds used for the clip's caption or standfirst. An
    <object> with only <param>s, or whitespace, stays skipped, so its place in the page counts as before."""
    return bool(node.text(deep=True).strip())


def _is_hidden(tag: str, attrs: dict) -> bool:
    if "hidden" in attrs:
        # React streams server-rendered segments as <div hidden id="S:n"> and a script swaps them into place.
        return not (attrs.get("id") or "").startswith("S:")
    aria = attrs.get("aria-hidden")
    if aria and aria.strip().lower() == "true" and tag not in _ARIA_HIDDEN_IMMUNE:
        return True
    style = attrs.get("style")
    if style:
        squeezed = style.replace(" ", "").lower()
        if "display:none" in squeezed or "visibility:hidden" in squeezed:
            # A collapsed accordion or tab panel is one click away for a reader, unlike a hidden template.
            return (attrs.get("role") or "").strip().lower() not in _REVEALABLE_ROLES
    return tag == "dialog" and "open" not in attrs


def _walk(tree: LexborHTMLParser, options: Options, honour_hidden: bool) -> _Walk:  # noqa: C901 - one hot loop
    runs: list[_Run] = []
    layout_tables: set[int] = set()
    # Tables that announce themselves as data (a <caption> or a header cell) keep their rows even when a cell holds
    # a long description, as list articles' tables do.
    data_tables: set[int] = set()
    token_cache: dict[str, tuple[str, ...]] = {}
    # One object per distinct token on the page, as the compiled walk makes them: the compiled block builder, which
    # may be handed this walk's runs, tells tokens apart by identity.
    interned: dict[str, str] = {}
    max_blocks = options.max_blocks
    max_depth = options.max_depth
    visible_chars = 0
    hidden_chars = 0
    rows = 0
    n_elements = 0
    truncated = False

    root = tree.root
    if root is None:
        return _Walk(runs, layout_tables, 0, 0, False, [])
    # React streaming: <template id="B:n"> marks where the hidden <div id="S:n"> at the end of the body belongs.
    # Looked up at the first <template>: most pages have none, and the look-up is a pass over the whole tree.
    streamed: dict | None = None
    placed: set[str] = set()

    # Run state: the text gathered for the current owner since its last boundary.
    pieces: list[str] = []
    link_chars = 0
    n_links = 0
    last_link = -1
    inline_tokens: list[str] = []
    continues_line = False

    def flush(owner: _Owner) -> bool:
        """Emit the current run as a block if it has text; True when it did."""
        nonlocal link_chars, n_links, last_link, continues_line, visible_chars
        raw = "".join(pieces)
        pieces.clear()
        if SOFT_BREAK in raw:
            raw = _SOFT_BREAK_BETWEEN_WORDS.sub(" ", raw).replace(SOFT_BREAK, "")
        text = _pre_text(raw) if owner.pre else " ".join(raw.split())
        emitted = False
        if text:
            size = len(text)
            in_links = min(link_chars, size)
            runs.append(_Run(owner, text, in_links, n_links, tuple(dict.fromkeys(inline_tokens)), continues_line))
            visible_chars += size
            record = owner.record
            record[CHARS] += size
            record[LINK_CHARS] += in_links
            if (
                owner.table >= 0
                and owner.table not in data_tables
                and (size > LAYOUT_CELL_CHARS or (owner.kind == "heading" and owner.level <= 3))
            ):
                layout_tables.add(owner.table)
            emitted = True
        link_chars = n_links = 0
        last_link = -1
        inline_tokens.clear()
        continues_line = False
        return emitted

    root_tag = root.tag or "html"
    root_record = [None, 0, False, 0, 0, None, None, None, root_tag, 0]
    root_owner = _Owner(root_record, root_tag, "p", 0, (), (), (), "", 0, -1, -1, (), False)
    records = [root_record]
    # Frames: (node to continue after, element record, owner of the runs inside, scope for children, is an owner).
    stack: list[tuple[LexborNode, list, _Owner, _Scope, bool]] = [(root, root_record, root_owner, _Scope(), True)]
    path: list[str] = [root_tag]
    node = root.child

    while True:
        if node is None:
            resume, record, owner, scope, is_owner = stack.pop()
            path.pop()
            if is_owner and pieces:
                flush(owner)
            if not stack:
                break
            parent = record[PARENT]
            if record[TAG] == "a":
                pieces.append(SOFT_BREAK)
            if record[HAS_MEDIA]:
                parent[HAS_MEDIA] = True
            # Only now are the element's own blocks all emitted, so its totals can move up.
            parent[CHARS] += record[CHARS]
            parent[LINK_CHARS] += record[LINK_CHARS]
            if is_owner:
                continues_line = False
                if len(runs) >= max_blocks:
                    truncated = True
                    break
            node = resume.next
            continue

        tag = node.tag
        if tag is None or tag[0] == "-":
            if tag == "-text":
                text = node.text_content
                # Whitespace before any text only indents the markup, unless it sits in a <pre>.
                if text and (pieces or not text.isspace() or stack[-1][3].pre):
                    pieces.append(text)
                    link = stack[-1][3].link
                    if link >= 0 and not text.isspace():
                        link_chars += len(" ".join(text.split()))
                        if link != last_link:
                            n_links += 1
                            last_link = link
            node = node.next
            continue

        parent_frame = stack[-1]
        parent = parent_frame[1]
        if tag in MEDIA_TAGS:
            parent[HAS_MEDIA] = True
        resume = node
        if tag in SKIP_TAGS and not (tag == "object" and _object_fallback_shows(node)):
            if tag == "template" and streamed is None:
                streamed = {n.attributes.get("id") or "": n for n in tree.css('div[hidden][id^="S:"]')}
            streamed_id = node.attributes.get("id") if tag == "template" and streamed else None
            segment = streamed.pop("S:" + streamed_id[2:], None) if streamed_id and streamed_id[:2] == "B:" else None
            if segment is None:
                node = node.next
                continue
            # Walk React's streamed segment where its placeholder stands, which is where the reader sees it.
            placed.add("S:" + streamed_id[2:])
            node, tag = segment, segment.tag or "div"
        elif tag == "br":
            continues_line = flush(parent_frame[2]) if pieces else False
            node = node.next
            continue

        depth = len(stack)
        scope = parent_frame[3]
        attrs = node.attributes if depth <= max_depth else None
        if attrs:
            if honour_hidden and ("hidden" in attrs or "style" in attrs or "aria-hidden" in attrs or tag == "dialog"):
                if _is_hidden(tag, attrs):
                    hidden_chars += len(node.text(deep=True))
                    node = node.next
                    continue
            if resume is node and "hidden" in attrs and attrs.get("id") in placed:
                node = node.next  # a streamed segment already walked at its placeholder
                continue

        prev = parent[LAST_CHILD]
        n_elements += 1
        record = [parent, 0, False, 0, 0, prev, None, None, tag, n_elements]
        records.append(record)
        if prev is not None:
            prev[NEXT] = record
        parent[LAST_CHILD] = record
        parent[N_CHILDREN] += 1
        if attrs is None:
            # Too deep to keep structure: the element is flattened into the run of its ancestor.
            stack.append((resume, record, parent_frame[2], scope, False))
            path.append(tag)
            node = node.child
            continue

        own: tuple[str, ...] = ()
        itemprop = ""
        landmark = tag if tag in LANDMARK_TAGS else ""
        if attrs:
            for name in TOKEN_ATTRS:
                value = attrs.get(name)
                if value:
                    found = token_cache.get(value)
                    if found is None:
                        found = token_cache[value] = tuple([interned.setdefault(t, t) for t in _tokens_of(value)])
                    own += found
            itemprop = (attrs.get("itemprop") or "").strip()
            role = attrs.get("role")
            if role and not landmark:
                landmark = ROLE_LANDMARKS.get(role.strip().lower(), "")

        child_scope = scope
        if own or landmark or tag in _SCOPE_TAGS:
            child_scope = _child_scope(scope, tag, own, landmark, n_elements, rows, layout_tables)
            if tag == "tr":
                rows += 1

        is_owner = tag in BLOCK_TAGS or "-" in tag
        if is_owner:
            if pieces:
                flush(parent_frame[2])
            continues_line = False
            kind, level = _kind_of(tag, scope)
            if (tag == "caption" or tag == "th") and child_scope.table >= 0:
                data_tables.add(child_scope.table)
            owner = _Owner(  # positional: this runs for every block element
                record, tag, kind, level, tuple(path[-MAX_ANCESTORS:]), child_scope.tokens, own, itemprop, depth,
                child_scope.row, child_scope.table, scope.landmarks, child_scope.pre,
            )
        else:
            owner = parent_frame[2]
            if own:
                inline_tokens.extend(own)
            if tag == "a":
                pieces.append(SOFT_BREAK)
        stack.append((resume, record, owner, child_scope, is_owner))
        path.append(tag)
        node = node.child

    return _Walk(runs, layout_tables, visible_chars, hidden_chars, truncated, records)


# Tags that change the scope even without attributes.
_SCOPE_TAGS = frozenset({"a", "pre", "table", "tr", "li", "blockquote", "figcaption", "caption", "dt", "dd", "td", "th"} | LIST_TAGS)


def _child_scope(
    scope: _Scope, tag: str, own: tuple[str, ...], landmark: str, number: int, rows: int, layout_tables: set[int]
) -> _Scope:
    tokens = scope.tokens
    if own:
        fresh = [t for t in own if t not in tokens]
        if fresh:
            tokens = (tokens + tuple(dict.fromkeys(fresh)))[-MAX_TOKENS:]
    landmarks = scope.landmarks
    if landmark and landmark not in landmarks:
        landmarks = landmarks + (landmark,)
    elif tokens is scope.tokens and tag not in _SCOPE_TAGS:
        return scope  # nothing new to hand down
    list_level, row, table, wrapper, wrapper_level, link, pre = (
        scope.list_level, scope.row, scope.table, scope.wrapper, scope.wrapper_level, scope.link, scope.pre
    )
    if tag in LIST_TAGS:
        list_level += 1
    elif tag == "table":
        if table >= 0:
            # Tables inside tables are page layout (at least the outer one); neither holds data rows.
            layout_tables.add(table)
            layout_tables.add(number)
        elif "presentation" in own or "none" in own:
            layout_tables.add(number)
        table, row = number, -1
    elif tag == "tr":
        row = rows
    elif tag == "a":
        link = number
    elif tag == "pre":
        pre = True
    if tag in WRAPPER_KINDS:
        wrapper = tag
        wrapper_level = max(list_level, 1) if tag == "li" else 0
    return _Scope(tokens, landmarks, list_level, row, table, wrapper, wrapper_level, link, pre)


def _kind_of(tag: str, scope: _Scope) -> tuple[str, int]:
    heading = HEADING_LEVELS.get(tag)
    if heading:
        return "heading", heading
    if tag == "li":
        return "li", max(scope.list_level, 1)
    if tag in OWN_KINDS:
        return tag, 0
    if scope.wrapper:
        return scope.wrapper, scope.wrapper_level
    return "p", 0


def _pre_text(raw: str) -> str:
    """Preformatted text keeps its line breaks and indentation; only trailing spaces and blank edges go."""
    lines = [line.rstrip() for line in raw.replace("\r\n", "\n").split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


# --- blocks -----------------------------------------------------------------------------------------------------


def _build_blocks(walk: _Walk, metadata: Metadata) -> tuple[Block, ...]:
    body_words = frozenset(_WORD.findall(metadata.jsonld_body.lower())) if metadata.jsonld_body else None
    kinds: list[str] = []
    rows: list[int] = []
    for run in walk.runs:
        kind, row = run.owner.kind, run.owner.row
        if run.owner.table in walk.layout_tables:
            row = -1
            if kind in ("td", "th"):
                kind = "p"
        kinds.append(kind)
        rows.append(row)
    blank_before = [False] + [_starts_paragraph(kinds[i - 1], kinds[i], walk.runs[i]) for i in range(1, len(kinds))]
    blank_before.append(False)

    blocks: list[Block] = []
    for i, run in enumerate(walk.runs):
        owner, kind = run.owner, kinds[i]
        record = owner.record
        parent = record[PARENT]
        prev, following = record[PREV], record[NEXT]
        near_image = (
            record[HAS_MEDIA]
            or (parent is not None and parent[TAG] in ("figure", "picture"))
            or (prev is not None and prev[HAS_MEDIA])
            or (following is not None and following[HAS_MEDIA])
        )
        tokens, own_tokens = owner.tokens, owner.own_tokens
        if run.inline_tokens:
            own_tokens = tuple(dict.fromkeys(own_tokens + run.inline_tokens))
            tokens = tokens + tuple(t for t in run.inline_tokens if t not in tokens)
        container = parent if parent is not None else record
        containers = []
        up = container
        while up is not None and len(containers) < CONTAINER_LEVELS:
            containers.append(up[NUMBER])
            up = up[PARENT]
        dom = DomContext(
            tag=owner.tag,
            ancestors=owner.ancestors,
            tokens=tokens,
            own_tokens=own_tokens,
            itemprop=owner.itemprop,
            link_chars=run.link_chars,
            n_links=run.n_links,
            depth=owner.depth,
            n_siblings=parent[N_CHILDREN] - 1 if parent is not None else 0,
            near_image=near_image,
            in_jsonld_body=_share_in(run.text, body_words),
            row=rows[i],
            landmarks=owner.landmarks,
            container_chars=container[CHARS],
            container_link_chars=container[LINK_CHARS],
            containers=tuple(containers),
            container_depth=max(owner.depth - 1, 0),
        )
        is_li = kind == "li"
        blocks.append(
            Block(
                index=i,
                text=run.text,
                raw=run.text,
                kind=kind,
                level=owner.level if kind in ("heading", "li") else 0,
                indent=2 * owner.level if is_li else 0,
                bullet="•" if is_li else "",
                blank_before=blank_before[i],
                blank_after=blank_before[i + 1],
                dom=dom,
            )
        )
    return tuple(blocks)


def _share_in(text: str, body_words: frozenset[str] | None) -> float:
    if body_words is None:
        return -1.0
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0
    return sum(1 for w in words if w in body_words) / len(words)


def _starts_paragraph(prev_kind: str, kind: str, run: _Run) -> bool:
    """Whether a blank line separates a block from the one before it in the text rendering."""
    if run.continues_line or (kind == "li" and prev_kind == "li"):
        return False
    if kind in ("td", "th") and prev_kind in ("td", "th"):
        return False
    return not (kind in ("dt", "dd") and prev_kind in ("dt", "dd"))


# --- the compiled walk ------------------------------------------------------------------------------------------

_LAYOUT_PROBE = (
    '<html><body><div class="a b" id=x data-n><p>One <b>two</b><!-- c --> three</p>'
    '<svg:rect></svg:rect><my-widget hidden>é</my-widget></div>tail</body></html>'
)


def _load_compiled_walk():
    """cleaner.segment._walk's walk bound to lexbor's functions, or None to use the Python walk.

    The compiled walk reads lexbor's nodes through a struct layout declared at build time; before it is trusted,
    its reading of every node of a probe page (links, kind, name, attributes, text) must equal selectolax's."""
    try:
        import ctypes
        from functools import partial

        import selectolax.lexbor as lexbor_module

        from . import _walk as compiled
    except ImportError:
        return None
    try:
        library = ctypes.CDLL(lexbor_module.__file__)

        def address(name: str) -> int:
            return ctypes.cast(getattr(library, name), ctypes.c_void_p).value or 0

        functions = compiled._Lexbor(
            address("lxb_dom_element_qualified_name"),
            address("lxb_dom_element_first_attribute_noi"),
            address("lxb_dom_attr_qualified_name"),
            address("lxb_dom_attr_value_noi"),
        )
        if not _layout_agrees(compiled, functions, LexborHTMLParser(_LAYOUT_PROBE)):
            return None
    except (OSError, AttributeError, ImportError, ValueError, TypeError):
        return None
    return partial(compiled.walk, functions)


def _layout_agrees(compiled, functions, tree: LexborHTMLParser) -> bool:
    def mem(node: LexborNode | None) -> int:
        return node.mem_id if node is not None else 0

    for node in tree.root.traverse(include_text=True):
        fields = compiled.node_fields(node.mem_id)
        expected = (mem(node.next), mem(node.prev), mem(node.first_child), mem(node.last_child))
        if (fields[0], fields[1], fields[3], fields[4]) != expected:
            return False  # checked before any other read follows a pointer
        if node.parent is not None and fields[2] != node.parent.mem_id:
            return False
        tag = node.tag
        if (fields[5] == 3) != (tag == "-text") or (fields[5] == 1) != (tag is not None and tag[0] != "-"):
            return False
        if fields[5] == 3 and compiled.text_at(node.mem_id) != node.text_content:
            return False
        if fields[5] == 1 and (
            compiled.tag_at(functions, node.mem_id) != tag
            or compiled.attributes_at(functions, node.mem_id) != node.attributes
        ):
            return False
    return True


_COMPILED_WALK = _load_compiled_walk()


def _load_compiled_page_nodes():
    """The compiled reading of the nodes cleaner.metadata needs, bound to the walk's lexbor functions; it follows
    the same struct layout, so only where the walk passed its check."""
    if _COMPILED_WALK is None:
        return None
    from functools import partial

    from ._walk import metadata_nodes, tag_id_at

    names = ("meta", "script", "h1", "link", "time")
    probe = LexborHTMLParser("<html><head><meta><script></script><link></head><body><h1></h1><time></time>"
                             "<svg><script></script></svg></body></html>")
    ids = tuple(tag_id_at(probe.css_first(name).mem_id) for name in names)
    # The pass tells elements by these ids as CSS tells them by name, whatever the namespace (an <svg><script>
    # is a "script" to both); if lexbor ever numbered them apart, the selectors stay the reading.
    svg_script = probe.css("script")[-1]
    if len(set(ids)) != len(ids) or tag_id_at(svg_script.mem_id) != ids[1]:
        return None
    return partial(metadata_nodes, _COMPILED_WALK.args[0], ids)


_COMPILED_PAGE_NODES = _load_compiled_page_nodes()


def _compiled(name: str, fallback=None):
    """A function of cleaner.segment._walk that needs no layout check, or fallback where it was not built."""
    try:
        from . import _walk
    except ImportError:
        return fallback
    return getattr(_walk, name)


def _option_tags_python(data: bytes, limit: int) -> int:
    return min(len(_OPTION_START.findall(data)), limit)


_COMPILED_BUILD_BLOCKS = _compiled("build_blocks")  # reads only the walk's records
_COMPILED_CLEAR_RECORDS = _compiled("clear_records")
_option_tags_up_to = _compiled("option_tags_up_to", _option_tags_python)
