"""Cleaning on PySpark: mapPartitions over an RDD, and mapInPandas over a DataFrame of HTML or of WARC paths.
Each Python worker builds one Cleaner on its first partition (cleaner.batch.partition.cached_cleaner).

    from cleaner.integrations.spark import clean_warc_paths
    paths = spark.createDataFrame([(p,) for p in warc_files], "path string")
    clean_warc_paths(paths).write.parquet("out/")
"""
from __future__ import annotations

from typing import Iterator

from ..batch.partition import iter_clean_partition
from ..batch.readers import read_warc
from ..batch.records import DEFAULT_FIELDS, Fields
from ..batch.work import DEFAULT_MAX_BYTES

OUTPUT_SCHEMA = (
    "id string, url string, title string, body string, captions array<string>, author string, date string, "
    "language string, confidence double, ms double, error string"
)


def clean_rdd(rdd, *, kind: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES, model_dir: str | None = None, fields: Fields = DEFAULT_FIELDS):
    """An RDD of dicts or Rows (html or text, id, url) → an RDD of output dicts."""

    def run(rows):
        return iter_clean_partition((_as_dict(r) for r in rows), kind=kind, max_bytes=max_bytes, model_dir=model_dir, fields=fields)

    return rdd.mapPartitions(run)


def _as_dict(row) -> dict:
    return row.asDict() if hasattr(row, "asDict") else row


def _frames(batches: Iterator, rows_of) -> Iterator:
    import pandas as pd

    columns = [c.split()[0] for c in OUTPUT_SCHEMA.split(", ")]
    for frame in batches:
        yield pd.DataFrame(list(rows_of(frame)), columns=columns)


def clean_dataframe(df, *, kind: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES, model_dir: str | None = None, fields: Fields = DEFAULT_FIELDS):
    """A DataFrame with an html (or text) column and optional id/url columns → a DataFrame of cleaned records
    (pandas batches through Arrow, one Cleaner per Python worker)."""

    def run(batches):
        return _frames(
            batches,
            lambda frame: iter_clean_partition(
                frame.to_dict("records"), kind=kind, max_bytes=max_bytes, model_dir=model_dir, fields=fields
            ),
        )

    return df.mapInPandas(run, schema=OUTPUT_SCHEMA)


def clean_warc_paths(paths_df, *, path_column: str = "path", kind: str = "html", max_bytes: int = DEFAULT_MAX_BYTES, model_dir: str | None = None):
    """A DataFrame of WARC paths (one per row) → a DataFrame of cleaned records; each task reads its own files."""
    from pathlib import Path

    def rows_of(frame):
        for path in frame[path_column]:
            yield from iter_clean_partition(read_warc(Path(path)), kind=kind, max_bytes=max_bytes, model_dir=model_dir)

    def run(batches):
        return _frames(batches, rows_of)

    return paths_df.mapInPandas(run, schema=OUTPUT_SCHEMA)
