"""Saving and loading a trained block classifier with its JSON sidecar.

A model is saved twice: the scikit-learn estimator as joblib (the record of what was trained), and its trees as
plain arrays ({kind}.trees.npz, see forest.py), which is what cleaning loads when the compiled tree walk is
built; its hash is in the sidecar. joblib files are pickles: loading one runs code. The shipped models load from
the package; a model from anywhere else loads only when the caller names its folder explicitly
(Cleaner(model_dir=...))."""
from __future__ import annotations

import hashlib
import io
import json
import platform
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..features.lexical import LexicalPrior, load_prior
from ..types import LABELS
from .forest import PackedForest, compiled_available

SHIPPED_PACKAGE = "cleaner.shipped_models"


class ModelError(RuntimeError):
    """A model is missing, unreadable, or was trained for other features or labels than this code computes."""


@dataclass(frozen=True)
class BlockModel:
    kind: str  # "text" or "html"
    estimator: Any  # the scikit-learn estimator; None when the packed trees were loaded instead
    sidecar: dict
    columns: np.ndarray  # for each of LABELS, the column of predict_proba holding it (-1: the model never saw it)
    packed: PackedForest | None = None  # the same trees in flat arrays, when the compiled walk can evaluate them
    prior: LexicalPrior | None = None  # the lexical model's word weights (kind "lexical"), whose columns it reads

    @property
    def n_features(self) -> int:
        if self.estimator is not None:
            return int(self.estimator.n_features_in_)
        return int(self.sidecar["n_features"])

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        """Probabilities in LABELS order, whatever order the estimator's classes came in."""
        n = features.shape[0]
        out = np.zeros((n, len(LABELS)), dtype=np.float32)
        if n == 0:
            return out
        if self.packed is not None:
            raw = self.packed.predict_proba(features)
        else:
            raw = _predict_proba(self.estimator, features)
        for j, col in enumerate(self.columns):
            if col >= 0:
                out[:, j] = raw[:, col]
        return out


def _predict_proba(estimator: Any, features: np.ndarray) -> np.ndarray:
    """Class probabilities, single-threaded for gradient boosting.

    scikit-learn's HistGradientBoosting predict opens an OpenMP region per tree; on a loaded machine (a crawler
    running many cleaners) the threads spin and a 200-row page can take seconds. One thread per call is the fast
    and predictable choice for a per-page library; callers parallelise across pages instead."""
    raw_predict = getattr(estimator, "_raw_predict", None)
    loss = getattr(estimator, "_loss", None)
    if raw_predict is not None and loss is not None:
        try:
            return loss.predict_proba(raw_predict(features, n_threads=1))
        except TypeError:  # a scikit-learn whose private signature moved: take the public path
            pass
    return estimator.predict_proba(features)


def _label_columns(classes) -> np.ndarray:
    classes = [str(c) for c in classes]
    return np.array([classes.index(label.value) if label.value in classes else -1 for label in LABELS])


def library_versions() -> dict[str, str]:
    import joblib
    import sklearn

    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
        "joblib": joblib.__version__,
    }


def save_model(directory: Path, kind: str, estimator: Any, sidecar: dict) -> Path:
    import joblib

    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{kind}.joblib"
    joblib.dump(estimator, path, compress=3)
    full = dict(sidecar)
    full["kind"] = kind
    full["labels"] = [label.value for label in LABELS]
    full["libraries"] = library_versions()
    full["model_sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    full["n_features"] = int(getattr(estimator, "n_features_in_", 0))
    packed = PackedForest.from_estimator(estimator)
    trees = directory / f"{kind}.trees.npz"
    if packed is not None:
        packed.save(trees)
        full["trees_sha256"] = hashlib.sha256(trees.read_bytes()).hexdigest()
    else:
        trees.unlink(missing_ok=True)
        full.pop("trees_sha256", None)
    (directory / f"{kind}.json").write_text(json.dumps(full, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def shipped_models_root():
    """The installed package data, or models/ beside the package when running from a checkout without installing."""
    try:
        return resources.files(SHIPPED_PACKAGE)
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "models"


def _models_root(model_dir: Path | None):
    """The folder the caller named, or the shipped models."""
    return Path(model_dir) if model_dir is not None else shipped_models_root()


def _read(kind: str, model_dir: Path | None) -> tuple[Any, PackedForest | None, dict]:
    """(estimator, None, sidecar), or (None, packed trees, sidecar) when the compiled walk can use the trees file
    and its hash is the one the sidecar records."""
    root = _models_root(model_dir)
    model_res, sidecar_res, trees_res = root / f"{kind}.joblib", root / f"{kind}.json", root / f"{kind}.trees.npz"
    if not model_res.is_file() or not sidecar_res.is_file():
        where = f"in {root}" if model_dir is not None else "shipped with the package; run `cleaner train`"
        raise ModelError(f"no {kind} model {where} (need {kind}.joblib and {kind}.json)")
    sidecar = json.loads(sidecar_res.read_text(encoding="utf-8"))
    expected = sidecar.get("trees_sha256")
    if compiled_available() and expected and trees_res.is_file():
        blob = trees_res.read_bytes()
        if hashlib.sha256(blob).hexdigest() == expected:
            try:
                return None, PackedForest.load(io.BytesIO(blob)), sidecar
            except (ValueError, KeyError, OSError):
                pass  # unreadable arrays: the joblib model is the fallback
    import joblib  # here, not at the top: cleaning with the packed trees never needs it (nor scikit-learn)

    with model_res.open("rb") as fh:
        estimator = joblib.load(fh)
    packed = PackedForest.from_estimator(estimator) if compiled_available() else None
    return estimator, packed, sidecar


def load_model(kind: str, expected_schema: str, model_dir: Path | None = None) -> BlockModel:
    estimator, packed, sidecar = _read(kind, model_dir)
    schema = sidecar.get("feature_schema")
    if schema != expected_schema:
        raise ModelError(
            f"the {kind} model was trained on feature schema {schema!r} but this code computes {expected_schema!r}; "
            "retrain with `cleaner train`"
        )
    if sidecar.get("labels") != [label.value for label in LABELS]:
        raise ModelError(f"the {kind} model's labels {sidecar.get('labels')} are not {[l.value for l in LABELS]}")
    classes = packed.classes if packed is not None else getattr(estimator, "classes_", [])
    prior = _read_prior(kind, sidecar, model_dir) if sidecar.get("prior_sha256") else None
    return BlockModel(kind=kind, estimator=estimator, sidecar=sidecar, columns=_label_columns(classes), packed=packed,
                      prior=prior)


def _read_prior(kind: str, sidecar: dict, model_dir: Path | None) -> LexicalPrior:
    """The {kind}.prior.npz beside the model, checked against the hash its sidecar records (plain arrays, no pickle)."""
    root = _models_root(model_dir)
    res = root / f"{kind}.prior.npz"
    if not res.is_file():
        raise ModelError(f"the {kind} model needs {kind}.prior.npz beside it")
    blob = res.read_bytes()
    if hashlib.sha256(blob).hexdigest() != sidecar["prior_sha256"]:
        raise ModelError(f"{kind}.prior.npz is not the one the {kind} model was trained with (sha256 differs)")
    try:
        return load_prior(io.BytesIO(blob))
    except (ValueError, KeyError, OSError) as exc:
        raise ModelError(f"{kind}.prior.npz is unreadable: {exc}") from exc


def has_model(kind: str, model_dir: Path | None = None) -> bool:
    """Whether the folder (None: the shipped models) holds a {kind} model at all."""
    root = _models_root(model_dir)
    return (root / f"{kind}.joblib").is_file() and (root / f"{kind}.json").is_file()
