"""Per-page latency of cleaner on text dumps of about 300 lines, one core, median over pages.

    python benchmarks/speed.py [--lines 300] [--pages 100] [--repeat 5]

Dumps come from the corpora (`w3m -dump -cols 10000`, cached); a page counts when its dump has within 15% of
--lines non-empty lines. Each page is cleaned --repeat times after a warm-up and its median kept; the report is the
median and p95 of those per-page medians, with the split between stages from one profiled pass."""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleaner import Cleaner
from cleaner.corpus import cached_dump, iter_pages, renderer_available, shared_corpora_dir
from cleaner.features import page_features
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
    args = ap.parse_args(argv)
    if not shared_corpora_dir().exists() or not renderer_available("w3m"):
        print("speed: needs ../shared/corpora and w3m; skipped")
        return 0
    dumps = pick_dumps(args.lines, args.pages)
    cleaner = Cleaner()
    for text in dumps[:5]:
        cleaner.clean(text, kind="text")
    total = [timed(lambda t=t: cleaner.clean(t, kind="text"), args.repeat) for t in dumps]
    segment = [timed(lambda t=t: segment_text(t), args.repeat) for t in dumps]
    features = [timed(lambda s=segment_text(t): page_features(s), args.repeat) for t in dumps]
    p95 = sorted(total)[int(0.95 * (len(total) - 1))]
    print(f"{len(dumps)} text dumps of {args.lines}±15% non-empty lines, {args.repeat} runs each, one process")
    print(f"clean(): median {statistics.median(total):.2f} ms, p95 {p95:.2f} ms")
    print(f"  of which segmentation median {statistics.median(segment):.2f} ms, features {statistics.median(features):.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
