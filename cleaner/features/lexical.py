"""The lexical prior: what a line's words alone say about its label, as extra feature columns for a text model.

The layout features see that a line is short, bulleted or sentence-like, but not what it says: "Subscribe to our
newsletter", "Sign up for free", "The Washington skyline at dusk" (a picture's alt text) and a sub-heading of the
story can have the same shape. A linear model over the line's words, trained on the same labelled lines, tells them
apart where the shape cannot, and its probabilities (the line's own and its neighbours') become columns beside the
layout features of a second tree model (cleaner.model.store, kind "lexical").

Words are hashed, not listed: the weights are an array over LEXICAL_BUCKETS buckets (FNV-1a of each lower-cased
\\w+ run, as features/_base.pyx hashes its lexicon), so no vocabulary of the corpora's text ships with the model, and
the compiled scan needs no dictionary lookups. Each bucket belongs to one word of the training lines (the most
frequent of those that hash there, on at least training.train.LEXICAL_MIN_LINES lines) and keeps 16 more bits of
that word's hash: a word whose bits differ is not the bucket's word and counts for nothing, so a language or a name
the training never saw adds nothing, rather than the weight of whatever word shares its bucket (a Japanese share bar,
"シェア ツイート", was kept as body before the check bits). A line is the set of its known words (each counts once)."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..types import LABELS, Label

LEXICAL_SCHEMA_VERSION = "lex-1"
LEXICAL_BUCKETS = 1 << 18  # a power of two: a bucket is the hash's low bits
_FNV_OFFSET = 14695981039346656037
_FNV_PRIME = 1099511628211
_MASK64 = (1 << 64) - 1
_WORD = re.compile(r"\w+")
_EPS = 1e-4
_NAV = LABELS.index(Label.NAVIGATION)
# Log-odds against navigation of these labels, the line's own; then windows of P(content) around it.
_ODDS_OF = tuple(LABELS.index(label) for label in (Label.CONTENT, Label.CAPTION, Label.AD))
# (first, last) offsets of each window, relative to the line; a window past the page's edge shrinks.
_WINDOWS: tuple[tuple[int, int], ...] = ((-1, -1), (1, 1), (-3, -1), (1, 3), (-7, 7))
_WINDOW_FIRST = np.array([first for first, _ in _WINDOWS])
_WINDOW_LAST = np.array([last + 1 for _, last in _WINDOWS])  # exclusive
_CONTENT = LABELS.index(Label.CONTENT)
LEXICAL_NAMES: tuple[str, ...] = (
    "lex_content_odds", "lex_caption_odds", "lex_ad_odds",
    *(f"lex_content_mean{first:+d}{last:+d}" for first, last in _WINDOWS),
)


def word_hash(word: str) -> int:
    """FNV-1a (64 bits) over the word's code points."""
    h = _FNV_OFFSET
    for ch in word:
        h = ((h ^ ord(ch)) * _FNV_PRIME) & _MASK64
    return h


def bucket_and_check(h: int, buckets: int = LEXICAL_BUCKETS) -> tuple[int, int]:
    """A word's bucket (the hash's low bits) and its check (the top 16 bits)."""
    return h & (buckets - 1), h >> 48


def line_buckets(low: str, checks: np.ndarray) -> list[int]:
    """The sorted, distinct buckets of a lower-cased line's known words: those whose check is their bucket's."""
    found = set()
    for word in _WORD.findall(low):
        bucket, check = bucket_and_check(word_hash(word), len(checks))
        if checks[bucket] == check:
            found.add(bucket)
    return sorted(found)


@dataclass(frozen=True, eq=False)
class LexicalPrior:
    """A one-vs-rest logistic model over hashed words, in LABELS order; what scikit-learn's
    SGDClassifier(loss="log_loss") learnt, flattened to arrays. One row of `table` per bucket: the check bits of the
    bucket's word, then its weights as float16 bits: 2.6 MB in all, where a float32 weight table beside a check
    array took 4.5 MB (and scanned no faster)."""

    table: np.ndarray  # uint16 (buckets x 1 + labels), C-contiguous, read-only
    bias: np.ndarray  # float64

    @property
    def buckets(self) -> int:
        return int(self.table.shape[0])

    @property
    def checks(self) -> np.ndarray:
        """uint16 per bucket: the top bits of the hash of the bucket's word."""
        return self.table[:, 0]

    @property
    def weights(self) -> np.ndarray:
        """float32 (buckets x labels), a fresh array."""
        return self.table[:, 1:].view(np.float16).astype(np.float32)

    def scores(self, low_texts: list[str]) -> np.ndarray:
        """Decision values (lines x labels): bias plus the weights of each distinct bucket, added in bucket order
        in double precision (the compiled scan adds in the same order, so both give the same floats)."""
        if _compiled_scores is not None:
            return _compiled_scores(low_texts, self.table, self.bias)
        out = np.empty((len(low_texts), len(self.bias)), dtype=np.float64)
        checks, weights = self.checks, self.table[:, 1:].view(np.float16)
        for i, low in enumerate(low_texts):
            acc = self.bias.copy()
            for b in line_buckets(low, checks):
                acc += weights[b].astype(np.float64)
            out[i] = acc
        return out

    def probabilities(self, low_texts: list[str]) -> np.ndarray:
        """One-vs-rest probabilities, normalised per line (as SGDClassifier.predict_proba does)."""
        p = 1.0 / (1.0 + np.exp(-self.scores(low_texts)))
        total = p.sum(axis=1, keepdims=True)
        return p / np.where(total > 0, total, 1.0)

    def columns(self, low_texts: list[str]) -> np.ndarray:
        return lexical_columns(self.probabilities(low_texts))


def lexical_columns(probabilities: np.ndarray) -> np.ndarray:
    """The feature columns (LEXICAL_NAMES) from per-line probabilities in LABELS order."""
    n = probabilities.shape[0]
    out = np.empty((n, len(LEXICAL_NAMES)), dtype=np.float32)
    if n == 0:
        return out
    odds = len(_ODDS_OF)
    out[:, :odds] = np.log((probabilities[:, _ODDS_OF] + _EPS) / (probabilities[:, _NAV : _NAV + 1] + _EPS))
    # Every window at once (a handful of numpy calls on a page-sized array, not a handful per window).
    csum = np.concatenate(([0.0], np.cumsum(probabilities[:, _CONTENT], dtype=np.float64)))
    idx = np.arange(n)[:, None]
    lo = np.clip(idx + _WINDOW_FIRST, 0, n)
    hi = np.clip(idx + _WINDOW_LAST, 0, n)
    out[:, odds:] = (csum[hi] - csum[lo]) / np.maximum(hi - lo, 1)
    return out


def prior_from_estimator(estimator, checks: np.ndarray) -> LexicalPrior:
    """The arrays of an SGDClassifier fitted on bucket columns, in LABELS order; a label it never saw gets no weights
    and a bias so low that its probability is nil."""
    classes = [str(c) for c in estimator.classes_]
    coef = np.zeros((len(checks), len(LABELS)), dtype=np.float32)
    bias = np.full(len(LABELS), -30.0, dtype=np.float64)
    for j, label in enumerate(LABELS):
        if label.value in classes:
            k = classes.index(label.value)
            coef[:, j] = estimator.coef_[k]
            bias[j] = float(estimator.intercept_[k])
    return _frozen(coef, bias, checks)


def _frozen(weights: np.ndarray, bias: np.ndarray, checks: np.ndarray) -> LexicalPrior:
    # The weights go through float16, as save_prior stores them: a freshly trained prior scores what the saved one will.
    weights = np.asarray(weights)
    table = np.empty((weights.shape[0], 1 + weights.shape[1]), dtype=np.uint16)
    table[:, 0] = checks
    table[:, 1:] = weights.astype(np.float16).view(np.uint16)
    bias = np.ascontiguousarray(bias, dtype=np.float64)
    table.setflags(write=False)
    bias.setflags(write=False)
    return LexicalPrior(table=table, bias=bias)


def save_prior(prior: LexicalPrior, path) -> None:
    # float16 halves the file; the weights are small numbers (|w| < 10) whose fourth digit decides nothing.
    np.savez_compressed(
        path, weights=np.ascontiguousarray(prior.table[:, 1:]).view(np.float16), bias=prior.bias,
        checks=np.ascontiguousarray(prior.checks),
    )


def load_prior(source) -> LexicalPrior:
    with np.load(source, allow_pickle=False) as data:
        weights, bias, checks = data["weights"], data["bias"], data["checks"]
    if weights.ndim != 2 or weights.shape[1] != len(LABELS) or weights.shape[0] & (weights.shape[0] - 1):
        raise ValueError(f"lexical prior of shape {weights.shape}: want (power of two, {len(LABELS)})")
    if checks.shape != (weights.shape[0],) or bias.shape != (len(LABELS),):
        raise ValueError(f"lexical prior checks {checks.shape} / bias {bias.shape} do not fit weights {weights.shape}")
    return _frozen(weights, bias, checks)


try:  # the same scores in one compiled scan (features/_base.pyx); the loop above is the reference and fallback
    from ._base import lexical_scores as _compiled_scores
except ImportError:
    _compiled_scores = None
