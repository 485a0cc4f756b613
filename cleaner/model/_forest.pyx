# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""Compiled walk of a packed tree ensemble: one call per page instead of one per tree.

scikit-learn evaluates a HistGradientBoosting model one tree at a time, each call a Python round trip and an
OpenMP region; on a page of a hundred blocks that overhead, not the arithmetic, is nearly all of the time."""
from libc.math cimport isnan


def accumulate(
    const double[:, ::1] X,
    const int[::1] feature,
    const double[::1] threshold,
    const unsigned char[::1] missing_left,
    const int[::1] left,
    const int[::1] right,
    const double[::1] value,
    const int[::1] roots,
    const int[::1] tree_column,
    double[:, ::1] out,
):
    """Add every tree's leaf value for every row of X into out[row, tree_column[tree]]. Child indices are
    absolute positions in the packed arrays; a node whose left child is -1 is a leaf."""
    cdef Py_ssize_t n_rows = X.shape[0]
    cdef Py_ssize_t n_trees = roots.shape[0]
    cdef Py_ssize_t row, tree
    cdef int node
    cdef double x
    with nogil:
        # Tree by tree: one tree's nodes stay in cache while every row walks it.
        for tree in range(n_trees):
            for row in range(n_rows):
                node = roots[tree]
                while left[node] >= 0:
                    x = X[row, feature[node]]
                    if isnan(x):
                        node = left[node] if missing_left[node] else right[node]
                    elif x <= threshold[node]:
                        node = left[node]
                    else:
                        node = right[node]
                out[row, tree_column[tree]] += value[node]
