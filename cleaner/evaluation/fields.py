"""Scoring: a page's title, author and publication date against a corpus's own metadata.

Pure functions, no I/O. Each field is compared after a normalisation that forgives what no reader would call a
difference (case, Unicode forms, curly against straight quotes, spacing, a leading "By"), and nothing else:

- title: exact when the `\\w+` tokens, case-folded, are the same sequence; token F1 (multisets) gives partial credit,
  so a title with the site's name appended ("… | Example News") scores below 1 but above 0;
- author: exact when the sets of name tokens are equal (order and "and"/"," between several names do not count);
  token F1 as for titles;
- date: exact when the calendar day (YYYY-MM-DD) is the same; times and time zones are not compared, since few
  corpora state them and a page often carries several.

A field is scored only on pages whose gold value is present; a system that returns nothing there scores 0.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterable, Mapping

FIELDS = ("title", "author", "date")

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)
# Words that join or introduce names rather than being part of one.
_NAME_GLUE = frozenset("by and und et y e with von par por di door".split())
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

# Where each corpus keeps the gold value of a field in its meta.json, first present key wins.
GOLD_KEYS: Mapping[str, tuple[str, ...]] = {
    "title": ("headline", "title"),
    "author": ("author", "byline"),
    "date": ("publish_date", "date"),
}


def tokens(text: str | None) -> list[str]:
    if not text:
        return []
    return _TOKEN_RE.findall(unicodedata.normalize("NFKC", text).casefold())


def name_tokens(text: str | None) -> list[str]:
    return [t for t in tokens(text) if t not in _NAME_GLUE]


def day_of(value: object) -> str | None:
    """The calendar day of a date-like value as YYYY-MM-DD, or None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    m = _ISO_DAY.search(str(value))
    return "-".join(m.groups()) if m else None


def token_f1(gold: list[str], got: list[str]) -> float:
    if not gold and not got:
        return 1.0
    if not gold or not got:
        return 0.0
    common = sum((Counter(gold) & Counter(got)).values())
    if not common:
        return 0.0
    precision, recall = common / len(got), common / len(gold)
    return 2 * precision * recall / (precision + recall)


@dataclass(frozen=True, slots=True)
class FieldMatch:
    """One field of one page: whether the system returned a value, whether it matches, and the partial credit."""

    found: bool
    exact: bool
    f1: float


def match_field(field: str, gold: object, got: object) -> FieldMatch:
    if field not in FIELDS:
        raise ValueError(f"field must be one of {FIELDS}, not {field!r}")
    found = got is not None and str(got).strip() != ""
    if field == "date":
        exact = found and day_of(gold) is not None and day_of(gold) == day_of(got)
        return FieldMatch(found, exact, 1.0 if exact else 0.0)
    if field == "author":
        g, s = name_tokens(str(gold)), name_tokens(str(got)) if found else []
        return FieldMatch(found, bool(g) and set(g) == set(s), token_f1(g, s))
    g, s = tokens(str(gold)), tokens(str(got)) if found else []
    return FieldMatch(found, bool(g) and g == s, token_f1(g, s))


def gold_value(field: str, meta: Mapping[str, object]) -> str | None:
    """The corpus's value of a field from a page's meta.json, or None when it has none (empty counts as none)."""
    for key in GOLD_KEYS[field]:
        value = meta.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        if value is not None and str(value).strip():
            if field == "date" and day_of(value) is None:
                continue
            return str(value)
    return None


def field_scores(matches: Iterable[FieldMatch]) -> dict:
    """Share of pages found and exact, and mean token F1, over the pages scored for one field."""
    matches = list(matches)
    n = len(matches)
    if not n:
        return {"n": 0, "found": None, "exact": None, "f1": None}
    return {
        "n": n,
        "found": sum(m.found for m in matches) / n,
        "exact": sum(m.exact for m in matches) / n,
        "f1": sum(m.f1 for m in matches) / n,
    }
