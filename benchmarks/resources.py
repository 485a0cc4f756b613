"""Peak memory per system and the CLI's cold start, each measured in a fresh process.

Peak RSS is per process and never goes down, so every system gets its own child (`run.py --memory-probe NAME`),
and a probe with no system gives the floor (interpreter, numpy, lxml and the benchmark's own imports).
"""
from __future__ import annotations

import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

RUN_SCRIPT = Path(__file__).resolve().parent / "run.py"
NO_SYSTEM = "none"


def peak_rss_mb() -> float:
    # Not ru_maxrss first: Linux carries it over fork and exec, so every child would report its parent's peak.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def measure_memory(
    names: list[str], corpus: str, split: str, limit: int, model_dir: str | None = None, timeout: float = 300
) -> dict[str, dict]:
    """Peak RSS (MB) of a child that loads one system and runs it over `limit` HTML pages of `corpus`."""
    out: dict[str, dict] = {}
    for name in [NO_SYSTEM, *names]:
        cmd = [sys.executable, str(RUN_SCRIPT), "--memory-probe", name, "--corpus", corpus, "--split", split,
               "--limit", str(limit)]
        if model_dir:
            cmd += ["--model-dir", model_dir]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            out[name] = {"error": f"probe timed out after {timeout:.0f} s"}
            continue
        last = proc.stdout.strip().splitlines()[-1:] if proc.stdout.strip() else []
        try:
            out[name] = json.loads(last[0])
        except (IndexError, json.JSONDecodeError):
            out[name] = {"error": f"probe exited {proc.returncode}: {proc.stderr.strip()[-300:]}"}
    return out


def cold_start(page: Path, repeats: int = 3, timeout: float = 120) -> dict:
    """Wall time of `cleaner clean-file PAGE` in a new process: what a user waits for one page from the shell."""
    exe = shutil.which("cleaner")
    if exe is None:
        return {"note": "`cleaner` script not on PATH; cold start not measured"}
    times: list[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        proc = subprocess.run([exe, "clean-file", str(page)], capture_output=True, timeout=timeout)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            stderr = [ln for ln in proc.stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
            return {"note": f"`cleaner clean-file` exited {proc.returncode}: {stderr[-1][:300] if stderr else ''}"}
    return {"command": f"cleaner clean-file {page.name}", "repeats": repeats,
            "median_s": statistics.median(times), "min_s": min(times), "max_s": max(times)}
