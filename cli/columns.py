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


def _dictionary(indices, values):
    """An arrow dictionary array: ``values[indices]`` (index -1: null), with no Python object
    per row (a staffing column holds a handful of distinct texts)."""
    import pyarrow as pa

    indices = np.asarray(indices, dtype=np.int32)
    return pa.DictionaryArray.from_arrays(pa.array(indices, mask=indices < 0),
                                          pa.array(list(values), pa.string()))


def _unit_text(values):
    """A units column (Python strings, None for none) as an arrow string array, in C."""
    import pyarrow as pa

    from jiuzhu.core.io.columnar import _arrow_text

    if isinstance(values, np.ndarray) and values.dtype.kind == "U":  # codes as read: fixed-width text
        return _arrow_text(values)
    return pa.array(np.asarray(values, dtype=object), pa.string(), from_pandas=True)


def _conflict_rows(outcome, rows) -> tuple[Any, Any]:
    """``(where, conflict)``: the positions in ``rows`` whose role has a conflict (a maximum
    below the minimum, or a lower level below a higher one's range), and per row the index
    of its conflict among them (-1: none). Conflicts are rare: their words come from the
    record of each one."""
    flagged = np.asarray(outcome.max_below_min)[rows].astype(bool)
    if outcome.conflict_lower is not None:
        flagged |= np.asarray(outcome.conflict_lower)[rows] >= 0
    where = np.flatnonzero(flagged)
    conflict = np.full(len(rows), -1, dtype=np.int64)
    conflict[where] = np.arange(len(where))
    return where, conflict


def _role_block(outcome, rows) -> dict[str, Any]:
    """The columns of one role over the units it covers (``rows``): numbers, and indices
    into the role's few texts (``texts``), with the rare conflicts' words by position."""
    rules = outcome.rules
    binding = np.asarray(outcome.binding)[rows].astype(np.int64)  # the level the combiner found binding
    binding = np.where(binding < 0, len(rules) - 1, binding)
    # Which levels contributed, as one number per unit; its few distinct values are worded once.
    pattern = np.zeros(len(rows), dtype=np.int64)
    for bit, rule in enumerate(rules):
        pattern |= np.asarray(rule.applies)[rows].astype(np.int64) << bit
    kinds, pattern = np.unique(pattern, return_inverse=True)
    sources = ["; ".join(f"{r.jurisdiction} {r.citation.clause}" for bit, r in enumerate(rules) if int(kind) >> bit & 1)
               for kind in kinds]
    where, conflict = _conflict_rows(outcome, rows)
    return {"unit": rows, "role": np.zeros(len(rows), dtype=np.int64), "minimum": outcome.minimum[rows],
            "maximum": outcome.maximum[rows], "rule": binding, "sources": pattern, "conflict": conflict,
            "assumption": np.asarray(outcome.assumption)[rows].astype(bool),
            "texts": {"role": [outcome.role],
                      "jurisdiction": [r.jurisdiction for r in rules],
                      "document": [r.citation.document for r in rules],
                      "clause": [r.citation.clause for r in rules],
                      "sources": sources,
                      "conflict": [outcome.record(int(rows[k]))["conflict"] for k in where]}}


def _bare_block(rows) -> dict[str, Any]:
    """Units no rule covers: role, bounds and clause empty."""
    m = len(rows)
    none = np.full(m, -1, dtype=np.int64)
    return {"unit": rows, "role": none, "minimum": none, "maximum": none, "rule": none,
            "sources": np.zeros(m, dtype=np.int64), "conflict": none, "assumption": np.zeros(m, dtype=bool),
            "texts": {"role": [], "jurisdiction": [], "document": [], "clause": [], "sources": [""],
                      "conflict": []}}


def staffing_columns(result, profile: str | None = None) -> dict[str, Any]:
    """One row per unit and role (an uncovered unit once, role empty), in input order: the
    rows of :meth:`StaffingResult.records`, as arrow and numpy columns (the texts as
    dictionary arrays: a handful of distinct values, one index per row)."""
    import pyarrow as pa

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
    if len(bare) or not blocks:
        blocks.append(_bare_block(bare))
    unit = np.concatenate([b["unit"] for b in blocks])
    order = np.argsort(unit, kind="stable")  # roles stay in their order within a unit
    unit = unit[order]
    take = pa.array(unit)

    def joined(key):
        return np.concatenate([b[key] for b in blocks])[order]

    def text(key, index):
        """Each block's indices into its own texts, shifted into one list of texts."""
        values, shifted, start = [], [], 0
        for b in blocks:
            local = b[index]
            shifted.append(np.where(local >= 0, local + start, -1))
            values.extend(b["texts"][key])
            start += len(b["texts"][key])
        return _dictionary(np.concatenate(shifted)[order], values)

    names = units.get("name")
    columns = {"code": _unit_text(units["code"]).take(take),
               "name": (_unit_text(names).take(take) if names is not None
                        else _dictionary(np.zeros(len(unit)), [""])),
               "level": _unit_text(units["level"]).dictionary_encode().take(take),
               "role": text("role", "role"),
               "minimum": joined("minimum").astype(np.int64), "maximum": joined("maximum").astype(np.int64),
               "jurisdiction": text("jurisdiction", "rule"), "document": text("document", "rule"),
               "clause": text("clause", "rule"), "assumption": joined("assumption").astype(bool),
               "conflict": text("conflict", "conflict"), "sources": text("sources", "sources")}
    if profile is not None:
        columns["profile"] = _dictionary(np.zeros(len(unit), dtype=np.int32), [profile])
    return columns


def comparison_columns(comparison):
    """Every profile's staffing rows, each with ``profile``, as one arrow table."""
    import pyarrow as pa

    from jiuzhu.cli.writers import arrow_table

    kinds = STAFFING_KINDS
    tables = [arrow_table(staffing_columns(result, result.profile), kinds) for result in comparison.results]
    # One dictionary per text column across profiles (grouping by clause needs it).
    return pa.concat_tables(tables).unify_dictionaries() if tables else arrow_table({k: [] for k in (*STAFFING_COLUMNS, "profile")}, kinds)


def record_columns(records: Iterable[dict[str, Any]], keys: Iterable[str]) -> dict[str, list]:
    """Columns from records, for results that hand out records (a table's worth of rows)."""
    keys = list(keys)
    out: dict[str, list] = {k: [] for k in keys}
    for record in records:
        for k in keys:
            out[k].append(record.get(k))
    return out


def _json_text(column):
    """An arrow string column as JSON string literals (``ensure_ascii=False``), in C; a
    column holding control characters goes through :func:`json.dumps` instead."""
    import json

    import pyarrow as pa
    import pyarrow.compute as pc

    from jiuzhu.core.io.columnar import _text_buffers

    column = pa.array(column, pa.string(), from_pandas=True) if not isinstance(
        column, (pa.Array, pa.ChunkedArray)) else column.cast(pa.string())
    # One look at the bytes: control characters need the encoder; quotes and backslashes an escape.
    control = escape = False
    for _offsets, data, _base in _text_buffers(column):
        control = control or bool(((data < 0x20) | (data == 0x7F)).any())
        escape = escape or bool(((data == 0x22) | (data == 0x5C)).any())
    if control:
        return pa.array([None if v is None else json.dumps(v, ensure_ascii=False) for v in column.to_pylist()],
                        pa.string())
    if escape:
        column = pc.replace_substring(pc.replace_substring(column, "\\", "\\\\"), '"', '\\"')
    return pc.binary_join_element_wise('"', column, '"', "")


def _json_ints(values):
    """int64 column → JSON numbers text (negative kept, as the records write them)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string())


def _json_bounds(values):
    """A bound column (-1: none) → JSON text: the number, or null."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = np.asarray(values, dtype=np.int64)
    return pc.fill_null(pc.cast(pa.array(values, mask=values < 0), pa.string()), "null")


def _join(*parts):
    import pyarrow.compute as pc

    return pc.binary_join_element_wise(*parts, "")


def _role_json(outcome, rows) -> dict[str, Any]:
    """The parts of the contract's JSON of one role over the units it covers (``rows``):
    bounds, flags and indices into the role's few texts per row, and the sources text."""
    import json

    import pyarrow as pa
    import pyarrow.compute as pc

    rules = outcome.rules
    k = len(rules)
    # The levels giving each bound, as the combiner resolved them (-1: none).
    mi = np.asarray(outcome.min_rule)[rows].astype(np.int64)
    ma = np.asarray(outcome.max_rule)[rows].astype(np.int64)
    keys, which = np.unique((mi + 1) * (k + 1) + (ma + 1), return_inverse=True)
    middles = []
    for key in keys.tolist():
        a, b = key // (k + 1) - 1, key % (k + 1) - 1
        binding = rules[a] if a >= 0 else rules[b]
        citation = binding.citation.as_dict()
        if b >= 0 and a != b:
            citation["maximum"] = (rules[b].max_citation or rules[b].citation).as_dict()
        elif b >= 0 and binding.max_citation is not None:
            citation["maximum"] = binding.max_citation.as_dict()
        middles.append(f', "jurisdiction": {json.dumps(binding.jurisdiction, ensure_ascii=False)}, '
                       f'"citation": {json.dumps(citation, ensure_ascii=False)}, "assumption": ')
    # Each contributing level's source object, after a ", " where an earlier level contributed.
    pieces, before = [], np.zeros(len(rows), dtype=bool)
    for rule in rules:
        applies = np.asarray(rule.applies)[rows].astype(bool)
        if not applies.any():
            continue
        lo = _json_ints(rule.minimum[rows]) if rule.minimum is not None else "null"
        hi = _json_ints(rule.maximum[rows]) if rule.maximum is not None else "null"
        tail = ""
        if rule.max_citation is not None and rule.maximum is not None:
            tail += f', "maximum_clause": {json.dumps(rule.max_citation.clause, ensure_ascii=False)}'
        if rule.note:
            tail += f', "note": {json.dumps(rule.note, ensure_ascii=False)}'
        head = (f'{{"jurisdiction": {json.dumps(rule.jurisdiction, ensure_ascii=False)}, '
                f'"clause": {json.dumps(rule.citation.clause, ensure_ascii=False)}, "minimum": ')
        lead = json_picked(before.astype(np.int64), [head, ", " + head]) if before.any() else head
        one = _join(lead, lo, ', "maximum": ', hi, tail + "}")
        pieces.append(pc.if_else(pa.array(applies), one, "") if not applies.all() else one)
        before |= applies
    sources = _join(*pieces) if pieces else pa.array(np.full(len(rows), "", dtype=object), pa.string())
    where, conflict = _conflict_rows(outcome, rows)
    return {"role": json.dumps(outcome.role), "minimum": np.asarray(outcome.minimum[rows], dtype=np.int64),
            "maximum": np.asarray(outcome.maximum[rows], dtype=np.int64), "middle": which.ravel(),
            "middles": middles, "assumption": np.asarray(outcome.assumption)[rows].astype(bool),
            "sources": sources, "conflict": conflict,
            "conflicts": [json.dumps(outcome.record(int(rows[i]))["conflict"], ensure_ascii=False) for i in where]}


def _unit_json(units, lo: int, hi: int):
    """``{"code": …, "level": …[, "name": …]`` of units ``lo``..``hi``, as JSON text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def column(name):
        return _unit_text(units[name][lo:hi])

    text = _join('{"code": ', _json_text(column("code")), ', "level": ', _json_text(column("level")))
    if "name" in units:
        names = pc.fill_null(column("name"), "")
        text = pc.if_else(pc.not_equal(names, ""), _join(text, ', "name": ', _json_text(names)), text)
    return text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text


def _distinct_rows(columns, n: int):
    """``(first, index)``: where each distinct row of ``columns`` (integer columns of length
    ``n``) first appears, and each row's number among the distinct rows. The columns are
    packed into one int64 key (mixed radix over each column's span), so it is one sort."""
    key, span = np.zeros(n, dtype=np.int64), 1
    for column in columns:
        column = np.asarray(column, dtype=np.int64)
        low, high = int(column.min()), int(column.max())
        if low == high:
            continue
        if high - low >= 1 << 30:  # a wide span: renumber its values first
            column, low, high = np.unique(column, return_inverse=True)[1].ravel(), 0, len(np.unique(column)) - 1
        width = high - low + 1
        if span * width >= 1 << 62:  # renumber the key so far, so it stays in int64
            key = np.unique(key, return_inverse=True)[1].ravel()
            span = int(key.max()) + 1
        key = key * width + (column - low)
        span *= width
    _, first, index = np.unique(key, return_index=True, return_inverse=True)
    return first, index.ravel()


def _role_tails(outcome, rows, close: str):
    """``(index, tails)``: each of ``rows``' record text after the unit's fields (from
    ``, "role": `` to the end), as an index into ``tails``. Each distinct tail is built once:
    a role's records repeat a handful of bounds and citations (41 distinct tails among the
    national file's 582,850 records), so the long citation text is a lookup, not rebuilt."""
    keys = [outcome.minimum[rows], outcome.maximum[rows], outcome.min_rule[rows], outcome.max_rule[rows],
            outcome.binding[rows], np.asarray(outcome.assumption)[rows], np.asarray(outcome.max_below_min)[rows]]
    if outcome.conflict_lower is not None:
        keys += [outcome.conflict_lower[rows], outcome.conflict_upper[rows]]
    for rule in outcome.rules:
        keys.append(np.asarray(rule.applies)[rows])
        keys += [bound[rows] for bound in (rule.minimum, rule.maximum) if bound is not None]
    first, index = _distinct_rows(keys, len(rows))
    p = _role_json(outcome, rows[first])
    tails = _join(', "role": ', p["role"], ', "minimum": ', _json_bounds(p["minimum"]), ', "maximum": ',
                  _json_bounds(p["maximum"]), json_picked(p["middle"], p["middles"]), json_bools(p["assumption"]),
                  ', "sources": [', p["sources"], '], "conflict": ', json_picked(p["conflict"], p["conflicts"]), close)
    return index, tails


def staffing_json(result, profile: str | None = None, batch: int = 16_384, end: str = ""):
    """The staffing contract's records as JSON text, byte for byte what the C encoder
    writes for :meth:`StaffingResult.records` (with ``profile`` last, as compare adds it),
    each followed by ``end`` (the writer's separator): arrow string arrays of one record
    each, a batch of units at a time. A record is its unit's fields joined to its tail,
    taken by index from the result's few distinct tails (:func:`_role_tails`): no Python
    object per record, and the citations are not rebuilt."""
    import json

    import pyarrow as pa

    close = ("}" if profile is None else f', "profile": {json.dumps(profile, ensure_ascii=False)}}}') + end
    units = result.units
    n = len(units)
    covered_any = np.zeros(n, dtype=bool)
    owners, indices, tails, start = [], [], [], 0
    for outcome in result.roles:
        rows = np.flatnonzero(np.asarray(outcome.covered))
        if len(rows):
            covered_any[rows] = True
            index, texts = _role_tails(outcome, rows, close)
            owners.append(rows)
            indices.append(index + start)
            tails.append(texts)
            start += len(texts)
    uncovered = np.flatnonzero(~covered_any)
    if len(uncovered):
        owners.append(uncovered)
        indices.append(np.full(len(uncovered), start, dtype=np.int64))
        tails.append(pa.array([', "role": null, "minimum": null, "maximum": null, "jurisdiction": null, '
                               f'"citation": null, "assumption": false, "sources": [], "conflict": null{close}'],
                              pa.string()))
    if not owners:
        return
    owner = np.concatenate(owners)
    order = np.argsort(owner, kind="stable")  # a unit's roles in their order
    owner, tail = owner[order], np.concatenate(indices)[order]
    tails = pa.concat_arrays(tails)
    ends = np.searchsorted(owner, np.arange(0, n + batch, batch).clip(max=n))  # each batch's first record
    for b, lo in enumerate(range(0, n, batch)):
        first, last = ends[b], ends[b + 1]
        yield _join(_unit_json(units, lo, min(n, lo + batch)).take(pa.array(owner[first:last] - lo)),
                    tails.take(pa.array(tail[first:last])))


def comparison_json(comparison, end: str = ""):
    """Every profile's staffing JSON text, each record with ``profile`` last (then ``end``),
    in the order of :meth:`Comparison.records`."""
    for result in comparison.results:
        yield from staffing_json(result, result.profile, end=end)


def json_floats(values):
    """A float column as JSON numbers, as the C encoder spells them (``float.__repr__``:
    70000.0, 0.1, 1e+16), NaN as null: arrow's shortest digits, with Python's spelling kept
    where the two differ (a whole number's ".0"; exponents, worded by Python for the rare
    cells that need one)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = np.asarray(values, dtype=np.float64)
    nan = np.isnan(values)
    text = pc.cast(pa.array(values, mask=nan), pa.string())
    size = np.abs(values)
    odd = ((size < 1e-4) & (values != 0)) | (size >= 1e15) | ~np.isfinite(values)
    odd &= ~nan
    odd |= np.asarray(pc.fill_null(pc.match_substring(text, "e"), False))
    whole = ~np.asarray(pc.fill_null(pc.match_substring(text, "."), True))
    text = pc.if_else(pa.array(whole & ~odd), _join(text, ".0"), text)
    if odd.any():  # exponents (and infinities, refused below as the encoder refuses them)
        where = np.flatnonzero(odd)
        if not np.isfinite(values[where]).all():
            raise ValueError(f"Out of range float values are not JSON compliant: {values[where][0]!r}")
        pick = np.arange(len(values))
        pick[where] = len(values) + np.arange(len(where))
        text = pa.concat_arrays([text, pa.array([repr(float(v)) for v in values[where]], pa.string())]).take(
            pa.array(pick))
    return pc.fill_null(text, "null")


def json_strings(column):
    """A text column as JSON strings (``ensure_ascii=False``), None as null."""
    import pyarrow.compute as pc

    return pc.fill_null(_json_text(column), "null")


def json_bools(values):
    """A boolean column as JSON true/false."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.if_else(pa.array(np.asarray(values, dtype=bool)), "true", "false")


def json_picked(index, texts):
    """Each row's JSON text chosen from a few ``texts`` (already JSON) by ``index`` (-1: null)."""
    import pyarrow as pa

    index = np.asarray(index, dtype=np.int64)
    return pa.array([*texts, "null"], pa.string()).take(pa.array(np.where(index < 0, len(texts), index)))


def json_objects(fields, n: int, end: str = ""):
    """``n`` JSON objects as text, one per row, from ``(key, JSON text)`` pairs in order: each
    value an arrow string array of JSON (one per row) or one text for every row, each object
    followed by ``end``. Byte for byte what the C encoder writes for the same records
    (``", "`` and ``": "``)."""
    import json

    import pyarrow as pa

    parts: list = []
    literal = "{"
    for key, value in fields:
        literal += ("" if literal == "{" else ", ") + json.dumps(key, ensure_ascii=False) + ": "
        if isinstance(value, str):
            literal += value
            continue
        parts.extend([literal, value])
        literal = ""
    literal += "}" + end
    if not parts:
        return pa.array(np.full(n, literal, dtype=object), pa.string())
    return _join(*parts, literal)


def _floor_citations(result):
    """``(index, citations)``: per unit, which of ``citations`` (the distinct clauses setting
    floors) sets its floor (-1: none), found by object identity, with no Python call per unit."""
    from jiuzhu.core.rules.blocks import distinct_objects

    n = len(result.units)
    index = np.full(n, -1, dtype=np.int64)
    citations: list = []
    if result.floor_by is None:
        return index, citations
    by = np.asarray(result.floor_by)
    for k, rule in enumerate(result.with_floors):
        rows = np.flatnonzero(by == k)
        if not len(rows):
            continue
        if rule.floor_citations is None:
            index[rows] = len(citations)
            citations.append(rule.floor_citation)
            continue
        which, distinct = distinct_objects(np.asarray(rule.floor_citations, dtype=object)[rows])
        index[rows] = len(citations) + which
        citations.extend(distinct)
    return index, citations


def _fund_conflicts(result):
    """``(index, words)``: per unit, which of ``words`` says its floors conflict (-1: none);
    conflicts are rare, so their words come one by one."""
    from jiuzhu.core.combine.allocation import _floor_citation
    from jiuzhu.core.combine.results import floor_conflict

    n = len(result.units)
    index = np.full(n, -1, dtype=np.int64)
    if result.conflict_lower is None:
        return index, []
    where = np.flatnonzero(np.asarray(result.conflict_lower) >= 0)
    words = []
    for i in where.tolist():
        low, up = result.with_floors[int(result.conflict_lower[i])], result.with_floors[int(result.conflict_upper[i])]
        words.append(floor_conflict(_floor_citation(low, i), float(low.floors[i]), _floor_citation(up, i),
                                    float(up.floors[i])))
    index[where] = np.arange(len(where))
    return index, words


def _floats_or_none(values, n: int):
    return np.full(n, np.nan) if values is None else np.asarray(values, dtype=np.float64)


def allocation_columns(result) -> dict[str, Any]:
    """``allocate``'s columns from the allocation's arrays (the values of
    :meth:`Allocation.records`, with no record per unit)."""
    n = len(result.units)
    cite, citations = _floor_citations(result)
    conflict, words = _fund_conflicts(result)
    floor = np.where(cite >= 0, _floats_or_none(result.floor, n), np.nan)
    out = {"code": _unit_text(result.units["code"]), "level": _unit_text(result.units["level"]),
           "floor": floor,
           "floor_jurisdiction": _dictionary(cite, [c.jurisdiction for c in citations]),
           "floor_clause": _dictionary(cite, [c.clause for c in citations]),
           "share": _floats_or_none(result.shares, n), "amount": _floats_or_none(result.amount, n),
           "assumption": np.asarray(result.assumption, dtype=bool), "conflict": _dictionary(conflict, words)}
    if result.budget_rule is not None:
        out["purchase_budget_floor"] = np.asarray(result.budget_floor, dtype=np.float64)
        out["purchase_budget_in_principle"] = np.full(n, bool(result.budget_rule.budget_in_principle))
    return out


def _json_numbers(values, what: str):
    """Float JSON text where every row has a number: NaN has no JSON spelling (refused, as
    the encoder refuses it)."""
    values = np.asarray(values, dtype=np.float64)
    if np.isnan(values).any():
        raise ValueError(f"Out of range float values are not JSON compliant: {what} is NaN")
    return json_floats(values)


def allocation_json(result, batch: int = 65_536, end: str = ""):
    """The records of :meth:`Allocation.records` as JSON text (arrow string arrays of one
    record each, then ``end``; a batch of units at a time), built per column."""
    import json

    n = len(result.units)
    cite, citations = _floor_citations(result)
    conflict, words = _fund_conflicts(result)
    rule, budget = result.factor_rule, result.budget_rule
    factors = [{"factor": f.key, "weight": f.weight, "jurisdiction": f.citation.jurisdiction,
                "clause": f.citation.clause, "assumption": f.assumption} for f in rule.factors] if rule else []

    def dumps(value):
        return json.dumps(value, ensure_ascii=False, allow_nan=False)

    jurisdictions = [dumps(c.jurisdiction) for c in citations]
    cited = [dumps(c.as_dict()) for c in citations]
    worded = [dumps(w) for w in words]
    floor = np.where(cite >= 0, _floats_or_none(result.floor, n), np.nan)
    for lo in range(0, n, batch):
        hi = min(n, lo + batch)
        part = slice(lo, hi)
        fields = [("code", json_strings(_unit_text(result.units["code"][part]))),
                  ("level", json_strings(_unit_text(result.units["level"][part]))),
                  ("floor", json_floats(floor[part])),
                  ("floor_jurisdiction", json_picked(cite[part], jurisdictions)),
                  ("floor_citation", json_picked(cite[part], cited)),
                  ("share", "null" if result.shares is None else _json_numbers(result.shares[part], "a share")),
                  ("amount", "null" if result.amount is None else _json_numbers(result.amount[part], "an amount")),
                  ("factors", dumps(factors)), ("assumption", json_bools(result.assumption[part])),
                  ("conflict", json_picked(conflict[part], worded))]
        if budget is not None:
            fields += [("purchase_budget_floor", _json_numbers(result.budget_floor[part], "a purchase budget floor")),
                       ("purchase_budget_citation", dumps(budget.budget_share[1].as_dict())),
                       ("purchase_budget_in_principle", dumps(bool(budget.budget_in_principle)))]
        yield json_objects(fields, hi - lo, end)


def _score_values(result):
    """The answering rule's values per row (numpy), each row's rule index, and the rows'
    shortfall lists as (index, distinct lists)."""
    from jiuzhu.core.rules.blocks import distinct_objects

    n, rules, by = len(result.scores), result.rules, np.asarray(result.answer_by).astype(np.intp)

    def chosen(columns, fill):
        return np.choose(by, [np.full(n, fill) if c is None else np.asarray(c) for c in columns]) if n else \
            np.full(0, fill)

    rank = chosen([r.ranks for r in rules], 0).astype(np.int64)
    award = chosen([r.award for r in rules], np.nan).astype(float)
    shortfalls = distinct_objects(chosen([r.shortfalls for r in rules], None))
    return by, {"score": chosen([r.score for r in rules], np.nan).astype(float),
                "rank": np.where(rank == 0, -1, rank),
                "award": np.where(result.first_of_unit, award, np.nan),
                "award_given": np.zeros(n, dtype=bool) if all(r.award is None for r in rules) else (
                    result.first_of_unit & np.choose(by, [np.full(n, r.award is not None) for r in rules])),
                "shortfalls": shortfalls}


def _months(result):
    """``(index, months)`` of the rows (:func:`distinct_months`), or None without a month column."""
    from jiuzhu.core.combine.results import distinct_months

    months = result.scores.get("month")
    return None if months is None else distinct_months(months)


def score_columns(result) -> dict:
    """``score``'s columns from the result's arrays: each row takes the answering rule's values
    (the same values :meth:`ScoreResult.records` gives, with no record per row)."""
    import pyarrow as pa

    n, rules = len(result.scores), result.rules
    by, values = _score_values(result)
    pick = pa.array(by)

    def per_rule(texts, typ=pa.string()):
        return pa.array(texts, typ).take(pick)

    index, lists = values["shortfalls"]
    months = _months(result)
    return {"row": np.arange(1, n + 1), "unit": _unit_text(result.units),
            "month": pa.nulls(n, pa.string()) if months is None else _dictionary(
                months[0], [None if m is None else str(m) for m in months[1]]),
            "score": values["score"], "rank": values["rank"], "award": values["award"],
            "shortfalls": pa.array([[str(x) for x in items] for items in lists],
                                   pa.list_(pa.string())).take(pa.array(index)),
            "jurisdiction": per_rule([r.citation.jurisdiction for r in rules]),
            "clause": per_rule([r.citation.clause for r in rules]),
            "tie_rule": per_rule([r.tie_rule for r in rules]),
            "assumption": per_rule([r.assumption for r in rules], pa.bool_())}


def score_json(result, batch: int = 65_536, end: str = ""):
    """The records of :meth:`ScoreResult.records` as JSON text (arrow string arrays of one
    record each, then ``end``; a batch of rows at a time), built per column."""
    import json

    def dumps(value):
        return json.dumps(value, ensure_ascii=False, allow_nan=False)

    n, rules = len(result.scores), result.rules
    by, values = _score_values(result)
    index, lists = values["shortfalls"]
    shortfalls = [dumps(list(items)) for items in lists]
    months = _months(result)
    month_json = None if months is None else [dumps(m) for m in months[1]]
    # Everything a rule says the same for each row it answers, from "jurisdiction" on.
    tails = [f'{dumps(r.citation.jurisdiction)}, "citation": {dumps(r.citation.as_dict())}, '
             f'"tie_rule": {dumps(r.tie_rule)}, "assumption": {dumps(r.assumption)}' for r in rules]
    award, given = values["award"], values["award_given"]
    if np.isnan(award[given]).any():
        raise ValueError("Out of range float values are not JSON compliant: an award is NaN")
    for lo in range(0, n, batch):
        hi = min(n, lo + batch)
        part = slice(lo, hi)
        rank = values["rank"][part]
        yield json_objects([("row", _json_ints(np.arange(lo + 1, hi + 1))),
                            ("unit", json_strings(_unit_text(result.units[part]))),
                            ("month", "null" if months is None else json_picked(months[0][part], month_json)),
                            ("score", json_floats(values["score"][part])),
                            ("rank", _json_bounds(np.where(rank > 0, rank, -1))),
                            ("award", json_floats(np.where(given[part], award[part], np.nan))),
                            ("shortfalls", json_picked(index[part], shortfalls)),
                            ("jurisdiction", json_picked(by[part], tails))], hi - lo, end)
