"""Text dumps wrapped at a fixed width (w3m's and lynx's default 80 columns): each paragraph's lines joined back into
one block before the model reads them.

A wrapped line is a piece of a sentence: short, no sentence end, few stopwords, as a menu's line is, and the model
labels it one line at a time. Joined, the paragraph reads as the same paragraph does in a dump that was not wrapped,
which is what most of the training pages are (measured on the corpora's 80-column w3m dumps: body F1 cleanportaleval
0.900 -> 0.945, benchmarks/results/history.md). Every input line still gets its own result line: the label of the
paragraph it is part of. Dumps whose lines do not pile up below one width, with lower-case words running on past it,
are left as they are."""
from __future__ import annotations

from dataclasses import replace

from ..features import lexicon
from ..options import Options
from ..types import Block, Segmented, new_block

def wrapped_width(right: list[int], stripped: list[int], options: Options) -> int | None:
    """Assembly's test (rules/assemble.py), for a dump left line by line: the width the page's longest line sets, if
    many long lines end just short of it. right and stripped: per line, len(raw.rstrip()) and len(raw.strip())."""
    lengths = [length for length, inner in zip(right, stripped) if inner >= 20]
    if len(lengths) < 5:
        return None
    width = max(lengths)
    if not options.wrap_min_width <= width <= options.wrap_max_width:
        return None
    near = sum(1 for n in lengths if n >= width - 15)
    long_lines = sum(1 for n in lengths if n >= width // 2)
    return width if long_lines and near / long_lines >= options.wrap_share else None


def paragraph_width(blocks: tuple[Block, ...], right: list[int], stripped: list[int], options: Options,
                    past_unbreakable: bool = False) -> int | None:
    """The width a dump's paragraphs were wrapped at, if they were. The lines that run on into the next one pile up
    just short of that width; a page's menus make piles of their own, lower down, and the odd line too long to wrap
    (a link, a code line) stands alone above it. So the piles are tried from the top, the small ones passed over,
    and a width is taken when few long lines stand past it, when at least wrap_min_lines lines wrap at it, and when a
    share of the lines they wrap into start in lower case, as a sentence's middle does and a list's next item does
    not."""
    low, high = options.wrap_min_width, options.wrap_max_width
    n = len(blocks)
    counts = [0] * (high + 1)
    long_lines = 0
    numbers = [b.line or 0 for b in blocks]
    for i, (r, inner, block) in enumerate(zip(right, stripped, blocks[:-1])):
        if inner < 20 or block.kind == "reference":  # lynx's list of link targets is not wrapped text
            continue
        long_lines += 1
        if low <= r <= high and not block.blank_after and numbers[i + 1] == numbers[i] + 1:
            counts[r] += 1
    windows = [0] * (high + 1)  # lines ending in the six columns up to each one
    window = 0
    for v in range(low, high + 1):
        window += counts[v] - (counts[v - 6] if v - 6 >= low else 0)
        windows[v] = window
    smallest = max(options.wrap_min_lines, max(windows) * options.wrap_min_pile_share)
    tried = 0
    v = high
    while v >= low and tried < 3:
        if counts[v] and windows[v] >= smallest:
            if _wraps_at(blocks, right, stripped, v, long_lines, options, past_unbreakable):
                return v
            tried += 1
            v -= 6
        else:
            v -= 1
    return None


def _wraps_at(blocks: tuple[Block, ...], right: list[int], stripped: list[int], width: int, long_lines: int,
              options: Options, past_unbreakable: bool = False) -> bool:
    """past_unbreakable: only lines of prose past the width count against it; a line a wrapper leaves whole (one
    long word such as an address, a list item, a table or menu row, a Markdown writer's line of links) says
    nothing about the width the paragraphs were wrapped at."""
    overlong = sum(
        1 for r, s, b in zip(right, stripped, blocks)
        if s >= 20 and r > width and b.kind != "reference" and not (past_unbreakable and _left_whole(b, width))
    )
    if overlong > options.wrap_max_overlong_share * long_lines:
        return False
    wraps = lower = 0
    nearest = width - 25  # a line shorter than this had room for any word but the longest
    for i in range(len(blocks) - 1):
        if nearest <= right[i] <= width and continues(blocks[i], blocks[i + 1], width):
            wraps += 1
            first = blocks[i + 1].text[:1]
            lower += first.islower() or _unspaced_edge(first)  # Chinese and Japanese wrap mid-sentence wherever
    return wraps >= options.wrap_min_lines and lower >= options.wrap_min_lowercase_share * wraps


def _left_whole(block: Block, width: int) -> bool:
    """A line that wrappers do not wrap: a list item or a table or menu row (html2text leaves them whole, as it does
    some lines of links), or one whose first word is already past the width (an address)."""
    raw = block.raw
    if block.bullet or "](" in raw or " | " in raw:
        return True
    rest = raw.lstrip()
    return len(raw) - len(rest) + len(rest.split(" ", 1)[0]) > width


def continues(prev: Block, nxt: Block, width: int | None) -> bool:
    """Whether `nxt` is the wrapped tail of `prev`'s paragraph: the next line's first word would not have fitted."""
    if width is None or prev.blank_after or nxt.bullet:
        return False
    if nxt.line is None or prev.line is None or nxt.line != prev.line + 1:
        return False
    first_word = nxt.raw.strip().split(" ", 1)[0]
    return len(prev.raw.rstrip()) + 1 + len(first_word) > width - 2


def wrap_joint(left: str, right: str, at_spaces: bool = False) -> str:
    """A text browser wraps lines of a script written without spaces (Chinese, Japanese) mid-phrase: they join as the
    page shows them, with nothing between; any other wrap was at a space. A Markdown writer (at_spaces) wraps at
    spaces only, in any script."""
    return "" if not at_spaces and _unspaced_edge(left[-1:]) and _unspaced_edge(right[:1]) else " "


def _unspaced_edge(char: str) -> bool:
    if not char or char < "\u0e00":
        return False
    code = ord(char)
    # CJK punctuation ("。", "、", "「") and full-width forms ("！", "（") sit between such characters too.
    return 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or lexicon.UNSPACED.match(char) is not None


def unwrap(seg: Segmented, options: Options) -> Segmented:
    """The dump with each wrapped paragraph as one block; seg itself when nothing was joined. The joined blocks
    keep their first line's number and indentation; seg.line_blocks keeps the lines and seg.line_owner says which
    block each of them went into."""
    blocks = seg.blocks
    if not options.unwrap_lines or seg.kind != "text" or seg.source_lines or len(blocks) < 2:
        return seg
    # A wrapped dump has few lines longer than its width (a long link, a code line): most dumps that were not
    # wrapped are told apart here, by their paragraphs of more than wrap_max_width characters, without the scan below.
    longest = options.wrap_max_width
    overlong = sum(1 for b in blocks if len(b.text) > longest and b.kind != "reference")
    if overlong > options.wrap_max_overlong_share * len(blocks):
        return seg
    right, stripped = _shapes([b.raw for b in blocks])
    width = paragraph_width(blocks, right, stripped, options)
    if width is None:
        return seg
    runs: list[list[int]] = [[0]]
    for i in range(1, len(blocks)):
        if right[i - 1] <= width and continues(blocks[i - 1], blocks[i], width):
            runs[-1].append(i)
        else:
            runs.append([i])
    if len(runs) == len(blocks):
        return seg
    joined: list[Block] = []
    owner: list[int] = []
    for run in runs:
        owner.extend([len(joined)] * len(run))
        first = blocks[run[0]]
        if len(run) == 1:
            joined.append(first if first.index == len(joined) else new_block((
                len(joined), first.text, first.raw, first.line, first.kind, first.level, first.indent, first.bullet,
                first.blank_before, first.blank_after, first.dom,
            )))
            continue
        text, raw = first.text, first.raw.rstrip()
        for i in run[1:]:
            part = blocks[i]
            text += wrap_joint(text, part.text, seg.markdown) + part.text
            raw += wrap_joint(raw, part.raw.lstrip(), seg.markdown) + part.raw.strip()
        last = blocks[run[-1]]
        joined.append(new_block((  # index, text, raw, line, kind, level, indent, bullet, blank_before, blank_after, dom
            len(joined), text, raw, first.line, first.kind, first.level, first.indent, first.bullet,
            first.blank_before, last.blank_after, None,
        )))
    return replace(seg, blocks=tuple(joined), line_blocks=blocks, line_owner=tuple(owner))


def _shapes(raws: list[str]) -> tuple[list[int], list[int]]:
    if _raw_shapes is not None:
        right, stripped, _ = _raw_shapes(raws)
        return right, stripped
    return [len(raw.rstrip()) for raw in raws], [len(raw.strip()) for raw in raws]


try:  # the same lengths in one compiled pass (features/_base.pyx)
    from ..features._base import raw_shapes as _raw_shapes
except ImportError:
    _raw_shapes = None
