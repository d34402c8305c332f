"""Reading typed fields out of a records table for checks: yes/no, numbers, education levels.

A blank or absent cell is *unknown* (the condition is then MISSING: needs review); a cell
that cannot be read is an :class:`InputError` naming the row and column.
"""

from __future__ import annotations

import re
import unicodedata

from jiuzhu.core.lazy import np

from jiuzhu.core.io.cells import parse_number  # not readers: loading a plugin must not import the file readers
from jiuzhu.core.model.table import Table

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


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == ""


def _read_distinct(records: Table, name: str, read):
    """Each distinct non-blank cell of the column read once by ``read`` (cell → value, or a
    ValueError saying why not), spread back over the rows: a million yes/no cells are a handful
    of words. Blank cells and an absent column get code -1. An unreadable cell is an error
    naming its first row, the earliest of any such in the file."""
    n = len(records)
    text = records.arrow.get(name)  # the reader's own text, when it kept it: no strings made
    column = records.get(name) if text is None else None
    if text is None and column is None:
        return [], np.full(n, -1, np.int64)
    codes, values = _factorised(None if column is None else np.asarray(column, dtype=object), text)
    read_values, bad, first = [], None, None
    for k, cell in enumerate(values):
        if _blank(cell):
            read_values.append(None)
            continue
        try:
            read_values.append(read(cell))
        except ValueError as exc:
            if first is None:
                first = _first_rows(codes, len(values))
            if bad is None or first[k] < bad[0]:
                bad = (int(first[k]), str(exc), getattr(exc, "zh", None))
            read_values.append(None)
    if bad is not None:
        raise records.error(bad[0], name, bad[1], zh=bad[2])
    for k, v in enumerate(read_values):
        if v is None:
            codes[codes == k] = -1
    return read_values, codes


def _first_rows(codes, count: int):
    first = np.full(count, np.iinfo(np.int64).max, np.int64)
    np.minimum.at(first, codes[codes >= 0], np.flatnonzero(codes >= 0))
    return first


def _factorised(cells, text=None):
    """``(codes, distinct values)``: each row's index into the distinct cells (-1: None).
    ``text``: the same cells as the reader's arrow text (a records file read column-wise),
    encoded as they are (``cells`` is then not needed) instead of converting strings back."""
    try:
        import pyarrow as pa

        if text is not None or all(isinstance(c, str) for c in cells[:64] if c is not None):
            if isinstance(text, pa.ChunkedArray):
                text = text.combine_chunks()
            encoded = (text if text is not None else pa.array(cells, pa.string())).dictionary_encode()
            codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
            return codes, encoded.dictionary.to_pylist()
    except (ImportError, pa.ArrowInvalid, pa.ArrowTypeError):
        pass
    index: dict = {}
    codes = np.fromiter((index.setdefault((type(c), c), len(index)) for c in cells), np.int64, len(cells))
    return codes, [c for _t, c in index]


def _spread(read_values, codes, fill, dtype, pick=lambda v: v):
    """The per-row column: each row's read value (``pick`` of it), ``fill`` where blank."""
    lut = np.array([fill if v is None else pick(v) for v in read_values] + [fill], dtype=dtype)
    return lut[codes]  # code -1 takes the last entry, the fill


def _yes_no(cell) -> bool:
    if isinstance(cell, (bool, np.bool_)):
        return bool(cell)
    text = str(cell).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{cell!r} is not yes/no (use yes, no, 是 or 否)")


def yes_no(records: Table, name: str) -> tuple[np.ndarray, np.ndarray]:
    """``(value, known)`` boolean columns; an absent column is all unknown."""
    read_values, codes = _read_distinct(records, name, _yes_no)
    return _spread(read_values, codes, False, bool), codes >= 0


def number(records: Table, name: str) -> tuple[np.ndarray, np.ndarray]:
    """``(value, known)``: a float column (NaN where unknown) and where it is known."""
    read_values, codes = _read_distinct(records, name, lambda cell: parse_number(str(cell)))
    value = _spread(read_values, codes, np.nan, float)
    return value, ~np.isnan(value)


def choice(records: Table, name: str, allowed: dict[str, str] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(value, known)``: a text column normalised through ``allowed`` (alias → key) if given."""
    def read(cell):
        text = str(cell).strip()
        if allowed is None:
            return text
        key = allowed.get(text, allowed.get(text.lower()))
        return key if key is not None else text  # an unlisted value is kept, not refused

    read_values, codes = _read_distinct(records, name, read)
    value = _spread(read_values, codes, "", object)
    return value, value != ""


def _education(cell) -> int:
    text = str(cell).strip()
    key = text if text in EDUCATION_LEVELS else text.lower().replace(" ", "_")
    if key not in EDUCATION_LEVELS:
        raise ValueError(f"unknown education level {text!r}; use one of 小学, 初中, 高中, 中专, "
                         "大专, 本科, 研究生 (or primary, junior_middle, senior_middle, "
                         "junior_college, bachelor, master)")
    return EDUCATION_LEVELS[key]


def education(records: Table, name: str = "education") -> tuple[np.ndarray, np.ndarray]:
    """``(rank, known)`` with ranks from :data:`EDUCATION_LEVELS`; an unknown word is an error."""
    read_values, codes = _read_distinct(records, name, _education)
    rank = _spread(read_values, codes, -1, np.int64)
    return rank, rank >= 0


_YEAR_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))$")


def parse_year_month(text: str, default_year: int) -> tuple[int, bool]:
    """``(months, bare)``: year × 12 + month − 1 for 2019-04, 2019/4, 2019年4月 or 201904; a bare
    month 1–12 is read in ``default_year`` (``bare`` true). Month 13, 4.5 or 0 is a ValueError."""
    text = unicodedata.normalize("NFKC", str(text)).strip()
    match = _YEAR_MONTH.match(text)
    bare = False
    if match:
        year, month = int(match.group(1)), int(match.group(2) or match.group(3))
    else:
        try:
            value = parse_number(text)
        except ValueError:
            value = None
        if value is None or value != int(value):
            raise ValueError(f"{text!r} is not a month; write a year-month such as 2019-04")
        year, month, bare = default_year, int(value), True
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r}: there is no month {month}; write a year-month such as 2019-04")
    return year * 12 + month - 1, bare


def year_month(records: Table, name: str, default_year: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(months, known, bare)``: each cell through :func:`parse_year_month` (a date cell as its
    year-month); an unreadable cell is an error naming it."""
    import datetime

    def read(cell):
        if isinstance(cell, (datetime.date, datetime.datetime)):
            return cell.year * 12 + cell.month - 1, False
        return parse_year_month(cell, default_year)

    read_values, codes = _read_distinct(records, name, read)
    months = _spread(read_values, codes, -1, np.int64, pick=lambda v: v[0])
    bare = _spread(read_values, codes, False, bool, pick=lambda v: v[1])
    return months, months >= 0, bare


def year_month_text(months: int) -> str:
    return f"{months // 12}-{months % 12 + 1:02d}"


def share(records: Table, name: str) -> tuple[np.ndarray, np.ndarray]:
    """``(value, known)``: a share from 0 to 1 written as people write it: 0.95, 95%, 95 %,
    100%. A bare number above 1 is refused (95 could mean 95% or a count), as is anything
    outside 0–100%."""
    def read(cell):
        text = unicodedata.normalize("NFKC", str(cell)).strip()
        percent = text.endswith("%")
        number = parse_number(text.rstrip("%").strip())
        if percent:
            number /= 100
        if number > 1:
            raise ValueError(f"{text!r} is not a share: write 0.95 or 95% (at most 100%)")
        return number

    read_values, codes = _read_distinct(records, name, read)
    value = _spread(read_values, codes, np.nan, float)
    return value, ~np.isnan(value)
