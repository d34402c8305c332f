"""A columnar table: what every hook receives. Columns are numpy arrays of one length."""

from __future__ import annotations

from collections.abc import Mapping

from jiuzhu.core.lazy import np
from attrs import field, frozen

#: Unit levels of the units contract, in the order they nest.
UNIT_LEVELS = ("county", "township", "village")


def _as_columns(columns: Mapping[str, object]) -> dict[str, np.ndarray]:
    out = {name: np.asarray(values) for name, values in columns.items()}
    lengths = {len(v) for v in out.values()}
    if len(lengths) > 1:
        raise ValueError(f"columns differ in length: { {k: len(v) for k, v in out.items()} }")
    return out


@frozen(eq=False)
class Table:
    """Named columns of equal length, plus where they came from (for messages).

    A single query is a table of one row: ``Table.from_rows([{...}])``.
    """

    columns: dict[str, np.ndarray] = field(converter=_as_columns)
    source: str = "<table>"
    #: Arrow arrays of the same columns when the table was read column-wise, so writers
    #: can pass text columns (code, level) through without converting them twice.
    arrow: dict = field(factory=dict)
    #: Things the reader wants the user told (an encoding it guessed, the sheet it read).
    notes: tuple = ()
    _masks: dict = field(factory=dict, init=False, repr=False, eq=False)

    def __len__(self) -> int:
        if self.columns:
            return len(next(iter(self.columns.values())))
        return len(next(iter(self.arrow.values()))) if self.arrow else 0

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self.columns and name in self.arrow:
            # Converted from arrow only when something reads it (a writer passes it through).
            self.columns[name] = self.arrow[name].to_numpy(zero_copy_only=False)
        return self.columns[name]

    def __contains__(self, name: str) -> bool:
        return name in self.columns or name in self.arrow

    def get(self, name: str, default=None):
        return self[name] if name in self else default

    def level_mask(self, level: str) -> np.ndarray:
        """Rows of the given unit level (``county``, ``township`` or ``village``), computed once."""
        if level not in self._masks:
            encoded = self.arrow.get("level")
            if encoded is not None and "level" not in self.columns:
                # Read column-wise: compare small integer codes, not strings.
                # Several spellings (township, 乡镇) may normalise to one level: match them all.
                wanted = [i for i, name in enumerate(encoded.dictionary.to_pylist()) if name == level]
                codes = encoded.indices.to_numpy(zero_copy_only=False)
                self._masks[level] = codes == wanted[0] if len(wanted) == 1 else np.isin(codes, wanted)
            else:
                self._masks[level] = self["level"] == level
        return self._masks[level]

    @classmethod
    def from_rows(cls, rows: list[Mapping[str, object]], source: str = "<rows>") -> Table:
        names: list[str] = []
        for row in rows:
            names.extend(k for k in row if k not in names)
        return cls({n: [row.get(n) for row in rows] for n in names}, source)
