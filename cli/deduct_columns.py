"""``deduct``'s output built from the combined result's arrays: the CSV/Parquet columns and
the JSON text, with no Python record per incident.

Each row takes its answering level's values (``answer_by``; -1: no level answers); the
JSON text is byte for byte what the C encoder writes for :meth:`DeductionResult.records`
with the incident's ``id`` last, as :func:`jiuzhu.cli.rules.deduct_records` gives it.
"""

from __future__ import annotations

from typing import Any

from jiuzhu.core.lazy import np


def incident_ids(incidents):
    """Which incident each row is, as an arrow string array: its id column, else unit and
    item (target scores), else None. Cells are text as every reader gives them."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def text(values):
        values = np.asarray(values, dtype=object)
        try:
            out = pa.array(values, pa.string())
            if not out.null_count:
                return out
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass
        return pa.array([str(v) for v in values], pa.string())  # a table built in code

    if "id" in incidents:
        return text(incidents["id"])
    if "unit" in incidents:
        units = text(incidents["unit"])
        return units if "item" not in incidents else pc.binary_join_element_wise(units, text(incidents["item"]), " ")
    return None


def _per_answer(result, values: list, none, typ):
    """Each row's answering level's value (``none`` where no level answers), by one take."""
    import pyarrow as pa

    return pa.array(values + [none], typ).take(pa.array(np.where(result.answer_by < 0, len(values),
                                                                 result.answer_by).astype(np.int64)))


def deduct_columns(result, ids, first_row: int = 1) -> dict[str, Any]:
    """The columns of ``deduct``'s CSV, Parquet and table (the first record numbered ``first_row``)."""
    import pyarrow as pa

    n = len(result.incidents)
    items = list(result.deductions)
    answered = np.asarray(result.answer_by) >= 0
    return {"row": np.arange(first_row, first_row + n), "id": pa.nulls(n, pa.string()) if ids is None else ids,
            "subject": pa.array([result.subject], pa.string()).take(pa.array(np.zeros(n, np.int64))),
            "minimum": np.where(answered, result.minimum, np.nan), "maximum": np.where(answered, result.maximum, np.nan),
            "unit": _per_answer(result, [d.unit for d in items], None, pa.string()),
            "jurisdiction": _per_answer(result, [d.citation.jurisdiction for d in items], None, pa.string()),
            "clause": _per_answer(result, [d.citation.clause for d in items], None, pa.string()),
            "assumption": np.asarray(result.assumption, dtype=bool) & answered,
            "right": _per_answer(result, [bool(d.right) for d in items], False, pa.bool_()),
            "remedies": _per_answer(result, [list(d.remedies) for d in items], [], pa.list_(pa.string()))}


def deduct_json(result, ids, batch: int = 65_536, first_row: int = 1, end: str = ""):
    """``deduct``'s JSON records as text (arrow string arrays of one record each, then
    ``end``), a batch of rows at a time, built per column (the first record numbered
    ``first_row``)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from jiuzhu.cli.columns import _join, _json_numbers, _json_text
    from jiuzhu.cli.output import json_lines

    def spelt(value) -> str:
        return next(json_lines([value]))

    n = len(result.incidents)
    items = list(result.deductions)
    # What follows "maximum" up to "assumption", then from "right" to "sources": per answer.
    middle = [f', "unit": {spelt(d.unit)}, "jurisdiction": {spelt(d.citation.jurisdiction)}, '
              f'"citation": {spelt(d.citation.as_dict())}, "assumption": ' for d in items]
    after = [f', "right": {spelt(bool(d.right))}, "remedies": {spelt(list(d.remedies))}, "sources": [' for d in items]
    none = (', "minimum": null, "maximum": null, "unit": null, "jurisdiction": null, "citation": null, '
            '"assumption": false, "right": false, "remedies": [], "sources": [')
    subject = f', "subject": {spelt(result.subject)}'
    for lo in range(0, n, batch):
        hi = min(n, lo + batch)
        m = hi - lo
        by = np.asarray(result.answer_by[lo:hi]).astype(np.int64)
        pick = pa.array(np.where(by < 0, len(items), by))
        answered = pa.array(by >= 0)
        row = pc.cast(pa.array(np.arange(lo + first_row, hi + first_row, dtype=np.int64)), pa.string())
        bounds = _join(', "minimum": ', _json_numbers(np.where(by >= 0, result.minimum[lo:hi], 0.0), "a minimum"),
                       ', "maximum": ', _json_numbers(np.where(by >= 0, result.maximum[lo:hi], 0.0), "a maximum"))
        assumption = pc.if_else(pa.array(np.asarray(result.assumption[lo:hi], dtype=bool)), "true", "false")
        answer = _join(bounds, pa.array(middle + [""], pa.string()).take(pick), assumption,
                       pa.array(after + [""], pa.string()).take(pick))
        answer = pc.if_else(answered, answer, none)
        sources = pa.array(np.full(m, "", dtype=object), pa.string())
        for d, rows in zip(items, result.applies):
            applies = pa.array(np.asarray(rows[lo:hi], dtype=bool))
            one = _join(f'{{"jurisdiction": {spelt(d.citation.jurisdiction)}, "clause": {spelt(d.citation.clause)}, '
                        '"minimum": ', _json_numbers(np.broadcast_to(d.minimum, (n,))[lo:hi], "a minimum"),
                        ', "maximum": ', _json_numbers(np.broadcast_to(d.maximum, (n,))[lo:hi], "a maximum"),
                        f', "unit": {spelt(d.unit)}}}')
            sources = pc.if_else(applies, pc.if_else(pc.equal(sources, ""), one, _join(sources, ", ", one)), sources)
        conflict = np.full(m, "null", dtype=object)
        for k in np.flatnonzero(np.asarray(result.conflict_upper[lo:hi]) >= 0):  # rare: worded per record
            conflict[k] = spelt(result.conflict(lo + int(k)))
        ident = "null" if ids is None else _json_text(ids.slice(lo, m))
        text = _join('{"row": ', row, subject, answer, sources, '], "conflict": ', pa.array(conflict, pa.string()),
                     ', "id": ', ident, "}" + end)
        yield text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
