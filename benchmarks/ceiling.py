"""How much of the body F1 gap is the model's: the same rules and assembly, fed the truth's labels.

    python benchmarks/ceiling.py [--corpus wcxb-articles ...] [--kind text|html] [--renderer w3m] [--limit N]
                                 [--out ceiling.json]

For every page, the truth is aligned to the page's lines (text dumps) or blocks (HTML) the way training labels are
made (cleaner.training.align), and four bodies are scored with the benchmark's metric:

- model: cleaner as shipped;
- labels + rules: the model's probabilities replaced by the aligned labels (one-hot), then the rule layer and the
  assembly as usual;
- labels, no rules: the aligned labels taken as they are, then the assembly;
- labelled lines: the lines or blocks labelled content, joined, with no assembly at all.

The distance from "model" to "labels + rules" is what a better classifier could win with today's rules; the
distance from "labels, no rules" to "labels + rules" is what the rules cost when the labels are right. Lines the
alignment cannot label keep the model's probabilities; a page it cannot label at all keeps the model's body in every
row (counted in the output).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from benchmarks.run import DEFAULT_SPLITS, page_input
from cleaner import Cleaner
from cleaner.corpus import iter_pages, resolve_corpus
from cleaner.evaluation.metrics import PageMatch, corpus_scores, match_page
from cleaner.features import page_features
from cleaner.rules.assemble import assemble
from cleaner.rules.context import RuleContext
from cleaner.rules.core import apply_rules, model_decisions
from cleaner.training.dataset import label_dump, label_html
from cleaner.types import LABELS, Label

ROWS = ("model", "labels + rules", "labels, no rules", "labelled lines")


def page_bodies(cleaner: Cleaner, page, truth: str, kind: str, renderer: str) -> dict[str, str] | None:
    """The four bodies of one page (ROWS order), or None when the alignment labelled none of its lines."""
    source = page_input(page, kind, renderer)
    example, _ = label_html(page, truth) if kind == "html" else label_dump(page, renderer, truth)
    if example is None:
        return None
    seg = cleaner.segment(source, kind)
    labels = dict(example.labels)
    features, _ = page_features(seg)
    probabilities = cleaner.model(kind).predict_proba(features)
    for i, label in labels.items():
        probabilities[i] = 0.0
        probabilities[i, LABELS.index(Label(label))] = 1.0

    def context() -> RuleContext:
        return RuleContext.of_page(seg, probabilities, cleaner.options)

    def body(article) -> str:
        return "\n\n".join(paragraph.text for paragraph in article.paragraphs)

    ruled, unruled = context(), context()
    return {
        "model": cleaner.clean(source, kind=kind).body or "",
        "labels + rules": body(assemble(ruled, apply_rules(ruled))),
        "labels, no rules": body(assemble(unruled, model_decisions(unruled))),
        "labelled lines": "\n".join(seg.blocks[i].text for i in sorted(labels) if labels[i] == Label.CONTENT.value),
    }


def corpus_ceiling(cleaner: Cleaner, corpus: str, kind: str, renderer: str, limit: int | None) -> dict:
    root = resolve_corpus(corpus)
    split = DEFAULT_SPLITS.get(root.name, "all")
    matches: dict[str, list[PageMatch]] = {row: [] for row in ROWS}
    unlabelled = 0
    pages = iter_pages(root, split=split, limit=limit)
    for page in pages:
        truth = page.truth()
        bodies = page_bodies(cleaner, page, truth, kind, renderer)
        if bodies is None:
            unlabelled += 1
            shipped = cleaner.clean(page_input(page, kind, renderer), kind=kind).body or ""
            bodies = dict.fromkeys(ROWS, shipped)
        for row in ROWS:
            matches[row].append(match_page(truth, bodies[row]))
    scores = {row: corpus_scores(found, n_bootstrap=0) for row, found in matches.items()}
    return {
        "corpus": root.name, "kind": kind, "split": split, "pages": len(pages), "unlabelled_pages": unlabelled,
        "scores": {row: {k: round(float(s[k]), 4) for k in ("f1", "precision", "recall")} for row, s in scores.items()},
    }


def main(argv: list[str] | None = None) -> list[dict]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", action="append", help="corpus name or folder (repeatable; default: every corpus)")
    ap.add_argument("--kind", choices=("text", "html"), default="text")
    ap.add_argument("--renderer", default="w3m", help="text dumps: which renderer's dump (default w3m)")
    ap.add_argument("--limit", type=int, default=None, help="evenly spread sample of N pages per corpus")
    ap.add_argument("--out", type=Path, default=None, help="also write the results as JSON here")
    args = ap.parse_args(argv)
    cleaner = Cleaner()
    results = []
    print(f"{'corpus':18s} {'pages':>5s} " + " ".join(f"{row:>17s}" for row in ROWS))
    for corpus in args.corpus or list(DEFAULT_SPLITS):
        result = corpus_ceiling(cleaner, corpus, args.kind, args.renderer, args.limit)
        results.append(result)
        cells = " ".join(f"{result['scores'][row]['f1']:17.4f}" for row in ROWS)
        print(f"{result['corpus']:18s} {result['pages']:5d} {cells}   ({result['unlabelled_pages']} unlabelled)")
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
