"""Per-page latency of cleaner on text dumps of about 300 lines, one core, median over pages.

    python benchmarks/speed.py [--lines 300] [--pages 100] [--repeat 5] [--rounds 5]

Dumps come from the corpora (`w3m -dump -cols 10000`, cached); a page counts when its dump has within 15% of
--lines non-empty lines. A round cleans each page --repeat times after a warm-up and keeps its median; the round's
figure is the median of those per-page medians. On a shared machine one round moves by 10-20% with the load of the
moment, so --rounds rounds are run and their median is the figure (with the lowest and highest round beside it), and
the p95 is over every page of every round. Then each stage alone (segmentation, features, model, rules, assembly,
result) is timed the same way on the same pages in one round, its median over pages."""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleaner import Cleaner
from cleaner.options import Options
from cleaner.corpus import cached_dump, iter_pages, renderer_available, shared_corpora_dir
from cleaner.features import page_features
from cleaner.pipeline import _result
from cleaner.rules.assemble import assemble
from cleaner.rules.context import RuleContext
from cleaner.rules.core import apply_rules
from cleaner.segment.text import segment_text

CORPORA = ("l3s-gn1", "wcxb-articles", "cleanportaleval", "readability")


def pick_dumps(target: int, limit: int) -> list[str]:
    lo, hi = int(target * 0.85), int(target * 1.15)
    dumps = []
    for corpus in CORPORA:
        for page in iter_pages(corpus):
            text = cached_dump(page)
            n = sum(1 for line in text.splitlines() if line.strip())
            if lo <= n <= hi:
                dumps.append(text)
            if len(dumps) >= limit:
                return dumps
    return dumps


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=300)
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--model-dir", default=None, help="passed to Cleaner(model_dir=...): time another model")
    ap.add_argument("--no-lexical", action="store_true", help="the text model alone (Options(lexical_model=False))")
    args = ap.parse_args(argv)
    if not shared_corpora_dir().exists() or not renderer_available("w3m"):
        print("speed: needs ../shared/corpora and w3m; skipped")
        return 0
    dumps = pick_dumps(args.lines, args.pages)
    cleaner = Cleaner(options=Options(lexical_model=not args.no_lexical), model_dir=args.model_dir)
    for text in dumps[:5]:
        cleaner.clean(text, kind="text")
    rounds = []
    for _ in range(max(args.rounds, 1)):
        rounds.append([timed(lambda t=t: cleaner.clean(t, kind="text"), args.repeat) for t in dumps])
    round_medians = sorted(statistics.median(pages) for pages in rounds)
    total = [ms for pages in rounds for ms in pages]
    stages: dict[str, list[float]] = {name: [] for name in ("segmentation", "features", "model", "rules", "assembly", "result")}
    for text in dumps:
        seg = segment_text(text)
        features, _ = page_features(seg)
        probabilities = cleaner.text_probabilities(seg, features)  # the text model's, averaged with the lexical one's

        def context(seg=seg, probabilities=probabilities) -> RuleContext:  # fresh: rules cache per-page tables on it
            return RuleContext.of_page(seg, probabilities, cleaner.options)

        decisions = apply_rules(context())
        article = assemble(context(), decisions)
        stages["segmentation"].append(timed(lambda: segment_text(text), args.repeat))
        stages["features"].append(timed(lambda: page_features(seg), args.repeat))
        stages["model"].append(timed(lambda: cleaner.text_probabilities(seg, features), args.repeat))
        stages["rules"].append(timed(lambda: apply_rules(context()), args.repeat))
        stages["assembly"].append(timed(lambda: assemble(context(), decisions), args.repeat))
        stages["result"].append(timed(lambda: _result(seg, context(), article, "text", []), args.repeat))
    p95 = sorted(total)[int(0.95 * (len(total) - 1))]
    print(f"{len(dumps)} text dumps of {args.lines}±15% non-empty lines, {args.repeat} runs each, {len(rounds)} rounds, one process")
    print(f"clean(): median {statistics.median(round_medians):.2f} ms (rounds {round_medians[0]:.2f}-{round_medians[-1]:.2f}), "
          f"p95 {p95:.2f} ms")
    print("stages alone, median ms: " + ", ".join(f"{name} {statistics.median(v):.2f}" for name, v in stages.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
