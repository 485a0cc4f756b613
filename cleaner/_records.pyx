# cython: language_level=3, boundscheck=False, wraparound=False
"""Fast construction of the pipeline's frozen, slotted dataclasses.

A frozen dataclass's generated __init__ sets each field through object.__setattr__ from Python bytecode, which
costs 4-7 µs for a Block or DomContext; pages have hundreds of them. Maker(cls, names) builds the same object by
writing each field straight into its slot, at the offset the class's own slot descriptor records, which is what
object.__setattr__ ends up doing after looking the descriptor up. types.py checks, for each class it is used on,
that the field list covers every field, and keeps the plain constructor as the fallback."""
from cpython.object cimport PyObject, PyTypeObject
from cpython.ref cimport Py_DECREF, Py_INCREF, Py_XDECREF

cdef extern from "Python.h":
    ctypedef struct PyMemberDef:
        const char *name
        int type
        Py_ssize_t offset
        int flags
    ctypedef struct PyMemberDescrObject:
        PyMemberDef *d_member

cdef extern from *:
    """
    static PyObject *cleaner_records_alloc(PyTypeObject *type) { return type->tp_alloc(type, 0); }
    """
    PyObject *cleaner_records_alloc(PyTypeObject *type)

cdef enum:
    _MAX_FIELDS = 64
    _OBJECT_EX = 16  # T_OBJECT_EX / Py_T_OBJECT_EX: a slot holding any object, unset until written
    _READONLY = 1

_MEMBER_DESCRIPTOR = type(type("_Probe", (), {"__slots__": ("x",)}).__dict__["x"])


cdef class Maker:
    """Maker(cls, names)(values) is cls(*values) for a slotted class without __init__ logic of its own, names
    being all its slots in the order of values."""
    cdef PyTypeObject *type_
    cdef object cls
    cdef Py_ssize_t n
    cdef Py_ssize_t offsets[_MAX_FIELDS]

    def __init__(self, type cls, tuple names):
        cdef PyMemberDef *member
        if len(names) > _MAX_FIELDS:
            raise ValueError(f"{cls.__name__} has more than {_MAX_FIELDS} fields")
        for i, name in enumerate(names):
            descriptor = cls.__dict__.get(name)
            if type(descriptor) is not _MEMBER_DESCRIPTOR:
                raise ValueError(f"{cls.__name__}.{name} is not a slot")
            member = (<PyMemberDescrObject *> descriptor).d_member
            if member.type != _OBJECT_EX or member.flags & _READONLY:
                raise ValueError(f"{cls.__name__}.{name} is not a plain object slot")
            self.offsets[i] = member.offset
        self.cls = cls
        self.type_ = <PyTypeObject *> cls
        self.n = len(names)

    def __call__(self, tuple values):
        cdef Py_ssize_t i
        cdef PyObject *raw
        cdef PyObject **slot
        if len(values) != self.n:
            raise TypeError(f"{self.cls.__name__} takes {self.n} values, not {len(values)}")
        raw = cleaner_records_alloc(self.type_)
        if raw == NULL:
            raise MemoryError()
        obj = <object> raw  # takes a second reference; give back the one tp_alloc handed us
        Py_DECREF(obj)
        for i in range(self.n):
            value = values[i]
            slot = <PyObject **> (<char *> raw + self.offsets[i])
            Py_INCREF(value)
            Py_XDECREF(slot[0])
            slot[0] = <PyObject *> value
        return obj
