"""Labelled training examples from the corpora (text dumps per renderer, and HTML blocks) and our hand-labelled pages.

Labels come from cleaner.training.align; building them for every page and renderer takes a minute, so each
(corpus, renderer) set is cached under .cache/datasets, keyed by the corpus files and the labelling code.

    python -m cleaner.training.dataset --corpus l3s-gn1 --corpus wcxb-articles --renderers w3m,w3m80,lynx,htmltext --stats
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import re
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from ..corpus import (
    DEFAULT_CACHE,
    REPO_ROOT,
    Page,
    cached_dump,
    iter_pages,
    renderer_digest,
    resolve_corpus,
    shared_corpora_dir,
    site_split,
)
from ..evaluation.metrics import PageMatch, corpus_scores, match_page
from ..segment.text import segment_text
from ..types import LABELS
from .align import NEAR_IMAGE_TOKEN, align_detailed

HTML = "html"  # the pseudo-renderer under which HTML-block examples are cached and reported
WORKERS = 2
HANDMADE_DIR = REPO_ROOT / "training_data" / "pages"
FORMAT_VERSION = 2  # bump when the cached objects change shape


@dataclass(frozen=True, slots=True)
class TextExample:
    corpus: str
    page_id: str
    site: str
    renderer: str
    text: str  # the whole dump
    # (1-based line number, label) of every labelled non-empty line; with by_block, (index into
    # segment_text(text).blocks, label), since a dump laid out in columns has several blocks (cells) to a line.
    labels: tuple[tuple[int, str], ...]
    by_block: bool = False


@dataclass(frozen=True, slots=True)
class HtmlExample:
    corpus: str
    page_id: str
    site: str
    html_path: str
    labels: tuple[tuple[int, str], ...]  # (index into segment_html(...).blocks, label)


@dataclass(frozen=True, slots=True)
class PageReport:
    """How the labelling of one page and renderer went; the --stats table is built from these."""

    corpus: str
    page_id: str
    renderer: str
    n_units: int  # non-empty lines, or blocks
    counts: tuple[tuple[str, int], ...]  # label -> units; "none" for units left unlabelled
    skipped: str = ""  # why the page got no labels, if it did not
    tp: int = 0  # oracle: shingles of the joined content units against truth.txt
    n_pred: int = 0
    n_truth: int = 0
    snippet_misses: int = 0


# --- one page ----------------------------------------------------------------------------------------------------


def low_support_pages(corpus_root: Path) -> frozenset[str]:
    """Pages whose truth the corpus itself found poorly supported by the HTML (STATS.json, two layouts in use)."""
    path = corpus_root / "STATS.json"
    if not path.exists():
        return frozenset()
    stats = json.loads(path.read_text(encoding="utf-8"))
    ids = {str(entry[0]) for entry in stats.get("low_support_examples", []) if entry}
    ids.update(str(k) for k in stats.get("truth_5gram_support_below_0.5", {}))
    return frozenset(ids)


def nonempty_lines(text: str) -> list[tuple[int, str]]:
    # str.splitlines, as cleaner.segment.text uses, so line numbers agree with the segmenter's Block.line.
    return [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def _report(page: Page, renderer: str, units: Sequence[str], labels, truth: str, skipped: str, misses: int) -> PageReport:
    counts = Counter(str(x) if x is not None else "none" for x in labels)
    pred = "\n".join(u for u, x in zip(units, labels) if x is not None and x.value == "content")
    m = match_page(truth, pred) if not skipped else None
    return PageReport(
        corpus=page.corpus, page_id=page.page_id, renderer=renderer, n_units=len(units),
        counts=tuple(sorted(counts.items())), skipped=skipped,
        tp=m.tp if m else 0, n_pred=m.n_pred if m else 0, n_truth=m.n_truth if m else 0, snippet_misses=misses,
    )


def _align(page: Page, units: Sequence[str], truth: str, skip: bool, dom_tokens=None):
    if skip:
        return (None,) * len(units), "low truth support (STATS.json)", 0
    al = align_detailed(units, truth, block_labels=page.labels(), meta=page.meta(), dom_tokens=dom_tokens)
    return al.labels, ("truth not found in this rendering" if al.skipped else ""), al.snippet_misses


def label_dump(page: Page, renderer: str, truth: str, skip: bool = False) -> tuple[TextExample | None, PageReport]:
    text = cached_dump(page, renderer)
    # The units are the segmenter's blocks (whole lines, or the cells of a dump laid out in columns), so the model
    # learns from the blocks it will classify.
    units = [block.raw for block in segment_text(text).blocks]
    labels, skipped, misses = _align(page, units, truth, skip)
    pairs = tuple((i, x.value) for i, x in enumerate(labels) if x is not None)
    example = TextExample(page.corpus, page.page_id, page.site, renderer, text, pairs, by_block=True) if pairs else None
    return example, _report(page, renderer, units, labels, truth, skipped, misses)


def block_dom_tokens(block) -> tuple[str, ...]:
    """What align's DOM cues look at: the block's kind and tag, its ancestors' tags, class/id pieces, an image nearby."""
    dom = block.dom
    if dom is None:
        return (block.kind,)
    near = (NEAR_IMAGE_TOKEN,) if dom.near_image else ()
    return (block.kind, dom.tag, *dom.ancestors, *dom.tokens, *near)


def label_html(page: Page, truth: str, skip: bool = False) -> tuple[HtmlExample | None, PageReport]:
    from ..segment.html import segment_html  # here, so text-dump datasets build even while the segmenter is broken

    blocks = segment_html(page.html()).blocks
    units = [b.text for b in blocks]
    labels, skipped, misses = _align(page, units, truth, skip, dom_tokens=[block_dom_tokens(b) for b in blocks])
    pairs = tuple((i, x.value) for i, x in enumerate(labels) if x is not None)
    example = HtmlExample(page.corpus, page.page_id, page.site, str(page.html_path), pairs) if pairs else None
    return example, _report(page, HTML, units, labels, truth, skipped, misses)


def _label_page(job: tuple[Page, tuple[str, ...], bool]) -> dict[str, tuple]:
    """Worker: every requested renderer of one page, so the page's truth and labels are read once."""
    page, renderers, skip = job
    truth = page.truth()
    return {r: (label_html(page, truth, skip) if r == HTML else label_dump(page, r, truth, skip)) for r in renderers}


# --- caching -------------------------------------------------------------------------------------------------------


def _code_digest(renderer: str) -> str:
    here = Path(__file__).resolve().parent
    # The units labelled are our segmenter's blocks (and the htmltext dump comes from it): its code is part of the data.
    seg = here.parent / "segment"
    files = [here / "align.py", here / "dataset.py"]
    files += sorted(seg.glob("*.py")) + sorted(seg.glob("*.pyx")) + [here.parent / "types.py", here.parent / "options.py"]
    # A dump's text depends on the renderer's command and on how its output is cleaned up (corpus.py): both are
    # part of the data too.
    rendered_by = "" if renderer == HTML else renderer_digest(renderer)
    digest = hashlib.sha256(f"v{FORMAT_VERSION}/{renderer}/{rendered_by}".encode())
    for f in files:
        if f.exists():
            digest.update(f.read_bytes())
    return digest.hexdigest()


def _corpus_digest(pages: Sequence[Page]) -> str:
    digest = hashlib.sha256()
    for page in pages:
        for name in ("source.html", "truth.txt", "labels.jsonl", "meta.json"):
            p = page.path / name
            if p.exists():
                st = p.stat()
                digest.update(f"{page.page_id}/{name}/{st.st_size}/{st.st_mtime_ns}".encode())
    return digest.hexdigest()


def _cache_path(cache: Path, corpus: str, renderer: str, key: str) -> Path:
    return cache / "datasets" / f"{corpus}-{renderer}-{key[:16]}.pkl"


def build_corpus(
    corpus: str, renderers: Sequence[str], *, workers: int = WORKERS, cache: Path = DEFAULT_CACHE
) -> dict[str, list[tuple[object | None, PageReport]]]:
    """(example or None, report) for every page of the corpus (both splits), per renderer ("html" for HTML blocks)."""
    root = resolve_corpus(corpus)
    pages = iter_pages(root)
    name = root.name
    skip = low_support_pages(root)
    corpus_key = _corpus_digest(pages)
    out: dict[str, list] = {}
    missing: list[str] = []
    for r in renderers:
        path = _cache_path(cache, name, r, hashlib.sha256((corpus_key + _code_digest(r)).encode()).hexdigest())
        try:
            with path.open("rb") as fh:
                out[r] = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, AttributeError, EOFError):
            missing.append(r)  # absent, or written by an older layout of these classes: rebuild
    if missing:
        jobs = [(p, tuple(missing), p.page_id in skip) for p in pages]
        if workers > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                results = list(pool.map(_label_page, jobs, chunksize=8))
        else:
            results = [_label_page(j) for j in jobs]
        for r in missing:
            out[r] = [res[r] for res in results]
            path = _cache_path(cache, name, r, hashlib.sha256((corpus_key + _code_digest(r)).encode()).hexdigest())
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")  # two checkouts may share a cache and build at once
            with tmp.open("wb") as fh:
                pickle.dump(out[r], fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
            prune_stale_sets(path, f"{name}-{r}-*.pkl")
    return {r: out[r] for r in renderers}


STALE_SETS_KEPT = 2


def prune_stale_sets(current: Path, pattern: str, keep: int = STALE_SETS_KEPT) -> None:
    """Sets of this corpus and renderer built by other code (another branch or checkout sharing the cache, or this
    one before its last change): the `keep` most recently written stay, so switching back does not mean relabelling
    every page, and older ones go, so the cache does not grow with every change to the labelling code."""
    others = [p for p in current.parent.glob(pattern) if p != current]
    others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in others[keep:]:
        stale.unlink(missing_ok=True)


# --- public API ------------------------------------------------------------------------------------------------------


def _in_split(example, split: str | None) -> bool:
    return not split or split == "all" or site_split(example.site) == split


def text_examples(corpus: str, renderers: Sequence[str], split: str | None = None, **kw) -> list[TextExample]:
    built = build_corpus(corpus, renderers, **kw)
    return [ex for r in renderers for ex, _ in built[r] if ex is not None and _in_split(ex, split)]


def html_examples(corpus: str, split: str | None = None, **kw) -> list[HtmlExample]:
    return [ex for ex, _ in build_corpus(corpus, (HTML,), **kw)[HTML] if ex is not None and _in_split(ex, split)]


def all_text_examples(
    corpora: Iterable[str], renderers: Sequence[str], *, handmade: bool = True, **kw
) -> list[TextExample]:
    """Every corpus page in every renderer, both splits (the trainer splits by site), plus our hand-labelled pages."""
    examples = [ex for c in corpora for ex in text_examples(c, renderers, **kw)]
    return examples + handmade_examples() if handmade else examples


def all_html_examples(corpora: Iterable[str], **kw) -> list[HtmlExample]:
    return [ex for c in corpora for ex in html_examples(c, **kw)]


# --- hand-labelled pages ---------------------------------------------------------------------------------------------


def site_of_stem(stem: str) -> str:
    """'001_harbourgazette_en' -> 'harbourgazette': the running number and language code are not the site."""
    core = re.sub(r"^\d+_", "", stem)
    return re.sub(r"_[a-z]{2}$", "", core) or stem


def _read_labelled(txt: Path, corpus: str) -> TextExample | None:
    labels_path = txt.with_suffix(".labels.jsonl")
    if not labels_path.exists():
        return None
    text = txt.read_text(encoding="utf-8")
    lines = text.splitlines()
    valid = {label.value for label in LABELS}
    pairs = []
    with labels_path.open(encoding="utf-8") as fh:
        for raw in fh:
            if not raw.strip():
                continue
            row = json.loads(raw)
            n, label = int(row["line"]), str(row["label"])
            # A label whose line no longer says what the label file quotes is stale: drop it rather than mislabel.
            if label in valid and 1 <= n <= len(lines) and lines[n - 1].strip() == str(row.get("text", lines[n - 1])).strip():
                pairs.append((n, label))
    if not pairs:
        return None
    return TextExample(corpus, txt.stem, site_of_stem(txt.stem), "handmade", text, tuple(sorted(pairs)))


def handmade_examples(
    dirs: Sequence[tuple[Path, str]] | None = None,
) -> list[TextExample]:
    """Our own labelled pages (corpus "handmade") and the user's seeds (corpus "seeds"), sorted by file name."""
    if dirs is None:
        dirs = ((HANDMADE_DIR, "handmade"), (shared_corpora_dir().parent / "seeds", "seeds"))
    out = []
    for folder, corpus in dirs:
        if folder.is_dir():
            out += [ex for txt in sorted(folder.glob("*.txt")) if (ex := _read_labelled(txt, corpus))]
    return out


# --- statistics ------------------------------------------------------------------------------------------------------


def stats_row(reports: Sequence[PageReport]) -> dict:
    labelled = [r for r in reports if not r.skipped]
    counts: Counter = Counter()
    for r in labelled:
        counts.update(dict(r.counts))
    units = sum(counts.values())
    matches = [match_from(r) for r in labelled]
    scores = corpus_scores(matches, n_bootstrap=0) if matches else {}
    return {
        "pages": len(reports),
        "labelled": len(labelled),
        "units": units,
        "counts": {k: counts.get(k, 0) for k in [*(label.value for label in LABELS), "none"]},
        "none_share": counts.get("none", 0) / units if units else 0.0,
        "oracle_p": scores.get("precision"),
        "oracle_r": scores.get("recall"),
        "oracle_f1": scores.get("f1"),
        "snippet_misses": sum(r.snippet_misses for r in labelled),
    }


def match_from(report: PageReport) -> PageMatch:
    return PageMatch(tp=report.tp, n_pred=report.n_pred, n_truth=report.n_truth)


def format_stats(rows: dict[tuple[str, str], dict]) -> str:
    head = f"{'corpus':<16}{'renderer':<10}{'pages':>11}{'content':>9}{'caption':>9}{'navig.':>9}{'ad':>7}{'None%':>7}{'oP':>7}{'oR':>7}{'oF1':>7}{'snip':>6}"
    lines = [head, "-" * len(head)]
    for (corpus, renderer), s in rows.items():
        c = s["counts"]
        f = lambda x: f"{x:7.3f}" if x is not None else "      -"  # noqa: E731
        lines.append(
            f"{corpus:<16}{renderer:<10}{s['labelled']:>5}/{s['pages']:<5}{c['content']:>9}{c['caption']:>9}"
            f"{c['navigation']:>9}{c['ad']:>7}{100 * s['none_share']:>6.1f}%{f(s['oracle_p'])}{f(s['oracle_r'])}"
            f"{f(s['oracle_f1'])}{s['snippet_misses']:>6}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m cleaner.training.dataset", description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", action="append", required=True, help="corpus name or path (repeatable)")
    ap.add_argument("--renderers", default="w3m,w3m80,lynx,htmltext")
    ap.add_argument("--no-html", action="store_true", help="skip the HTML-block examples")
    ap.add_argument("--stats", action="store_true", help="print labels per corpus x renderer and the oracle body F1")
    ap.add_argument("--workers", type=int, default=WORKERS)
    args = ap.parse_args(argv)
    renderers = [r for r in args.renderers.split(",") if r] + ([] if args.no_html else [HTML])
    started = time.perf_counter()
    rows = {}
    for corpus in args.corpus:
        built = build_corpus(corpus, renderers, workers=args.workers)
        for r in renderers:
            rows[(resolve_corpus(corpus).name, r)] = stats_row([rep for _, rep in built[r]])
    hand = handmade_examples()
    elapsed = time.perf_counter() - started
    if args.stats:
        print(format_stats(rows))
        print("oracle: AEB 4-token-shingle P/R/F1 (cleaner.evaluation.metrics) of the content units joined vs truth.txt;")
        print("snip: wcxb with/without snippets the alignment got wrong (overridden in the labels)")
        by_corpus = Counter(ex.corpus for ex in hand)
        print(f"hand-labelled: {dict(by_corpus)} pages, {sum(len(ex.labels) for ex in hand)} labelled lines")
    print(f"built in {elapsed:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    # Run the package's copy of this module, not __main__'s: the cached pickles must name
    # cleaner.training.dataset.TextExample, or the trainer could not load them.
    from cleaner.training import dataset as _package_module

    raise SystemExit(_package_module.main())
