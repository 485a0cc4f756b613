# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The flag columns of cleaner.features.html.dom_features, compiled: tag, kind, landmarks, ancestor tags, class/id
cue groups of the block and of its ancestors, itemprop. features/html.py's _flag_columns is the reference and the
fallback; this loop reads the same tables and writes 1.0 straight into the matrix."""
from cleaner.features.html import (
    _ANCESTOR_INDEX, _CTX_OFFSET, _INDEX, _ITEMPROP_INDEX, _KIND_COLUMN, _LANDMARK_INDEX, _OWN_OFFSET, _TAG_COLUMN,
    _groups_of,
)

cdef Py_ssize_t _TAG_CUSTOM = _INDEX["tag_custom"]
cdef Py_ssize_t _TAG_OTHER = _INDEX["tag_other"]


cdef tuple _columns_of(tuple names, dict index):
    return tuple({index[name] for name in names if name in index})


cdef tuple _cue_columns(tuple tokens, Py_ssize_t offset, dict token_groups):
    cdef set found = set()
    for token in tokens:
        groups = token_groups.get(token)
        if groups is None:
            groups = token_groups[token] = _groups_of(token)
        for group in groups:
            found.add(offset + group)
    return tuple(found)


cdef tuple _cached(dict seen, tuple names, dict index, Py_ssize_t offset, dict token_groups):
    """The columns of a tag-name tuple (through index) or of a token tuple (cue groups at offset), once per distinct
    tuple. Keyed by value: each owner block builds its own ancestor and token tuples, so equal ones are seldom the
    same object, and hashing a few interned strings costs less than working the columns out again."""
    columns = seen.get(names)
    if columns is None:
        columns = seen[names] = (
            _columns_of(names, index) if index is not None else _cue_columns(names, offset, token_groups)
        )
    return columns


cdef inline void _set_all(float[:, :] matrix, Py_ssize_t i, tuple columns):
    for column in columns:
        matrix[i, <Py_ssize_t> column] = 1.0


def fill_flag_columns(blocks, doms, float[:, :] matrix, dict token_groups=None):
    """Set matrix[i, column] = 1 for every flag column of block i. token_groups: word -> cue groups, read and
    added to (features/html.py's dom_features)."""
    cdef Py_ssize_t i
    cdef Py_ssize_t n = len(blocks)
    if token_groups is None:
        token_groups = {}
    # Many blocks share a context (the same ancestors, landmarks, tokens): each distinct one is worked out once.
    cdef dict landmarks_seen = {}
    cdef dict ancestors_seen = {}
    cdef dict own_seen = {}
    cdef dict context_seen = {}
    for i in range(n):
        block = blocks[i]
        dom = doms[i]
        tag = dom.tag
        column = _TAG_COLUMN.get(tag)
        if column is None:
            column = _TAG_CUSTOM if "-" in tag else _TAG_OTHER
        matrix[i, <Py_ssize_t> column] = 1.0
        column = _KIND_COLUMN.get(block.kind)
        if column is not None:
            matrix[i, <Py_ssize_t> column] = 1.0
        _set_all(matrix, i, _cached(landmarks_seen, dom.landmarks, _LANDMARK_INDEX, -1, token_groups))
        _set_all(matrix, i, _cached(ancestors_seen, dom.ancestors, _ANCESTOR_INDEX, -1, token_groups))
        _set_all(matrix, i, _cached(own_seen, dom.own_tokens, None, _OWN_OFFSET, token_groups))
        _set_all(matrix, i, _cached(context_seen, dom.tokens, None, _CTX_OFFSET, token_groups))
        itemprop = dom.itemprop
        if itemprop:
            for prop in itemprop.lower().split():
                column = _ITEMPROP_INDEX.get(prop)
                if column is not None:
                    matrix[i, <Py_ssize_t> column] = 1.0


def fill_per_block_inputs(blocks, doms, float[:, :] out):
    """html.py's _per_block_inputs, column by column: out[k, i] is the k-th input of block i."""
    cdef Py_ssize_t i
    cdef Py_ssize_t n = len(blocks)
    cdef Py_ssize_t chars
    cdef long level
    for i in range(n):
        block = blocks[i]
        dom = doms[i]
        chars = len(block.text)
        out[0, i] = chars if chars > 1 else 1
        out[1, i] = dom.link_chars
        out[2, i] = dom.container_chars
        out[3, i] = dom.container_link_chars
        out[4, i] = dom.depth
        out[5, i] = dom.in_jsonld_body
        out[6, i] = dom.n_links
        out[7, i] = dom.n_siblings
        out[8, i] = 1.0 if dom.near_image else 0.0
        kind = block.kind
        level = block.level
        out[9, i] = (7 - level) / 6.0 if kind == "heading" else 0.0
        out[10, i] = (level if level < 5 else 5) / 5.0 if kind == "li" else 0.0
        out[11, i] = 1.0 if dom.row >= 0 else 0.0
        out[12, i] = 0.0 if dom.own_tokens else 1.0
