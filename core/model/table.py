"""A columnar table: what every hook receives. Columns are read-only numpy arrays of one
length, and each record remembers the row it came from in the user's file."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType

from attrs import field, frozen

from jiuzhu.core.model.errors import InputError
from jiuzhu.core.lazy import np

#: Unit levels of the units contract, in the order they nest.
UNIT_LEVELS = ("county", "township", "village")


def as_tuple(values) -> tuple:
    """``tuple(values)``, as a Python function: attrs reads a converter's signature when the
    class is made, and a builtin's (``tuple``'s) is parsed from text by tokenize, ~5 ms of
    every start-up."""
    return tuple(values)


def _read_only(values) -> np.ndarray:
    """A read-only array of the values; a caller's writeable array is copied, so no one
    keeps a handle that could change the table."""
    owned = not isinstance(values, np.ndarray)
    array = np.asarray(values)
    if owned and array.dtype.kind in "US":
        # Text given as a list is kept as Python strings; a reader's fixed-width text array
        # (unit codes) is kept as it is.
        array = array.astype(object)
    if array.flags.writeable:
        if not owned:
            array = array.copy()
        array.flags.writeable = False
    return array


def _sealed(array: np.ndarray) -> np.ndarray:
    """An array made here, no one else holds: read-only as it is, without a copy."""
    array.flags.writeable = False
    return array


def _level_masks(level: np.ndarray, words) -> dict[str, np.ndarray]:
    """Each unit level's rows. ``words``: the level column as the reader's arrow dictionary
    (or None): each distinct word is compared once and the rows by their indices, not a
    Python string comparison per row."""
    chunks = getattr(words, "chunks", None)
    if not chunks or not all(hasattr(chunk, "indices") and not chunk.null_count for chunk in chunks):
        return {name: _sealed(level == name) for name in UNIT_LEVELS}
    parts: dict[str, list] = {name: [] for name in UNIT_LEVELS}
    for chunk in chunks:
        indices = chunk.indices.to_numpy(zero_copy_only=False)
        dictionary = chunk.dictionary.to_pylist()
        for name in UNIT_LEVELS:
            at = [k for k, word in enumerate(dictionary) if word == name]
            parts[name].append(indices == at[0] if len(at) == 1 else np.isin(indices, at))
    return {name: _sealed(found[0] if len(found) == 1 else np.concatenate(found)) for name, found in parts.items()}


@frozen
class Deferred:
    """A column a reader makes only when something reads it: ``make()`` returns it, a
    read-only array of ``length`` values (the codes as text, when a command writes the
    file's own; a records file's text columns, when fields are read from its arrow text)."""

    make: Callable[[], np.ndarray]
    length: int


class _Columns(Mapping):
    """Named read-only columns, some :class:`Deferred`: each is made the first time it is
    read, once (under a lock: a batch's columns are read on the writing thread too)."""

    def __init__(self, columns: dict[str, object], length: int):
        self._columns = columns
        self.length = length
        self._lock = threading.Lock()

    def __getitem__(self, name: str) -> np.ndarray:
        value = self._columns[name]
        if isinstance(value, Deferred):
            with self._lock:
                value = self._columns[name]
                if isinstance(value, Deferred):
                    made = _read_only(value.make())
                    if len(made) != value.length:
                        raise ValueError(f"column {name!r} was made with {len(made)} values, not {value.length}")
                    self._columns[name] = value = made
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    def __contains__(self, name: object) -> bool:
        return name in self._columns


def _values_in(column) -> int:
    """How many values a column holds (a deferred one, without making it)."""
    return column.length if isinstance(column, Deferred) else len(column)


def _as_columns(columns: Mapping[str, object]) -> Mapping[str, np.ndarray]:
    if isinstance(columns, _Columns):
        return columns
    out = {name: values if isinstance(values, Deferred) else _read_only(values) for name, values in columns.items()}
    lengths = {name: _values_in(v) for name, v in out.items()}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"columns differ in length: {lengths}")
    if any(isinstance(v, Deferred) for v in out.values()):
        return _Columns(out, next(iter(lengths.values())))
    return MappingProxyType(out)


def _length(columns: Mapping[str, np.ndarray]) -> int:
    """Records in the columns, without making a deferred one."""
    if isinstance(columns, _Columns):
        return columns.length
    return len(next(iter(columns.values()))) if columns else 0


@frozen(eq=False)
class Table:
    """Named columns of equal length, where they came from, and each record's file row.

    ``rows[i]`` is the row of record ``i`` as a spreadsheet shows it (the header row is
    usually 1, so the first record is row 2; blank, title and 合计 rows the reader skipped
    keep their numbers). A table built in code numbers its records from 1.
    A single query is a table of one row: ``Table.from_rows([{...}])``.
    Nothing writes into a table once built: columns are read-only arrays.
    """

    columns: Mapping[str, np.ndarray] = field(converter=_as_columns)
    source: str = "<table>"
    #: Things the reader wants the user told (an encoding it guessed, the sheet it read, rows skipped).
    notes: tuple = field(default=(), converter=as_tuple)
    rows: np.ndarray = field(default=None, kw_only=True)
    #: Each column's header as the file wrote it (年龄 for ``age``), where it differs: errors name it.
    headers: Mapping[str, str] = field(factory=dict, kw_only=True, converter=lambda h: MappingProxyType(dict(h)))
    #: Some columns again as the reader's arrow arrays, holding the same values (the codes as
    #: the file wrote them, the levels as a dictionary): writers pass them through instead of
    #: converting the numpy column back. A table made from this one does not keep them.
    arrow: Mapping[str, object] = field(factory=dict, kw_only=True, converter=lambda a: MappingProxyType(dict(a)))
    _masks: Mapping[str, np.ndarray] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        # attrs' frozen classes are set in __init__ through object.__setattr__: only here, once.
        n = _length(self.columns)
        rows = _sealed(np.arange(1, n + 1, dtype=np.int64)) if self.rows is None \
            else _read_only(np.asarray(self.rows, np.int64))
        if len(rows) != n:
            raise ValueError(f"{len(rows)} row numbers for {n} records")
        object.__setattr__(self, "rows", rows)
        masks = _level_masks(self.columns["level"], self.arrow.get("level")) if "level" in self.columns else {}
        object.__setattr__(self, "_masks", MappingProxyType(masks))

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name]

    def __contains__(self, name: str) -> bool:
        return name in self.columns

    def get(self, name: str, default=None):
        return self.columns.get(name, default)

    def level_mask(self, level: str) -> np.ndarray:
        """Rows of the given unit level (``county``, ``township`` or ``village``)."""
        if level in self._masks:
            return self._masks[level]
        return _read_only(self["level"] == level)

    def row_of(self, record: int) -> int:
        """The file row of record ``record`` (0-based position in the table)."""
        return int(self.rows[int(record)])

    def error(self, record: int, column: str | None, message: str, zh: str | None = None) -> InputError:
        """The one way to say a cell is wrong: file, its row in the file, column, message."""
        return InputError(message, zh=zh, file=self.source,
                          row=None if record is None else self.row_of(record),
                          column=self.headers.get(column, column) if column else column)

    def take(self, records) -> Table:
        """The records at these positions, keeping their file rows (explain one record)."""
        index = np.asarray(records)
        return Table({name: col[index] for name, col in self.columns.items()}, self.source, self.notes,
                     rows=self.rows[index], headers=self.headers)

    @classmethod
    def from_rows(cls, rows: list[Mapping[str, object]], source: str = "<rows>") -> Table:
        names: list[str] = []
        for row in rows:
            names.extend(k for k in row if k not in names)
        return cls({n: [row.get(n) for row in rows] for n in names}, source)
