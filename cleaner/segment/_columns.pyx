# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""cleaner.segment.columns._regions, compiled.

columns.py stays the reference and the fallback; this gives the same regions and gutters. Where the Python code
keeps a line's printed columns as the bits of an int, this keeps one byte per column in a buffer, and every test
(a gutter's longest blank run, a gap against the region's earlier lines) is a loop over those bytes."""
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.unicode cimport Py_UNICODE_ISSPACE
from libc.string cimport memset

cdef extern from "Python.h":
    int PyUnicode_KIND(object)
    void *PyUnicode_DATA(object)
    Py_UCS4 PyUnicode_READ(int kind, void *data, Py_ssize_t index)

cdef enum:
    _MAX_SPANS = 256  # gaps of one line, or gutters of one region; the caller caps gaps far below this


cdef struct _Span:
    Py_ssize_t a
    Py_ssize_t b


cdef inline bint _blank(Py_UCS4 c) noexcept:
    return c == 0x20 or c == 0xA0


cdef bint _blank_run(const unsigned char *printed, Py_ssize_t a, Py_ssize_t b, Py_ssize_t min_width,
                     _Span *out) noexcept:
    """columns._blank_run_within: the longest (first on ties) run of unprinted columns in [a, b); False when there
    is none or it is narrower than min(min_width, b - a)."""
    cdef Py_ssize_t x, run_start = -1, best_a = -1, best_len = 0
    cdef bint any_printed = False
    for x in range(a, b + 1):
        if x < b and not printed[x]:
            if run_start < 0:
                run_start = x
        else:
            if x < b:
                any_printed = True
            if run_start >= 0:
                if x - run_start > best_len:
                    best_len = x - run_start
                    best_a = run_start
                run_start = -1
    if not any_printed:
        out.a = a
        out.b = b
        return True
    if best_len == 0 or best_len < (min_width if min_width < b - a else b - a):
        return False
    out.a = best_a
    out.b = best_a + best_len
    return True


cdef Py_ssize_t _merge(_Span *spans, Py_ssize_t n) noexcept:
    """columns._merge in place: sort by (a, b), overlapping spans become their common part. Returns the count."""
    cdef Py_ssize_t i, j, m = 0
    cdef _Span key
    for i in range(1, n):  # insertion sort: a handful of spans
        key = spans[i]
        j = i - 1
        while j >= 0 and (spans[j].a > key.a or (spans[j].a == key.a and spans[j].b > key.b)):
            spans[j + 1] = spans[j]
            j -= 1
        spans[j + 1] = key
    for i in range(n):
        if m and spans[i].a < spans[m - 1].b:
            if spans[i].a > spans[m - 1].a:
                spans[m - 1].a = spans[i].a
            if spans[i].b < spans[m - 1].b:
                spans[m - 1].b = spans[i].b
        else:
            spans[m] = spans[i]
            m += 1
    return m


cdef Py_ssize_t _gaps(str line, Py_ssize_t n, _Span *out, Py_ssize_t cap) noexcept:
    """columns._gaps: runs of three or more spaces (or no-break spaces) between two non-whitespace characters.
    Returns the count, or cap + 1 when there are more than cap."""
    cdef int kind = PyUnicode_KIND(line)
    cdef void *data = PyUnicode_DATA(line)
    cdef Py_ssize_t i = 0, start, count = 0
    cdef Py_UCS4 c
    while i < n:
        c = PyUnicode_READ(kind, data, i)
        if not _blank(c) or i == 0 or Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i - 1)):
            i += 1
            continue
        start = i
        while i < n and _blank(PyUnicode_READ(kind, data, i)):
            i += 1
        if i - start >= 3 and i < n and not Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)):
            if count == cap:
                return cap + 1
            out[count].a = start
            out[count].b = i
            count += 1
    return count


def regions(list lines, Py_ssize_t max_line_chars, Py_ssize_t max_gaps):
    """columns._regions(lines, options) with options.column_max_line_chars and column_max_gaps given."""
    cdef Py_ssize_t width = max_line_chars + 1
    cdef unsigned char *printed = <unsigned char *> PyMem_Malloc(width)
    cdef unsigned char *occupied = <unsigned char *> PyMem_Malloc(width)
    cdef _Span gutters[_MAX_SPANS]
    cdef _Span spans[_MAX_SPANS]
    cdef _Span gaps[_MAX_SPANS]
    cdef _Span run
    cdef Py_ssize_t n_gutters = 0, n_spans, n_gaps, k, g, x, n, used = 0
    cdef bint crosses, overlaps
    cdef int kind
    cdef void *data
    cdef str line
    cdef list out = []
    cdef list members = []
    if printed == NULL or occupied == NULL:
        PyMem_Free(printed)
        PyMem_Free(occupied)
        raise MemoryError()
    if max_gaps >= _MAX_SPANS // 2:
        max_gaps = _MAX_SPANS // 2 - 1
    memset(printed, 0, width)
    try:
        for item in lines:
            line = item[1]
            n = len(line)
            n_gaps = _gaps(line, n, gaps, max_gaps) if n <= max_line_chars else max_gaps + 1
            if n_gaps > max_gaps:
                # No layout table prints lines this long or this cut up: the line stays whole, a region of its own.
                if members:
                    out.append((members, [(gutters[k].a, gutters[k].b) for k in range(n_gutters)]))
                out.append(([item], []))
                members = []
                n_gutters = 0
                memset(printed, 0, used)
                used = 0
                continue
            kind = PyUnicode_KIND(line)
            data = PyUnicode_DATA(line)
            for x in range(n):
                occupied[x] = not _blank(PyUnicode_READ(kind, data, x))
            if used > n:  # columns beyond the line are blank
                memset(occupied + n, 0, used - n)
            crosses = False
            n_spans = 0
            for g in range(n_gutters):
                if not _blank_run(occupied, gutters[g].a, gutters[g].b, 1 if n_gaps else 2, &run):
                    crosses = True
                    break
                spans[n_spans] = run
                n_spans += 1
            if not crosses:
                for k in range(n_gaps):
                    overlaps = False
                    for g in range(n_gutters):
                        if gaps[k].a < gutters[g].b and gutters[g].a < gaps[k].b:
                            overlaps = True
                            break
                    if overlaps:
                        continue
                    if not _blank_run(printed, gaps[k].a, gaps[k].b, 2, &run):
                        crosses = True
                        break
                    spans[n_spans] = run
                    n_spans += 1
            if crosses and members:
                out.append((members, [(gutters[k].a, gutters[k].b) for k in range(n_gutters)]))
                members = []
                memset(printed, 0, used)
                used = 0
                n_spans = n_gaps
                for k in range(n_gaps):
                    spans[k] = gaps[k]
            members.append(item)
            for x in range(n):
                printed[x] |= occupied[x]
            if n > used:
                used = n
            n_gutters = _merge(spans, n_spans)
            for k in range(n_gutters):
                gutters[k] = spans[k]
        if members:
            out.append((members, [(gutters[k].a, gutters[k].b) for k in range(n_gutters)]))
    finally:
        PyMem_Free(printed)
        PyMem_Free(occupied)
    return out
