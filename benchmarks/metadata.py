"""Title, author and publication date of HTML pages against the corpora's own metadata, cleaner beside its peers.

    python benchmarks/metadata.py [--corpus NAME ...] [--systems cleaner,trafilatura,...] [--kind html|text]
        [--limit N] [--out DIR]

Gold values come from each page's meta.json (l3s-gn1: headline; wcxb-articles: title, author, publish_date;
readability: title, byline); a field is scored only on pages that have it. Scoring is in
cleaner/evaluation/fields.py. Pages are the same held-out split as benchmarks/run.py. Writes metadata.md and
metadata.json (metadata-text.* for --kind text) to --out (default: benchmarks/results). Speed is not measured here: peers run with their metadata
extraction on, which is not how run.py times them.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import shlex
import sys
from pathlib import Path
from typing import Any, Callable

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.guard import CallTimeout, time_limit
from benchmarks.peers import version_of
from benchmarks.run import DEFAULT_SPLITS, present_corpora
from cleaner.corpus import cached_dump, iter_pages, renderer_available
from cleaner.evaluation.fields import FIELDS, field_scores, gold_value, match_field

MetaFn = Callable[[str], dict]
# What a corpus's gold values are, where that changes how to read the scores.
GOLD_NOTES = {
    "readability": "Gold is Readability.js's own output: its title is mostly the page's <title> (site name kept),"
                   " its byline the printed text (\"By …\", dates and all); systems that return the <title> match it.",
    "l3s-gn1": "Gold title is the annotated headline; on some pages it runs on into the standfirst.",
    "wcxb-articles": "Gold was drafted by an LLM and reviewed; its date is the one the page shows, often the"
                     " last update rather than the first publication.",
}
CALL_TIMEOUT_S = 30.0


def _cleaner(kind: str = "html") -> MetaFn:
    from cleaner import Cleaner

    cleaner = Cleaner()

    def run(page: str) -> dict:
        r = cleaner.clean(page, kind=kind)
        return {"title": r.title, "author": r.author, "date": r.date}

    return run


def _trafilatura() -> MetaFn:
    import trafilatura

    def run(html: str) -> dict:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, as_dict=True) or {}
        return {"title": doc.get("title"), "author": doc.get("author"), "date": doc.get("date")}

    return run


def _newspaper4k() -> MetaFn:
    from newspaper import Article, Config

    config = Config()
    config.fetch_images = False
    config.follow_meta_refresh = False

    def run(html: str) -> dict:
        article = Article("http://localhost/article", config=config)
        article.download(input_html=html)
        article.parse()
        return {"title": article.title, "author": ", ".join(article.authors or []) or None,
                "date": article.publish_date}

    return run


def _goose3() -> MetaFn:
    import logging

    from goose3 import Goose

    logging.getLogger("goose3").setLevel(logging.ERROR)
    goose = Goose({"enable_image_fetching": False})

    def run(html: str) -> dict:
        article = goose.extract(raw_html=html)
        return {"title": article.title, "author": ", ".join(article.authors or []) or None,
                "date": article.publish_date}

    return run


SYSTEMS: dict[str, tuple[Callable[[], MetaFn], str]] = {
    "cleaner": (_cleaner, "cleaner"),
    "trafilatura": (_trafilatura, "trafilatura"),
    "newspaper4k": (_newspaper4k, "newspaper4k"),
    "goose3": (_goose3, "goose3"),
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", action="append", help="corpus name or path (repeatable; default: all present)")
    ap.add_argument("--systems", default=",".join(SYSTEMS), help=f"comma-separated, from {', '.join(SYSTEMS)}")
    ap.add_argument("--split", default=None, help="train, test or all (default: held-out sites where we train)")
    ap.add_argument("--limit", type=int, default=None, help="at most this many pages per corpus")
    ap.add_argument("--kind", choices=("html", "text"), default="html",
                    help="text: cleaner alone on w3m dumps (no peer reads metadata from a text dump)")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results")
    return ap.parse_args(argv)


def call(fn: MetaFn, html: str) -> tuple[dict, str | None]:
    try:
        with time_limit(CALL_TIMEOUT_S):
            return fn(html), None
    except CallTimeout:
        return {}, "timeout"
    except Exception as exc:  # one page failing is a data point
        return {}, f"{type(exc).__name__}: {' '.join(str(exc).split())[:100]}"


def score_corpus(corpus: str, split: str, systems: dict[str, MetaFn], limit: int | None, kind: str = "html") -> dict:
    pages = iter_pages(corpus, split=split, limit=limit)
    golds = [{f: gold_value(f, p.meta()) for f in FIELDS} for p in pages]
    out: dict[str, Any] = {"corpus": corpus, "kind": kind, "split": split, "n_pages": len(pages), "systems": {}}
    for name, fn in systems.items():
        matches: dict[str, list] = {f: [] for f in FIELDS}
        misses: dict[str, list] = {f: [] for f in FIELDS}
        errors = 0
        for page, gold in zip(pages, golds):
            if not any(gold.values()):
                continue
            got, error = call(fn, page.html() if kind == "html" else cached_dump(page))
            errors += error is not None
            for field in FIELDS:
                if gold[field] is None:
                    continue
                m = match_field(field, gold[field], got.get(field))
                matches[field].append(m)
                if not m.exact:
                    # Page ids only: the corpora's text (titles and names included) stays out of the repo.
                    misses[field].append(page.page_id)
        out["systems"][name] = {
            "fields": {f: field_scores(matches[f]) for f in FIELDS},
            "errors": errors,
            "misses": misses,
        }
    return out


def render(results: dict) -> str:
    lines = [
        "# Metadata",
        "",
        f"`{results['command']}` on {results['date']}.",
        "",
        ("Title, author and date of HTML pages" if results.get("kind", "html") == "html" else
         "Title, author and date of w3m text dumps (cleaner alone; the author and date are those the dump prints)")
        + " against each corpus's meta.json (scoring: cleaner/evaluation/fields.py):",
        "exact = same case-folded `\\w+` tokens in order (title), same set of name tokens (author), same calendar day",
        "(date); F1 = mean token F1 (partial credit); found = share of pages where the system returned a value. Only",
        "pages whose gold has the field count.",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in results["versions"].items()),
    ]
    for run in results["corpora"]:
        lines += ["", f"## {run['corpus']} — {run.get('kind', 'html')} (split {run['split']}, {run['n_pages']} pages)", ""]
        if not any(f["n"] for s in run["systems"].values() for f in s["fields"].values()):
            lines.append("No title, author or date in this corpus's meta.json: nothing to score.")
            continue
        if run["corpus"] in GOLD_NOTES:
            lines += [GOLD_NOTES[run["corpus"]], ""]
        lines += ["| system | field | pages | found | exact | F1 |", "|---|---|---:|---:|---:|---:|"]
        for name, s in run["systems"].items():
            for field, f in s["fields"].items():
                if not f["n"]:
                    continue
                lines.append(f"| {name} | {field} | {f['n']} | {f['found']:.3f} | {f['exact']:.3f} | {f['f1']:.3f} |")
        errors = {n: s["errors"] for n, s in run["systems"].items() if s["errors"]}
        if errors:
            lines += ["", "Errors: " + ", ".join(f"{n} {e}" for n, e in errors.items())]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    names = [n.strip() for n in args.systems.split(",") if n.strip()]
    unknown = [n for n in names if n not in SYSTEMS]
    if unknown:
        raise SystemExit(f"unknown system(s) {', '.join(unknown)}; known: {', '.join(SYSTEMS)}")
    systems: dict[str, MetaFn] = {}
    versions: dict[str, str] = {}
    skipped: dict[str, str] = {}
    for name in names:
        factory, distribution = SYSTEMS[name]
        if args.kind == "text" and name != "cleaner":
            skipped[name] = "reads no metadata from a text dump"
            continue
        try:
            systems[name] = _cleaner(args.kind) if name == "cleaner" else factory()
            versions[name] = version_of(distribution)
        except Exception as exc:
            skipped[name] = f"{type(exc).__name__}: {exc}"
    if args.kind == "text" and not renderer_available("w3m"):
        raise SystemExit("metadata: --kind text needs w3m to render the dumps")
    corpora = args.corpus or present_corpora()
    runs = []
    for corpus in corpora:
        split = args.split or DEFAULT_SPLITS.get(corpus, "all")
        print(f"metadata: {corpus} ({split})", file=sys.stderr)
        runs.append(score_corpus(corpus, split, systems, args.limit, args.kind))
    results = {
        "command": ("python benchmarks/metadata.py " + shlex.join(argv if argv is not None else sys.argv[1:])).strip(),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "kind": args.kind,
        "versions": versions,
        "skipped": skipped,
        "corpora": runs,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    stem = "metadata" if args.kind == "html" else "metadata-text"
    (args.out / f"{stem}.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (args.out / f"{stem}.md").write_text(render(results), encoding="utf-8")
    print(render(results))
    return results



if __name__ == "__main__":
    main()
