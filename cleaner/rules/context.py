"""What every rule sees: the page's blocks, the model's probabilities and the options. Read-only."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType

import numpy as np

from ..features import lexicon
from ..options import Options
from ..types import LABELS, Block, Label, Metadata, Segmented

_WORD = re.compile(r"\w+")
COLUMN_GAP = re.compile(r"(?<=\S) {3,}(?=\S)")  # a gap between the columns of a text dump's table layout
# A text line ending in one of these has finished its sentence (or its label), so the next line does not continue it.
RUN_ON_STOPS = '.!?:;"”’|»'

# Scripts written without spaces between words (Chinese, Japanese kana, Thai, Lao, Khmer, Myanmar): one \w+ run is
# a whole phrase, so their characters are counted instead, about two to a word.
UNSPACED = lexicon.UNSPACED


@dataclass(frozen=True)
class RuleContext:
    kind: str
    blocks: tuple[Block, ...]
    probabilities: np.ndarray  # (n_blocks, 4) in LABELS order
    options: Options
    metadata: Metadata
    markdown: bool = False  # a text dump read as Markdown (Segmented.markdown)

    @classmethod
    def of_page(cls, seg: Segmented, probabilities: np.ndarray, options: Options) -> "RuleContext":
        """The context of a segmented page: what the rules read of it besides the model's probabilities."""
        return cls(kind=seg.kind, blocks=seg.blocks, probabilities=probabilities, options=options,
                   metadata=seg.metadata, markdown=seg.markdown)

    @cached_property
    def texts(self) -> list[str]:
        return [b.text for b in self.blocks]

    def lines_holding(
        self, *key_sets: tuple[str, ...], max_words: int | None = None, skipping: tuple[list, Label] | None = None
    ) -> list[list[int]]:
        """For each tuple of lower-case keys, the blocks whose lower-cased text holds one of them, in order. Rules
        that only look at some blocks say which, so the others are not read (on most pages they hold most of the
        text): max_words, only blocks of at most that many words; skipping=(decisions, label), not the blocks whose
        decision has that label."""
        decisions, skip_label = skipping if skipping is not None else (None, None)
        if _lines_holding is not None:
            keys = _KEY_TABLES.get(key_sets, key_sets)
            if max_words is None and decisions is None:
                return _lines_holding(self.texts, keys)
            limit = -1 if max_words is None else max_words
            return _lines_holding(self.texts, keys, self.words if max_words is not None else None, limit,
                                  decisions, skip_label)
        lows = [
            "" if (max_words is not None and n > max_words) or (decisions is not None and decisions[i].label is skip_label)
            else text.lower()
            for i, (text, n) in enumerate(zip(self.texts, self.words))
        ]
        return [[i for i, low in enumerate(lows) if any(key in low for key in keys)] for keys in key_sets]

    @cached_property
    def raw_shapes(self) -> tuple[list[int], list[int], list[bool]]:
        """Per block, from its raw line: len(raw.rstrip()), len(raw.strip()), and whether it holds a column gap
        (three or more spaces with text on both sides), the layout tests of assembly, in one scan of the page."""
        raws = [b.raw for b in self.blocks]
        if _raw_shapes is not None:
            return _raw_shapes(raws)
        return ([len(raw.rstrip()) for raw in raws], [len(raw.strip()) for raw in raws],
                [COLUMN_GAP.search(raw) is not None for raw in raws])

    @cached_property
    def words(self) -> tuple[int, ...]:
        if _count_words_all is not None:
            return tuple(_count_words_all(self.texts))
        return tuple(_count_words(text) for text in self.texts)

    # Which blocks read as a teaser header ("What's Hot"), an end-of-article marker ("Add a comment") or an inline
    # teaser ("READ MORE: …"), whatever their length; each rule adds its own length limit.
    @cached_property
    def teaser_header(self) -> tuple[bool, ...]:
        return self._anchored("teaser", lexicon.TEASER_HEADERS)

    @cached_property
    def end_marker(self) -> tuple[bool, ...]:
        return self._anchored("end", lexicon.END_MARKERS)

    @cached_property
    def inline_teaser(self) -> tuple[bool, ...]:
        return self._anchored("inline", lexicon.INLINE_TEASERS)

    def _anchored(self, which: str, phrases: lexicon.AnchoredPhrases) -> tuple[bool, ...]:
        if _anchored_flags is not None:
            return tuple(_anchored_flags(which, self.texts))
        return tuple(phrases.match(text) for text in self.texts)

    @cached_property
    def _columns(self) -> dict[Label, list[float]]:
        # tolist() turns each float32 into the Python float that float() of it gives, once per page.
        return {label: self.probabilities[:, j].tolist() for j, label in enumerate(LABELS)}

    def p(self, index: int, label: Label) -> float:
        return self._columns[label][index]

    def is_sentence(self, index: int) -> bool:
        """Ends like a sentence (any script), and is not a teaser cut off with an ellipsis."""
        text = self.blocks[index].text.rstrip()
        return text[-1:] in '.!?。！？"”’»)' and not text.endswith(("...", "…"))

    def wraps_on(self, index: int, min_words: int) -> bool:
        """Text dumps: the line stops mid-sentence and the next line goes on in lower case (a sentence wrapped by
        the browser; in a narrow column every line of a paragraph is one)."""
        if self.kind != "text" or index + 1 >= len(self.blocks):
            return False
        block, nxt = self.blocks[index], self.blocks[index + 1]
        if nxt.line is None or block.line is None or nxt.line != block.line + 1:
            return False
        return (
            self.words[index] >= min_words
            and block.text[-1:] not in RUN_ON_STOPS
            and nxt.text[:1].islower()
            and not nxt.bullet
        )

    def is_prose(self, index: int) -> bool:
        """A sentence-like paragraph: what a list of headlines is not made of."""
        text = self.blocks[index].text
        return self.words[index] >= 15 and text[-1:] in '.!?"”’»)…。！？'


try:  # the same counts and matches in C (features/_base.pyx), when it was built
    from ..features._base import KeyTable
    from ..features._base import anchored_flags as _anchored_flags
    from ..features._base import count_words_all as _count_words_all
    from ..features._base import lines_holding as _lines_holding
    from ..features._base import raw_shapes as _raw_shapes
except ImportError:
    KeyTable = _anchored_flags = _count_words_all = _lines_holding = _raw_shapes = None

# The key sets the rules scan every page for, laid out for the scan once (a few tens of microseconds a page saved);
# read-only after import. Any other key set still works, laid out on each call.
_KEY_TABLES: Mapping[tuple[tuple[str, ...], ...], object] = MappingProxyType(
    {} if KeyTable is None else {
        key_sets: KeyTable(key_sets)
        for key_sets in (
            (lexicon.ABOUT_KEYS,),
            (lexicon.AD_MARKER_KEYS, lexicon.CREDIT_KEYS),
            lexicon.SMALL_PRINT_KEYS,
            (lexicon.PLAYER_NOTICE_KEYS,),
            (lexicon.ALT_TEXT_KEYS,),
            (lexicon.TOC_KEYS,),
        )
    }
)

try:  # re.findall(r"\w+", text), compiled; the rules' word lists
    from ..features._base import words_of
except ImportError:
    words_of = _WORD.findall


_CASED_WORD = re.compile(r"[^\W\d_][\w'’]*")


def title_case_share(text: str) -> float:
    """Of the line's words longer than three letters, the share that start with a capital."""
    words = [w for w in _CASED_WORD.findall(text) if len(w) > 3]
    return sum(1 for w in words if w[0].isupper()) / len(words) if words else 0.0


def _count_words(text: str) -> int:
    words = len(_WORD.findall(text))
    if text.isascii():
        return words
    unspaced = len(UNSPACED.findall(text))
    return words + unspaced // 2 if unspaced else words
