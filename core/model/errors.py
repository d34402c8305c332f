"""The errors jiuzhu reports to its users: one message, no traceback.

The CLI catches :class:`JiuzhuError` and prints ``str(error)``; anything else is a bug.
"""

from __future__ import annotations


class JiuzhuError(Exception):
    """An error the user can act on; its message says what and where."""


class Terminated(SystemExit):
    """SIGTERM arrived while a file was being written: the run ends with 128 + the signal's
    number. Raised in whatever code was running then, a plugin's hook too, so it is never
    taken for that plugin's own ``sys.exit()``."""


class InputError(JiuzhuError):
    """A data file the user gave is malformed; names the file, row, column and field.

    ``message`` is English and is ``str()``; ``zh`` is the same in Chinese (the users' first
    language), written beside it where the error is raised; :meth:`chinese` places it.
    """

    def __init__(self, message: str, *, zh: str | None = None, file: str | None = None, row: int | None = None,
                 column: str | None = None):
        self.file, self.row, self.column, self.detail, self.zh = file, row, column, message, zh
        where = [str(file)] if file else []
        if row is not None:
            where.append(f"row {row}")
        if column:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)

    def chinese(self) -> str | None:
        """The whole message in Chinese, if the Chinese text was given."""
        if not self.zh:
            return None
        where = [str(self.file)] if self.file else []
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.column:
            where.append(f"“{self.column}”列")
        return f"{'，'.join(where)}：{self.zh}" if where else self.zh


class JurisdictionFileError(JiuzhuError):
    """A jurisdiction TOML file is malformed; names the file and the key."""


class UnknownJurisdiction(JiuzhuError):
    """A jurisdiction code that no installed plugin provides."""


class PluginError(JiuzhuError):
    """A plugin failed: names the plugin, its module and distribution, and the hook.

    Given ``plugin``, the message is what happened ("failed in jiuzhu_staffing_rule: …") and
    the error names the plugin before it, with ``module`` and ``distribution`` when known. A
    caller that learns the distribution later (the combiner does not know it) sets
    ``distribution`` and re-raises the same error.
    """

    def __init__(self, message: str, plugin: str | None = None, module: str | None = None,
                 distribution: str | None = None):
        super().__init__(message)
        self.detail, self.plugin, self.module, self.distribution = message, plugin, module, distribution

    def __str__(self) -> str:
        if self.plugin is None:
            return self.detail
        where = ", ".join(w for w in (self.module, self.distribution and f"distribution {self.distribution}") if w)
        return f"plugin {self.plugin}" + (f" ({where})" if where else "") + f" {self.detail}"


class ParameterError(JiuzhuError):
    """An override names an unknown parameter or a value it does not allow."""


class ParameterOutOfForce(ParameterError):
    """A rule read a parameter that has no dated value on the day asked: that rule of that
    level answers nothing that day (the rest of the chain, and the level's other rules, do)."""
