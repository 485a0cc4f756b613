"""Batch cleaning: readers (folder, JSONL, WARC, Parquet) → runner (worker processes, in order, timeouts) →
writers (JSONL, Parquet). `cleaner batch` on the command line; clean_many and clean_partition from Python."""
from .partition import clean_partition
from .readers import InputUnreadable, plan_inputs, read_inputs
from .records import Fields, Output, Record
from .runner import BatchError, clean_many, clean_pages

__all__ = [
    "BatchError",
    "Fields",
    "InputUnreadable",
    "Output",
    "Record",
    "clean_many",
    "clean_pages",
    "clean_partition",
    "plan_inputs",
    "read_inputs",
]
