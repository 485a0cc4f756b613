# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The line loop of cleaner.segment.text.segment_text, compiled.

segment/text.py stays the reference and the fallback; this loop gives the same blocks. The three patterns it
uses (bullet, link reference, reference line) only run on lines whose first character can start them, and the
link references are cut by a scan instead of re.sub."""
from cpython.unicode cimport Py_UNICODE_ISDECIMAL, Py_UNICODE_ISSPACE

from cleaner.segment._walk import squash_spaces
from cleaner.segment.text import _BULLET, _REFERENCE_LINE, _REFERENCE_HEADERS
from cleaner.types import new_block

_BULLET_FIRST = frozenset("•·◦▪▸►‣○●■□*+-–—o#")


cdef str _cut_link_refs(str text):
    """_LINK_REF.sub("", text): every "[" + 1 to 5 decimal digits + "]" goes, scanning left to right."""
    cdef Py_ssize_t n = len(text)
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t start = 0
    cdef Py_ssize_t j
    cdef list parts = None
    while i < n:
        if text[i] != u'[':
            i += 1
            continue
        j = i + 1
        while j < n and j - i <= 6 and Py_UNICODE_ISDECIMAL(text[j]):
            j += 1
        if 1 <= j - i - 1 <= 5 and j < n and text[j] == u']':
            if parts is None:
                parts = []
            parts.append(text[start:i])
            start = i = j + 1
        else:
            i += 1
    if parts is None:
        return text
    parts.append(text[start:])
    return "".join(parts)


cdef inline bint _blank(str line):
    """not line.strip()"""
    cdef Py_UCS4 c
    for c in line:
        if not Py_UNICODE_ISSPACE(c):
            return False
    return True


def segment_lines(list raw_lines, Py_ssize_t max_line_chars, Py_ssize_t max_blocks, list warnings):
    """The blocks of segment_text for these lines (text.splitlines() of a page without NUL bytes)."""
    cdef list blocks = []
    cdef Py_ssize_t n = len(raw_lines)
    cdef Py_ssize_t i, indent
    cdef bint in_references = False
    cdef bint blank_before = True
    cdef bint blank_after
    cdef str raw, expanded, stripped, clean, bullet, kind, first
    cdef list blank = [_blank(line) for line in raw_lines]
    for i in range(n):
        if blank[i]:
            continue
        raw = raw_lines[i]
        if len(raw) > max_line_chars:
            raw = raw[:max_line_chars]
            message = f"lines longer than {max_line_chars} characters were cut"
            if message not in warnings:
                warnings.append(message)
            if _blank(raw):  # all of what was kept is indentation: keep the line's text instead
                raw = (<str> raw_lines[i]).lstrip()[:max_line_chars]
        if len(blocks) >= max_blocks:
            warnings.append(f"only the first {max_blocks} lines were classified; the rest count as navigation")
            break
        expanded = raw.expandtabs(8) if "\t" in raw else raw
        stripped = expanded.lstrip()
        indent = len(expanded) - len(stripped)
        bullet = ""
        first = stripped[:1]
        if first in _BULLET_FIRST or (first and Py_UNICODE_ISDECIMAL(stripped[0])):
            match = _BULLET.match(stripped)
            # "-" and "o" only count as bullets when indented: "- 5 degrees" at column 0 is prose.
            if match is not None and (indent > 0 or match.group(1) not in "-o#"):
                bullet = match.group(1)
                stripped = stripped[match.end():]
        # " ".join(….split()) without the word list: most lines are already single-spaced and come back as they are.
        clean = squash_spaces(_cut_link_refs(stripped) if "[" in stripped else stripped)
        if stripped.strip() in _REFERENCE_HEADERS:
            in_references = True
        kind = "li" if bullet else "p"
        if in_references or _reference_line(raw):
            kind = "reference"
        blank_after = i == n - 1 or blank[i + 1]
        blocks.append(
            new_block((
                len(blocks),
                clean or stripped.strip(),
                raw,
                i + 1,
                kind,
                indent // 2 if bullet else 0,
                indent,
                bullet,
                i == 0 or blank[i - 1],
                blank_after,
                None,
            ))
        )
    return blocks


cdef bint _reference_line(str raw):
    """_REFERENCE_LINE.match(raw), tried only where raw's first non-space character is a decimal digit."""
    cdef Py_UCS4 c
    for c in raw:
        if Py_UNICODE_ISSPACE(c):
            continue
        return Py_UNICODE_ISDECIMAL(c) and _REFERENCE_LINE.match(raw) is not None
    return False
