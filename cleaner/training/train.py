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
from ..options import DEFAULT_OPTIONS
from ..segment.markdown import plain_markdown
from ..segment.text import segment_text
from ..types import LABELS, Label

SEED = 0


class TrainingError(RuntimeError):
    """What stops a training run before it can give a model (the CLI prints it as one line)."""


# The renderers whose dumps each text model learns from. The text model reads Markdown too (markdownify's dumps,
# since 2026-12-06): trained on text browsers' dumps alone, it misread the pages that today's crawl tools hand over
# as Markdown. The lexical model keeps to the text browsers: with Markdown pages among its lines, its word weights
# took a Japanese share bar ("シェア ツイート") for body text again (history.md has both trainings' figures).
TEXT_RENDERERS = ("w3m", "w3m80", "lynx", "htmltext", "markdownify")
LEXICAL_RENDERERS = ("w3m", "w3m80", "lynx", "htmltext")
RENDERERS_OF = {"text": TEXT_RENDERERS, "lexical": LEXICAL_RENDERERS}
TRAIN_CORPORA = ("l3s-gn1", "wcxb-articles")
# Our own pages are few but carry every label the corpora only hint at (ads, captions, non-English chrome).
HANDMADE_WEIGHT = 4.0
# Every k-th navigation row of the corpora is kept for fitting (text dumps have far more rows than HTML pages).
THIN_NAVIGATION = {"text": 2, "html": 1, "lexical": 2}
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
ITERATIONS = {"text": 50, "html": 30, "lexical": 50}
# Depth limit of each tree. The compiled walk takes a page's rows down a tree sixteen at a time until the deepest of
# them rests, so its cost follows the trees' depth, not their leaves: unlimited, 127-leaf trees grew 19 levels deep
# on average (up to 34) while a row stopped after 11. Ten levels (2026-12-05): the text model's walk 594 -> 404 us a
# page and the HTML model's 250 -> 186; body F1 on the benchmark splits within the seeds' spread (text: l3s-gn1
# -0.0015, wcxb-articles -0.0004, cleanportaleval -0.0010, readability +0.0056; HTML: -0.0037, -0.0011, +0.0049,
# +0.0021), l3s-gn1 text-line macro-F1 0.8535 -> 0.8600, the seeds' 140 lines all right.
MAX_DEPTH = {"text": 8, "html": 10, "lexical": 8}
# The lexical model (kind "lexical"): the text features plus a lexical prior's columns (features/lexical.py). The
# prior is a logistic model over a line's hashed words; the tree model must learn from columns the prior computed
# without having seen the row's site, as it will be on a new page, so each training site's columns come from a prior
# fitted on the other folds' sites (LEXICAL_FOLDS folds by site), and the shipped prior from all training sites.
LEXICAL_FOLDS = 5
LEXICAL_ALPHA = 2e-6  # SGDClassifier's L2 strength
LEXICAL_EPOCHS = 8
LEXICAL_MIN_LINES = 3  # a word on fewer training lines than this is unknown to the prior


@dataclass(frozen=True)
class Matrix:
    X: np.ndarray
    y: np.ndarray  # label strings
    sites: np.ndarray
    weights: np.ndarray
    source: np.ndarray  # corpus name per row


def _stack(parts: list[tuple[np.ndarray, list[str], str, float, str]]) -> Matrix:
    if not parts:
        raise TrainingError("no training rows")
    X = np.vstack([p[0] for p in parts]).astype(np.float32)
    y = np.concatenate([np.asarray(p[1], dtype=object) for p in parts])
    sites = np.concatenate([np.full(len(p[1]), p[2], dtype=object) for p in parts])
    # Each page weighs about the same whatever its length, so one long page of chrome does not drown the rest.
    weights = np.concatenate([np.full(len(p[1]), p[3] / np.sqrt(max(len(p[1]), 1)), dtype=np.float64) for p in parts])
    source = np.concatenate([np.full(len(p[1]), p[4], dtype=object) for p in parts])
    return Matrix(X=X, y=y, sites=sites, weights=weights, source=source)


def _labelled_blocks(example):
    """The example's segmentation, the indices of its labelled blocks, and their labels."""
    seg = segment_text(example.text)
    if "](" in example.text:
        # As Cleaner.segment reads the page: Markdown links as their words. The labels are the segmenter's blocks',
        # so a page whose long table rows the Markdown reading cuts into cells keeps its blocks as they were.
        plain = plain_markdown(seg, DEFAULT_OPTIONS)
        if len(plain.blocks) == len(seg.blocks):
            seg = plain
    by_key = dict(example.labels)
    keys = range(len(seg.blocks)) if example.by_block else [b.line for b in seg.blocks]
    rows = [i for i, key in enumerate(keys) if key in by_key]
    return seg, rows, [by_key[keys[i]] for i in rows]


def text_rows(example, prior=None) -> tuple[np.ndarray, list[str]] | None:
    """Features and labels of the example's labelled blocks; with a lexical prior, its columns after the text
    features (the lexical model's rows)."""
    seg, rows, labels = _labelled_blocks(example)
    if not rows:
        return None
    X, _ = page_features(seg)
    if prior is not None:
        X = np.hstack([X, prior.columns([b.text.lower() for b in seg.blocks])])
    return X[rows], labels


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


def build_matrix(examples, kind: str, thin_navigation: int = 1, priors=None) -> Matrix:
    """priors: for the lexical model, the LexicalPrior whose columns each example gets (one per example)."""
    parts = []
    for n, ex in enumerate(examples):
        if kind == "html":
            got = html_rows(ex)
        else:
            got = text_rows(ex, priors[n] if priors is not None else None)
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


def _word_rows(examples) -> tuple[list, list[list[str]]]:
    """Per example, the hashes of the distinct words of each labelled block, and the blocks' labels."""
    from ..features.lexical import _WORD, word_hash

    hash_of: dict[str, int] = {}  # words recur across pages: hash each once
    rows, labels = [], []
    for ex in examples:
        seg, idx, labs = _labelled_blocks(ex)
        page_rows = []
        for i in idx:
            found = set()
            for word in _WORD.findall(seg.blocks[i].text.lower()):
                h = hash_of.get(word)
                if h is None:
                    h = hash_of[word] = word_hash(word)
                found.add(h)
            page_rows.append(found)
        rows.append(page_rows)
        labels.append(labs)
    return rows, labels


def _fit_prior(rows: list, labels: list[list[str]], which: list[int]):
    """A prior fitted on the lines of the examples `which`: its words are those on LEXICAL_MIN_LINES lines or more,
    each bucket the most frequent such word's (features/lexical.py)."""
    from collections import Counter

    from scipy.sparse import csr_matrix
    from sklearn.linear_model import SGDClassifier

    from ..features.lexical import LEXICAL_BUCKETS, bucket_and_check, prior_from_estimator

    lines_with: Counter = Counter()
    for n in which:
        for words in rows[n]:
            lines_with.update(words)
    owner = np.zeros(LEXICAL_BUCKETS, dtype=np.uint64)
    owner_lines = np.zeros(LEXICAL_BUCKETS, dtype=np.int64)
    checks = np.zeros(LEXICAL_BUCKETS, dtype=np.uint16)
    # Most frequent first, ties by hash: the order decides which word a contested bucket keeps, so it is fixed.
    for h, count in sorted(lines_with.items(), key=lambda hc: (-hc[1], hc[0])):
        if count < LEXICAL_MIN_LINES:
            break
        bucket, check = bucket_and_check(h)
        if owner_lines[bucket]:
            continue
        owner[bucket], owner_lines[bucket], checks[bucket] = h, count, check
    indptr, indices, y = [0], [], []
    for n in which:
        for words, label in zip(rows[n], labels[n]):
            found = set()
            for h in words:
                bucket = h & (LEXICAL_BUCKETS - 1)
                if owner_lines[bucket] and int(owner[bucket]) == h:
                    found.add(bucket)
            indices.extend(sorted(found))
            indptr.append(len(indices))
            y.append(label)
    X = csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(len(y), LEXICAL_BUCKETS))
    model = SGDClassifier(loss="log_loss", alpha=LEXICAL_ALPHA, max_iter=LEXICAL_EPOCHS, tol=None, random_state=SEED)
    model.fit(X, y)
    return prior_from_estimator(model, checks)


def fit_lexical_priors(train_ex: list) -> tuple[list, object]:
    """(the prior each training example's columns come from, fitted without its site; the prior fitted on all)."""
    from sklearn.model_selection import GroupKFold

    rows, labels = _word_rows(train_ex)
    sites = np.array([e.site for e in train_ex], dtype=object)
    per_example: list = [None] * len(train_ex)
    for fitted_on, held in GroupKFold(n_splits=LEXICAL_FOLDS).split(np.zeros(len(train_ex)), groups=sites):
        prior = _fit_prior(rows, labels, list(fitted_on))
        for n in held:
            per_example[n] = prior
    return per_example, _fit_prior(rows, labels, list(range(len(train_ex))))


def train_kind(kind: str, examples: list, out: Path) -> dict:
    started = time.perf_counter()
    train_ex = [e for e in examples if site_split(e.site) == "train" or e.corpus in ("seeds",)]
    test_ex = [e for e in examples if site_split(e.site) == "test" and e.corpus not in ("seeds",)]
    extra: dict = {}
    if kind == "lexical":
        from ..features.lexical import LEXICAL_BUCKETS, save_prior

        train_priors, prior = fit_lexical_priors(train_ex)
        train_m = build_matrix(train_ex, kind, THIN_NAVIGATION[kind], priors=train_priors)
        test_m = build_matrix(test_ex, kind, priors=[prior] * len(test_ex))
        out.mkdir(parents=True, exist_ok=True)
        prior_path = out / f"{kind}.prior.npz"
        save_prior(prior, prior_path)
        extra = {
            "prior_sha256": hashlib.sha256(prior_path.read_bytes()).hexdigest(),
            "prior": {"buckets": LEXICAL_BUCKETS, "folds_by_site": LEXICAL_FOLDS, "alpha": LEXICAL_ALPHA,
                      "epochs": LEXICAL_EPOCHS, "min_lines": LEXICAL_MIN_LINES,
                      "words": int(np.count_nonzero(prior.weights.any(axis=1))),
                      "estimator": "SGDClassifier(loss='log_loss')"},
        }
    else:
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
        **extra,
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


def require_renderers(renderers) -> None:
    """A renderer that is not installed would stop a run of several minutes half-way: say so before it starts."""
    from ..corpus import renderer_available

    missing = [r for r in renderers if not renderer_available(r)]
    if missing:
        raise TrainingError(
            f"training renders the pages with {', '.join(renderers)}; not installed: {', '.join(missing)} "
            "(w3m and lynx are your system's packages, e.g. apt-get install w3m lynx; markdownify: pip install '.[train]')"
        )


def main(out: Path | None = None, kinds: tuple[str, ...] = ("text", "html", "lexical")) -> dict:
    from . import dataset
    from .model_card import write_model_card

    out = out or (REPO_ROOT / "models")
    require_renderers(sorted({r for kind in kinds for r in RENDERERS_OF.get(kind, ())}))
    np.random.seed(SEED)
    sidecars = {}
    for kind in kinds:
        if kind in RENDERERS_OF:
            examples = dataset.all_text_examples(TRAIN_CORPORA, RENDERERS_OF[kind])
        elif kind == "html":
            examples = dataset.all_html_examples(TRAIN_CORPORA)
        else:
            raise ValueError(f"unknown model kind {kind!r}")
        sidecars[kind] = train_kind(kind, examples, out)
        _print_metrics(kind, sidecars[kind])
    write_model_card(out, {k: json.loads((out / f"{k}.json").read_text()) for k in ("text", "html", "lexical") if (out / f"{k}.json").exists()})
    return sidecars


if __name__ == "__main__":
    main()
