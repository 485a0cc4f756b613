"""Command line: `cleaner clean-file PAGE`, `cleaner train`."""
from __future__ import annotations

import gzip
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .cliutil import InputKind
from .cliutil import fail as _fail

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Boilerplate cleaner for scraped news pages.")


def _print_version(value: bool) -> None:
    """The package's version and, for a bug report, which shipped models this install cleans with: their feature
    schema and the first characters of their trees' and training data's hashes, read from the sidecars (the
    models themselves are not loaded)."""
    if not value:
        return
    import json

    from . import __version__
    from .model.store import shipped_models_root

    typer.echo(f"cleaner {__version__}")
    root = shipped_models_root()
    for kind in ("text", "html", "lexical"):
        try:
            sidecar = json.loads((root / f"{kind}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            typer.echo(f"{kind} model: unreadable ({exc.__class__.__name__})")
            continue
        typer.echo(
            f"{kind} model: schema {sidecar.get('feature_schema')}, trees {str(sidecar.get('trees_sha256'))[:12]}, "
            f"training data {str(sidecar.get('training_data_sha256'))[:12]}"
            + (f", words {str(sidecar['prior_sha256'])[:12]}" if sidecar.get("prior_sha256") else "")
        )
    raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print the version and the shipped models' identity, then exit."),
) -> None:
    """Boilerplate cleaner for scraped news pages."""


class OutputFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


def read_input(path: str) -> bytes:
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        p = Path(path)
        if p.is_dir():
            _fail(f"{path}: a folder; clean-file takes one page (`cleaner batch {path} -o OUT` cleans a folder)")
        if not p.is_file():
            _fail(f"{path}: no such file")
        data = p.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            _fail(f"{path}: broken gzip ({exc})")
    return data


@app.command("clean-file")
def clean_file(
    path: str = typer.Argument(..., help="An HTML page or a text dump; '-' reads standard input; .gz is unpacked."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of standard output."),
    fmt: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="text, markdown, or json (with every line's label)."),
    kind: InputKind = typer.Option(InputKind.auto, "--kind", help="auto sniffs markup."),
    captions: bool = typer.Option(False, "--captions", help="Append the captions."),
    explain_lines: bool = typer.Option(False, "--explain", help="Print every line with its label, probability, kept/dropped and reason."),
    model_dir: Optional[Path] = typer.Option(None, "--model-dir", help="Load models from this folder (trusted: models are pickles)."),
) -> None:
    """Clean one page."""
    from . import render
    from .decode import InputError
    from .model.store import ModelError
    from .pipeline import Cleaner

    data = read_input(path)
    try:
        result = Cleaner(model_dir=model_dir).clean(data, kind=kind.value)
    except (InputError, ModelError) as exc:
        _fail(f"{path}: {exc}")
        return
    except Exception as exc:  # a bug of ours on an odd page: one line for the user, not a traceback
        _fail(f"{path}: could not clean this page ({type(exc).__name__}: {exc})", code=1)
        return
    if explain_lines:
        colour = output is None and sys.stdout.isatty()
        rendered = render.explain(result, colour=colour)
    elif fmt is OutputFormat.json:
        rendered = render.to_json(result)
    elif fmt is OutputFormat.markdown:
        rendered = render.to_markdown(result, captions=captions)
    else:
        rendered = render.to_text(result, captions=captions)
    for warning in result.warnings:
        typer.echo(f"cleaner: warning: {warning}", err=True)
    if output is not None:
        output.write_text(rendered, encoding="utf-8")
    else:
        sys.stdout.write(rendered)


@app.command("train")
def train_command(
    out: Path = typer.Option(None, "--out", help="Where to write the models (default: the repo's models/)."),
    kinds: str = typer.Option("text,html,lexical", "--kinds", help="Which models to train (text, html, lexical)."),
    corpora: Optional[Path] = typer.Option(None, "--corpora", help="Folder holding the corpora (default ../shared/corpora)."),
) -> None:
    """Rebuild the shipped models from the corpora and training_data/ (seeded, reproducible)."""
    import os

    from .training import train

    if corpora is not None:
        os.environ["CLEANER_CORPORA"] = str(corpora)
    try:
        train.main(out=out, kinds=tuple(k.strip() for k in kinds.split(",") if k.strip()))
    except train.TrainingError as exc:  # a renderer missing, no training rows: one line, not a traceback
        _fail(str(exc))


from .batch.cli import batch as batch_command  # noqa: E402 - registered on the same app as clean-file

app.command("batch")(batch_command)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
