"""The rule layer: named rules that turn the model's per-block guesses into the article.

Each rule takes the decisions so far and returns new ones; whenever it changes a block it says why, and that
reason is what `--explain` shows. Rules never raise on odd pages: they only ever move labels and the kept flag."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

import numpy as np

from ..features import lexicon
from ..types import LABELS, Decision, Label
from .context import RuleContext

Rule = Callable[[RuleContext, list[Decision]], list[Decision]]

_TOKEN = re.compile(r"\w+")


def _set(decisions: list[Decision], index: int, label: Label, reason: str, kept: bool | None = None) -> None:
    decisions[index] = Decision(label=label, kept=(label is Label.CONTENT) if kept is None else kept, reason=reason)


def model_decisions(ctx: RuleContext) -> list[Decision]:
    """Start from the model: the most probable label of each block."""
    decisions: list[Decision] = []
    best = ctx.probabilities.argmax(axis=1) if len(ctx.blocks) else np.zeros(0, dtype=int)
    for i in range(len(ctx.blocks)):
        label = LABELS[int(best[i])]
        p = float(ctx.probabilities[i, best[i]])
        decisions.append(Decision(label=label, kept=label is Label.CONTENT, reason=f"model: {label.value} p={p:.2f}"))
    return decisions


def inline_teaser(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """"READ MORE: …", "Also read: …" point at another story, even when they sit inside the body."""
    out = list(decisions)
    for i, block in enumerate(ctx.blocks):
        if ctx.words[i] <= 40 and lexicon.INLINE_TEASER.match(block.text) and out[i].label is not Label.NAVIGATION:
            _set(out, i, Label.NAVIGATION, "rule inline_teaser: a link to another story")
    return out


def teaser_section(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """A header such as "What's Hot" or "Keep Reading" and the list of headlines under it are navigation."""
    out = list(decisions)
    opts = ctx.options
    n = len(ctx.blocks)
    i = 0
    while i < n:
        block = ctx.blocks[i]
        if not (ctx.words[i] <= 8 and lexicon.TEASER_HEADER.match(block.text)):
            i += 1
            continue
        header = block.text
        _set(out, i, Label.NAVIGATION, f"rule teaser_section: header {header!r}")
        j = i + 1
        while j < n and j - i <= opts.teaser_max_items:
            nxt = ctx.blocks[j]
            if ctx.words[j] <= 8 and (lexicon.TEASER_HEADER.match(nxt.text) or lexicon.END_MARKER.match(nxt.text)):
                break
            # Article text ends the list: a long sentence-like paragraph the model is sure of.
            if ctx.words[j] > opts.teaser_item_max_words or (ctx.is_prose(j) and ctx.p(j, Label.CONTENT) >= 0.85):
                break
            if out[j].label is Label.CONTENT:
                _set(out, j, Label.NAVIGATION, f"rule teaser_section: listed under {header!r}")
            j += 1
        i = j
    return out


def end_of_article(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """Comment forms and the like close the article: nothing after them is body, however much it reads like prose."""
    out = list(decisions)
    content_chars = np.array([len(b.text) if d.label is Label.CONTENT else 0 for b, d in zip(ctx.blocks, out)])
    total = content_chars.sum()
    if total == 0:
        return out
    seen = np.cumsum(content_chars)
    for i, block in enumerate(ctx.blocks):
        if ctx.words[i] <= 10 and lexicon.END_MARKER.match(block.text) and seen[i] >= 0.5 * total:
            if out[i].label is Label.CONTENT:
                _set(out, i, Label.NAVIGATION, "rule end_of_article: comment/footer marker")
            for j in range(i + 1, len(ctx.blocks)):
                if out[j].label is Label.CONTENT:
                    _set(out, j, Label.NAVIGATION, f"rule end_of_article: after {block.text!r}")
            break
    return out


def article_span(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """The article is one stretch of content; stray short content blocks far from it are chrome the model missed."""
    out = list(decisions)
    opts = ctx.options
    content = [i for i, d in enumerate(out) if d.label is Label.CONTENT]
    if not content:
        return out
    spans: list[list[int]] = [[content[0]]]
    for prev, cur in zip(content, content[1:]):
        if cur - prev - 1 > opts.span_gap_lines:
            spans.append([cur])
        else:
            spans[-1].append(cur)
    if len(spans) == 1:
        return out

    def weight(span: list[int]) -> float:
        return sum(len(ctx.blocks[i].text) * ctx.p(i, Label.CONTENT) for i in span)

    best = max(spans, key=weight)
    best_weight = weight(best)
    for span in spans:
        if span is best:
            continue
        # A second stretch that carries real prose (a body split by a large figure or ad) stays.
        if weight(span) >= 0.25 * best_weight and any(ctx.is_prose(i) for i in span):
            continue
        for i in span:
            _set(out, i, Label.NAVIGATION, "rule article_span: content-like block outside the article")
    return out


def duplicate_lines(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """A body line printed twice (sticky headers, pull quotes) is kept once."""
    out = list(decisions)
    seen: set[str] = set()
    for i, d in enumerate(out):
        if d.label is not Label.CONTENT or not d.kept:
            continue
        key = " ".join(_TOKEN.findall(ctx.blocks[i].text.lower()))
        if not key:
            continue
        if key in seen and ctx.words[i] >= 1:
            out[i] = replace(d, kept=False, reason="rule duplicate_lines: repeats an earlier body line")
        seen.add(key)
    return out


def captions_near_article(ctx: RuleContext, decisions: list[Decision]) -> list[Decision]:
    """Captions of the article's pictures are kept apart; captions of teaser pictures elsewhere are not the article's."""
    out = list(decisions)
    content = [i for i, d in enumerate(out) if d.label is Label.CONTENT and d.kept]
    if not content:
        for i, d in enumerate(out):
            if d.label is Label.CAPTION:
                out[i] = replace(d, kept=False, reason=d.reason + "; no article to attach it to")
        return out
    first, last = content[0], content[-1]
    margin = 6
    for i, d in enumerate(out):
        if d.label is not Label.CAPTION:
            continue
        if first - margin <= i <= last + margin:
            out[i] = replace(d, kept=True)
        else:
            out[i] = replace(d, kept=False, reason=d.reason + "; outside the article")
    return out


PIPELINE_RULES: tuple[Rule, ...] = (
    inline_teaser,
    teaser_section,
    end_of_article,
    article_span,
    duplicate_lines,
    captions_near_article,
)


def apply_rules(ctx: RuleContext, rules: tuple[Rule, ...] = PIPELINE_RULES) -> list[Decision]:
    decisions = model_decisions(ctx)
    for rule in rules:
        decisions = rule(ctx, decisions)
    return decisions
