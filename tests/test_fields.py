"""The metadata scorer: what counts as the same title, author and date."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from cleaner.evaluation.fields import day_of, field_scores, gold_value, match_field


def test_titles_match_up_to_case_quotes_and_spacing():
    m = match_field("title", "Apple’s  Vision Pro: hands-on", "apple's vision pro — hands on")
    assert m.exact and m.f1 == 1.0
    partial = match_field("title", "Kerry endorses Obama", "Kerry endorses Obama | Berkshire Eagle")
    assert not partial.exact and 0.5 < partial.f1 < 1.0


def test_authors_match_as_sets_of_name_tokens():
    assert match_field("author", "Anna Berg and Ben Kurz", "Ben Kurz, Anna Berg").exact
    assert match_field("author", "By Jane Doe", "Jane Doe").exact
    assert not match_field("author", "Jane Doe", "John Doe").exact


@pytest.mark.parametrize("value, day", [
    ("2024-05-01T23:30:00-07:00", "2024-05-01"),
    (datetime(2024, 5, 1, 8), "2024-05-01"),
    (date(2024, 5, 1), "2024-05-01"),
    ("May 1, 2024", None),
    (None, None),
])
def test_day_of(value, day):
    assert day_of(value) == day


def test_dates_match_on_the_calendar_day():
    assert match_field("date", "2024-05-01", "2024-05-01T08:00:00+00:00").exact
    assert not match_field("date", "2024-05-01", "2024-05-02").exact


def test_missing_value_is_found_false_and_scores_zero():
    m = match_field("title", "A headline", None)
    assert (m.found, m.exact, m.f1) == (False, False, 0.0)


def test_gold_value_reads_each_corpus_key_and_skips_empty_ones():
    assert gold_value("title", {"headline": "H", "title": "T"}) == "H"
    assert gold_value("author", {"author": "", "byline": "By X"}) == "By X"
    assert gold_value("date", {"publish_date": "not a date"}) is None
    assert gold_value("date", {"publish_date": "2025-09-04"}) == "2025-09-04"


def test_field_scores_are_shares_over_scored_pages():
    matches = [match_field("date", "2024-01-01", "2024-01-01"), match_field("date", "2024-01-01", None)]
    assert field_scores(matches) == {"n": 2, "found": 0.5, "exact": 0.5, "f1": 0.5}
    assert field_scores([])["n"] == 0
