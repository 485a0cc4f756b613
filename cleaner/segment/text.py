"""Text-dump segmentation: one block per non-empty line, with the layout a text browser left behind."""
from __future__ import annotations

import re

from ..options import DEFAULT_OPTIONS, Options
from ..types import Metadata, Segmented, new_block
from .columns import split_columns
from .markers import BULLET, LINK_REF, clean_text, list_marker

_BULLET = BULLET  # under these names for segment/_text.pyx
_LINK_REF = LINK_REF
# In lynx's "References" section each line is "  12. http://…".
REFERENCE_LINE = re.compile(r"^\s*\d{1,5}\.\s+(?:https?|ftp|mailto|file|javascript):\S*\s*$")
REFERENCE_HEADERS = ("References", "Visible links", "Hidden links:")
_REFERENCE_LINE, _REFERENCE_HEADERS = REFERENCE_LINE, REFERENCE_HEADERS  # under these names for segment/_text.pyx


def _expand(line: str) -> str:
    return line.expandtabs(8) if "\t" in line else line


def segment_text(text: str, options: Options = DEFAULT_OPTIONS) -> Segmented:
    warnings: list[str] = []
    if "\x00" in text:
        text = text.replace("\x00", "")
        warnings.append("NUL bytes removed")
    raw_lines = text.splitlines()
    if _segment_lines is not None:
        blocks = _segment_lines(raw_lines, options.max_line_chars, options.max_blocks, warnings)
        return _read_columns(tuple(blocks), raw_lines, options, warnings)
    blocks: list = []
    n = len(raw_lines)
    in_references = False
    for i, raw in enumerate(raw_lines):
        if not raw.strip():
            continue
        if len(raw) > options.max_line_chars:
            raw = raw[: options.max_line_chars]
            message = f"lines longer than {options.max_line_chars} characters were cut"
            if message not in warnings:
                warnings.append(message)
            if not raw.strip():  # all of what was kept is indentation: keep the line's text instead
                raw = raw_lines[i].lstrip()[: options.max_line_chars]
        if len(blocks) >= options.max_blocks:
            warnings.append(f"only the first {options.max_blocks} lines were classified; the rest count as navigation")
            break
        expanded = _expand(raw)
        stripped = expanded.lstrip()
        indent = len(expanded) - len(stripped)
        bullet, stripped = list_marker(stripped, indent)
        clean = clean_text(stripped)
        if stripped.strip() in _REFERENCE_HEADERS:
            in_references = True
        kind = "li" if bullet else "p"
        if in_references or _REFERENCE_LINE.match(raw):
            kind = "reference"
        blocks.append(
            new_block((  # index, text, raw, line, kind, level, indent, bullet, blank_before, blank_after, dom
                len(blocks),
                clean or stripped.strip(),
                raw,
                i + 1,
                kind,
                indent // 2 if bullet else 0,
                indent,
                bullet,
                i == 0 or not raw_lines[i - 1].strip(),
                i == n - 1 or not raw_lines[i + 1].strip(),
                None,
            ))
        )
    return _read_columns(tuple(blocks), raw_lines, options, warnings)


def _read_columns(blocks: tuple, raw_lines: list[str], options: Options, warnings: list[str]) -> Segmented:
    cells = split_columns(blocks, options)
    if cells is blocks:
        return Segmented(kind="text", blocks=blocks, metadata=Metadata(), warnings=tuple(warnings))
    return Segmented(kind="text", blocks=cells, metadata=Metadata(), warnings=tuple(warnings),
                     source_lines=tuple(raw_lines))


try:  # the same loop, compiled (segment/_text.pyx); the code above is the reference and the fallback
    from ._text import segment_lines as _segment_lines
except ImportError:
    _segment_lines = None
