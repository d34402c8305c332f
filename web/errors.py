"""Errors as the API and the pages report them: one message, with the file, row, column and
field it concerns, and a 4xx status (5xx only for a failing plugin or a bug)."""

from __future__ import annotations

from typing import Any

import click

from jiuzhu.core.model.errors import InputError, JiuzhuError, PluginError, UnknownJurisdiction
from jiuzhu.web.security import TooLarge


def status_of(exc: BaseException) -> int:
    from jiuzhu.web.runs import TooManyRows

    if isinstance(exc, (TooLarge, TooManyRows)):
        return 413
    if isinstance(exc, (UnknownJurisdiction, LookupError)):
        return 404
    if isinstance(exc, PluginError):
        return 500
    if isinstance(exc, (JiuzhuError, click.ClickException, ValueError)):
        return 400
    return 500


def error_body(exc: BaseException) -> dict[str, Any]:
    """``message`` (where and what, as the CLI prints it), ``file``, ``row``, ``column``, ``field``."""
    if isinstance(exc, click.ClickException):
        message = exc.format_message()
    elif isinstance(exc, LookupError):
        message = exc.args[0] if exc.args else str(exc)
    elif status_of(exc) == 500 and not isinstance(exc, PluginError):
        message = "internal error; the server log has the details"
    else:
        message = str(exc)
    located = isinstance(exc, InputError)
    column = exc.column if located else None
    return {"message": message, "detail": exc.detail if located else None,
            "file": exc.file if located else None, "row": exc.row if located else None,
            "column": column, "field": getattr(exc, "field", None) or column}
