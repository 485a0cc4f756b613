"""A HistGradientBoosting classifier packed into flat arrays, evaluated in one compiled call per page.

The packed form gives the same raw scores as scikit-learn (same float64 comparisons, same missing-value
directions), and the probabilities come from the estimator's own loss, so labels never differ between the two
paths. Without the compiled extension (a platform where it could not be built), scikit-learn's path is used."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

try:
    from ._forest import accumulate as _accumulate
except ImportError:  # no C compiler when the package was installed: scikit-learn evaluates instead
    _accumulate = None


def compiled_available() -> bool:
    return _accumulate is not None


@dataclass(frozen=True)
class PackedForest:
    feature: np.ndarray  # int32, per node
    threshold: np.ndarray  # float64, per node
    missing_left: np.ndarray  # uint8, per node
    left: np.ndarray  # int32, absolute index of the left child, -1 at leaves
    right: np.ndarray  # int32
    value: np.ndarray  # float64, leaf values
    roots: np.ndarray  # int32, first node of each tree
    tree_column: np.ndarray  # int32, which raw-score column each tree adds to
    baseline: np.ndarray  # float64, (n_columns,)
    loss: Any  # the estimator's loss, which turns raw scores into probabilities

    @classmethod
    def from_estimator(cls, estimator: Any) -> "PackedForest | None":
        """Pack a fitted HistGradientBoostingClassifier; None for anything this packing does not cover
        (other estimators, categorical splits, a scikit-learn whose internals moved)."""
        try:
            predictors = estimator._predictors
            baseline = np.asarray(estimator._baseline_prediction, dtype=np.float64).reshape(-1)
            loss = estimator._loss
        except AttributeError:
            return None
        arrays: dict[str, list[np.ndarray]] = {k: [] for k in ("feature", "threshold", "missing_left", "left", "right", "value")}
        roots, columns = [], []
        offset = 0
        try:
            for iteration in predictors:
                for column, predictor in enumerate(iteration):
                    nodes = predictor.nodes
                    if nodes["is_categorical"].any():
                        return None
                    leaf = nodes["is_leaf"].astype(bool)
                    arrays["feature"].append(nodes["feature_idx"].astype(np.int32))
                    arrays["threshold"].append(nodes["num_threshold"].astype(np.float64))
                    arrays["missing_left"].append(nodes["missing_go_to_left"].astype(np.uint8))
                    arrays["left"].append(np.where(leaf, -1, nodes["left"].astype(np.int64) + offset).astype(np.int32))
                    arrays["right"].append(np.where(leaf, -1, nodes["right"].astype(np.int64) + offset).astype(np.int32))
                    arrays["value"].append(nodes["value"].astype(np.float64))
                    roots.append(offset)
                    columns.append(column)
                    offset += len(nodes)
        except (KeyError, ValueError, TypeError):
            return None
        if offset >= np.iinfo(np.int32).max or not roots:
            return None
        packed = {k: np.ascontiguousarray(np.concatenate(v)) for k, v in arrays.items()}
        return cls(
            roots=np.array(roots, dtype=np.int32),
            tree_column=np.array(columns, dtype=np.int32),
            baseline=baseline,
            loss=loss,
            **packed,
        )

    def raw_scores(self, features: np.ndarray) -> np.ndarray:
        X = np.ascontiguousarray(features, dtype=np.float64)
        out = np.empty((X.shape[0], self.baseline.shape[0]), dtype=np.float64)
        out[:] = self.baseline
        _accumulate(X, self.feature, self.threshold, self.missing_left, self.left, self.right, self.value, self.roots, self.tree_column, out)
        return out

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        raw = self.raw_scores(features)
        if raw.shape[1] == 1:  # binary: one score column, the loss wants it flat
            raw = raw[:, 0]
        return self.loss.predict_proba(raw)
