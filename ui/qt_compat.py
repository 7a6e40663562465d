"""Work around a reference-count bug in PySide6 6.12.0 on Python 3.11 (PySide6 6.11.3 does not have it).

In 6.12.0 every method that returns nothing (``QLabel.setText``, ``QApplication.processEvents``,
``QSortFilterProxyModel.setFilterFixedString`` ...) gives back ``None`` without taking a reference to it. Python
3.12 made ``None`` immortal, so there the bug is harmless; on 3.11 ``None`` starts with a few thousand references,
and after that many calls the interpreter aborts with "Fatal Python error: none_dealloc" — a coach's session would
end in a crash after some minutes of work. :func:`protect_none` gives ``None`` a reference count that cannot run
out, which is what Python 3.12 does for every immortal object. It runs when :mod:`ui` is imported, before any Qt
call; ``tests/test_qt_compat.py`` shows the bug and the protection.
"""

from __future__ import annotations

import sys

_HEADROOM = 1 << 48  # far more calls than a process can make


def needs_protection() -> bool:
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def protect_none() -> bool:
    """Raise ``None``'s reference count out of reach (CPython < 3.12 only). Returns whether it did."""
    if not needs_protection():
        return False
    import ctypes

    # CPython 3.11: a PyObject starts with its Py_ssize_t reference count, and id() is the object's address.
    # True and False too: a Python Signal(bool) emitted to a Python slot drops a reference to the bool the same way.
    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        if refcount.value < _HEADROOM:
            refcount.value += _HEADROOM
    return True
