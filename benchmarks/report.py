"""Write a benchmark's results: report.md for people, results.json for tools, f1_vs_speed.png for the eye."""
from __future__ import annotations

import json
import math
import os
import platform
from pathlib import Path


def machine_info() -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "python": platform.python_version(), "platform": platform.platform()}


def _fmt(value, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


def _ms(value) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def system_table(run: dict) -> list[str]:
    rows = [
        "| system | version | P | R | F1 ± | page-F1 | median ms | p95 ms | pages/s | × cleaner ms "
        "| warm median ms | warm pages/s | × cleaner warm | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ordered = sorted(run["systems"].items(), key=lambda kv: -(kv[1]["f1"] if kv[1]["f1"] is not None else -1))
    for name, s in ordered:
        errors = str(s["errors"]) + (f" ({s['timeouts']} timeouts)" if s.get("timeouts") else "")
        ratio = f"{s['ratio_to_cleaner']:.2f}" if s.get("ratio_to_cleaner") is not None else "–"
        warm_ratio = f"{s['warm_ratio_to_cleaner']:.2f}" if s.get("warm_ratio_to_cleaner") is not None else "–"
        rows.append(
            f"| {name} | {s['version']} | {_fmt(s['precision'])} | {_fmt(s['recall'])} | "
            f"{_fmt(s['f1'])} ± {_fmt(s['f1_std'])} | {_fmt(s['page_f1'])} | {_ms(s['median_ms'])} | "
            f"{_ms(s['p95_ms'])} | {_fmt(s['pages_per_s'], 1)} | {ratio} | {_ms(s.get('warm_median_ms'))} | "
            f"{_fmt(s.get('warm_pages_per_s'), 1)} | {warm_ratio} | {errors} |"
        )
    return rows


def label_section(labels: dict) -> list[str]:
    lines = ["## Cleaner's labels", ""]
    for name, block in labels.items():
        if "note" in block:
            lines += [f"- {name}: {block['note']}", ""]
            continue
        scores = block.get("pooled", block)
        lines += [f"### {name}", "",
                  f"{scores['n']} units, accuracy {_fmt(scores['accuracy'])}, macro-F1 {_fmt(scores['macro_f1'])} "
                  f"over {', '.join(scores['labels_present'])}"
                  + (f"; {scores['aligned_share']:.0%} of cleaner's blocks aligned to gold"
                     if scores.get("aligned_share") is not None else "")
                  + ("; gold aligned with each block's DOM cues, as the HTML model's training labels are"
                     + (f" ({scores['pages_aligned_without_dom']} pages without: blocks not one per line)"
                        if scores.get("pages_aligned_without_dom") else "")
                     if "pages_aligned_without_dom" in scores else ""), "",
                  "| label | P | R | F1 | gold | predicted |", "|---|---:|---:|---:|---:|---:|"]
        for label, c in scores["per_class"].items():
            lines.append(f"| {label} | {_fmt(c['precision'])} | {_fmt(c['recall'])} | {_fmt(c['f1'])} | "
                         f"{c['support']} | {c['predicted']} |")
        conf = scores["confusion"]
        lines += ["", "Confusion (rows gold, columns predicted):", "",
                  "| gold \\ pred | " + " | ".join(conf["labels"]) + " | no label |",
                  "|---|" + "---:|" * (len(conf["labels"]) + 1)]
        for label, row, miss in zip(conf["labels"], conf["matrix"], conf["missing"]):
            lines.append(f"| {label} | " + " | ".join(str(x) for x in row) + f" | {miss} |")
        if block.get("per_seed"):
            lines.append("")
        for seed, seed_scores in block.get("per_seed", {}).items():
            lines.append(f"- {seed}: {seed_scores['n']} lines, accuracy {_fmt(seed_scores['accuracy'])}, "
                         f"macro-F1 {_fmt(seed_scores['macro_f1'])}")
        lines.append("")
    return lines


def render_markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        "# Benchmark", "",
        f"- command: `{results['command']}`",
        f"- date: {results['date']}",
        f"- machine: {m['nproc']} CPUs, {m['cpu']}, Python {m['python']}, {m['platform']}",
        "",
        "Body text scored as in ScrapingHub's article-extraction-benchmark: 4-token shingles of `\\w+` tokens "
        "(case kept), P and R are means over pages (a page with empty output is left out of P and counts 0 in R), "
        "F1 = 2PR/(P+R), ± = standard deviation of F1 over 1,000 bootstrap resamples of pages (seed 0). "
        "page-F1 is the mean of per-page F1 with empty output counting 0. Only the body is scored: cleaner's "
        "title is not added to its output (most truths here leave the headline out).",
        "",
        "Timing: all systems in one process, page by page, one untimed warm-up pass over the first pages; "
        "ms/page is wall time of the call alone (reading files and rendering text dumps are not timed); "
        "pages/s = pages / total time; × cleaner = median ms ÷ cleaner's median ms. "
        "Page by page, each call starts with the CPU caches full of the other systems' code and data, a roughly "
        "fixed cost per call that weighs most on the fastest systems; the warm columns time each system again "
        "alone over all pages, back to back (after its own untimed warm-up), as a crawler or batch job calls the "
        "one extractor it uses; with several such rounds (systems in turn, the order reversed every other round) "
        "a page's warm time is its fastest. "
        "Before every timed call the cyclic garbage collector runs, untimed, and what survives is frozen "
        "(`gc.collect(); gc.freeze()`), so each call pays for the collections its own objects bring on and none "
        "that the call before it left owing. "
        f"A call over {results['timeout_s']:.0f} s is stopped and counted as an error with empty output.",
        "",
        f"Text kind: cleaner reads the {results.get('renderer', 'w3m')} dump "
        f"(`{results.get('renderer_command', 'w3m -dump -cols 10000')}`); the peers get the same dump as one "
        "HTML-escaped `<p>` per non-empty line inside `<html><body>`.",
        "",
        "Default split per corpus (corpora we train on are scored on their held-out sites only; the others are "
        "never trained on, so all their pages count): "
        + ", ".join(f"{k} → {v}" for k, v in results["default_splits"].items()) + "; any other corpus → all.",
        "",
    ]
    if results.get("skipped"):
        lines += ["Skipped systems: " + "; ".join(f"{k} ({v})" for k, v in results["skipped"].items()), ""]
    for run in results["runs"]:
        lines += [f"## {run['corpus']} — {run['kind']} (split {run['split']}, {run['n_pages']} pages)", ""]
        lines += system_table(run)
        examples = {k: v["error_examples"] for k, v in run["systems"].items() if v.get("error_examples")}
        if examples:
            lines += ["", "Errors, first examples: " + "; ".join(
                f"{k}: {', '.join(v)}" for k, v in examples.items())]
        lines.append("")
    if results.get("labels"):
        lines += label_section(results["labels"])
    mem = results.get("memory")
    if mem:
        lines += ["## Peak memory", ""]
        if "note" in mem:
            lines += [mem["note"], ""]
        else:
            lines += [f"Peak RSS of a fresh process running one system over {mem['pages']} HTML pages of "
                      f"{mem['corpus']} (split {mem['split']}); `none` loads no system (the floor).", "",
                      "| system | peak RSS MB | over floor MB |", "|---|---:|---:|"]
            floor = mem["systems"].get("none", {}).get("peak_rss_mb")
            for name, v in mem["systems"].items():
                if "error" in v:
                    lines.append(f"| {name} | {v['error']} | |")
                else:
                    over = f"{v['peak_rss_mb'] - floor:.0f}" if floor is not None and name != "none" else ""
                    lines.append(f"| {name} | {v['peak_rss_mb']:.0f} | {over} |")
            lines.append("")
    cold = results.get("cold_start")
    if cold:
        lines += ["## CLI cold start", ""]
        lines += [cold["note"] if "note" in cold else
                  f"`{cold['command']}`: median {cold['median_s']:.2f} s over {cold['repeats']} runs "
                  f"(min {cold['min_s']:.2f}, max {cold['max_s']:.2f})", ""]
    if results.get("notes"):
        lines += ["## Notes", ""] + [f"- {n}" for n in results["notes"]] + [""]
    return "\n".join(lines)


def plot_f1_vs_speed(results: dict, path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    runs = [r for r in results["runs"] if r["systems"]]
    if not runs:
        return False
    from matplotlib.ticker import FuncFormatter, NullFormatter

    # One colour per system across all panels, so a system is easy to follow from corpus to corpus.
    names = sorted({name for run in runs for name in run["systems"]})
    colours = {name: plt.get_cmap("tab10")(i % 10) for i, name in enumerate(names)}
    ncols = min(2, len(runs))
    nrows = math.ceil(len(runs) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(6.5 * ncols, 4.5 * nrows), squeeze=False)
    for ax, run in zip(axes.flat, runs):
        for name, s in run["systems"].items():
            if s["f1"] is None or not s["median_ms"]:
                continue
            marker = "*" if name == "cleaner" else "o"
            ax.scatter(s["median_ms"], s["f1"], marker=marker, s=120 if name == "cleaner" else 40, color=colours[name])
            ax.annotate(name, (s["median_ms"], s["f1"]), textcoords="offset points", xytext=(4, 4), fontsize=8)
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g}"))
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("median ms / page (log)")
        ax.set_ylabel("F1 (shingles)")
        ax.set_title(f"{run['corpus']} — {run['kind']} ({run['n_pages']} pages)")
        ax.grid(True, which="both", alpha=0.3)
    for ax in list(axes.flat)[len(runs):]:
        ax.set_visible(False)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def write_all(results: dict, out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {"report": out / "report.md", "results": out / "results.json", "plot": out / "f1_vs_speed.png"}
    paths["report"].write_text(render_markdown(results), encoding="utf-8")
    paths["results"].write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    if not plot_f1_vs_speed(results, paths["plot"]):
        paths.pop("plot")
    return paths
