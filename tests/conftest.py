from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests explore new random inputs on every local run; CI replays a fixed set (HYPOTHESIS_PROFILE=ci), so a
# failure there is about the change under test, not the draw. A failing draw prints a blob to reproduce it.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
EXAMPLES = REPO / "examples"


def read_labels(path: Path) -> dict[int, str]:
    with path.open(encoding="utf-8") as fh:
        return {d["line"]: d["label"] for d in map(json.loads, fh) if d}


@pytest.fixture(scope="session")
def cleaner_instance():
    from cleaner import Cleaner

    return Cleaner()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    return SEEDS


@pytest.fixture(scope="session")
def corpora_dir() -> Path:
    from cleaner.corpus import shared_corpora_dir

    path = shared_corpora_dir()
    if not path.is_dir() or not any(path.glob("*.tar.xz")) and not any(p.is_dir() for p in path.iterdir()):
        pytest.skip(f"no corpora at {path} (../shared/corpora is not beside this checkout)")
    return path
