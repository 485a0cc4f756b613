"""Text dumps written as Markdown (html2text and its kin, "copy as Markdown" tools): links and pictures read as a text
browser prints them.

Such a tool writes every link as "[words](https://…)" and every picture as "![alt](https://…)"; left in, the
addresses become article text, and the lines they fill read to the model as nothing a text browser ever printed.
Here a link becomes its words, a picture its alt text in brackets, as w3m shows them, and a "## heading" a heading
without its marks; the result lines keep the input as it was. Only a page with many such links, on a share of its
lines, is read this way (html2text's hold a link on 15% to 60% of their lines): elsewhere a "](" is an article's own
text, a tutorial's or a page's "copy as Markdown" source. A converter writes a page laid out with tables as a few long
table rows; those are read cell by cell."""
from __future__ import annotations

import re
from dataclasses import replace

from ..options import Options
from ..types import Segmented, new_block

# A link's address and optional title, "(https://… "title")". Over the lines of a paragraph that a Markdown writer
# wrapped at a fixed width (html2text: 78 columns), the address may run on to the next line, as link words and
# picture descriptions may: "[NBC\nNews](http://…-\nleave?lite)".
_ADDRESS = r"\(([^)\s]*(?:\n[^)\s]*)*)(?:\s+\"[^\"]*\")?\)"
_PICTURE = re.compile(r"!\[([^\]]*)\]" + _ADDRESS)
_LINK = re.compile(r"\[([^\]]*)\]" + _ADDRESS)
# What a Markdown writer leaves of a link split over two lines, or of a picture inside a link: "](https://…)".
_TARGET_TAIL = re.compile(r"\]" + _ADDRESS)
_HEADING = re.compile(r"(#{1,6})\s+")
_UNDERLINE = re.compile(r"\s*(?:={3,}|-{3,})\s*")
# A table row's cell borders ("|", not an escaped "\|"), and a cell of nothing but its header rule ("---", ":--:").
_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")
_RULE_CELL = re.compile(r":?-{3,}:?")
# Markdown writers put a backslash before the punctuation that would otherwise read as markup ("\(AP Photo\)",
# "1\. ", "\- "); the reader sees the punctuation alone.
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")
# **bold**, __bold__, *italic*, _italic_: the marks hug the words they set off, and never sit inside a word
# (snake_case_names keep their underscores).
_EMPHASIS = re.compile(r"(?<!\w)(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1(?!\w)")


def plain_markdown(seg: Segmented, options: Options) -> Segmented:
    """seg with its Markdown links, pictures, headings and emphasis read as text, or seg itself when too few lines
    hold a link."""
    blocks = seg.blocks
    if seg.kind != "text" or not blocks or options.markdown_min_lines <= 0:
        return seg
    # Links counted one by one, not lines: a converted table layout holds the whole page in a few rows.
    links = [b.text.count("](") for b in blocks if "](" in b.text]
    if sum(links) < options.markdown_min_lines or len(links) < options.markdown_min_share * len(blocks):
        return seg
    texts = _joined_across_lines(blocks)
    underlined = _underlined(blocks)
    out = list(blocks)
    for i, block in enumerate(blocks):
        text, kind, level = texts[i], block.kind, block.level
        if i in underlined:  # "Background" over "----------": a heading, as the page's <h2> was
            kind, level = "heading", underlined[i]
        if "](" in text:
            text = " ".join(_TARGET_TAIL.sub("]", _LINK.sub(r"\1", _PICTURE.sub(_picture, text))).split()) or text
        if "*" in text or "_" in text:
            text = _EMPHASIS.sub(r"\2", text)
        heading = _HEADING.match(text)
        if heading:  # "## Background": a heading of level two, as the page's <h2> was
            text, kind, level = text[heading.end():] or text, "heading", len(heading.group(1))
        if "\\" in text:  # last: an escaped mark is not markup for the steps above
            text = _ESCAPED.sub(r"\1", text) or text
        if text != block.text or kind != block.kind:
            out[i] = new_block((  # index, text, raw, line, kind, level, indent, bullet, blank_before, blank_after, dom
                block.index, text, block.raw, block.line, kind, level, block.indent, block.bullet, block.blank_before,
                block.blank_after, block.dom,
            ))
    cells = _table_cells(out, options)
    if cells is None:
        return replace(seg, blocks=tuple(out), markdown=True)
    lines = list(seg.source_lines) or _input_lines(blocks)
    return replace(seg, blocks=cells, markdown=True, source_lines=tuple(lines))


def _table_cells(blocks: list, options: Options):
    """The blocks with each long Markdown table row ("| menu | the whole article | sidebar |", as a converter writes
    a page laid out with tables) cut into its cells, in order, each a block of its own on the row's line; None when
    the page has no such row. A layout table's cell holds a whole column of the page, so the row is the page, and read
    as one block it is one label for menu, article and sidebar alike."""
    if not any(len(b.text) > options.markdown_table_row_min_chars and b.text.startswith("|") for b in blocks):
        return None
    out = []
    for block in blocks:
        text = block.text
        if len(text) <= options.markdown_table_row_min_chars or not text.startswith("|"):
            out.append(block)
            continue
        parts = [" ".join(part.split()) for part in _CELL_SEPARATOR.split(text)]
        parts = [part for part in parts if part and not _RULE_CELL.fullmatch(part)]
        for part in parts or [text]:
            # Kind "p", not "td": a layout's cell is a column of the page, not a data table's cell, which the rules
            # keep inside an article.
            out.append(new_block((  # index, text, raw, line, kind, level, indent, bullet, blank_before, blank_after, dom
                0, part, block.raw, block.line, "p", 0, block.indent, "", block.blank_before, block.blank_after, None,
            )))
    return tuple(
        b if b.index == i else new_block((i, b.text, b.raw, b.line, b.kind, b.level, b.indent, b.bullet, b.blank_before,
                                           b.blank_after, b.dom))
        for i, b in enumerate(out)
    )


def _input_lines(blocks) -> list[str]:
    """The input's lines as far as the blocks tell them (a blank line, which has no block, as "")."""
    lines = [""] * max((b.line for b in blocks), default=0)
    for b in blocks:
        lines[b.line - 1] = b.raw
    return lines


def _underlined(blocks) -> dict[int, int]:
    """The headings written as a line underlined with "=" (level 1) or "-" (level 2), and their levels."""
    found = {}
    for i in range(1, len(blocks)):
        rule, above = blocks[i], blocks[i - 1]
        if rule.line == above.line + 1 and _UNDERLINE.fullmatch(rule.raw) and not above.bullet and above.text[:1] != "|":
            found[i - 1] = 1 if "=" in rule.raw else 2
    return found


def _joined_across_lines(blocks) -> list[str]:
    """Each block's text with the links, pictures and link tails that run over several lines of a paragraph read
    as their words; each line keeps its own part of them (a line that held only a piece of an address keeps its
    text). Links within one line are left to the line-by-line reading."""
    texts = [b.text for b in blocks]
    start = 0
    for end in range(1, len(blocks) + 1):
        if end < len(blocks) and blocks[end].line == blocks[end - 1].line + 1 and not blocks[end - 1].blank_after:
            continue  # the paragraph goes on
        if end - start > 1:
            _join_paragraph(texts, start, end)
        start = end
    return texts


def _join_paragraph(texts: list[str], start: int, end: int) -> None:
    lines = texts[start:end]
    if not any("[" in line or "]" in line for line in lines):
        return
    joined = "\n".join(lines)
    read = _TARGET_TAIL.sub(_kept_breaks("]"), _LINK.sub(_kept_breaks(None), _PICTURE.sub(_kept_breaks(_picture), joined)))
    if read == joined:
        return
    parts = read.split("\n")
    if len(parts) != len(lines):  # never, as every match keeps its line breaks; the lines stay as they were if so
        return
    for k, part in enumerate(parts):
        if part.strip():
            texts[start + k] = " ".join(part.split())


def _kept_breaks(replacement):
    """A substitution that puts the line breaks of the address and title after its replacement, so every line of
    the paragraph keeps its place: a string, _picture, or None for the link's words."""
    def substitute(match: re.Match) -> str:
        if replacement is None:
            text = match.group(1)
        elif callable(replacement):
            text = replacement(match)
        else:
            text = replacement
        return text + "\n" * (match.group(0).count("\n") - text.count("\n"))
    return substitute


def _picture(match: re.Match) -> str:
    alt = match.group(1).strip()
    return f"[{alt}]" if alt else ""
