"""The shipped models load from the package, and their sidecars say what they are."""
from __future__ import annotations

import hashlib
import json
import sys

import numpy as np
import pytest

from cleaner.features import schema_version
from cleaner.model.store import ModelError, load_model, save_model, shipped_models_root
from cleaner.types import LABELS


@pytest.mark.parametrize("kind", ["text", "html"])
def test_shipped_model_and_sidecar(kind):
    model = load_model(kind, schema_version(kind))
    sidecar = model.sidecar
    assert sidecar["labels"] == [label.value for label in LABELS]
    assert sidecar["feature_schema"] == schema_version(kind)
    assert {"scikit-learn", "numpy", "python"} <= set(sidecar["libraries"])
    assert len(sidecar["training_data_sha256"]) == 64
    held_out = sidecar["metrics"]["held_out"]["all"]
    assert held_out["n"] > 1000 and 0.0 < held_out["macro_f1"] <= 1.0
    blob = (shipped_models_root() / f"{kind}.joblib").read_bytes()
    assert hashlib.sha256(blob).hexdigest() == sidecar["model_sha256"]
    assert "split" in sidecar and "site" in sidecar["split"]


def test_model_card_carries_the_sidecar_figures():
    card = (shipped_models_root() / "MODEL_CARD.md").read_text(encoding="utf-8")
    text = json.loads((shipped_models_root() / "text.json").read_text(encoding="utf-8"))
    assert f"{text['metrics']['held_out']['all']['macro_f1']:.3f}" in card


def test_probabilities_come_in_label_order():
    model = load_model("text", schema_version("text"))
    probs = model.predict_proba(np.zeros((3, model.n_features), dtype=np.float32))
    assert probs.shape == (3, len(LABELS))
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)


def test_a_model_for_other_features_is_refused(tmp_path):
    from sklearn.dummy import DummyClassifier

    dummy = DummyClassifier().fit(np.zeros((4, 2)), ["content", "caption", "navigation", "ad"])
    save_model(tmp_path, "text", dummy, {"feature_schema": "text-0"})
    with pytest.raises(ModelError, match="feature schema"):
        load_model("text", schema_version("text"), tmp_path)
    with pytest.raises(ModelError, match="no html model"):
        load_model("html", schema_version("html"), tmp_path)


@pytest.mark.parametrize("kind", ["text", "html"])
def test_compiled_trees_give_scikit_learns_probabilities(kind):
    import joblib

    from cleaner.model.forest import PackedForest, compiled_available

    if not compiled_available():
        pytest.skip("cleaner.model._forest was not built (no C compiler at install); scikit-learn predicts instead")
    model = load_model(kind, schema_version(kind))
    assert model.packed is not None and model.estimator is None  # cleaning loads the arrays, not the pickle
    estimator = joblib.load(shipped_models_root() / f"{kind}.joblib")
    # The shipped arrays are exactly the packing of the shipped estimator.
    repacked = PackedForest.from_estimator(estimator)
    for name in ("feature", "threshold", "missing_left", "left", "right", "value", "roots", "tree_column", "baseline", "classes"):
        assert np.array_equal(getattr(model.packed, name), getattr(repacked, name)), name
    rng = np.random.default_rng(0)
    # Values around every threshold the trees use, plus missing values, so both branches and the NaN rule are hit.
    thresholds = model.packed.threshold[model.packed.left >= 0]
    features = rng.choice(thresholds, size=(400, model.n_features)).astype(np.float32)
    features[rng.random(features.shape) < 0.05] = np.nan
    assert np.array_equal(model.packed.predict_proba(features), estimator.predict_proba(features))
    # float32 pages take the branch-free walk with float32 thresholds: one float32 step either side of every
    # threshold must still fall on the side the float64 comparison puts it.
    nudged = np.concatenate([np.nextafter(features, np.float32(np.inf)), np.nextafter(features, np.float32(-np.inf)), features])
    assert nudged.dtype == np.float32
    assert np.array_equal(model.packed.raw_scores(nudged), model.packed.raw_scores(nudged.astype(np.float64)))
    assert np.array_equal(model.packed.predict_proba(nudged), estimator.predict_proba(nudged))
    # A page with no missing value (every real page) takes the walk without the NaN test; infinities still compare.
    complete = np.where(np.isnan(nudged), np.float32(np.inf), nudged)
    complete[rng.random(complete.shape) < 0.02] = -np.inf
    assert not np.isnan(complete).any()
    assert np.array_equal(model.packed.predict_proba(complete), estimator.predict_proba(complete))


def test_cleaning_with_the_shipped_models_never_imports_scikit_learn():
    import subprocess
    import sys

    from cleaner.model.forest import compiled_available

    if not compiled_available():
        pytest.skip("without the compiled tree walk the joblib models (and scikit-learn) are used")
    code = (
        "import sys, cleaner; r = cleaner.clean('<p>One sentence of a page, long enough to be read.</p>'); "
        "cleaner.clean('Line one of a dump.\\nLine two.'); "
        "print(sorted(m for m in ('sklearn', 'scipy', 'joblib', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_damaged_trees_file_falls_back_to_the_joblib_model(tmp_path):
    import shutil

    from cleaner.model.forest import compiled_available

    for name in ("html.joblib", "html.json", "html.trees.npz"):
        shutil.copy(shipped_models_root() / name, tmp_path / name)
    blob = bytearray((tmp_path / "html.trees.npz").read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    (tmp_path / "html.trees.npz").write_bytes(bytes(blob))
    model = load_model("html", schema_version("html"), tmp_path)
    assert model.estimator is not None  # the hash did not match, so the arrays were not trusted
    assert (model.packed is not None) == compiled_available()


def test_estimators_the_packing_does_not_cover_fall_back_to_scikit_learn():
    from sklearn.dummy import DummyClassifier

    from cleaner.model.forest import PackedForest

    dummy = DummyClassifier(strategy="prior").fit(np.zeros((4, 2)), ["content", "content", "navigation", "ad"])
    assert PackedForest.from_estimator(dummy) is None


def test_fast_constructors_build_the_same_frozen_objects():
    import dataclasses

    from cleaner.types import (
        Block, Decision, DomContext, Label, Line, Paragraph, new_block, new_decision, new_dom_context, new_line, new_paragraph,
    )

    samples = {
        Block: (new_block, (3, "text", " text", 7, "li", 1, 2, "•", True, False, None)),
        DomContext: (new_dom_context, ("p", ("html", "body"), ("main",), (), "", 4, 1, 3, 2, True, 0.5, -1, ("article",), 90, 4, (5, 2), 2)),
        Decision: (new_decision, (Label.CONTENT, True, "model: content p=0.90")),
        Line: (new_line, ("text", Label.AD, 0.75, False, "rule x", None, "p")),
        Paragraph: (new_paragraph, ("text", "li", 2)),
    }
    try:
        from cleaner._records import Maker
    except ImportError:
        Maker = None
    for cls, (construct, values) in samples.items():
        assert Maker is None or isinstance(construct, Maker), cls  # the compiled maker is in use where it was built
        made, expected = construct(values), cls(*values)
        assert type(made) is cls and made == expected and hash(made) == hash(expected)
        assert sys.getrefcount(made) == sys.getrefcount(expected)  # no reference leaked or missing
        with pytest.raises(TypeError):
            construct(values[:-1])
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.__setattr__(dataclasses.fields(cls)[0].name, None)
