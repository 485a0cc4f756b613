"""Scoring: body text against a truth text (shingle F1), and line/block labels against gold labels.

Pure functions, no I/O: the benchmark and the quality gate feed them strings and labels.

Body text follows the ScrapingHub article-extraction-benchmark (AEB), ``evaluate.py`` of
github.com/scrapinghub/article-extraction-benchmark (commit 7d95432), matched on these points:

- tokens are the ``\\w+`` runs of the text (``re.UNICODE``); the AEB regex carries ``re.IGNORECASE`` but uses
  ``findall``, which does not fold case, so tokens are compared case-sensitively and are not lower-cased here either;
- shingles are the 4-token windows, counted as a multiset; a text of 1–3 tokens gives one short shingle of all its
  tokens, a text without tokens gives none (AEB's ``_ngrams`` loop over ``range(max(1, n_tokens - 3))``);
- per page tp = multiset intersection, precision = tp / |pred|, recall = tp / |truth| (AEB normalises tp/fp/fn by
  their sum first, which leaves both ratios unchanged);
- corpus precision is the mean over pages whose prediction has a shingle, recall the mean over pages whose truth has
  one (so an empty prediction is left out of precision and counts 0 in recall); F1 = 2PR / (P + R) of those means;
- ± is the sample standard deviation (``statistics.stdev``, ddof=1) over bootstrap resamples of pages, and AEB's
  ``accuracy`` is the share of pages whose token sequence equals the truth's.

Where we differ: the bootstrap draws indices from ``numpy.random.default_rng(seed)`` (AEB uses the unseeded ``random``
module), so our ± is reproducible; and we add page-F1, the mean of per-page F1 with an empty prediction scoring 0,
which a system cannot improve by returning nothing on hard pages.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from ..types import LABELS

SHINGLE_SIZE = 4
N_BOOTSTRAP = 1000
LABEL_ORDER: tuple[str, ...] = tuple(label.value for label in LABELS)

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def tokenize(text: str | None) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def shingles(text: str | None, size: int = SHINGLE_SIZE) -> Counter:
    tokens = tokenize(text)
    if not tokens:
        return Counter()
    # Short texts still get one shingle so a one-line truth can be matched at all.
    return Counter(tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)))


@dataclass(frozen=True, slots=True)
class PageMatch:
    """Shingle counts of one page: enough to rebuild every per-page and corpus figure."""

    tp: int
    n_pred: int
    n_truth: int
    exact: bool = False  # token sequences equal (AEB's accuracy)

    @property
    def precision(self) -> float | None:
        """None when the prediction has no shingle: such a page has no precision."""
        return self.tp / self.n_pred if self.n_pred else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.n_truth if self.n_truth else None

    @property
    def f1(self) -> float:
        if self.n_pred == 0 and self.n_truth == 0:
            return 1.0  # nothing to find and nothing found
        p, r = self.precision, self.recall
        if not p or not r:
            return 0.0
        return 2 * p * r / (p + r)


def match_page(truth: str | None, pred: str | None) -> PageMatch:
    t, p = shingles(truth), shingles(pred)
    tp = sum((t & p).values())
    return PageMatch(
        tp=tp, n_pred=sum(p.values()), n_truth=sum(t.values()), exact=tokenize(truth) == tokenize(pred)
    )


def _prf(precisions: np.ndarray, recalls: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Means over the last axis ignoring NaN (pages without a precision / recall), and the F1 of those means.

    Works on one page vector or on a matrix of bootstrap resamples (one per row) alike.
    """

    def mean(values: np.ndarray) -> np.ndarray:
        known = ~np.isnan(values)
        counts = known.sum(axis=-1)
        sums = np.where(known, values, 0.0).sum(axis=-1)
        return np.divide(sums, counts, out=np.zeros_like(sums, dtype=float), where=counts > 0)

    p, r = mean(precisions), mean(recalls)
    f1 = np.divide(2 * p * r, p + r, out=np.zeros_like(p, dtype=float), where=(p + r) > 0)
    return p, r, f1


def corpus_scores(matches: Sequence[PageMatch], n_bootstrap: int = N_BOOTSTRAP, seed: int = 0) -> dict:
    """Corpus P, R, F1 (AEB), their bootstrap standard deviations, page-F1 and accuracy.

    A resample in which no page has a prediction gets P = 0 (AEB would raise there); this only happens when almost
    every prediction is empty, where F1 = 0 is the honest figure anyway.
    """
    n = len(matches)
    if n == 0:
        return {"n_pages": 0, "n_empty": 0, "precision": None, "recall": None, "f1": None, "f1_std": None,
                "precision_std": None, "recall_std": None, "page_f1": None, "accuracy": None}
    precisions = np.array([m.precision if m.precision is not None else math.nan for m in matches], dtype=float)
    recalls = np.array([m.recall if m.recall is not None else math.nan for m in matches], dtype=float)
    p, r, f1 = (float(x) for x in _prf(precisions, recalls))

    boot = None
    if n_bootstrap > 1:
        draws = np.random.default_rng(seed).integers(0, n, size=(n_bootstrap, n))
        boot = _prf(precisions[draws], recalls[draws])

    def std(column: int) -> float | None:
        return float(np.std(boot[column], ddof=1)) if boot is not None else None

    return {
        "n_pages": n,
        "n_empty": sum(1 for m in matches if m.n_pred == 0),
        "precision": p,
        "recall": r,
        "f1": f1,
        "precision_std": std(0),
        "recall_std": std(1),
        "f1_std": std(2),
        "page_f1": float(np.mean([m.f1 for m in matches])),
        "accuracy": float(np.mean([m.exact for m in matches])),
    }


# --- labels ------------------------------------------------------------------------------------------------------


def label_scores(
    truth: Iterable[str], pred: Iterable[str | None], labels: Sequence[str] = LABEL_ORDER
) -> dict:
    """Per-class precision/recall/F1, macro-F1 and a confusion matrix of paired gold and predicted labels.

    A predicted label of None means the system gave that unit no label (e.g. a gold line the system never emitted):
    it is a miss for the gold class and a false alarm for none, and is counted in the ``missing`` column.
    Macro-F1 averages the classes present in the gold or the prediction, as scikit-learn does by default.
    """
    labels = [str(x) for x in labels]
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    missing = [0] * len(labels)
    n = 0
    for t, p in zip(truth, pred, strict=True):
        t = str(t)
        if t not in index:
            raise ValueError(f"unknown gold label {t!r}")
        n += 1
        if p is None:
            missing[index[t]] += 1
            continue
        p = str(p)
        if p not in index:
            raise ValueError(f"unknown predicted label {p!r}")
        matrix[index[t]][index[p]] += 1

    per_class: dict[str, dict] = {}
    present: list[str] = []
    for i, label in enumerate(labels):
        tp = matrix[i][i]
        n_pred = sum(row[i] for row in matrix)
        n_true = sum(matrix[i]) + missing[i]
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_true if n_true else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": precision, "recall": recall, "f1": f1, "support": n_true, "predicted": n_pred}
        if n_pred or n_true:
            present.append(label)
    correct = sum(matrix[i][i] for i in range(len(labels)))
    return {
        "n": n,
        "accuracy": correct / n if n else None,
        "per_class": per_class,
        "macro_f1": float(np.mean([per_class[x]["f1"] for x in present])) if present else None,
        "labels_present": present,
        "confusion": {"labels": labels, "matrix": matrix, "missing": missing},
    }
