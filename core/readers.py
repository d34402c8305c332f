"""Reading users' tables (CSV) into :class:`~jiuzhu.core.table.Table`, with clear errors.

Row numbers in messages are the file's line numbers as a spreadsheet shows them: the
header is row 1, the first record row 2.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path

from jiuzhu.core.lazy import np
from attrs import frozen

from jiuzhu.core.errors import InputError
from jiuzhu.core.table import UNIT_LEVELS, Table


@frozen
class ColumnSpec:
    """One column a table kind accepts: English name, Chinese aliases, how to read a cell."""

    name: str
    aliases: tuple[str, ...]
    parse: Callable[[str], object]
    required: bool = True
    dtype: object = object


#: Larger than any count of people or yuan jiuzhu meets; beyond it a cell is refused, not
#: silently overflowed.
MAX_NUMBER = 10**12
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_number(text: str) -> float:
    """A non-negative number as a spreadsheet user writes it.

    Full-width digits and commas (１２，０００) are read as ASCII (NFKC); commas must separate
    thousands (12,000), anything else with a comma is refused rather than misread;
    negatives, NaN, infinities and absurdly large values are refused with the reason.
    """
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if cleaned == "":
        raise ValueError("empty cell, a number is needed")
    if "," in cleaned:
        if not _THOUSANDS.match(cleaned):
            raise ValueError(f"{text!r}: commas must separate thousands, as in 12,000")
        cleaned = cleaned.replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a number")
    if value < 0:
        raise ValueError(f"{text.strip()} is negative; it cannot be")
    if value > MAX_NUMBER:
        raise ValueError(f"{text.strip()} is too large (more than {MAX_NUMBER:,})")
    return value


def parse_count(text: str) -> int:
    """A non-negative whole number ("12000", "１２,０００", "12000.0"); refuses fractions."""
    value = parse_number(text)
    if value != int(value):
        raise ValueError(f"{text!r} is not a whole number")
    return int(value)


LEVEL_ALIASES = {
    "county": "county", "县": "county", "县级": "county", "区": "county", "县区": "county",
    "township": "township", "乡镇": "township", "乡": "township", "镇": "township",
    "街道": "township",
    "village": "village", "村": "village", "社区": "village", "村(社区)": "village",
}


def parse_level(text: str) -> str:
    key = text.strip().lower()
    if key in LEVEL_ALIASES:
        return LEVEL_ALIASES[key]
    raise ValueError(f"unknown level {text.strip()!r}; use one of {', '.join(UNIT_LEVELS)} "
                     "(or 县, 乡镇, 村)")


def parse_text(text: str) -> str:
    return text.strip()


def parse_code(text: str) -> str:
    code = text.strip()
    if not code:
        raise ValueError("empty cell, a unit code is needed")
    return code


UNITS_COLUMNS = (
    ColumnSpec("code", ("行政区划代码", "代码"), parse_code),
    ColumnSpec("name", ("名称",), parse_text, required=False),
    ColumnSpec("level", ("层级",), parse_level),
    ColumnSpec("population", ("人口", "人口数"), parse_count, dtype="int64"),
    ColumnSpec("dibao_count", ("低保对象数", "低保人数"), parse_count, dtype="int64"),
)


@frozen
class Decoded:
    """A file's text and the encoding it was read with (``guessed``: not said by the user)."""

    text: str
    encoding: str
    guessed: bool = False


def decode(raw: bytes, source: str, encoding: str | None = None) -> Decoded:
    """Text from bytes: the ``encoding`` asked for, else UTF-8 (with or without a byte-order
    mark), else GB18030 (which reads GBK and GB2312, what Excel writes on a Chinese-language
    Windows machine), said as a guess."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r} (try utf-8, gbk or gb18030)", file=source) from None
        try:
            return Decoded(raw.decode(encoding), encoding)
        except UnicodeDecodeError as exc:
            raise InputError(f"the file is not valid {encoding} text (byte {exc.start})", file=source) from None
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(raw[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"the file starts as UTF-8 but byte {exc.start + 3} is not UTF-8", file=source) from None
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(raw.decode("gb18030"), "gb18030", guessed=True)
    except UnicodeDecodeError as exc:
        raise InputError(f"the file is neither UTF-8 nor GBK/GB18030 text (byte {exc.start}); save it as "
                         "CSV UTF-8, or name its encoding with --encoding", file=source) from None


def read_text(path: str | Path, encoding: str | None = None) -> Decoded:
    """A user's file as text, decoded as :func:`decode` says, or an InputError."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", file=str(path)) from None
    return decode(raw, str(path), encoding)


XLSX_SUFFIXES = (".xlsx", ".xlsm")


def _xlsx_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def read_rows(path: str | Path, encoding: str | None = None) -> tuple[list[list[str]], tuple[str, ...]]:
    """Every row of a CSV or .xlsx file (first sheet) as text cells, and notes for the user
    (the encoding guessed, the sheet read). Nothing in the file is evaluated or run."""
    source = str(path)
    if Path(path).suffix.lower() in XLSX_SUFFIXES:
        import zipfile

        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            # data_only: a formula cell gives its last saved value; formulas are never evaluated.
            book = load_workbook(path, read_only=True, data_only=True)
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror or exc}", file=source) from None
        except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise InputError(f"not a readable .xlsx workbook ({exc})", file=source) from None
        sheet = book.worksheets[0]
        rows = [[_xlsx_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
        notes = (f"read the first sheet, {sheet.title!r}",) if len(book.sheetnames) > 1 else ()
        return rows, notes
    decoded = read_text(path, encoding)
    notes = ((f"read as {decoded.encoding.upper()}: the file is not UTF-8 (--encoding chooses another)",)
             if decoded.guessed else ())
    reader = csv.reader(io.StringIO(decoded.text, newline=""))
    try:
        return list(reader), notes
    except csv.Error as exc:
        raise InputError(f"not readable as CSV: {exc}", file=source, row=reader.line_num) from None


def header_index(header: list[str], specs: tuple[ColumnSpec, ...], source: str) -> dict[str, int]:
    """English column name → position in ``header`` (English or Chinese labels); a duplicate or
    a missing required column is an InputError naming the file."""
    found: dict[str, int] = {}
    for position, raw in enumerate(header):
        label = raw.strip().lstrip("\ufeff")
        for spec in specs:
            if label == spec.name or label in spec.aliases:
                if spec.name in found:
                    raise InputError(f"column {spec.name!r} appears twice (as {header[found[spec.name]]!r} "
                                     f"and {raw!r})", file=source, row=1)
                found[spec.name] = position
    missing = [s for s in specs if s.required and s.name not in found]
    if missing:
        wanted = "; ".join(f"{s.name} (or {' / '.join(s.aliases)})" for s in missing)
        raise InputError(f"missing column(s): {wanted}. The header has: {', '.join(header)}",
                         file=source, row=1)
    return found


def read_table(path: str | Path, specs: tuple[ColumnSpec, ...], keep_extra: bool = False,
               encoding: str | None = None) -> Table:
    """Read a CSV or .xlsx file with a header into a :class:`Table` of the columns ``specs`` name.

    Unknown extra columns are ignored (``keep_extra``: kept as text); a missing required
    column, a malformed cell or a short row raises :class:`InputError` naming the file,
    row and column. Blank rows (often trailing, from spreadsheets) are skipped.
    """
    source = str(path)
    rows, notes = read_rows(path, encoding)
    if not rows:
        raise InputError("the file is empty; it needs a header row", file=source)
    header = rows[0]
    index = header_index(header, specs, source)
    cells: dict[str, list] = {name: [] for name in index}
    extra = {h.strip(): k for k, h in enumerate(header) if keep_extra and k not in index.values() and h.strip()}
    extra_cells: dict[str, list] = {name: [] for name in extra}
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        for spec in specs:
            if spec.name not in index:
                continue
            pos = index[spec.name]
            if pos >= len(row):
                raise InputError(f"the row has {len(row)} cells, no value for this column",
                                 file=source, row=line_no, column=header[pos])
            cells[spec.name].append(_parse_cell(spec, row[pos], source, line_no, header[pos]))
        for name, pos in extra.items():
            extra_cells[name].append(row[pos].strip() if pos < len(row) else "")
    columns = _typed_columns(cells, specs)
    columns.update({name: _object_array(values) for name, values in extra_cells.items()})
    return Table(columns, source, notes=notes)


def _parse_cell(spec: ColumnSpec, text: str, source: str, row: int, column: str):
    """One cell read by its column's parser; a bad cell is an InputError saying where."""
    try:
        return spec.parse(text)
    except ValueError as exc:
        raise InputError(str(exc), file=source, row=row, column=column) from None


def _typed_columns(cells: Mapping[str, list], specs: tuple[ColumnSpec, ...]) -> dict[str, np.ndarray]:
    """Parsed cells as numpy columns of each spec's dtype (text as object arrays)."""
    dtypes = {s.name: s.dtype for s in specs}
    return {name: _object_array(values) if dtypes[name] is object else np.array(values, dtype=dtypes[name])
            for name, values in cells.items()}


def _records_by_arrow(path: str | Path, encoding: str | None, words: Mapping[str, str]) -> Table | None:
    """A plain UTF-8 CSV's records read column-wise by pyarrow (a million rows in a second),
    the same text cells the row reader gives; None where the row reader must decide: .xlsx,
    another encoding, a row longer or shorter than the header, anything pyarrow refuses."""
    path = Path(path)
    try:
        if path.suffix.lower() in XLSX_SUFFIXES or (encoding and codecs.lookup(encoding).name != "utf-8"):
            return None
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pcsv
    except (ImportError, LookupError):
        return None
    try:
        table = pcsv.read_csv(path, read_options=pcsv.ReadOptions(autogenerate_column_names=True),
                              parse_options=pcsv.ParseOptions(newlines_in_values=True),
                              convert_options=pcsv.ConvertOptions(
                                  column_types={f"f{i}": pa.string() for i in range(1024)},
                                  strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowTypeError, OSError, UnicodeDecodeError):
        return None
    if table.num_rows == 0 or table.num_columns >= 1024:
        return None
    header = [table.column(i)[0].as_py() for i in range(table.num_columns)]
    header = [words.get(h.strip().lstrip("\ufeff"), h.strip().lstrip("\ufeff")) for h in header]
    body = table.slice(1)
    filled = None
    for column in body.columns:  # a row of blank cells is skipped, as the row reader skips it
        cell = pc.not_equal(pc.utf8_trim_whitespace(column), "")
        filled = cell if filled is None else pc.or_(filled, cell)
    if filled is not None and not pc.all(filled).as_py():
        body = body.filter(filled)
    return Table({name: body.column(k).to_numpy(zero_copy_only=False).astype(object, copy=False)
                  for k, name in enumerate(header)}, str(path))


def _object_array(values: list) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def read_units(path: str | Path, keep_extra: bool = False, encoding: str | None = None) -> Table:
    """Read a units file, CSV or .xlsx (``code,name,level,population,dibao_count``; Chinese
    headers too). ``keep_extra`` keeps other columns (factor data for ``allocate``) as text.
    """
    return read_table(path, UNITS_COLUMNS, keep_extra=keep_extra, encoding=encoding)


def units_from_rows(rows: list[Mapping[str, object]]) -> Table:
    """Build a units table from dicts (the Python API's way to ask about one unit)."""
    columns: dict[str, list] = {s.name: [] for s in UNITS_COLUMNS}
    for i, row in enumerate(rows, start=1):
        for spec in UNITS_COLUMNS:
            value = row.get(spec.name)
            if value is None:
                if spec.required:
                    raise InputError(f"no value for {spec.name!r}", file="<rows>", row=i, column=spec.name)
                value = ""
            columns[spec.name].append(_parse_cell(spec, str(value), "<rows>", i, spec.name))
    return Table(_typed_columns(columns, UNITS_COLUMNS), "<rows>")


#: Chinese headers accepted for the fields checks and deductions read.
RECORD_ALIASES = {
    "姓名": "name", "编号": "id", "年龄": "age", "文化程度": "education", "学历": "education",
    "身体健康": "healthy", "遵纪守法": "law_abiding", "兼职": "other_job", "其他工作": "other_job",
    "类型": "kind", "皮包公司": "shell_company", "禁入": "banned", "价低者得": "chosen_on_lowest_price_only",
    "类别": "category", "用途": "use", "次数": "count", "起数": "count", "月工资": "monthly_wage",
    "倍数": "multiplier", "购买主体层级": "purchaser_level",
}


def read_records(path: str | Path, encoding: str | None = None, headers: Mapping[str, str] | None = None) -> Table:
    """Read a records file, CSV or .xlsx (candidates, contractors, incidents…): every column
    kept, as text.

    Headers may be English field names or the Chinese ones in ``headers`` (``{header: field
    name}``, what a subject declares: :meth:`jiuzhu.core.subjects.Subject.headers`), else
    :data:`RECORD_ALIASES`; the rule that reads a field parses it and names the row and
    column if it cannot.
    """
    source = str(path)
    words = {**RECORD_ALIASES, **(headers or {})}
    table = _records_by_arrow(path, encoding, words)
    if table is not None:
        return table
    rows, notes = read_rows(path, encoding)
    if not rows:
        raise InputError("the file is empty; it needs a header row", file=source)
    header = [words.get(h.strip().lstrip("\ufeff"), h.strip().lstrip("\ufeff")) for h in rows[0]]
    body = [r for r in rows[1:] if any(c.strip() for c in r)]
    for line_no, row in enumerate(rows[1:], start=2):
        if any(c.strip() for c in row) and len(row) > len(header) and any(c.strip() for c in row[len(header):]):
            raise InputError(f"the row has {len(row)} cells, the header {len(header)}", file=source, row=line_no)
    return Table({name: _object_array([r[k] if k < len(r) else "" for r in body]) for k, name in enumerate(header)},
                 source, notes=notes)
