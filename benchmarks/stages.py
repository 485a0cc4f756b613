"""Where a page's time goes, stage by stage, warm and cold.

    python benchmarks/stages.py [--corpus l3s-gn1 ...] [--kind html|text] [--limit N]
                                [--between trafilatura,readability,...] [--out stages.json]

Warm: cleaner alone, page after page (after a warm-up), as a batch job runs it. Cold, with --between: before each
page the named peer extractors clean the same page, so cleaner's call starts with the caches full of their code and
data, as in run.py's page-by-page order. For each page the stages run one after another as clean() runs them
(segmentation, features, model, rules, assembly, result), each timed alone, and then the whole clean() call is timed
in a second pass (after the peers again, when cold). Figures are medians over pages; the stages' medians need not add
up to the call's. The gap between the two columns is the cold start that run.py's page-by-page timing charges.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.peers import load_systems
from benchmarks.run import DEFAULT_SPLITS, page_input, settle_collector
from cleaner import Cleaner
from cleaner.corpus import iter_pages, resolve_corpus
from cleaner.features import page_features
from cleaner.pipeline import _result, collector_paused
from cleaner.rules.assemble import assemble
from cleaner.rules.context import RuleContext
from cleaner.rules.core import apply_rules

STAGES = ("segmentation", "features", "model", "rules", "assembly", "result")
WARMUP_PAGES = 3


def stage_times(cleaner: Cleaner, source: str, kind: str) -> dict[str, float] | None:
    """Milliseconds of each stage of one clean() of the page, run in clean()'s order; None for a page with no
    blocks (clean() stops after segmentation there)."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    seg = cleaner.segment(source, kind)
    times["segmentation"] = _since(start)
    if not seg.blocks:
        return None
    start = time.perf_counter()
    features, _ = page_features(seg, cleaner._token_groups)
    times["features"] = _since(start)
    start = time.perf_counter()
    probabilities = cleaner.model(kind).predict_proba(features)
    times["model"] = _since(start)
    ctx = RuleContext.of_page(seg, probabilities, cleaner.options)
    start = time.perf_counter()
    decisions = apply_rules(ctx)
    times["rules"] = _since(start)
    start = time.perf_counter()
    article = assemble(ctx, decisions)
    times["assembly"] = _since(start)
    start = time.perf_counter()
    _result(seg, ctx, article, kind, [])
    times["result"] = _since(start)
    return times


def _since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def run_peers(peers: list, source: str, kind: str) -> None:
    for peer in peers:
        try:
            peer.run(source, kind)
        except Exception:  # a peer failing on a page still did the work that fills the caches
            pass


def measure(cleaner: Cleaner, sources: list[str], kind: str, peers: list) -> dict[str, list[float]]:
    """Per-stage and whole-call milliseconds for every page; peers (possibly none) clean each page first."""
    out: dict[str, list[float]] = {name: [] for name in (*STAGES, "clean()")}
    for source in sources:
        run_peers(peers, source, kind)
        settle_collector()
        with collector_paused(cleaner.options.pause_collector):  # as clean() runs its stages
            times = stage_times(cleaner, source, kind)
        if times is None:
            continue
        for name, ms in times.items():
            out[name].append(ms)
        run_peers(peers, source, kind)
        settle_collector()
        start = time.perf_counter()
        cleaner.clean(source, kind=kind)
        out["clean()"].append(_since(start))
    return out


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", action="append", help="as in run.py (repeatable; default l3s-gn1)")
    ap.add_argument("--kind", choices=("html", "text"), default="html")
    ap.add_argument("--limit", type=int, default=None, help="evenly spread sample of N pages per corpus")
    ap.add_argument("--between", default="", help="comma-separated peers (run.py's names) that clean each page "
                    "before cleaner does, for the cold column")
    ap.add_argument("--out", type=Path, default=None, help="also write the figures as JSON here")
    args = ap.parse_args(argv)

    peers, skipped = load_systems([n.strip() for n in args.between.split(",") if n.strip()])
    for name, why in skipped.items():
        print(f"peer {name} skipped: {why}", file=sys.stderr)
    cleaner = Cleaner()
    results: dict = {"kind": args.kind, "between": [p.name for p in peers], "corpora": {}}
    for spec in args.corpus or ["l3s-gn1"]:
        root = resolve_corpus(spec)
        pages = iter_pages(root, split=DEFAULT_SPLITS.get(root.name, "all"), limit=args.limit)
        sources = [page_input(p, args.kind) for p in pages]
        for source in sources[:WARMUP_PAGES]:
            cleaner.clean(source, kind=args.kind)
            run_peers(peers, source, args.kind)
        modes = {"warm": measure(cleaner, sources, args.kind, [])}
        if peers:
            modes["cold"] = measure(cleaner, sources, args.kind, peers)
        medians = {mode: {name: statistics.median(v) for name, v in ms.items() if v} for mode, ms in modes.items()}
        results["corpora"][root.name] = {"pages": len(sources), "median_ms": medians}
        print(f"\n{root.name}, {args.kind}, {len(sources)} pages; median ms"
              + (f"; cold = after {', '.join(p.name for p in peers)} on the same page" if peers else ""))
        header = "| stage | warm |" + (" cold | cold − warm |" if peers else "")
        print(header)
        print("|---|---:|" + ("---:|---:|" if peers else ""))
        for name in (*STAGES, "clean()"):
            warm = medians["warm"].get(name)
            if warm is None:
                continue
            row = f"| {name} | {warm:.3f} |"
            if peers:
                cold = medians["cold"].get(name)
                row += f" {cold:.3f} | {cold - warm:+.3f} |" if cold is not None else " – | – |"
            print(row)
    if args.out:
        args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
