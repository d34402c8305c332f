"""``check``'s output columns built from the combined result's arrays: one arrow list column
per kind of entry, with no Python record per candidate (a million rows in about a second).

Each list holds, in condition order, what :meth:`CheckResult.records` lists for the row;
the JSON records stay the contract, these columns are the same values for CSV, Parquet,
.xlsx and the table.
"""

from __future__ import annotations

from typing import Any

from jiuzhu.core.hooks.answers import ASSESS, FAIL, PASS
from jiuzhu.core.lazy import np
from jiuzhu.core.combine.results import CheckResult


def _cited(citations) -> str:
    return ", ".join(f"{c.jurisdiction} {c.clause}" for c in citations)


def _list_column(n: int, pieces: list[tuple[Any, Any]]):
    """A list<string> column of ``n`` rows: each piece is (rows it adds to, its text per such row,
    an arrow string array), appended in piece order within a row."""
    import pyarrow as pa

    rows = [r for r, _ in pieces]
    if not rows or not sum(len(r) for r in rows):
        return pa.ListArray.from_arrays(pa.array(np.zeros(n + 1, np.int32)), pa.array([], pa.string()))
    where = np.concatenate(rows)
    order = np.argsort(where, kind="stable")  # a row's entries keep the pieces' order
    texts = pa.concat_arrays([t for _, t in pieces]).take(pa.array(order))
    offsets = np.zeros(n + 1, np.int32)
    np.cumsum(np.bincount(where, minlength=n), out=offsets[1:])
    return pa.ListArray.from_arrays(pa.array(offsets), texts)


def _reasons(c, rows):
    """The condition's reason on ``rows`` (its description where the level gave none) with its clauses."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if c.reason is None:
        said = pa.array([c.description] * len(rows), pa.string())
    else:
        said = pa.array(np.asarray(c.reason, dtype=object)[rows], pa.string(), from_pandas=True)
        said = pc.if_else(pc.or_kleene(pc.is_null(said), pc.equal(said, "")), c.description, said)
    return pc.binary_join_element_wise(said, f" ({_cited(c.citations)})", "")


def _constant(text: str, count: int):
    import pyarrow as pa

    return pa.array([text], pa.string()).take(pa.array(np.zeros(count, np.int64)))


def check_columns(result: CheckResult, first_row: int = 1) -> dict[str, Any]:
    """The columns of ``check``'s CSV, Parquet and tables, from the result's arrays (the
    first record numbered ``first_row``: a batch of a file)."""
    import pyarrow as pa

    n = len(result.records_table)
    ids = result.records_table.get("id", result.records_table.get("name"))
    failed, review, assess = [], [], []
    for c in result.conditions:
        status = np.asarray(c.status)
        for rows, pieces, text in (
                (np.flatnonzero(status == FAIL), failed, None),
                (np.flatnonzero((status != PASS) & (status != FAIL) & (status != ASSESS)), review, None),
                (np.flatnonzero(status == ASSESS), assess, c.key)):
            if len(rows):
                pieces.append((rows, _constant(text, len(rows)) if text else _reasons(c, rows)))
    duties = []
    for d in result.duties:
        rows = np.flatnonzero(np.asarray(d.applies, dtype=bool))
        if len(rows):
            text = f"{d.description} ({d.citation.jurisdiction} {d.citation.clause})"
            duties.append((rows, _constant(text, len(rows))))
    from jiuzhu.cli.writers import arrow_column

    return {"row": np.arange(first_row, first_row + n), "id": pa.nulls(n, pa.string()) if ids is None else arrow_column(ids, "text"),
            "subject": _constant(result.subject, n), "outcome": arrow_column(result.outcome, "text"),
            "failed": _list_column(n, failed), "needs_review": _list_column(n, review),
            "to_assess": _list_column(n, assess), "duties": _list_column(n, duties),
            "jurisdictions": _jurisdictions(result, n)}


def _jurisdiction_patterns(result: CheckResult, status: list, n: int) -> tuple[list[list[str]], Any]:
    """``(lists, which)``: the distinct lists of levels behind the outcomes of ``n`` rows whose
    condition statuses are ``status`` (one array per condition), and each row's index into
    them. Those whose conditions fail or need review (failures first, in condition order),
    else every level stating a condition or duty; computed once per pattern of failures."""
    stating = list(dict.fromkeys([x.jurisdiction for c in result.conditions for x in c.citations]
                                 + [d.citation.jurisdiction for d in result.duties]))
    conds = result.conditions
    if not conds or not n:
        return [stating], np.zeros(n, np.int64)
    status = np.stack(status)
    pattern = np.concatenate([status == FAIL, (status != PASS) & (status != FAIL) & (status != ASSESS)]).T
    if pattern.shape[1] <= 62:  # one integer per row: a 1-D unique, not a sort of rows
        keys = pattern.astype(np.int64) @ (np.int64(1) << np.arange(pattern.shape[1], dtype=np.int64))
        _keys, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        unique = pattern[first]
    else:
        unique, inverse = np.unique(pattern, axis=0, return_inverse=True)
    lists = []
    for bad in unique:
        k = len(conds)
        named = [x.jurisdiction for i in range(k) if bad[i] for x in conds[i].citations]
        named += [x.jurisdiction for i in range(k) if bad[k + i] for x in conds[i].citations]
        lists.append(list(dict.fromkeys(named)) or stating)
    return lists, np.asarray(inverse).reshape(-1)


def _jurisdictions(result: CheckResult, n: int):
    """Per row, the levels behind its outcome (:func:`_jurisdiction_patterns`), as a list column."""
    import pyarrow as pa

    lists, which = _jurisdiction_patterns(result, [np.asarray(c.status) for c in result.conditions], n)
    return pa.array(lists, pa.list_(pa.string())).take(pa.array(which))


def check_json_exact(result: CheckResult) -> bool:
    """Whether :func:`check_json` spells every record as :meth:`CheckResult.records` does: the
    id column is text throughout (as every file reader gives it)."""
    import pyarrow as pa

    ids = result.records_table.get("id", result.records_table.get("name"))
    if ids is None:
        return True
    try:
        return pa.array(np.asarray(ids, dtype=object), pa.string()).null_count == 0
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return False


def check_json(result: CheckResult, batch: int = 65_536, first_row: int = 1, end: str = ""):
    """``check``'s JSON records as text, byte for byte what the C encoder writes for
    :meth:`CheckResult.records` (given :func:`check_json_exact`), each followed by ``end``:
    arrow string arrays of one record each, a batch of rows at a time, built per column with
    no Python object per row. The first record is numbered ``first_row`` (a batch of a file)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from jiuzhu.cli.columns import _join, _json_text
    from jiuzhu.cli.output import json_lines

    def spelt(value) -> str:
        return next(json_lines([value]))

    n = len(result.records_table)
    ids = result.records_table.get("id", result.records_table.get("name"))
    entries = [('{"condition": ' + spelt(c.key) + ', "reason": ',
                ', "citations": ' + spelt([x.as_dict() for x in c.citations]) + "}") for c in result.conditions]
    duties = [spelt({"duty": d.key, "description": d.description, "citation": d.citation.as_dict()})
              for d in result.duties]
    middle = ', "subject": ' + spelt(result.subject) + ', "outcome": '
    close = ', "consulted": ' + spelt(list(result.chain.codes)) + "}" + end

    def listed(m, pieces):  # the entries of each row, joined (the brackets are in the text around)
        return pc.binary_join(_list_column(m, pieces), ", ")

    for lo in range(0, n, batch):
        hi = min(n, lo + batch)
        m = hi - lo
        status = [np.asarray(c.status[lo:hi]) for c in result.conditions]
        failed, review, assess = [], [], []
        for c, s, (head, tail) in zip(result.conditions, status, entries):
            for rows, pieces in ((np.flatnonzero(s == FAIL), failed),
                                 (np.flatnonzero((s != PASS) & (s != FAIL) & (s != ASSESS)), review),
                                 (np.flatnonzero(s == ASSESS), assess)):
                if len(rows):
                    said = pa.array(np.asarray(c.reason[lo:hi], dtype=object)[rows], pa.string(), from_pandas=True)
                    said = pc.if_else(pc.or_kleene(pc.is_null(said), pc.equal(said, "")), c.description, said)
                    pieces.append((rows, _join(head, _json_text(said), tail)))
        owed = []
        for d, text in zip(result.duties, duties):
            rows = np.flatnonzero(np.asarray(d.applies[lo:hi], dtype=bool))
            if len(rows):
                owed.append((rows, _constant(text, len(rows))))
        lists, which = _jurisdiction_patterns(result, status, m)
        named = pa.array([spelt(x) for x in lists], pa.string()).take(pa.array(which))
        row = pc.cast(pa.array(np.arange(lo + first_row, hi + first_row, dtype=np.int64)), pa.string())
        ident = "null" if ids is None else _json_text(pa.array(np.asarray(ids[lo:hi], dtype=object), pa.string()))
        text = _join('{"row": ', row, ', "id": ', ident, middle, _json_text(result.outcome[lo:hi]),
                     ', "failed": [', listed(m, failed), '], "needs_review": [', listed(m, review),
                     '], "to_assess": [', listed(m, assess), '], "duties": [', listed(m, owed),
                     '], "jurisdictions": ', named, close)
        yield text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
