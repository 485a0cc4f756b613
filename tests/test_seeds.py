"""The user's two example pages: every line's label, the title and the body must come out exactly right."""
from __future__ import annotations

import pytest

from conftest import EXAMPLES, read_labels

SEED_NAMES = ["000_e2365b85a3356f81", "003_2534067fcf5ef89c"]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_line_gets_its_label(name, seeds_dir, cleaner_instance):
    text = (seeds_dir / f"{name}.txt").read_text(encoding="utf-8")
    gold = read_labels(seeds_dir / f"{name}.labels.jsonl")
    result = cleaner_instance.clean(text)
    got = {ln.line: ln.label.value for ln in result.lines}
    assert set(got) == set(gold), "one Line per non-empty input line"
    wrong = {n: (got[n], gold[n]) for n in gold if got[n] != gold[n]}
    assert not wrong


@pytest.mark.parametrize("name", SEED_NAMES)
def test_title_and_body_are_the_content_lines(name, seeds_dir, cleaner_instance):
    text = (seeds_dir / f"{name}.txt").read_text(encoding="utf-8")
    gold = read_labels(seeds_dir / f"{name}.labels.jsonl")
    lines = text.splitlines()
    content = [lines[n - 1].strip() for n in sorted(gold) if gold[n] == "content"]
    result = cleaner_instance.clean(text)
    assert result.title == content[0]
    assert result.body == "\n\n".join(content[1:])


def test_clean_article_loses_only_its_teaser(seeds_dir, cleaner_instance):
    text = (seeds_dir / "003_2534067fcf5ef89c.txt").read_text(encoding="utf-8")
    result = cleaner_instance.clean(text)
    dropped = [ln.text for ln in result.lines if not ln.kept and ln.label.value != "caption"]
    assert len(dropped) == 1 and dropped[0].startswith("Also read:")


def test_seed_captions_are_kept_apart(seeds_dir, cleaner_instance):
    text = (seeds_dir / "000_e2365b85a3356f81.txt").read_text(encoding="utf-8")
    result = cleaner_instance.clean(text)
    assert "Volodymyr Zelensky and Vladimir Putin (Image: GETTY)" in result.captions
    assert "(Image: GETTY)" not in result.body
    assert "READ MORE" not in result.body and "Keep Reading" not in result.body


def test_the_shipped_example_dump_gets_every_line_right(cleaner_instance):
    # README's first command cleans this page: the output a new user sees first must be right, caption lines
    # (the lead picture's alt text beside its caption) included. The page is not in the training data.
    text = (EXAMPLES / "news_page.txt").read_text(encoding="utf-8")
    gold = read_labels(EXAMPLES / "news_page.labels.jsonl")
    got = {ln.line: ln.label.value for ln in cleaner_instance.clean(text).lines}
    assert set(got) == set(gold)
    assert {n: (got[n], gold[n]) for n in gold if got[n] != gold[n]} == {}
