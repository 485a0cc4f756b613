"""How well `result.confidence` tells the pages cleaner got right from those it did not.

    python benchmarks/confidence.py [--corpus NAME ...] [--kind html|text|both] [--good 0.8] [--limit N] [--out DIR]

For every page of the benchmark's splits (benchmarks/run.py's DEFAULT_SPLITS), cleaner's body is scored as run.py
scores it (page F1 of 4-token shingles; an empty output counts 0) and set beside the page's confidence. Reported per
kind, pooled over the corpora and corpus by corpus: the share of pages below --good; the ROC AUC of confidence for
telling pages at or above --good from those below (1.0: every good page is more confident than every bad one; 0.5:
no better than chance); and the mean page F1 of the pages under a few confidence cut-offs and of the rest, which is
what a crawler that sets such pages aside keeps and loses. Writes confidence.md and confidence.json to --out (default
benchmarks/results)."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import shlex
import statistics
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.run import DEFAULT_SPLITS, page_input, present_corpora
from cleaner.corpus import iter_pages, renderer_available
from cleaner.evaluation.metrics import match_page

CUTOFFS = (0.5, 0.7, 0.8, 0.9)


def auc(good: list[float], bad: list[float]) -> float | None:
    """P(a good page's confidence > a bad page's), ties counting half: the ROC AUC, by ranks (Mann-Whitney U)."""
    if not good or not bad:
        return None
    scored = sorted([(c, 1) for c in good] + [(c, 0) for c in bad])
    rank_sum, i = 0.0, 0
    while i < len(scored):
        j = i
        while j < len(scored) and scored[j][0] == scored[i][0]:
            j += 1
        mean_rank = (i + 1 + j) / 2  # ranks i+1..j share their mean
        rank_sum += mean_rank * sum(1 for k in range(i, j) if scored[k][1] == 1)
        i = j
    n_good, n_bad = len(good), len(bad)
    return (rank_sum - n_good * (n_good + 1) / 2) / (n_good * n_bad)


def summarise(pages: list[tuple[float, float]], good_at: float) -> dict:
    """pages: (confidence, page F1) pairs."""
    good = [c for c, f in pages if f >= good_at]
    bad = [c for c, f in pages if f < good_at]
    value = auc(good, bad)
    bands = []
    for cut in CUTOFFS:
        below = [f for c, f in pages if c < cut]
        above = [f for c, f in pages if c >= cut]
        bands.append({
            "cutoff": cut,
            "share_below": round(len(below) / len(pages), 3),
            "f1_below": round(statistics.mean(below), 3) if below else None,
            "f1_at_or_above": round(statistics.mean(above), 3) if above else None,
            "bad_pages_below": sum(1 for c, f in pages if c < cut and f < good_at),
        })
    return {
        "pages": len(pages),
        "bad_pages": len(bad),
        "auc": None if value is None else round(value, 3),
        "mean_f1": round(statistics.mean(f for _, f in pages), 3),
        "bands": bands,
    }


def score(kind: str, corpora: list[str], limit: int | None, good_at: float) -> dict:
    from cleaner import Cleaner

    cleaner = Cleaner()
    per_corpus, pooled = {}, []
    for corpus in corpora:
        split = DEFAULT_SPLITS.get(corpus, "all")
        pages = []
        for page in iter_pages(corpus, split=split, limit=limit):
            result = cleaner.clean(page_input(page, kind), kind=kind)
            pages.append((result.confidence, match_page(page.truth(), result.body).f1))
        if pages:
            per_corpus[corpus] = {"split": split, **summarise(pages, good_at)}
            pooled.extend(pages)
    return {"kind": kind, "pooled": summarise(pooled, good_at) if pooled else None, "corpora": per_corpus}


def render(results: dict) -> str:
    good_at = results["good"]
    out = [
        "# Confidence",
        "",
        f"`{results['command']}` on {results['date']}.",
        "",
        f"How well `result.confidence` separates the pages cleaner extracts well (page F1 ≥ {good_at}) from the rest,"
        " on the benchmark's splits (body scored as in run.py; empty output counts 0). AUC: the chance that a good"
        " page is more confident than a bad one (0.5 is chance). Then, for a few cut-offs, the share of pages under"
        " it, their mean page F1, the mean page F1 of the pages at or above it, and how many of the bad pages fall"
        " under it.",
    ]
    for run in results["runs"]:
        out += ["", f"## {run['kind']}", "", "| pages | bad pages | AUC | mean page F1 | " + " | ".join(
            f"< {c}: share, F1 (rest's F1), bad caught" for c in CUTOFFS) + " |",
            "|---|---:|---:|---:|---:|" + "---:|" * (len(CUTOFFS) - 1)]
        rows = [("all", run["pooled"])] + [(f"{name} ({v['split']})", v) for name, v in run["corpora"].items()]
        for name, v in rows:
            cells = [f"{b['share_below']:.0%}, {_f1(b['f1_below'])} ({_f1(b['f1_at_or_above'])}), {b['bad_pages_below']}"
                     for b in v["bands"]]
            auc_cell = "–" if v["auc"] is None else f"{v['auc']:.3f}"
            out.append(f"| {name}: {v['pages']} | {v['bad_pages']} | {auc_cell} | {v['mean_f1']:.3f} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def _f1(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", action="append", help="corpus name or folder (repeatable); default: all present")
    ap.add_argument("--kind", choices=("html", "text", "both"), default="both")
    ap.add_argument("--good", type=float, default=0.8, help="page F1 at or above which a page counts as good")
    ap.add_argument("--limit", type=int, default=None, help="evenly spread sample of N pages per corpus")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    corpora = args.corpus or present_corpora()
    kinds = ("html", "text") if args.kind == "both" else (args.kind,)
    if "text" in kinds and not renderer_available("w3m"):
        raise SystemExit("confidence: --kind text needs w3m to render the dumps")
    results = {
        "command": ("python benchmarks/confidence.py " + shlex.join(argv if argv is not None else sys.argv[1:])).strip(),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "good": args.good,
        "runs": [score(kind, corpora, args.limit, args.good) for kind in kinds],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "confidence.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    (args.out / "confidence.md").write_text(render(results), encoding="utf-8")
    print(render(results))
    return results


if __name__ == "__main__":
    main()
