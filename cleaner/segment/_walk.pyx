# cython: language_level=3, boundscheck=False, initializedcheck=False
"""The HTML walk of cleaner.segment.html, compiled, over lexbor's nodes by pointer.

The Python walk spends most of its time creating a selectolax wrapper object for every node it steps to and asking
it for its tag, text and attributes. This module reads the same lexbor structures directly: node links and text
through the struct layout that selectolax itself declares (lexbor.pxd, copied below, checked against selectolax's
own answers before first use), names and attributes through lexbor's exported functions, looked up by address in
the already-loaded selectolax module. Its output is the Python walk's, record for record; segment/html.py holds the
logic's documentation and stays the reference (and the fallback when this module is absent or fails its check).
"""
from cpython.unicode cimport PyUnicode_DecodeASCII, PyUnicode_DecodeUTF8
from libc.stdint cimport uintptr_t
from libc.stdlib cimport malloc, realloc, free
from libc.string cimport memcmp, memset

from cpython.object cimport PyObject, PyTypeObject
from cpython.ref cimport Py_DECREF, Py_INCREF
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM
from cpython.unicode cimport (
    Py_UNICODE_ISALNUM, Py_UNICODE_ISSPACE, PyUnicode_4BYTE_KIND, PyUnicode_DATA, PyUnicode_FromKindAndData, PyUnicode_KIND,
    PyUnicode_READ,
)

cdef extern from "Python.h":
    void PyObject_GC_UnTrack(void *op)
    int PyList_SetSlice(PyObject *list, Py_ssize_t low, Py_ssize_t high, PyObject *itemlist) except -1

from cleaner.segment.html import (
    BLOCK_TAGS, HEADING_LEVELS, LANDMARK_TAGS, LAYOUT_CELL_CHARS, LIST_TAGS, MAX_ANCESTORS, MAX_TOKENS, MEDIA_TAGS,
    OWN_KINDS, ROLE_LANDMARKS, SKIP_TAGS, SOFT_BREAK, TOKEN_ATTRS, WRAPPER_KINDS, CONTAINER_LEVELS, _SCOPE_TAGS,
    _Owner, _Run, _Scope, _Walk, _is_hidden, _pre_text,
)
from cleaner.metadata import _AUTHOR_NAME_CLASS_BYTES
from cleaner.features._base import words_of  # re.findall(r"\w+", ...) in C
from cleaner.types import new_block, new_dom_context

# The tag tables above, typed: a membership test on a typed frozenset (or a get on a typed dict) is one C call, where
# the untyped module global costs a global look-up and a generic dispatch on every element.
cdef frozenset _BLOCK_TAGS = BLOCK_TAGS
cdef frozenset _LANDMARK_TAGS = LANDMARK_TAGS
cdef frozenset _LIST_TAGS = LIST_TAGS
cdef frozenset _MEDIA_TAGS = MEDIA_TAGS
cdef frozenset _OWN_KINDS = OWN_KINDS
cdef frozenset _SCOPE_TAG_SET = _SCOPE_TAGS
cdef frozenset _SKIP_TAGS = SKIP_TAGS
cdef frozenset _WRAPPER_KINDS = WRAPPER_KINDS
cdef dict _HEADING_LEVELS = HEADING_LEVELS
cdef dict _ROLE_LANDMARKS = ROLE_LANDMARKS
cdef tuple _TOKEN_ATTRS = TOKEN_ATTRS
cdef object _ZERO = 0  # CPython's one 0: every int operation that gives 0 gives this object

# lexbor's structures, as selectolax 1.x's lexbor.pxd declares them.
cdef struct lexbor_str_t:
    unsigned char *data
    size_t length

cdef struct lxb_dom_node_t:
    void *events
    uintptr_t local_name
    uintptr_t prefix
    uintptr_t ns
    void *owner_document
    lxb_dom_node_t *next
    lxb_dom_node_t *prev
    lxb_dom_node_t *parent
    lxb_dom_node_t *first_child
    lxb_dom_node_t *last_child
    void *user
    int type

cdef struct lxb_dom_character_data_t:
    lxb_dom_node_t node
    lexbor_str_t data

cdef struct lxb_dom_attr_t:
    lxb_dom_node_t node
    uintptr_t upper_name
    uintptr_t qualified_name
    lexbor_str_t *value
    void *owner
    lxb_dom_attr_t *next
    lxb_dom_attr_t *prev

ctypedef const unsigned char *(*name_f)(void *, size_t *)
ctypedef lxb_dom_attr_t *(*first_attr_f)(void *)

cdef enum:
    ELEMENT_NODE = 1
    TEXT_NODE = 3

# PARENT, N_CHILDREN, HAS_MEDIA, CHARS, LINK_CHARS, PREV, NEXT, LAST_CHILD, TAG, NUMBER in segment/html.py
cdef enum:
    PARENT = 0
    N_CHILDREN = 1
    HAS_MEDIA = 2
    CHARS = 3
    LINK_CHARS = 4
    PREV = 5
    NEXT = 6
    LAST_CHILD = 7
    TAG = 8
    NUMBER = 9

# Field positions of segment/html.py's _Scope and _Owner NamedTuples (checked at import, at the end of this file).
# Reading a NamedTuple field by name is an attribute lookup; (<tuple> scope)[S_PRE] is a direct slot read.
cdef enum:
    S_TOKENS = 0
    S_LANDMARKS = 1
    S_LIST_LEVEL = 2
    S_ROW = 3
    S_TABLE = 4
    S_WRAPPER = 5
    S_WRAPPER_LEVEL = 6
    S_LINK = 7
    S_PRE = 8

cdef enum:
    O_RECORD = 0
    O_TAG = 1
    O_KIND = 2
    O_LEVEL = 3
    O_ANCESTORS = 4
    O_TOKENS = 5
    O_OWN_TOKENS = 6
    O_ITEMPROP = 7
    O_DEPTH = 8
    O_ROW = 9
    O_TABLE = 10
    O_LANDMARKS = 11
    O_PRE = 12


cdef class _Lexbor:
    """lexbor's exported functions this walk calls, by address."""

    cdef name_f element_name
    cdef first_attr_f first_attribute
    cdef name_f attr_name
    cdef name_f attr_value

    def __init__(self, size_t element_name, size_t first_attribute, size_t attr_name, size_t attr_value):
        if not (element_name and first_attribute and attr_name and attr_value):
            raise ImportError("a lexbor function was not found")
        self.element_name = <name_f> element_name
        self.first_attribute = <first_attr_f> first_attribute
        self.attr_name = <name_f> attr_name
        self.attr_value = <name_f> attr_value


cdef inline bint _ascii_space_only(lxb_dom_character_data_t *chars) noexcept:
    """The text is not empty and every byte is one of the ASCII characters str.isspace() accepts."""
    cdef const unsigned char *data = chars.data.data
    cdef size_t i
    cdef unsigned char c
    if data == NULL or chars.data.length == 0:
        return False
    for i in range(chars.data.length):
        c = data[i]
        if not (c == 32 or 9 <= c <= 13 or 28 <= c <= 31):
            return False
    return True


cdef inline str _text_of(lxb_dom_node_t *node):
    cdef lxb_dom_character_data_t *chars = <lxb_dom_character_data_t *> node
    if chars.data.data == NULL:
        return None
    return PyUnicode_DecodeUTF8(<char *> chars.data.data, chars.data.length, "replace")


cdef str _tag_of(_Lexbor lib, lxb_dom_node_t *node, dict names):
    """The element's name as selectolax's `.tag` gives it, cached per (name, namespace, prefix) ids for the page.
    Without a prefix (every HTML element) the key is one int, not a tuple of three, which cost an allocation of
    the tuple and its ints on every element."""
    cdef size_t length = 0
    cdef const unsigned char *raw
    if node.prefix == 0 and node.ns < 8 and node.local_name < (<uintptr_t> 1 << 56):
        key = <Py_ssize_t> (node.local_name * 8 + node.ns)
    else:
        key = (node.local_name, node.ns, node.prefix)  # a tuple never equals an int: the two kinds of key stay apart
    found = names.get(key)
    if found is None:
        raw = lib.element_name(<void *> node, &length)
        found = PyUnicode_DecodeUTF8(<char *> raw, length, "replace") if raw != NULL else ""
        names[key] = found
    return <str> found


# What the walk asks of an element's tag, worked out once per tag name of a page (_tag_and_flags).
cdef enum:
    T_MEDIA = 1
    T_SKIP = 2
    T_BR = 4
    T_LANDMARK = 8
    T_SCOPE = 16
    T_OWNER = 32  # a block tag, or a custom element ("-" in its name)
    T_A = 64
    T_LIST = 128
    T_TABLE = 256
    T_TR = 512
    T_PRE = 1024
    T_WRAPPER = 2048
    T_LI = 4096
    T_NAMED_KIND = 8192  # a heading or one of the kinds named after their tag (_kind_of)
    T_CAPTION_OR_TH = 16384


cdef int _tag_flags(str tag):
    return (
        (T_MEDIA if tag in _MEDIA_TAGS else 0)
        | (T_SKIP if tag in _SKIP_TAGS else 0)
        | (T_BR if tag == "br" else 0)
        | (T_LANDMARK if tag in _LANDMARK_TAGS else 0)
        | (T_SCOPE if tag in _SCOPE_TAG_SET else 0)
        | (T_OWNER if tag in _BLOCK_TAGS or "-" in tag else 0)
        | (T_A if tag == "a" else 0)
        | (T_LIST if tag in _LIST_TAGS else 0)
        | (T_TABLE if tag == "table" else 0)
        | (T_TR if tag == "tr" else 0)
        | (T_PRE if tag == "pre" else 0)
        | (T_WRAPPER if tag in _WRAPPER_KINDS else 0)
        | (T_LI if tag == "li" else 0)
        | (T_NAMED_KIND if tag in _HEADING_LEVELS or tag in _OWN_KINDS else 0)
        | (T_CAPTION_OR_TH if tag == "caption" or tag == "th" else 0)
    )


cdef enum:
    # Slots for the names lexbor numbers itself (every HTML tag it knows is below 256), eight namespaces each.
    TAG_SLOTS = 256 * 8


cdef str _tag_and_flags(_Lexbor lib, lxb_dom_node_t *node, dict names, dict flags_of_tag, PyObject **slots,
                        int *slot_flags, int *flags):
    """_tag_of and _tag_flags of its answer (cached per tag in flags_of_tag): one look-up an element instead of a
    set look-up for every question the walk asks of its tag. A tag lexbor knows is found in slots by its ids, an
    array index instead of a dictionary look-up with an int made for the key; names holds the references."""
    cdef Py_ssize_t slot = -1
    if node.prefix == 0 and node.ns < 8 and node.local_name < 256:
        slot = <Py_ssize_t> (node.local_name * 8 + node.ns)
        if slots[slot] != NULL:
            flags[0] = slot_flags[slot]
            return <str> slots[slot]
    tag = _tag_of(lib, node, names)
    found = flags_of_tag.get(tag)
    if found is None:
        found = flags_of_tag[tag] = _tag_flags(tag)
    flags[0] = <int> found
    if slot >= 0:
        slots[slot] = <PyObject *> tag
        slot_flags[slot] = flags[0]
    return tag


cdef dict _attributes_of(_Lexbor lib, lxb_dom_node_t *node):
    """node.attributes: every attribute, as selectolax gives them."""
    cdef dict attrs = {}
    cdef size_t length = 0
    cdef size_t value_length = 0
    cdef const unsigned char *raw
    cdef const unsigned char *value
    cdef lxb_dom_attr_t *attr = lib.first_attribute(<void *> node)
    while attr != NULL:
        length = 0
        raw = lib.attr_name(<void *> attr, &length)
        if raw != NULL:  # a nameless attribute has nothing to key it by (and its length would be stale)
            key = PyUnicode_DecodeUTF8(<char *> raw, length, "replace")
            value_length = 0
            value = lib.attr_value(<void *> attr, &value_length)
            attrs[key] = PyUnicode_DecodeUTF8(<char *> value, value_length, "replace") if value != NULL else None
        attr = attr.next
    return attrs


cdef str _read_name(const unsigned char *raw, size_t length):
    """The attribute's name if the walk reads it, else None; as a constant, since the parser lower-cases names."""
    if length == 2:
        return "id" if memcmp(raw, "id", 2) == 0 else None
    if length == 4:
        return "role" if memcmp(raw, "role", 4) == 0 else "open" if memcmp(raw, "open", 4) == 0 else None
    if length == 5:
        return "class" if memcmp(raw, "class", 5) == 0 else "style" if memcmp(raw, "style", 5) == 0 else None
    if length == 6:
        return "hidden" if memcmp(raw, "hidden", 6) == 0 else None
    if length == 8:
        return "itemprop" if memcmp(raw, "itemprop", 8) == 0 else None
    if length == 11:
        return "aria-hidden" if memcmp(raw, "aria-hidden", 11) == 0 else None
    return None


cdef dict _walk_attributes(_Lexbor lib, lxb_dom_node_t *node, dict none_read):
    """The attributes the walk reads (class, id, style, role, hidden, itemprop, aria-hidden, open); None when the
    element has no attribute at all, and `none_read` (the walk's one empty dict, never written to) when it has
    only others: decoding and storing every href, src and data-* value would cost more than the rest of the walk's
    work on an element, and most elements carry none of these, so they need no dict of their own."""
    cdef dict attrs = None
    cdef size_t length = 0
    cdef size_t value_length = 0
    cdef const unsigned char *raw
    cdef const unsigned char *value
    cdef str key
    cdef lxb_dom_attr_t *attr = lib.first_attribute(<void *> node)
    if attr == NULL:
        return None
    while attr != NULL:
        length = 0
        raw = lib.attr_name(<void *> attr, &length)
        key = _read_name(raw, length) if raw != NULL else None
        if key is not None:
            value_length = 0
            value = lib.attr_value(<void *> attr, &value_length)
            if attrs is None:
                attrs = {}
            attrs[key] = PyUnicode_DecodeUTF8(<char *> value, value_length, "replace") if value != NULL else None
        attr = attr.next
    return attrs if attrs is not None else none_read


cdef inline lxb_dom_node_t *_next_under(lxb_dom_node_t *node, lxb_dom_node_t *top) noexcept:
    """The node after this one in document order among top's descendants, or NULL past the last of them."""
    if node.first_child != NULL:
        return node.first_child
    while node != NULL and node != top and node.next == NULL:
        node = node.parent
    if node == NULL or node == top:
        return NULL
    return node.next


cdef Py_ssize_t _deep_text_chars(lxb_dom_node_t *top):
    """len(node.text(deep=True)): the characters of every text node under the element."""
    cdef Py_ssize_t total = 0
    cdef lxb_dom_node_t *node = top.first_child
    while node != NULL:
        if node.type == TEXT_NODE:
            text = _text_of(node)
            if text is not None:
                total += len(text)
        node = _next_under(node, top)
    return total


cdef bint _has_deep_text(lxb_dom_node_t *top):
    """node.text(deep=True).strip() is not empty: some text node under the element holds more than whitespace."""
    cdef lxb_dom_node_t *node = top.first_child
    while node != NULL:
        if node.type == TEXT_NODE:
            text = _text_of(node)
            if text and not _all_space(text):
                return True
        node = _next_under(node, top)
    return False


def node_fields(size_t address):
    """The link fields of one node as this module reads them, for the layout check."""
    cdef lxb_dom_node_t *node = <lxb_dom_node_t *> address
    return (<size_t> node.next, <size_t> node.prev, <size_t> node.parent, <size_t> node.first_child,
            <size_t> node.last_child, node.type)


def text_at(size_t address):
    return _text_of(<lxb_dom_node_t *> address)


def tag_at(_Lexbor lib, size_t address):
    return _tag_of(lib, <lxb_dom_node_t *> address, {})


def tag_id_at(size_t address):
    """lexbor's id of the element's name (its local_name)."""
    return (<lxb_dom_node_t *> address).local_name


def attributes_at(_Lexbor lib, size_t address):
    return _attributes_of(lib, <lxb_dom_node_t *> address)


def walk(_Lexbor lib, tree, options, bint honour_hidden):  # noqa: C901 - mirrors segment/html.py's _walk
    cdef list runs = []
    cdef set layout_tables = set()
    cdef set data_tables = set()
    cdef dict token_cache = {}
    cdef dict interned = {}
    cdef dict names = {}
    cdef Py_ssize_t max_blocks = options.max_blocks
    cdef Py_ssize_t max_depth = options.max_depth
    cdef Py_ssize_t visible_chars = 0
    cdef Py_ssize_t hidden_chars = 0
    cdef long rows = 0
    cdef long n_elements = 0
    cdef bint truncated = False
    cdef list pieces = []
    cdef Py_ssize_t link_chars = 0
    cdef long n_links = 0
    cdef long last_link = -1
    cdef list inline_tokens = []
    cdef bint continues_line = False
    cdef lxb_dom_node_t *node
    cdef lxb_dom_node_t *resume
    cdef lxb_dom_node_t **resumes
    cdef Py_ssize_t n_resumes = 0
    cdef Py_ssize_t cap = 256
    cdef Py_ssize_t depth
    cdef Py_ssize_t size
    cdef Py_ssize_t in_links
    cdef long link
    cdef bint is_owner
    cdef bint has_attrs
    cdef list stack
    cdef list path
    cdef list record
    cdef list parent
    cdef list prev
    cdef tuple frame
    cdef tuple parent_frame
    cdef str tag
    cdef str text
    cdef tuple fresh_scope
    cdef dict attrs
    cdef dict none_read = {}  # every element's attributes when it has none the walk reads; never written to
    cdef dict joined = {}  # _child_scope's memo: own tokens -> (parent tokens, child tokens)
    cdef int flags = 0
    cdef dict flags_of_tag = {}
    cdef PyObject *tag_slots[TAG_SLOTS]
    cdef int tag_slot_flags[TAG_SLOTS]
    cdef int element_flags
    cdef bint reads_attrs

    root = tree.root
    if root is None:
        return _Walk(runs, layout_tables, 0, 0, False, [])
    memset(tag_slots, 0, sizeof(tag_slots))
    # React streaming's hidden segments, looked up at the first <template> (most pages have none, and the look-up
    # is a pass over the whole tree).
    cdef dict streamed = None
    cdef set placed = set()

    root_tag = root.tag or "html"
    root_record = [None, 0, False, 0, 0, None, None, None, root_tag, 0]
    root_owner = _Owner(root_record, root_tag, "p", 0, (), (), (), "", 0, -1, -1, (), False)
    PyObject_GC_UnTrack(<void *> root_record)
    cdef list records = [root_record]
    stack = [(root_record, root_owner, _Scope(), True)]
    path = [root_tag]
    resumes = <lxb_dom_node_t **> malloc(cap * sizeof(lxb_dom_node_t *))
    if resumes == NULL:
        raise MemoryError()
    try:
        resumes[0] = <lxb_dom_node_t *> (<size_t> root.mem_id)
        n_resumes = 1
        node = resumes[0].first_child

        while True:
            if node == NULL:
                frame = stack.pop()
                n_resumes -= 1
                resume = resumes[n_resumes]
                path.pop()
                record = frame[0]
                owner = frame[1]
                element_flags = frame[3]
                is_owner = element_flags & T_OWNER
                if is_owner and pieces:
                    visible_chars, _ = _flush(
                        owner, pieces, link_chars, n_links, inline_tokens, continues_line, runs, visible_chars,
                        layout_tables, data_tables,
                    )
                    link_chars = n_links = 0
                    last_link = -1
                    continues_line = False
                if not stack:
                    break
                parent = record[PARENT]
                if element_flags & T_A:
                    pieces.append(SOFT_BREAK)
                if record[HAS_MEDIA]:
                    parent[HAS_MEDIA] = True
                # Most elements hold no text of their own below them; adding their 0 built a new int for the parent.
                chars = record[CHARS]
                if chars is not _ZERO:
                    parent[CHARS] += chars
                    chars = record[LINK_CHARS]
                    if chars is not _ZERO:
                        parent[LINK_CHARS] += chars
                if is_owner:
                    continues_line = False
                    if len(runs) >= max_blocks:
                        truncated = True
                        break
                node = resume.next
                continue

            if node.type != ELEMENT_NODE:
                if node.type == TEXT_NODE:
                    parent_frame = stack[-1]
                    # Most text nodes are the markup's indentation between tags: told apart on lexbor's bytes, they
                    # need no str. Outside <pre> a run of spaces only ever counts as one space between words.
                    if _ascii_space_only(<lxb_dom_character_data_t *> node) and not (<tuple> parent_frame[2])[S_PRE]:
                        if pieces:
                            pieces.append(" ")
                        node = node.next
                        continue
                    text = _text_of(node)
                    if text and (pieces or not _all_space(text) or (<tuple> parent_frame[2])[S_PRE]):
                        pieces.append(text)
                        link = (<tuple> parent_frame[2])[S_LINK]
                        if link >= 0 and not _all_space(text):
                            link_chars += _squashed_length(text)
                            if link != last_link:
                                n_links += 1
                                last_link = link
                node = node.next
                continue

            tag = _tag_and_flags(lib, node, names, flags_of_tag, tag_slots, tag_slot_flags, &flags)
            parent_frame = stack[-1]
            parent = parent_frame[0]
            if flags & T_MEDIA:
                parent[HAS_MEDIA] = True
            resume = node
            if flags & T_SKIP and not (tag == "object" and _has_deep_text(node)):
                segment = None
                if tag == "template" and streamed is None:
                    streamed = {n.attributes.get("id") or "": n.mem_id for n in tree.css('div[hidden][id^="S:"]')}
                if tag == "template" and streamed:
                    streamed_id = (_walk_attributes(lib, node, none_read) or none_read).get("id")
                    if streamed_id and streamed_id[:2] == "B:":
                        segment = streamed.pop("S:" + streamed_id[2:], None)
                if segment is None:
                    node = node.next
                    continue
                placed.add("S:" + streamed_id[2:])
                node = <lxb_dom_node_t *> (<size_t> segment)
                tag = _tag_and_flags(lib, node, names, flags_of_tag, tag_slots, tag_slot_flags, &flags)
                if not tag:
                    tag = "div"
                    flags = _tag_flags(tag)
            elif flags & T_BR:
                if pieces:
                    visible_chars, continues_line = _flush(
                        parent_frame[1], pieces, link_chars, n_links, inline_tokens, continues_line, runs,
                        visible_chars, layout_tables, data_tables,
                    )
                    link_chars = n_links = 0
                    last_link = -1
                else:
                    continues_line = False
                node = node.next
                continue

            depth = len(stack)
            scope = parent_frame[2]
            # has_attrs stands for the Python walk's `if attrs:`, which is true for any attribute, read or not.
            attrs = _walk_attributes(lib, node, none_read) if depth <= max_depth else None
            has_attrs = attrs is not None
            if depth > max_depth:
                attrs = None
            elif attrs is None:
                attrs = none_read
            # Most elements with attributes carry none the walk reads (an <a href>, an <img src>): for them only a
            # <dialog>'s missing "open" can matter.
            reads_attrs = has_attrs and attrs is not none_read
            if reads_attrs:
                if honour_hidden and ("hidden" in attrs or "style" in attrs or "aria-hidden" in attrs or tag == "dialog"):
                    if _is_hidden(tag, attrs):
                        hidden_chars += _deep_text_chars(node)
                        node = node.next
                        continue
                if resume == node and "hidden" in attrs and attrs.get("id") in placed:
                    node = node.next
                    continue
            elif has_attrs and honour_hidden and tag == "dialog" and _is_hidden(tag, attrs):
                hidden_chars += _deep_text_chars(node)
                node = node.next
                continue

            prev = parent[LAST_CHILD]
            n_elements += 1
            record = [parent, 0, False, 0, 0, prev, None, None, tag, n_elements]
            PyObject_GC_UnTrack(<void *> record)
            records.append(record)
            if prev is not None:
                prev[NEXT] = record
            parent[LAST_CHILD] = record
            parent[N_CHILDREN] += 1
            if n_resumes == cap:
                cap *= 2
                grown = <lxb_dom_node_t **> realloc(resumes, cap * sizeof(lxb_dom_node_t *))
                if grown == NULL:
                    raise MemoryError()
                resumes = grown
            if attrs is None:
                stack.append((record, parent_frame[1], scope, flags & T_A))
                resumes[n_resumes] = resume
                n_resumes += 1
                path.append(tag)
                node = node.first_child
                continue

            own = ()
            itemprop = ""
            landmark = tag if flags & T_LANDMARK else ""
            if reads_attrs:
                for name in _TOKEN_ATTRS:
                    value = attrs.get(name)
                    if value:
                        found = token_cache.get(value)
                        if found is None:
                            # One object per distinct token on the page, so scopes can compare tokens by identity.
                            found = token_cache[value] = tuple([interned.setdefault(t, t) for t in _tokens_of(value)])
                        own += found
                itemprop = (attrs.get("itemprop") or "").strip()
                role = attrs.get("role")
                if role and not landmark:
                    landmark = _ROLE_LANDMARKS.get(role.strip().lower(), "")

            child_scope = scope
            if own or landmark or flags & T_SCOPE:
                child_scope = _child_scope(scope, tag, flags, own, landmark, n_elements, rows, layout_tables, joined)
                if flags & T_TR:
                    rows += 1

            is_owner = flags & T_OWNER
            if is_owner:
                if pieces:
                    visible_chars, continues_line = _flush(
                        parent_frame[1], pieces, link_chars, n_links, inline_tokens, continues_line, runs,
                        visible_chars, layout_tables, data_tables,
                    )
                    link_chars = n_links = 0
                    last_link = -1
                continues_line = False
                kind, level = _kind_of(tag, flags, scope)
                fresh_scope = <tuple> child_scope
                if flags & T_CAPTION_OR_TH and fresh_scope[S_TABLE] >= 0:
                    data_tables.add(fresh_scope[S_TABLE])
                # What tuple.__new__(_Owner, values) builds, without a call into its Python-level __new__.
                owner = _make_named(_Owner, (
                    record, tag, kind, level, tuple(path[-MAX_ANCESTORS:]), fresh_scope[S_TOKENS], own, itemprop,
                    depth, fresh_scope[S_ROW], fresh_scope[S_TABLE], (<tuple> scope)[S_LANDMARKS], fresh_scope[S_PRE],
                ))
            else:
                owner = parent_frame[1]
                if own:
                    inline_tokens.extend(own)
                if flags & T_A:
                    pieces.append(SOFT_BREAK)
            stack.append((record, owner, child_scope, flags & (T_A | T_OWNER)))
            resumes[n_resumes] = resume
            n_resumes += 1
            path.append(tag)
            node = node.first_child
    except BaseException:
        # The records are out of the collector's sight (each is a list that links its parent, siblings and last
        # child both ways), so a walk cut short breaks their links itself, or they would never be freed.
        for record in records:
            record.clear()
        raise
    finally:
        free(resumes)

    return _Walk(runs, layout_tables, visible_chars, hidden_chars, truncated, records)


cdef tuple _flush(object owner, list pieces, Py_ssize_t link_chars, long n_links, list inline_tokens,
                  bint continues_line, list runs, Py_ssize_t visible_chars, set layout_tables, set data_tables):
    """Emit the current run as a block if it has text. Returns (visible_chars, emitted); the caller resets the
    run's link counters, as flush() in segment/html.py does."""
    cdef str raw = "".join(pieces)
    cdef str text
    cdef Py_ssize_t size
    cdef Py_ssize_t in_links
    cdef bint emitted = False
    cdef tuple block_owner = <tuple> owner
    pieces.clear()
    if block_owner[O_PRE]:
        text = _pre_text(settle_soft_breaks(raw) if SOFT_BREAK in raw else raw)
    elif SOFT_BREAK in raw:
        text = squash_settled(raw)
    else:
        text = squash_spaces(raw)
    if text:
        size = len(text)
        in_links = min(link_chars, size)
        tokens = _unique(inline_tokens) if inline_tokens else ()
        runs.append(_make_named(_Run, (owner, text, in_links, n_links, tokens, continues_line)))
        visible_chars += size
        record = block_owner[O_RECORD]
        record[CHARS] += size
        record[LINK_CHARS] += in_links
        if (
            block_owner[O_TABLE] >= 0
            and block_owner[O_TABLE] not in data_tables
            and (size > LAYOUT_CELL_CHARS or (block_owner[O_KIND] == "heading" and block_owner[O_LEVEL] <= 3))
        ):
            layout_tables.add(block_owner[O_TABLE])
        emitted = True
    inline_tokens.clear()
    return visible_chars, emitted


cdef extern from *:
    """
    #include <string.h>

    /* How many "<option" start tags, in any case, up to limit: one memchr pass over the '<'s. */
    static Py_ssize_t cleaner_walk_option_tags(const char *h, size_t hl, Py_ssize_t limit) {
        const char *end = h + hl;
        const char *at = h;
        Py_ssize_t found = 0;
        while (found < limit && end - at >= 7) {
            at = memchr(at, '<', (size_t) (end - at) - 6);
            if (at == NULL) break;
            if ((at[1] | 0x20) == 'o' && (at[2] | 0x20) == 'p' && (at[3] | 0x20) == 't' && (at[4] | 0x20) == 'i'
                && (at[5] | 0x20) == 'o' && (at[6] | 0x20) == 'n') {
                found++;
                at += 7;
            } else {
                at++;
            }
        }
        return found;
    }
    """
    Py_ssize_t cleaner_walk_option_tags(const char *h, size_t hl, Py_ssize_t limit) nogil


def clear_records(list records):
    """record.clear() for every record: release_records' loop, without a method call per record."""
    cdef list record
    for record in records:
        PyList_SetSlice(<PyObject *> record, 0, len(record), NULL)


def option_tags_up_to(bytes data, Py_ssize_t limit):
    """How many "<option" start tags the page holds, in any case, counted up to limit. Every page pays for this
    pre-parse check over its whole length: one memchr pass over its '<'s, a third of the time of bytes.count."""
    return cleaner_walk_option_tags(data, len(data), limit)


cdef extern from *:
    """
    static PyObject *cleaner_walk_alloc_tuple(PyTypeObject *type, Py_ssize_t n) { return type->tp_alloc(type, n); }
    """
    PyObject *cleaner_walk_alloc_tuple(PyTypeObject *type, Py_ssize_t n)


cdef object _make_named(type cls, tuple values):
    """tuple.__new__(cls, values) for a tuple subclass such as a NamedTuple, as tuple_subtype_new does it."""
    cdef Py_ssize_t n = len(values)
    cdef Py_ssize_t i
    cdef PyObject *raw = cleaner_walk_alloc_tuple(<PyTypeObject *> cls, n)
    if raw == NULL:
        raise MemoryError()
    obj = <object> raw
    Py_DECREF(obj)  # <object> took a reference of its own
    for i in range(n):
        value = values[i]
        Py_INCREF(value)
        PyTuple_SET_ITEM(obj, i, value)
    return obj


cpdef str squash_spaces(str raw):
    """" ".join(raw.split()): whitespace runs become one space, none at either end."""
    cdef int kind = PyUnicode_KIND(raw)
    cdef void *data = PyUnicode_DATA(raw)
    cdef Py_ssize_t n = len(raw)
    cdef Py_ssize_t i
    cdef Py_UCS4 c
    cdef bint pending = False
    cdef bint clean = True
    # Most runs are already clean: single spaces between words, none at the ends.
    for i in range(n):
        c = PyUnicode_READ(kind, data, i)
        if Py_UNICODE_ISSPACE(c):
            if c != u' ' or i == 0 or i == n - 1 or pending:
                clean = False
                break
            pending = True
        else:
            pending = False
    if clean:
        return raw
    return _squashed(raw, False)


cpdef str squash_settled(str raw):
    """squash_spaces(settle_soft_breaks(raw)) in one pass: a run of soft breaks between two word characters counts
    as whitespace, any other run is left out, and whitespace runs become one space, none at either end. A run with
    links holds two soft breaks a link, and settling them first built the text once more."""
    return _squashed(raw, True)


cdef str _squashed(str raw, bint settle):
    """squash_spaces past its already-clean test and, with settle, squash_settled: one pass over the characters."""
    cdef int kind = PyUnicode_KIND(raw)
    cdef void *data = PyUnicode_DATA(raw)
    cdef Py_ssize_t n = len(raw)
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t end
    cdef Py_ssize_t m = 0
    cdef Py_UCS4 c
    cdef bint pending = False
    cdef Py_UCS4 *buffer = <Py_UCS4 *> malloc(n * sizeof(Py_UCS4) + 1)
    if buffer == NULL:
        raise MemoryError()
    try:
        while i < n:
            c = PyUnicode_READ(kind, data, i)
            if settle and c == 0:
                end = i + 1
                while end < n and PyUnicode_READ(kind, data, end) == 0:
                    end += 1
                if (i > 0 and end < n and _is_word_char(PyUnicode_READ(kind, data, i - 1))
                        and _is_word_char(PyUnicode_READ(kind, data, end))):
                    pending = m > 0
                i = end
                continue
            i += 1
            if Py_UNICODE_ISSPACE(c):
                pending = m > 0
                continue
            if pending:
                buffer[m] = u' '
                m += 1
                pending = False
            buffer[m] = c
            m += 1
        return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buffer, m)
    finally:
        free(buffer)


cpdef Py_ssize_t squashed_length(str text):
    """len(" ".join(text.split())) without building the words: the characters that are not whitespace, and one
    space between each two words."""
    return _squashed_length(text)


cdef Py_ssize_t _squashed_length(str text):
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text)
    cdef Py_ssize_t i
    cdef Py_ssize_t chars = 0
    cdef Py_ssize_t words = 0
    cdef bint in_word = False
    for i in range(n):
        if Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)):
            in_word = False
        else:
            chars += 1
            if not in_word:
                words += 1
                in_word = True
    return chars + words - 1 if words else 0


cdef inline bint _all_space(str text):
    """text.isspace(): false for "", else whether every character is whitespace."""
    cdef Py_UCS4 c
    if not text:
        return False
    for c in text:
        if not Py_UNICODE_ISSPACE(c):
            return False
    return True


cdef inline bint _is_word_char(Py_UCS4 c):
    return c == u'_' or Py_UNICODE_ISALNUM(c)


cpdef str settle_soft_breaks(str raw):
    """_SOFT_BREAK_BETWEEN_WORDS.sub(" ", raw).replace(SOFT_BREAK, ""): a run of soft breaks between two word
    characters becomes one space, any other run goes."""
    cdef Py_ssize_t n = len(raw)
    cdef int kind = PyUnicode_KIND(raw)
    cdef void *data = PyUnicode_DATA(raw)
    cdef Py_ssize_t i
    cdef Py_ssize_t end
    cdef Py_ssize_t start = 0
    cdef list parts = []
    # str.find jumps to each run (a memchr-like scan); reading characters by kind and data, not by raw[i], which
    # built a one-character string for every character of the run.
    i = raw.find(u"\x00")
    while i >= 0:
        end = i
        while end < n and PyUnicode_READ(kind, data, end) == 0:
            end += 1
        parts.append(raw[start:i])
        if (i > 0 and end < n and _is_word_char(PyUnicode_READ(kind, data, i - 1))
                and _is_word_char(PyUnicode_READ(kind, data, end))):
            parts.append(" ")
        start = end
        i = raw.find(u"\x00", end) if end < n else -1
    parts.append(raw[start:])
    return "".join(parts)


cdef inline bint _holds(tuple tokens, object token):
    """token in tokens, for interned tokens: equal means identical."""
    cdef Py_ssize_t i
    for i in range(len(tokens)):
        if tokens[i] is token:
            return True
    return False


cdef tuple _unique(list tokens):
    """tuple(dict.fromkeys(tokens)) for the page's interned tokens."""
    return _unique_of_both((), tuple(tokens))


cdef tuple _unique_of_both(tuple head, tuple tail):
    """tuple(dict.fromkeys(head + tail)) for the page's interned tokens, without the dict."""
    cdef list out = []
    cdef Py_ssize_t n_head = len(head)
    cdef Py_ssize_t n = n_head + len(tail)
    cdef Py_ssize_t i, j
    if n > 64:
        return tuple(dict.fromkeys(head + tail))  # the pairwise scan is for the short lists of the common case
    for i in range(n):
        token = head[i] if i < n_head else tail[i - n_head]
        for j in range(len(out)):
            if out[j] is token:
                break
        else:
            out.append(token)
    return tuple(out)


def unique_of_both(tuple head, tuple tail):
    """_unique_of_both, for the tests."""
    return _unique_of_both(head, tail)


cdef tuple _joined_tail(tuple head, tuple tail, Py_ssize_t cap):
    """(head + tail)[-cap:] in one tuple: a deep page's scopes carry up to `cap` tokens each, and building the
    concatenation first copied them all twice."""
    cdef Py_ssize_t n_head = len(head)
    cdef Py_ssize_t n_tail = len(tail)
    cdef Py_ssize_t skip = n_head + n_tail - cap if n_head + n_tail > cap else 0
    cdef Py_ssize_t i
    cdef tuple out
    if skip >= n_head:
        return tail[skip - n_head:]
    out = PyTuple_New(n_head + n_tail - skip)
    for i in range(skip, n_head):
        item = head[i]
        Py_INCREF(item)
        PyTuple_SET_ITEM(out, i - skip, item)
    for i in range(n_tail):
        item = tail[i]
        Py_INCREF(item)
        PyTuple_SET_ITEM(out, n_head - skip + i, item)
    return out


cdef object _child_scope(object scope, str tag, int flags, tuple own, str landmark, long number, long rows,
                         set layout_tables, dict joined):
    """segment/html.py's _child_scope, comparing the page's interned tokens by identity. joined remembers, per own
    token tuple (one object per class/id value on the page), the parent tokens it last extended and the result, so
    siblings of one class share one tokens tuple: worked out once, and one object, which the features' cache of
    token tuples then finds without comparing their tokens."""
    cdef tuple parent_scope = <tuple> scope
    cdef tuple parent_tokens = parent_scope[S_TOKENS]
    cdef tuple tokens = parent_tokens
    cdef tuple landmarks
    cdef list fresh = None
    cdef Py_ssize_t i
    if own:
        memo = joined.get(own)
        if memo is not None and (<tuple> memo)[0] is parent_tokens:
            tokens = (<tuple> memo)[1]
        else:
            for i in range(len(own)):
                token = own[i]
                if not _holds(tokens, token):
                    if fresh is None:
                        fresh = []
                    fresh.append(token)
            if fresh is not None:
                tokens = _joined_tail(tokens, _unique(fresh), MAX_TOKENS)
            # The memo holds the parent tokens it compares by identity, so no other tuple can take their address.
            joined[own] = (parent_tokens, tokens)
    landmarks = parent_scope[S_LANDMARKS]
    if landmark and landmark not in landmarks:
        landmarks = landmarks + (landmark,)
    elif tokens is parent_tokens and not flags & T_SCOPE:
        return scope
    # The parent's numbers stay the objects they are unless this element changes them: unboxing all five and
    # boxing them again allocated an int object for each one past the small-int cache (rows, tables, links).
    list_level, row, table, wrapper, wrapper_level, link, pre = (
        parent_scope[S_LIST_LEVEL], parent_scope[S_ROW], parent_scope[S_TABLE], parent_scope[S_WRAPPER],
        parent_scope[S_WRAPPER_LEVEL], parent_scope[S_LINK], parent_scope[S_PRE],
    )
    if flags & T_LIST:
        list_level = <long> list_level + 1
    elif flags & T_TABLE:
        if <long> table >= 0:
            layout_tables.add(table)
            layout_tables.add(number)
        elif "presentation" in own or "none" in own:
            layout_tables.add(number)
        table, row = number, -1
    elif flags & T_TR:
        row = rows
    elif flags & T_A:
        link = number
    elif flags & T_PRE:
        pre = True
    if flags & T_WRAPPER:
        wrapper = tag
        wrapper_level = max(<long> list_level, 1) if flags & T_LI else 0
    # A plain tuple in _Scope's field order: scopes never leave the walk, which reads them by position only.
    return (tokens, landmarks, list_level, row, table, wrapper, wrapper_level, link, pre)


cdef tuple _kind_of(str tag, int flags, object scope):
    cdef tuple parent_scope = <tuple> scope
    if flags & T_NAMED_KIND:
        heading = _HEADING_LEVELS.get(tag)
        if heading:
            return "heading", heading
        if tag in _OWN_KINDS:
            return tag, 0
    if flags & T_LI:
        return "li", max(parent_scope[S_LIST_LEVEL], 1)
    if parent_scope[S_WRAPPER]:
        return parent_scope[S_WRAPPER], parent_scope[S_WRAPPER_LEVEL]
    return "p", 0


if _Scope._fields != ('tokens', 'landmarks', 'list_level', 'row', 'table', 'wrapper', 'wrapper_level', 'link', 'pre') or _Owner._fields != ('record', 'tag', 'kind', 'level', 'ancestors', 'tokens', 'own_tokens', 'itemprop', 'depth', 'row', 'table', 'landmarks', 'pre'):
    raise ImportError("segment/html.py's _Scope or _Owner fields changed; update the positions in _walk.pyx")


cdef inline bint _upper(Py_UCS4 c):
    return u'A' <= c <= u'Z'


cdef inline bint _lower(Py_UCS4 c):
    return u'a' <= c <= u'z'


def joined_tail(tuple head, tuple tail, Py_ssize_t cap):
    """_joined_tail, for the tests."""
    return _joined_tail(head, tail, cap)


def tokens_of(str value):
    """segment/html.py's _tokens_of without the regex: the matches of [A-Z]?[a-z]+|[A-Z]+(?![a-z]) (ASCII letters
    only) longer than one letter, lowercased. "article-body__content" → (article, body, content); "relatedPosts" →
    (related, posts); "HTMLParser" → (html, parser)."""
    return _tokens_of(value)


cdef enum:
    _TOKEN_BUFFER = 256  # longer tokens (never seen in a class name) are sliced and lowercased by Python instead


cdef tuple _tokens_of(str value):
    """tokens_of, reading the string's buffer in place and lowercasing each token (ASCII letters only) into a small
    buffer: no slice, no .lower() call per token."""
    cdef Py_ssize_t n = len(value)
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t end, k
    cdef int kind = PyUnicode_KIND(value)
    cdef void *data = PyUnicode_DATA(value)
    cdef Py_UCS4 c
    cdef char buffer[_TOKEN_BUFFER]
    cdef list out = []
    while i < n:
        c = PyUnicode_READ(kind, data, i)
        if _lower(c) or (_upper(c) and i + 1 < n and _lower(PyUnicode_READ(kind, data, i + 1))):
            end = i + 1
            while end < n and _lower(PyUnicode_READ(kind, data, end)):
                end += 1
        elif _upper(c):
            end = i + 1
            while end < n and _upper(PyUnicode_READ(kind, data, end)):
                end += 1
            if end < n and _lower(PyUnicode_READ(kind, data, end)):
                end -= 1  # the last capital starts the next word
        else:
            i += 1
            continue
        if end - i > 1:
            if end - i <= _TOKEN_BUFFER:
                for k in range(i, end):
                    c = PyUnicode_READ(kind, data, k)
                    buffer[k - i] = <char> ((<int> c) | 0x20)  # an ASCII letter, lowercased
                out.append(PyUnicode_DecodeASCII(buffer, end - i, NULL))
            else:
                out.append(value[i:end].lower())
        i = end
    return tuple(out)


# _Run fields: owner, text, link_chars, n_links, inline_tokens, continues_line
cdef enum:
    R_OWNER = 0
    R_TEXT = 1
    R_LINK_CHARS = 2
    R_N_LINKS = 3
    R_INLINE_TOKENS = 4
    R_CONTINUES_LINE = 5

if _Run._fields != ("owner", "text", "link_chars", "n_links", "inline_tokens", "continues_line"):
    raise ImportError("segment/html.py's _Run fields changed; update the positions in _walk.pyx")


cdef bint _starts_paragraph_of(str prev_kind, str kind, bint continues_line):
    """segment/html.py's _starts_paragraph."""
    if continues_line or (kind == "li" and prev_kind == "li"):
        return False
    if (kind == "td" or kind == "th") and (prev_kind == "td" or prev_kind == "th"):
        return False
    return not ((kind == "dt" or kind == "dd") and (prev_kind == "dt" or prev_kind == "dd"))


cdef double _share_of(str text, frozenset body_words):
    """segment/html.py's _share_in: the share of the block's \\w+ words (lower-cased) found in the JSON-LD body."""
    cdef list words
    cdef Py_ssize_t found = 0
    if body_words is None:
        return -1.0
    words = words_of(text.lower())
    if not words:
        return 0.0
    for word in words:
        if word in body_words:
            found += 1
    return <double>found / <double>len(words)


def build_blocks(walk, metadata):
    """segment/html.py's _build_blocks: the frozen Blocks, with their DomContext, from the walk's runs."""
    cdef list runs = walk.runs
    cdef set layout_tables = walk.layout_tables
    cdef Py_ssize_t n = len(runs)
    cdef Py_ssize_t i
    cdef list kinds = []
    cdef list rows = []
    cdef list blank_before = [False]
    cdef list blocks = []
    cdef list containers
    cdef tuple run
    cdef tuple owner
    cdef list record
    cdef bint is_li
    body_words = frozenset(words_of(metadata.jsonld_body.lower())) if metadata.jsonld_body else None
    for i in range(n):
        run = <tuple> runs[i]
        owner = <tuple> run[R_OWNER]
        kind, row = owner[O_KIND], owner[O_ROW]
        if owner[O_TABLE] in layout_tables:
            row = -1
            if kind == "td" or kind == "th":
                kind = "p"
        kinds.append(kind)
        rows.append(row)
    for i in range(1, n):
        blank_before.append(_starts_paragraph_of(kinds[i - 1], kinds[i], (<tuple> runs[i])[R_CONTINUES_LINE]))
    blank_before.append(False)

    for i in range(n):
        run = <tuple> runs[i]
        owner = <tuple> run[R_OWNER]
        kind = kinds[i]
        record = owner[O_RECORD]
        parent = record[PARENT]
        prev, following = record[PREV], record[NEXT]
        near_image = bool(
            record[HAS_MEDIA]
            or (parent is not None and parent[TAG] in ("figure", "picture"))
            or (prev is not None and prev[HAS_MEDIA])
            or (following is not None and following[HAS_MEDIA])
        )
        tokens, own_tokens = owner[O_TOKENS], owner[O_OWN_TOKENS]
        inline = run[R_INLINE_TOKENS]
        if inline:
            own_tokens = _unique_of_both(own_tokens, inline)
            tokens = tokens + tuple([t for t in inline if not _holds(tokens, t)])  # interned: equal is identical
        container = parent if parent is not None else record
        containers = []
        up = container
        while up is not None and len(containers) < CONTAINER_LEVELS:
            containers.append(up[NUMBER])
            up = up[PARENT]
        text = run[R_TEXT]
        # Every field, in declaration order (types.py's fast constructors take them so).
        dom = new_dom_context((
            owner[O_TAG], owner[O_ANCESTORS], tokens, own_tokens, owner[O_ITEMPROP], run[R_LINK_CHARS],
            run[R_N_LINKS], owner[O_DEPTH], parent[N_CHILDREN] - 1 if parent is not None else 0, near_image,
            _share_of(text, body_words), rows[i], owner[O_LANDMARKS], container[CHARS], container[LINK_CHARS],
            tuple(containers), max(owner[O_DEPTH] - 1, 0),
        ))
        is_li = kind == "li"
        blocks.append(new_block((
            i, text, text, None, kind, owner[O_LEVEL] if kind == "heading" or is_li else 0,
            2 * owner[O_LEVEL] if is_li else 0, "•" if is_li else "", blank_before[i], blank_before[i + 1], dom,
        )))
    return tuple(blocks)


# --- the nodes cleaner.metadata reads, in one pass -----------------------------------------------------------------
# cleaner.metadata asked lexbor's selector engine for them, a pass over the whole tree per query (about 100 us each
# on an 85 KB page, five of them on a page whose author and date are not in JSON-LD). This pass reads the same
# nodes by pointer and returns plain values (see metadata._PageNodes); metadata._PageNodesCss is the reference.

cdef inline unsigned char _fold(unsigned char c) noexcept:
    return c + 32 if 65 <= c <= 90 else c


cdef inline bint _is_css_space(unsigned char c) noexcept:
    return c == 32 or c == 9 or c == 10 or c == 13 or c == 12


cdef bint _has_token(const unsigned char *value, size_t length, const char *token, size_t token_length, bint fold) noexcept:
    """CSS [attr~="token"]: one of the value's whitespace-separated words is token (ASCII case folded with fold)."""
    cdef size_t i = 0
    cdef size_t start, k
    while i < length:
        while i < length and _is_css_space(value[i]):
            i += 1
        start = i
        while i < length and not _is_css_space(value[i]):
            i += 1
        if i - start == token_length:
            k = 0
            while k < token_length and (
                (_fold(value[start + k]) if fold else value[start + k]) == <unsigned char> token[k]
            ):
                k += 1
            if k == token_length:
                return True
    return False


cdef bint _contains_folded(const unsigned char *value, size_t length, const char *needle, size_t needle_length) noexcept:
    """CSS [attr*="needle" i] for a lower-case ASCII needle."""
    cdef size_t i, k
    if needle_length > length:
        return False
    for i in range(length - needle_length + 1):
        k = 0
        while k < needle_length and _fold(value[i + k]) == <unsigned char> needle[k]:
            k += 1
        if k == needle_length:
            return True
    return False


cdef const unsigned char *_attr_value(_Lexbor lib, lxb_dom_node_t *node, const char *name, size_t name_length,
                                      size_t *value_length):
    """The value of the named attribute; NULL when it is absent or has no value."""
    cdef size_t length = 0
    cdef const unsigned char *raw
    cdef lxb_dom_attr_t *attr = lib.first_attribute(<void *> node)
    value_length[0] = 0
    while attr != NULL:
        length = 0
        raw = lib.attr_name(<void *> attr, &length)
        if raw != NULL and length == name_length and memcmp(raw, name, name_length) == 0:
            return lib.attr_value(<void *> attr, value_length)
        attr = attr.next
    return NULL


cdef object _attr_str(_Lexbor lib, lxb_dom_node_t *node, const char *name, size_t name_length):
    """node.attributes.get(name): the value as str, None when absent or without a value."""
    cdef size_t length = 0
    cdef const unsigned char *value = _attr_value(lib, node, name, name_length, &length)
    if value == NULL:
        return None
    return PyUnicode_DecodeUTF8(<char *> value, length, "replace")


cdef str _deep_text(lxb_dom_node_t *top):
    """node.text(): the bytes of every text node under the element, joined, decoded as selectolax does."""
    cdef bytearray joined = bytearray()
    cdef lxb_dom_character_data_t *chars
    cdef lxb_dom_node_t *node = top.first_child
    while node != NULL:
        if node.type == TEXT_NODE:
            chars = <lxb_dom_character_data_t *> node
            if chars.data.data != NULL and chars.data.length:
                joined += (<char *> chars.data.data)[:chars.data.length]
        node = _next_under(node, top)
    if not joined:
        return ""
    return PyUnicode_DecodeUTF8(<char *> joined, len(joined), "replace")


cdef bint _under_article(_Lexbor lib, lxb_dom_node_t *node, dict names):
    """Under an <article>, a <main> or an element whose role is exactly "main"."""
    cdef size_t length = 0
    cdef const unsigned char *role
    cdef lxb_dom_node_t *up = node.parent
    while up != NULL:
        if up.type == ELEMENT_NODE:
            tag = _tag_of(lib, up, names)
            if tag == "article" or tag == "main":
                return True
            role = _attr_value(lib, up, "role", 4, &length)
            if role != NULL and length == 4 and memcmp(role, "main", 4) == 0:
                return True
        up = up.parent
    return False


cdef tuple _date_fields(_Lexbor lib, lxb_dom_node_t *node):
    return (_attr_str(lib, node, "content", 7), _attr_str(lib, node, "datetime", 8), _deep_text(node))


cdef lxb_dom_node_t *_first_named(_Lexbor lib, lxb_dom_node_t *top):
    """node.css_first('[itemprop~="name"]'): the element itself or its first descendant so marked."""
    cdef size_t length = 0
    cdef const unsigned char *value
    cdef lxb_dom_node_t *node = top
    while node != NULL:
        if node.type == ELEMENT_NODE:
            value = _attr_value(lib, node, "itemprop", 8, &length)
            if value != NULL and _has_token(value, length, "name", 4, False):
                return node
        node = _next_under(node, top)
    return NULL


cdef bint _holds_author_or_byline(const unsigned char *value, size_t length) noexcept:
    """_contains_folded(value, "author") or _contains_folded(value, "byline"), in one pass."""
    cdef size_t i
    cdef unsigned char c
    if length < 6:
        return False
    for i in range(length - 5):
        c = _fold(value[i])
        if c == 97:  # a
            if (_fold(value[i + 1]) == 117 and _fold(value[i + 2]) == 116 and _fold(value[i + 3]) == 104
                    and _fold(value[i + 4]) == 111 and _fold(value[i + 5]) == 114):
                return True
        elif c == 98:  # b
            if (_fold(value[i + 1]) == 121 and _fold(value[i + 2]) == 108 and _fold(value[i + 3]) == 105
                    and _fold(value[i + 4]) == 110 and _fold(value[i + 5]) == 101):
                return True
    return False


# The six author-name classes of cleaner.metadata, each looked for in a class value.
cdef tuple _AUTHOR_CLASS_NAMES = _AUTHOR_NAME_CLASS_BYTES


def metadata_nodes(_Lexbor lib, tuple tag_ids, tree):
    """What metadata._PageNodesCss finds with lexbor's selectors, in one pass over the tree (see there). tag_ids:
    lexbor's ids (a node's local_name) of meta, script, h1, link and time, read from a parsed probe page: lexbor
    numbers the tags it knows once for all documents and namespaces, so an element is told by one integer compare."""
    cdef uintptr_t meta_id = tag_ids[0], script_id = tag_ids[1], h1_id = tag_ids[2], link_id = tag_ids[3]
    cdef uintptr_t time_id = tag_ids[4]
    cdef uintptr_t local
    cdef list metas = [], jsonld = [], h1s = [], canonical = [], authors = [], author_classes = [], published = []
    cdef object time_datetime = None
    cdef object modified = None
    cdef dict names = {}
    cdef lxb_dom_node_t *top
    cdef lxb_dom_node_t *node
    cdef lxb_dom_node_t *named
    cdef lxb_dom_attr_t *attr
    cdef const unsigned char *raw
    cdef const unsigned char *value
    cdef size_t length = 0, value_length = 0
    cdef const unsigned char *rel = NULL
    cdef const unsigned char *itemprop = NULL
    cdef const unsigned char *klass = NULL
    cdef size_t rel_length = 0, itemprop_length = 0, class_length = 0
    cdef bint has_datetime
    cdef Py_ssize_t count
    cdef bytes name
    root = tree.root
    if root is not None:
        top = <lxb_dom_node_t *> (<size_t> root.mem_id)
        node = top
        while node != NULL:
            if node.type == ELEMENT_NODE:
                local = node.local_name
                rel = itemprop = klass = NULL
                rel_length = itemprop_length = class_length = 0
                has_datetime = False
                attr = lib.first_attribute(<void *> node)
                while attr != NULL:
                    length = 0
                    raw = lib.attr_name(<void *> attr, &length)
                    if raw != NULL and 3 <= length <= 8:
                        if length == 3 and memcmp(raw, "rel", 3) == 0:
                            rel = lib.attr_value(<void *> attr, &rel_length)
                        elif length == 8 and memcmp(raw, "itemprop", 8) == 0:
                            itemprop = lib.attr_value(<void *> attr, &itemprop_length)
                        elif length == 5 and memcmp(raw, "class", 5) == 0:
                            klass = lib.attr_value(<void *> attr, &class_length)
                        elif length == 8 and memcmp(raw, "datetime", 8) == 0:
                            has_datetime = True
                    attr = attr.next
                if local == meta_id:
                    metas.append(_attributes_of(lib, node))
                elif local == script_id:
                    value = _attr_value(lib, node, "type", 4, &value_length)
                    if value != NULL and _contains_folded(value, value_length, "ld+json", 7):
                        jsonld.append(_deep_text(node))
                elif local == h1_id:
                    h1s.append((_deep_text(node), _under_article(lib, node, names)))
                elif local == link_id:
                    if rel != NULL and _has_token(rel, rel_length, "canonical", 9, True):
                        canonical.append(_attr_str(lib, node, "href", 4))
                elif local == time_id and has_datetime and time_datetime is None:
                    time_datetime = _attr_str(lib, node, "datetime", 8) or ""
                if (
                    (rel != NULL and _has_token(rel, rel_length, "author", 6, True))
                    or (itemprop != NULL and _has_token(itemprop, itemprop_length, "author", 6, False))
                ) and local != meta_id:
                    named = _first_named(lib, node)
                    authors.append((
                        _attr_str(lib, named, "content", 7) if named != NULL else None,
                        _deep_text(named if named != NULL else node),
                    ))
                if itemprop != NULL:
                    if _has_token(itemprop, itemprop_length, "datePublished", 13, False):
                        published.append(_date_fields(lib, node))
                    if modified is None and _has_token(itemprop, itemprop_length, "dateModified", 12, False):
                        modified = _date_fields(lib, node)
                if klass != NULL and _holds_author_or_byline(klass, class_length):
                    count = 0
                    for name in _AUTHOR_CLASS_NAMES:
                        if _contains_folded(klass, class_length, name, len(name)):
                            count += 1
                    if count:
                        author_classes.append((count, _deep_text(node)))
            node = _next_under(node, top)
    return metas, jsonld, h1s, canonical, authors, author_classes, published, time_datetime, modified
