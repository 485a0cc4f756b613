"""Quality gate: cleaner alone on a fixed sample of each corpus present; fails when F1 drops below a pinned floor.

    python benchmarks/gate.py                 # check (exit 1 when a corpus falls more than the tolerance below)
    python benchmarks/gate.py --pin           # raise floors to today's figures (never lowers one)
    python benchmarks/gate.py --model-dir X   # check another model, e.g. to see the gate catch a broken one

The sample is the same on every run: the by-site split of the benchmark's default table, then an evenly spread
`sample[kind]` pages (baseline.json). Exit codes: 0 pass or nothing to check; 1 below a floor, or an error on every
page of a sample; 2 cleaner will not even load.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.peers import cleaner_system
from benchmarks.run import DEFAULT_SPLITS, CALL_TIMEOUT_S, call, page_input
from cleaner.corpus import iter_pages, resolve_corpus, shared_corpora_dir
from cleaner.evaluation.metrics import corpus_scores, match_page

BASELINE = Path(__file__).resolve().with_name("baseline.json")
# The gate compares point estimates on a fixed sample; the bootstrap spread is the benchmark's business.
GATE_BOOTSTRAP = 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--baseline", type=Path, default=BASELINE)
    ap.add_argument("--pin", action="store_true", help="raise floors to the measured F1 (never lowers one)")
    ap.add_argument("--model-dir", default=None, help="passed to Cleaner(model_dir=...)")
    return ap.parse_args(argv)


def present_corpora(names: list[str]) -> tuple[dict[str, Path], list[str]]:
    found: dict[str, Path] = {}
    missing: list[str] = []
    for name in names:
        try:
            found[name] = resolve_corpus(name)
        except (FileNotFoundError, ValueError):
            missing.append(name)
    return found, missing


def measure(system, root: Path, kind: str, n: int) -> dict:
    pages = iter_pages(root, split=DEFAULT_SPLITS.get(root.name, "all"), limit=n)
    matches, errors = [], []
    for page in pages:
        outcome = call(system, page_input(page, kind), kind, None, CALL_TIMEOUT_S)
        if outcome.error:
            errors.append(f"{page.page_id}: {outcome.error}")
        matches.append(match_page(page.truth(), outcome.text))
    scores = corpus_scores(matches, n_bootstrap=GATE_BOOTSTRAP)
    return {"f1": scores["f1"] or 0.0, "page_f1": scores["page_f1"] or 0.0, "pages": len(pages),
            "errors": len(errors), "first_error": errors[0] if errors else None}


def pinned(old: float | None, measured: float) -> float:
    # Three decimals, rounded down, so a floor never sits above the figure it was pinned from.
    new = math.floor(measured * 1000) / 1000
    return new if old is None else max(old, new)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    baseline = json.loads(args.baseline.read_text(encoding="utf-8"))
    tolerance = baseline["tolerance"]
    corpora, missing = present_corpora(list(baseline["floors"]))
    if not corpora:
        print(f"gate skipped: none of {', '.join(missing)} found (looked in {shared_corpora_dir()})")
        return 0
    if missing:
        print(f"not checked (absent): {', '.join(missing)}")
    try:
        system = cleaner_system(args.model_dir)
    except Exception as exc:
        print(f"gate cannot run cleaner: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2

    started = time.perf_counter()
    failures: list[str] = []
    raised: list[str] = []
    print(f"{'corpus':<18}{'kind':<6}{'pages':>6}{'F1':>8}{'floor':>8}{'page-F1':>9}{'errors':>8}  status")
    for name, root in corpora.items():
        for kind, n in baseline["sample"].items():
            got = measure(system, root, kind, n)
            floor = baseline["floors"][name].get(kind)
            if got["pages"] and got["errors"] == got["pages"]:
                # Not a regression to tolerate: cleaner does not run at all (e.g. a missing or broken model).
                status = "FAIL (error on every page)"
                failures.append(f"{name}/{kind}: cleaner failed on all {got['pages']} pages: {got['first_error']}")
            elif floor is None:
                status = "unpinned"
            elif got["f1"] < floor - tolerance:
                status = f"FAIL (more than {tolerance} below the floor)"
                failures.append(f"{name}/{kind}: {got['f1']:.3f} < {floor:.3f} - {tolerance}")
            else:
                status = "ok"
            shown_floor = "–" if floor is None else f"{floor:.3f}"
            print(f"{name:<18}{kind:<6}{got['pages']:>6}{got['f1']:>8.3f}{shown_floor:>8}"
                  f"{got['page_f1']:>9.3f}{got['errors']:>8}  {status}")
            if args.pin and not status.startswith("FAIL"):  # a failing sample never sets a floor
                new = pinned(floor, got["f1"])
                if new != floor:
                    baseline["floors"][name][kind] = new
                    raised.append(f"{name}/{kind}: {floor} -> {new}")
    print(f"{time.perf_counter() - started:.1f} s")
    if args.pin:
        args.baseline.write_text(json.dumps(baseline, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print("floors raised: " + ("; ".join(raised) if raised else "none"))
    if failures:
        print("GATE FAILED: " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
