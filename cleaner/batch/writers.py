"""Writers of Output records: JSONL (optionally .gz) and Parquet, both flushing as they go so a killed run keeps
what it had written; and reading back the ids already written, for --resume."""
from __future__ import annotations

import gzip
import json
import os
import time
from pathlib import Path
from typing import Protocol

from .records import OUTPUT_FIELDS, Output

FORMATS = ("jsonl", "parquet")


class Writer(Protocol):
    def write(self, output: Output) -> None: ...

    def close(self) -> None: ...


def _line(output: Output) -> str:
    return json.dumps(output.to_dict(), ensure_ascii=False) + "\n"


class JsonlWriter:
    """One JSON object per line. Plain files are line-buffered; gzip is flushed at most once a second, since
    every flush ends a deflate block and per-line flushing would cost most of the compression."""

    def __init__(self, path: Path, append: bool = False, gzip_flush_seconds: float = 1.0) -> None:
        self.path = Path(path)
        mode = "a" if append else "w"
        self._gz = self.path.name.endswith(".gz")
        if self._gz:
            # Appending to gzip adds a new member, which every gzip reader reads as one stream.
            self._fh = gzip.open(self.path, mode + "t", encoding="utf-8")
        else:
            self._fh = self.path.open(mode, encoding="utf-8", buffering=1)
        self._flush_every = gzip_flush_seconds
        self._flushed = time.monotonic()

    def write(self, output: Output) -> None:
        self._fh.write(_line(output))
        if self._gz and time.monotonic() - self._flushed >= self._flush_every:
            self._fh.flush()
            self._flushed = time.monotonic()

    def close(self) -> None:
        self._fh.close()


def output_schema():
    import pyarrow as pa

    return pa.schema(
        [
            ("id", pa.string()),
            ("url", pa.string()),
            ("title", pa.string()),
            ("body", pa.string()),
            ("captions", pa.list_(pa.string())),
            ("author", pa.string()),
            ("date", pa.string()),
            ("language", pa.string()),
            ("confidence", pa.float64()),
            ("ms", pa.float64()),
            ("error", pa.string()),
        ]
    )


class ParquetWriter:
    """Rows go out in row groups of `row_group_size`. Parquet cannot be appended to, so resuming copies the rows
    already there into a fresh file first (see existing_ids); a file cut by SIGKILL has no footer and is lost
    whole, which is why JSONL is the format for runs that may be killed."""

    def __init__(self, path: Path, append: bool = False, row_group_size: int = 1000) -> None:
        import pyarrow.parquet as pq

        self.path = Path(path)
        self._rows: list[dict] = []
        self._size = row_group_size
        previous = None
        if append and self.path.exists():
            previous = pq.read_table(self.path, schema=output_schema())
        self._tmp = self.path.with_name(self.path.name + ".partial")
        self._writer = pq.ParquetWriter(self._tmp if previous is not None else self.path, output_schema())
        if previous is not None:
            self._writer.write_table(previous, row_group_size=row_group_size)

    def write(self, output: Output) -> None:
        self._rows.append(output.to_dict())
        if len(self._rows) >= self._size:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=output_schema()))
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()
        if self._tmp.exists():
            os.replace(self._tmp, self.path)


def open_writer(path: Path, fmt: str, append: bool = False) -> Writer:
    if fmt == "jsonl":
        return JsonlWriter(path, append=append)
    if fmt == "parquet":
        return ParquetWriter(path, append=append)
    raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")


# --- resume ---------------------------------------------------------------------------------------------------


def _jsonl_ids(path: Path) -> set[str]:
    """Ids of the complete lines; a torn last line (the run was killed mid-write) is cut off the file so the
    appended records start on a line of their own."""
    ids: set[str] = set()
    if path.name.endswith(".gz"):
        good: list[str] = []
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                for line in fh:
                    if line.endswith("\n") and _id_of(line) is not None:
                        good.append(line)
        except (EOFError, OSError):
            pass  # the compressed stream ends mid-member: what was read before is kept
        # A cut gzip member cannot be appended to; rewrite the good lines as one clean member.
        tmp = path.with_name(path.name + ".partial")
        with gzip.open(tmp, "wt", encoding="utf-8") as out:
            out.writelines(good)
        os.replace(tmp, path)
        return {_id_of(line) for line in good}
    keep = 0
    with path.open("rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break
            record_id = _id_of(raw.decode("utf-8", "replace"))
            if record_id is None:
                break
            ids.add(record_id)
            keep += len(raw)
    if keep != path.stat().st_size:
        with path.open("r+b") as fh:
            fh.truncate(keep)
    return ids


def _id_of(line: str) -> str | None:
    try:
        row = json.loads(line)
    except ValueError:
        return None
    return row.get("id") if isinstance(row, dict) else None


def existing_ids(path: Path, fmt: str) -> set[str]:
    """Ids already in an output file, repairing its tail so it can be appended to. A Parquet file that cannot be
    read (killed before its footer was written) is moved aside and the run starts over."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return set()
    if fmt == "jsonl":
        return _jsonl_ids(path)
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path, columns=["id"])
    except Exception:  # no footer: nothing in the file is recoverable with pyarrow
        os.replace(path, path.with_name(path.name + ".unreadable"))
        return set()
    return set(table.column("id").to_pylist())


__all__ = ["FORMATS", "JsonlWriter", "OUTPUT_FIELDS", "ParquetWriter", "Writer", "existing_ids", "open_writer", "output_schema"]
