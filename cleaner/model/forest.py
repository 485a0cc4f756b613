"""A HistGradientBoosting classifier packed into flat arrays, evaluated in one compiled call per page.

The packed form gives the same probabilities as scikit-learn, bit for bit: the same float64 comparisons and
missing-value directions in the trees, and the same softmax operations after them. It is saved beside the
joblib file as plain arrays (`{kind}.trees.npz`, read without pickle), so a process that cleans pages never
imports scikit-learn: that import was most of the start-up time and memory. Without the compiled extension (a
platform where it could not be built) the joblib model and scikit-learn's own path are used."""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

try:
    from ._forest import accumulate as _accumulate
    from ._forest import accumulate_f32 as _accumulate_f32
except ImportError:  # no C compiler when the package was installed: scikit-learn evaluates instead
    _accumulate = _accumulate_f32 = None

# The compiled branch-free walk's node record (Node16 in _forest.pyx), built from the packed arrays at load.
_NODE16 = np.dtype([("threshold", np.float32), ("feature", np.int32), ("left", np.int32), ("right", np.int32)])
_MAX_NODE16_NODES = np.iinfo(np.int32).max // _NODE16.itemsize  # children are byte offsets in an int32

_ARRAYS = ("feature", "threshold", "missing_left", "left", "right", "value", "roots", "tree_column", "baseline", "classes")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entries carry no build time, so the same trees give the same bytes


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
    tree_column: np.ndarray  # int32, which raw-score column (class) each tree adds to
    baseline: np.ndarray  # float64, (n_classes,)
    classes: np.ndarray  # str, the estimator's classes_ in column order

    @cached_property
    def n_features(self) -> int:  # read on every page; a max over every node of the ensemble
        return int(self.feature.max()) + 1 if len(self.feature) else 0

    @classmethod
    def from_estimator(cls, estimator: Any) -> "PackedForest | None":
        """Pack a fitted multi-class HistGradientBoostingClassifier; None for anything this packing does not
        cover (other estimators, binary or categorical models, a scikit-learn whose internals moved)."""
        try:
            predictors = estimator._predictors
            baseline = np.asarray(estimator._baseline_prediction, dtype=np.float64).reshape(-1)
            loss_name = type(estimator._loss).__name__
            classes = np.array([str(c) for c in estimator.classes_])
        except AttributeError:
            return None
        if loss_name != "HalfMultinomialLoss" or baseline.shape[0] != len(classes):
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
            classes=classes,
            **packed,
        )

    def save(self, path: Path) -> None:
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in _ARRAYS:
                buffer = io.BytesIO()
                np.lib.format.write_array(buffer, np.asarray(getattr(self, name)), allow_pickle=False)
                archive.writestr(zipfile.ZipInfo(f"{name}.npy", date_time=_FIXED_TIME), buffer.getvalue(),
                                 compress_type=zipfile.ZIP_DEFLATED)

    @classmethod
    def load(cls, source) -> "PackedForest":
        """From a path or a binary file object; plain arrays only (allow_pickle=False)."""
        with np.load(source, allow_pickle=False) as data:
            arrays = {name: data[name] for name in _ARRAYS}
        for name in ("feature", "left", "right", "roots", "tree_column"):
            arrays[name] = np.ascontiguousarray(arrays[name], dtype=np.int32)
        for name in ("threshold", "value", "baseline"):
            arrays[name] = np.ascontiguousarray(arrays[name], dtype=np.float64)
        arrays["missing_left"] = np.ascontiguousarray(arrays["missing_left"], dtype=np.uint8)
        forest = cls(**arrays)
        forest._check()
        return forest

    def _check(self) -> None:
        """A damaged file must fail here, not send the compiled walk outside its arrays."""
        n_nodes = len(self.feature)
        same = all(len(a) == n_nodes for a in (self.threshold, self.missing_left, self.left, self.right, self.value))
        inner = self.left >= 0
        position = np.arange(n_nodes)
        if not (
            same
            and len(self.roots) == len(self.tree_column)
            and len(self.baseline) == len(self.classes)
            and ((self.roots >= 0) & (self.roots < n_nodes)).all()
            and ((self.tree_column >= 0) & (self.tree_column < len(self.baseline))).all()
            # Children come after their parent (scikit-learn grows trees so), which also rules out cycles.
            and ((self.left[inner] > position[inner]) & (self.left[inner] < n_nodes)).all()
            and ((self.right[inner] > position[inner]) & (self.right[inner] < n_nodes)).all()
            and (self.feature[inner] >= 0).all()
        ):
            raise ValueError("the packed trees are inconsistent")

    @cached_property
    def _nodes16(self) -> tuple[np.ndarray, np.ndarray] | None:
        """Node records for accumulate_f32 and each tree's depth (levels below its root); None for an ensemble
        too large for int32 byte offsets, which then takes the float64 walk."""
        if len(self.left) > _MAX_NODE16_NODES:
            return None
        leaf = self.left < 0
        threshold = self.threshold.astype(np.float32)
        above = threshold.astype(np.float64) > self.threshold  # rounded up: step down to the float32 below
        threshold[above] = np.nextafter(threshold[above], np.float32(-np.inf))
        position = np.arange(len(self.left), dtype=np.int32)
        size = _NODE16.itemsize
        nodes = np.zeros(len(self.left), dtype=_NODE16)
        nodes["threshold"] = np.where(leaf, np.float32(np.inf), threshold)
        nodes["feature"] = np.where(leaf, 0, self.feature)
        nodes["left"] = np.where(leaf, position, self.left) * size
        nodes["right"] = np.where(leaf, position, self.right) * size
        # Node depths, level by level (children always follow their parent, see _check).
        node_depth = np.zeros(len(self.left), dtype=np.int32)
        inner = np.flatnonzero(~leaf)
        for _ in range(len(self.left)):
            before = node_depth.copy()
            node_depth[self.left[inner]] = node_depth[inner] + 1
            node_depth[self.right[inner]] = node_depth[inner] + 1
            if np.array_equal(before, node_depth):
                break
        ends = np.append(self.roots[1:], len(self.left))
        depth = np.array([node_depth[a:b].max() - node_depth[a] for a, b in zip(self.roots, ends)], dtype=np.int32)
        return np.frombuffer(nodes.tobytes(), dtype=np.uint8), depth

    @cached_property
    def _nan_right(self) -> np.ndarray:
        """Per node, 1 when a missing value goes right (0 at leaves, which point at themselves either way)."""
        return np.where(self.left < 0, 0, 1 - self.missing_left.astype(np.int32)).astype(np.uint8)

    def raw_scores(self, features: np.ndarray) -> np.ndarray:
        if features.shape[1] < self.n_features:
            raise ValueError(f"the trees read {self.n_features} features, the page has {features.shape[1]}")
        out = np.empty((features.shape[0], self.baseline.shape[0]), dtype=np.float64)
        out[:] = self.baseline
        if features.dtype == np.float32 and _accumulate_f32 is not None and self._nodes16 is not None:
            nodes, depth = self._nodes16
            features = np.ascontiguousarray(features)
            # Features are counts and shares, never missing; the check keeps the walk exact if one ever is.
            finite = not np.isnan(features).any()
            _accumulate_f32(features, nodes, self.roots, depth, self.value, self.tree_column, out, self._nan_right, finite)
            return out
        X = np.ascontiguousarray(features, dtype=np.float64)
        _accumulate(X, self.feature, self.threshold, self.missing_left, self.left, self.right, self.value, self.roots, self.tree_column, out)
        return out

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        """scikit-learn's softmax (utils.extmath.softmax), operation for operation, so results are identical."""
        scores = self.raw_scores(features)
        scores -= np.max(scores, axis=1).reshape((-1, 1))
        np.exp(scores, out=scores)
        scores /= np.sum(scores, axis=1).reshape((-1, 1))
        return scores
