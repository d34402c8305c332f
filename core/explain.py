"""Who answered what for one unit or record: the chain, each level's answer, the clauses,
and the parameters read (overrides and assumptions marked)."""

from __future__ import annotations

from typing import Any

import numpy as np

from jiuzhu.core.answers import STATUS_NAMES
from jiuzhu.core.chain import Chain
from jiuzhu.core.model import recording_reads
from jiuzhu.core.table import Table


def _one_row(table: Table, index: int) -> Table:
    return table.take([index])


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
    return {"record": {k: (v[0].item() if isinstance(v[0], np.generic) else v[0]) for k, v in row.columns.items()},
            "subject": subject, "chain": _chain_info(chain),
            "levels": [{"code": c, "answer": "answered" if c in stated else "sets no condition on this subject"}
                       for c in chain.codes],
            "outcome": answer["outcome"], "conditions": conditions, "duties": answer["duties"],
            "parameters": _parameters_read(chain, reads)}
