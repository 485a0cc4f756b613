"""What text browsers print around a line's text: list markers and lynx's link numbers (shared by the line and
the column segmenter)."""
from __future__ import annotations

import re

# w3m "•", lynx "*"/"+"/"o"/"#" at indent, markdown-ish "-", numbered "1." / "1)".
BULLET = re.compile(r"^([•·◦▪▸►‣○●■□*+\-–—o#]|\d{1,3}[.)])\s+(?=\S)")
# "-", "o" and "#" only count as bullets when indented: "- 5 degrees" at column 0 is prose.
INDENT_ONLY_BULLETS = "-o#"
# lynx prints [12] before every link.
LINK_REF = re.compile(r"\[\d{1,5}\]")


def list_marker(stripped: str, indent: int) -> tuple[str, str]:
    """The list marker a line (or cell) starts with, and the text after it; "" and the text when it has none."""
    match = BULLET.match(stripped)
    # "-", "o" and "#" only count as bullets when indented: "- 5 degrees" at column 0 is prose.
    if match and (indent > 0 or match.group(1) not in INDENT_ONLY_BULLETS):
        return match.group(1), stripped[match.end():]
    return "", stripped


def clean_text(stripped: str) -> str:
    """The text without lynx's link numbers, whitespace runs made single spaces."""
    # " ".join(s.split()) is re.sub(r"\s+", " ", s).strip(): str.split and the regex share one whitespace test.
    return " ".join((LINK_REF.sub("", stripped) if "[" in stripped else stripped).split())
