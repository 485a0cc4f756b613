"""The scorer against cases worked out by hand (figures in the comments)."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.evaluation.metrics import (
    LABEL_ORDER,
    PageMatch,
    corpus_scores,
    label_scores,
    match_page,
    shingles,
    tokenize,
)

SIX = "The quick brown fox jumps over"  # 6 tokens -> 3 shingles


def test_tokens_are_word_runs_and_keep_case():
    assert tokenize("Don't stop—now!  Ünïcode 42") == ["Don", "t", "stop", "now", "Ünïcode", "42"]
    assert tokenize("") == [] and tokenize(None) == []


def test_identical_text_scores_one():
    m = match_page(SIX, SIX)
    assert (m.tp, m.n_pred, m.n_truth) == (3, 3, 3)
    assert m.precision == m.recall == m.f1 == 1.0 and m.exact
    s = corpus_scores([m, match_page("a b c d e", "a b c d e")])
    assert s["precision"] == s["recall"] == s["f1"] == s["page_f1"] == s["accuracy"] == 1.0
    assert s["f1_std"] == 0.0  # every resample is perfect


def test_whitespace_and_punctuation_do_not_matter():
    assert match_page("The  quick,\nbrown fox.", "The quick brown -- fox").f1 == 1.0


def test_empty_prediction_left_out_of_precision_but_counts_zero_in_recall():
    perfect, empty = match_page(SIX, SIX), match_page(SIX, "")
    assert empty.precision is None and empty.recall == 0.0 and empty.f1 == 0.0
    s = corpus_scores([perfect, empty], n_bootstrap=0)
    # P = mean over the one page with output = 1; R = (1 + 0) / 2; F1 = 2 * 1 * 0.5 / 1.5 = 2/3.
    assert s["precision"] == 1.0
    assert s["recall"] == 0.5
    assert s["f1"] == pytest.approx(2 / 3)
    assert s["page_f1"] == 0.5  # (1 + 0) / 2
    assert s["n_empty"] == 1
    assert s["f1_std"] is None  # no bootstrap asked for


def test_prediction_without_word_characters_is_empty():
    assert match_page(SIX, " -- | • ").precision is None


def test_short_texts_make_one_shingle():
    assert shingles("Hello world") == {("Hello", "world"): 1}
    assert match_page("Hello world", "Hello world").f1 == 1.0
    assert match_page("Hello world", "hello world").tp == 0  # case-sensitive, as AEB
    # "Hello world again" is one 3-token shingle, not a superset of the 2-token one.
    assert match_page("Hello world", "Hello world again").tp == 0
    # Truth (a b c d), (b c d e) against the short shingle (a b c): nothing in common.
    m = match_page("a b c d e", "a b c")
    assert (m.tp, m.n_pred, m.n_truth) == (0, 1, 2)


def test_repeated_shingles_count_as_a_multiset():
    truth = "a b c d a b c d"  # abcd x2, bcda, cdab, dabc: 5 shingles
    assert sum(shingles(truth).values()) == 5 and shingles(truth)[("a", "b", "c", "d")] == 2
    once = match_page(truth, "a b c d")  # abcd x1 matches only one of the two
    assert (once.tp, once.precision, once.recall) == (1, 1.0, 0.2)
    thrice = match_page(truth, "a b c d a b c d a b c d")  # 9 shingles: abcd x3, bcda x2, cdab x2, dabc x2
    assert (thrice.tp, thrice.n_pred) == (5, 9)
    assert thrice.precision == pytest.approx(5 / 9) and thrice.recall == 1.0
    assert thrice.f1 == pytest.approx(5 / 7)  # 2 * 5/9 / (5/9 + 1)


def test_corpus_figures_are_means_of_page_figures_not_pooled_counts():
    # Page 1: P = 1, R = 0.2. Page 2: P = 5/9, R = 1. Pooled counts would weigh the longer page more.
    s = corpus_scores([PageMatch(1, 1, 5), PageMatch(5, 9, 5)], n_bootstrap=0)
    assert s["precision"] == pytest.approx((1 + 5 / 9) / 2)
    assert s["recall"] == pytest.approx(0.6)
    p, r = (1 + 5 / 9) / 2, 0.6
    assert s["f1"] == pytest.approx(2 * p * r / (p + r))
    assert s["page_f1"] == pytest.approx((2 * 0.2 / 1.2 + 5 / 7) / 2)


def test_both_empty_page_is_perfect_per_page_and_absent_from_corpus_means():
    both = match_page("", "")
    assert both.f1 == 1.0 and both.precision is None and both.recall is None
    s = corpus_scores([both, match_page(SIX, SIX)], n_bootstrap=0)
    assert s["precision"] == s["recall"] == 1.0


def test_all_empty_predictions_give_zero_not_an_error():
    s = corpus_scores([match_page(SIX, ""), match_page("x y", "")], n_bootstrap=50)
    assert (s["precision"], s["recall"], s["f1"], s["f1_std"]) == (0.0, 0.0, 0.0, 0.0)


def test_bootstrap_is_seeded_and_spreads_when_pages_differ():
    pages = [PageMatch(tp, 10, 10) for tp in (0, 2, 5, 7, 10)] + [PageMatch(0, 0, 10)]
    a, b = corpus_scores(pages), corpus_scores(pages)
    assert a == b
    assert 0.0 < a["f1_std"] < 0.5
    assert corpus_scores(pages, seed=1)["f1_std"] != a["f1_std"]


def test_no_pages():
    assert corpus_scores([])["f1"] is None


@given(st.text(min_size=1))
def test_any_text_matches_itself(text):
    m = match_page(text, text)
    assert m.f1 == 1.0 and m.tp == m.n_pred == m.n_truth


def test_label_metrics_on_a_tiny_confusion():
    truth = ["content", "content", "content", "navigation", "navigation", "ad"]
    pred = ["content", "content", "navigation", "navigation", "content", None]
    s = label_scores(truth, pred)
    c = s["confusion"]
    assert c["labels"] == list(LABEL_ORDER) == ["content", "caption", "navigation", "ad"]
    assert c["matrix"] == [[2, 0, 1, 0], [0, 0, 0, 0], [1, 0, 1, 0], [0, 0, 0, 0]]
    assert c["missing"] == [0, 0, 0, 1]
    pc = s["per_class"]
    assert pc["content"]["precision"] == pytest.approx(2 / 3) and pc["content"]["recall"] == pytest.approx(2 / 3)
    assert pc["navigation"]["f1"] == pytest.approx(0.5)
    assert (pc["ad"]["precision"], pc["ad"]["recall"], pc["ad"]["support"]) == (0.0, 0.0, 1)
    assert s["labels_present"] == ["content", "navigation", "ad"]  # no caption anywhere: left out of the macro
    assert s["macro_f1"] == pytest.approx((2 / 3 + 1 / 2 + 0) / 3)  # 7/18
    assert s["accuracy"] == 0.5 and s["n"] == 6


def test_label_metrics_accept_the_label_enum_and_reject_unknown_labels():
    from cleaner.types import Label

    assert label_scores([Label.CAPTION], [Label.CAPTION])["macro_f1"] == 1.0
    with pytest.raises(ValueError):
        label_scores(["content"], ["boilerplate"])
    with pytest.raises(ValueError):
        label_scores(["content", "ad"], ["content"])  # unpaired
