"""Dates in jurisdiction files and commands: reading them, and what "in force on a day" means.

One convention everywhere, stated once: a start date (``effective``, ``from``) is the first
day a rule applies and an end date (``until``) is the **last** day it applies; both days
are included. A value in force 2019-01-08 … 2020-12-31 answers on 2020-12-31 and not on
2021-01-01. A value replaced by a later one needs no end at all: the next ``from`` ends it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiuzhu.core.model.errors import JiuzhuError


def parse_date(value: Any, where: str) -> dt.date:
    """A TOML date (``2019-01-08``) or ISO text (``"2019-01-08"``) as a date; else an error naming ``where``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise JiuzhuError(f"{where}: {value!r} is not a date; write it as YYYY-MM-DD (日期格式应为 YYYY-MM-DD)")


def today() -> dt.date:
    """The default ``as_of``: the day a command runs."""
    return dt.date.today()


def covers(start: dt.date | None, until: dt.date | None, day: dt.date) -> bool:
    """Whether ``day`` lies in [start, until], both ends included (``None``: open)."""
    return (start is None or start <= day) and (until is None or day <= until)
