"""The lexical prior (features/lexical.py) and the lexical model that reads its columns beside the text features."""
from __future__ import annotations

import hashlib
import io
import shutil

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.features import lexical, schema_version
from cleaner.features.lexical import (
    LEXICAL_NAMES, LexicalPrior, bucket_and_check, line_buckets, load_prior, save_prior, word_hash,
)
from cleaner.model.store import ModelError, load_model, shipped_models_root
from cleaner.options import Options
from cleaner.types import LABELS

DUMP = """Home | World | Business
Subscribe to our newsletter for the latest headlines
Harbour bridge reopens after two years of repairs
The bridge carried its first traffic on Monday morning, two years after engineers closed it for repairs.
Commuters who had taken a ferry since then said the crossing now took ten minutes instead of forty.
Workers on the harbour bridge at dusk
The city council said the final bill came in under the budget set in 2023.
Read more: Council approves new ferry timetable
© 2025 Harbour Gazette. All rights reserved.
"""


KNOWN = ("photo", "the", "subscribe", "newsletter", "bridge", "東京", "café")


def _random_prior(buckets: int = 1 << 10, seed: int = 0) -> LexicalPrior:
    """Random weights; the KNOWN words own their buckets, and every other bucket a random check (so a word outside
    KNOWN is known only where its top bits happen to match, as with a real prior)."""
    rng = np.random.default_rng(seed)
    checks = rng.integers(0, 1 << 16, size=buckets).astype(np.uint16)
    for word in KNOWN:
        bucket, check = bucket_and_check(word_hash(word), buckets)
        checks[bucket] = check
    return lexical._frozen(rng.normal(size=(buckets, len(LABELS))), rng.normal(size=len(LABELS)), checks)


def test_words_are_fnv1a_of_their_code_points_split_into_bucket_and_check():
    # FNV-1a 64 of "a": (offset ^ 0x61) * prime, mod 2^64.
    expected = ((14695981039346656037 ^ 0x61) * 1099511628211) % (1 << 64)
    assert word_hash("a") == expected
    assert bucket_and_check(expected) == (expected & (lexical.LEXICAL_BUCKETS - 1), expected >> 48)
    prior = _random_prior()
    # A line is the set of its known words' buckets, each once, whatever punctuation or repetition.
    bucket_of = {w: bucket_and_check(word_hash(w), prior.buckets)[0] for w in KNOWN}
    assert line_buckets("photo: photo, the photo", prior.checks) == sorted({bucket_of["photo"], bucket_of["the"]})
    assert line_buckets("— … ", prior.checks) == []
    # A word the prior does not know adds nothing, though it falls in some known word's bucket.
    stranger = next(w for w in (f"zz{k}" for k in range(10_000))
                    if prior.checks[bucket_and_check(word_hash(w), prior.buckets)[0]]
                    != bucket_and_check(word_hash(w), prior.buckets)[1])
    assert np.array_equal(prior.scores([stranger]), prior.scores([""]))
    assert np.array_equal(prior.scores([""])[0], prior.bias)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=80) | st.lists(st.sampled_from(KNOWN + ("x", "?", " ", "東")), max_size=20).map(" ".join), max_size=12))
def test_compiled_scores_are_the_reference_loops(texts):
    if lexical._compiled_scores is None:
        pytest.skip("cleaner.features._base was not built; the reference loop is what runs")
    prior = _random_prior()
    low = [t.lower() for t in texts]
    compiled = prior.scores(low)
    saved, lexical._compiled_scores = lexical._compiled_scores, None
    try:
        reference = prior.scores(low)
    finally:
        lexical._compiled_scores = saved
    assert compiled.shape == (len(texts), len(LABELS))
    assert np.array_equal(compiled, reference)


def test_columns_of_a_page():
    prior = _random_prior()
    lows = [line.lower() for line in DUMP.splitlines()]
    probabilities = prior.probabilities(lows)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    columns = prior.columns(lows)
    assert columns.shape == (len(lows), len(LEXICAL_NAMES)) and columns.dtype == np.float32
    content = probabilities[:, 0]  # LABELS[0] is content
    # The window of the line above: the first line has none, an empty window, 0.
    assert columns[0, LEXICAL_NAMES.index("lex_content_mean-1-1")] == 0.0
    assert np.isclose(columns[3, LEXICAL_NAMES.index("lex_content_mean-1-1")], content[2])
    assert np.isclose(columns[3, LEXICAL_NAMES.index("lex_content_mean+1+3")], content[4:7].mean())
    assert prior.columns([]).shape == (0, len(LEXICAL_NAMES))


def test_prior_round_trips_through_its_file(tmp_path):
    prior = _random_prior()
    save_prior(prior, tmp_path / "p.npz")
    again = load_prior(tmp_path / "p.npz")
    # _frozen already rounded the weights to float16's precision, so the file holds them exactly.
    assert np.array_equal(again.weights, prior.weights) and np.array_equal(again.bias, prior.bias)
    assert np.array_equal(again.checks, prior.checks)
    assert not again.rows.flags.writeable and again.rows.flags.c_contiguous
    buffer = io.BytesIO()
    np.savez(buffer, weights=np.zeros((1000, len(LABELS)), dtype=np.float16), bias=np.zeros(len(LABELS)),
             checks=np.zeros(1000, dtype=np.uint16))
    buffer.seek(0)
    with pytest.raises(ValueError, match="power of two"):
        load_prior(buffer)


def test_only_the_buckets_a_word_owns_have_a_row():
    checks = np.zeros(256, dtype=np.uint16)
    weights = np.zeros((256, len(LABELS)))
    checks[3], weights[3] = 7, 0.5
    checks[200], weights[200] = 9, -1.0
    weights[130] = 2.0  # a word whose hash's top 16 bits are 0: its check is 0, its weights still count
    prior = lexical._frozen(weights, np.zeros(len(LABELS)), checks)
    assert prior.rows.shape == (3, 1 + len(LABELS)) and prior.buckets == 256
    assert [prior._row_of(b) for b in (3, 130, 200, 4, 255)] == [0, 1, 2, None, None]
    assert np.array_equal(prior.checks, checks) and np.array_equal(prior.weights, weights.astype(np.float32))
    with pytest.raises(ValueError, match="multiple of 64"):
        lexical._frozen(np.zeros((100, len(LABELS))), np.zeros(len(LABELS)), np.zeros(100, dtype=np.uint16))


def test_the_shipped_prior_saves_back_to_its_own_bytes(tmp_path):
    # The compact rows hold every bucket's check and weights exactly: writing them out gives the shipped file.
    blob = (shipped_models_root() / "lexical.prior.npz").read_bytes()
    prior = load_prior(io.BytesIO(blob))
    save_prior(prior, tmp_path / "again.npz")
    assert (tmp_path / "again.npz").read_bytes() == blob
    assert prior.rows.nbytes + prior.occupied.nbytes + prior.rank.nbytes < 1_000_000


def test_shipped_lexical_model_and_its_words():
    model = load_model("lexical", schema_version("lexical"))
    sidecar = model.sidecar
    assert sidecar["feature_schema"] == schema_version("lexical") == f"{schema_version('text')}+{lexical.LEXICAL_SCHEMA_VERSION}"
    assert model.n_features == load_model("text", schema_version("text")).n_features + len(LEXICAL_NAMES)
    blob = (shipped_models_root() / "lexical.prior.npz").read_bytes()
    assert hashlib.sha256(blob).hexdigest() == sidecar["prior_sha256"]
    assert model.prior is not None and model.prior.buckets == sidecar["prior"]["buckets"]
    assert sidecar["metrics"]["held_out"]["all"]["n"] > 1000


def test_a_prior_that_is_not_the_trained_one_is_refused(tmp_path):
    for name in ("lexical.joblib", "lexical.json", "lexical.trees.npz"):
        shutil.copy(shipped_models_root() / name, tmp_path / name)
    with pytest.raises(ModelError, match="prior.npz"):
        load_model("lexical", schema_version("lexical"), tmp_path)
    save_prior(_random_prior(), tmp_path / "lexical.prior.npz")
    with pytest.raises(ModelError, match="sha256"):
        load_model("lexical", schema_version("lexical"), tmp_path)


def test_text_dumps_average_the_two_models_and_can_do_without_the_lexical_one(tmp_path):
    both = Cleaner()
    alone = Cleaner(options=Options(lexical_model=False))
    assert both.lexical_model() is not None and alone.lexical_model() is None
    seg = both.segment(DUMP, "text")
    from cleaner.features import page_features

    features, _ = page_features(seg)
    text_only = both.model("text").predict_proba(features)
    columns = both.lexical_model().prior.columns([b.text.lower() for b in seg.blocks])
    second = both.lexical_model().predict_proba(np.hstack([features, columns]))
    unsure = text_only.max(axis=1) < both.options.lexical_unsure_below
    assert unsure.any() and not unsure.all()
    got = both.text_probabilities(seg, features)
    assert np.allclose(got[unsure], ((text_only + second) / 2)[unsure])
    assert np.array_equal(got[~unsure], text_only[~unsure])  # lines the text model is sure of keep its word
    assert np.array_equal(alone.text_probabilities(seg, features), text_only)
    # A model folder from before the lexical model (text and html only) cleans text with the text model alone.
    for name in ("text.joblib", "text.json", "text.trees.npz"):
        shutil.copy(shipped_models_root() / name, tmp_path / name)
    older = Cleaner(model_dir=tmp_path)
    assert older.lexical_model() is None
    assert [line.probability for line in older.clean(DUMP, kind="text").lines] == [
        line.probability for line in alone.clean(DUMP, kind="text").lines
    ]
    # HTML pages never read the lexical model.
    html = "<html><body><article><h1>Harbour bridge reopens</h1><p>" + "The bridge carried traffic. " * 8 + "</p></article></body></html>"
    assert both.clean(html, kind="html").body == alone.clean(html, kind="html").body
