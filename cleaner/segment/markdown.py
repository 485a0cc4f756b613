"""Text dumps written as Markdown (html2text and its kin, "copy as Markdown" tools): links and pictures read as a text
browser prints them.

Such a tool writes every link as "[words](https://…)" and every picture as "![alt](https://…)"; left in, the
addresses become article text, and the lines they fill read to the model as nothing a text browser ever printed.
Here a link becomes its words, a picture its alt text in brackets, as w3m shows them, and a "## heading" a heading
without its marks; the result lines keep the
input as it was. Only a page with many such lines is read this way (html2text's hold a link on 15% to 60% of their
lines): elsewhere a "](" is an article's own text, a tutorial's or a page's "copy as Markdown" source."""
from __future__ import annotations

import re
from dataclasses import replace

from ..options import Options
from ..types import Segmented, new_block

_PICTURE = re.compile(r"!\[([^\]]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
# What a Markdown writer leaves of a link split over two lines, or of a picture inside a link: "](https://…)".
_TARGET_TAIL = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_HEADING = re.compile(r"(#{1,6})\s+")
# **bold**, __bold__, *italic*, _italic_: the marks hug the words they set off, and never sit inside a word
# (snake_case_names keep their underscores).
_EMPHASIS = re.compile(r"(?<!\w)(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1(?!\w)")


def plain_markdown(seg: Segmented, options: Options) -> Segmented:
    """seg with its Markdown links, pictures, headings and emphasis read as text, or seg itself when too few lines
    hold a link."""
    blocks = seg.blocks
    if seg.kind != "text" or not blocks or options.markdown_min_lines <= 0:
        return seg
    linked = sum(1 for b in blocks if "](" in b.text)
    if linked < max(options.markdown_min_lines, options.markdown_min_share * len(blocks)):
        return seg
    out = list(blocks)
    for i, block in enumerate(blocks):
        text, kind, level = block.text, block.kind, block.level
        if "](" in text:
            text = " ".join(_TARGET_TAIL.sub("]", _LINK.sub(r"\1", _PICTURE.sub(_picture, text))).split()) or text
        if "*" in text or "_" in text:
            text = _EMPHASIS.sub(r"\2", text)
        heading = _HEADING.match(text)
        if heading:  # "## Background": a heading of level two, as the page's <h2> was
            text, kind, level = text[heading.end():] or text, "heading", len(heading.group(1))
        if text != block.text:
            out[i] = new_block((  # index, text, raw, line, kind, level, indent, bullet, blank_before, blank_after, dom
                block.index, text, block.raw, block.line, kind, level, block.indent, block.bullet, block.blank_before,
                block.blank_after, block.dom,
            ))
    return replace(seg, blocks=tuple(out))


def _picture(match: re.Match) -> str:
    alt = match.group(1).strip()
    return f"[{alt}]" if alt else ""
