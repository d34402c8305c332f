"""Reading users' tables (CSV, tab-separated, UTF-16 text, .xlsx, .xls, Parquet) into a
:class:`~jiuzhu.core.model.table.Table`, with clear errors and nothing done silently.

Files as people keep them are read: a title row above the header (the header is found),
合计/小计/总计 rows and blank rows (skipped, and said), a 填表说明 sheet before the data (the
sheet holding the header is read, or the one ``--sheet`` names), Chinese header synonyms and
level words, numbers with units. Every record keeps its row number in the file, so a
message names the row the user sees in Excel.

:func:`read_units` is the one entry point for units files; it takes the columnar fast path
(:mod:`jiuzhu.core.io.columnar`) when that path can read the file exactly as the row reader
would, and the row reader otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path

from attrs import frozen

from jiuzhu.core.io.cells import (  # noqa: F401  (parse_* are this module's public names too)
    LEVEL_ALIASES,
    CellError,
    code_keys,
    parse_code,
    parse_count,
    parse_level,
    parse_number,
    parse_text,
    read_number,
    repeated_key_rows,
)
from jiuzhu.core.model.errors import InputError
from jiuzhu.core.lazy import np
from jiuzhu.core.io.sheets import XLSX_SUFFIXES, Sheet, read_text, sheets  # noqa: F401
from jiuzhu.core.model.table import Table

PARQUET_SUFFIXES = (".parquet", ".pq")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
#: How far down a sheet the header may sit (below title rows).
HEADER_SEARCH_ROWS = 30


@frozen
class ColumnSpec:
    """One column a table kind accepts: English name, Chinese aliases, how to read a cell."""

    name: str
    aliases: tuple[str, ...]
    parse: Callable[[str], object]
    required: bool = True
    dtype: object = object
    #: Aliases that name a different quantity of the same field: used if it is the only one,
    #: said when used (户籍人口 and 常住人口 are both populations, counted differently).
    variants: tuple[str, ...] = ()


UNITS_COLUMNS = (
    # Fixed-width numpy text: a national file's codes are one array, not 542,850 Python strings.
    ColumnSpec("code", ("行政区划代码", "区划代码", "统计用区划代码", "代码", "单位代码"), parse_code, dtype=str),
    ColumnSpec("name", ("名称", "单位名称", "地区", "地名"), parse_text, required=False),
    ColumnSpec("level", ("层级", "级别", "单位级别", "行政级别"), parse_level),
    ColumnSpec("population", ("人口", "人口数", "总人口"), parse_count, dtype="int64",
               variants=("户籍人口", "常住人口")),
    ColumnSpec("dibao_count", ("低保对象数", "低保人数", "低保对象人数", "低保对象"), parse_count, dtype="int64"),
)
_POPULATION_WORDS = {"户籍人口": "household-registered population 户籍人口",
                     "常住人口": "resident population 常住人口"}

#: Chinese headers accepted for the fields checks and deductions read.
RECORD_ALIASES = {
    "姓名": "name", "编号": "id", "年龄": "age", "文化程度": "education", "学历": "education",
    "身体健康": "healthy", "是否健康": "healthy", "遵纪守法": "law_abiding", "兼职": "other_job",
    "是否兼职": "other_job", "其他工作": "other_job",
    "类型": "kind", "皮包公司": "shell_company", "禁入": "banned", "价低者得": "chosen_on_lowest_price_only",
    "类别": "category", "用途": "use", "次数": "count", "起数": "count", "月工资": "monthly_wage",
    "倍数": "multiplier", "购买主体层级": "purchaser_level",
}
#: Headers that are not a field but are close to one, and what the user likely meant.
NEAR_MISSES = {"出生年月": "age", "出生日期": "age", "身体状况": "healthy", "健康状况": "healthy",
               "工作单位": "other_job"}
_TOTAL_ROW = re.compile(r"^(合计|小计|总计|共计|总合计)")


def _label(raw: str) -> str:
    """A header cell as compared: no BOM, no spaces or line breaks (wrapped merged headers),
    full-width parentheses and letters folded."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw.lstrip("\ufeff")))


def _spec_for(label: str, specs: tuple[ColumnSpec, ...]) -> ColumnSpec | None:
    low = label.lower()
    for spec in specs:
        if low == spec.name or label in spec.aliases or label in spec.variants:
            return spec
    return None


def header_index(header: list[str], specs: tuple[ColumnSpec, ...], source: str, row: int = 1,
                 notes: list | None = None) -> dict[str, int]:
    """English column name → position in ``header`` (English or Chinese labels); a duplicate or
    a missing required column is an InputError naming the file and the header's row."""
    found: dict[str, list[int]] = {}
    for position, raw in enumerate(header):
        spec = _spec_for(_label(raw), specs)
        if spec is not None:
            found.setdefault(spec.name, []).append(position)
    index = {}
    for name, positions in found.items():
        spec = next(s for s in specs if s.name == name)
        labels = [_label(header[p]) for p in positions]
        if len(positions) > 1 and set(labels) <= set(spec.variants):
            # 户籍人口 and 常住人口 both given: the first variant declared is used, and said.
            chosen = positions[labels.index(next(v for v in spec.variants if v in labels))]
            if notes is not None:
                notes.append(f"{name}: used column {header[chosen].strip()!r} "
                             f"({_POPULATION_WORDS.get(_label(header[chosen]), '')}); "
                             f"not {', '.join(repr(header[p].strip()) for p in positions if p != chosen)} / "
                             f"{name} 取自 {header[chosen].strip()!r} 列")
            index[name] = chosen
            continue
        if len(positions) > 1:
            raise InputError(f"column {name!r} appears twice (as {header[positions[0]]!r} and "
                             f"{header[positions[1]]!r})",
                             zh=f"{name} 列出现了两次（{header[positions[0]]!r} 与 {header[positions[1]]!r}）",
                             file=source, row=row)
        index[name] = positions[0]
        if labels[0] in spec.variants and notes is not None:
            notes.append(f"{name}: read from column {header[positions[0]].strip()!r} "
                         f"({_POPULATION_WORDS.get(labels[0], labels[0])}) / {name} 取自 {header[positions[0]].strip()!r} 列")
    missing = [s for s in specs if s.required and s.name not in index]
    if missing:
        wanted = "; ".join(f"{s.name} (or {' / '.join(s.aliases + s.variants)})" for s in missing)
        wanted_zh = "；".join(f"{s.aliases[0]}（或 {s.name}）" for s in missing)
        shown = ", ".join(h for h in header if h.strip())
        raise InputError(f"missing column(s): {wanted}. The header has: {shown}",
                         zh=f"缺少列：{wanted_zh}。表头为：{shown}", file=source, row=row)
    return index


def nearest_field(label: str, known: Mapping[str, str]) -> str | None:
    """The known field a header most likely meant (``known``: label → field), as "field (label)"."""
    if label in NEAR_MISSES:
        field = NEAR_MISSES[label]
        words = [k for k, v in known.items() if v == field and k != field]
        return f"{field} ({words[0]})" if words else field
    import difflib  # here: only a header no field knows needs it, and every run imports this module

    best = difflib.get_close_matches(label, list(known), n=1, cutoff=0.5)
    if not best:
        return None
    field = known[best[0]]
    return field if best[0] == field else f"{field} ({best[0]})"


def _unknown_column_note(label: str, known: Mapping[str, str], what: str) -> str:
    near = nearest_field(label, known)
    hint = f"; did you mean {near}?" if near else ""
    return f"column {label!r} is not a field jiuzhu knows: {what}{hint}"  # its Chinese: core/i18n.py


def _non_blank(cells: list[str]) -> int:
    return sum(1 for c in cells if c.strip())


def find_header(sheet: Sheet, is_header: Callable[[list[str]], int]) -> int | None:
    """Position in ``sheet.rows`` of the header: among the first rows, the one ``is_header``
    scores highest (known labels), else the first with more than one filled cell (a merged
    title sits alone in its row). None if the sheet is empty."""
    head = sheet.rows[:HEADER_SEARCH_ROWS]
    if not head:
        return None
    scores = [is_header(cells) for _, cells in head]
    if max(scores) > 0:
        return scores.index(max(scores))
    return next((i for i, (_, cells) in enumerate(head) if _non_blank(cells) > 1), 0)


@frozen
class Body:
    """The records below a header: ``(row number, cells)`` and notes on what was skipped."""

    header_row: int
    header: list
    rows: list
    notes: tuple


def _range_text(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:8])
    return shown + (f" and {len(numbers) - 8} more" if len(numbers) > 8 else "")


def body(sheet: Sheet, at: int) -> Body:
    """The rows below the header at ``sheet.rows[at]``: title rows above it, blank rows among
    the records and 合计 rows are left out, each said in a note."""
    header_row, header = sheet.rows[at]
    notes = []
    if header_row > 1:
        title = " ".join(c.strip() for c in sheet.rows[0][1] if c.strip()) if at > 0 else ""
        notes.append(f"the header is row {header_row}; the rows above it" + (f" ({title[:40]!r})" if title else "")
                     + f" were skipped as a title / 表头在第 {header_row} 行，其上的标题行已跳过")
    rows, totals, blanks = [], [], []
    previous = header_row
    for number, cells in sheet.rows[at + 1:]:
        blanks.extend(range(previous + 1, number))
        previous = number
        first = next((c for c in cells if c.strip()), "")
        if _TOTAL_ROW.match(re.sub(r"\s+", "", first)):
            totals.append(number)
            continue
        rows.append((number, cells))
    if blanks:
        notes.append(f"skipped blank row(s) {_range_text(blanks)} / 已跳过空行 {_range_text(blanks)}")
    if totals:
        notes.append(f"skipped row(s) {_range_text(totals)}: 合计/小计/总计 (totals), not records / "
                     f"已跳过合计行 {_range_text(totals)}")
    return Body(header_row, header, rows, tuple(notes))


def _pick_sheet(path, encoding, sheet_name, is_header, source) -> tuple[Sheet, int, tuple[str, ...]]:
    """The sheet to read and its header position: ``sheet_name`` (a name or 1-based number) if
    given, else the first sheet whose header ``is_header`` recognises, said when not the first."""
    found, notes = sheets(path, encoding)
    seen = []
    first = None
    for number, sheet in enumerate(found, start=1):
        seen.append(sheet.name)
        if sheet_name is not None:
            if sheet_name not in (sheet.name, str(number)):
                continue
            at = find_header(sheet, is_header)
            if at is None:
                raise InputError(f"sheet {sheet.name!r} is empty", zh=f"工作表 {sheet.name!r} 为空", file=source)
            return sheet, at, notes
        at = find_header(sheet, is_header)
        if at is None:
            continue
        if first is None:
            first = (sheet, at)
        if is_header(sheet.rows[at][1]) > 0:
            if number > 1:
                skipped = ", ".join(repr(s) for s in seen[:-1])
                notes += (f"read sheet {sheet.name!r}: the sheet(s) before it ({skipped}) hold no header "
                          f"jiuzhu knows (--sheet chooses another) / 读取工作表 {sheet.name!r}（--sheet 可另选）",)
            elif sheet.name is not None:
                notes += (f"read sheet {sheet.name!r} (--sheet chooses another) / 读取工作表 {sheet.name!r}",)
            return sheet, at, notes
    if sheet_name is not None:
        raise InputError(f"no sheet {sheet_name!r}; the workbook has: {', '.join(map(repr, seen))}",
                         zh=f"没有工作表 {sheet_name!r}；工作簿中有：{'、'.join(seen)}", file=source)
    if first is None:
        raise InputError("the file is empty; it needs a header row", zh="文件为空，需要表头行", file=source)
    sheet, at = first
    if sheet.name is not None and len(seen) > 1:
        notes += (f"read sheet {sheet.name!r} (--sheet chooses another) / 读取工作表 {sheet.name!r}",)
    return sheet, at, notes


def _units_header_score(specs: tuple[ColumnSpec, ...]) -> Callable[[list[str]], int]:
    required = {s.name for s in specs if s.required}

    def score(cells: list[str]) -> int:
        names = {spec.name for spec in (_spec_for(_label(c), specs) for c in cells) if spec is not None}
        return len(names) + (100 if required <= names else 0)

    return score


def read_table(path: str | Path, specs: tuple[ColumnSpec, ...], keep_extra: bool = False,
               encoding: str | None = None, sheet: str | None = None, columnar: bool = True) -> Table:
    """Read a file with a header into a :class:`Table` of the columns ``specs`` name.

    Unknown columns are said and ignored (``keep_extra``: kept as text); a missing required
    column, a malformed cell or a short row raises :class:`InputError` naming the file,
    row and column. A plain CSV is read column-wise when that reads every cell as the row
    reader would (``columnar=False``: row by row, for the tests that hold them to it).
    """
    return _read(path, specs, keep_extra, encoding, sheet, columnar)[0]


#: A CSV smaller than this is read row by row: importing pyarrow (~0.1 s) costs more than the
#: row reader takes on ~1,000 rows, so ``explain`` on the sample or a township's file starts at once.
COLUMNAR_FROM_BYTES = 32 * 1024


def _large(path) -> bool:
    try:
        return Path(path).stat().st_size >= COLUMNAR_FROM_BYTES
    except OSError:
        return True  # the reader says why it cannot read it


def _read(path, specs, keep_extra=False, encoding=None, sheet=None, columnar=True) -> tuple[Table, object]:
    """``(Table, code keys or None)``: the columnar path if it can (and the file is not small),
    else row by row."""
    if columnar and sheet is None and Path(path).suffix.lower() not in WORKBOOK_SUFFIXES and _large(path):
        from jiuzhu.core.io.columnar import csv_fast

        # With ``keep_extra`` too: the fast path takes only files with no column beyond
        # ``specs``, where keeping extra columns keeps nothing more.

        fast = csv_fast(path, specs, encoding)
        if fast is not None:
            return fast
    return _read_rows(path, specs, keep_extra, encoding, sheet), None


def _read_rows(path, specs, keep_extra, encoding, sheet) -> Table:
    source = str(path)
    chosen, at, notes = _pick_sheet(path, encoding, sheet, _units_header_score(specs), source)
    found = body(chosen, at)
    header, header_row = found.header, found.header_row
    said: list[str] = []
    index = header_index(header, specs, source, header_row, said)
    known = {alias: s.name for s in specs for alias in (s.name, *s.aliases, *s.variants)}
    extra = {}
    for k, h in enumerate(header):
        if k in index.values() or not h.strip():
            continue
        if keep_extra:
            extra[h.strip()] = k
        elif not _is_variant_left_out(h, specs):
            said.append(_unknown_column_note(h.strip(), known, "ignored"))
    cells: dict[str, list] = {name: [] for name in index}
    extra_cells: dict[str, list] = {name: [] for name in extra}
    units_read: dict[str, list] = {}
    numbers = []
    width = len(header)
    while width and not header[width - 1].strip():
        width -= 1  # trailing empty header cells (a merged title's width)
    for line_no, row in found.rows:
        numbers.append(line_no)
        if len(row) > width and any(c.strip() for c in row[width:]):  # a cell no column names: not dropped unsaid
            raise InputError(f"the row has {len(row)} cells, the header {width}",
                             zh=f"该行有 {len(row)} 个单元格，表头只有 {width} 个", file=source, row=line_no)
        for spec in specs:
            if spec.name not in index:
                continue
            pos = index[spec.name]
            if pos >= len(row):
                raise InputError(f"the row has {len(row)} cells, no value for this column",
                                 zh=f"该行只有 {len(row)} 个单元格，此列无值",
                                 file=source, row=line_no, column=header[pos])
            cells[spec.name].append(_parse_cell(spec, row[pos], source, line_no, header[pos], units_read))
        for name, pos in extra.items():
            extra_cells[name].append(row[pos].strip() if pos < len(row) else "")
    said.extend(_units_note(units_read))
    columns = _typed_columns(cells, specs)
    columns.update({name: _object_array(values) for name, values in extra_cells.items()})
    written = {name: header[pos].strip() for name, pos in index.items() if header[pos].strip() != name}
    table = Table(columns, source, notes=notes + found.notes + tuple(said), rows=np.array(numbers, dtype=np.int64),
                  headers=written)
    return table


def _is_variant_left_out(label: str, specs) -> bool:
    return any(_label(label) in s.variants for s in specs)


def _parse_cell(spec: ColumnSpec, text: str, source: str, row: int, column: str, units_read: dict | None = None):
    """One cell read by its column's parser; a bad cell is an InputError saying where."""
    try:
        value = spec.parse(text)
    except CellError as exc:
        raise InputError(str(exc), zh=exc.zh, file=source, row=row, column=column) from None
    except ValueError as exc:
        raise InputError(str(exc), file=source, row=row, column=column) from None
    if units_read is not None and spec.parse is parse_count and not text.strip().isdigit():
        _value, unit = read_number(text)
        if unit:
            units_read.setdefault(column, []).append(f"{text.strip()!r} as {value}")
    return value


def _units_note(units_read: Mapping[str, list]) -> list[str]:
    """Say how numbers written with units were read ("3980人" as 3980, "6.185万" as 61850)."""
    out = []
    for column, readings in units_read.items():
        shown = ", ".join(readings[:3]) + (f" and {len(readings) - 3} more" if len(readings) > 3 else "")
        out.append(f"column {column!r}: read numbers written with units: {shown} (万 = 10,000) / "
                   f"{column} 列含单位的数字已换算：{shown}（万 = 10000）")
    return out


def _typed_columns(cells: Mapping[str, list], specs: tuple[ColumnSpec, ...]) -> dict[str, np.ndarray]:
    """Parsed cells as numpy columns of each spec's dtype (text as object arrays, codes as
    fixed-width text)."""
    dtypes = {s.name: s.dtype for s in specs}
    return {name: _object_array(values) if dtypes[name] is object else np.array(values, dtype=dtypes[name])
            for name, values in cells.items()}


def _object_array(values: list) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def refuse_duplicate_codes(units: Table, keys=None) -> Table:
    """The table, unless two records share a unit code: then an InputError naming both rows.

    ``keys``: :func:`~jiuzhu.core.io.cells.code_keys` of the codes, if the reader has them.
    """
    codes = units["code"]
    if len(codes) < 2:
        return units
    found = repeated_key_rows(code_keys(codes) if keys is None else keys)
    if found is not None:
        first, second = found
        raise duplicate_code_error(units.source, codes[first], units.row_of(first), units.row_of(second),
                                   units.headers.get("code", "code"))
    return units


def duplicate_code_error(source: str, code: str, first_row: int, second_row: int, column: str = "code") -> InputError:
    """The one message for a unit code given twice, naming both rows."""
    return InputError(f"unit code {code} appears twice, on rows {first_row} and {second_row}; each unit once "
                      "(it would be counted twice)",
                      zh=f"区划代码 {code} 出现两次（第 {first_row} 行与第 {second_row} 行）；"
                         "每个单位只能出现一次，否则会被重复计算", file=source, row=second_row, column=column)


def read_units(path: str | Path, keep_extra: bool = False, encoding: str | None = None,
               sheet: str | None = None) -> Table:
    """Read a units file: CSV, tab-separated or UTF-16 text, .xlsx, .xls or Parquet
    (``code,name,level,population,dibao_count``; Chinese headers too). ``keep_extra`` keeps
    other columns (factor data for ``allocate``) as text.

    Large plain CSV and Parquet files are read column-wise when every cell is one the row
    reader reads the same way; otherwise, and for every other file, row by row.
    """
    if Path(path).suffix.lower() in PARQUET_SUFFIXES:
        from jiuzhu.core.io.columnar import read_parquet_units

        return refuse_duplicate_codes(*read_parquet_units(path))
    return refuse_duplicate_codes(*_read(path, UNITS_COLUMNS, keep_extra, encoding, sheet))


def read_units_batches(path: str | Path, encoding: str | None = None, sheet: str | None = None,
                       rows: int | None = None):
    """:func:`read_units` in record batches, for commands that answer each unit on its own
    (see :mod:`jiuzhu.core.io.batches`): an iterable of tables whose ``rows`` are the
    records' rows in the file; a code given twice anywhere is an InputError after the last."""
    from jiuzhu.core.io.batches import UnitBatches

    return UnitBatches(path, encoding, sheet, rows)


def units_from_rows(rows: list[Mapping[str, object]]) -> Table:
    """Build a units table from dicts (the Python API's way to ask about one unit).

    Codes here are any non-empty text (a test's "u1"); files need GB/T 2260 codes.
    """
    specs = tuple(ColumnSpec(s.name, s.aliases, _any_code, s.required, s.dtype) if s.name == "code" else s
                  for s in UNITS_COLUMNS)
    columns: dict[str, list] = {s.name: [] for s in specs}
    for i, row in enumerate(rows, start=1):
        for spec in specs:
            value = row.get(spec.name)
            if value is None:
                if spec.required:
                    raise InputError(f"no value for {spec.name!r}", zh=f"{spec.name} 无值", file="<rows>", row=i,
                                     column=spec.name)
                value = ""
            columns[spec.name].append(_parse_cell(spec, str(value), "<rows>", i, spec.name))
    return Table(_typed_columns(columns, specs), "<rows>")


def _any_code(text: str) -> str:
    code = text.strip()
    if not code:
        raise CellError("empty cell, a unit code is needed", "空单元格，需要填写区划代码")
    return code


def record_fields() -> dict[str, str]:
    """Header label → field name for records files (Chinese aliases and the names themselves)."""
    return {**{v: v for v in RECORD_ALIASES.values()}, **RECORD_ALIASES}


def read_records(path: str | Path, encoding: str | None = None, sheet: str | None = None,
                 headers: Mapping[str, str] | None = None, columnar: bool = True) -> Table:
    """Read a records file (candidates, contractors, incidents…): every column kept, as text.

    Headers may be English field names or the Chinese ones in ``headers`` (``{header: field
    name}``, what a subject declares: :meth:`jiuzhu.core.rules.subjects.Subject.headers`), else
    :data:`RECORD_ALIASES`. A column that is none of them is said, with the nearest field
    (with ``headers``, every column the subject does not declare; without, Chinese headers
    no rule reads). The rule that reads a field parses it and names the row and column if
    it cannot.

    A plain UTF-8 CSV is read column-wise when that reads every cell as the row reader would
    (``columnar=False``: row by row, for the tests that hold them to it); Parquet always is.
    """
    known = {**record_fields(), **(headers or {})}
    suffix = Path(path).suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        from jiuzhu.core.io.columnar_records import read_parquet_records

        return read_parquet_records(path, known, headers)
    if columnar and sheet is None and suffix not in WORKBOOK_SUFFIXES:
        from jiuzhu.core.io.columnar_records import records_fast

        fast = records_fast(path, known, headers, encoding)
        if fast is not None:
            return fast
    return _read_records_rows(path, known, headers, encoding, sheet)


def read_records_batches(path: str | Path, encoding: str | None = None, sheet: str | None = None,
                         headers: Mapping[str, str] | None = None, rows: int | None = None):
    """:func:`read_records` in record batches (an iterable of tables whose ``rows`` are the
    records' rows in the file), for commands that answer each record on its own:
    :class:`jiuzhu.core.io.columnar_records.RecordBatches`."""
    from jiuzhu.core.io.columnar_records import RecordBatches

    return RecordBatches(path, headers, encoding, sheet, rows)


def records_header_score(known: Mapping[str, str]) -> Callable[[list[str]], int]:
    """How much a row looks like a records file's header: the labels it holds that ``known`` names."""
    def score(cells: list[str]) -> int:
        return sum(1 for c in cells if _label(c) in known)

    return score


@frozen
class RecordsHeader:
    """A records file's header read: each column's field name (or its own label), how many
    columns it spans (trailing empty cells left out), and what is said about it."""

    names: list
    width: int
    notes: tuple


def records_header(raw: list[str], known: Mapping[str, str], headers: Mapping[str, str] | None) -> RecordsHeader:
    """The header row ``raw`` resolved through ``known`` (label → field); a column no field
    names is said (see :func:`read_records`)."""
    names = [known.get(_label(h), h.strip().lstrip("\ufeff")) for h in raw]
    width = len(names)
    while width and not names[width - 1]:
        width -= 1  # trailing empty header cells (a merged title's width)
    said = []
    declared = set(headers.values()) if headers else None
    for h in names[:width]:
        unknown = (h not in declared) if declared is not None else (not h.isascii() and h not in known.values())
        if h and unknown:
            said.append(_unknown_column_note(h, headers or known, "no rule reads it"))
    return RecordsHeader(names, width, tuple(said))


def records_columns(header: RecordsHeader, raw: list[str], source: str, header_row) -> tuple[dict, dict]:
    """``({field: position}, {field: header as written})`` of the named columns, in order; a
    column named twice is an InputError."""
    positions, written = {}, {}
    for k, name in enumerate(header.names[:header.width]):
        if not name:
            continue
        if raw[k].strip().lstrip("\ufeff") != name:
            written[name] = raw[k].strip().lstrip("\ufeff")
        if name in positions:
            raise InputError(f"column {name!r} appears twice", zh=f"{name} 列出现了两次", file=source,
                             row=header_row)
        positions[name] = k
    return positions, written


def _read_records_rows(path, known, headers, encoding, sheet) -> Table:
    """The row reader of records files (any file :func:`read_records` takes)."""
    source = str(path)
    chosen, at, notes = _pick_sheet(path, encoding, sheet, records_header_score(known), source)
    found = body(chosen, at)
    header = records_header(found.header, known, headers)
    width = header.width
    for line_no, row in found.rows:
        if len(row) > width and any(c.strip() for c in row[width:]):
            raise InputError(f"the row has {len(row)} cells, the header {width}",
                             zh=f"该行有 {len(row)} 个单元格，表头只有 {width} 个", file=source, row=line_no)
    positions, written = records_columns(header, found.header, source, found.header_row)
    columns = {name: _object_array([r[k] if k < len(r) else "" for _, r in found.rows])
               for name, k in positions.items()}
    return Table(columns, source, notes=notes + found.notes + header.notes,
                 rows=np.array([n for n, _ in found.rows], dtype=np.int64), headers=written)
