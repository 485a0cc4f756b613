# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The element tally of cleaner.rules.core._article_element, compiled.

Each block adds its characters (and, for content, its characters times the model's confidence) to every element
of its container chain: a few thousand list updates a page, which cost about a tenth of the rule layer's time as
Python bytecode. core._article_element_python is the reference and the fallback; this loop does the same double
arithmetic in the same order, so it picks the same element."""
from libc.stdlib cimport calloc, free


def article_element(list doms, list sizes, list is_content, const double[:] p_content, double min_share, double min_density):
    """The deepest element holding at least min_share of the page's content mass, with content at least
    min_density of its characters; the first such element content reached wins a tie; None when there is none.
    IndexError when a chain names a number outside the page's (a hand-made context): the caller then takes the
    Python tally, whose list indexing decides what that means."""
    cdef Py_ssize_t n = len(doms)
    cdef Py_ssize_t i, k, n_chain
    cdef long top = -1
    cdef long number
    cdef long depth
    cdef double mass, total = 0.0
    cdef long size
    cdef tuple chain
    for i in range(n):
        dom = doms[i]
        if dom is None:
            continue
        chain = dom.containers
        if chain and <long> chain[0] > top:
            top = <long> chain[0]
    if top < 0:
        return None
    cdef Py_ssize_t width = top + 1
    cdef double *kept_mass = <double *> calloc(width, sizeof(double))
    cdef long *all_chars = <long *> calloc(width, sizeof(long))
    cdef long *kept_chars = <long *> calloc(width, sizeof(long))
    cdef long *depth_of = <long *> calloc(width, sizeof(long))
    cdef long *with_content = <long *> calloc(width, sizeof(long))
    cdef char *listed = <char *> calloc(width, sizeof(char))
    cdef Py_ssize_t n_with = 0
    cdef long best = -1
    cdef long best_depth = 0
    if kept_mass == NULL or all_chars == NULL or kept_chars == NULL or depth_of == NULL or with_content == NULL or listed == NULL:
        free(kept_mass); free(all_chars); free(kept_chars); free(depth_of); free(with_content); free(listed)
        raise MemoryError()
    try:
        for i in range(n):
            dom = doms[i]
            if dom is None:
                continue
            chain = dom.containers
            n_chain = len(chain)
            if n_chain == 0:
                continue
            size = <long> sizes[i]
            depth = <long> dom.container_depth
            if is_content[i]:
                mass = size * p_content[i]
                total += mass
                for k in range(n_chain):
                    number = <long> chain[k]
                    if number < 0 or number >= width:
                        raise IndexError(number)
                    if not listed[number]:  # the Python tally lists it again after an empty block; max() ignores that
                        listed[number] = 1
                        with_content[n_with] = number
                        n_with += 1
                    all_chars[number] += size
                    kept_mass[number] += mass
                    kept_chars[number] += size
                    depth_of[number] = depth
                    depth -= 1
            else:
                for k in range(n_chain):
                    number = <long> chain[k]
                    if number < 0 or number >= width:
                        raise IndexError(number)
                    all_chars[number] += size
                    depth_of[number] = depth
                    depth -= 1
        if total == 0:
            return None
        for k in range(n_with):
            number = with_content[k]
            if kept_mass[number] >= min_share * total and kept_chars[number] >= min_density * all_chars[number]:
                if best < 0 or depth_of[number] > best_depth:
                    best = number
                    best_depth = depth_of[number]
        return best if best >= 0 else None
    finally:
        free(kept_mass); free(all_chars); free(kept_chars); free(depth_of); free(with_content); free(listed)
