"""Cleaning one Record into one Output: the unit of work a batch worker, a Dask task or a Spark partition runs."""
from __future__ import annotations

import codecs
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..decode import InputError, looks_binary
from ..options import DEFAULT_OPTIONS, Options
from .records import TOO_LARGE, Output, Record

DEFAULT_MAX_BYTES = DEFAULT_OPTIONS.max_bytes

# Test hooks, read by the batch runner in the parent and handed to its workers: a worker that meets the marker
# string in a page sleeps past any timeout (HANG) or kills itself (DIE). Unset, they do nothing.
TEST_HANG_ENV = "CLEANER_BATCH_TEST_HANG_ON"
TEST_DIE_ENV = "CLEANER_BATCH_TEST_DIE_ON"


@dataclass(frozen=True, slots=True)
class WorkConfig:
    kind: str = "auto"  # forces the kind of every page when not auto
    max_bytes: int = DEFAULT_MAX_BYTES
    model_dir: str | None = None
    options: Options | None = None
    test_hang_on: str | None = None
    test_die_on: str | None = None
    # What cleans a page, if not a Cleaner: a picklable factory taking this config and returning an object with
    # clean(page, kind=...) and model(kind), whose result has CleanResult's fields. Benchmarks run peers with it.
    engine: Callable[["WorkConfig"], Any] | None = None

    @classmethod
    def with_test_hooks_from_env(cls, **kw) -> "WorkConfig":
        return cls(test_hang_on=os.environ.get(TEST_HANG_ENV) or None, test_die_on=os.environ.get(TEST_DIE_ENV) or None, **kw)


def build_cleaner(config: WorkConfig):
    if config.engine is not None:
        return config.engine(config)
    from ..pipeline import Cleaner

    return Cleaner(options=config.options, model_dir=Path(config.model_dir) if config.model_dir else None)


def preload(cleaner, kind: str) -> None:
    """Load the models a batch will need now, so their load time is not charged to the first page's timeout.
    Fails only when none of them loads: a batch of HTML pages can still run without the text model."""
    kinds = ("text", "html") if kind == "auto" else (kind,)
    errors = []
    for name in kinds:
        try:
            cleaner.model(name)
        except Exception as exc:  # ModelError or a broken pickle: both mean this kind cannot be cleaned
            errors.append(exc)
    if len(errors) == len(kinds):
        raise errors[0]


def limit_native_threads() -> None:
    """One thread for OpenMP and BLAS in this process. A batch already runs one worker per core; if the model's
    OpenMP code also starts a thread per core in every worker, the machine is oversubscribed and gradient
    boosting's per-tree thread hand-off on a page's few hundred rows costs more than the trees themselves
    (measured: 4.4 s a page instead of 15 ms, on 2 cores with other work running). Call after the models load,
    so their native libraries are there to be limited."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)


def page_input(record: Record) -> str | bytes:
    """The page for an engine other than a Cleaner (which takes the bytes and the charset itself): decoded with
    the transport's charset, as browsers do; a BOM still wins, and bytes that do not fit the declared charset fall
    back to the page's own declaration and detection in cleaner.decode."""
    content = record.content
    if not isinstance(content, bytes) or not record.charset:
        return content
    if content.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content
    if looks_binary(content):
        raise InputError("input looks like binary data, not an HTML page or a text dump")
    try:
        return content.decode(record.charset)
    except (ValueError, LookupError):  # any UnicodeError (punycode raises a bare one), an unknown name
        return content


def _test_hooks(record: Record, config: WorkConfig) -> None:
    if config.test_hang_on is None and config.test_die_on is None:
        return
    text = record.content if isinstance(record.content, str) else record.content.decode("latin-1")
    if config.test_die_on and config.test_die_on in text:
        os.kill(os.getpid(), signal.SIGKILL)
    if config.test_hang_on and config.test_hang_on in text:
        time.sleep(3600)


def precheck(record: Record, config: WorkConfig) -> Output | None:
    """The verdict on a record that needs no cleaning, so the batch parent never ships it to a worker."""
    if record.error is not None:
        return Output.failed(record, record.error)
    if record.size > config.max_bytes:
        return Output.failed(record, TOO_LARGE)
    if not record.content or record.content.isspace():
        return Output.failed(record, "empty input")
    return None


def clean_record(cleaner, record: Record, config: WorkConfig) -> Output:
    """Never raises for a bad page: every failure becomes the Output's error."""
    started = time.perf_counter()
    verdict = precheck(record, config)
    if verdict is not None:
        return verdict
    kind = config.kind if config.kind != "auto" else record.kind
    try:
        _test_hooks(record, config)
        if config.engine is None:
            # The bytes as they came: a UTF-8 page then goes to the parser without being decoded and encoded again.
            result = cleaner.clean(record.content, kind=kind, charset=record.charset)
        else:
            result = cleaner.clean(page_input(record), kind=kind)
    except InputError as exc:
        return Output.failed(record, f"unreadable page: {exc}", _ms(started))
    except Exception as exc:  # one bad page must not end a batch of millions; the error names what went wrong
        return Output.failed(record, f"{type(exc).__name__}: {exc}", _ms(started))
    return Output(
        id=record.id,
        url=record.url,
        title=result.title,
        body=result.body,
        captions=list(result.captions),
        author=result.author,
        date=result.date,
        language=result.language,
        confidence=round(float(result.confidence), 4),
        ms=_ms(started),
        error=None,
    )


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)
