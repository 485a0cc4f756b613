"""Batch throughput and worker memory: `python -m benchmarks.batch --out bench-out/batch.json`.

Builds a gzip WARC of the HTML of every page of the four corpora (repeated up to --pages) under .cache/bench/,
then cleans it through cleaner.batch's reader and worker pool with 1 and 2 workers, and runs trafilatura
(include_comments=False) through the very same reader and pool. The systems take turns, --rounds times over, and
each row reports the median round: on a shared machine the load drifts, and back-to-back runs of one system and
then the other would charge the drift to whichever ran second. Then processes the WARC over and over up to
--rss-pages pages on 2 workers, sampling each worker's RSS after every pass over the WARC, to show memory does not
grow after the first pass. Prints a Markdown table and writes JSON to --out."""
from __future__ import annotations

import argparse
import gzip
import io
import json
import platform
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # so pool workers can import this module for the trafilatura engine

CORPORA = ("l3s-gn1", "cleanportaleval", "readability", "wcxb-articles")


@dataclass(frozen=True)
class PeerResult:
    title: str | None
    body: str
    captions: list = field(default_factory=list)
    author: str | None = None
    date: str | None = None
    language: str | None = None
    confidence: float = 0.0


class TrafilaturaEngine:
    """trafilatura behind the interface a batch worker expects of a Cleaner (see cleaner.batch.work.WorkConfig)."""

    def __init__(self, config) -> None:
        import trafilatura

        self._extract = trafilatura.extract

    def model(self, kind: str) -> None:
        return None

    def clean(self, page, kind: str = "auto") -> PeerResult:
        if isinstance(page, bytes):
            page = page.decode("utf-8", errors="replace")
        return PeerResult(title=None, body=self._extract(page, include_comments=False) or "")


def build_warc(path: Path, min_pages: int) -> int:
    """One gzip member per record, as crawlers write; pages repeated (with distinct URIs) until min_pages."""
    from fastwarc.warc import WarcRecord, WarcRecordType

    from cleaner.corpus import DEFAULT_CACHE, iter_pages

    pages = [p for corpus in CORPORA for p in iter_pages(DEFAULT_CACHE / "corpora" / corpus)]
    if not pages:
        raise SystemExit("no corpus pages under .cache/corpora")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".partial")
    written = 0
    with tmp.open("wb") as fh:
        while written < min_pages:
            for page in pages:
                body = page.html_path.read_bytes()
                head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {len(body)}\r\n\r\n"
                record = WarcRecord()
                record.init_headers(WarcRecordType.response)
                record.headers["WARC-Target-URI"] = page.url or f"https://{page.corpus}.invalid/{page.page_id}?r={written}"
                record.headers["Content-Type"] = "application/http; msgtype=response"
                record.set_bytes_content(head.encode("ascii") + body)
                buf = io.BytesIO()
                record.write(buf)
                fh.write(gzip.compress(buf.getvalue(), compresslevel=6))
                written += 1
    tmp.replace(path)
    return written


def _worker_pids() -> list[int]:
    """Pool workers are children of the fork server, which is a child of this process."""
    import psutil

    me = psutil.Process()
    return sorted(grand.pid for child in me.children() for grand in child.children())


def _rss_mb(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) in MB, from the kernel's own accounting."""
    values = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, amount, _ = line.split()
                values[key] = int(amount) / 1024
    return round(values["VmRSS:"], 1), round(values["VmHWM:"], 1)


def run(warc: Path, workers: int, engine=None, model_dir: str | None = None) -> dict:
    """One pass over the WARC through the batch pool; the same reader and pool shape for every system."""
    from cleaner.batch import clean_many
    from cleaner.batch.readers import read_warc

    statuses: dict[str, int] = {}
    started = time.perf_counter()
    first = None
    n = 0
    for output in clean_many(read_warc(warc), workers=workers, engine=engine, model_dir=model_dir):
        n += 1
        if first is None:
            first = time.perf_counter()
        statuses[output.status] = statuses.get(output.status, 0) + 1
    ended = time.perf_counter()
    return {
        "workers": workers,
        "pages": n,
        "seconds": round(ended - started, 2),
        "pages_per_s": round(n / (ended - started), 1),
        # From the first page out: without the one-off start of the workers and loading of the models.
        "steady_pages_per_s": round((n - 1) / (ended - first), 1) if first and ended > first else None,
        "statuses": statuses,
    }


def _run_with_final_rss(warc: Path, workers: int, model_dir: str | None, pages: int) -> dict:
    """As run(), over the WARC again and again, reading each worker's RSS after every full pass and at the end.

    Warm-up is the first pass: until each distinct page has been seen once, a new high-water mark only says that a
    bigger page came along. After it, the same pages come round again, so RSS that still climbs pass after pass
    would be a leak; RSS that stays level is the steady state."""
    from cleaner.batch import clean_many
    from cleaner.batch.readers import read_warc

    per_pass = sum(1 for _ in read_warc(warc))

    def records():
        count = 0
        while count < pages:
            for record in read_warc(warc):
                if count >= pages:
                    return
                yield record
                count += 1

    after_pass: dict[str, list[float]] = {}
    started = time.perf_counter()
    n = 0
    outputs = clean_many(records(), workers=workers, model_dir=model_dir)
    at_end: dict[str, tuple[float, float]] = {}
    for _ in outputs:
        n += 1
        if n % per_pass == 0 and n < pages:
            for pid in _worker_pids():
                after_pass.setdefault(str(pid), []).append(_rss_mb(pid)[0])
        if n == pages - workers * 4:
            # Sampled while the pool still runs: the last few pages are in flight, the workers are alive.
            at_end = {str(pid): _rss_mb(pid) for pid in _worker_pids()}
    seconds = time.perf_counter() - started
    return {
        "workers": workers,
        "pages": n,
        "pages_per_pass": per_pass,
        "pages_per_s": round(n / seconds, 1),
        "rss_after_each_pass_mb": after_pass,
        "rss_after_warmup_mb": {pid: values[0] for pid, values in after_pass.items()},
        "rss_at_end_mb": {pid: v[0] for pid, v in at_end.items()},
        "peak_rss_mb": {pid: v[1] for pid, v in at_end.items()},
    }


def markdown(report: dict) -> str:
    rows = ["| system | workers | pages | pages/s (wall, median round) | pages/s (steady) | every round | errors |",
            "| --- | ---: | ---: | ---: | ---: | --- | ---: |"]
    for r in report["throughput"]:
        errors = sum(v for k, v in r["statuses"].items() if k not in ("ok", "empty"))
        every = ", ".join(str(v) for v in r.get("rounds_pages_per_s", [r["pages_per_s"]]))
        rows.append(f"| {r['system']} | {r['workers']} | {r['pages']} | {r['pages_per_s']} | {r['steady_pages_per_s']} | {every} | {errors} |")
    m = report.get("memory")
    if m:
        passes = max((len(v) for v in m.get("rss_after_each_pass_mb", {}).values()), default=0)
        rows += ["", f"Worker RSS over {m['pages']} pages on {m['workers']} workers ({m['pages_per_s']} pages/s), "
                 f"the WARC's {m.get('pages_per_pass', '?')} pages over and over; warm-up is the first pass:", "",
                 "| worker | " + " | ".join(f"after pass {k + 1} (MB)" for k in range(passes))
                 + " | at end (MB) | last pass - first pass (MB) | peak RSS (MB) |",
                 "| --- | " + "---: | " * passes + "---: | ---: | ---: |"]
        for pid in m["rss_at_end_mb"]:
            each = m.get("rss_after_each_pass_mb", {}).get(pid)
            if not each:  # a worker that replaced one which died: no full pass of its own to compare with
                each = ["replaced"]
            cells = " | ".join(str(v) for v in each + [""] * (passes - len(each)))
            # Growth between full passes, where the same pages have just been through: the sample at the end is taken
            # with the last pages still in flight and can catch a big page's transient.
            growth = round(each[-1] - each[0], 1) if isinstance(each[0], float) else ""
            rows.append(f"| {pid} | {cells} | {m['rss_at_end_mb'][pid]} | {growth} | {m['peak_rss_mb'][pid]} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "bench-out" / "batch.json")
    parser.add_argument("--pages", type=int, default=1000, help="At least this many pages in the WARC.")
    parser.add_argument("--rss-pages", type=int, default=10_000)
    parser.add_argument("--model-dir", default=None, help="Models other than the shipped ones (e.g. while those are rebuilt).")
    parser.add_argument("--skip-trafilatura", action="store_true")
    parser.add_argument("--rounds", type=int, default=3, help="Turns each system takes; rows report the median round.")
    args = parser.parse_args(argv)

    from benchmarks.batch import TrafilaturaEngine  # by module name, so workers can unpickle it

    warc = REPO / ".cache" / "bench" / f"corpora-{args.pages}.warc.gz"
    if not warc.exists():
        print(f"building {warc} ...", file=sys.stderr)
        build_warc(warc, args.pages)
    systems: list[tuple[str, dict]] = [("cleaner", {"model_dir": args.model_dir})]
    if not args.skip_trafilatura:
        import trafilatura

        systems.append((f"trafilatura {trafilatura.__version__}", {"engine": TrafilaturaEngine}))
    rounds: dict[tuple[str, int], list[dict]] = {}
    for _ in range(args.rounds):
        for workers in (1, 2):
            for name, kwargs in systems:
                rounds.setdefault((name, workers), []).append(run(warc, workers, **kwargs))
                print({"system": name, **rounds[(name, workers)][-1]}, file=sys.stderr)
    throughput = []
    for (name, workers), runs in rounds.items():
        middle = sorted(runs, key=lambda r: r["pages_per_s"])[len(runs) // 2]
        throughput.append({"system": name, **middle, "rounds_pages_per_s": [r["pages_per_s"] for r in runs]})
    throughput.sort(key=lambda r: (r["system"] != "cleaner", r["system"], r["workers"]))
    memory = _run_with_final_rss(warc, 2, args.model_dir, args.rss_pages) if args.rss_pages else None
    report = {
        "warc": str(warc.relative_to(REPO)),
        "warc_mb": round(warc.stat().st_size / 1e6, 1),
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
        "model_dir": args.model_dir or "shipped",
        "throughput": throughput,
        "memory": memory,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
