"""A per-call time limit, so one peer hanging on one page cannot stall the whole run.

SIGALRM is the cheap way: no thread or process per call, so timings stay honest. It only works in the main
thread of the main interpreter and cannot interrupt a C extension until it returns to Python; elsewhere the call
simply runs without a limit.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator


class CallTimeout(Exception):
    pass


def _raise_timeout(signum, frame):  # noqa: ARG001 - signal handler signature
    raise CallTimeout()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    in_main_thread = threading.current_thread() is threading.main_thread()
    usable = seconds and seconds > 0 and hasattr(signal, "setitimer") and in_main_thread
    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
