"""Benchmark cleaner against peer extractors: body-text F1 (AEB shingles), speed, memory, and cleaner's labels.

    python benchmarks/run.py --corpus l3s-gn1 --corpus readability --systems cleaner,trafilatura,html-text \\
        --kind both --split test --limit 50 --out bench-out/

Writes report.md, results.json and f1_vs_speed.png to --out. See report.md's preamble for how each figure is made.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import shlex
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` and `cleaner` importable from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from benchmarks import labels as label_bench
from benchmarks import report, resources
from benchmarks.guard import CallTimeout, time_limit
from benchmarks.peers import SYSTEM_NAMES, System, load_systems
from cleaner.corpus import RENDERERS, Page, cached_dump, iter_pages, renderer_available, resolve_corpus
from cleaner.evaluation.metrics import corpus_scores, match_page

# Corpora we train on are scored on held-out sites only; the others are never trained on, so every page counts.
DEFAULT_SPLITS = MappingProxyType(
    {"l3s-gn1": "test", "wcxb-articles": "test", "cleanportaleval": "all", "readability": "all"}
)
DEFAULT_CORPORA = ("l3s-gn1", "cleanportaleval", "readability", "wcxb-articles")
WARMUP_PAGES = 3
MEMORY_PROBE_PAGES = 10
CALL_TIMEOUT_S = 30.0
# Back-to-back passes per system; a page's warm time is its fastest, since a pass lasts long enough for a burst of
# load from the machine's other tenants to land on one system (measured: one pass put wcxb-articles' warm ratio to
# trafilatura at 3.1 in one run and 4.2 in the next).
WARM_ROUNDS = 2
MAX_ERROR_EXAMPLES = 3


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", action="append", help="folder, .tar.xz or bare name in ../shared/corpora "
                    f"(repeatable; default: {', '.join(DEFAULT_CORPORA)})")
    ap.add_argument("--systems", default=",".join(SYSTEM_NAMES), help="comma-separated; known: "
                    + ", ".join(SYSTEM_NAMES))
    ap.add_argument("--kind", choices=("html", "text", "both"), default="both")
    ap.add_argument("--renderer", choices=sorted(RENDERERS) + ["htmltext"], default="w3m",
                    help="what turns a page into the text dump for --kind text (default w3m, the seeds' shape)")
    ap.add_argument("--split", choices=("test", "train", "all"), default=None,
                    help="by-site split; default per corpus: "
                    + ", ".join(f"{k}={v}" for k, v in DEFAULT_SPLITS.items()) + ", others=all")
    ap.add_argument("--limit", type=int, default=None, help="evenly spread sample of N pages per corpus")
    ap.add_argument("--out", type=Path, default=Path("bench-out"))
    ap.add_argument("--timeout", type=float, default=CALL_TIMEOUT_S, help="seconds per system call")
    ap.add_argument("--model-dir", default=None, help="passed to Cleaner(model_dir=...)")
    ap.add_argument("--measure-memory", action=argparse.BooleanOptionalAction, default=None,
                    help="peak RSS per system in a child process (default: on unless --limit is given)")
    ap.add_argument("--cold-start", action=argparse.BooleanOptionalAction, default=True,
                    help="time `cleaner clean-file` on one page (when cleaner is among the systems)")
    ap.add_argument("--warm-rounds", type=int, default=WARM_ROUNDS,
                    help="times each system runs again alone over all pages, back to back; per page the fastest "
                    f"counts (the `warm` columns; 0 leaves them out; default {WARM_ROUNDS})")
    ap.add_argument("--memory-probe", metavar="SYSTEM", help=argparse.SUPPRESS)  # internal: child of --measure-memory
    return ap.parse_args(argv)


@dataclass
class Outcome:
    """One system on one page."""

    ms: float
    text: str = ""
    result: Any = None  # cleaner's CleanResult, for label scoring
    error: str | None = None
    warm_ms: float | None = None  # the same call's fastest time in the warm rounds (run_systems), if any


@dataclass
class CorpusRun:
    corpus: str
    root: Path
    kind: str
    split: str
    pages: list[Page]
    outcomes: dict[str, list[Outcome]] = field(default_factory=dict)


def present_corpora(names: tuple[str, ...] = DEFAULT_CORPORA) -> list[str]:
    """The named corpora that can be read here (../shared/corpora, the cache or CLEANER_CORPORA)."""
    found = []
    for name in names:
        try:
            resolve_corpus(name)
        except Exception:  # absent, or an archive that cannot be unpacked: the caller reports the rest
            continue
        found.append(name)
    return found


def page_input(page: Page, kind: str, renderer: str = "w3m") -> str:
    return cached_dump(page, renderer) if kind == "text" else page.html()


def settle_collector() -> None:
    """Before a timed call: whatever the calls before it left for the cyclic collector is collected, untimed, and what
    survives is frozen, so the next collection looks only at the timed call's objects. Otherwise a call pays for the
    garbage of the system before it (in a process holding ten extractors a full collection takes some 70 ms), and a
    system that pauses the collector during its own call (cleaner does) would hand its share to the next one."""
    gc.collect()
    gc.freeze()


def call(system: System, source: str, kind: str, lang: str | None, timeout: float) -> Outcome:
    settle_collector()
    start = time.perf_counter()
    try:
        with time_limit(timeout):
            text, result = system.run(source, kind, lang)
        return Outcome(ms=(time.perf_counter() - start) * 1000, text=text or "", result=result)
    except CallTimeout:
        return Outcome(ms=(time.perf_counter() - start) * 1000, error="timeout")
    except Exception as exc:  # a peer failing on one page is a data point, not a crash
        return Outcome(ms=(time.perf_counter() - start) * 1000, error=describe(exc))


def describe(exc: BaseException) -> str:
    """One line for the report; wrappers with no message (boilerpy3's HTMLExtractionError) show their cause."""
    message = " ".join(str(exc).split())
    if not message and exc.__cause__ is not None:
        message = f"from {type(exc.__cause__).__name__}: " + " ".join(str(exc.__cause__).split())
    return f"{type(exc).__name__}: {message[:100]}"


def run_systems(
    systems: list[System], pages: list[Page], kind: str, timeout: float, renderer: str = "w3m",
    warm_rounds: int = WARM_ROUNDS,
) -> dict[str, list[Outcome]]:
    """Every system on every page, interleaved page by page so drift in machine load hits all systems alike; then,
    warm_rounds times, each system again alone over all pages, back to back (systems in turn, the order reversed
    every other round); a page's warm time is its fastest.

    The two orders answer two questions. Interleaved, every call starts with the CPU caches full of the other
    systems' code and data: what a call costs inside a busy program. Back to back is how a crawler or a batch job
    calls the one extractor it uses. The cold start is a roughly fixed cost per call, so it weighs most on the
    fastest systems."""
    sources = [page_input(p, kind, renderer) for p in pages]  # read and render before timing anything
    langs = [p.meta().get("lang") for p in pages]
    warmup = list(zip(sources, langs))[:WARMUP_PAGES]
    for source, lang in warmup:  # untimed: imports, caches, lazy set-up
        for system in systems:
            call(system, source, kind, lang, timeout)
    outcomes: dict[str, list[Outcome]] = {s.name: [] for s in systems}
    gc.collect()
    for source, lang in zip(sources, langs):
        for system in systems:
            outcomes[system.name].append(call(system, source, kind, lang, timeout))
    for round_number in range(warm_rounds):
        for system in systems if round_number % 2 == 0 else systems[::-1]:
            for source, lang in warmup:
                call(system, source, kind, lang, timeout)
            gc.collect()
            for outcome, source, lang in zip(outcomes[system.name], sources, langs):
                if outcome.error:  # failed or timed out the first time: not run again, its time unmeasured
                    continue
                ms = call(system, source, kind, lang, timeout).ms
                outcome.warm_ms = ms if outcome.warm_ms is None else min(outcome.warm_ms, ms)
    return outcomes


def summarize(system: System, outcomes: list[Outcome], truths: list[str]) -> tuple[dict, list[dict]]:
    matches = [match_page(t, o.text) for t, o in zip(truths, outcomes)]
    ms = np.array([o.ms for o in outcomes])
    errors = [o for o in outcomes if o.error]
    warm = np.array([o.warm_ms for o in outcomes if o.warm_ms is not None])
    summary = {
        "version": system.version,
        "note": system.note,
        **corpus_scores(matches),
        "median_ms": float(np.median(ms)) if len(ms) else None,
        "p95_ms": float(np.percentile(ms, 95)) if len(ms) else None,
        "mean_ms": float(ms.mean()) if len(ms) else None,
        "pages_per_s": float(len(ms) / (ms.sum() / 1000)) if len(ms) and ms.sum() > 0 else None,
        "warm_median_ms": float(np.median(warm)) if len(warm) else None,
        "warm_pages_per_s": float(len(warm) / (warm.sum() / 1000)) if len(warm) and warm.sum() > 0 else None,
        "errors": len(errors),
        "timeouts": sum(1 for o in errors if o.error == "timeout"),
    }
    per_page = [
        {"ms": round(o.ms, 3), "warm_ms": None if o.warm_ms is None else round(o.warm_ms, 3), "tp": m.tp,
         "n_pred": m.n_pred, "n_truth": m.n_truth, "f1": round(m.f1, 4), "error": o.error}
        for o, m in zip(outcomes, matches)
    ]
    return summary, per_page


def score_run(run: CorpusRun, systems: list[System]) -> dict:
    truths = [p.truth() for p in run.pages]
    summaries: dict[str, dict] = {}
    per_page: dict[str, list[dict]] = {}
    for system in systems:
        summaries[system.name], per_page[system.name] = summarize(system, run.outcomes[system.name], truths)
        examples = [f"{p.page_id}: {o.error}" for p, o in zip(run.pages, run.outcomes[system.name]) if o.error]
        summaries[system.name]["error_examples"] = examples[:MAX_ERROR_EXAMPLES]
    cleaner_ms = summaries.get("cleaner", {}).get("median_ms")
    cleaner_warm_ms = summaries.get("cleaner", {}).get("warm_median_ms")
    for s in summaries.values():
        s["ratio_to_cleaner"] = s["median_ms"] / cleaner_ms if cleaner_ms and s["median_ms"] is not None else None
        s["warm_ratio_to_cleaner"] = (s["warm_median_ms"] / cleaner_warm_ms
                                      if cleaner_warm_ms and s["warm_median_ms"] is not None else None)
    pages = [
        {"page_id": p.page_id, "site": p.site, "systems": {name: rows[i] for name, rows in per_page.items()}}
        for i, p in enumerate(run.pages)
    ]
    return {"corpus": run.corpus, "kind": run.kind, "split": run.split, "n_pages": len(run.pages),
            "systems": summaries, "pages": pages}


def score_labels(systems: list[System], runs: list[CorpusRun]) -> dict:
    cleaner = next((s for s in systems if s.name == "cleaner"), None)
    if cleaner is None:
        return {}
    out: dict[str, dict] = {}
    try:
        out["seeds (text)"] = label_bench.score_seeds(lambda text: cleaner.run(text, "text")[1])
    except Exception as exc:
        out["seeds (text)"] = {"note": f"failed: {type(exc).__name__}: {exc}"}
    labelled = [r for r in runs if any(p.labels() is not None for p in r.pages)]
    if not labelled:
        return out
    aligner, why_not = label_bench.load_aligner()
    for run in labelled:
        key = f"{run.corpus} ({'html blocks' if run.kind == 'html' else 'text lines'})"
        if aligner is None:
            out[key] = {"note": why_not}
            continue
        pairs = [(o.result, p) for p, o in zip(run.pages, run.outcomes["cleaner"])
                 if o.result is not None and p.labels() is not None]
        if not pairs:
            out[key] = {"note": "cleaner returned no result on any labelled page"}
            continue
        try:
            out[key] = label_bench.score_aligned(pairs, aligner, run.kind)
        except Exception as exc:
            out[key] = {"note": f"alignment failed: {type(exc).__name__}: {exc}"}
    return out


def memory_probe(args: argparse.Namespace) -> int:
    """Child process of --measure-memory: load one system, run it over a few pages, print peak RSS as JSON."""
    spec = args.corpus[0] if args.corpus else DEFAULT_CORPORA[0]
    pages = iter_pages(spec, split=args.split or "all", limit=args.limit or MEMORY_PROBE_PAGES)
    sources = [p.html() for p in pages]
    name = args.memory_probe
    if name != resources.NO_SYSTEM:
        systems, skipped = load_systems([name], args.model_dir)
        if not systems:
            print(json.dumps({"error": skipped.get(name, "not loaded")}))
            return 0
        for source in sources:
            call(systems[0], source, "html", None, args.timeout)
    print(json.dumps({"system": name, "pages": len(sources), "peak_rss_mb": resources.peak_rss_mb()}))
    return 0


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    if args.memory_probe:
        memory_probe(args)
        return {}
    argv_shown = sys.argv[1:] if argv is None else argv
    names = [n.strip() for n in args.systems.split(",") if n.strip()]
    systems, skipped = load_systems(names, args.model_dir)
    kinds = ("html", "text") if args.kind == "both" else (args.kind,)
    if "text" in kinds and not renderer_available(args.renderer):
        raise SystemExit(f"renderer {args.renderer} is not installed here (text dumps need it)")
    notes: list[str] = []

    runs: list[CorpusRun] = []
    for spec in args.corpus or DEFAULT_CORPORA:
        try:
            root = resolve_corpus(spec)
        except (FileNotFoundError, ValueError) as exc:
            notes.append(f"corpus {spec} skipped: {exc}")
            continue
        split = args.split or DEFAULT_SPLITS.get(root.name, "all")
        pages = iter_pages(root, split=split, limit=args.limit)
        for kind in kinds:
            started = time.perf_counter()
            run = CorpusRun(root.name, root, kind, split, pages)
            run.outcomes = run_systems(systems, pages, kind, args.timeout, args.renderer, args.warm_rounds)
            runs.append(run)
            print(f"{root.name} {kind}: {len(pages)} pages, {time.perf_counter() - started:.1f} s", file=sys.stderr)

    results: dict[str, Any] = {
        "command": "python benchmarks/run.py " + shlex.join(argv_shown),
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": report.machine_info(),
        "timeout_s": args.timeout,
        "renderer": args.renderer,
        "renderer_command": " ".join(RENDERERS.get(args.renderer, ["cleaner.segment.html.html_to_text"])),
        "default_splits": dict(DEFAULT_SPLITS),
        "systems": {s.name: {"version": s.version, "note": s.note} for s in systems},
        "skipped": skipped,
        "runs": [score_run(r, systems) for r in runs],
        "labels": score_labels(systems, runs),
        "notes": notes,
    }
    measure_memory = args.measure_memory if args.measure_memory is not None else args.limit is None
    if measure_memory and runs and systems:
        first = runs[0]
        probes = resources.measure_memory([s.name for s in systems], str(first.root), first.split,
                                          MEMORY_PROBE_PAGES, args.model_dir)
        results["memory"] = {"corpus": first.corpus, "split": first.split,
                             "pages": max((v.get("pages", 0) for v in probes.values()), default=0), "systems": probes}
    if args.cold_start and "cleaner" in {s.name for s in systems} and runs and runs[0].pages:
        results["cold_start"] = resources.cold_start(runs[0].pages[0].html_path)
    paths = report.write_all(results, args.out)
    print("wrote " + ", ".join(str(p) for p in paths.values()), file=sys.stderr)
    return results


if __name__ == "__main__":
    main()
