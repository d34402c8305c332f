"""Each command's result as flat columns (stable English keys, data values) for the file
writers: built from the result's arrays, not from one Python record per row, where the
result keeps arrays (staffing, compare)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jiuzhu.core.lazy import np

#: The staffing CSV (and Parquet, .xlsx) columns, in order.
STAFFING_COLUMNS = ("code", "name", "level", "role", "minimum", "maximum", "jurisdiction", "document", "clause",
                    "assumption", "conflict", "sources")
STAFFING_KINDS = {"code": "code", "name": "text", "level": "text", "role": "text", "minimum": "int",
                  "maximum": "int", "jurisdiction": "code", "document": "text", "clause": "text",
                  "assumption": "bool", "conflict": "text", "sources": "text", "profile": "code"}


def _rule_index(index, values, rows):
    if index is not None:
        return np.asarray(index)[rows].astype(np.int64)
    return np.where(values[rows] >= 0, 0, -1)


def _role_block(outcome, rows) -> dict[str, Any]:
    """The columns of one role over the units it covers (``rows``)."""
    rules = outcome.rules
    mi, ma = _rule_index(outcome.min_rule, outcome.minimum, rows), _rule_index(outcome.max_rule, outcome.maximum, rows)
    binding = np.where(mi >= 0, mi, ma)
    binding = np.where(binding < 0, len(rules) - 1, binding)

    def per_rule(values):
        return np.array(values, dtype=object)[binding]

    sources = np.full(len(rows), "", dtype=object)
    for rule in rules:
        label = f"{rule.jurisdiction} {rule.citation.clause}"
        applies = np.asarray(rule.applies)[rows]
        sources = np.where(applies, np.where(sources == "", label, sources + ("; " + label)), sources)
    conflict = np.full(len(rows), None, dtype=object)
    flagged = np.asarray(outcome.max_below_min)[rows].astype(bool)
    if outcome.conflict_lower is not None:
        flagged |= np.asarray(outcome.conflict_lower)[rows] >= 0
    for k in np.flatnonzero(flagged):  # conflicts are rare: their words come from the record
        conflict[k] = outcome.record(int(rows[k]))["conflict"]
    return {"unit": rows, "role": np.full(len(rows), outcome.role, dtype=object),
            "minimum": outcome.minimum[rows], "maximum": outcome.maximum[rows],
            "jurisdiction": per_rule([r.jurisdiction for r in rules]),
            "document": per_rule([r.citation.document for r in rules]),
            "clause": per_rule([r.citation.clause for r in rules]),
            "assumption": np.asarray(outcome.assumption)[rows].astype(bool),
            "conflict": conflict, "sources": sources}


def staffing_columns(result, profile: str | None = None) -> dict[str, Any]:
    """One row per unit and role (an uncovered unit once, role empty), in input order: the
    rows of :meth:`StaffingResult.records`, as columns."""
    units = result.units
    n = len(units)
    covered_any = np.zeros(n, dtype=bool)
    blocks = []
    for outcome in result.roles:
        rows = np.flatnonzero(outcome.covered)
        covered_any[rows] = True
        if len(rows):
            blocks.append(_role_block(outcome, rows))
    bare = np.flatnonzero(~covered_any)
    if len(bare):
        m = len(bare)
        blocks.append({"unit": bare, "role": np.full(m, None, dtype=object), "minimum": np.full(m, -1),
                       "maximum": np.full(m, -1), "jurisdiction": np.full(m, None, dtype=object),
                       "document": np.full(m, None, dtype=object), "clause": np.full(m, None, dtype=object),
                       "assumption": np.zeros(m, dtype=bool), "conflict": np.full(m, None, dtype=object),
                       "sources": np.full(m, "", dtype=object)})
    unit = np.concatenate([b["unit"] for b in blocks]) if blocks else np.zeros(0, dtype=np.int64)
    order = np.argsort(unit, kind="stable")  # roles stay in their order within a unit
    unit = unit[order]

    def joined(key):
        return np.concatenate([np.asarray(b[key]) for b in blocks])[order] if blocks else np.zeros(0, dtype=object)

    names = units.get("name")
    columns = {"code": np.asarray(units["code"], dtype=object)[unit],
               "name": (np.asarray(names, dtype=object)[unit] if names is not None
                        else np.full(len(unit), "", dtype=object)),
               "level": np.asarray(units["level"], dtype=object)[unit]}
    for key in STAFFING_COLUMNS[3:]:
        columns[key] = joined(key)
    columns["minimum"] = columns["minimum"].astype(np.int64)
    columns["maximum"] = columns["maximum"].astype(np.int64)
    columns["assumption"] = columns["assumption"].astype(bool)
    if profile is not None:
        columns["profile"] = np.full(len(unit), profile, dtype=object)
    return columns


def comparison_columns(comparison):
    """Every profile's staffing rows, each with ``profile``, as one arrow table."""
    import pyarrow as pa

    from jiuzhu.cli.writers import arrow_table

    kinds = STAFFING_KINDS
    tables = [arrow_table(staffing_columns(result, result.profile), kinds) for result in comparison.results]
    return pa.concat_tables(tables) if tables else arrow_table({k: [] for k in (*STAFFING_COLUMNS, "profile")}, kinds)


def record_columns(records: Iterable[dict[str, Any]], keys: Iterable[str]) -> dict[str, list]:
    """Columns from records, for results that hand out records (a table's worth of rows)."""
    keys = list(keys)
    out: dict[str, list] = {k: [] for k in keys}
    for record in records:
        for k in keys:
            out[k].append(record.get(k))
    return out
