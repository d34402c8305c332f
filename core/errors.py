"""The errors jiuzhu reports to its users: one message, no traceback.

The CLI catches :class:`JiuzhuError` and prints ``str(error)``; anything else is a bug.
"""

from __future__ import annotations


class JiuzhuError(Exception):
    """An error the user can act on; its message says what and where."""


class InputError(JiuzhuError):
    """A data file the user gave is malformed; names the file, row, column and field."""

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None,
                 column: str | None = None):
        self.file, self.row, self.column, self.detail = file, row, column, message
        where = []
        if file:
            where.append(str(file))
        if row is not None:
            where.append(f"row {row}")
        if column:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class JurisdictionFileError(JiuzhuError):
    """A jurisdiction TOML file is malformed; names the file and the key."""


class UnknownJurisdiction(JiuzhuError):
    """A jurisdiction code that no installed plugin provides."""


class PluginError(JiuzhuError):
    """A plugin failed: names the plugin, its distribution and the hook.

    ``plugin`` is the plugin's name (its jurisdiction code) when the error is about one
    plugin's answer, so a caller that knows distributions can add it to the message.
    """

    def __init__(self, message: str, plugin: str | None = None):
        super().__init__(message)
        self.plugin = plugin


class ParameterError(JiuzhuError):
    """An override names an unknown parameter or a value it does not allow."""
