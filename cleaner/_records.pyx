# cython: language_level=3, boundscheck=False, wraparound=False
"""Fast construction of the pipeline's frozen, slotted dataclasses.

A frozen dataclass's generated __init__ sets each field through object.__setattr__ from Python bytecode, which
costs 4-7 µs for a Block or DomContext; pages have hundreds of them. fill() makes the same object with
PyObject_GenericSetAttr, the C function object.__setattr__ calls, at a fraction of the cost. types.py checks,
for each class it is used on, that the field list covers every field, and keeps the plain constructor as the
fallback."""
from cpython.object cimport PyObject_GenericSetAttr


def fill(cls, tuple names, tuple values):
    """cls(*values) for a frozen slotted dataclass without __post_init__, names being all its fields in order."""
    cdef Py_ssize_t i
    obj = object.__new__(cls)
    for i in range(len(names)):
        PyObject_GenericSetAttr(obj, names[i], values[i])
    return obj
