"""The compiled element tally (cleaner/rules/_container.pyx) picks the element the Python tally picks.

rules.core._article_element uses the compiled tally when it was built; these tests run both on the same contexts
and decisions, including generated chains with ties, empty blocks and numbers outside the page."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner
from cleaner.corpus import iter_pages, shared_corpora_dir
from cleaner.features import page_features
from cleaner.rules import core
from cleaner.rules.context import RuleContext
from cleaner.types import CONTENT, LABELS, NAVIGATION, Block, Decision, DomContext, Metadata

compiled = pytest.importorskip(
    "cleaner.rules._container", reason="the compiled tally was not built (no C compiler at install); Python runs"
)


def _python_answer(ctx, decisions):
    try:
        return core._article_element_python(ctx, decisions, [block.dom for block in ctx.blocks])
    except IndexError:  # pragma: no cover - the Python tally catches its own
        return None


def _context(chains, texts, probabilities, options=cleaner.Options()):
    blocks = tuple(
        Block(index=i, text=text, dom=None if chain is None else DomContext(tag="p", containers=chain, container_depth=len(chain)))
        for i, (text, chain) in enumerate(zip(texts, chains))
    )
    return RuleContext(kind="html", blocks=blocks, probabilities=probabilities, options=options, metadata=Metadata())


chain_strategy = st.one_of(st.none(), st.lists(st.integers(-2, 9), max_size=5).map(tuple))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(chain_strategy, st.sampled_from(["", "a", "ab " * 20, "word " * 3]), st.floats(0, 1), st.booleans()),
        min_size=1,
        max_size=25,
    ),
    st.sampled_from([0.2, 0.35, 0.6]),  # below one half, two elements of one depth can both qualify: a tie
)
def test_compiled_tally_picks_the_python_element_on_generated_chains(rows, min_share):
    chains = [r[0] for r in rows]
    texts = [r[1] for r in rows]
    probabilities = np.zeros((len(rows), len(LABELS)), dtype=np.float32)
    probabilities[:, LABELS.index(CONTENT)] = [r[2] for r in rows]
    decisions = [Decision(CONTENT if r[3] else NAVIGATION, r[3], "test") for r in rows]
    ctx = _context(chains, texts, probabilities, replace(cleaner.Options(), container_min_share=min_share))
    assert core._article_element(ctx, decisions) == _python_answer(ctx, decisions)


def test_compiled_tally_picks_the_python_element_on_corpus_pages():
    if not shared_corpora_dir().exists():
        pytest.skip("../shared/corpora is not beside this checkout")
    model_cleaner = cleaner.Cleaner()
    model = model_cleaner.model("html")
    checked = found = 0
    for corpus in ("l3s-gn1", "cleanportaleval", "readability", "wcxb-articles"):
        for page in iter_pages(corpus, limit=8):
            seg = model_cleaner.segment(page.html(), "html")
            features, _ = page_features(seg)
            ctx = RuleContext(
                kind="html", blocks=seg.blocks, probabilities=model.predict_proba(features),
                options=model_cleaner.options, metadata=seg.metadata,
            )
            decisions = core.model_decisions(ctx)
            answer = core._article_element(ctx, decisions)
            assert answer == _python_answer(ctx, decisions), (corpus, page.page_id)
            checked += 1
            found += answer is not None
    assert checked >= 30 and found >= checked // 2


def test_a_tie_goes_to_the_element_content_reached_first():
    # Two sibling elements at one depth, each with half the content: the first one wins, as max() picks it.
    chains = [(1, 0), (2, 0)]
    probabilities = np.tile(np.array([1.0, 0, 0, 0], dtype=np.float32), (2, 1))
    decisions = [Decision(CONTENT, True, "test")] * 2
    ctx = _context(chains, ["same length"] * 2, probabilities, replace(cleaner.Options(), container_min_share=0.4))
    assert _python_answer(ctx, decisions) == 1
    assert core._article_element(ctx, decisions) == 1
