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
    SGDClassifier(loss="log_loss") learnt, flattened to arrays. Only the buckets a word owns have a row (the check
    bits of the bucket's word, then its weights as float16 bits), in bucket order; a bit per bucket says which do,
    and `rank` counts the rows before each 64 buckets, so a bucket's row is found by counting set bits. 0.6 MB for
    the shipped prior's 57,090 rows, where a row for each of its 262,144 buckets took 2.6 MB (measured: peak RSS
    over ten text dumps 1 MB lower, the file read whole once at load; the scan no faster or slower)."""

    occupied: np.ndarray  # uint64 (buckets / 64): bit b % 64 of word b // 64 is set when bucket b has a row
    rank: np.ndarray  # uint32 (buckets / 64): the rows of all buckets before word k
    rows: np.ndarray  # uint16 (rows x 1 + labels), C-contiguous, read-only
    bias: np.ndarray  # float64
    buckets: int

    def _row_buckets(self) -> np.ndarray:
        """Each row's bucket."""
        bits = np.unpackbits(self.occupied.view(np.uint8), bitorder="little")
        return np.flatnonzero(bits)

    @property
    def checks(self) -> np.ndarray:
        """uint16 per bucket: the top bits of the hash of the bucket's word (0 for a bucket without one)."""
        checks = np.zeros(self.buckets, dtype=np.uint16)
        checks[self._row_buckets()] = self.rows[:, 0]
        return checks

    @property
    def weights(self) -> np.ndarray:
        """float32 (buckets x labels), a fresh array (zeros for a bucket without a row)."""
        weights = np.zeros((self.buckets, self.rows.shape[1] - 1), dtype=np.float32)
        weights[self._row_buckets()] = self.rows[:, 1:].view(np.float16).astype(np.float32)
        return weights

    def _row_of(self, bucket: int) -> int | None:
        word = int(self.occupied[bucket >> 6])
        if not (word >> (bucket & 63)) & 1:
            return None
        return int(self.rank[bucket >> 6]) + bin(word & ((1 << (bucket & 63)) - 1)).count("1")

    def scores(self, low_texts: list[str]) -> np.ndarray:
        """Decision values (lines x labels): bias plus the weights of each distinct known word's bucket, added in
        bucket order in double precision (the compiled scan adds in the same order, so both give the same floats).
        A word is known when its bucket has a row and the row's check bits are its own."""
        if _compiled_scores is not None:
            return _compiled_scores(low_texts, self.occupied, self.rank, self.rows, self.bias, self.buckets)
        out = np.empty((len(low_texts), len(self.bias)), dtype=np.float64)
        checks, weights = self.checks, self.rows[:, 1:].view(np.float16)
        for i, low in enumerate(low_texts):
            acc = self.bias.copy()
            for bucket in line_buckets(low, checks):
                row = self._row_of(bucket)
                if row is not None:  # a bucket without a row has check 0 and adds nothing
                    acc += weights[row].astype(np.float64)
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
    halves = np.asarray(weights).astype(np.float16).view(np.uint16)
    checks = np.asarray(checks, dtype=np.uint16)
    buckets = len(checks)
    if buckets % 64 or halves.shape[0] != buckets:
        raise ValueError(f"lexical prior of {buckets} buckets and {halves.shape[0]} weight rows: want a multiple of 64 of each")
    # A bucket without a word has check 0 and no weight; one whose word's check bits are 0 still has its weights.
    has_row = (checks != 0) | (halves != 0).any(axis=1)
    rows = np.empty((int(has_row.sum()), 1 + halves.shape[1]), dtype=np.uint16)
    rows[:, 0] = checks[has_row]
    rows[:, 1:] = halves[has_row]
    occupied = np.packbits(has_row, bitorder="little").view(np.uint64).copy()
    per_word = np.unpackbits(occupied.view(np.uint8), bitorder="little").reshape(-1, 64).sum(axis=1)
    rank = np.concatenate(([0], np.cumsum(per_word)[:-1])).astype(np.uint32)
    bias = np.ascontiguousarray(bias, dtype=np.float64)
    for array in (rows, occupied, rank, bias):
        array.setflags(write=False)
    return LexicalPrior(occupied=occupied, rank=rank, rows=rows, bias=bias, buckets=buckets)


def save_prior(prior: LexicalPrior, path) -> None:
    # float16 halves the file; the weights are small numbers (|w| < 10) whose fourth digit decides nothing.
    np.savez_compressed(
        path, weights=prior.weights.astype(np.float16), bias=prior.bias,
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
