"""Text dumps of pages laid out with tables, read column by column.

A text browser prints a page laid out with tables (most news sites of the 2000s, many forums still) as it looks:
the menu cell, the article's cell and the sidebar side by side, so one dump line holds a menu item, a piece of a
sentence and a teaser. Classifying such lines mixes chrome with body text, and a paragraph wrapped inside its cell
is cut into pieces with other columns' text between them. lynx linearises tables instead, cell after cell, and
pages dumped that way clean far better.

This module gets that reading order back from the dump alone. Consecutive lines whose columns line up form a
region (one row of the layout table, as the browser printed it). A region's gutters are stretches of columns that
all its lines leave blank and that separate two cells (three or more spaces, or w3m's box-drawing borders) in at
least one of them; a line that prints across a gutter (a full-width header, the next table) starts a new region.
A region whose columns hold running text, sentences wrapped from line to line, is a layout table: its lines are
cut at the gutters and its cells read column by column, top to bottom (menu, then article, then sidebar). Other
regions, data tables among them, stay whole lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..options import Options
from ..types import Block, new_block
from .markers import clean_text, list_marker

_GAP = re.compile(r"(?<=\S)[ \xa0]{3,}(?=\S)")
_BITS = bytes(ord("0") if byte in (0x20, 0xA0) else ord("1") for byte in range(256))
_ONES = re.compile("1+")
_SENTENCE_END = frozenset('.!?:;"”’')
_BORDERS = {code: " " for code in range(0x2500, 0x2580)}
_BOX = re.compile("[\u2500-\u257f]")
# A data table's value: a number, amount, percentage or date.
_NUMERIC = re.compile(r"[-+−–(]?[$€£¥]?\s?\d[\d.,:/%\s]*[)%]?\s?\w{0,3}")


@dataclass(frozen=True, slots=True)
class _Cell:
    line: int  # 1-based input line
    column: int  # which column of its region, 0 = leftmost
    region: int
    raw: str  # the cell as printed, from its column's left edge (so relative indentation is kept)


def _gapped(raw: str) -> bool:
    """Whether the line holds cells side by side (the cheap tests first)."""
    stripped = raw.strip()
    if "│" in stripped or "┃" in stripped:  # w3m's vertical table borders (the only ones between two cells)
        stripped = stripped.translate(_BORDERS).strip()
    return "   " in stripped and _GAP.search(stripped) is not None


def _unbordered(raw: str) -> str:
    """The line as the column finder reads it: tabs expanded, box-drawing borders blanked, no trailing blanks."""
    line = (raw.expandtabs(8) if "\t" in raw else raw).rstrip()
    return line.translate(_BORDERS).rstrip() if _BOX.search(line) else line


def _occupancy(line: str) -> int:
    """Bit x set when column x holds a printed character."""
    # One byte per character (latin-1, "?" for the rest), then one table look-up per byte: all in C.
    bits = line.encode("latin-1", "replace").translate(_BITS)
    return int(bits[::-1], 2) if bits else 0


def _gaps(line: str) -> list[tuple[int, int]]:
    """[start, end) of every run of three or more spaces between two printed characters."""
    return [m.span() for m in _GAP.finditer(line)]


def _blank_run_within(occupied: int, a: int, b: int, min_width: int = 1) -> tuple[int, int] | None:
    """The longest run of columns in [a, b) the line leaves blank, or None when it prints on all of them or the run
    is narrower than min_width."""
    width = b - a
    mask = (1 << width) - 1
    printed = (occupied >> a) & mask
    if not printed:
        return a, b  # the usual case, a line that keeps clear of the gutter: no string work
    free = ~printed & mask
    if not free:
        return None
    bits = format(free, f"0{width}b")[::-1]  # bits[k] is column a + k
    best = max(_ONES.finditer(bits), key=lambda m: m.end() - m.start())
    if best.end() - best.start() < min(min_width, width):
        return None
    return a + best.start(), a + best.end()


def _regions(lines: list[tuple[int, str]], options: Options) -> list[tuple[list[tuple[int, str]], list[tuple[int, int]]]]:
    """Split consecutive non-empty lines into regions whose columns line up. A region's gutters are the stretches
    of columns that every one of its lines leaves blank and that separate two cells in at least one of them; a line
    that prints across a gutter (a full-width header, the next table) starts a new region."""
    regions: list[tuple[list[tuple[int, str]], list[tuple[int, int]]]] = []
    members: list[tuple[int, str]] = []
    gutters: list[tuple[int, int]] = []
    printed = 0  # columns some line of the region prints on
    for number, line in lines:
        gaps = _gaps(line) if len(line) <= options.column_max_line_chars else None
        if gaps is None or len(gaps) > options.column_max_gaps:
            # No layout table prints lines this long or this cut up: the line stays whole, a region of its own,
            # and the work per line stays bounded whatever the input.
            if members:
                regions.append((members, gutters))
            regions.append(([(number, line)], []))
            members, gutters, printed = [], [], 0
            continue
        occupied = _occupancy(line)
        # A cell filled to its edge may narrow a gutter down to a single blank column; a line of running text may
        # not, since one blank between two of its words is no gutter (it is a header or footer across the layout).
        narrowed = [_blank_run_within(occupied, a, b, 1 if gaps else 2) for a, b in gutters]
        # A gap inside one of the region's gutters adds nothing; only new ones are checked against earlier lines.
        own = [_blank_run_within(printed, a, b, 2) for a, b in gaps if not any(a < gb and ga < b for ga, gb in gutters)]
        if members and (None in narrowed or None in own):
            regions.append((members, gutters))
            members, gutters, printed = [], [], 0
            narrowed, own = [], gaps
        members.append((number, line))
        printed |= occupied
        gutters = _merge([g for g in narrowed + own if g is not None])
    if members:
        regions.append((members, gutters))
    return regions


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping gutters are one: keep their common blank columns."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            pa, pb = out[-1]
            out[-1] = (max(pa, a), min(pb, b))
        else:
            out.append((a, b))
    return out


def _layout_region(cells: list[_Cell], options: Options) -> bool:
    """A layout table, not a data table: some column holds running text wrapped over lines (a line stopping
    mid-sentence, the next going on in lower case), where a data table's cells are values or phrases a row each.
    Cells must be in column order."""
    continued = 0
    numeric = 0
    for prev, cell in zip(cells, cells[1:]):
        text = cell.raw.strip()
        numeric += _NUMERIC.fullmatch(text) is not None
        if prev.column == cell.column and prev.line + 1 == cell.line and text[:1].islower():
            before = prev.raw.rstrip()
            if before[-1:] not in _SENTENCE_END and len(before.split()) >= options.column_text_min_words:
                continued += 1
    return (
        len({c.column for c in cells}) >= 2
        and numeric < options.column_max_numeric_share * len(cells)
        and continued >= options.column_text_min_lines
    )


def _cell_starts(raw: str) -> dict[int, str]:
    """The line's cells by its own gaps: start column -> text. (Cheap: no region.)"""
    line = raw.rstrip()
    if "│" in line or "┃" in line:
        line = _unbordered(line)
    stripped = line.lstrip()
    indent = len(line) - len(stripped)
    if "   " not in stripped:
        return {indent: stripped}
    cells: dict[int, str] = {}
    start = indent
    for gap in _GAP.finditer(line, indent):
        cells[start] = line[start:gap.start()]
        start = gap.end()
    cells[start] = line[start:]
    return cells


def _running_text_beside(blocks: tuple[Block, ...], options: Options) -> bool:
    """A quick look before the real work: enough lines with cells side by side, and some cell wrapping a sentence
    onto the next line at the same column. Most dumps have no such lines, or only data tables and aligned menus,
    and stop here."""
    # Lines too long to be cut into cells (see _regions) take no part, which also bounds the work here.
    raws = [b.raw if len(b.raw) <= options.column_max_line_chars else "" for b in blocks]
    if any("│" in raw or "┃" in raw for raw in raws):
        gapped = [i for i, raw in enumerate(raws) if _gapped(raw)]
    elif _gap_flags is not None:  # the same test as below, compiled
        gapped = [i for i, has_gap in enumerate(_gap_flags(raws, True)) if has_gap]
    else:  # the substring test runs in C and settles most lines; dumps pad lines with spaces, so no page-wide regex
        gapped = [i for i, line in enumerate(map(str.strip, raws)) if "   " in line and _GAP.search(line)]
    if len(gapped) < options.column_min_lines // 2:
        return False
    continued = 0
    cells: dict[int, dict[int, str]] = {}
    for i in sorted({k for g in gapped for k in (g, g + 1) if 0 < k < len(blocks)}):
        if blocks[i].line != blocks[i - 1].line + 1:
            continue
        above = cells.get(i - 1) or cells.setdefault(i - 1, _cell_starts(raws[i - 1]))
        here = cells.setdefault(i, _cell_starts(raws[i]))
        for start, text in here.items():
            before = above.get(start)
            if (
                before is not None and text[:1].islower() and before[-1:] not in _SENTENCE_END
                and before.count(" ") >= options.column_text_min_words - 1
            ):
                continued += 1
        if continued >= options.column_text_min_lines:
            return True
    return False


def _region_cells(region: int, members: list[tuple[int, str]], gutters: list[tuple[int, int]],
                  by_line: dict[int, Block]) -> list[_Cell]:
    """The cells of a region's lines: what lies between its gutters, each cell from its column's left edge."""
    cells: list[_Cell] = []
    edges = [0] + [b for _, b in gutters]
    ends = [a for a, _ in gutters] + [None]
    for number, line in members:
        found = False
        for column, (edge, end) in enumerate(zip(edges, ends)):
            raw = line[edge:end].rstrip()
            if raw.strip():
                cells.append(_Cell(number, column, region, raw))
                found = True
        if not found:  # a line of table borders only: it stays, whole, in the first column
            cells.append(_Cell(number, 0, region, by_line[number].raw.strip()))
    return cells


def _new_cell_block(index: int, cell: _Cell, occupied: set[tuple[int, int, int]]) -> Block:
    stripped = cell.raw.lstrip(" \xa0")
    indent = len(cell.raw) - len(stripped)
    bullet, stripped = list_marker(stripped, indent)
    text = clean_text(stripped)
    return new_block((
        index, text or stripped.strip(), cell.raw, cell.line, "li" if bullet else "p",
        indent // 2 if bullet else 0, indent, bullet,
        (cell.region, cell.column, cell.line - 1) not in occupied,
        (cell.region, cell.column, cell.line + 1) not in occupied,
        None,
    ))


def split_columns(blocks: tuple[Block, ...], options: Options) -> tuple[Block, ...]:
    """Blocks of a dump laid out in columns: the layout tables' cells, one block each, in reading order; the
    returned tuple is `blocks` itself when the dump has no layout table. Every cell keeps its input line number,
    so a line's label can be told from its cells'."""
    if len(blocks) < options.column_min_lines or not _running_text_beside(blocks, options):
        return blocks
    by_line = {b.line: b for b in blocks}
    # Table borders (w3m draws them with box-drawing characters) separate cells as spaces do.
    lines = [(b.line, _unbordered(b.raw)) for b in blocks if b.kind != "reference"]
    pieces: list[Block | list[_Cell]] = []
    changed = False
    found = (
        _compiled_regions(lines, options.column_max_line_chars, options.column_max_gaps)
        if _compiled_regions is not None else _regions(lines, options)
    )
    for region, (members, gutters) in enumerate(found):
        cells = _region_cells(region, members, gutters, by_line) if gutters else []
        # Column by column, top to bottom: the order lynx prints the layout table's cells in.
        cells.sort(key=lambda c: (c.column, c.line))
        if cells and _layout_region(cells, options):
            pieces.append(cells)
            changed = True
        else:
            pieces.extend(by_line[number] for number, _ in members)
    if not changed:
        return blocks
    pieces.extend(b for b in blocks if b.kind == "reference")  # lynx's link list, after the page
    out: list[Block] = []
    for piece in pieces:
        if isinstance(piece, list):
            occupied = {(c.region, c.column, c.line) for c in piece}
            out.extend(_new_cell_block(len(out) + k, cell, occupied) for k, cell in enumerate(piece))
        else:
            out.append(piece if piece.index == len(out) else replace(piece, index=len(out)))
    return tuple(out)


try:  # the same regions, compiled (segment/_columns.pyx); _regions above is the reference and the fallback
    from ._columns import regions as _compiled_regions
except ImportError:
    _compiled_regions = None

try:  # _GAP.search over a page's lines in one compiled pass (features/_base.pyx)
    from ..features._base import gap_flags as _gap_flags
except ImportError:
    _gap_flags = None
