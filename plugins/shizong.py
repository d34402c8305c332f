"""Shizong county (530323): 《师宗县关于加强基层社会救助经办服务能力建设实施方案》, 2019-05-23.

Answers only what the plan states; Yunnan (its parent) answers the rest through the chain.
Numbers, lists and quotes are in jurisdictions/530323.toml; its ``[[rules]]`` state the
staffing and most checks, in Shizong's own words.
"""

from __future__ import annotations

from jiuzhu.plugin import FundRule, builtin_rules, declare_builtin, hookimpl
from jiuzhu.plugins import shared
from jiuzhu.plugins.subjects import builtin_subjects

CODE = "530323"

jiuzhu_jurisdiction = declare_builtin(CODE)


@hookimpl
def jiuzhu_staffing_rule(units, chain):
    return builtin_rules(CODE).staffing(units, chain[CODE])


@hookimpl
def jiuzhu_eligibility_check(subject, records, chain):
    j = chain[CODE]
    out = builtin_rules(CODE).checks(subject, records, j) + (shared.earmarked_checks(subject, records, j) or [])
    return out or None


@hookimpl
def jiuzhu_fund_factor_weighting(units, chain):
    j = chain[CODE]
    p = j.parameters
    return FundRule(citation=p["fund_source"].citation, prohibited_uses=shared.prohibited_uses(j),
                    note=f"funds come from {p.value('fund_source')}; factor shares follow the province")


# The eligibility subjects this document treats (their fields: `jiuzhu check SUBJECT --fields`).
jiuzhu_subjects = builtin_subjects("xieliyuan_candidate", "purchase_item", "worker_task", "fund_use", "purchaser")
