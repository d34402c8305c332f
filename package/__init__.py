"""jiuzhu (救助): China's local social-assistance administration rules as cited, comparable code.

Plugin authors import from :mod:`jiuzhu.plugin`, the whole plugin API::

    from jiuzhu.plugin import StaffingRule, hookimpl

    @hookimpl
    def jiuzhu_staffing_rule(units, chain):
        ...

``hookimpl`` marks a function as an implementation of a jiuzhu hook (see
:mod:`jiuzhu.core.hooks.specs`); ``jiuzhu.hookimpl`` is the same object.
"""

__all__ = ["hookimpl", "__version__"]


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jiuzhu")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str):
    # ``hookimpl`` (pluggy) and ``__version__`` (importlib.metadata) are made on first use,
    # so ``jiuzhu --help`` does not pay for either.
    if name == "hookimpl":
        import pluggy

        value = pluggy.HookimplMarker("jiuzhu")
    elif name == "__version__":
        value = _version()
    else:
        raise AttributeError(f"module 'jiuzhu' has no attribute {name!r}")
    globals()[name] = value
    return value
