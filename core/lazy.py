"""Modules imported on first use, so listing jurisdictions never pays for numpy.

Plugin modules are imported at discovery (``jiuzhu jurisdictions`` must start fast); the
numerical work happens later, inside hooks. ``from jiuzhu.core.lazy import np`` gives an
object that imports numpy the first time an attribute is read.
"""

from __future__ import annotations

import importlib
from types import ModuleType


class LazyModule:
    """A stand-in for a module, imported when one of its attributes is first needed."""

    def __init__(self, name: str):
        self._name = name

    def _module(self) -> ModuleType:
        return importlib.import_module(self._name)

    def __getattr__(self, attr: str):
        value = getattr(self._module(), attr)
        # Cache on the instance so later reads cost an ordinary attribute lookup.
        object.__setattr__(self, attr, value)
        return value

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


np = LazyModule("numpy")
