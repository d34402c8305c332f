"""Records files (candidates, contractors, incidents…) read column-wise: a plain UTF-8 CSV
by pyarrow's multi-threaded reader, and Parquet, into the same :class:`Table` the row
reader (:func:`jiuzhu.core.io.readers.read_records`) builds, with the same notes and errors.

The CSV path takes a file only when the row reader would read it as a header on row 1
above rows of the same width: it defers (returns None) for anything that reader has
something to say about or reads its own way: a title row, a blank row, a 合计 row, a
ragged row, a cell holding a control character or longer than Python's CSV field limit,
another encoding or delimiter. Whether a row is blank or a total is decided on the bytes
for every row, and by the row reader's own test only for the few rows the bytes leave in
doubt. :func:`read_records` chooses; nothing else calls these.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from attrs import frozen

from jiuzhu.core.io.columnar import _arrow, _as_text, _first_line, _has_control_byte, _text_column
from jiuzhu.core.io.readers import (HEADER_SEARCH_ROWS, _TOTAL_ROW, _non_blank, records_columns, records_header,
                                    records_header_score)
from jiuzhu.core.io.sheets import MAX_HEADER_CHARS, _delimiter, check_encoding
from jiuzhu.core.lazy import np
from jiuzhu.core.model.errors import InputError
from jiuzhu.core.model.table import Deferred, Table

#: UTF-8 lead bytes of the non-ASCII characters Python's ``str.strip`` removes (U+0085,
#: U+00A0, U+1680, U+2000–U+205F, U+3000): a cell starting with one may be blank.
_SPACE_LEADS = (0xC2, 0xE1, 0xE2, 0xE3)
#: 计, the character every 合计/小计/总计/共计 shares, in UTF-8.
_JI = np.frombuffer("计".encode(), np.uint8)


def _buffers(array):
    """``(offsets, data)`` of a string array, both relative to its first cell."""
    n = len(array)
    _validity, offsets_buf, data_buf = array.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int32)[array.offset: array.offset + n + 1].astype(np.int64)
    if data_buf is None or n == 0:
        return offsets - offsets[0], np.zeros(0, np.uint8)
    return offsets - offsets[0], np.frombuffer(data_buf, dtype=np.uint8)[offsets[0]:offsets[-1]]


def _surely_filled(offsets, data) -> np.ndarray:
    """Per cell, whether it holds something other than white space, judged by its first
    byte (False: in doubt; the row reader's test decides)."""
    filled = offsets[1:] > offsets[:-1]
    first = np.zeros(len(filled), np.uint8)
    first[filled] = data[offsets[:-1][filled]]
    return ((first >= 0x21) & (first <= 0x7E)) | ((first >= 0x80) & ~np.isin(first, _SPACE_LEADS))


def _rows_with_ji(offsets, data) -> np.ndarray:
    """Rows whose cell holds 计 (a total row's word)."""
    if len(data) < 3:
        return np.zeros(0, np.int64)
    at = np.flatnonzero((data[:-2] == _JI[0]) & (data[1:-1] == _JI[1]) & (data[2:] == _JI[2]))
    return np.searchsorted(offsets, at, side="right") - 1


def _skipped_by_row_reader(cells: list[str]) -> bool:
    """The row reader's own test: a blank row, or a 合计 row (its first filled cell)."""
    first = next((c for c in cells if c.strip()), None)
    return first is None or bool(_TOTAL_ROW.match(re.sub(r"\s+", "", first)))


def _objects(array) -> np.ndarray:
    """A text column as the row reader hands it (a read-only numpy array of Python strings);
    a column of few distinct words makes each word once."""
    if len(array.slice(0, 4096).dictionary_encode().dictionary) < 512:  # judged on its first cells
        encoded = array.dictionary_encode()
        out = encoded.dictionary.to_numpy(zero_copy_only=False)[encoded.indices.to_numpy(zero_copy_only=False)]
    else:
        out = array.to_numpy(zero_copy_only=False)
    out.flags.writeable = False  # the Table keeps it as it is, no copy
    return out


def _deferred_objects(text: Mapping) -> dict:
    """Each arrow text column as the row reader's strings (:func:`_objects`), made when
    first read: a check reads its fields from the arrow text itself (the Table keeps it)."""
    return {name: Deferred(lambda column=column: _objects(column), len(column)) for name, column in text.items()}


def _first_fields(path: Path, encoding: str | None) -> int | None:
    """How many cells the first line holds, when the file may be a plain UTF-8 CSV (else None)."""
    try:
        if check_encoding(encoding, str(path)) not in (None, "utf-8", "utf-8-sig"):
            return None
        line = _first_line(path)
    except (InputError, OSError):
        return None  # the row reader says why
    if line is None or _delimiter(line, path.suffix.lower()) != ",":
        return None
    import csv

    try:
        return len(next(csv.reader([line.rstrip("\r\n")])))
    except (csv.Error, StopIteration):
        return None


def _csv_options(width: int) -> dict:
    """pyarrow's CSV options: every cell text, the header read as the first row of cells."""
    pa = _arrow()
    import pyarrow.csv as pcsv

    return {"read_options": pcsv.ReadOptions(autogenerate_column_names=True, block_size=1 << 20),
            "parse_options": pcsv.ParseOptions(ignore_empty_lines=False),
            "convert_options": pcsv.ConvertOptions(column_types={f"f{i}": pa.string() for i in range(width)},
                                                   strings_can_be_null=False)}


@frozen
class _Header:
    """A records file's header as both paths read it."""

    header: object  # readers.RecordsHeader
    positions: dict
    written: dict


def _header_of(columns, known, headers, source: str) -> _Header | None:
    """The header on the first row of ``columns`` (the file's first rows), or None when the
    row reader would find it elsewhere (a title above it), or has something to say first
    (then the columns hold the whole file, or the caller asks the row reader)."""
    head = [[c[r].as_py() for c in columns] for r in range(min(len(columns[0]), HEADER_SEARCH_ROWS))]
    score = records_header_score(known)
    scores = [score(cells) for cells in head]
    if not scores or max(scores) > scores[0] or (scores[0] == 0 and _non_blank(head[0]) < 2):
        return None  # no header on row 1, or a better one below it: the row reader finds it
    # Row 1 naming no known field (unit,month,score) is still the header the row reader takes.
    header = records_header(head[0], known, headers)
    for c in columns:
        offsets = _buffers(c)[0]
        if len(offsets) > 1 and np.diff(offsets).max() > MAX_HEADER_CHARS:
            return None  # Python's csv module refuses it, before any word on the header
    for c in columns[header.width:]:
        if len(_buffers(c)[1]):
            return None  # cells beyond the header: the row reader says whether they matter
    positions, written = records_columns(header, head[0], source, 1)  # a column named twice: refused
    return _Header(header, positions, written)


def _records_table(columns, found: _Header, source: str, skip: int, first_row: int, notes: tuple) -> Table | None:
    """The records of arrow text ``columns`` from position ``skip`` on, as the row reader
    reads them (the first numbered ``first_row``), or None if it would read any otherwise."""
    pa = _arrow()
    if not columns or any(c is None for c in columns):
        return None
    buffers = [_buffers(c) for c in columns]
    for c, (offsets, _data) in zip(columns, buffers):
        if _has_control_byte(c) or (len(offsets) > 1 and np.diff(offsets).max() > MAX_HEADER_CHARS):
            return None  # Python's csv module reads these its own way (or refuses them)
    for offsets, data in buffers[found.header.width:]:
        if len(data):
            return None  # cells beyond the header: the row reader says whether they matter
    n = len(columns[0])
    doubt = np.ones(n, bool)
    ji = []
    for offsets, data in buffers:
        doubt &= ~_surely_filled(offsets, data)
        ji.append(_rows_with_ji(offsets, data))
    suspects = np.union1d(np.flatnonzero(doubt), np.concatenate(ji))
    suspects = suspects[suspects >= skip]
    if len(suspects):
        index = pa.array(suspects)
        cells = zip(*[c.take(index).to_pylist() for c in columns])
        if any(_skipped_by_row_reader(list(row)) for row in cells):
            return None
    text = {name: columns[k].slice(skip) for name, k in found.positions.items()}
    return Table(_deferred_objects(text), source, notes=notes,
                 rows=np.arange(first_row, first_row + n - skip, dtype=np.int64), headers=found.written,
                 arrow=text)


def records_fast(path: str | Path, known: Mapping[str, str], headers: Mapping[str, str] | None,
                 encoding: str | None = None) -> Table | None:
    """A plain CSV records file read column-wise, or None when the row reader must read it
    (see the module's docstring). ``known`` and ``headers`` as in :func:`read_records`."""
    pa = _arrow()
    import pyarrow.csv as pcsv

    path = Path(path)
    width = _first_fields(path, encoding)
    if width is None:
        return None
    try:
        table = pcsv.read_csv(path, **_csv_options(width))
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError, OSError):
        return None
    columns = [_text_column(table.column(i)) for i in range(table.num_columns)]
    if not columns or any(c is None for c in columns):
        return None
    found = _header_of(columns, known, headers, str(path))
    if found is None:
        return None
    return _records_table(columns, found, str(path), 1, 2, found.header.notes)


class RecordBatches:
    """The records of a records file, batch by batch (iterate once): a plain UTF-8 CSV the
    columnar path reads is streamed by pyarrow, each batch read as :func:`records_fast`
    reads the whole (the header's notes on the first). Any other file, or a batch that path
    cannot read, is read by the row reader (:func:`read_records` with ``columnar=False``),
    and the records not yet yielded follow: its message names the true row, and a file it
    reads its own way is read whole, as it is read without batches."""

    def __init__(self, path: str | Path, headers: Mapping[str, str] | None = None, encoding: str | None = None,
                 sheet: str | None = None, rows: int | None = None):
        from jiuzhu.core.io.batches import batch_rows

        self.path, self.headers, self.encoding, self.sheet = Path(path), headers, encoding, sheet
        self.rows = rows or batch_rows()
        self._count = 0

    def __iter__(self):
        from jiuzhu.core.io.readers import PARQUET_SUFFIXES, WORKBOOK_SUFFIXES, read_records

        suffix = self.path.suffix.lower()
        width = None
        if self.sheet is None and suffix not in PARQUET_SUFFIXES + WORKBOOK_SUFFIXES:
            width = _first_fields(self.path, self.encoding)
        if width is None:
            yield read_records(self.path, encoding=self.encoding, sheet=self.sheet, headers=self.headers)
            return
        yield from self._csv(width)

    def _rest(self):
        """The row reader's reading of the file, from the first record not yet yielded."""
        from jiuzhu.core.io.readers import read_records

        table = read_records(self.path, encoding=self.encoding, headers=self.headers, columnar=False)
        yield table if not self._count else table.take(np.arange(self._count, len(table)))

    def _csv(self, width: int):
        pa = _arrow()
        import pyarrow.csv as pcsv

        from jiuzhu.core.io.batches import _rebatched
        from jiuzhu.core.io.readers import record_fields

        source = str(self.path)
        known = {**record_fields(), **(self.headers or {})}
        try:
            reader = pcsv.open_csv(self.path, **_csv_options(width))
        except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError, OSError):
            yield from self._rest()
            return
        found = None
        try:
            for chunk in _rebatched(reader, self.rows):
                columns = [_text_column(chunk.column(i)) for i in range(chunk.num_columns)]
                if found is None:
                    if not columns or any(c is None for c in columns):
                        break
                    try:
                        found = _header_of(columns, known, self.headers, source)
                    except InputError:
                        break  # a column named twice: said by the row reader, after any ragged row
                    if found is None:
                        break
                    table = _records_table(columns, found, source, 1, 2, found.header.notes)
                else:
                    table = _records_table(columns, found, source, 0, 2 + self._count, ())
                if table is None:
                    break
                self._count += len(table)
                yield table
            else:
                return
        except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError):
            pass  # a ragged row, bytes that are not UTF-8: the row reader's word
        yield from self._rest()


def read_parquet_records(path: str | Path, known: Mapping[str, str], headers: Mapping[str, str] | None) -> Table:
    """A Parquet records file: its column names as the header, every column as the text a
    CSV would hold (numbers as digits, nulls empty); records are numbered from 1."""
    from jiuzhu.core.io.columnar import parquet_table

    pa = _arrow()
    source = str(path)
    table = parquet_table(path)
    raw = list(table.column_names)
    header = records_header(raw, known, headers)
    positions, written = records_columns(header, raw, source, None)
    for name, k in positions.items():
        kind = table.schema.field(k).type
        if pa.types.is_nested(kind) or pa.types.is_dictionary(kind) and pa.types.is_nested(kind.value_type):
            raise InputError(f"column {raw[k]!r} holds nested values ({kind}); each cell must be one value",
                             zh=f"{raw[k]} 列含嵌套值（{kind}）；每个单元格只能有一个值", file=source)
    text = {name: _text_column(_as_text(table.column(k))) for name, k in positions.items()}
    return Table(_deferred_objects(text), source, notes=header.notes,
                 rows=np.arange(1, table.num_rows + 1, dtype=np.int64), headers=written, arrow=text)
