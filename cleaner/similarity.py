"""How far two short texts (titles, headings, names) say the same thing, word for word."""
from __future__ import annotations

import re

_WORD = re.compile(r"\w+")


def word_jaccard(a: str, b: str) -> float:
    """Shared case-folded words over all their words; 0 when either has none."""
    wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def same_words(a: str, b: str) -> bool:
    """The same case-folded words in the same order ("The Daily Bugle" and "the daily-bugle")."""
    return bool(b) and _WORD.findall(a.lower()) == _WORD.findall(b.lower())
