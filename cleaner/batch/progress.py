"""Progress of a batch on stderr: a bar (pages, pages/s, ETA) on a terminal, a plain line every so often when
stderr is a log file, and a summary by status at the end."""
from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass
from typing import IO, Iterable, Iterator

from .records import STATUSES, Output


@dataclass(frozen=True, slots=True)
class Summary:
    counts: dict[str, int]
    seconds: float

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def line(self) -> str:
        rate = self.total / self.seconds if self.seconds > 0 else 0.0
        parts = ", ".join(f"{status} {self.counts.get(status, 0)}" for status in STATUSES)
        return f"cleaner: {self.total} pages in {self.seconds:.1f} s ({rate:.1f} pages/s): {parts}"


def track(
    outputs: Iterable[Output],
    counts: Counter,
    *,
    total: int | None = None,
    stream: IO[str] | None = None,
    every_seconds: float = 10.0,
    enabled: bool = True,
) -> Iterator[Output]:
    """Pass outputs through, counting their statuses into `counts` and showing progress on `stream`."""
    stream = stream or sys.stderr
    if enabled and stream.isatty():
        from tqdm import tqdm

        with tqdm(total=total, unit="page", file=stream, dynamic_ncols=True, smoothing=0.05) as bar:
            for output in outputs:
                counts[output.status] += 1
                bar.update(1)
                yield output
        return
    started = last = time.monotonic()
    done = 0
    for output in outputs:
        counts[output.status] += 1
        done += 1
        now = time.monotonic()
        if enabled and now - last >= every_seconds:
            last = now
            stream.write(_plain_line(done, total, now - started) + "\n")
            stream.flush()
        yield output


def _plain_line(done: int, total: int | None, elapsed: float) -> str:
    rate = done / elapsed if elapsed > 0 else 0.0
    if total:
        eta = (total - done) / rate if rate > 0 else float("inf")
        return f"cleaner: {done}/{total} pages, {rate:.1f} pages/s, ETA {eta:.0f} s"
    return f"cleaner: {done} pages, {rate:.1f} pages/s"
