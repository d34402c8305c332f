"""The errors jiuzhu reports to its users: one message, no traceback.

The CLI catches :class:`JiuzhuError` and prints ``str(error)``; anything else is a bug.
"""

from __future__ import annotations


class JiuzhuError(Exception):
    """An error the user can act on; its message says what and where."""


class InputError(JiuzhuError):
    """A data file the user gave is malformed; names the file, row, column and field.

    ``message`` is English; ``zh`` the same in Chinese (the users' first language). Both are
    kept (``detail``, ``zh``) so a caller can show one; ``str()`` shows Chinese then English.
    """

    def __init__(self, message: str, *, zh: str | None = None, file: str | None = None, row: int | None = None,
                 column: str | None = None):
        self.file, self.row, self.column, self.detail, self.zh = file, row, column, message, zh
        super().__init__(self.text())

    def where(self, lang: str = "en") -> str:
        parts = [str(self.file)] if self.file else []
        if self.row is not None:
            parts.append(f"第 {self.row} 行" if lang == "zh" else f"row {self.row}")
        if self.column:
            parts.append(f"列 {self.column!r}" if lang == "zh" else f"column {self.column!r}")
        return ", ".join(parts)

    def text(self, lang: str = "both") -> str:
        """The message in ``zh``, ``en`` or ``both`` (Chinese, then English)."""
        if lang == "zh" and self.zh:
            body, where = self.zh, self.where("zh")
        else:
            body = f"{self.zh} / {self.detail}" if (self.zh and lang == "both") else self.detail
            where = self.where()
        return f"{where}: {body}" if where else body


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
