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
