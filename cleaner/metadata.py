"""Page metadata from an HTML tree: title, headline, author, date, language, URL, site name and the JSON-LD
articleBody. Reads <head> meta tags, JSON-LD and microdata: in one compiled pass over the tree when
cleaner.segment._walk is built, else with a handful of whole-document CSS queries; never walks the tree in Python."""
from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cached_property
from typing import Any, Callable, Iterable, Iterator, NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .similarity import same_words, word_jaccard
from .types import Metadata

# schema.org types whose articleBody / headline / author / datePublished describe the page's own story.
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "liveblogposting",
        "socialmediaposting",
        "scholarlyarticle",
        "techarticle",
        "report",
        "posting",
    }
)
_MAX_JSONLD_OBJECTS = 2_000  # a hostile page cannot make the JSON-LD walk unbounded
_MAX_JSONLD_CHARS = 5_000_000

_DATE_META_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "article.published",
)
_MODIFIED_META_KEYS = ("article:modified_time", "og:updated_time", "datemodified", "last-modified", "dc.date.modified")
_AUTHOR_META_KEYS = (
    "author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl", "cxenseparse:author",
)
_TRAILING_COMMA = re.compile(r",\s*([\]}])")


def extract_metadata(source: LexborHTMLParser | str, page_nodes: Callable[[LexborHTMLParser], tuple] | None = None) -> Metadata:
    """Metadata of a page; pass the tree segment_html already parsed so the page is parsed once. page_nodes reads
    the tree's nodes as _PageNodesCss does, faster (segment_html passes the compiled one)."""
    tree = LexborHTMLParser(source) if isinstance(source, str) else source
    nodes = _PageNodes(*page_nodes(tree)) if page_nodes is not None else _PageNodesCss(tree)
    meta = _meta_tags(nodes.meta)
    articles, others = _jsonld_objects(nodes.jsonld)
    first_article = articles[0] if articles else {}

    title = meta.get("og:title") or meta.get("twitter:title") or _text_of(tree.css_first("title"))
    site_name = meta.get("og:site_name") or _publisher_name(first_article or _first(others))
    headline = _headline(nodes.h1, articles or others, title, site_name)
    date = _date(nodes, meta, articles)
    title = title or headline

    return Metadata(
        title=title or None,
        headline=headline or None,
        author=_author(nodes, meta, articles, others, site_name) or None,
        date=date or None,
        date_modified=(None if date else _date_modified(nodes, meta, articles)) or None,
        language=_language(tree, meta) or None,
        url=_url(nodes.canonical, meta) or None,
        site_name=site_name or None,
        jsonld_body=_article_body(articles) or None,
    )


# --- the nodes read ---------------------------------------------------------------------------------------------

# Every CSS query is a pass over the whole tree (about as long as the rest of the metadata work together), and a
# selector list finds its nodes in one pass, in document order: the tags below are told apart afterwards.
_PAGE_NODES = 'meta, script[type*="ld+json" i], h1, link[rel~="canonical" i]'


class _PageNodes(NamedTuple):
    """What metadata reads of the tree, as plain values, every list in document order."""

    meta: list[dict]  # the attributes of every <meta>
    jsonld: list[str]  # the text of every <script type="application/ld+json">
    h1: list[tuple[str, bool]]  # every <h1>'s text, and whether it is under <article>, <main> or role="main"
    canonical: list[str | None]  # the href of every <link rel="canonical">
    # Every [rel~="author"] / [itemprop~="author"] element but <meta>: the content of its (or its first
    # descendant's) [itemprop~="name"], and the text of that name element, or its own text without one.
    authors: list[tuple[str | None, str]]
    # Every element whose class holds one of _AUTHOR_NAME_CLASS_NAMES (ASCII case ignored): how many of them, its text.
    author_classes: list[tuple[int, str]]
    published: list[tuple[str | None, str | None, str]]  # every [itemprop~="datePublished"]: content, datetime, text
    time_datetime: str | None  # the first <time datetime>'s value ("" when empty), None without one
    modified: tuple[str | None, str | None, str] | None  # the first [itemprop~="dateModified"], as published


class _PageNodesCss:
    """The reference reading of _PageNodes' fields, with lexbor's selector engine: a pass over the tree per query,
    so the fields past the first four are only looked for when read (when JSON-LD and the meta tags leave the author
    or the date open). The compiled cleaner.segment._walk.metadata_nodes gives the same values in one pass."""

    def __init__(self, tree: LexborHTMLParser) -> None:
        self._tree = tree
        self.meta: list[dict] = []
        self.jsonld: list[str] = []
        self.h1: list[tuple[str, bool]] = []
        self.canonical: list[str | None] = []
        for node in tree.css(_PAGE_NODES):
            tag = node.tag
            if tag == "meta":
                self.meta.append(node.attributes)
            elif tag == "script":
                self.jsonld.append(node.text())
            elif tag == "h1":
                self.h1.append((node.text(), _in_article(node)))
            else:
                self.canonical.append(node.attributes.get("href"))

    @cached_property
    def authors(self) -> list[tuple[str | None, str]]:
        found = []
        for node in self._tree.css('[rel~="author"], [itemprop~="author"]'):
            if node.tag == "meta":
                continue
            named = node.css_first('[itemprop~="name"]')
            found.append((named.attributes.get("content") if named is not None else None, (named or node).text()))
        return found

    @cached_property
    def author_classes(self) -> list[tuple[int, str]]:
        return _author_name_classes_css(self._tree)

    @cached_property
    def published(self) -> list[tuple[str | None, str | None, str]]:
        return [_date_fields(node) for node in self._tree.css('[itemprop~="datePublished"]')]

    @cached_property
    def time_datetime(self) -> str | None:
        node = self._tree.css_first("time[datetime]")
        return (node.attributes.get("datetime") or "") if node is not None else None

    @cached_property
    def modified(self) -> tuple[str | None, str | None, str] | None:
        node = self._tree.css_first('[itemprop~="dateModified"]')
        return _date_fields(node) if node is not None else None


def _date_fields(node: LexborNode) -> tuple[str | None, str | None, str]:
    attrs = node.attributes
    return attrs.get("content"), attrs.get("datetime"), node.text()


# --- meta tags --------------------------------------------------------------------------------------------------


def _meta_tags(meta_attributes: list[dict]) -> dict[str, str]:
    """First non-empty content of every <meta name|property|itemprop|http-equiv>, keyed in lower case."""
    found: dict[str, str] = {}
    for attrs in meta_attributes:
        content = _clean(attrs.get("content"))
        if not content:
            continue
        for key_attr in ("property", "name", "itemprop", "http-equiv"):
            key = attrs.get(key_attr)
            if key:
                found.setdefault(key.strip().lower(), content)
    return found


def _clean(value: str | None) -> str:
    # re.sub(r"\s+", " ", value).strip(), quicker: str.split and the regex's \s share one whitespace test.
    return " ".join(value.split()) if value else ""


def _text_of(node: LexborNode | None) -> str:
    return _clean(node.text()) if node is not None else ""


def _first(items: list[dict]) -> dict:
    return items[0] if items else {}


# --- JSON-LD ----------------------------------------------------------------------------------------------------


def _jsonld_objects(scripts: list[str]) -> tuple[list[dict], list[dict]]:
    """(article-typed objects, every other object) from the page's JSON-LD scripts' texts, in document order."""
    articles: list[dict] = []
    others: list[dict] = []
    budget = _MAX_JSONLD_OBJECTS
    for script in scripts:
        data = _parse_json(script)
        if data is None:
            continue
        for obj in _walk_objects(data, budget):
            budget -= 1
            (articles if _is_article(obj) else others).append(obj)
        if budget <= 0:
            break
    return articles, others


def _parse_json(raw: str) -> Any:
    """Publishers' JSON-LD is often slightly broken: HTML comment or CDATA wrappers, trailing commas, raw
    newlines in strings. Repair the common cases; give up quietly on the rest."""
    text = raw.strip()
    if not text or len(text) > _MAX_JSONLD_CHARS:
        return None
    for wrapper in ("<!--", "-->", "//<![CDATA[", "//]]>", "<![CDATA[", "]]>"):
        text = text.replace(wrapper, "")
    text = text.strip().rstrip(";")
    for candidate in (text, _TRAILING_COMMA.sub(r"\1", text)):
        try:
            return json.loads(candidate, strict=False)
        except (ValueError, RecursionError):
            continue
    return None


def _walk_objects(data: Any, budget: int) -> Iterator[dict]:
    """Every dict that could be a schema.org entity: top-level items, @graph members, mainEntity and hasPart.
    Iterative, since a page can nest JSON arbitrarily deep."""
    stack: list[Any] = [data]
    while stack and budget > 0:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
            continue
        if not isinstance(item, dict):
            continue
        budget -= 1
        yield item
        for key in ("hasPart", "mainEntity", "mainEntityOfPage", "@graph"):
            child = item.get(key)
            if isinstance(child, (list, dict)):
                stack.append(child)


def _types(obj: dict) -> list[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return [k.rsplit("/", 1)[-1].lower() for k in kinds if isinstance(k, str)]


def _is_article(obj: dict) -> bool:
    return any(k in ARTICLE_TYPES or k.endswith("article") for k in _types(obj))


def _string(value: Any) -> str:
    """A schema.org text value: a string, a list of them, or an object with @value / name / text."""
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, list):
        return next((s for s in map(_string, value) if s), "")
    if isinstance(value, dict):
        for key in ("@value", "name", "text"):
            if isinstance(value.get(key), str):
                return _clean(value[key])
    return ""


def _article_body(articles: list[dict]) -> str:
    bodies = [b for b in (_body_text(a.get("articleBody")) for a in articles) if b]
    return max(bodies, key=len) if bodies else ""


def _body_text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(filter(None, (_body_text(v) for v in value)))
    if not isinstance(value, str):
        return ""
    # Some sites put HTML in articleBody; the words are what matters, so drop the tags.
    if "<" in value and ">" in value:
        value = LexborHTMLParser(value).text(separator=" ")
    return _clean(value)


def _publisher_name(obj: dict) -> str:
    return _string(obj.get("publisher")) if obj else ""


# --- individual fields ------------------------------------------------------------------------------------------


def _headline(h1s: list[tuple[str, bool]], jsonld: list[dict], title: str, site_name: str) -> str:
    """The page's headline: an <h1> of the article (the one its <title> agrees with when there are several), else
    JSON-LD's headline, else the page's <h1> when it is the only one and not the site's name."""
    in_article = [text for text, scoped in h1s if scoped]  # "article h1, main h1, [role="main"] h1"
    scoped = [text for text in _h1_texts(in_article) if not _site_name_like(text, site_name)]
    if scoped:
        return _agreeing(scoped, title) or scoped[0]
    for obj in jsonld:
        text = _string(obj.get("headline")) or (_string(obj.get("name")) if _is_article(obj) else "")
        # Some pages fill "headline" with a photo caption or the whole standfirst.
        if text and len(text) <= _MAX_HEADLINE_CHARS:
            return text
    every_h1 = _h1_texts([text for text, _ in h1s])
    h1s = [text for text in every_h1 if not _site_name_like(text, site_name)]
    # A lone <h1> is the headline on most templates; of several (logo + headline + widgets), the one the title
    # agrees with.
    if len(every_h1) == 1 and h1s:
        return h1s[0]
    return _agreeing(h1s, title) or ""


_MAX_HEADLINE_CHARS = 300
_DOMAIN_LIKE = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}$", re.IGNORECASE)


def _in_article(node: LexborNode) -> bool:
    """Under an <article>, a <main> or an element of role "main"."""
    parent = node.parent
    while parent is not None:
        if parent.tag in ("article", "main") or parent.attributes.get("role") == "main":
            return True
        parent = parent.parent
    return False


def _h1_texts(raw_texts: list[str]) -> list[str]:
    texts: list[str] = []
    for raw in raw_texts:
        text = _clean(raw)
        if text and len(text) <= _MAX_HEADLINE_CHARS and text not in texts:
            texts.append(text)
    return texts


def _site_name_like(text: str, site_name: str) -> bool:
    """A logo set as an <h1>: the site's own name, or a bare domain."""
    return bool(_DOMAIN_LIKE.match(text)) or same_words(text, site_name)


def _agreeing(candidates: list[str], title: str) -> str | None:
    """The candidate whose words the title shares most (Jaccard at least 0.5), when no other candidate ties it."""
    if not title:
        return None
    scored = sorted(((word_jaccard(text, title), text) for text in candidates), key=lambda st: -st[0])
    if not scored or scored[0][0] < 0.5 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def _author(nodes: _PageNodes | _PageNodesCss, meta: dict[str, str], articles: list[dict], others: list[dict], site_name: str) -> str:
    """The first name the page states for its author, from the surest source to the least; the site's own name
    (publishers put it in author fields) only when no person or team is named anywhere."""
    fallback = ""
    for name in _author_candidates(nodes, meta, articles, others):
        if same_words(name, site_name):
            fallback = fallback or name
            continue
        return name
    return fallback


def _author_candidates(nodes: _PageNodes | _PageNodesCss, meta: dict[str, str], articles: list[dict], others: list[dict]) -> Iterator[str]:
    # Yoast-style graphs name the author once, in a Person object the article points at by "@id".
    by_id = {obj["@id"]: obj for obj in articles + others if isinstance(obj.get("@id"), str)}
    for obj in articles:
        names = _names(obj.get("author"), by_id) or _names(obj.get("creator"), by_id)
        if names:
            yield ", ".join(names)
    for key in _AUTHOR_META_KEYS:
        value = author_name(meta.get(key, ""))
        if value:
            yield value
    for content, text in nodes.authors:
        name = author_name(content or _clean(text))
        if name:
            yield name
    # Templates that mark the name only by class ("author-name", "article__author__name", "authorName").
    for count, text in nodes.author_classes:
        name = author_name(_clean(text))
        if name:
            yield from (name,) * count


def _author_name_classes_css(tree: LexborHTMLParser) -> list[tuple[int, str]]:
    """What tree.css(_AUTHOR_NAME_CLASSES) finds, for about half the price, as (how many of the names the class
    holds, text): each `[class*=… i]` selector costs a pass of substring tests over every element, and each of the
    six names holds "author" or "byline". Two such selectors find the few candidates; the names are then looked for
    in their class as CSS's `i` flag compares (ASCII letters without case). A selector list lists a node once for
    every selector it matches, so a node counts once for every name its class holds, as it does there."""
    found = []
    previous = None
    for node in tree.css(_AUTHOR_NAME_CLASS_CANDIDATES):
        if previous is not None and node.mem_id == previous:  # the second of its two candidate selectors
            continue
        previous = node.mem_id
        value = (node.attributes.get("class") or "").encode("utf-8", "surrogatepass").lower()
        count = sum(name in value for name in _AUTHOR_NAME_CLASS_BYTES)
        if count:
            found.append((count, node.text()))
    return found


_AUTHOR_NAME_CLASS_NAMES = ("author-name", "author__name", "author_name", "authorname", "byline-name", "byline__name")
_AUTHOR_NAME_CLASSES = ", ".join(f'[class*="{c}" i]' for c in _AUTHOR_NAME_CLASS_NAMES)  # what the search answers
_AUTHOR_NAME_CLASS_BYTES = tuple(c.encode() for c in _AUTHOR_NAME_CLASS_NAMES)
_AUTHOR_NAME_CLASS_CANDIDATES = '[class*="author" i], [class*="byline" i]'
_AUTHOR_PREFIX = re.compile(
    r"^\s*(?:(?:written|posted|published|reviewed)\s+by|by|authors?|von|par|por)\b\s*:?\s*", re.IGNORECASE
)
_PLACEHOLDER = re.compile(r"[{}<>%$]|^\w+(?:\.\w+)+$")  # "{{author}}", "page.head.extra.author"


def author_name(raw: str | None) -> str:
    """A person's or team's name as a field value: without "By" / "Author:" in front, and nothing that is a URL,
    a template placeholder or a sentence."""
    text = _AUTHOR_PREFIX.sub("", _clean(raw))
    if not text or len(text) > 100 or text.startswith(("http://", "https://", "//", "@")) or _PLACEHOLDER.search(text):
        return ""
    return text


def _names(value: Any, by_id: dict[str, dict] | None = None) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict) and by_id and "name" not in item and isinstance(item.get("@id"), str):
            item = by_id.get(item["@id"], item)
        name = author_name(_string(item))
        if name and name not in names:
            names.append(name)
    return names


def _date(nodes: _PageNodes | _PageNodesCss, meta: dict[str, str], articles: list[dict]) -> str:
    return _first_date(_date_candidates(nodes, meta, articles))


def _date_candidates(nodes: _PageNodes | _PageNodesCss, meta: dict[str, str], articles: list[dict]) -> Iterator[str]:
    """From the surest source to the least; a generator, so the CSS reading only searches the markup when JSON-LD
    and the meta tags state no date."""
    for obj in articles:
        yield _string(obj.get("datePublished"))
    for key in _DATE_META_KEYS:
        yield meta.get(key, "")
    for content, when, text in nodes.published:
        yield content or when or _clean(text)
    if nodes.time_datetime is not None:
        yield nodes.time_datetime


def _date_modified(nodes: _PageNodes | _PageNodesCss, meta: dict[str, str], articles: list[dict]) -> str:
    return _first_date(_modified_candidates(nodes, meta, articles))


def _modified_candidates(nodes: _PageNodes | _PageNodesCss, meta: dict[str, str], articles: list[dict]) -> Iterator[str]:
    for obj in articles:
        yield _string(obj.get("dateModified"))
    for key in _MODIFIED_META_KEYS:
        yield meta.get(key, "")
    if nodes.modified is not None:
        content, when, text = nodes.modified
        yield content or when or _clean(text)


def _first_date(candidates: Iterable[str]) -> str:
    for raw in candidates:
        iso = _iso_date(raw)
        if iso:
            return iso
    return ""


def _iso_date(raw: str | None) -> str:
    """ISO 8601 form of a date string, or "" if it is not one; datetime.fromisoformat before 3.11 rejects "Z"."""
    value = _clean(raw)
    if not value or not any(c.isdigit() for c in value):
        return ""
    candidate = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        return datetime.fromisoformat(candidate).isoformat()
    except ValueError:
        pass
    match = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", value)
    if match:
        try:
            return datetime(int(match[1]), int(match[2]), int(match[3])).date().isoformat()
        except ValueError:
            return ""
    return ""


def _language(tree: LexborHTMLParser, meta: dict[str, str]) -> str:
    attrs = tree.root.attributes if tree.root is not None else {}
    lang = attrs.get("lang") or attrs.get("xml:lang") or meta.get("og:locale") or meta.get("content-language") or meta.get("language") or ""
    return _clean(lang).replace("_", "-").split(",")[0].strip()


def _url(canonical: list[str | None], meta: dict[str, str]) -> str:
    for raw in canonical:
        href = _clean(raw)
        if href:
            return href
    return meta.get("og:url", "")

