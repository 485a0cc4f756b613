"""Output formats: plain text, Markdown, JSON, and the per-line explanation."""
from __future__ import annotations

import json

from .types import CleanResult, Label, Paragraph

_COLOURS = {
    Label.CONTENT: "\x1b[32m",
    Label.CAPTION: "\x1b[36m",
    Label.NAVIGATION: "\x1b[90m",
    Label.AD: "\x1b[31m",
}
_RESET = "\x1b[0m"


def to_text(result: CleanResult, captions: bool = False) -> str:
    parts: list[str] = []
    if result.title:
        parts.append(result.title)
    if result.body:
        parts.append(result.body)
    if captions and result.captions:
        parts.append("\n".join(f"[caption] {c}" for c in result.captions))
    return "\n\n".join(parts) + "\n" if parts else ""


def _escape_cell(text: str) -> str:
    return text.replace("|", "\\|")


def _markdown_paragraph(p: Paragraph) -> str:
    if p.kind == "heading":
        return "#" * min(max(p.level, 2), 6) + " " + p.text
    if p.kind == "li":
        return "  " * max(p.level - 1, 0) + "- " + p.text
    if p.kind == "blockquote":
        return "> " + p.text
    if p.kind == "pre":
        return "```\n" + p.text + "\n```"
    return p.text


def to_markdown(result: CleanResult, captions: bool = False) -> str:
    chunks: list[str] = []
    if result.title:
        chunks.append(f"# {result.title}")
    paragraphs = result.paragraphs
    i = 0
    while i < len(paragraphs):
        p = paragraphs[i]
        if p.kind == "table-row":
            rows = []
            while i < len(paragraphs) and paragraphs[i].kind == "table-row":
                rows.append([_escape_cell(c.strip()) for c in paragraphs[i].text.split(" | ")])
                i += 1
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            table = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
            table += ["| " + " | ".join(r) + " |" for r in rows[1:]]
            chunks.append("\n".join(table))
            continue
        if p.kind == "li":
            items = []
            while i < len(paragraphs) and paragraphs[i].kind == "li":
                items.append(_markdown_paragraph(paragraphs[i]))
                i += 1
            chunks.append("\n".join(items))
            continue
        chunks.append(_markdown_paragraph(p))
        i += 1
    if captions and result.captions:
        chunks.append("\n".join(f"*{c}*" for c in result.captions))
    return "\n\n".join(chunks) + "\n" if chunks else ""


def to_json(result: CleanResult) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


def explain(result: CleanResult, colour: bool = False) -> str:
    out: list[str] = []
    for ln in result.lines:
        where = f"{ln.line:>5}" if ln.line is not None else f"{'-':>5}"
        flag = "KEEP" if ln.kept else "drop"
        text = ln.text if len(ln.text) <= 100 else ln.text[:97] + "..."
        row = f"{where} {ln.label.value:<10} {ln.probability:4.2f} {flag}  {text}    [{ln.reason}]"
        if colour:
            row = f"{_COLOURS[ln.label]}{row}{_RESET}"
        out.append(row)
    return "\n".join(out) + ("\n" if out else "")
