"""Dates and bylines printed on the page, for when its markup states neither (no JSON-LD, no meta tags)."""
from __future__ import annotations

import re

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    "januar": 1, "februar": 2, "märz": 3, "mai": 5, "juni": 6, "juli": 7, "oktober": 10, "dezember": 12,
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7, "août": 8, "septembre": 9,
    "octobre": 10, "novembre": 11, "décembre": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
# Every date pattern below holds a year of this century or the last: a line without one is ruled out in one scan.
_YEAR = re.compile(r"(?:19|20)\d\d")
_ISO = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")
# Chinese, Japanese and Korean: "2025年9月12日", "2025년 9월 12일".
_YEAR_MONTH_DAY_CJK = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
# A month may be glued to the word before it in a text dump ("amedpostMay 12, 2025"): then it is capitalised.
_MONTH_DAY_YEAR = re.compile(rf"(?:(?<![\w])|(?<=[a-z])(?=(?-i:[A-Z])))({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)(?!\d)", re.IGNORECASE)
_DAY_MONTH_YEAR = re.compile(rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|\.)?\s+(?:de\s+)?({_MONTH})\.?,?\s+(?:de\s+)?((?:19|20)\d\d)(?!\d)", re.IGNORECASE)
# "By" opens the line, is glued to the word before it in a dump ("dunmorepostBy Jane Doe"), or follows a word that
# makes it a credit ("Written by"); "Browse by Topic" in a menu is none of these.
_BYLINE = re.compile(
    r"(?:^\W*|(?<=[a-z])(?=B)|(?i:written|posted|story|words|reported|text|edited|reviewed|published|article)\s+)"
    r"(?i:by|von|par|por|di|door)\s*:?\s+([A-ZÀ-Ý][\w'’.-]+(?:\s+(?:[A-ZÀ-Ý][\w'’.-]+|de|van|von|da|di|le|la)){0,4})"
)
# What every match of _BYLINE holds: its word and the name's capital after it. Spelled out with character classes, not
# (?i:…), so the regex engine can skip to the first character that may start it: 0.5 µs a line where _BYLINE takes up
# to 9, most of it trying its three openings at every position. (?i:i) also matches "İ" and "ı", so they are here.
_BYLINE_WORD = re.compile(r"[BbVvPpDd](?:[Yy]|[Oo][Nn]|[Aa][Rr]|[Oo][Rr]|[Iiİı]|[Oo][Oo][Rr])\s*:?\s+[A-ZÀ-Ý]")
_BYLINE_ALONE = re.compile(r"^\W*(?i:by|von|par|por|door)\s*:?\s*$")
_NAME = re.compile(r"^[A-ZÀ-Ý][\w'’.-]+(?:\s+(?:[A-ZÀ-Ý][\w'’.-]+|de|van|von|da|di|le|la)){1,4}$")


_NAME_END = re.compile(
    rf"\s+(?i:{_MONTH})\b|(?<=[a-z])(?=(?i:{_MONTH})(?-i:\b|[A-Z0-9 ]))|\s+\d|\s+[|·•-]\s+"
    r"|(?<=[a-z])(?=(?:Published|Updated|Posted|Last|Reviewed|Edited|Fact|Follow|Share)\b)"
)


def _iso(year: int, month: int, day: int) -> str | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_date(text: str) -> str | None:
    """The first calendar date written in the text, as YYYY-MM-DD; None when there is none."""
    if _YEAR.search(text) is None:
        return None
    m = _ISO.search(text)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _YEAR_MONTH_DAY_CJK.search(text)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _MONTH_DAY_YEAR.search(text)
    if m:
        return _iso(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
    m = _DAY_MONTH_YEAR.search(text)
    if m:
        return _iso(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    return None


def find_byline(text: str) -> str | None:
    """The name after "By" (or its equivalent) in a short byline; None when the line is not one."""
    if len(text) > 120 or _BYLINE_WORD.search(text) is None:
        return None
    m = _BYLINE.search(text)
    if not m:
        return None
    # A month glued to the name ("By amedpostMay 12"), a trailing date or a glued "Published" is not part of it.
    name = _NAME_END.split(m.group(1), maxsplit=1)[0].strip(" ,.")
    return name if len(name) >= 3 else None


def may_hold_byline_or_date(text: str) -> bool:
    """False when find_byline, find_split_byline and find_date certainly find nothing in the text: fast scans for
    what each of their patterns needs rule out most lines of a page."""
    return (_YEAR.search(text) is not None or _BYLINE_WORD.search(text) is not None
            or _BYLINE_ALONE.match(text) is not None)


def may_hold_date(text: str) -> bool:
    """False when find_date(text) is certainly None: the text holds no year."""
    return _YEAR.search(text) is not None


def find_split_byline(line: str, next_line: str) -> str | None:
    """A byline a dump printed over two lines: "By" alone, then the name ("By" / "Summer Swann")."""
    if not _BYLINE_ALONE.match(line):
        return None
    name = next_line.strip()
    return name if len(name) <= 60 and _NAME.match(name) else None
