"""Cleaning many records on all cores, in input order, where no page can stall or sink the batch.

Each worker is a process of our own with a pipe, holding one Cleaner with its models loaded once. The parent
keeps up to PIPELINE_DEPTH records in each worker's pipe, so the worker starts its next page while the parent is
still reading input and writing output, and watches the deadline of the page at the head: a worker past it is
killed and replaced (a thread cannot be stopped, a pool task cannot be cancelled once running, so processes we
own are the only way), and a worker that dies (SIGKILL, segfault, out of memory) is replaced the same way. Either
way the page it was cleaning comes out as an error record and the pages queued behind it go back to the line,
so every input record comes out exactly once."""
from __future__ import annotations

import gc
import multiprocessing
import os
import selectors
import signal
import threading
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from queue import SimpleQueue
from typing import Iterable, Iterator

from ..options import Options
from .records import TIMEOUT, Output, Record
from .work import DEFAULT_MAX_BYTES, WorkConfig, build_cleaner, clean_record, limit_native_threads, precheck, preload

DEFAULT_TIMEOUT_MS = 30_000.0
# A worker that dies this many times in a row before it is ready points at the setup, not at a page.
_MAX_START_FAILURES = 3
# Records sent to a worker ahead of its answers: the page it is cleaning plus one waiting in its pipe.
PIPELINE_DEPTH = 2


class BatchError(RuntimeError):
    """The batch cannot run at all (e.g. no worker can load a model)."""


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _worker_main(conn: Connection, config: WorkConfig) -> None:
    # Ctrl-C goes to the whole process group; the parent decides what happens to the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        cleaner = build_cleaner(config)
        preload(cleaner, config.kind)
        limit_native_threads()
        # This process is ours and lives to clean pages: what is loaded now (modules, models) stays for good, so
        # the collector need not walk it again on every full collection (about 5% of a page's time measured).
        gc.freeze()
    except Exception as exc:  # reported to the parent, which stops the batch with this message
        conn.send(("init-error", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        seq, record = task
        conn.send(("done", seq, clean_record(cleaner, record, config)))


_CLOSE = object()  # tells a worker's sender thread to end


def _send_all(conn: Connection, outbox: SimpleQueue) -> None:
    """Write a worker's messages to its pipe in order, off the parent's main loop. A page larger than the pipe's
    buffer blocks its write until the worker, still busy with the page before, reads it; meanwhile the parent must
    go on collecting the other workers' answers and feeding them, or they stand idle."""
    while True:
        message = outbox.get()
        if message is _CLOSE:
            return
        try:
            conn.send(message)
        except (OSError, ValueError):
            return  # the worker is gone; its process sentinel tells the main loop


class _Worker:
    """One worker process and the task it holds (mutable by nature: it is the parent's view of a live process)."""

    def __init__(self, ctx, config: WorkConfig) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_worker_main, args=(child, config), daemon=True)
        self.process.start()
        # The parent must drop its copy of the child's end, or a dead worker's pipe never reports EOF.
        child.close()
        self.ready = False
        # (seq, record, deadline) in the order sent; the head is the page being cleaned, and only it has a
        # deadline (monotonic); the others wait in the pipe with None until the head's answer comes back.
        self.tasks: deque[tuple[int, Record, float | None]] = deque()
        self._outbox: SimpleQueue = SimpleQueue()
        self._sender = threading.Thread(target=_send_all, args=(self.conn, self._outbox), daemon=True)
        self._sender.start()

    @property
    def head_deadline(self) -> float | None:
        return self.tasks[0][2] if self.tasks else None

    def send(self, message) -> None:
        self._outbox.put(message)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        # The dead worker's end is closed, so a write in progress fails and the sender ends; only then close ours.
        self._outbox.put(_CLOSE)
        self._sender.join(timeout=5)
        self.conn.close()

    def stop(self) -> None:
        self.send(None)
        self.process.join(timeout=2)
        self.kill()

    def death_note(self) -> str:
        self.process.join(timeout=1)
        code = self.process.exitcode
        if code is not None and code < 0:
            try:
                return f"worker died ({signal.Signals(-code).name})"
            except ValueError:
                return f"worker died (signal {-code})"
        return f"worker died (exit code {code})"


@dataclass(frozen=True, slots=True)
class _Settings:
    workers: int
    timeout_s: float | None
    window: int


class _Pool:
    def __init__(self, settings: _Settings, config: WorkConfig) -> None:
        # forkserver: children start from a clean, thread-free process (tqdm, Dask and Scrapy all run threads, and
        # fork() beside threads can deadlock); spawn where forkserver does not exist.
        methods = multiprocessing.get_all_start_methods()
        self._ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            # Imported once in the fork server, so a replacement worker only has to load the models.
            self._ctx.set_forkserver_preload(["cleaner.batch.work", "cleaner.pipeline"])
        self._settings = settings
        self._config = config
        self._workers: list[_Worker] = []
        self._start_failures = 0
        self._queue: deque[tuple[int, Record]] = deque()  # read, prechecked, not yet sent to a worker
        # Every worker's pipe and process sentinel, registered once: multiprocessing.connection.wait() builds and
        # fills a new selector on every call, once or twice a page, which cost the parent as much as reading input.
        self._selector = selectors.DefaultSelector()

    def __enter__(self) -> "_Pool":
        self._workers = [self._started() for _ in range(self._settings.workers)]
        return self

    def __exit__(self, exc_type, *_) -> None:
        self._selector.close()
        for worker in self._workers:
            worker.stop() if exc_type is None else worker.kill()
        self._workers = []

    def _started(self) -> _Worker:
        worker = _Worker(self._ctx, self._config)
        self._selector.register(worker.conn, selectors.EVENT_READ, worker)
        self._selector.register(worker.process.sentinel, selectors.EVENT_READ, worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        # Out of the selector before kill() closes the pipe: a closed Connection has no file number to look up.
        self._selector.unregister(worker.conn)
        self._selector.unregister(worker.process.sentinel)
        worker.kill()
        self._workers[self._workers.index(worker)] = self._started()

    def run(self, records: Iterable[Record]) -> Iterator[Output]:
        source = iter(records)
        queue = self._queue
        finished: dict[int, Output] = {}
        next_read = next_emit = 0
        exhausted = False
        while True:
            # Read ahead only so far: output goes in input order, so one slow page holds back what follows it.
            while not exhausted and next_read - next_emit < self._settings.window:
                record = next(source, None)
                if record is None:
                    exhausted = True
                    break
                verdict = precheck(record, self._config)
                if verdict is not None:
                    finished[next_read] = verdict
                else:
                    queue.append((next_read, record))
                next_read += 1
            while next_emit in finished:
                yield finished.pop(next_emit)
                next_emit += 1
            if exhausted and next_emit == next_read:
                return
            self._dispatch(finished)
            self._collect(finished)

    def _deadline(self) -> float:
        timeout = self._settings.timeout_s
        return time.monotonic() + timeout if timeout is not None else float("inf")

    def _dispatch(self, finished: dict[int, Output]) -> None:
        queue = self._queue
        # Idle workers first, then a second record for each busy one.
        for depth in range(PIPELINE_DEPTH):
            for worker in list(self._workers):
                if not queue:
                    return
                if not worker.ready or len(worker.tasks) != depth:
                    continue
                seq, record = queue.popleft()
                worker.tasks.append((seq, record, self._deadline() if depth == 0 else None))
                # Queued for the worker's sender thread: if the worker is gone, its sentinel reports it in _collect.
                worker.send((seq, record))

    def _collect(self, finished: dict[int, Output]) -> None:
        deadlines = [w.head_deadline for w in self._workers if w.tasks]
        wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        ready = [(key.fileobj, key.data) for key, _ in self._selector.select(timeout=wait_for)]
        settled: set[int] = set()
        # Messages first: a worker that answered and then exited must not have its answer counted as a death.
        for handle, worker in ready:
            if handle is worker.conn and id(worker) not in settled:
                self._receive(worker, finished, settled)
        for handle, worker in ready:
            if handle == worker.process.sentinel and id(worker) not in settled and worker.conn.closed is False:
                if worker.conn.poll():
                    self._receive(worker, finished, settled)
                if id(worker) not in settled and not worker.process.is_alive():
                    self._bury(worker, finished, worker.death_note())
                    settled.add(id(worker))
        now = time.monotonic()
        for worker in list(self._workers):
            if worker.tasks and worker.head_deadline <= now:
                self._bury(worker, finished, TIMEOUT)

    def _receive(self, worker: _Worker, finished: dict[int, Output], settled: set[int]) -> None:
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):
            self._bury(worker, finished, worker.death_note())
            settled.add(id(worker))
            return
        if message[0] == "done":
            _, seq, output = message
            finished[seq] = output
            worker.tasks.popleft()
            if worker.tasks:  # the next page starts now, so its time starts now
                next_seq, next_record, _ = worker.tasks.popleft()
                worker.tasks.appendleft((next_seq, next_record, self._deadline()))
        elif message[0] == "ready":
            worker.ready = True
            self._start_failures = 0
        elif message[0] == "init-error":
            raise BatchError(f"a worker could not start: {message[1]}")

    def _bury(self, worker: _Worker, finished: dict[int, Output], error: str) -> None:
        """Record the page the worker was cleaning as failed, send the pages queued behind it back to the front of
        the line (never started, so they get a fresh worker), and put a fresh worker in its place."""
        if worker.tasks:
            seq, record, deadline = worker.tasks.popleft()
            elapsed = None
            if self._settings.timeout_s is not None and deadline is not None:
                elapsed = round((time.monotonic() - deadline + self._settings.timeout_s) * 1000, 1)
            finished[seq] = Output.failed(record, error, elapsed)
            for waiting_seq, waiting_record, _ in reversed(worker.tasks):
                self._queue.appendleft((waiting_seq, waiting_record))
            worker.tasks.clear()
        elif not worker.ready:
            self._start_failures += 1
            if self._start_failures >= _MAX_START_FAILURES:
                raise BatchError(f"workers keep dying before they are ready ({error})")
        self._replace(worker)


def clean_many(
    records: Iterable[Record],
    *,
    workers: int | None = None,
    timeout_ms: float | None = DEFAULT_TIMEOUT_MS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    kind: str = "auto",
    model_dir: str | Path | None = None,
    options: Options | None = None,
    window: int | None = None,
    engine=None,
) -> Iterator[Output]:
    """Clean records on `workers` processes; yields one Output per record, in input order.

    A page over max_bytes comes out with error "too large" (never cleaned), one past timeout_ms with error
    "timeout" (its worker is killed and replaced), one whose worker died with error "worker died (...)".
    Raises BatchError when workers cannot start at all (e.g. no model can be loaded). `engine` swaps the Cleaner
    for another extractor (see WorkConfig.engine), so a benchmark can run a peer through the same pool."""
    n = workers or default_workers()
    settings = _Settings(
        workers=n,
        timeout_s=timeout_ms / 1000 if timeout_ms else None,
        window=window or n * 16,
    )
    config = WorkConfig.with_test_hooks_from_env(
        kind=kind, max_bytes=max_bytes, model_dir=str(model_dir) if model_dir else None, options=options, engine=engine
    )
    with _Pool(settings, config) as pool:
        yield from pool.run(records)


def clean_pages(
    pages: Iterable[str | bytes | Record],
    *,
    options: Options | None = None,
    model_dir: str | Path | None = None,
    workers: int | None = None,
    timeout: float | None = 30.0,
    kind: str = "auto",
) -> Iterator[Output]:
    """What Cleaner.clean_many runs: pages (or Records) in, Outputs out in the same order; ids are positions.
    timeout is in seconds, like the rest of the Python API's durations; pages over options.max_bytes are refused."""
    max_bytes = (options.max_bytes if options is not None else DEFAULT_MAX_BYTES)
    records = (p if isinstance(p, Record) else Record(str(i), None, p, kind) for i, p in enumerate(pages))
    return clean_many(
        records,
        workers=workers,
        timeout_ms=timeout * 1000 if timeout else None,
        max_bytes=max_bytes,
        kind=kind,
        model_dir=model_dir,
        options=options,
    )
