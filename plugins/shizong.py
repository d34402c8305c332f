"""Shizong county (530323): 《师宗县关于加强基层社会救助经办服务能力建设实施方案》, 2019-05-23.

Answers only what the plan states; Yunnan (its parent) answers the rest through the chain.
"""

from __future__ import annotations

from jiuzhu.plugin import FundRule, StaffingRule, blocks, declare_builtin, hookimpl
from jiuzhu.plugins import shared
from jiuzhu.plugins.subjects import builtin_subjects

CODE = "530323"

jiuzhu_jurisdiction = declare_builtin(CODE)

#: The clauses of this document that state the checks Yunnan and Shizong share.
CLAUSES = {"xieliyuan_candidate": ("二(二)",), "purchase_item": ("三(二)", "二"), "worker_task": ("四",),
           "fund_use": ("五",)}


@hookimpl
def jiuzhu_staffing_rule(units, chain):
    j = chain[CODE]
    p = j.parameters
    n = len(units)
    per_township = p.value("township_case_workers")
    return [
        # A role of its own beside Yunnan's full-time staff: exactly one per township.
        StaffingRule(role="township_case_worker",
                     citation=j.citation("二(一)", p["township_case_workers"].citation.quote),
                     applies=units.level_mask("township"), minimum=blocks.fixed(n, per_township),
                     maximum=blocks.fixed(n, per_township), restricts_maximum=True,
                     note=f"hired by the county bureau ({p.value('county_case_workers_hired')} in all) and "
                          "dispatched to the township civil-affairs office"),
        # Restates Yunnan's base; no maximum stated, so Yunnan's size allowance survives.
        StaffingRule(role="village_xieliyuan", citation=j.citation("二(二)", p["village_xieliyuan_base"].citation.quote),
                     applies=units.level_mask("village"), minimum=blocks.fixed(n, p.value("village_xieliyuan_base"))),
    ]


@hookimpl
def jiuzhu_eligibility_check(subject, records, chain):
    j = chain[CODE]
    restated = shared.restated_checks(subject, records, j, CLAUSES)
    if restated is not None:
        return restated
    if subject == "purchaser":
        # Shizong names the county government without 主要: a closed list.
        return shared.purchaser_condition(records, j, "三(一)", "购买社会救助服务的主体是县人民政府",
                                          ["county"], open_list=False)
    return None


@hookimpl
def jiuzhu_fund_factor_weighting(units, chain):
    j = chain[CODE]
    forbidden = "不得将购买社会服务救助服务的经费用于三公经费、工作经费、设备购置、工程建设等支出"
    return FundRule(
        citation=j.citation("五", "购买服务的经费来源为民政事业专项补助资金"),
        prohibited_uses=tuple((w, j.citation("五", forbidden)) for w in shared.FORBIDDEN_FUND_USES.values()),
        note="funds come from the civil-affairs special subsidy (民政事业专项补助资金); factor shares follow Yunnan")


# The eligibility subjects this document treats (their fields: `jiuzhu check SUBJECT --fields`).
jiuzhu_subjects = builtin_subjects("xieliyuan_candidate", "purchase_item", "worker_task", "fund_use", "purchaser")
