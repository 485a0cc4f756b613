"""`cleaner train`: rebuild the shipped models from the corpora and our own hand-labelled pages.

Seeded and deterministic; the split is by site (cleaner.corpus.site_split), so no template of a held-out site is
ever seen in training. Held-out metrics go into each model's sidecar and models/MODEL_CARD.md."""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..corpus import REPO_ROOT, site_split
from ..evaluation.metrics import label_scores
from ..features import page_features, schema_version
from ..model.store import save_model
from ..segment.text import segment_text
from ..types import LABELS, Label

SEED = 0
TEXT_RENDERERS = ("w3m", "w3m80", "lynx", "htmltext")
TRAIN_CORPORA = ("l3s-gn1", "wcxb-articles")
# Our own pages are few but carry every label the corpora only hint at (ads, captions, non-English chrome).
HANDMADE_WEIGHT = 4.0
# Every k-th navigation row of the corpora is kept for fitting (text dumps have far more rows than HTML pages).
THIN_NAVIGATION = {"text": 2, "html": 1}
# Boosting rounds (each adds one tree per label, and prediction cost grows with the trees). For HTML, 30 rounds
# measured within 0.0003 of 40 in mean body F1 over the four corpora (0.9555 vs 0.9557; readability +0.0007,
# cleanportaleval -0.0020) and evaluate in three quarters of the time; text dumps lost twice that (l3s-gn1 -0.0012,
# cleanportaleval -0.0019) and have their own 3 ms target to meet, which 40 rounds do.
# Text: 50 rounds of trees held to 8 levels (2026-12-06) in place of 40 of 10, for the same walk cost (speed.py 3.49 /
# 3.48 ms against 3.52 / 3.50 in turn): body F1 on the benchmark's splits l3s-gn1 0.9336 -> 0.9363, cleanportaleval
# 0.9447 -> 0.9499, wcxb-articles 0.9213 -> 0.9235 (training sites 0.9359 -> 0.9366), readability 0.8692 -> 0.8653;
# l3s-gn1 text-line macro-F1 0.860 -> 0.872. 60 rounds of 8 levels: 0.9338 / 0.9484 / 0.9241 / 0.8661, for more
# trees. The HTML model at 40 rounds of 8 levels: l3s-gn1 +0.0024, cleanportaleval -0.0052, readability +0.0012,
# wcxb-articles -0.0001; left at 30 of 10.
ITERATIONS = {"text": 50, "html": 30}
# Depth limit of each tree. The compiled walk takes a page's rows down a tree sixteen at a time until the deepest of
# them rests, so its cost follows the trees' depth, not their leaves: unlimited, 127-leaf trees grew 19 levels deep
# on average (up to 34) while a row stopped after 11. Ten levels (2026-12-05): the text model's walk 594 -> 404 us a
# page and the HTML model's 250 -> 186; body F1 on the benchmark splits within the seeds' spread (text: l3s-gn1
# -0.0015, wcxb-articles -0.0004, cleanportaleval -0.0010, readability +0.0056; HTML: -0.0037, -0.0011, +0.0049,
# +0.0021), l3s-gn1 text-line macro-F1 0.8535 -> 0.8600, the seeds' 140 lines all right.
MAX_DEPTH = {"text": 8, "html": 10}


@dataclass(frozen=True)
class Matrix:
    X: np.ndarray
    y: np.ndarray  # label strings
    sites: np.ndarray
    weights: np.ndarray
    source: np.ndarray  # corpus name per row


def _stack(parts: list[tuple[np.ndarray, list[str], str, float, str]]) -> Matrix:
    if not parts:
        raise RuntimeError("no training rows")
    X = np.vstack([p[0] for p in parts]).astype(np.float32)
    y = np.concatenate([np.asarray(p[1], dtype=object) for p in parts])
    sites = np.concatenate([np.full(len(p[1]), p[2], dtype=object) for p in parts])
    # Each page weighs about the same whatever its length, so one long page of chrome does not drown the rest.
    weights = np.concatenate([np.full(len(p[1]), p[3] / np.sqrt(max(len(p[1]), 1)), dtype=np.float64) for p in parts])
    source = np.concatenate([np.full(len(p[1]), p[4], dtype=object) for p in parts])
    return Matrix(X=X, y=y, sites=sites, weights=weights, source=source)


def text_rows(example) -> tuple[np.ndarray, list[str]] | None:
    seg = segment_text(example.text)
    by_key = dict(example.labels)
    keys = range(len(seg.blocks)) if example.by_block else [b.line for b in seg.blocks]
    rows = [i for i, key in enumerate(keys) if key in by_key]
    if not rows:
        return None
    X, _ = page_features(seg)
    return X[rows], [by_key[keys[i]] for i in rows]


def html_rows(example) -> tuple[np.ndarray, list[str]] | None:
    from ..segment.html import segment_html

    html = Path(example.html_path).read_text(encoding="utf-8", errors="replace")
    seg = segment_html(html)
    by_index = dict(example.labels)
    rows = [i for i in range(len(seg.blocks)) if i in by_index]
    if not rows:
        return None
    X, _ = page_features(seg)
    return X[rows], [by_index[i] for i in rows]


def _thin_navigation(X: np.ndarray, labels: list[str], keep_every: int) -> tuple[np.ndarray, list[str], float]:
    """Keep every k-th navigation row (deterministic): navigation is two thirds of all rows and the cheapest to
    learn, so thinning it halves the fit time; the kept rows weigh k times as much."""
    if keep_every <= 1:
        return X, labels, 1.0
    nav_seen = 0
    keep = []
    for i, label in enumerate(labels):
        if label == Label.NAVIGATION.value:
            nav_seen += 1
            if nav_seen % keep_every:
                continue
        keep.append(i)
    return X[keep], [labels[i] for i in keep], float(keep_every)


def build_matrix(examples, kind: str, thin_navigation: int = 1) -> Matrix:
    parts = []
    for ex in examples:
        got = text_rows(ex) if kind == "text" else html_rows(ex)
        if got is None:
            continue
        weight = HANDMADE_WEIGHT if ex.corpus in ("handmade", "seeds") else 1.0
        X, labels = got
        if ex.corpus not in ("handmade", "seeds"):
            X, labels, _ = _thin_navigation(X, labels, thin_navigation)
        if not labels:
            continue
        parts.append((X, labels, ex.site, weight, ex.corpus))
    matrix = _stack(parts)
    if thin_navigation > 1:
        nav = (matrix.y == Label.NAVIGATION.value) & ~np.isin(matrix.source, ["handmade", "seeds"])
        matrix.weights[nav] *= thin_navigation
    return matrix


def fit(matrix: Matrix, iterations: int = ITERATIONS["text"], max_depth: int | None = MAX_DEPTH["text"]):
    from sklearn.ensemble import HistGradientBoostingClassifier

    # Rare labels (caption, ad) get more weight so the model does not learn to ignore them.
    counts = {label: max(int((matrix.y == label).sum()), 1) for label in np.unique(matrix.y)}
    total = sum(counts.values())
    class_w = {label: min(8.0, (total / (len(counts) * c)) ** 0.5) for label, c in counts.items()}
    w = matrix.weights * np.array([class_w[label] for label in matrix.y])
    # Few, larger trees: prediction cost grows with the number of trees (4 per iteration), and a page must clean in
    # milliseconds; 40 iterations of 127 leaves measured within 0.01 macro-F1 of 250 iterations of 31 leaves.
    model = HistGradientBoostingClassifier(
        max_iter=iterations,
        learning_rate=0.2,
        max_leaf_nodes=127,
        min_samples_leaf=40,
        l2_regularization=1.0,
        max_depth=max_depth,
        early_stopping=False,
        random_state=SEED,
    )
    model.fit(matrix.X, matrix.y, sample_weight=w)
    return model


def data_hash(examples) -> str:
    digest = hashlib.sha256()
    for ex in examples:
        digest.update(f"{ex.corpus}/{ex.page_id}/{getattr(ex, 'renderer', 'html')}".encode())
        digest.update(json.dumps(ex.labels).encode())
    return digest.hexdigest()


def train_kind(kind: str, examples: list, out: Path) -> dict:
    started = time.perf_counter()
    train_ex = [e for e in examples if site_split(e.site) == "train" or e.corpus in ("seeds",)]
    test_ex = [e for e in examples if site_split(e.site) == "test" and e.corpus not in ("seeds",)]
    train_m = build_matrix(train_ex, kind, thin_navigation=THIN_NAVIGATION[kind])
    test_m = build_matrix(test_ex, kind)
    model = fit(train_m, ITERATIONS[kind], MAX_DEPTH[kind])
    predicted = model.predict(test_m.X)
    metrics: dict = {"held_out": {}}
    for corpus in sorted(set(test_m.source)):
        mask = test_m.source == corpus
        metrics["held_out"][corpus] = label_scores([str(v) for v in test_m.y[mask]], [str(v) for v in predicted[mask]])
    metrics["held_out"]["all"] = label_scores([str(v) for v in test_m.y], [str(v) for v in predicted])
    sidecar = {
        "feature_schema": schema_version(kind),
        "training_data_sha256": data_hash(examples),
        "seed": SEED,
        "split": "by site: sha256(host) bucket < 0.2 held out (cleaner.corpus.site_split)",
        "train_rows": int(len(train_m.y)),
        "test_rows": int(len(test_m.y)),
        "train_pages": len(train_ex),
        "test_pages": len(test_ex),
        "rows_per_label": {label.value: int((train_m.y == label.value).sum()) for label in LABELS},
        "sources": sorted({f"{e.corpus}" + (f"/{e.renderer}" if hasattr(e, "renderer") else "") for e in examples}),
        "estimator": type(model).__name__,
        "estimator_params": {k: v for k, v in model.get_params().items() if isinstance(v, (int, float, str, bool, type(None)))},
        "metrics": metrics,
        "train_seconds": round(time.perf_counter() - started, 1),
    }
    save_model(out, kind, model, sidecar)
    return sidecar


def _print_metrics(kind: str, sidecar: dict) -> None:
    print(f"\n== {kind} model: held-out sites ({sidecar['test_pages']} pages, {sidecar['test_rows']} rows)")
    for corpus, rep in sidecar["metrics"]["held_out"].items():
        per = "  ".join(
            f"{lab}: P={rep['per_class'][lab]['precision']:.3f} R={rep['per_class'][lab]['recall']:.3f} F1={rep['per_class'][lab]['f1']:.3f}"
            for lab in [l.value for l in LABELS]
            if lab in rep["labels_present"]
        )
        print(f"  {corpus:<16} macro-F1={rep['macro_f1']:.3f}  {per}")


def main(out: Path | None = None, kinds: tuple[str, ...] = ("text", "html")) -> dict:
    from . import dataset
    from .model_card import write_model_card

    out = out or (REPO_ROOT / "models")
    np.random.seed(SEED)
    sidecars = {}
    for kind in kinds:
        if kind == "text":
            examples = dataset.all_text_examples(TRAIN_CORPORA, TEXT_RENDERERS)
        elif kind == "html":
            examples = dataset.all_html_examples(TRAIN_CORPORA)
        else:
            raise ValueError(f"unknown model kind {kind!r}")
        sidecars[kind] = train_kind(kind, examples, out)
        _print_metrics(kind, sidecars[kind])
    write_model_card(out, {k: json.loads((out / f"{k}.json").read_text()) for k in ("text", "html") if (out / f"{k}.json").exists()})
    return sidecars


if __name__ == "__main__":
    main()
