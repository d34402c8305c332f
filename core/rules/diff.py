"""Why two jurisdictions differ: their parameters, the rule families each regulates, and
which levels of each chain answer them. Rules, not outputs."""

from __future__ import annotations

from typing import Any


def _param(p) -> dict[str, Any]:
    return {"value": p.value, "unit": p.unit, "clause": p.citation.clause, "quote": p.citation.quote,
            "assumption": p.assumption, "interpretation": p.interpretation}


def _params(chain) -> dict[str, tuple[str, Any]]:
    """Every answering level's parameters; a name stated lower in the chain is the one that applies."""
    out = {}
    for j in chain:
        if j.code in chain.dormant:
            continue
        for name, p in j.parameters.by_name.items():
            out[name] = (j.code, p)
    return out


def diff_dates(registry, code: str, day_from, day_to, in_force_only: bool = False) -> dict[str, Any]:
    """What changed in ``code``'s chain between two days: levels coming into or out of force,
    the document version answering, and each parameter whose value changed (with both clauses)."""
    before = registry.chain(code, as_of=day_from, in_force_only=in_force_only)
    after = registry.chain(code, as_of=day_to, in_force_only=in_force_only)
    levels = []
    for a, b in zip(before, after):
        doc_a = None if a.code in before.dormant else a.answering_document().version_label()
        doc_b = None if b.code in after.dormant else b.answering_document().version_label()
        if doc_a != doc_b:
            levels.append({"jurisdiction": a.code, "from": doc_a or f"not in force: {before.dormant[a.code]}",
                           "to": doc_b or f"not in force: {after.dormant[b.code]}"})
    pa, pb = _params(before), _params(after)
    changed = []
    for name in sorted(set(pa) | set(pb)):
        (ja, a), (jb, b) = pa.get(name, (None, None)), pb.get(name, (None, None))
        if a is not None and b is not None and a.value == b.value and ja == jb:
            continue
        changed.append({"name": name, "from": None if a is None else {"jurisdiction": ja, **_param(a)},
                        "to": None if b is None else {"jurisdiction": jb, **_param(b)}})
    return {"jurisdiction": code, "from": str(before.as_of), "to": str(after.as_of), "levels": levels,
            "parameters_changed": changed}


def diff(registry, code_a: str, code_b: str, as_of=None, in_force_only: bool = False) -> dict[str, Any]:
    """Parameters that differ or exist on one side only, families regulated, answering levels
    (both chains as of ``as_of``, default today)."""
    chain_a = registry.chain(code_a, as_of=as_of, in_force_only=in_force_only)
    chain_b = registry.chain(code_b, as_of=as_of, in_force_only=in_force_only)
    params = _params

    pa, pb = params(chain_a), params(chain_b)
    differ, only_a, only_b = [], [], []
    for name in sorted(set(pa) | set(pb)):
        if name in pa and name in pb:
            (ja, a), (jb, b) = pa[name], pb[name]
            if a.value != b.value:
                differ.append({"name": name, code_a: {"jurisdiction": ja, **_param(a)},
                               code_b: {"jurisdiction": jb, **_param(b)}})
        elif name in pa:
            only_a.append({"name": name, "jurisdiction": pa[name][0], **_param(pa[name][1])})
        else:
            only_b.append({"name": name, "jurisdiction": pb[name][0], **_param(pb[name][1])})

    ans_a, ans_b = registry.answering(chain_a), registry.answering(chain_b)
    families = []
    for family in ans_a:
        families.append({"family": family, code_a: ans_a[family], code_b: ans_b[family],
                         "regulated_by": [c for c, ans in ((code_a, ans_a), (code_b, ans_b)) if ans[family]]})
    return {"a": code_a, "b": code_b, "as_of": str(chain_a.as_of),
            "not_in_force": {**chain_a.dormant, **chain_b.dormant},
            "chain": {code_a: list(chain_a.codes), code_b: list(chain_b.codes)},
            "parameters_differ": differ, f"only_in_{code_a}": only_a, f"only_in_{code_b}": only_b,
            "families": families}
