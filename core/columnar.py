"""Fast columnar I/O for large units files (CSV and Parquet), with the same clear errors.

The fast path reads with pyarrow's multi-threaded CSV reader and checks whole columns at
once. When anything is off (a non-number, a negative count, an unknown level, a missing
cell), it hands the file to the precise row-by-row reader in :mod:`jiuzhu.core.readers`,
whose message names the file, row and column. Valid files never pay for that.
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from jiuzhu.core.atomic import replacing
from jiuzhu.core.errors import InputError
from jiuzhu.core.lazy import np
from jiuzhu.core.readers import (LEVEL_ALIASES, UNITS_COLUMNS, XLSX_SUFFIXES, header_index, read_table,
                                 read_text)
from jiuzhu.core.table import Table

PARQUET_SUFFIXES = (".parquet", ".pq")


def _arrow():
    import pyarrow
    import pyarrow.csv

    return pyarrow


def _header(path: Path) -> list[str]:
    import csv

    with open(path, newline="", encoding="utf-8-sig") as handle:
        try:
            return next(csv.reader(handle))
        except StopIteration:
            return []
        except UnicodeDecodeError:
            return []


def _column_map(header: list[str]) -> dict[str, str] | None:
    """English name → the file's header for each units column, or None when the header is
    not usable as is (the row reader then says what is wrong with it)."""
    try:
        index = header_index(header, UNITS_COLUMNS, "<header>")
    except InputError:
        return None
    return {name: header[position] for name, position in index.items()}


def _units_from_arrow(table, mapping: Mapping[str, str], source: str) -> Table | None:
    """A units Table from an arrow table, or None when any cell needs the precise reader's word.

    Read as the CSV reader types them: counts int64, level dictionary-encoded, code text
    (an empty cell is null). Nothing here needs pyarrow.compute (its import is not free).
    """
    pa = _arrow()
    columns = {}
    for name in ("population", "dibao_count"):
        col = table[mapping[name]]
        if col.null_count or not pa.types.is_integer(col.type):
            return None
        arr = col.to_numpy()
        if len(arr) and arr.min() < 0:
            return None
        columns[name] = arr.astype(np.int64, copy=False)
    level = table[mapping["level"]]
    if not pa.types.is_dictionary(level.type):
        level = level.dictionary_encode()
    level = level.combine_chunks() if isinstance(level, pa.ChunkedArray) else level
    names = [LEVEL_ALIASES.get(v.strip().lower()) if v is not None else None for v in level.dictionary.to_pylist()]
    if level.null_count or any(v is None for v in names):
        return None
    # The level column stays dictionary-encoded (arrow); Table.level_mask compares its codes
    # and a numpy copy is made only if something reads units["level"].
    code = table[mapping["code"]]
    if code.null_count or _any_edge_byte(code, _SPACE_BYTES, _SPACE_BYTES):
        return None  # an empty code (the row reader names the row), or one with spaces to trim
    arrow = {"code": code, "level": pa.DictionaryArray.from_arrays(level.indices, pa.array(names, pa.string()))}
    if "name" in mapping:
        columns["name"] = table[mapping["name"]].to_numpy(zero_copy_only=False)
        columns["name"] = np.array(["" if v is None else v for v in columns["name"]], dtype=object)
    return Table(columns, source, arrow)


def read_units_fast(path: str | Path, encoding: str | None = None) -> Table:
    """Read a units file (CSV, Parquet or .xlsx) column-wise where it can; on any doubt, the
    precise reader decides (and names the row and column of what is wrong)."""
    path = Path(path)
    source = str(path)
    if not path.exists():
        read_text(path)  # raises the usual "cannot read the file" InputError
    if path.suffix.lower() in PARQUET_SUFFIXES:
        return _read_parquet_units(path)
    if path.suffix.lower() in XLSX_SUFFIXES or (encoding and codecs.lookup(encoding).name != "utf-8"):
        return read_table(path, UNITS_COLUMNS, encoding=encoding)
    pa = _arrow()
    header = _header(path)
    mapping = _column_map(header)
    if mapping is not None:
        types = {mapping["population"]: pa.int64(), mapping["dibao_count"]: pa.int64(),
                 mapping["code"]: pa.string(), mapping["level"]: pa.dictionary(pa.int32(), pa.string())}
        if "name" in mapping:
            types[mapping["name"]] = pa.string()
        table = read_csv_typed(path, types)
        if table is not None:
            units = _units_from_arrow(table, mapping, source)
            if units is not None:
                return units
    # Something needs a precise message (or the file is unusual: not UTF-8, say): row by row.
    return read_table(path, UNITS_COLUMNS, encoding=encoding)


def read_csv_typed(path: Path, types: Mapping[str, object]):
    """The CSV's columns named in ``types`` (header → arrow type) as an arrow table, empty
    cells null; None when a cell does not convert (the row reader then says where)."""
    pa = _arrow()
    import pyarrow.csv as pcsv

    try:
        return pcsv.read_csv(path, convert_options=pcsv.ConvertOptions(
            column_types=dict(types), include_columns=list(types), strings_can_be_null=True))
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError):
        return None


def _read_parquet_units(path: Path) -> Table:
    pa = _arrow()
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(f"not a readable Parquet file: {exc}", file=str(path)) from None
    mapping = _column_map(table.column_names)
    if mapping is None:
        wanted = ", ".join(s.name for s in UNITS_COLUMNS if s.required)
        raise InputError(f"needs the columns {wanted}; it has {', '.join(table.column_names)}", file=str(path))
    units = _units_from_arrow(table, mapping, str(path))
    if units is None:
        _parquet_error(table, mapping, str(path))
    return units


def _parquet_error(table, mapping, source: str) -> None:
    """Name the first bad record of a Parquet file (records are numbered from 1)."""
    for name in ("code", "level", "population", "dibao_count"):
        values = table[mapping[name]].to_pylist()
        spec = next(s for s in UNITS_COLUMNS if s.name == name)
        for i, value in enumerate(values):
            try:
                spec.parse("" if value is None else str(value))
            except ValueError as exc:
                raise InputError(str(exc), file=source, row=i + 1, column=mapping[name]) from None
    raise InputError("the file's columns have types jiuzhu cannot read", file=source)


def write_table(path: str | Path, columns: Mapping[str, object], missing: str = "", bom: bool = True) -> None:
    """Write named columns (numpy or arrow) to CSV or Parquet (by suffix), atomically.

    Integer columns use -1 for "no value", written as ``missing`` (empty by default; null in
    Parquet). Large CSVs are formatted in chunks on two threads, then written in order.
    """
    pa = _arrow()
    path = Path(path)
    parquet = path.suffix.lower() in PARQUET_SUFFIXES
    arrays = {}
    for name, values in columns.items():
        if not (isinstance(values, np.ndarray) and values.dtype.kind == "i"):
            arrays[name] = values if isinstance(values, (pa.Array, pa.ChunkedArray)) else pa.array(values)
        elif parquet or missing == "":
            arrays[name] = pa.array(values, mask=values < 0)  # null: an empty cell, or null in Parquet
        elif missing.lstrip("-").isdigit():
            arrays[name] = pa.array(np.where(values < 0, int(missing), values))
        else:
            arrays[name] = pa.array(values, mask=values < 0).cast(pa.string()).fill_null(missing)
    if not parquet:
        arrays = {name: _inert(values) for name, values in arrays.items()}
    table = pa.table(arrays)
    with replacing(path) as tmp:
        if parquet:
            import pyarrow.parquet as pq

            pq.write_table(table, tmp)
        else:
            _write_csv(table, str(tmp), bom=bom)


_FORMULA_BYTES = [ord(c) for c in "=+-@\t\r"]
_SPACE_BYTES = [ord(c) for c in " \t\r\n"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text_buffers(array):
    """(offsets, bytes) of each non-empty chunk of an arrow string (or dictionary) array,
    read straight from its buffers: no conversion to Python strings and no pyarrow.compute
    (whose import alone costs more than these checks)."""
    pa = _arrow()
    chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
    for chunk in chunks:
        if pa.types.is_dictionary(chunk.type):
            chunk = chunk.dictionary
        if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)) or len(chunk) == 0:
            continue
        _validity, offsets_buf, data_buf = chunk.buffers()
        if data_buf is None:
            continue
        width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        offsets = np.frombuffer(offsets_buf, dtype=width)[chunk.offset: chunk.offset + len(chunk) + 1]
        yield offsets, np.frombuffer(data_buf, dtype=np.uint8)[offsets[0]:offsets[-1]], offsets[0]


def _any_edge_byte(array, first: list[int], last: list[int] | None = None) -> bool:
    """Whether any string of an arrow string (or dictionary) array starts with a byte in
    ``first`` (or ends with one in ``last``)."""
    for offsets, data, base in _text_buffers(array):
        filled = offsets[1:] > offsets[:-1]
        if not filled.any():
            continue
        if np.isin(data[offsets[:-1][filled] - base], first).any():
            return True
        if last is not None and np.isin(data[offsets[1:][filled] - 1 - base], last).any():
            return True
    return False


def _starts_like_formula(array) -> bool:
    """Whether any cell starts like a spreadsheet formula."""
    return _any_edge_byte(array, _FORMULA_BYTES)


def _has_control_byte(array) -> bool:
    """Whether any string of an arrow string array holds a control character (anywhere)."""
    return any(((data < 0x20) | (data == 0x7F)).any() for _offsets, data, _base in _text_buffers(array))


def inert_text(text: str) -> str:
    """Text a spreadsheet shows as text: control characters other than tab and line breaks
    become U+FFFD, and a cell that starts like a formula, or has a line that does (a CR
    inside a cell starts a new row for a careless reader: ``5303\\r=1+1``), gets a leading
    quote. Writers quote any cell holding a line break."""
    if any(ord(c) < 0x20 or c == "\x7f" for c in text):
        text = "".join("\ufffd" if (ord(c) < 0x20 and c not in "\t\r\n") or c == "\x7f" else c for c in text)
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if any(line.startswith(FORMULA_STARTS) for line in lines[1:]):
            return "'" + text
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _inert(values):
    """A text column with formula-like and control-character cells neutralised (CSV files
    are opened in Excel)."""
    pa = _arrow()
    if not isinstance(values, (pa.Array, pa.ChunkedArray)):
        return values
    if not (_starts_like_formula(values) or _has_control_byte(values)):
        return values
    cells = values.to_pylist()
    return pa.array([inert_text(c) if isinstance(c, str) else c for c in cells], pa.string())


BOM = b"\xef\xbb\xbf"


def inert_table(table):
    """``table`` with every text column made safe for a spreadsheet (:func:`inert_text`)."""
    pa = _arrow()
    for i, name in enumerate(table.column_names):
        column = table.column(i)
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            safe = _inert(column)
            if safe is not column:
                table = table.set_column(i, name, safe)
    return table


def _write_csv(table, path: str, chunks: int = 8, bom: bool = True) -> None:
    """CSV from an arrow table: UTF-8 with a BOM (Chinese Excel reads it as UTF-8), strings
    quoted; large tables formatted in chunks on two threads, written in order."""
    pa = _arrow()
    import pyarrow.csv as pcsv

    n = table.num_rows
    if n < 100_000:
        with open(path, "wb") as handle:
            if bom:
                handle.write(BOM)
            pcsv.write_csv(table, handle, write_options=pcsv.WriteOptions(quoting_style="needed"))
        return
    step = -(-n // chunks)

    def part(i: int) -> bytes:
        sink = pa.BufferOutputStream()
        pcsv.write_csv(table.slice(i * step, step), sink,
                       write_options=pcsv.WriteOptions(quoting_style="needed", include_header=i == 0))
        return sink.getvalue()

    with ThreadPoolExecutor(2) as pool, open(path, "wb") as handle:
        if bom:
            handle.write(BOM)
        for buffer in pool.map(part, range(chunks)):
            handle.write(buffer)
