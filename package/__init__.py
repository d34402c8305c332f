"""jiuzhu (救助): China's local social-assistance administration rules as cited, comparable code.

Plugin authors need only :data:`hookimpl`::

    from jiuzhu import hookimpl

    @hookimpl
    def jiuzhu_staffing_rule(units, parameters):
        ...
"""

import pluggy

__all__ = ["hookimpl", "__version__"]

#: Marks a function as an implementation of a jiuzhu hook (see :mod:`jiuzhu.core.hookspecs`).
hookimpl = pluggy.HookimplMarker("jiuzhu")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jiuzhu")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


__version__ = _version()
