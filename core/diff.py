"""Why two jurisdictions differ: their parameters, the rule families each regulates, and
which levels of each chain answer them. Rules, not outputs."""

from __future__ import annotations

from typing import Any



def _param(p) -> dict[str, Any]:
    return {"value": p.value, "unit": p.unit, "clause": p.citation.clause, "quote": p.citation.quote,
            "assumption": p.assumption, "interpretation": p.interpretation}


def diff(registry, code_a: str, code_b: str) -> dict[str, Any]:
    """Parameters that differ or exist on one side only, families regulated, answering levels."""
    chain_a, chain_b = registry.chain(code_a), registry.chain(code_b)

    def params(chain):
        # Every level's parameters; a name stated lower in the chain is the one that applies.
        out = {}
        for j in chain:
            for name, p in j.parameters.items():
                out[name] = (j.code, p)
        return out

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
    return {"a": code_a, "b": code_b, "chain": {code_a: list(chain_a.codes), code_b: list(chain_b.codes)},
            "parameters_differ": differ, f"only_in_{code_a}": only_a, f"only_in_{code_b}": only_b,
            "families": families}
