"""The cleaner: segment → features → model → rules → result. One Cleaner holds the models; it is safe to share
between threads (models are read-only after loading, and each call keeps its state on its own stack)."""
from __future__ import annotations

import gc
import re
import threading
import time
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from .dates import find_byline, find_date, find_split_byline, may_hold_byline_or_date, may_hold_date
from .decode import InputError, drop_nul, read_page, sniff_kind
from .features import page_features, schema_version
from .mojibake import has_mojibake, repair_mojibake
from .model.store import BlockModel, has_model, load_model
from .options import DEFAULT_OPTIONS, Options
from .rules.assemble import assemble
from .rules.context import RuleContext
from .rules.core import apply_rules, model_decisions
from .segment.markdown import plain_markdown
from .segment.text import segment_text
from .segment.unwrap import unwrap
from .types import CONTENT, LABELS, CleanResult, Line, Paragraph, Segmented, new_line

KINDS = ("auto", "text", "html")
MOJIBAKE_REPAIRED = "mojibake (UTF-8 read as Windows-1252/Latin-1) repaired in the article's text"


@contextmanager
def collector_paused(pause: bool = True):
    """The cyclic garbage collector off for the block, and back on after it if it was on before. A page makes
    thousands of short-lived objects; collections in the middle of it find them all alive, promote them, and every
    few dozen pages that ends in a full collection over the whole process's heap. Paused, the page's objects are
    freed by reference counting before the collector ever looks."""
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class Cleaner:
    def __init__(self, options: Options | None = None, model_dir: str | Path | None = None) -> None:
        self.options = options or DEFAULT_OPTIONS
        # A user-supplied folder is explicit opt-in to unpickling its files; None means the shipped models.
        self._model_dir = Path(model_dir) if model_dir is not None else None
        self._models: dict[str, BlockModel | None] = {}
        self._lock = threading.Lock()
        # Class/id word -> cue groups, shared by every page this Cleaner cleans (a pure function's answers, so
        # threads may read and add to it at once); bounded by options.token_cache_entries.
        self._token_groups: dict[str, tuple[int, ...]] = {}

    def model(self, kind: str) -> BlockModel:
        found = self._models.get(kind)
        if found is not None:
            return found
        with self._lock:
            if kind not in self._models:
                self._models[kind] = load_model(kind, schema_version(kind), self._model_dir)
            return self._models[kind]

    def lexical_model(self) -> BlockModel | None:
        """The lexical model for text dumps, or None when options.lexical_model is off or the model folder has none
        (a folder trained before it existed cleans with its text model alone)."""
        if not self.options.lexical_model:
            return None
        if "lexical" in self._models:
            return self._models["lexical"]
        with self._lock:
            if "lexical" not in self._models:  # its absence is remembered too: no file test per page
                present = has_model("lexical", self._model_dir)
                self._models["lexical"] = (
                    load_model("lexical", schema_version("lexical"), self._model_dir) if present else None
                )
            return self._models["lexical"]

    def text_probabilities(self, seg: Segmented, features: np.ndarray) -> np.ndarray:
        """A text dump's label probabilities: the text model's, averaged with the lexical model's on the lines the
        text model is less than options.lexical_unsure_below sure of, where there is a lexical model. Averaged rather
        than the lexical model alone: its word weights misjudge a whole article whose words are a site's own chrome
        (a newspaper's blog about its apps and homepage read as navigation), and the average gained on three corpora
        of four (README). Only the unsure lines: the others are about 70% of a dump's lines (menus mostly), whose
        average cost the second model's walk and, with the cut-off at 99%, changed no page's body (at 95% a few of
        l3s-gn1's, for +0.0006)."""
        probabilities = self.model("text").predict_proba(features)
        lexical = self.lexical_model()
        if lexical is None or lexical.prior is None or not len(seg.blocks):
            return probabilities
        unsure = np.flatnonzero(probabilities.max(axis=1) < self.options.lexical_unsure_below)
        if not unsure.size:
            return probabilities
        # The prior reads every line: its columns include windows over the neighbours.
        columns = lexical.prior.columns([block.text.lower() for block in seg.blocks])
        second = lexical.predict_proba(np.hstack([features[unsure], columns[unsure]]))
        probabilities[unsure] = (probabilities[unsure] + second) * np.float32(0.5)
        return probabilities

    def segment(self, text: str, kind: str, utf8: bytes | None = None) -> Segmented:
        """utf8: for HTML, the page as UTF-8 bytes when the caller has them (exactly text.encode("utf-8"))."""
        if kind == "html":
            from .segment.html import segment_html

            return segment_html(text, self.options, utf8=utf8)
        seg = segment_text(text, self.options)
        if "](" in text:  # no Markdown link anywhere (most dumps): one scan of the page skips the step
            seg = plain_markdown(seg, self.options)
        return unwrap(seg, self.options)

    def clean(self, page: str | bytes, *, kind: str = "auto", charset: str | None = None) -> CleanResult:
        """charset: for bytes, the charset the transport named (HTTP Content-Type), tried first as browsers do;
        a byte order mark still wins, and bytes it does not fit are read as if it had not been given."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        with collector_paused(self.options.pause_collector):
            return self._clean(page, kind, charset)

    def _clean(self, page: str | bytes, kind: str, charset: str | None = None) -> CleanResult:
        started = time.perf_counter()
        warnings: list[str] = []
        # NULs stay in an HTML page until segment_html finds them in its bytes, where that costs a memchr.
        text, utf8 = read_page(page, self.options, warnings, keep_nul=kind != "text", charset=charset)
        if kind == "auto":
            kind = sniff_kind(text)
            if kind == "text":
                text = drop_nul(text, warnings)
        seg = self.segment(text, kind, utf8)
        warnings.extend(seg.warnings)
        if not seg.blocks:
            title = seg.metadata.headline or seg.metadata.title if kind == "html" else None
            title, _, _, _ = _without_mojibake(self.options, warnings, title, [], [], None)
            return CleanResult(
                title=title,
                body="",
                captions=[],
                confidence=0.0,
                lines=[],
                kind=kind,
                author=seg.metadata.author,
                date=seg.metadata.date or seg.metadata.date_modified,
                language=seg.metadata.language,
                warnings=warnings,
            )
        features, _ = page_features(seg, self._token_groups)
        if len(self._token_groups) > self.options.token_cache_entries:
            self._token_groups.clear()
        if kind == "text":
            probabilities = self.text_probabilities(seg, features)
        else:
            probabilities = self.model(kind).predict_proba(features)
        ctx = RuleContext.of_page(seg, probabilities, self.options)
        budget = self.options.time_budget_ms
        if budget is not None and (time.perf_counter() - started) * 1000 > budget:
            warnings.append(f"time budget of {budget} ms spent before the rules; labels are the model's alone")
            decisions = model_decisions(ctx)
            article = assemble(ctx, decisions)
        else:
            article = assemble(ctx, apply_rules(ctx))
        return _result(seg, ctx, article, kind, warnings)

    def clean_many(self, pages, *, workers: int | None = None, timeout: float = 30.0, kind: str = "auto"):
        """Clean pages on worker processes (model loaded once per worker); yields cleaner.batch Output records in
        input order, with `error` set on pages that failed, timed out or were too large (timeout in seconds)."""
        from .batch.runner import clean_pages

        return clean_pages(pages, options=self.options, model_dir=self._model_dir, workers=workers, timeout=timeout, kind=kind)


def _result(seg: Segmented, ctx: RuleContext, article, kind: str, warnings: list[str]) -> CleanResult:
    blocks, decisions = seg.blocks, article.decisions
    labels = [d.label for d in decisions]
    column = {label: LABELS.index(label) for label in LABELS}
    # Each line's probability is that of its settled label: one fancy-indexing pass, not a lookup per line.
    rows = np.arange(len(labels))
    probabilities = ctx.probabilities[rows, np.array([column[label] for label in labels], dtype=np.intp)].tolist()
    if seg.source_lines:
        lines = _lines_of_cells(seg, decisions, probabilities)
    elif seg.line_owner:
        lines = _lines_of_paragraphs(seg, decisions, probabilities)
    else:
        lines = list(map(new_line, zip(  # text, label, probability, kept, reason, line, kind
            [b.raw for b in blocks] if kind == "text" else [b.text for b in blocks],
            labels,
            probabilities,
            [d.kept for d in decisions],
            [d.reason for d in decisions],
            [b.line for b in blocks],
            [b.kind for b in blocks],
        )))
    meta = seg.metadata
    author, date = meta.author, meta.date
    if author is None or date is None:
        printed_author, printed_date = _printed_byline(seg, article, ctx.options)
        # A page that states only when it was last updated: that date is still the page's.
        author, date = author or printed_author, date or printed_date or meta.date_modified
    title, paragraphs, captions, author = _without_mojibake(
        ctx.options, warnings, article.title, list(article.paragraphs), list(article.captions), author
    )
    return CleanResult(
        title=title,
        body="\n\n".join(p.text for p in paragraphs),
        captions=captions,
        confidence=article.confidence,
        lines=lines,
        paragraphs=paragraphs,
        kind=kind,
        author=author,
        date=date,
        language=meta.language,
        warnings=warnings,
    )


def _without_mojibake(options: Options, warnings: list[str], title: str | None, paragraphs: list[Paragraph],
                      captions: list[str], author: str | None):
    """The article's text with its mojibake decoded back (cleaner/mojibake.py) when its title and body hold enough
    of it to say the page has some; as given otherwise."""
    body = "\n".join([title or ""] + [p.text for p in paragraphs])
    if not options.repair_mojibake or not has_mojibake(body):
        return title, paragraphs, captions, author
    warnings.append(MOJIBAKE_REPAIRED)
    return (
        repair_mojibake(title) if title is not None else None,
        [replace(p, text=repair_mojibake(p.text)) for p in paragraphs],
        [repair_mojibake(c) for c in captions],
        repair_mojibake(author) if author is not None else None,
    )


def _lines_of_cells(seg: Segmented, decisions, probabilities: list[float]) -> list[Line]:
    """One result line per input line of a dump read column by column. A line speaks for the cell the reader most
    wants: the longest cell kept as body, else the longest kept caption, else the longest cell."""
    by_line: dict[int, list[int]] = {}
    for i, block in enumerate(seg.blocks):
        by_line.setdefault(block.line, []).append(i)

    def wanted(i: int) -> tuple[bool, bool, int]:
        d = decisions[i]
        return d.kept and d.label is CONTENT, d.kept, len(seg.blocks[i].text)

    lines = []
    for number in sorted(by_line):
        cells = by_line[number]
        i = max(cells, key=wanted)  # the first of equals
        d = decisions[i]
        # --explain shows the whole line: say which of its cells the label is about.
        reason = d.reason if len(cells) == 1 else f"{d.reason}; for the cell {seg.blocks[i].text[:40]!r} (one of the line's {len(cells)} cells)"
        lines.append(new_line((seg.source_lines[number - 1], d.label, probabilities[i], d.kept, reason, number,
                               seg.blocks[i].kind)))
    return lines


def _lines_of_paragraphs(seg: Segmented, decisions, probabilities: list[float]) -> list[Line]:
    """One result line per input line of a dump whose wrapped paragraphs were joined (segment/unwrap.py): each line
    gets its paragraph's label."""
    lines = []
    for block, i in zip(seg.line_blocks, seg.line_owner):
        d = decisions[i]
        head = seg.blocks[i].line
        reason = d.reason if block.line == head else f"{d.reason}; wrapped on from line {head}"
        lines.append(new_line((block.raw, d.label, probabilities[i], d.kept, reason, block.line, block.kind)))
    return lines


# Two or three capitalised words, a middle initial allowed, as people are named ("Jane Doe", "Justin C. Meserole";
# "Mary-Ann de la Cruz" is left to "By").
_BARE_NAME = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ'’.-]+(?: [A-ZÀ-Ý]\.?)?(?: [A-ZÀ-Ý][a-zà-ÿ'’-]+){1,2}$")
_WORD = re.compile(r"\w+")
# Words of the menus and widgets that sit next to a date, never of a person's name.
_NOT_NAME_WORDS = frozenset(
    "article articles page pages news sport sports service services press wire tools tool info portfolio slideshow "
    "gallery video videos photo photos update updates edition online international unlimited united daily weekly "
    "magazine blog blogs home contact comments comment share print email related special latest more other local "
    "world business league club size font version story stories".split()
)
_DATE_AFTER_NAME = re.compile(r"\s*[•·|–—]\s*|\s{2,}")


def _printed_byline(seg: Segmented, article, options: Options) -> tuple[str | None, str | None]:
    """Author and date as the page prints them around the headline, for pages whose markup states neither."""
    start = article.title_index
    if start is None:
        start = next((i for i, d in enumerate(article.decisions) if d.kept and d.label is CONTENT), None)
    if start is None:
        return None, None
    author = date = None
    window, kept_max = options.byline_window, options.byline_kept_max_chars
    end = min(len(seg.blocks), start + window)
    for i in range(max(0, start - window), end):
        text = seg.blocks[i].text
        if (article.decisions[i].kept and len(text) > kept_max) or not may_hold_byline_or_date(text):
            continue  # body text mentions dates and people; a byline the model kept is a short line
        author = author or find_byline(text) or (find_split_byline(text, seg.blocks[i + 1].text) if i + 1 < end else None)
        date = date or find_date(text)
        if author and date:
            break
    if author is None:
        near = options.byline_bare_name_lines
        author = _name_beside_date(seg, article, max(0, start - near), min(len(seg.blocks), start + near), kept_max)
    return author, date


def _name_beside_date(seg: Segmented, article, lo: int, hi: int, kept_max: int) -> str | None:
    """A byline printed without "By": a bare name on the line next to the date ("Jane Doe" / "May 2, 2025"), or
    before it on the same line ("Jane Doe • May 2, 2025"). Menus sit next to dates too ("Related Articles",
    "Contact Us"): a name has no menu word and none of the words the page writes in lower case elsewhere."""
    page_text: str | None = None
    # Both readings need a date on the line or next to it: lines with no year around them are passed over unread.
    dated = [may_hold_date(seg.blocks[j].text) for j in range(lo, hi)]
    for i in range(lo, hi):
        if not (dated[i - lo] or (i > lo and dated[i - lo - 1]) or (i + 1 < hi and dated[i - lo + 1])):
            continue
        text = seg.blocks[i].text.strip()
        if article.decisions[i].kept and len(text) > kept_max:
            continue
        name = None
        head = _DATE_AFTER_NAME.split(text, maxsplit=1)
        if len(head) == 2 and _BARE_NAME.match(head[0].strip()) and find_date(text):
            name = head[0].strip()
        elif _BARE_NAME.match(text) and any(
            lo <= j < hi and len(seg.blocks[j].text) <= 60 and find_date(seg.blocks[j].text) for j in (i - 1, i + 1)
        ):
            name = text
        if name is None:
            continue
        words = [w.lower() for w in _WORD.findall(name)]
        if any(w in _NOT_NAME_WORDS for w in words):
            continue
        if page_text is None:
            page_text = "\n".join(b.text for b in seg.blocks)
        # The substring test (vectorised) rules out most words before the whole-word regex has to scan the page.
        if not any(w in page_text and re.search(rf"(?<!\w){re.escape(w)}(?!\w)", page_text) for w in words):
            return name
    return None


@lru_cache(maxsize=1)
def default_cleaner() -> Cleaner:
    return Cleaner()


def clean(page: str | bytes, *, kind: str = "auto", charset: str | None = None) -> CleanResult:
    """Clean one page with the shared default Cleaner (models loaded once per process); see Cleaner.clean."""
    return default_cleaner().clean(page, kind=kind, charset=charset)


__all__ = ["Cleaner", "InputError", "clean", "default_cleaner"]
