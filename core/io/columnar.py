"""Fast columnar I/O for large units files (CSV and Parquet), with the same clear errors.

The fast path reads with pyarrow's multi-threaded CSV reader and checks whole columns at
once, straight from arrow's buffers. It accepts a file only when every cell is one the
row reader (:mod:`jiuzhu.core.io.readers`) reads to the same value: plain ASCII digits for
counts and codes, a known level word, text without edge spaces. Anything else (a comma,
a unit, a blank line, a title row, an unknown column) goes to the row reader, whose
message names the file, row and column. Valid national files never pay for that.
:func:`jiuzhu.core.io.readers.read_units` chooses; nothing else calls the fast path.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

from jiuzhu.core.hooks.interrupts import stop_if_interrupted
from jiuzhu.core.io.atomic import replacing
from jiuzhu.core.io.cells import (CODE_LENGTHS, MAX_NUMBER, digit_keys, padded_codes, parse_code, parse_count,
                                  parse_number, parse_text)
from jiuzhu.core.model.errors import InputError
from jiuzhu.core.lazy import np
from jiuzhu.core.io.readers import UNITS_COLUMNS, _unknown_column_note, header_index
from jiuzhu.core.io.sheets import _delimiter, check_encoding
from jiuzhu.core.model.table import Deferred, Table

PARQUET_SUFFIXES = (".parquet", ".pq")
_COUNT_DIGITS = len(str(MAX_NUMBER))
_TOTAL_WORDS = ("合计", "小计", "总计", "共计", "总合计")


def _arrow():
    import pyarrow
    import pyarrow.csv

    return pyarrow


def _first_line(path: Path) -> str | None:
    """The file's first line as UTF-8 text (None if it is not, or is absurdly long)."""
    with open(path, "rb") as handle:
        head = handle.readline(1 << 20)
    if not head.endswith(b"\n"):
        return None  # no line end within 1 MB: not a header the fast path reads
    try:
        return head.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _column_map(header: list[str], specs) -> dict[str, str] | None:
    """English name → the file's header for each column, when every header cell is exactly
    one of ``specs`` (else None: the row reader has something to say about it)."""
    notes: list[str] = []
    try:
        index = header_index(header, specs, "<header>", 1, notes)
    except InputError:
        return None
    if notes or len(index) != len(header):
        return None
    return {name: header[position] for name, position in index.items()}


def _one_chunk(array):
    """An arrow array as one chunk (a record batch's column already is one)."""
    pa = _arrow()
    if isinstance(array, pa.ChunkedArray):
        return array.combine_chunks() if array.num_chunks != 1 else array.chunk(0)
    return array


def _text_column(array):
    """An arrow string column as one chunk, or None if it is not text or has a null cell
    (what the fast paths read cell by cell from the buffers)."""
    pa = _arrow()
    array = _one_chunk(array)
    if not pa.types.is_string(array.type) or array.null_count:
        return None
    return array


def _digit_cells(array, max_len: int):
    """``(lengths, cells)`` of an arrow string column whose every cell is 1..max_len ASCII
    digits, or None if any cell is anything else. Row i of ``cells`` (a uint8 matrix as wide
    as the longest cell) holds cell i's bytes left-aligned, then the next cells' bytes:
    gathered straight from arrow's buffers, so no Python string, and no intermediate as long
    as the text, is made."""
    array = _text_column(array)
    if array is None:
        return None
    n = len(array)
    if n == 0:
        return np.zeros(0, np.int32), np.zeros((0, 1), np.uint8)
    _validity, offsets_buf, data_buf = array.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int32)[array.offset: array.offset + n + 1]
    lengths = np.diff(offsets)
    width = int(lengths.max())
    if lengths.min() < 1 or width > max_len:
        return None
    data = np.frombuffer(data_buf, dtype=np.uint8)[offsets[0]:offsets[-1]]
    if data.min() < 48 or data.max() > 57:
        return None
    starts = offsets[:-1] - offsets[0]
    last = len(data) - width  # the last position with ``width`` bytes from it
    # Row i of ``windows`` is the ``width`` bytes from position i: a view, no copy.
    windows = np.lib.stride_tricks.as_strided(data, shape=(last + 1, width), strides=(1, 1), writeable=False)
    cells = windows[np.minimum(starts, last)]
    for i in range(int(np.searchsorted(starts, last, side="right")), n):  # the few cells nearer the end
        tail = data[starts[i]:]
        cells[i] = 0
        cells[i, :len(tail)] = tail
    return lengths, cells


def _digit_numbers(array, max_len: int):
    """``(lengths, values)`` of an arrow string column whose every cell is 1..max_len ASCII
    digits (at most 18), or None if any cell is anything else. The bytes are checked in
    numpy, then arrow reads the numbers (int64) in C: no Python string is made."""
    pa = _arrow()
    # arrow's cast kernel, called as pyarrow.compute calls it: importing pyarrow.compute
    # itself writes a Python wrapper for each of its functions (~16 ms of a 0.35 s run).
    from pyarrow._compute import CastOptions, call_function

    array = _text_column(array)
    if array is None:
        return None
    n = len(array)
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    _validity, offsets_buf, data_buf = array.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int32)[array.offset: array.offset + n + 1]
    lengths = np.diff(offsets)
    if lengths.min() < 1 or lengths.max() > max_len:
        return None
    data = np.frombuffer(data_buf, dtype=np.uint8)[offsets[0]:offsets[-1]]
    if data.min() < 48 or data.max() > 57:
        return None
    return lengths, call_function("cast", [array], CastOptions(pa.int64())).to_numpy()


def _counts(column):
    parsed = _digit_numbers(column, _COUNT_DIGITS)
    if parsed is None:
        return None
    values = parsed[1]
    return None if len(values) and values.max() > MAX_NUMBER else values


def _codes(column):
    """The code column as fixed-width numpy text (no Python string per code), made when
    first read (:class:`~jiuzhu.core.model.table.Deferred`: a comparison writes the file's
    own text and never reads it), and its :func:`~jiuzhu.core.io.cells.code_keys` (for
    duplicates); or None when any cell is not a 6-, 9- or 12-digit code."""
    parsed = _digit_numbers(column, max(CODE_LENGTHS))
    if parsed is None:
        return None
    lengths, values = parsed
    per_length = np.bincount(lengths)
    if per_length.sum() != per_length[[k for k in CODE_LENGTHS if k < len(per_length)]].sum():
        return None  # a code of 7 digits, say: the row reader names its row
    return Deferred(lambda: _code_text(column), len(lengths)), digit_keys(padded_codes(values, lengths), lengths)


def _code_text(column):
    """Codes (ASCII digits, checked by :func:`_codes`) as fixed-width numpy text, read-only:
    each cell's bytes left-aligned in a row as wide as the longest, zero past its end."""
    lengths, cells = _digit_cells(column, max(CODE_LENGTHS))
    cells &= _kept_bytes(cells.shape[1])[lengths]  # the text ends with the cell
    text = cells.astype(np.uint32).view(f"<U{cells.shape[1]}").reshape(len(cells))
    text.flags.writeable = False
    return text


@cache
def _kept_bytes(width: int):
    """Row k: 0xFF in the first k places of ``width``, then 0 (a mask for a cell of k bytes)."""
    return np.where(np.arange(width)[None, :] < np.arange(width + 1)[:, None], 0xFF, 0).astype(np.uint8)


def _by_dictionary(column, parse):
    """``(values, arrow)``: each distinct cell read once by the row reader's own ``parse``
    (levels, roles), as a numpy column and as an arrow dictionary of the words read (None
    unless they are text); or None if any cell is one ``parse`` refuses. Chunk by chunk: a
    dictionary column (as the CSV reader hands it) is read from its indices, with no
    hashing of the text."""
    pa = _arrow()
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    read: dict = {}
    parts, dictionaries = [], []
    for chunk in chunks:
        if chunk.null_count:
            return None
        if not pa.types.is_dictionary(chunk.type):
            chunk = chunk.dictionary_encode()
        words = chunk.dictionary.to_pylist()
        try:
            values = [read[w] if w in read else read.setdefault(w, parse(w)) for w in words]
        except ValueError:  # CellError and every parser's refusal
            return None
        names = np.empty(max(len(values), 1), dtype=object)
        names[:len(values)] = values
        parts.append(names[chunk.indices.to_numpy(zero_copy_only=False)])
        if all(isinstance(v, str) for v in values):
            dictionaries.append(pa.DictionaryArray.from_arrays(chunk.indices, pa.array(values, pa.string())))
    values = np.concatenate(parts) if parts else np.empty(0, dtype=object)
    whole = dictionaries and len(dictionaries) == len(chunks) and len({d.type for d in dictionaries}) == 1
    return values, pa.chunked_array(dictionaries) if whole else None


def _names(column):
    if column.null_count or _any_edge_byte(column, _SPACE_BYTES, _SPACE_BYTES):
        return None
    if _any_starts_with(column, _TOTAL_WORDS):
        return None  # a 合计 row: the row reader skips it and says so
    return column.to_numpy(zero_copy_only=False)


#: Parsers whose cells the fast path reads from the text's bytes; any other parser (level
#: words) reads each distinct cell once, from a dictionary column.
_BYTE_PARSERS = (parse_code, parse_count, parse_number, parse_text)


def _fast_column(spec, column):
    """A column read as the row reader would read it with ``spec``, or None to defer."""
    if spec.parse is parse_code:
        return _codes(column)
    if spec.parse is parse_count:
        return _counts(column)
    if spec.parse is parse_number:
        counts = _counts(column)
        return None if counts is None else counts.astype(np.float64)
    if spec.parse is parse_text:
        return _names(column)
    return _by_dictionary(column, spec.parse)


def _from_arrow(table, mapping: Mapping[str, str], specs, source: str, first_row: int, notes: tuple = ()):
    """``(Table, code keys or None)`` from an arrow table of text columns, or None when any
    cell needs the row reader's word."""
    columns, keys, arrow = {}, None, {}
    for spec in specs:
        if spec.name not in mapping:
            continue
        column = table[mapping[spec.name]]
        values = _fast_column(spec, column)
        if values is None:
            return None
        if spec.parse is parse_code:
            columns[spec.name], keys = values  # made when read (see _codes)
            arrow[spec.name] = column  # the digits as the file wrote them
            continue
        if spec.parse not in _BYTE_PARSERS:
            values, words = values
            if words is not None:
                arrow[spec.name] = words
        values = values if spec.dtype is object else np.asarray(values, dtype=spec.dtype)
        values.flags.writeable = False  # the Table keeps it as it is, without a copy
        columns[spec.name] = values
    n = table.num_rows
    rows = np.arange(first_row, first_row + n, dtype=np.int64)
    rows.flags.writeable = False  # the Table keeps it as it is, without a copy
    return Table(columns, source, notes, rows=rows, arrow=arrow), keys


def csv_fast(path: str | Path, specs, encoding: str | None = None):
    """``(Table, code keys or None)`` of a plain CSV file read column-wise, or None when the
    row reader must decide (see the module's docstring). :func:`jiuzhu.core.io.readers.read_table`
    is the only caller: it asks here first."""
    path = Path(path)
    mapping = csv_columns(path, specs, encoding)
    if mapping is None:
        return None
    pa = _arrow()
    import pyarrow.csv as pcsv

    try:
        table = pcsv.read_csv(path, parse_options=pcsv.ParseOptions(ignore_empty_lines=False),
                              convert_options=csv_convert_options(mapping, specs))
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError, OSError):
        return None
    return _from_arrow(table, mapping, specs, str(path), first_row=2)


def csv_columns(path: Path, specs, encoding: str | None = None) -> dict[str, str] | None:
    """English name → header of each column of a plain UTF-8, comma-separated file whose
    header the fast path reads (every cell one of ``specs``), or None: the row reader decides.
    The whole-file and the batch readers (:mod:`jiuzhu.core.io.batches`) both ask here."""
    name = check_encoding(encoding, str(path))
    if name not in (None, "utf-8", "utf-8-sig"):
        return None
    try:
        line = _first_line(path)
    except OSError:
        return None  # the row reader says why it cannot read the file
    if line is None or _delimiter(line, path.suffix.lower()) != ",":
        return None
    import csv

    return _column_map(next(csv.reader([line.rstrip("\r\n")])), specs)


def csv_convert_options(mapping: Mapping[str, str], specs):
    """How pyarrow's CSV readers hand the fast path each column (see :func:`_csv_type`)."""
    import pyarrow.csv as pcsv

    return pcsv.ConvertOptions(column_types={h: _csv_type(spec) for spec in specs
                                             for name, h in mapping.items() if name == spec.name},
                               strings_can_be_null=False)


def _csv_type(spec):
    """What the CSV reader hands the fast path for a column: its text, or for words (levels)
    a dictionary of the distinct ones, built while parsing."""
    pa = _arrow()
    return pa.string() if spec.parse in _BYTE_PARSERS else pa.dictionary(pa.int32(), pa.string())


def parquet_table(path: str | Path):
    """A Parquet file as one arrow table, or an InputError saying why it cannot be read."""
    pa = _arrow()
    import pyarrow.parquet as pq

    try:
        return pq.read_table(path)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise InputError(f"not a readable Parquet file: {exc}", zh=f"不是可读的 Parquet 文件：{exc}",
                         file=str(path)) from None


def read_parquet_units(path: str | Path):
    """``(Table, code keys or None)`` of a Parquet units file; records are numbered from 1.
    Text columns are held to the same cells as CSV; a nested column is refused."""
    pa = _arrow()
    source = str(path)
    table = parquet_table(path)
    mapping, notes = parquet_columns(list(table.column_names), source)
    for name, column in mapping.items():
        kind = table.schema.field(column).type
        if pa.types.is_nested(kind) or pa.types.is_dictionary(kind) and pa.types.is_nested(kind.value_type):
            raise InputError(f"column {column!r} holds nested values ({kind}); each cell must be one value",
                             zh=f"{column} 列含嵌套值（{kind}）；每个单元格只能有一个值", file=source)
    text = pa.table({column: _as_text(table[column]) for column in mapping.values()})
    fast = _from_arrow(text, mapping, UNITS_COLUMNS, source, first_row=1, notes=tuple(notes))
    if fast is not None:
        return fast
    return _parquet_by_cell(text, mapping, source, tuple(notes)), None


def parquet_columns(names: list[str], source: str) -> tuple[dict[str, str], list[str]]:
    """English name → column of a Parquet units file's columns, and notes on the columns
    ignored (a missing required column is an InputError)."""
    notes: list[str] = []
    index = header_index(names, UNITS_COLUMNS, source, None, notes)
    mapping = {name: names[position] for name, position in index.items()}
    known = {alias: s.name for s in UNITS_COLUMNS for alias in (s.name, *s.aliases, *s.variants)}
    notes += [_unknown_column_note(h, known, "ignored") for h in names if h not in mapping.values()]
    return mapping, notes


def _as_text(column):
    """A Parquet column as the text a CSV would hold (ints as digits, nulls as empty)."""
    pa = _arrow()
    import pyarrow.compute as pc

    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    if pa.types.is_floating(column.type):
        values = column.to_pylist()
        return pa.array(["" if v is None else repr(v) for v in values], pa.string())
    return pc.fill_null(column.cast(pa.string()), "")


def _parquet_by_cell(text, mapping, source: str, notes: tuple) -> Table:
    """The row reader's reading of each cell (it names the record and column of a bad one)."""
    from jiuzhu.core.io.readers import _parse_cell, _typed_columns

    cells = {}
    for spec in UNITS_COLUMNS:
        if spec.name not in mapping:
            continue
        column = mapping[spec.name]
        cells[spec.name] = [_parse_cell(spec, v, source, i, column)
                            for i, v in enumerate(text[column].to_pylist(), start=1)]
    return Table(_typed_columns(cells, UNITS_COLUMNS), source, notes)


def write_table(path: str | Path, columns: Mapping[str, object], missing: str = "", bom: bool = True) -> None:
    """Write named columns (numpy or arrow) to CSV or Parquet (by suffix), atomically.

    Integer columns use -1 for "no value", written as ``missing`` (empty by default; null in
    Parquet). Large CSVs are formatted in chunks on two threads, then written in order.
    """
    with table_writer(path, missing, bom) as write:
        write(columns)


@contextlib.contextmanager
def table_writer(path: str | Path, missing: str = "", bom: bool = True) -> Iterator[Callable[[Mapping], None]]:
    """``write(columns)`` for batch after batch of the same named columns (as
    :func:`write_table` takes them), into one CSV or Parquet file (by suffix). The file
    replaces ``path`` only when the block ends without an error: until then it is a
    temporary file beside it, removed on any failure, so a bad cell in the last batch
    leaves the user's file as it was (see :func:`columns_writer`)."""
    path = Path(path)
    with replacing(path) as tmp, open(tmp, "wb") as handle, \
            columns_writer(handle, path.suffix.lower() in PARQUET_SUFFIXES, missing, bom) as write:
        yield write


def columns_writer(handle, parquet: bool, missing: str = "", bom: bool = True):
    """``write(columns)`` for batch after batch of the same named columns (numpy or arrow;
    -1 in an integer column is ``missing``, null in Parquet) into an open binary file, as
    one CSV (BOM first if ``bom``) or one Parquet file. The same columns in one batch or
    many give the same CSV bytes. The columns are converted and written on a second thread
    (see :func:`arrow_writer`): do not change them after the call."""
    pa = _arrow()
    return arrow_writer(handle, parquet, bom, lambda columns: pa.table(_arrow_columns(columns, missing, parquet)))


@contextlib.contextmanager
def arrow_writer(handle, parquet: bool, bom: bool = True, prepare: Callable | None = None) -> Iterator[Callable]:
    """``write(table)`` for arrow tables of the same columns, one after another, into an
    open binary file as one CSV (BOM first if ``bom``, the header once; text as it is: make
    it safe before, or in ``prepare``) or one Parquet file (a row group or more per table).

    ``write`` returns at once: each table (``prepare(item)`` if given) is made and written
    on a second thread while the caller builds the next one, one write pending at most
    (formatting releases the GIL, and a batch's rules are evaluated meanwhile). A failure
    there is raised by the next ``write`` or when the block ends; nothing is written to
    ``handle`` once the block is left."""
    state: dict = {}

    def write_now(item) -> None:
        table = prepare(item) if prepare is not None else item
        if parquet:
            import pyarrow.parquet as pq

            if "parquet" not in state:
                state["parquet"] = pq.ParquetWriter(handle, table.schema)
            writer = state["parquet"]
            writer.write_table(table if table.schema == writer.schema else table.cast(writer.schema))
            return
        if bom and not state:
            write_whole(handle, BOM)
        for buffer in _csv_parts(table, header=not state):
            write_whole(handle, buffer)
        state["csv"] = True

    try:
        with behind(write_now) as write:
            yield write
    finally:  # on a failure too (the pending write has ended): an unclosed writer would write later
        if "parquet" in state:
            state["parquet"].close()


def write_whole(handle, data) -> None:
    """Every byte of ``data`` written to the binary stream ``handle``, or an error raised.

    A buffered stream may take only the first part of a large block and say so in its
    count, raising nothing: standard output to a pipe whose reader has gone (``| head``)
    does, and the run ended 0 having written 64 KiB. The rest is offered again, so that
    error is raised. A stream left non-blocking by the program that started jiuzhu takes
    nothing for a while (None, or BlockingIOError): it is waited for, not taken as done."""
    stop_if_interrupted()  # between batches: a Ctrl-C some code swallowed ends the run here
    view = memoryview(data).cast("B")
    while view:
        try:
            done = handle.write(view)
        except BlockingIOError as exc:
            done = exc.characters_written
        if done is None and not hasattr(handle, "fileno"):
            done = len(view)  # a plain file-like object that counts nothing has taken it all
        if not done:
            _until_writable(handle)
            continue
        view = view[done:]


def _until_writable(handle) -> None:
    """Wait until a non-blocking stream can take bytes again (a second at most, then try)."""
    import select
    import time

    try:
        select.select([], [handle.fileno()], [], 1.0)
    except (OSError, ValueError, io.UnsupportedOperation):  # Windows waits on sockets only
        time.sleep(0.01)


@contextlib.contextmanager
def behind(work: Callable) -> Iterator[Callable]:
    """``put(*args)``, which runs ``work(*args)`` on a second thread and returns at once, one
    call pending at most (the caller builds the next batch meanwhile). A failure of ``work``
    is raised by the next ``put`` or when the block ends, before anything more is written;
    on any way out of the block the pending call has ended."""
    pool = ThreadPoolExecutor(max_workers=1)
    pending = None

    def put(*args) -> None:
        nonlocal pending
        if pending is not None:
            pending.result()
        pending = pool.submit(work, *args)

    try:
        yield put
        if pending is not None:
            pending.result()
    finally:
        pool.shutdown(wait=True)


def _arrow_columns(columns: Mapping[str, object], missing: str, parquet: bool) -> dict:
    """Named columns as arrow arrays, -1 in an integer column as ``missing`` (null in Parquet)."""
    pa = _arrow()
    arrays = {}
    for name, values in columns.items():
        if isinstance(values, np.ndarray) and values.dtype.kind == "U":
            arrays[name] = _arrow_text(values)
        elif isinstance(values, (pa.Array, pa.ChunkedArray)):
            # A dictionary (a reader's level words) is text in a Parquet file, as every other
            # text column; CSV writes it as it stands.
            arrays[name] = values.cast(values.type.value_type) if parquet and pa.types.is_dictionary(values.type) \
                else values
        elif not (isinstance(values, np.ndarray) and values.dtype.kind == "i"):
            arrays[name] = number_array(values) if isinstance(values, np.ndarray) else pa.array(values)
        elif parquet or missing == "":
            arrays[name] = number_array(values, values < 0)  # null: an empty cell, or null in Parquet
        elif missing == "0":
            arrays[name] = number_array(np.maximum(values, 0))  # one pass: -1 (no value) becomes 0
        elif missing.lstrip("-").isdigit():
            arrays[name] = number_array(np.where(values < 0, int(missing), values))
        else:
            arrays[name] = pa.array(values, mask=values < 0).cast(pa.string()).fill_null(missing)
    if not parquet:
        arrays = {name: _inert(values) for name, values in arrays.items()}
    return arrays


def number_array(values: np.ndarray, null=None):
    """A numpy number column as an arrow array over the same memory, null where ``null``.

    ``pa.array`` does the same, but its first call imports numpy.ma and looks for pandas
    (~7 ms of a command, most of it holding the GIL while the other threads wait); other
    columns (booleans, objects, another byte order) go to it."""
    pa = _arrow()
    if values.dtype.kind not in "iuf" or not values.dtype.isnative or values.ndim != 1:
        return pa.array(values, mask=null)
    values = np.ascontiguousarray(values)
    validity = None
    if null is not None and null.any():
        validity = pa.py_buffer(np.packbits(~null, bitorder="little"))
    return pa.Array.from_buffers(pa.from_numpy_dtype(values.dtype), len(values), [validity, pa.py_buffer(values)])


def _arrow_text(values):
    """An arrow string array of a numpy fixed-width text column (unit codes), built from its
    characters when they are ASCII (a few whole-array operations); else by pyarrow."""
    pa = _arrow()
    n, width = len(values), values.dtype.itemsize // 4
    if not n or not width or width > 255:
        return pa.array(values.tolist(), pa.string())
    chars = np.ascontiguousarray(values).view(np.uint32).reshape(n, width)
    if chars.max() >= 128:
        return pa.array(values.tolist(), pa.string())
    ascii_ = chars.astype(np.uint8)
    filled = (ascii_ != 0).view(np.uint8)
    if (filled[:, 1:] > filled[:, :-1]).any():
        return pa.array(values.tolist(), pa.string())  # a NUL inside a cell: pyarrow keeps it
    offsets = np.zeros(n + 1, np.int64)
    np.cumsum(filled @ np.ones(width, np.uint8), out=offsets[1:])
    if offsets[-1] >= 2**31:
        return pa.array(values.tolist(), pa.string())
    return pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets.astype(np.int32)),
                                                  pa.py_buffer(ascii_[filled.view(bool)])])


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


def _any_starts_with(array, words) -> bool:
    """Whether any string of an arrow string array starts with one of ``words``, compared
    on the bytes (no Python string per cell)."""
    for offsets, data, base in _text_buffers(array):
        starts, lengths = offsets[:-1] - base, offsets[1:] - offsets[:-1]
        for word in words:
            prefix = np.frombuffer(word.encode("utf-8"), dtype=np.uint8)
            at = starts[lengths >= len(prefix)]
            if len(at) and (data[at[:, None] + np.arange(len(prefix))] == prefix).all(axis=1).any():
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


#: Rows pyarrow's CSV writer formats at a time: its default (1,024) spends ~20% more CPU on
#: a national file's integer columns than 16,384 (the bytes are the same).
_CSV_ROWS = 16_384


def _csv_parts(table, header: bool = True, chunks: int = 8):
    """The CSV text of an arrow table, in order (the header first if ``header``): a large
    table is formatted in chunks on two threads."""
    pa = _arrow()
    import pyarrow.csv as pcsv

    n = table.num_rows
    if n < 100_000:
        sink = pa.BufferOutputStream()
        pcsv.write_csv(table, sink, write_options=pcsv.WriteOptions(quoting_style="needed", include_header=header,
                                                                       batch_size=_CSV_ROWS))
        yield sink.getvalue()
        return
    step = -(-n // chunks)

    def part(i: int):
        sink = pa.BufferOutputStream()
        pcsv.write_csv(table.slice(i * step, step), sink,
                       write_options=pcsv.WriteOptions(quoting_style="needed", include_header=header and i == 0,
                                                        batch_size=_CSV_ROWS))
        return sink.getvalue()

    with ThreadPoolExecutor(2) as pool:
        yield from pool.map(part, range(chunks))
