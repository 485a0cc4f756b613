"""Readers: plain generators of Records from folders, JSONL, WARC and Parquet inputs.

A reader that hits damage mid-input (a truncated gzip, a corrupt record) yields every record it got before the
damage and then one error record, so nothing it saw is lost silently. An input that cannot be opened at all is
caught up front by plan_inputs, before any work is done."""
from __future__ import annotations

import glob
import gzip
import json
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .records import DEFAULT_FIELDS, Fields, Record

PAGE_SUFFIXES = (".html", ".htm", ".txt")
_JSONL = (".jsonl", ".ndjson", ".json")
_WARC = (".warc",)
_PARQUET = (".parquet", ".pq")
_GZIP_MAGIC = b"\x1f\x8b"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Damage a gzip or zlib stream shows as; all of them mean "the rest of this input is gone".
_STREAM_ERRORS = (EOFError, OSError, zlib.error)


class InputUnreadable(Exception):
    """An input named on the command line cannot be read at all (missing, not the format its name says, ...)."""


@dataclass(frozen=True, slots=True)
class Source:
    path: Path
    format: str  # folder, page, jsonl, warc, parquet


def _strip_gz(name: str) -> str:
    return name[:-3] if name.endswith(".gz") else name


def _format_of(path: Path) -> str | None:
    if path.is_dir():
        return "folder"
    name = _strip_gz(path.name.lower())
    for fmt, suffixes in (("page", PAGE_SUFFIXES), ("jsonl", _JSONL), ("warc", _WARC), ("parquet", _PARQUET)):
        if name.endswith(suffixes):
            return fmt
    return None


def _head(path: Path, n: int = 8) -> bytes:
    with path.open("rb") as fh:
        head = fh.read(n)
    if path.name.endswith(".gz"):
        if not head.startswith(_GZIP_MAGIC):
            raise InputUnreadable(f"{path}: named .gz but is not gzip")
        with gzip.open(path, "rb") as fh:
            head = fh.read(n)
    return head


def _probe(path: Path, fmt: str, fields: Fields) -> None:
    """Open the input the way its reader will and fail now, with one line, if that cannot work."""
    try:
        if fmt == "folder":
            os.listdir(path)
        elif fmt == "warc":
            if not _head(path).startswith(b"WARC/"):
                raise InputUnreadable(f"{path}: not a WARC file (no WARC/ header at the start)")
        elif fmt == "parquet":
            import pyarrow.parquet as pq

            names = set(pq.ParquetFile(path).schema_arrow.names)
            if fields.html not in names and fields.text not in names:
                raise InputUnreadable(f"{path}: has neither a {fields.html!r} nor a {fields.text!r} column")
        else:
            _head(path)
    except InputUnreadable:
        raise
    except Exception as exc:  # whatever the library raises, the message is what the user needs
        raise InputUnreadable(f"{path}: {exc}") from exc


def _expand(spec: str) -> list[Path]:
    if glob.has_magic(spec):
        return [Path(p) for p in sorted(glob.glob(spec, recursive=True))]
    return [Path(spec)] if os.path.exists(spec) else []


def plan_inputs(specs: Sequence[str], fields: Fields = DEFAULT_FIELDS) -> list[Source]:
    """Expand globs, tell each input's format and check it opens. Raises InputUnreadable with a one-line message."""
    sources: list[Source] = []
    for spec in specs:
        paths = _expand(spec)
        if not paths:
            raise InputUnreadable(f"{spec}: no such file or directory")
        for path in paths:
            fmt = _format_of(path)
            if fmt is None:
                raise InputUnreadable(
                    f"{path}: unknown input type (expected a folder, .html/.htm/.txt, .jsonl, .warc or .parquet, each optionally .gz)"
                )
            _probe(path, fmt, fields)
            sources.append(Source(path, fmt))
    return sources


def read_inputs(specs: Sequence[str], fields: Fields = DEFAULT_FIELDS, kind: str = "auto") -> Iterator[Record]:
    return read_sources(plan_inputs(specs, fields), fields, kind)


def read_sources(sources: Iterable[Source], fields: Fields = DEFAULT_FIELDS, kind: str = "auto") -> Iterator[Record]:
    for source in sources:
        if source.format == "folder":
            yield from read_folder(source.path, kind)
        elif source.format == "page":
            yield read_page_file(source.path, kind)
        elif source.format == "jsonl":
            yield from read_jsonl(source.path, fields, kind)
        elif source.format == "warc":
            yield from read_warc(source.path)
        else:
            yield from read_parquet(source.path, fields, kind)


# --- pages in files -------------------------------------------------------------------------------------------


def _page_kind(path: Path, kind: str) -> str:
    if kind != "auto":
        return kind
    return "text" if _strip_gz(path.name.lower()).endswith(".txt") else "html"


def read_page_file(path: Path, kind: str = "auto") -> Record:
    record_id = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Record(record_id, None, b"", _page_kind(path, kind), error=f"unreadable file: {exc.strerror or exc}")
    if path.name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except _STREAM_ERRORS as exc:
            # A page cut short is not a page: better an error than a cleaned half.
            return Record(record_id, None, b"", _page_kind(path, kind), error=f"broken gzip: {exc}")
    return Record(record_id, None, data, _page_kind(path, kind))


def read_folder(root: Path, kind: str = "auto") -> Iterator[Record]:
    """Every .html/.htm/.txt (optionally .gz) below root, in sorted order so a re-run reads the same sequence."""
    for directory, subdirs, files in os.walk(root):
        subdirs.sort()
        for name in sorted(files):
            if _strip_gz(name.lower()).endswith(PAGE_SUFFIXES):
                yield read_page_file(Path(directory) / name, kind)


# --- JSONL ----------------------------------------------------------------------------------------------------


def _open_binary(path: Path):
    return gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")


def _from_mapping(row: dict, fields: Fields, fallback_id: str, kind: str) -> Record:
    record_id = row.get(fields.id)
    record_id = fallback_id if record_id is None else str(record_id)
    url = row.get(fields.url)
    url = None if url is None else str(url)
    html, text = row.get(fields.html), row.get(fields.text)
    if html is not None:
        content, guessed = html, "html"
    elif text is not None:
        content, guessed = text, "text"
    else:
        return Record(record_id, url, b"", kind, error=f"no {fields.html!r} or {fields.text!r} field")
    if not isinstance(content, (str, bytes)):
        return Record(record_id, url, b"", kind, error=f"page field is a {type(content).__name__}, not a string")
    return Record(record_id, url, content, guessed if kind == "auto" else kind)


def read_jsonl(path: Path, fields: Fields = DEFAULT_FIELDS, kind: str = "auto") -> Iterator[Record]:
    lineno = 0
    try:
        with _open_binary(path) as fh:
            for lineno, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                fallback = f"{path}:{lineno}"
                try:
                    row = json.loads(raw)
                except ValueError as exc:
                    torn = "" if raw.endswith(b"\n") else " (last line cut short)"
                    yield Record(fallback, None, b"", kind, error=f"corrupt JSON{torn}: {exc}")
                    continue
                if not isinstance(row, dict):
                    yield Record(fallback, None, b"", kind, error=f"line is a JSON {type(row).__name__}, not an object")
                    continue
                yield _from_mapping(row, fields, fallback, kind)
    except _STREAM_ERRORS as exc:
        yield Record(f"{path}:{lineno + 1}", None, b"", kind, error=f"input cut short after line {lineno}: {exc}")


# --- WARC -----------------------------------------------------------------------------------------------------


def _decode_content_encoding(payload: bytes, encoding: str | None) -> bytes:
    """Most crawl archives (Common Crawl's among them) store payloads decoded; a few keep the server's gzip."""
    if encoding and encoding.strip().lower() in ("gzip", "x-gzip", "deflate"):
        try:
            # wbits=47 accepts gzip and zlib framing alike.
            return zlib.decompressobj(wbits=47).decompress(payload)
        except zlib.error:
            return payload
    return payload


def read_warc(path: Path) -> Iterator[Record]:
    """HTML `response` records of a WARC (plain or gzip), with the HTTP header's charset passed along."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    position = 0
    with path.open("rb") as fh:
        records = ArchiveIterator(fh, record_types=WarcRecordType.response, parse_http=True, auto_decode="none")
        try:
            for warc in records:
                position = warc.stream_pos
                content_type = (warc.http_content_type or "").lower()
                if not content_type.startswith(_HTML_TYPES):
                    continue
                record_id = warc.record_id or f"{path}@{position}"
                url = warc.headers.get("WARC-Target-URI")
                payload = warc.reader.read()
                if len(payload) < warc.content_length:
                    yield Record(record_id, url, b"", "html", error=f"WARC record cut short ({len(payload)} of {warc.content_length} bytes)")
                    continue
                headers = warc.http_headers
                payload = _decode_content_encoding(payload, headers.get("Content-Encoding") if headers is not None else None)
                yield Record(record_id, url, payload, "html", charset=warc.http_charset)
        except _STREAM_ERRORS as exc:
            yield Record(f"{path}@{position}+", None, b"", "html", error=f"corrupt WARC after offset {position}; rest of file skipped: {exc}")


# --- Parquet --------------------------------------------------------------------------------------------------


def read_parquet(path: Path, fields: Fields = DEFAULT_FIELDS, kind: str = "auto", batch_size: int = 256) -> Iterator[Record]:
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    names = set(parquet.schema_arrow.names)
    columns = [c for c in (fields.id, fields.url, fields.html, fields.text) if c in names]
    row = 0
    try:
        for batch in parquet.iter_batches(batch_size=batch_size, columns=columns):
            for mapping in batch.to_pylist():
                yield _from_mapping(mapping, fields, f"{path}:{row}", kind)
                row += 1
    except Exception as exc:  # pyarrow raises several types for a damaged row group; all end this input
        yield Record(f"{path}:{row}+", None, b"", kind, error=f"unreadable rows from {row} on: {exc}")


def count_hint(sources: Iterable[Source]) -> int | None:
    """How many records the sources hold, when that is cheap to know (for the ETA); None when it is not."""
    total = 0
    for source in sources:
        if source.format == "page":
            total += 1
        elif source.format == "folder":
            total += sum(
                1 for _, _, files in os.walk(source.path) for name in files if _strip_gz(name.lower()).endswith(PAGE_SUFFIXES)
            )
        elif source.format == "parquet":
            import pyarrow.parquet as pq

            total += pq.ParquetFile(source.path).metadata.num_rows
        else:
            return None  # JSONL and WARC would have to be read through to count
    return total
