"""Reading typed fields out of a records table for checks: yes/no, numbers, education levels.

A blank or absent cell is *unknown* (the condition is then MISSING: needs review); a cell
that cannot be read is an :class:`InputError` naming the row and column.
"""

from __future__ import annotations

from jiuzhu.core.lazy import np

from jiuzhu.core.errors import InputError
from jiuzhu.core.readers import parse_number
from jiuzhu.core.table import Table

_TRUE = {"yes", "y", "true", "1", "是", "有", "对"}
_FALSE = {"no", "n", "false", "0", "否", "无", "没有"}

#: Education levels in order; Chinese and English names accepted.
EDUCATION_LEVELS = {
    "none": 0, "无": 0, "primary": 1, "小学": 1,
    "junior_middle": 2, "初中": 2,
    "senior_middle": 3, "高中": 3, "中专": 3, "职高": 3, "技校": 3,
    "junior_college": 4, "大专": 4, "专科": 4,
    "bachelor": 5, "本科": 5, "master": 6, "硕士": 6, "研究生": 6, "doctorate": 7, "博士": 7,
}


def _cells(records: Table, name: str) -> np.ndarray | None:
    col = records.get(name)
    return None if col is None else np.asarray(col, dtype=object)


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == ""


def yes_no(records: Table, name: str) -> tuple[np.ndarray, np.ndarray]:
    """``(value, known)`` boolean columns; an absent column is all unknown."""
    n = len(records)
    value, known = np.zeros(n, bool), np.zeros(n, bool)
    cells = _cells(records, name)
    if cells is None:
        return value, known
    for i, cell in enumerate(cells):
        if isinstance(cell, (bool, np.bool_)):
            value[i], known[i] = bool(cell), True
        elif not _blank(cell):
            text = str(cell).strip().lower()
            if text in _TRUE:
                value[i], known[i] = True, True
            elif text in _FALSE:
                known[i] = True
            else:
                raise InputError(f"{cell!r} is not yes/no (use yes, no, 是 or 否)",
                                 file=records.source, row=i + 2, column=name)
    return value, known


def number(records: Table, name: str) -> tuple[np.ndarray, np.ndarray]:
    """``(value, known)``: a float column (NaN where unknown) and where it is known."""
    n = len(records)
    value = np.full(n, np.nan)
    cells = _cells(records, name)
    if cells is None:
        return value, np.zeros(n, bool)
    for i, cell in enumerate(cells):
        if _blank(cell):
            continue
        try:
            value[i] = parse_number(str(cell))
        except ValueError as exc:
            raise InputError(str(exc), file=records.source, row=i + 2, column=name) from None
    return value, ~np.isnan(value)


def choice(records: Table, name: str, allowed: dict[str, str] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(value, known)``: a text column normalised through ``allowed`` (alias → key) if given."""
    n = len(records)
    value = np.full(n, "", dtype=object)
    cells = _cells(records, name)
    if cells is None:
        return value, np.zeros(n, bool)
    for i, cell in enumerate(cells):
        if _blank(cell):
            continue
        text = str(cell).strip()
        if allowed is not None:
            key = allowed.get(text, allowed.get(text.lower()))
            value[i] = key if key is not None else text  # an unlisted value is kept, not refused
        else:
            value[i] = text
    return value, value != ""


def education(records: Table, name: str = "education") -> tuple[np.ndarray, np.ndarray]:
    """``(rank, known)`` with ranks from :data:`EDUCATION_LEVELS`; an unknown word is an error."""
    n = len(records)
    rank = np.full(n, -1, dtype=np.int64)
    cells = _cells(records, name)
    if cells is None:
        return rank, np.zeros(n, bool)
    for i, cell in enumerate(cells):
        if _blank(cell):
            continue
        text = str(cell).strip()
        key = text if text in EDUCATION_LEVELS else text.lower().replace(" ", "_")
        if key not in EDUCATION_LEVELS:
            raise InputError(f"unknown education level {text!r}; use one of 小学, 初中, 高中, 中专, 大专, 本科, "
                             "研究生 (or primary, junior_middle, senior_middle, junior_college, bachelor, master)",
                             file=records.source, row=i + 2, column=name)
        rank[i] = EDUCATION_LEVELS[key]
    return rank, rank >= 0
