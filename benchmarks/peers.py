"""The systems under test: cleaner and the peer extractors, each behind one call `run(html_or_text, kind, lang)`.

Peers only read HTML, so for a text dump they get the dump as one <p> per non-empty line (`dump_as_html`): the
same words the cleaner sees, with no markup to lean on. Every adapter is built by a factory so imports and
one-off set-up (Goose instance, stoplists) happen once, outside the timed loop, and a missing library only
skips that system.
"""
from __future__ import annotations

import html as html_lib
from dataclasses import dataclass
from importlib import metadata
from types import MappingProxyType
from typing import Any, Callable, Mapping

import lxml.html

# A peer's output text for an HTML string; `lang` is the page's language code when the corpus gives one.
PeerFn = Callable[[str, "str | None"], str]

BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "table", "tr", "td", "th", "section", "article", "header", "footer", "figure", "figcaption", "aside", "hr",
)


def dump_as_html(dump: str) -> str:
    lines = (line.strip() for line in dump.splitlines())
    body = "".join(f"<p>{html_lib.escape(line)}</p>\n" for line in lines if line)
    return f"<html><body>\n{body}</body></html>"


def lxml_block_text(fragment: str) -> str:
    """Text of an HTML fragment with a line break around every block element (text_content() alone glues them)."""
    if not fragment.strip():
        return ""
    root = lxml.html.fromstring(fragment)
    for el in root.iter(*BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
        if el.tag != "br":
            el.text = "\n" + (el.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


# Page languages (ISO 639-1, as in meta.json "lang") that jusText has a stoplist for; others fall back to English.
JUSTEXT_LANGUAGES = MappingProxyType({
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "pt": "Portuguese", "it": "Italian",
    "nl": "Dutch", "cs": "Czech", "sk": "Slovak", "pl": "Polish", "ru": "Russian", "uk": "Ukrainian",
    "sv": "Swedish", "da": "Danish", "fi": "Finnish", "hu": "Hungarian", "ro": "Romanian", "tr": "Turkish",
    "el": "Greek", "ca": "Catalan", "hr": "Croatian", "bg": "Bulgarian", "id": "Indonesian", "vi": "Vietnamese",
})


# --- factories: each returns the page function; imports happen here so a missing library is an ImportError ----


def _trafilatura(**options: Any) -> Callable[[], PeerFn]:
    def factory() -> PeerFn:
        import trafilatura

        return lambda html, lang: trafilatura.extract(html, **options) or ""

    return factory


def _readability() -> PeerFn:
    from readability import Document

    return lambda html, lang: lxml_block_text(Document(html).summary(html_partial=True))


def _justext() -> PeerFn:
    import justext

    stoplists: dict[str, frozenset] = {}

    def stoplist(lang: str | None) -> frozenset:
        name = JUSTEXT_LANGUAGES.get((lang or "en").split("-")[0].lower(), "English")
        if name not in stoplists:
            stoplists[name] = justext.get_stoplist(name)
        return stoplists[name]

    def run(html: str, lang: str | None) -> str:
        # Bytes: lxml refuses a str that still carries an XML encoding declaration.
        paragraphs = justext.justext(html.encode("utf-8"), stoplist(lang), encoding="utf-8")
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


def _boilerpy3() -> PeerFn:
    import logging

    from boilerpy3 import extractors

    # It logs a full traceback for every page it cannot parse before raising; the raise is what we count.
    logging.getLogger("boilerpy3").setLevel(logging.CRITICAL)
    extractor = extractors.ArticleExtractor()  # raise_on_failure: a failed page is an error, not empty text
    return lambda html, lang: extractor.get_content(html) or ""


def _goose3() -> PeerFn:
    import logging

    from goose3 import Goose

    # A warning per unparsable publish date would drown the progress lines.
    logging.getLogger("goose3").setLevel(logging.ERROR)
    goose = Goose({"enable_image_fetching": False})
    return lambda html, lang: goose.extract(raw_html=html).cleaned_text or ""


def _newspaper4k() -> PeerFn:
    from newspaper import Article, Config

    config = Config()
    config.fetch_images = False
    config.follow_meta_refresh = False  # would fetch the refresh target over the network

    def run(html: str, lang: str | None) -> str:
        # The URL is only a label here: input_html means no request is made.
        article = Article("http://localhost/article", config=config)
        article.download(input_html=html)
        article.parse()
        return article.text or ""

    return run


def _resiliparse() -> PeerFn:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    return lambda html, lang: extract_plain_text(HTMLTree.parse(html), main_content=True)


def _html_text() -> PeerFn:
    import html_text

    return lambda html, lang: html_text.extract_text(html)


@dataclass(frozen=True)
class PeerSpec:
    factory: Callable[[], PeerFn]
    distribution: str  # for the version column
    note: str = ""


PEERS: Mapping[str, PeerSpec] = MappingProxyType({
    "trafilatura": PeerSpec(_trafilatura(include_comments=False), "trafilatura", "include_comments=False"),
    "trafilatura-default": PeerSpec(_trafilatura(), "trafilatura", "defaults"),
    "readability": PeerSpec(_readability, "readability-lxml", "Document.summary(), block text via lxml"),
    "justext": PeerSpec(_justext, "jusText", "stoplist of meta.json lang, else English"),
    "boilerpy3": PeerSpec(_boilerpy3, "boilerpy3", "ArticleExtractor"),
    "goose3": PeerSpec(_goose3, "goose3", "raw_html, image fetching off"),
    "newspaper4k": PeerSpec(_newspaper4k, "newspaper4k", "input_html, images off"),
    "resiliparse": PeerSpec(_resiliparse, "Resiliparse", "extract_plain_text(main_content=True)"),
    "html-text": PeerSpec(_html_text, "html-text", "keeps everything: the floor"),
})


def version_of(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "?"


@dataclass
class System:
    """One system ready to run. `run` returns the body text, plus the CleanResult for cleaner (else None)."""

    name: str
    version: str
    note: str
    call: Callable[[str, str, "str | None"], tuple[str, Any]]

    def run(self, source: str, kind: str, lang: str | None = None) -> tuple[str, Any]:
        return self.call(source, kind, lang)


def _peer_system(name: str) -> System:
    spec = PEERS[name]
    fn = spec.factory()

    def call(source: str, kind: str, lang: str | None) -> tuple[str, Any]:
        html = dump_as_html(source) if kind == "text" else source
        return fn(html, lang), None

    return System(name, version_of(spec.distribution), spec.note, call)


def cleaner_system(model_dir: str | None = None) -> System:
    from cleaner import Cleaner, __version__

    cleaner = Cleaner(model_dir=model_dir) if model_dir else Cleaner()

    def call(source: str, kind: str, lang: str | None) -> tuple[str, Any]:
        result = cleaner.clean(source, kind=kind)
        return result.body or "", result

    note = "body only (title not scored)" + (f", model {model_dir}" if model_dir else "")
    return System("cleaner", __version__, note, call)


SYSTEM_NAMES = ("cleaner", *PEERS)


def load_systems(names: list[str], model_dir: str | None = None) -> tuple[list[System], dict[str, str]]:
    """The systems that could be set up, and why the others were skipped."""
    systems: list[System] = []
    skipped: dict[str, str] = {}
    for name in names:
        if name not in SYSTEM_NAMES:
            raise ValueError(f"unknown system {name!r}; known: {', '.join(SYSTEM_NAMES)}")
        try:
            systems.append(cleaner_system(model_dir) if name == "cleaner" else _peer_system(name))
        except Exception as exc:  # an ImportError mostly, but a peer's own set-up may fail in other ways
            skipped[name] = f"{type(exc).__name__}: {exc}"
    return systems, skipped
