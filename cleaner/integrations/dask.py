"""Cleaning on Dask: thin wrappers around cleaner.batch.clean_partition for bags and dataframes, and a bag of
cleaned records straight from WARC files. Every Dask worker process builds one Cleaner, on its first partition.

    import dask.bag as db
    from cleaner.integrations.dask import clean_warcs
    to_parquet(clean_warcs(["crawl-00.warc.gz", "crawl-01.warc.gz"]), "out/")
"""
from __future__ import annotations

from typing import Sequence

from ..batch.partition import clean_partition
from ..batch.readers import read_warc
from ..batch.records import DEFAULT_FIELDS, Fields
from ..batch.work import DEFAULT_MAX_BYTES

# Column types of the cleaned records, for dask.dataframe (which wants them before it computes anything).
OUTPUT_META = {
    "id": "object",
    "url": "object",
    "title": "object",
    "body": "object",
    "captions": "object",
    "author": "object",
    "date": "object",
    "language": "object",
    "confidence": "float64",
    "ms": "float64",
    "error": "object",
}


def clean_bag(bag, *, kind: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES, model_dir: str | None = None, fields: Fields = DEFAULT_FIELDS):
    """A bag of Records or dicts (html or text, id, url) → a bag of output dicts, partition by partition."""
    return bag.map_partitions(clean_partition, kind=kind, max_bytes=max_bytes, model_dir=model_dir, fields=fields)


def _clean_frame(frame, kind: str, max_bytes: int, model_dir: str | None, fields: Fields):
    import pandas as pd

    rows = clean_partition(frame.to_dict("records"), kind=kind, max_bytes=max_bytes, model_dir=model_dir, fields=fields)
    return pd.DataFrame(rows, columns=list(OUTPUT_META), index=frame.index).astype(OUTPUT_META)


def clean_dataframe(df, *, kind: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES, model_dir: str | None = None, fields: Fields = DEFAULT_FIELDS):
    """A dask DataFrame with an html (or text) column, and id/url columns if it has them → cleaned records."""
    import pandas as pd

    meta = pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in OUTPUT_META.items()})
    return df.map_partitions(_clean_frame, kind, max_bytes, model_dir, fields, meta=meta)


def _clean_warc_paths(paths, kind: str, max_bytes: int, model_dir: str | None) -> list[dict]:
    from pathlib import Path

    rows: list[dict] = []
    for path in paths:
        rows.extend(clean_partition(read_warc(Path(path)), kind=kind, max_bytes=max_bytes, model_dir=model_dir))
    return rows


def clean_warcs(paths: Sequence[str], *, kind: str = "html", max_bytes: int = DEFAULT_MAX_BYTES, model_dir: str | None = None):
    """One partition per WARC file: each worker reads and cleans its files, so only paths travel."""
    import dask.bag as db

    return db.from_sequence(list(paths), partition_size=1).map_partitions(
        _clean_warc_paths, kind=kind, max_bytes=max_bytes, model_dir=model_dir
    )


def to_parquet(bag, path: str, **kw):
    """Write a bag of output dicts as a Parquet dataset with the same schema as `cleaner batch --format parquet`
    (object columns alone do not tell Dask that captions is a list of strings)."""
    from ..batch.writers import output_schema

    return bag.to_dataframe(meta=OUTPUT_META).to_parquet(path, schema=output_schema(), write_index=False, **kw)
