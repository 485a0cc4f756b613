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


cdef struct Node32:
    float threshold  # the largest float32 not above the float64 threshold: x <= t exactly when x <= this
    int feature
    int nan_right  # 1 when a missing value goes right
    int child[2]  # [left, right]; a leaf points at itself both ways


cdef enum:
    _LANES = 8  # rows walked side by side
    _BLOCK_ROWS = 32  # rows that every tree walks before the next rows come in (a multiple of _LANES)


def accumulate_f32(
    const float[:, ::1] X,
    const unsigned char[::1] nodes_bytes,
    const int[::1] roots,
    const int[::1] depth,
    const double[::1] value,
    const int[::1] tree_column,
    double[:, ::1] out,
):
    """accumulate() for float32 features, without a branch per node: eight rows go down a tree together, each
    step picking the child by index, so the processor need not guess which way a row turns (the walk above loses
    most of its time to wrong guesses). Leaves point at themselves, so a row that reached one stays put while the
    others go on; every few levels the walk stops early once all eight rest on leaves. Same leaves as
    accumulate(): a float32 x is <= a float64 t exactly when it is <= the largest float32 not above t, and NaN
    never compares greater, so the NaN flag alone sends it right."""
    cdef const Node32 *nodes = <const Node32 *> &nodes_bytes[0]
    cdef Py_ssize_t n_rows = X.shape[0]
    cdef Py_ssize_t n_cols = X.shape[1]
    cdef Py_ssize_t n_trees = roots.shape[0]
    cdef Py_ssize_t row, tree, lane_row, block, block_end
    cdef int level, levels, lane, moving, column
    cdef int at[_LANES]
    cdef float x
    cdef const Node32 *node
    cdef const float *data
    if n_rows == 0 or n_trees == 0:
        return
    data = &X[0, 0]
    with nogil:
        # Rows in blocks that stay in the first-level cache while every tree walks them: a page's whole feature
        # matrix does not fit there, and a walk reads it at random.
        block = 0
        while block < n_rows:
            block_end = block + _BLOCK_ROWS if block + _BLOCK_ROWS < n_rows else n_rows
            for tree in range(n_trees):
                levels = depth[tree]
                column = tree_column[tree]
                row = block
                while row < block_end:
                    for lane in range(_LANES):
                        at[lane] = roots[tree]
                    level = 0
                    while level < levels:
                        for lane in range(_LANES):
                            lane_row = row + lane if row + lane < block_end else row  # spare lanes repeat a real row
                            node = &nodes[at[lane]]
                            x = data[lane_row * n_cols + node.feature]
                            at[lane] = node.child[(x > node.threshold) | ((x != x) & node.nan_right)]
                        level += 1
                        if level >= 4 and (level & 1) == 0:
                            moving = 0
                            for lane in range(_LANES):
                                moving |= nodes[at[lane]].child[0] != at[lane]
                            if not moving:
                                break
                    for lane in range(_LANES):
                        if row + lane < block_end:
                            out[row + lane, column] += value[at[lane]]
                    row += _LANES
            block = block_end
