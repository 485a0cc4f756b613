"""models/MODEL_CARD.md, written from the sidecars so its figures are always the ones training measured."""
from __future__ import annotations

from pathlib import Path

from ..types import LABELS

_CORPORA = {
    "l3s-gn1": "L3S-GN1 (Kohlschütter et al., WSDM 2010): 621 English news pages of 2008, human block labels; research use only, cite the paper.",
    "wcxb-articles": "WCXB article pages (Foley 2026), crawled 2025–2026: CC-BY-4.0, attribute WCXB.",
    "handmade": "training_data/pages: fictional pages written for this project, several languages; same licence as the project.",
    "seeds": "the user's two example pages (../shared/seeds): also used as acceptance tests, so their figures are not held-out.",
}


def _table(metrics: dict) -> list[str]:
    rows = ["| held-out set | rows | macro-F1 | " + " | ".join(f"{l.value} P / R / F1" for l in LABELS) + " |",
            "|---|---|---|" + "---|" * len(LABELS)]
    for name, rep in metrics.items():
        cells = []
        for label in LABELS:
            c = rep["per_class"][label.value]
            cells.append(f"{c['precision']:.3f} / {c['recall']:.3f} / {c['f1']:.3f}" if c["support"] or c["predicted"] else "–")
        rows.append(f"| {name} | {rep['n']} | {rep['macro_f1']:.3f} | " + " | ".join(cells) + " |")
    return rows


def write_model_card(out: Path, sidecars: dict[str, dict]) -> Path:
    lines = [
        "# cleaner block classifiers",
        "",
        "scikit-learn classifiers label every block of a page `content`, `caption`, `navigation` or `ad`:",
        "`text.joblib` for lines of text dumps, `html.joblib` for DOM blocks, and `lexical.joblib`, a second model for",
        "text dumps that reads the text features plus what a line's words say (`lexical.prior.npz`: a logistic model",
        "over hashed words, `cleaner/features/lexical.py`); a dump's label probabilities are the mean of the text and",
        "lexical models'. Each has a JSON sidecar with the label set, feature-schema version, library versions,",
        "training-data hash and the metrics below. Rebuild them with `cleaner train` (seeded; split by site: a site's",
        "pages are all in training or all held out). The lexical model learns from prior columns computed without",
        "the row's own site (five folds by site), as they will be on a new page; its held-out figures below are the",
        "lexical model's alone, not the average's.",
        "Beside each, `{kind}.trees.npz` holds the same trees as plain arrays (no pickle): cleaning loads those when",
        "the compiled tree walk is built, with probabilities identical to scikit-learn's; the sidecar has its hash.",
        "",
        "## Data",
        "",
    ]
    sources = sorted({s.split("/")[0] for sc in sidecars.values() for s in sc.get("sources", [])})
    lines += [f"- {_CORPORA.get(s, s)}" for s in sources]
    lines += [
        "",
        "Line labels of the corpora are aligned from their truth text (and L3S-GN1's block labels) by "
        "`cleaner/training/align.py`; captions and ads outside L3S-GN1 come from cues, so those two classes are the noisiest.",
        "The text model learns from the blocks the segmenter makes: a dump's lines, except in the layout tables of "
        "table-based pages, whose cells are read column by column (`cleaner/segment/columns.py`) and labelled one by one.",
        "",
    ]
    for kind, sc in sidecars.items():
        lines += [
            f"## {kind} model",
            "",
            f"- estimator: {sc.get('estimator')} (seed {sc.get('seed')}), feature schema `{sc.get('feature_schema')}`",
            f"- training rows: {sc.get('train_rows')} from {sc.get('train_pages')} page renderings; held out: {sc.get('test_rows')} rows from {sc.get('test_pages')}",
            *_renderers_line(sc),
            "- libraries: " + ", ".join(f"{k} {v}" for k, v in sc.get("libraries", {}).items()),
            f"- training data sha256: `{sc.get('training_data_sha256', '')[:16]}…`",
            "",
            "Per-line labels on held-out sites (aligned labels as truth):",
            "",
            *_table(sc["metrics"]["held_out"]),
            "",
        ]
    lines += [
        "## Known weaknesses",
        "",
        "- Truth for captions and ads is partly inferred from cues, so the caption/ad figures measure agreement with those cues.",
        "- Pages that are not articles (index pages, galleries) have no right answer here; the model tends to keep their longest text.",
        "- L3S-GN1 dates from 2008: its templates are older than today's; WCXB covers current markup.",
        "- The lexical model reads words, so it can misjudge an article whose words are those of a site's own chrome: a newspaper's blog about its apps, homepage and subscriptions (cleanportaleval's washingtonpost.com blog1 pages) reads as navigation to it. Averaging with the text model keeps such pages mostly whole; `Options(lexical_model=False)` cleans with the text model alone.",
        "- Text dumps in scripts written without spaces (Chinese, Japanese): the text features count their characters about two to a word, their function characters as stopwords and 。！？ as sentence ends, but the training data holds only four such pages (training_data 030-033), so their lines are read less surely than those of spaced scripts (readability's six CJK pages as w3m dumps: 0.94, 0.92, 0.86, 0.67, 0.19 and 0.06). Clean such pages from their HTML where you have it.",
        "",
    ]
    path = out / "MODEL_CARD.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _renderers_line(sidecar: dict) -> list[str]:
    """The renderers a text model's pages came through, read off its sources ("corpus/renderer"); none for HTML."""
    renderers = sorted({source.split("/", 1)[1] for source in sidecar.get("sources", []) if "/" in source} - {"handmade"})
    return [f"- pages rendered with: {', '.join(renderers)} (and the hand-labelled pages)"] if renderers else []
