"""Reading a units file in record batches, so memory is bounded by the batch, not the file.

:func:`read_units_batches` (re-exported by :mod:`jiuzhu.core.io.readers`, beside
:func:`~jiuzhu.core.io.readers.read_units`) yields :class:`~jiuzhu.core.model.table.Table`\\ s
whose ``rows`` are the records' true rows in the file. A plain CSV is read by pyarrow's
streaming reader and a Parquet file by row groups, each batch converted by the fast path's
own column reading (:func:`jiuzhu.core.io.columnar._from_arrow`). A file that path cannot
read (a title row, a workbook, numbers with 万, a 合计 row) is read whole by the row
reader, as :func:`read_units` reads it: such files are small. When a later batch holds a
cell the fast path defers (a bad cell, a blank row), the row reader reads the file and the
records not yet yielded follow: its message names the true row.

Duplicate codes need the whole file: each batch's codes are kept as one int64 each and
checked once the last batch is read, before the iterator ends, so a consumer that writes
to a temporary file and replaces the user's file only after the last batch never writes a
result with a unit counted twice. The message names both rows, as ``read_units``'s does.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from jiuzhu.core.lazy import np
from jiuzhu.core.model.table import Table

#: Records per batch. A batch is read, answered and written on three threads at once (the
#: next one read ahead, the last one written behind), so smaller batches keep both cores
#: busy sooner: 2**17 against 250,000, alternating runs on the national file gave compare
#: -35 ms (of ~0.42 s) and staffing CSV -150 ms, JSON -0.7 s (benchmarks/README.md), with
#: less memory. ``JIUZHU_BATCH_ROWS`` sets another (the tests use a few hundred, to cross
#: batch boundaries on a small file).
BATCH_ROWS = 131_072
#: Bytes pyarrow's CSV reader parses at a time (its record batches are joined or sliced to
#: ``batch_rows`` records, so the output does not depend on this). Its read-ahead is a
#: multiple of this: 16 MiB blocks held 250 MiB before the first batch, 1 MiB blocks 70.
_BLOCK_BYTES = 1 << 20


def batch_rows() -> int:
    """Records per batch: ``$JIUZHU_BATCH_ROWS`` if set to a positive number, else :data:`BATCH_ROWS`."""
    text = os.environ.get("JIUZHU_BATCH_ROWS", "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else BATCH_ROWS


class _Hashing:
    """A binary file whose bytes go through sha256 as they are read (the provenance's input
    hash, with no second read of the file)."""

    def __init__(self, handle, digest):
        self._handle, self._digest = handle, digest
        self.closed = False

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self._digest.update(data)
        return data

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        self.closed = True


class UnitBatches:
    """The records of a units file, batch by batch (iterate once).

    ``sha256`` is the file's hash once iteration has ended, when it was computed while
    reading (a streamed CSV); None otherwise (Parquet is read by row groups from its footer,
    not front to back, and a file the row reader reads is small: hash it the usual way).
    """

    def __init__(self, path: str | Path, encoding: str | None = None, sheet: str | None = None,
                 rows: int | None = None):
        self.path, self.encoding, self.sheet = Path(path), encoding, sheet
        self.rows = rows or batch_rows()
        self.sha256: str | None = None
        self._keys = None  # every code's key so far (int64), in one buffer: see _kept
        self._firsts: list[tuple[int, int]] = []  # (records before the batch, its first row) when contiguous
        self._count = 0
        self._code_column = "code"  # as the file's header writes it (for the message)

    @property
    def hashed_while_read(self) -> bool:
        """Whether :attr:`sha256` will be known once read: a CSV the fast path streams."""
        from jiuzhu.core.io.readers import PARQUET_SUFFIXES, WORKBOOK_SUFFIXES

        return self.path.suffix.lower() not in PARQUET_SUFFIXES + WORKBOOK_SUFFIXES and self.sheet is None

    def __iter__(self) -> Iterator[Table]:
        from jiuzhu.core.io.readers import PARQUET_SUFFIXES, WORKBOOK_SUFFIXES

        suffix = self.path.suffix.lower()
        if suffix in PARQUET_SUFFIXES:
            batches = self._parquet()
        elif suffix in WORKBOOK_SUFFIXES or self.sheet is not None:
            batches = None
        else:
            batches = self._csv()
        if batches is None:
            yield self._whole()
            return
        for table, keys in batches:
            yield self._kept(table, keys)
        self._refuse_duplicates()

    # -- the paths ------------------------------------------------------------------------

    def _whole(self) -> Table:
        """The file read at once by :func:`read_units` (which checks duplicates itself)."""
        from jiuzhu.core.io.readers import read_units

        table = read_units(self.path, encoding=self.encoding, sheet=self.sheet)
        self._count = len(table)
        return table

    def _rest(self) -> Iterator[tuple[Table, object]]:
        """After batches the fast path read, a batch it cannot: the row reader reads the
        file (its message names the row of a bad cell; what it skips it says) and the records
        not yet yielded follow. The fast path accepts no record the row reader would skip or
        read otherwise, so the first ones are the records already yielded."""
        from jiuzhu.core.io.readers import PARQUET_SUFFIXES, UNITS_COLUMNS, _read

        if self.path.suffix.lower() in PARQUET_SUFFIXES:
            from jiuzhu.core.io.columnar import read_parquet_units

            table, keys = read_parquet_units(self.path)
        else:
            table, keys = _read(self.path, UNITS_COLUMNS, encoding=self.encoding, columnar=False)
        done = self._count
        rest = table.take(np.arange(done, len(table)))
        yield rest, None if keys is None else keys[done:]

    def _csv(self) -> Iterator[tuple[Table, object]] | None:
        """A plain UTF-8 CSV the fast path reads, batch by batch; None if it is not one."""
        from jiuzhu.core.io.columnar import _arrow, _from_arrow, csv_columns, csv_convert_options
        from jiuzhu.core.io.readers import UNITS_COLUMNS

        path, specs = self.path, UNITS_COLUMNS
        mapping = csv_columns(path, specs, self.encoding)
        if mapping is None:
            return None
        pa = _arrow()
        import pyarrow.csv as pcsv

        digest = hashlib.sha256()
        handle = open(path, "rb")  # noqa: SIM115 (closed when the generator ends)
        try:
            reader = pcsv.open_csv(
                _Hashing(handle, digest), read_options=pcsv.ReadOptions(block_size=_BLOCK_BYTES),
                parse_options=pcsv.ParseOptions(ignore_empty_lines=False),
                convert_options=csv_convert_options(mapping, specs))
        except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError, OSError):
            handle.close()
            return None

        def batches():
            with handle:
                try:
                    for chunk in _rebatched(reader, self.rows):
                        fast = _from_arrow(chunk, mapping, specs, str(path), first_row=2 + self._count)
                        if fast is None:
                            self._refuse_bad_cell(chunk, mapping, 2 + self._count, totals=True)
                            yield from self._rest()
                            return
                        yield fast
                except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError):
                    yield from self._rest()  # a blank line, a short row, bytes that are not UTF-8
                    return
                for _block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(_block)  # anything the reader left unread (nothing, normally)
                self.sha256 = "sha256:" + digest.hexdigest()

        return batches()

    def _parquet(self) -> Iterator[tuple[Table, object]]:
        """A Parquet file by row groups, each batch read as :func:`read_parquet_units` reads
        the whole (notes on the first batch); the whole file when a batch needs the row reader."""
        from jiuzhu.core.io.columnar import _arrow, _as_text, _from_arrow, parquet_columns, read_parquet_units
        from jiuzhu.core.io.readers import UNITS_COLUMNS
        from jiuzhu.core.model.errors import InputError

        pa = _arrow()
        import pyarrow.parquet as pq

        source = str(self.path)
        try:
            parquet = pq.ParquetFile(self.path)
            schema = parquet.schema_arrow
        except (pa.ArrowException, OSError, ValueError):
            yield read_parquet_units(self.path)  # it says why the file cannot be read
            return
        mapping, notes = parquet_columns(list(schema.names), source)
        if any(pa.types.is_nested(schema.field(c).type) or pa.types.is_dictionary(schema.field(c).type)
               for c in mapping.values()):
            yield read_parquet_units(self.path)  # it names the nested column (dictionaries: as it reads them)
            return
        try:
            for batch in parquet.iter_batches(batch_size=self.rows, columns=list(mapping.values())):
                text = pa.table({column: _as_text(batch.column(column)) for column in mapping.values()})
                fast = _from_arrow(text, mapping, UNITS_COLUMNS, source, first_row=1 + self._count,
                                   notes=tuple(notes) if not self._count else ())
                if fast is None:
                    self._refuse_bad_cell(text, mapping, 1 + self._count, totals=False)
                    yield from self._rest()
                    return
                yield fast
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"not a readable Parquet file: {exc}", zh=f"不是可读的 Parquet 文件：{exc}",
                             file=source) from None

    def _refuse_bad_cell(self, chunk, mapping, first_row: int, totals: bool) -> None:
        """Before the row reader reads a large file again because one later batch holds a
        cell the fast path defers: that batch's cells read as the row reader reads them, row
        by row, column by column, so a bad cell is its error at its true row (every record
        before the batch read cleanly, so the file's first bad cell is in it) with no second
        read of the file. Rows the row reader skips (blank, and 合计 rows in a text file) are
        skipped here too; a batch with no bad cell (numbers with 万, say) goes on to it."""
        from jiuzhu.core.io.readers import _TOTAL_ROW, UNITS_COLUMNS, _parse_cell

        if not self._count:
            return  # the first batch: the row reader reads the (small or odd) file anyway
        order = {header: k for k, header in enumerate(chunk.column_names)}
        specs = [spec for spec in UNITS_COLUMNS if spec.name in mapping]
        cells = {spec.name: chunk.column(mapping[spec.name]).to_pylist() for spec in specs}
        in_file_order = sorted(specs, key=lambda spec: order[mapping[spec.name]])
        for i in range(chunk.num_rows):
            if totals:
                first = next((cells[s.name][i] for s in in_file_order if cells[s.name][i].strip()), "")
                if not first or _TOTAL_ROW.match("".join(first.split())):
                    continue
            for spec in specs:
                _parse_cell(spec, cells[spec.name][i], str(self.path), first_row + i, mapping[spec.name])

    # -- the per-unit state ---------------------------------------------------------------

    def _kept(self, table: Table, keys) -> Table:
        """``table``, its code keys kept for the duplicate check at the end."""
        n = len(table)
        self._code_column = table.headers.get("code", "code")
        if keys is None:
            from jiuzhu.core.io.cells import code_keys

            keys = code_keys(table["code"])
        contiguous = n == 0 or table.rows[-1] - table.rows[0] == n - 1
        self._firsts.append((self._count, int(table.rows[0]) if n else 0) if contiguous
                            else (self._count, table.rows))
        if self._keys is None or len(self._keys) < self._count + n:
            self._keys = _grown(self._keys, self._count, self._count + n, self._capacity())
        self._keys[self._count:self._count + n] = keys
        self._count += n
        return table

    def _capacity(self) -> int:
        """How many records the file can hold at most: a CSV record takes at least 14 bytes
        (a 6-digit code, a one-character level, two one-digit counts, the commas and line
        end), and a Parquet file says its count. The key buffer is made this large at once:
        pages never written cost no memory, and one buffer, unlike a list of per-batch
        arrays left among each batch's freed columns, does not fragment the heap."""
        try:
            if self.path.suffix.lower() in (".parquet", ".pq"):
                import pyarrow.parquet as pq

                return pq.ParquetFile(self.path).metadata.num_rows
            return self.path.stat().st_size // 14 + 1
        except Exception:  # noqa: BLE001 (an estimate: the buffer grows if it is short)
            return 0

    def _row_at(self, record: int) -> int:
        """The file row of the ``record``-th record of the whole file."""
        for start, first in reversed(self._firsts):
            if start <= record:
                return first + record - start if isinstance(first, int) else int(first[record - start])
        raise IndexError(record)

    def _refuse_duplicates(self) -> None:
        """An InputError naming both rows if two records share a unit code (all batches)."""
        from jiuzhu.core.io.cells import code_of_key, repeated_key_rows
        from jiuzhu.core.io.readers import duplicate_code_error

        if self._count < 2:
            return
        keys, self._keys = self._keys[:self._count], None
        found = repeated_key_rows(keys)
        if found is None:
            return
        first, second = found
        raise duplicate_code_error(str(self.path), code_of_key(int(keys[first])), self._row_at(first),
                                   self._row_at(second), self._code_column)


def read_ahead(batches: Iterable, wrap: Callable[[Callable], Callable] | None = None) -> Iterator:
    """The batches, the next one read on a second thread while the caller evaluates and
    writes this one (pyarrow parses and numpy converts outside the GIL): one batch more in
    memory, the reading off the critical path. The first read starts now, not at the first
    ``next``: the caller evaluates and writes the file's first batch meanwhile. An error
    reading one is raised in its turn. The reading thread is :func:`in_background`'s.
    ``wrap``, if given, wraps what that thread runs (the command line gives it the
    command's context, so what the reader says is said as the command's own notes)."""
    from jiuzhu.core.background import in_background

    end = object()
    source = iter(batches)

    def one() -> object:
        return next(source, end)

    step = wrap(one) if wrap is not None else one
    coming = in_background(step)

    def read() -> Iterator:
        nonlocal coming
        while (batch := coming()) is not end:
            coming = in_background(step)
            yield batch

    return read()


def _grown(keys, used: int, needed: int, capacity: int):
    """A key buffer for at least ``needed`` records holding the ``used`` ones of ``keys``."""
    grown = np.empty(max(needed, capacity, 2 * (len(keys) if keys is not None else 0)), dtype=np.int64)
    if used:
        grown[:used] = keys[:used]
    return grown


def _rebatched(reader, rows: int):
    """pyarrow record batches (as they come, by bytes) as arrow tables of ``rows`` records
    each (the last one fewer): slices and joins, no copy of the text."""
    import pyarrow as pa

    pending, held, given = [], 0, False
    for batch in reader:
        while batch.num_rows:
            take = min(rows - held, batch.num_rows)
            pending.append(batch.slice(0, take))
            held += take
            batch = batch.slice(take)
            if held == rows:
                yield pa.Table.from_batches(pending)
                pending, held, given = [], 0, True
    if pending or not given:  # a header with no records is one empty batch
        yield pa.Table.from_batches(pending, schema=reader.schema)


def joined(tables: list[Table]) -> Table:
    """Batches of one file as one table (rows, notes and headers kept)."""
    if len(tables) == 1:
        return tables[0]
    first = tables[0]
    return Table({name: np.concatenate([t[name] for t in tables]) for name in first.columns}, first.source,
                 tuple(line for t in tables for line in t.notes),
                 rows=np.concatenate([t.rows for t in tables]), headers=first.headers)
