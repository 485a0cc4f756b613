"""What every rule sees: the page's blocks, the model's probabilities and the options. Read-only."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..options import Options
from ..types import LABELS, Block, Label, Metadata

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class RuleContext:
    kind: str
    blocks: tuple[Block, ...]
    probabilities: np.ndarray  # (n_blocks, 4) in LABELS order
    options: Options
    metadata: Metadata

    @cached_property
    def words(self) -> tuple[int, ...]:
        return tuple(len(_WORD.findall(b.text)) for b in self.blocks)

    def p(self, index: int, label: Label) -> float:
        return float(self.probabilities[index, LABELS.index(label)])

    def is_sentence(self, index: int) -> bool:
        """Ends like a sentence (any script), and is not a teaser cut off with an ellipsis."""
        text = self.blocks[index].text.rstrip()
        return text[-1:] in '.!?。！？"”’»)' and not text.endswith(("...", "…"))

    def is_prose(self, index: int) -> bool:
        """A sentence-like paragraph: what a list of headlines is not made of."""
        text = self.blocks[index].text
        return self.words[index] >= 15 and text[-1:] in '.!?"”’»)…'
