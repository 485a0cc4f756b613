"""benchmarks/run.py end to end on a few pages: the report and results are written and the figures are sane."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = "l3s-gn1"


def _corpus_available() -> bool:
    from cleaner.corpus import resolve_corpus

    try:
        resolve_corpus(CORPUS)
    except (FileNotFoundError, ValueError):
        return False
    return True


@pytest.fixture(scope="module")
def bench_run():
    if not _corpus_available():
        pytest.skip(f"corpus {CORPUS} absent (../shared/corpora or the cache)")
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from benchmarks import run

    return run


def test_run_writes_report_and_sane_results(bench_run, tmp_path):
    # cleaner is always there; the peers come with the [bench] extra, which CI does not install.
    peers = [name for name, module in (("html-text", "html_text"), ("trafilatura", "trafilatura")) if importlib.util.find_spec(module)]
    systems = ["cleaner"] + peers
    out = tmp_path / "bench"
    results = bench_run.main(["--corpus", CORPUS, "--limit", "3", "--kind", "html", "--systems", ",".join(systems),
                              "--out", str(out), "--no-measure-memory", "--no-cold-start"])

    report_md = (out / "report.md").read_text(encoding="utf-8")
    on_disk = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert on_disk["runs"][0]["n_pages"] == results["runs"][0]["n_pages"] == 3
    assert f"## {CORPUS} — html" in report_md
    assert (out / "f1_vs_speed.png").stat().st_size > 1000

    run = on_disk["runs"][0]
    assert run["split"] == "test"  # the default for a corpus we train on
    for name in systems:
        s = run["systems"][name]
        assert f"| {name} |" in report_md
        assert 0.0 < s["precision"] <= 1.0 and 0.0 < s["recall"] <= 1.0
        assert min(s["precision"], s["recall"]) <= s["f1"] <= max(s["precision"], s["recall"])
        assert s["errors"] == 0
        assert 0.0 < s["median_ms"] <= s["p95_ms"] and s["pages_per_s"] > 0
        # The warm pass times every page again, with the system alone.
        assert s["warm_median_ms"] > 0.0 and s["warm_pages_per_s"] > 0
        assert all(p["systems"][name]["warm_ms"] > 0.0 for p in run["pages"])
        assert len(run["pages"]) == 3 and all(name in p["systems"] for p in run["pages"])
    if "html-text" in systems:
        # html-text keeps every visible word: its recall is near 1 and its precision the lowest.
        keep_all = run["systems"]["html-text"]
        assert keep_all["recall"] > 0.9
        if "trafilatura" in systems:
            assert run["systems"]["trafilatura"]["precision"] > keep_all["precision"]
    assert run["systems"]["cleaner"]["precision"] > 0.8
    assert run["systems"]["cleaner"]["warm_ratio_to_cleaner"] == 1.0


def test_text_kind_gives_peers_the_dump_as_paragraphs(bench_run):
    from benchmarks.peers import dump_as_html

    html = dump_as_html("  • Home\n\nA <b> & c\n")
    assert html == "<html><body>\n<p>• Home</p>\n<p>A &lt;b&gt; &amp; c</p>\n</body></html>"


def test_a_failing_or_hanging_system_becomes_an_error_with_empty_output(bench_run):
    import time

    from benchmarks.peers import System

    def broken(source, kind, lang):
        raise ValueError("bad\npage")

    def hanging(source, kind, lang):
        time.sleep(5)
        return "never", None

    failed = bench_run.call(System("broken", "0", "", broken), "<p>x</p>", "html", None, timeout=1)
    assert (failed.text, failed.error) == ("", "ValueError: bad page")
    started = time.perf_counter()
    stopped = bench_run.call(System("hanging", "0", "", hanging), "<p>x</p>", "html", None, timeout=0.1)
    assert stopped.error == "timeout" and stopped.text == ""
    assert time.perf_counter() - started < 1.0


def test_gate_pins_only_upward():
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from benchmarks.gate import pinned

    assert pinned(None, 0.83479) == 0.834
    assert pinned(0.850, 0.83479) == 0.850  # a worse run never lowers a floor
    assert pinned(0.800, 0.8619) == 0.861


def test_gate_skips_cleanly_without_corpora(tmp_path, monkeypatch, capsys):
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from benchmarks import gate

    monkeypatch.setenv("CLEANER_CORPORA", str(tmp_path))
    monkeypatch.chdir(tmp_path)  # a bare corpus name is also tried as a folder of the working directory
    assert gate.main([]) == 0
    assert "gate skipped" in capsys.readouterr().out


def test_metadata_benchmark_scores_cleaner_on_a_few_pages(bench_run, tmp_path):
    from benchmarks import metadata

    results = metadata.main(["--corpus", CORPUS, "--limit", "4", "--systems", "cleaner", "--out", str(tmp_path)])
    run = results["corpora"][0]
    title = run["systems"]["cleaner"]["fields"]["title"]
    assert run["n_pages"] == 4 and 0 < title["n"] <= 4
    assert 0.0 <= title["exact"] <= title["f1"] <= 1.0 and title["found"] > 0
    report_md = (tmp_path / "metadata.md").read_text(encoding="utf-8")
    assert f"## {CORPUS}" in report_md and "| cleaner | title |" in report_md
    assert json.loads((tmp_path / "metadata.json").read_text(encoding="utf-8"))["corpora"][0]["corpus"] == CORPUS


def test_confidence_benchmark_scores_pages_and_ranks_confidence(bench_run, tmp_path):
    from benchmarks import confidence

    results = confidence.main(["--corpus", CORPUS, "--limit", "6", "--kind", "html", "--out", str(tmp_path)])
    pooled = results["runs"][0]["pooled"]
    assert pooled["pages"] == 6 and 0.0 <= pooled["mean_f1"] <= 1.0
    assert [b["cutoff"] for b in pooled["bands"]] == list(confidence.CUTOFFS)
    assert "## html" in (tmp_path / "confidence.md").read_text(encoding="utf-8")


def test_confidence_auc_counts_ranks_and_ties():
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from benchmarks.confidence import auc

    assert auc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert auc([0.1], [0.9]) == 0.0
    assert auc([0.5], [0.5]) == 0.5
    assert auc([0.9, 0.3], [0.5]) == 0.5
    assert auc([], [0.5]) is None


def test_batch_memory_table_reports_growth_after_the_first_pass():
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from benchmarks.batch import markdown

    report = {"throughput": [], "memory": {
        "workers": 2, "pages": 5000, "pages_per_pass": 1530, "pages_per_s": 300.0,
        "rss_after_each_pass_mb": {"11": [52.6, 50.4, 53.0], "12": [53.9, 55.3, 55.0]},
        "rss_at_end_mb": {"11": 52.6, "12": 55.7, "13": 40.0}, "peak_rss_mb": {"11": 59.2, "12": 60.4, "13": 41.0},
    }}
    table = markdown(report)
    assert "| 11 | 52.6 | 50.4 | 53.0 | 52.6 | 0.4 | 59.2 |" in table
    assert "| 12 | 53.9 | 55.3 | 55.0 | 55.7 | 1.1 | 60.4 |" in table
    assert "| 13 | replaced |  |  | 40.0 |  | 41.0 |" in table  # a replacement worker has no first pass to compare


def test_stage_breakdown_times_every_stage_warm_and_cold(bench_run, tmp_path):
    from benchmarks import stages

    between = "html-text" if importlib.util.find_spec("html_text") else ""
    out = tmp_path / "stages.json"
    results = stages.main(["--corpus", CORPUS, "--limit", "3", "--between", between, "--out", str(out)])
    medians = json.loads(out.read_text(encoding="utf-8"))["corpora"][CORPUS]["median_ms"]
    assert results["corpora"][CORPUS]["pages"] == 3
    for mode in ("warm", "cold") if between else ("warm",):
        assert set(medians[mode]) == {*stages.STAGES, "clean()"}
        assert all(ms > 0.0 for ms in medians[mode].values())


def test_ceiling_scores_the_model_against_the_truths_own_labels(bench_run, tmp_path):
    from benchmarks import ceiling

    out = tmp_path / "ceiling.json"
    (result,) = ceiling.main(["--corpus", CORPUS, "--kind", "html", "--limit", "3", "--out", str(out)])
    assert json.loads(out.read_text(encoding="utf-8")) == [result]
    assert result["pages"] == 3 and set(result["scores"]) == set(ceiling.ROWS)
    assert all(0.0 <= s["f1"] <= 1.0 for s in result["scores"].values())
    # The labels come from the truth itself: the lines they call content must read like it.
    assert result["scores"]["labelled lines"]["f1"] > 0.8


def test_html_block_labels_are_scored_against_gold_aligned_with_dom_cues():
    """The HTML model learnt labels aligned with each block's DOM cues (an ad box's class, a picture nearby); its
    blocks are scored against the same alignment, not one made from their words alone."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    import cleaner
    from benchmarks import labels as label_bench

    html = ("<html><body><article><h1>Harbour reopens</h1><p>The harbour reopened on Monday after a week of repairs "
            "to the north wall, the port authority said.</p></article>"
            "<div class='advert-box'><p>Buy one get one free</p></div></body></html>")

    class Page:
        def html(self):
            return html

        def truth(self):
            return "Harbour reopens\n\nThe harbour reopened on Monday after a week of repairs to the north wall."

        def labels(self):
            return None

        def meta(self):
            return {}

    seen = []

    def aligner(texts, truth, *, block_labels, meta, dom_tokens=None):
        seen.append(dom_tokens)
        return ["content"] * len(texts)

    result = cleaner.clean(html, kind="html")
    scores = label_bench.score_aligned([(result, Page())], aligner, "html")
    (dom_tokens,) = seen
    assert len(dom_tokens) == len(result.lines)
    ad_line = next(i for i, line in enumerate(result.lines) if line.text == "Buy one get one free")
    assert "advert" in dom_tokens[ad_line] and "article" not in dom_tokens[ad_line]
    assert scores["pages_aligned_without_dom"] == 0
    label_bench.score_aligned([(result, Page())], aligner, "text")
    assert seen[-1] is None
