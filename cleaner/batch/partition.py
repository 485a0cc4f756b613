"""Cleaning inside someone else's workers (Dask, Spark): one partition of records at a time, in-process, with one
Cleaner per worker process. There is no per-page timeout here: those frameworks time out and retry whole tasks."""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator, Mapping

from .records import DEFAULT_FIELDS, Fields, Output, Record
from .work import DEFAULT_MAX_BYTES, WorkConfig, build_cleaner, clean_record, limit_native_threads, preload


@lru_cache(maxsize=4)
def cached_cleaner(config: WorkConfig):
    """One Cleaner (and one copy of the models) per worker process and configuration, built on first use.
    Dask and Spark run a task per core, so native code is held to one thread (see limit_native_threads)."""
    cleaner = build_cleaner(config)
    preload(cleaner, config.kind)
    limit_native_threads()
    return cleaner


def as_record(item: Record | Mapping, fields: Fields = DEFAULT_FIELDS, position: int = 0) -> Record:
    """A Record from a Record, or from a dict/row with the usual fields (html or text, id, url, charset)."""
    if isinstance(item, Record):
        return item
    html, text = item.get(fields.html), item.get(fields.text)
    record_id = item.get(fields.id)
    url = item.get(fields.url)
    content, kind = (html, "html") if html is not None else (text, "text")
    error = None if content is not None else f"no {fields.html!r} or {fields.text!r} field"
    return Record(
        id=str(record_id) if record_id is not None else str(position),
        url=str(url) if url is not None else None,
        content=content if content is not None else b"",
        kind=kind,
        charset=item.get("charset"),
        error=error,
    )


def clean_partition(
    records: Iterable[Record | Mapping],
    *,
    kind: str = "auto",
    max_bytes: int = DEFAULT_MAX_BYTES,
    model_dir: str | None = None,
    fields: Fields = DEFAULT_FIELDS,
) -> list[dict]:
    """Records (or dicts) in, output dicts (the fields of records.Output) out, in the same order."""
    return list(iter_clean_partition(records, kind=kind, max_bytes=max_bytes, model_dir=model_dir, fields=fields))


def iter_clean_partition(
    records: Iterable[Record | Mapping],
    *,
    kind: str = "auto",
    max_bytes: int = DEFAULT_MAX_BYTES,
    model_dir: str | None = None,
    fields: Fields = DEFAULT_FIELDS,
) -> Iterator[dict]:
    config = WorkConfig(kind=kind, max_bytes=max_bytes, model_dir=model_dir)
    cleaner = cached_cleaner(config)
    for position, item in enumerate(records):
        output: Output = clean_record(cleaner, as_record(item, fields, position), config)
        yield output.to_dict()
