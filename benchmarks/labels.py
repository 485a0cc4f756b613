"""Cleaner's line/block labels against gold labels: the user's seed dumps always, l3s-gn1 blocks when an aligner exists.

Only cleaner is scored here: the peers return text, not labels.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable

from cleaner.evaluation.metrics import label_scores

SEEDS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"

# The aligner the training labels come from: (texts, truth, *, block_labels, meta, dom_tokens) -> one Label or None per
# text. Scoring against the same alignment the model was trained on measures the model and rules, not the aligner.
ALIGN_MODULE = "cleaner.training.align"
ALIGN_FUNCTION = "align_labels"


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def seed_pairs(gold: list[dict], lines: Iterable[Any]) -> tuple[list[str], list[str | None]]:
    """Pair each gold line with cleaner's label for the same 1-based input line (None if cleaner emitted none)."""
    predicted = {ln.line: ln.label for ln in lines if ln.line is not None}
    truth = [row["label"] for row in gold]
    return truth, [predicted.get(row["line"]) for row in gold]


def score_seeds(clean_text: Callable[[str], Any], seeds_dir: Path = SEEDS_DIR) -> dict:
    """Per seed and pooled label scores; `clean_text` maps a dump to its CleanResult."""
    if not seeds_dir.is_dir():
        return {"note": f"no seeds at {seeds_dir}"}
    per_seed: dict[str, dict] = {}
    all_truth: list[str] = []
    all_pred: list[str | None] = []
    for labels_path in sorted(seeds_dir.glob("*.labels.jsonl")):
        text_path = labels_path.with_name(labels_path.name.removesuffix(".labels.jsonl") + ".txt")
        if not text_path.exists():
            continue
        result = clean_text(text_path.read_text(encoding="utf-8"))
        truth, pred = seed_pairs(read_jsonl(labels_path), result.lines)
        per_seed[text_path.name] = label_scores(truth, pred)
        all_truth += truth
        all_pred += pred
    if not per_seed:
        return {"note": f"no *.labels.jsonl with a matching .txt in {seeds_dir}"}
    return {"pooled": label_scores(all_truth, all_pred), "per_seed": per_seed}


def load_aligner() -> tuple[Any, str | None]:
    """The aligner function, or None and the reason it is unavailable."""
    try:
        import importlib

        module = importlib.import_module(ALIGN_MODULE)
    except ImportError as exc:
        return None, f"{ALIGN_MODULE} not importable ({exc}); block labels not scored"
    fn = getattr(module, ALIGN_FUNCTION, None)
    if fn is None:
        return None, f"{ALIGN_MODULE} has no {ALIGN_FUNCTION}(); block labels not scored"
    return fn, None


def html_dom_tokens(page: Any, lines: list[Any]) -> list[tuple[str, ...]] | None:
    """Each block's DOM cues as training aligned the HTML model's labels with them (cleaner.training.dataset
    .label_html): the page segmented again, one entry per line. Without them the aligner tells ads and captions by
    their words alone, a different gold from the one the model learnt. None when the blocks are not cleaner's lines
    one for one (a page the result does not mirror block by block)."""
    from cleaner.segment.html import segment_html
    from cleaner.training.dataset import block_dom_tokens

    blocks = segment_html(page.html()).blocks
    if len(blocks) != len(lines) or any(b.text != ln.text for b, ln in zip(blocks, lines)):
        return None
    return [block_dom_tokens(b) for b in blocks]


def score_aligned(pages: list[tuple[Any, Any]], aligner: Callable, kind: str = "text") -> dict:
    """Label scores over pages: each item is (cleaner's CleanResult, the corpus Page it came from). For HTML the
    gold is aligned with the blocks' DOM cues, as the training labels are (html_dom_tokens).

    Blocks the aligner leaves unlabelled (None: unsure) are not scored.
    """
    truth: list[str] = []
    pred: list[str | None] = []
    n_blocks = n_aligned = 0
    n_without_dom = 0
    for result, page in pages:
        lines = list(result.lines)
        dom_tokens = html_dom_tokens(page, lines) if kind == "html" else None
        if kind == "html" and dom_tokens is None:
            n_without_dom += 1
        gold = aligner(
            [ln.text for ln in lines], page.truth(), block_labels=page.labels(), meta=page.meta(), dom_tokens=dom_tokens
        )
        for ln, g in zip(lines, gold, strict=True):
            n_blocks += 1
            if g is not None:
                n_aligned += 1
                truth.append(str(g))
                pred.append(ln.label)
    scores = label_scores(truth, pred)
    scores["n_pages"] = len(pages)
    scores["aligned_share"] = n_aligned / n_blocks if n_blocks else None
    if kind == "html":
        scores["pages_aligned_without_dom"] = n_without_dom
    return scores
