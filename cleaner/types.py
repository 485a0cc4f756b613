"""Plain data that flows between the pipeline stages: segment → features → model → rules → render."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import Enum


class Label(str, Enum):
    CONTENT = "content"
    CAPTION = "caption"
    NAVIGATION = "navigation"
    AD = "ad"

    def __str__(self) -> str:  # so f-strings and JSON show "content", not "Label.CONTENT"
        return self.value


# Order fixes the columns of every probability matrix and the classes of every model.
LABELS: tuple[Label, ...] = (Label.CONTENT, Label.CAPTION, Label.NAVIGATION, Label.AD)
# The same members under plain names: on Python 3.11 each `Label.X` is a descriptor call (about 0.2 µs), and the
# rules read labels for every block of a page.
CONTENT, CAPTION, NAVIGATION, AD = LABELS


@dataclass(frozen=True, slots=True)
class DomContext:
    """Where an HTML block sits in the document; empty for text input."""

    tag: str
    ancestors: tuple[str, ...] = ()  # tag names from <html> down to the parent
    tokens: tuple[str, ...] = ()  # lower-cased word pieces of class/id/role of the block and its ancestors
    own_tokens: tuple[str, ...] = ()  # the same, of the block element alone
    itemprop: str = ""
    link_chars: int = 0  # characters of the block's text inside <a>
    n_links: int = 0
    depth: int = 0
    n_siblings: int = 0  # element siblings of the block element
    near_image: bool = False  # an <img>/<picture>/<video> in the block or its parent
    in_jsonld_body: float = -1.0  # share of the block's words found in JSON-LD articleBody; -1 when the page has none
    row: int = -1  # cells of one data-table row share this id, so a renderer can rebuild the row; -1 elsewhere
    landmarks: tuple[str, ...] = ()  # semantic ancestors (article, main, nav, aside, … incl. ARIA roles), uncapped
    container_chars: int = 0  # text characters under the block element's parent, for the container's link density
    container_link_chars: int = 0
    # Element numbers of the block element's parent, grandparent, … (nearest first, a few levels): blocks that
    # share one are siblings or cousins in the same container, which rules use to find the article's element.
    containers: tuple[int, ...] = ()
    container_depth: int = 0  # depth of containers[0]; containers[k] sits k levels above it


@dataclass(frozen=True, slots=True)
class Block:
    """One unit that gets a label: a line of a text dump, or the own text of a block-level element."""

    index: int
    text: str  # clean text: markers, indentation and surrounding whitespace removed
    raw: str = ""  # as it stood in the input (text input: the whole line)
    line: int | None = None  # 1-based input line (text input only), blank lines counted
    kind: str = "p"  # p, heading, li, td, th, blockquote, pre, figcaption, caption, dt, dd, title
    level: int = 0  # heading level 1–6 for headings; list nesting for items
    indent: int = 0
    bullet: str = ""  # the list marker found at the start of a text line, if any
    blank_before: bool = False
    blank_after: bool = False
    dom: DomContext | None = None


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None = None  # the page's <title> / og:title / JSON-LD headline, before agreement checks
    headline: str | None = None  # h1 or JSON-LD headline
    author: str | None = None
    date: str | None = None
    date_modified: str | None = None  # the date of the last update; looked for only on pages that state no other
    language: str | None = None
    url: str | None = None
    site_name: str | None = None
    jsonld_body: str | None = None


@dataclass(frozen=True, slots=True)
class Segmented:
    """What a segmenter hands to the features stage."""

    kind: str  # "text" or "html"
    blocks: tuple[Block, ...]
    metadata: Metadata = field(default_factory=Metadata)
    warnings: tuple[str, ...] = ()
    # Text dumps read column by column (segment/columns.py): the input's lines, since a block is then a cell and
    # the result still has one line per input line. Empty when every block is a whole line.
    source_lines: tuple[str, ...] = ()
    # Text dumps wrapped at a fixed width (segment/unwrap.py): the one-per-line blocks that wrapped paragraphs were
    # joined from, and for each of them the index of the block it went into. Empty when nothing was joined.
    line_blocks: tuple[Block, ...] = ()
    line_owner: tuple[int, ...] = ()
    # Text dumps written as Markdown, whose links and marks were read as text (segment/markdown.py).
    markdown: bool = False


@dataclass(frozen=True, slots=True)
class Decision:
    """The settled label of one block and the rule (or model) that settled it."""

    label: Label
    kept: bool
    reason: str


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    label: Label
    probability: float
    kept: bool
    reason: str
    line: int | None = None
    kind: str = "p"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A piece of the rebuilt article: wrapped lines joined, with its structural kind for Markdown."""

    text: str
    kind: str = "p"  # p, heading, li, blockquote, pre, table-row
    level: int = 0


@dataclass(frozen=True)
class CleanResult:
    title: str | None
    body: str
    captions: list[str]
    confidence: float
    lines: list[Line]
    paragraphs: list[Paragraph] = field(default_factory=list)
    kind: str = "text"
    author: str | None = None
    date: str | None = None
    language: str | None = None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "body": self.body,
            "captions": list(self.captions),
            "confidence": round(self.confidence, 4),
            "kind": self.kind,
            "author": self.author,
            "date": self.date,
            "language": self.language,
            "warnings": list(self.warnings),
            "paragraphs": [{"text": p.text, "kind": p.kind, "level": p.level} for p in self.paragraphs],
            "lines": [
                {
                    "line": ln.line,
                    "text": ln.text,
                    "label": ln.label.value,
                    "probability": round(ln.probability, 4),
                    "kept": ln.kept,
                    "reason": ln.reason,
                    "kind": ln.kind,
                }
                for ln in self.lines
            ],
        }


# --- fast constructors ------------------------------------------------------------------------------------------
# Hot loops build hundreds of these per page. new_block((index, text, ...)) takes every field, in declaration order,
# as one tuple and returns what Block(index, text, ...) returns; compiled (cleaner/_records.pyx) when available.

try:
    from ._records import Maker as _Maker
except ImportError:
    _Maker = None


def _constructor(cls):
    names = tuple(f.name for f in fields(cls))
    plain = all(f.init for f in fields(cls)) and not hasattr(cls, "__post_init__")

    def construct(values: tuple):
        if len(values) != len(names):  # every field, always: as the compiled maker demands
            raise TypeError(f"{cls.__name__} takes {len(names)} values, not {len(values)}")
        return cls(*values)

    if _Maker is None or not plain or getattr(cls, "__slots__", None) != names:
        return construct
    try:
        return _Maker(cls, names)
    except ValueError:  # a slot the maker cannot write (another Python's layout): the plain constructor
        return construct


new_block = _constructor(Block)
new_dom_context = _constructor(DomContext)
new_decision = _constructor(Decision)
new_line = _constructor(Line)
new_paragraph = _constructor(Paragraph)
