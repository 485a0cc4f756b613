"""Feature matrices for the block classifiers: the text features for every block, plus DOM features for HTML."""
from __future__ import annotations

import numpy as np

from ..types import Segmented

# html.py loads its compiled loops (_dom.pyx) at its end, and _dom reads html.py's tables: importing html.py first,
# here, keeps that order even when a caller imports cleaner.features._dom directly.
from . import html as _html  # noqa: F401
from .text import TEXT_SCHEMA_VERSION, text_features


def schema_version(kind: str) -> str:
    if kind == "lexical":  # the text features, then the lexical prior's columns (features/lexical.py)
        from .lexical import LEXICAL_SCHEMA_VERSION

        return f"{TEXT_SCHEMA_VERSION}+{LEXICAL_SCHEMA_VERSION}"
    if kind == "html":
        from .html import FEATURE_SCHEMA_VERSION as DOM_SCHEMA

        return f"{TEXT_SCHEMA_VERSION}+{DOM_SCHEMA}"
    return TEXT_SCHEMA_VERSION


def page_features(seg: Segmented, token_groups: dict[str, tuple[int, ...]] | None = None) -> tuple[np.ndarray, tuple[str, ...]]:
    """token_groups: a memory of class/id words' cue groups to read and add to (a Cleaner keeps one across pages);
    None works them out afresh for the page. The matrix is the same either way."""
    text_matrix, text_names = text_features(seg.blocks)
    if seg.kind != "html":
        return text_matrix, text_names
    from .html import dom_features

    dom_matrix, dom_names = dom_features(seg, token_groups)
    return np.hstack([text_matrix, dom_matrix]), text_names + dom_names
