"""Repairing text that was UTF-8 read as Windows-1252 or Latin-1 ("donâ€™t", "CafÃ©", "Â©"): the page's own
double encoding, or a crawler's wrong guess upstream of us. Browsers show such pages as they are, so a site can
carry it for years; readers and indexes want the words.

Each run of characters that are, byte for byte, one UTF-8 sequence in those charsets is decoded back, and only when
the character it gives belongs to a script or symbol block that real text is written in: the same two characters
can be honest text too ("Fuß»" is the bytes of an NKo letter), and those blocks are where such accidents land.
A page is left alone unless at least two runs read back that way, and a cheap look for the characters that start
nearly every such run settles most pages before any regular expression runs."""
from __future__ import annotations

import re

# Windows-1252's characters for the bytes 0x80-0x9F (the five bytes it leaves undefined are read as the C1 controls
# of Latin-1, as browsers do).
_CP1252_HIGH = {chr(code): byte for byte in range(0x80, 0xA0) for code in [ord(bytes([byte]).decode("cp1252", "replace"))]
                if code != 0xFFFD}
# A UTF-8 continuation byte (0x80-0xBF) as either charset shows it.
_CONTINUATION = "\u0080-\u00bf" + "".join(sorted(_CP1252_HIGH))
_SEQUENCE = re.compile(
    f"[\u00c2-\u00df][{_CONTINUATION}]|[\u00e0-\u00ef][{_CONTINUATION}]{{2}}|[\u00f0-\u00f4][{_CONTINUATION}]{{3}}"
)
# What a run must read back to: Latin, Greek, Cyrillic, Hebrew, Arabic, Indic, Thai, CJK and Hangul letters,
# punctuation, currency and the common symbol blocks, emoji; and the C1 controls, which no honest text holds but a
# page encoded twice over does after one pass ("â€Â\x9d" -> "â€\x9d"). Left out: the blocks only accidents reach.
_PLAUSIBLE = (
    (0x0080, 0x024F), (0x0300, 0x036F), (0x0370, 0x052F), (0x0590, 0x06FF), (0x0900, 0x0DFF), (0x0E00, 0x0E7F),
    (0x1E00, 0x1FFF), (0x2000, 0x2BFF), (0x3000, 0x9FFF), (0xAC00, 0xD7AF), (0xFE00, 0xFE0F), (0xFF00, 0xFFEF),
    (0x1F000, 0x1FAFF),
)
# The first characters of the runs a text carries when it carries any: accented Latin letters (Ã), no-break spaces
# and ©/®/° (Â), quotes and dashes (â€ / â + C1), Cyrillic (Ð, Ñ) and emoji (ð). Each test is a memchr-speed scan
# (a two-character needle is not: "â" alone, then the regular expression, costs less on the pages that hold it).
_TELLTALES = ("\u00c3", "\u00c2", "\u00e2", "\u00d0", "\u00d1", "\u00f0")
MIN_RUNS = 2


def _plausible(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _PLAUSIBLE)


def _read_back(run: str) -> str | None:
    """The character the run's bytes spell in UTF-8, or None when they spell none or an unlikely one."""
    try:
        char = bytes(_CP1252_HIGH.get(c, ord(c)) for c in run).decode("utf-8")
    except (ValueError, UnicodeDecodeError):  # ValueError: a character above 0xFF, which no byte shows as
        return None
    return char if _plausible(char) else None


def _may_hold_mojibake(text: str) -> bool:
    return not text.isascii() and any(telltale in text for telltale in _TELLTALES)


def has_mojibake(text: str) -> bool:
    """At least MIN_RUNS runs in the text read back as UTF-8 (a page's title and body say it for the page)."""
    if not _may_hold_mojibake(text):
        return False
    found = 0
    for match in _SEQUENCE.finditer(text):
        if _read_back(match.group()) is not None:
            found += 1
            if found >= MIN_RUNS:
                return True
    return False


def repair_mojibake(text: str) -> str:
    """The text with every run that reads back as UTF-8 decoded back; the text itself (the same object) when none
    does. Callers decide with has_mojibake whether a page has mojibake at all: a lone run can be honest text. One
    pass: text encoded twice over ("Ã¢â‚¬â„¢") comes out encoded once, because after a first pass honest text
    ("Ð" and a no-break space) and a second layer of mojibake look alike."""
    if not _may_hold_mojibake(text):
        return text
    repaired = _SEQUENCE.sub(lambda match: _read_back(match.group()) or match.group(), text)
    return text if repaired == text else repaired
