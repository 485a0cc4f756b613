"""Pieces shared by the command-line modules (clean-file and batch)."""
from __future__ import annotations

from enum import Enum

import typer


class InputKind(str, Enum):
    auto = "auto"
    text = "text"
    html = "html"


def fail(message: str, code: int = 2) -> None:
    """One line on stderr and a non-zero exit: what a user sees instead of a traceback."""
    typer.echo(f"cleaner: {message}", err=True)
    raise typer.Exit(code)
