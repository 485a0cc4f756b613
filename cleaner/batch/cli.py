"""`cleaner batch INPUT... -o OUT`: clean folders, JSONL, WARC and Parquet inputs on all cores."""
from __future__ import annotations

import signal
import time
from collections import Counter
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from ..cliutil import InputKind
from ..cliutil import fail as _fail
from .records import Fields
from .runner import DEFAULT_TIMEOUT_MS
from .work import DEFAULT_MAX_BYTES


class BatchFormat(str, Enum):
    jsonl = "jsonl"
    parquet = "parquet"


def _stop_on_sigterm() -> None:
    # SIGTERM ends the run like Ctrl-C does: writers close, so a Parquet output keeps its footer.
    def handler(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def batch(
    inputs: List[str] = typer.Argument(..., help="Folders, .html/.htm/.txt, .jsonl, .warc, .parquet (each optionally .gz); globs are expanded."),
    output: Path = typer.Option(..., "-o", "--output", help="Output file (.jsonl, .jsonl.gz or .parquet)."),
    workers: int = typer.Option(0, "--workers", "-w", help="Worker processes (0: one per core)."),
    fmt: Optional[BatchFormat] = typer.Option(None, "--format", help="jsonl or parquet (default: from the output's name)."),
    kind: InputKind = typer.Option(InputKind.auto, "--kind", help="auto takes the kind the input implies (.txt, a text field) or sniffs it."),
    resume: bool = typer.Option(False, "--resume", help="Skip ids already in the output and append the rest."),
    timeout_ms: float = typer.Option(DEFAULT_TIMEOUT_MS, "--timeout-ms", help="Per page; a page past it is recorded as 'timeout' and its worker replaced (0: no limit)."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Larger pages are recorded as 'too large' without cleaning."),
    html_field: str = typer.Option("html", "--html-field", help="JSONL/Parquet field holding HTML."),
    text_field: str = typer.Option("text", "--text-field", help="JSONL/Parquet field holding a text dump."),
    id_field: str = typer.Option("id", "--id-field", help="JSONL/Parquet field holding the record id (default: file:line)."),
    url_field: str = typer.Option("url", "--url-field", help="JSONL/Parquet field holding the page URL."),
    model_dir: Optional[Path] = typer.Option(None, "--model-dir", help="Load models from this folder (trusted: models are pickles)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress on stderr (a bar on a terminal)."),
) -> None:
    """Clean many pages on all cores into one JSONL or Parquet file, one record per input page, in input order."""
    from .progress import Summary, track
    from .readers import InputUnreadable, count_hint, plan_inputs, read_sources
    from .runner import BatchError, clean_many
    from .writers import existing_ids, open_writer

    fields = Fields(html=html_field, text=text_field, id=id_field, url=url_field)
    out_format = fmt.value if fmt is not None else ("parquet" if output.name.endswith((".parquet", ".pq")) else "jsonl")
    try:
        sources = plan_inputs(inputs, fields)
    except InputUnreadable as exc:
        _fail(str(exc))
        return
    done = existing_ids(output, out_format) if resume else set()
    total = count_hint(sources)
    if total is not None:
        total = max(0, total - len(done))
    records = (r for r in read_sources(sources, fields, kind.value) if r.id not in done)
    outputs = clean_many(
        records,
        workers=workers or None,
        timeout_ms=timeout_ms or None,
        max_bytes=max_bytes,
        kind=kind.value,
        model_dir=model_dir,
    )
    counts: Counter = Counter()
    started = time.monotonic()
    _stop_on_sigterm()
    output.parent.mkdir(parents=True, exist_ok=True)
    writer = open_writer(output, out_format, append=resume and bool(done))
    interrupted = False
    try:
        for out in track(outputs, counts, total=total, enabled=progress):
            writer.write(out)
    except BatchError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        interrupted = True
    finally:
        writer.close()
        outputs.close()
    typer.echo(Summary(dict(counts), time.monotonic() - started).line(), err=True)
    if interrupted:
        typer.echo("cleaner: interrupted; run again with --resume to finish", err=True)
        raise typer.Exit(130)
