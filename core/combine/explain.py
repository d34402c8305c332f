"""Who answered what for one unit or record: the chain, each level's answer, the clauses,
and the parameters read (overrides and assumptions marked)."""

from __future__ import annotations

from typing import Any

import numpy as np

from jiuzhu.core.hooks.answers import STATUS_NAMES
from jiuzhu.core.rules.chain import Chain
from jiuzhu.core.model import recording_reads
from jiuzhu.core.model.table import Table


def _one_row(table: Table, index: int) -> Table:
    return table.take([index])


def _plain(row: Table) -> dict[str, Any]:
    """A one-row table as a record of plain Python values."""
    return {k: (v[0].item() if isinstance(v[0], np.generic) else v[0]) for k, v in row.columns.items()}


def _levels(chain: Chain, answered: set, silent: str) -> list[dict[str, str]]:
    return [{"code": c, "answer": "answered" if c in answered else silent} for c in chain.codes]


def _parameters_read(chain: Chain, reads: set) -> list[dict[str, Any]]:
    out = []
    for j in chain:
        for name in sorted(n for code, n in reads if code == j.code):
            p = j.parameters.by_name.get(name)
            if p is None:
                continue
            out.append({"jurisdiction": j.code, "name": name, "value": p.value, "unit": p.unit,
                        "clause": p.citation.clause, "quote": p.citation.quote, "override": p.overridden,
                        "assumption": p.assumption, "interpretation": p.interpretation})
    return out


def _chain_info(chain: Chain) -> list[dict[str, Any]]:
    """Each level with the version of its rules that answers on the chain's day, or why none does."""
    return [{"code": j.code, "name_zh": j.name_zh, "name_en": j.name_en, "level": j.level,
             "documents": [d.title for d in j.documents], "draft": j.is_draft, "as_of": str(chain.as_of),
             "version": None if j.code in chain.dormant else j.answering_document().version_label(),
             "not_in_force": chain.dormant.get(j.code)} for j in chain]


def explain_staffing(units: Table, index: int, chain: Chain, registry) -> dict[str, Any]:
    """The staffing answer for row ``index`` of ``units``, with everything behind it."""
    from jiuzhu.core.evaluate import staffing

    row = _one_row(units, index)
    with recording_reads() as reads:
        result = staffing(row, chain, registry=registry)
    records = list(result.records())
    answered = {s["jurisdiction"] for r in records for s in r["sources"]}
    return {"unit": {"code": str(row["code"][0]), "level": str(row["level"][0]),
                     "population": int(row["population"][0]), "dibao_count": int(row["dibao_count"][0])},
            "chain": _chain_info(chain),
            "levels": [{"code": c, "answer": "answered" if c in answered else "not regulated here for this unit"}
                       for c in chain.codes],
            "answers": records, "parameters": _parameters_read(chain, reads)}


def explain_check(subject: str, records: Table, index: int, chain: Chain, registry) -> dict[str, Any]:
    """The eligibility answer for row ``index`` of ``records``, with everything behind it."""
    from jiuzhu.core.evaluate import check

    row = _one_row(records, index)
    with recording_reads() as reads:
        result = check(subject, row, chain, registry=registry)
    answer = next(result.records())
    stated = {x.jurisdiction for cond in result.conditions for x in cond.citations} | \
             {d.citation.jurisdiction for d in result.duties}
    conditions = [{"condition": c.key, "description": c.description,
                   "status": STATUS_NAMES[int(c.status[0])],
                   "citations": [x.as_dict() for x in c.citations]} for c in result.conditions]
    return {"record": _plain(row), "subject": subject, "chain": _chain_info(chain),
            "levels": _levels(chain, stated, "sets no condition on this subject"),
            "outcome": answer["outcome"], "conditions": conditions, "duties": answer["duties"],
            "parameters": _parameters_read(chain, reads)}


def explain_deduct(subject: str, incidents: Table, index: int, chain: Chain, registry) -> dict[str, Any]:
    """The deduction for row ``index`` of ``incidents``: every level stating one, which answers."""
    from jiuzhu.core.evaluate import deduct

    row = _one_row(incidents, index)
    with recording_reads() as reads:
        answer = next(deduct(subject, row, chain, registry=registry).records())
    return {"record": _plain(row), "subject": subject, "chain": _chain_info(chain),
            "levels": _levels(chain, {s["jurisdiction"] for s in answer["sources"]},
                              "states no deduction for this subject"),
            "answers": [answer], "parameters": _parameters_read(chain, reads)}


def explain_allocate(units: Table, index: int, chain: Chain, registry, pool: float | None = None) -> dict[str, Any]:
    """The funds of unit ``index``: its floor and the level giving it, the factor weights and,
    with a ``pool``, its share (which depends on every unit, so the whole table is evaluated)."""
    from jiuzhu.core.evaluate import allocate

    with recording_reads() as reads:
        result = allocate(units, chain, pool, registry=registry)
    answer = next(r for i, r in enumerate(result.records()) if i == index)
    return {"record": _plain(_one_row(units, index)), "chain": _chain_info(chain),
            "levels": _levels(chain, set(result.rules), "states no funding rule"),
            "answers": [answer], "notes": result.notes(), "parameters": _parameters_read(chain, reads)}


def explain_score(scores: Table, index: int, chain: Chain, registry) -> dict[str, Any]:
    """The score of row ``index`` (ranks depend on every row, so the whole table is evaluated)."""
    from jiuzhu.core.evaluate import score

    with recording_reads() as reads:
        result = score(scores, chain, registry=registry)
    answer = next(r for i, r in enumerate(result.records()) if i == index) if result.rules else None
    return {"record": _plain(_one_row(scores, index)), "chain": _chain_info(chain),
            "levels": _levels(chain, {r.citation.jurisdiction for r in result.rules}, "gives no scoring figures"),
            "answers": [answer] if answer else [], "notes": result.notes(),
            "parameters": _parameters_read(chain, reads)}
