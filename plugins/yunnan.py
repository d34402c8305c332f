"""Yunnan province (530000): 《关于加快推进政府购买服务 加强基层社会救助经办服务能力的通知》, 2019-01-08.

Numbers, lists and quotes are in jurisdictions/530000.toml: its ``[[rules]]`` state the
staffing (threshold-then-ratio shapes) and most checks; this module the rules no shape
covers, reading every number from ``chain["530000"].parameters``.
"""

from __future__ import annotations

from jiuzhu.plugin import (
    Deduction,
    FundRule,
    builtin_rules,
    declare_builtin,
    fields,
    hookimpl,
    np,
)
from jiuzhu.plugins import shared
from jiuzhu.plugins.subjects import builtin_subjects

CODE = "530000"

jiuzhu_jurisdiction = declare_builtin(CODE)


@hookimpl
def jiuzhu_staffing_rule(units, chain):
    return builtin_rules(CODE).staffing(units, chain[CODE])


@hookimpl
def jiuzhu_eligibility_check(subject, records, chain):
    j = chain[CODE]
    out = builtin_rules(CODE).checks(subject, records, j) + (shared.earmarked_checks(subject, records, j) or [])
    if subject == "contractor":
        out = shared.contractor_kind_conditions(records, j) + out
    return out or None


@hookimpl
def jiuzhu_deduction_rule(subject, incidents, chain):
    """六(二): the purchaser has the right (有权) to deduct; when it does, 1–3× the worker's
    monthly wage per incident (or the multiplier given)."""
    if subject != "contractor_payment":
        return None
    j = chain[CODE]
    p = j.parameters
    lo, hi = p.value("deduction_multiplier_min"), p.value("deduction_multiplier_max")
    wage, known_wage = fields.number(incidents, "monthly_wage")
    if len(incidents) and not known_wage.all():
        raise incidents.error(np.flatnonzero(~known_wage)[0], "monthly_wage",
                              "monthly_wage is needed: the deduction is a multiple of the worker's monthly wage",
                              zh="需要月工资：扣减额是该人员月工资的倍数")
    count, known_count = fields.number(incidents, "count")
    count = np.where(known_count, count, 1.0)
    mult, known_mult = fields.number(incidents, "multiplier")
    bad = known_mult & ((mult < lo) | (mult > hi))
    clause = p["deduction_multiplier_max"].citation.clause
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise incidents.error(row, "multiplier", f"multiplier {mult[row]:g} is outside {lo:g} to {hi:g} ({clause})",
                              zh=f"倍数 {mult[row]:g} 超出 {lo:g} 至 {hi:g} 的范围（{clause}）")
    base = count * wage
    remedies = p["deduction_remedies"]
    return [Deduction(
        subject="contractor_payment", unit="yuan", citation=p["deduction_multiplier_max"].citation,
        minimum=np.where(known_mult, base * mult, base * lo), maximum=np.where(known_mult, base * mult, base * hi),
        right=bool(p.value("deduction_is_a_right")),
        remedies=tuple(f"{r} ({remedies.citation.clause})" for r in remedies.value))]


@hookimpl
def jiuzhu_fund_factor_weighting(units, chain):
    j = chain[CODE]
    p = j.parameters
    factors, open_note = shared.factor_method(j)
    return FundRule(citation=p["fund_factors"].citation, factors=factors, prohibited_uses=shared.prohibited_uses(j),
                    note="; ".join(n for n in (open_note, f"funds are earmarked "
                                                          f"({p['permitted_fund_uses'].citation.quote})") if n))


# The eligibility subjects this document treats (their fields: `jiuzhu check SUBJECT --fields`).
jiuzhu_subjects = builtin_subjects("xieliyuan_candidate", "purchase_item", "worker_task", "fund_use", "purchaser", "contractor")
