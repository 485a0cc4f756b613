# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The flag and numeric columns of cleaner.features.html.dom_features, compiled: tag, kind, landmarks, ancestor tags,
class/id cue groups of the block and of its ancestors, itemprop; link and text densities, depth, position. html.py's
_flag_columns and _numeric_columns are the reference and the fallback; these loops read the same tables and write
straight into the matrix."""
import numpy as np

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


def fill_match_columns(blocks, str headline, str title, str author, float[:, :] matrix, Py_ssize_t headline_column,
                       Py_ssize_t title_column, Py_ssize_t author_column):
    """html.py's _metadata_matches into the three columns of matrix, in one pass over the blocks: headline, title
    and author normalised as _norm does; an empty one matches nothing. A block is lower-cased only when its length
    lets it match: lower-casing never shortens a text, so a block longer than a target cannot be it."""
    cdef Py_ssize_t i, n_chars
    cdef Py_ssize_t n = len(blocks)
    cdef Py_ssize_t headline_len = len(headline)
    cdef Py_ssize_t title_len = len(title)
    cdef str first = author.split(",")[0].strip() if author else ""
    cdef Py_ssize_t mention_len = len(first) + 60 if author else -1
    cdef Py_ssize_t longest = max(headline_len, title_len, mention_len)
    cdef str text, low
    cdef float is_headline, is_title, names_author
    for i in range(n):
        is_headline = is_title = names_author = 0.0
        n_chars = longest + 1
        if longest > 0:  # a page without any of the three reads no block
            text = blocks[i].text
            n_chars = len(text)
        if n_chars <= longest:
            low = text.lower()
            if headline_len and n_chars <= headline_len and low == headline:
                is_headline = 1.0
            if title_len and n_chars <= title_len and (low == title or (len(low) >= 15 and title.startswith(low))):
                is_title = 1.0
            if n_chars <= mention_len and first in low:
                names_author = 1.0
        matrix[i, headline_column] = is_headline
        matrix[i, title_column] = is_title
        matrix[i, author_column] = names_author


# Rows of fill_per_block_inputs' output (features/html.py's _PER_BLOCK_INPUTS) and columns of _NUMERIC_COLUMNS that
# fill_numeric_columns reads and writes, by position (checked against html.py's tuples at import, below).
cdef enum:
    IN_CHARS = 0
    IN_LINK_CHARS = 1
    IN_CONTAINER_CHARS = 2
    IN_CONTAINER_LINK_CHARS = 3
    IN_DEPTH = 4
    IN_JSONLD_BODY = 5
    IN_NEAR_IMAGE = 8
    IN_HEADING_LEVEL = 9
    IN_LIST_LEVEL = 10
    IN_DATA_TABLE = 11
    IN_OWN_NO_TOKENS = 12

cdef enum:
    C_LINK_DENSITY = 0
    C_ALL_LINK = 1
    C_LOG_LINKS = 2
    C_CONTAINER_LINK_DENSITY = 3
    C_LOG_CONTAINER_CHARS = 4
    C_DEPTH_REL_MAX = 5
    C_DEPTH_REL_MEDIAN = 6
    C_LOG_SIBLINGS = 7
    C_NEAR_IMAGE = 8
    C_IN_JSONLD_BODY = 9
    C_JSONLD_FULL = 10
    C_HAS_JSONLD = 11
    C_POSITION = 12
    C_CHARS_POSITION = 13
    C_HEADING_LEVEL = 14
    C_LIST_LEVEL = 15
    C_DATA_TABLE = 16
    C_OWN_NO_TOKENS = 20


cdef float _median_of(const float[:] values):
    """np.median of a float32 vector (not empty, no NaN): the middle value, or the float32 mean of the middle two."""
    cdef Py_ssize_t n = values.shape[0]
    cdef float[::1] ordered = np.sort(np.asarray(values))
    if n % 2:
        return ordered[n // 2]
    return (ordered[n // 2 - 1] + ordered[n // 2]) / <float> 2.0


def fill_numeric_columns(const float[:, ::1] inputs, const float[:, ::1] logs, float has_jsonld, float total_chars,
                         float[:, :] matrix, Py_ssize_t first):
    """html.py's _numeric_columns into matrix[:, first + column], in float32 as numpy computes it (a Python float
    meets a float32 array as a float32), for every column but the three matches_* ones, which the caller writes.
    logs: numpy's log1p of the n_links, container_chars and n_siblings rows, so the logarithms are numpy's own;
    total_chars: numpy's sum of the chars row (a pairwise sum, which is what chars_position divides by)."""
    cdef Py_ssize_t n = inputs.shape[1]
    cdef Py_ssize_t i
    cdef float depth_max = 0.0
    cdef float depth_median, link_density, value, running = 0.0
    cdef float position_divisor = <float> (n - 1 if n > 1 else 1)
    cdef float chars_divisor = total_chars if total_chars > 1.0 else <float> 1.0
    if n == 0:
        return
    for i in range(n):
        if i == 0 or inputs[IN_DEPTH, i] > depth_max:
            depth_max = inputs[IN_DEPTH, i]
    if depth_max < 1.0:
        depth_max = 1.0
    depth_median = _median_of(inputs[IN_DEPTH])
    for i in range(n):
        link_density = inputs[IN_LINK_CHARS, i] / inputs[IN_CHARS, i]
        if not link_density <= 1.0:  # np.minimum: a NaN stays NaN
            link_density = link_density if link_density != link_density else <float> 1.0
        matrix[i, first + C_LINK_DENSITY] = link_density
        matrix[i, first + C_ALL_LINK] = 1.0 if link_density > <float> 0.9 else 0.0
        matrix[i, first + C_LOG_LINKS] = logs[0, i]
        value = inputs[IN_CONTAINER_CHARS, i]
        value = inputs[IN_CONTAINER_LINK_CHARS, i] / (value if value >= 1.0 or value != value else <float> 1.0)
        matrix[i, first + C_CONTAINER_LINK_DENSITY] = value if value <= 1.0 or value != value else <float> 1.0
        matrix[i, first + C_LOG_CONTAINER_CHARS] = logs[1, i] / <float> 10.0
        matrix[i, first + C_DEPTH_REL_MAX] = inputs[IN_DEPTH, i] / depth_max
        matrix[i, first + C_DEPTH_REL_MEDIAN] = (inputs[IN_DEPTH, i] - depth_median) / <float> 10.0
        matrix[i, first + C_LOG_SIBLINGS] = logs[2, i] / <float> 5.0
        matrix[i, first + C_NEAR_IMAGE] = inputs[IN_NEAR_IMAGE, i]
        value = inputs[IN_JSONLD_BODY, i]
        matrix[i, first + C_IN_JSONLD_BODY] = value if value >= 0.0 or value != value else <float> 0.0
        matrix[i, first + C_JSONLD_FULL] = 1.0 if value >= <float> 0.95 else 0.0
        matrix[i, first + C_HAS_JSONLD] = has_jsonld
        matrix[i, first + C_POSITION] = (<float> i) / position_divisor
        running = running + inputs[IN_CHARS, i]  # np.cumsum: one running float32 sum
        matrix[i, first + C_CHARS_POSITION] = (running - inputs[IN_CHARS, i]) / chars_divisor
        matrix[i, first + C_HEADING_LEVEL] = inputs[IN_HEADING_LEVEL, i]
        matrix[i, first + C_LIST_LEVEL] = inputs[IN_LIST_LEVEL, i]
        matrix[i, first + C_DATA_TABLE] = inputs[IN_DATA_TABLE, i]
        matrix[i, first + C_OWN_NO_TOKENS] = inputs[IN_OWN_NO_TOKENS, i]


def _check_positions():
    from cleaner.features.html import _NUMERIC_COLUMNS, _PER_BLOCK_INPUTS

    rows = {"chars": IN_CHARS, "link_chars": IN_LINK_CHARS, "container_chars": IN_CONTAINER_CHARS,
            "container_link_chars": IN_CONTAINER_LINK_CHARS, "depth": IN_DEPTH, "in_jsonld_body": IN_JSONLD_BODY,
            "near_image": IN_NEAR_IMAGE, "heading_level": IN_HEADING_LEVEL, "list_level": IN_LIST_LEVEL,
            "data_table": IN_DATA_TABLE, "own_no_tokens": IN_OWN_NO_TOKENS}
    columns = {"link_density": C_LINK_DENSITY, "all_link": C_ALL_LINK, "log_links": C_LOG_LINKS,
               "container_link_density": C_CONTAINER_LINK_DENSITY, "log_container_chars": C_LOG_CONTAINER_CHARS,
               "depth_rel_max": C_DEPTH_REL_MAX, "depth_rel_median": C_DEPTH_REL_MEDIAN,
               "log_siblings": C_LOG_SIBLINGS, "near_image": C_NEAR_IMAGE, "in_jsonld_body": C_IN_JSONLD_BODY,
               "jsonld_full": C_JSONLD_FULL, "has_jsonld": C_HAS_JSONLD, "position": C_POSITION,
               "chars_position": C_CHARS_POSITION, "heading_level": C_HEADING_LEVEL, "list_level": C_LIST_LEVEL,
               "data_table": C_DATA_TABLE, "own_no_tokens": C_OWN_NO_TOKENS}
    for name, row in rows.items():
        if _PER_BLOCK_INPUTS[row] != name:
            raise ImportError(f"features/_dom.pyx reads input row {row} as {name!r}; html.py has it elsewhere")
    for name, column in columns.items():
        if _NUMERIC_COLUMNS[column] != name:
            raise ImportError(f"features/_dom.pyx writes column {column} as {name!r}; html.py has it elsewhere")


_check_positions()
