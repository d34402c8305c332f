"""Jilin province (220000): 实施意见(征求意见稿), 2017-12-22 — a draft for comment.

Every citation is marked ``draft`` (from the document's status), so every answer says so.
Numbers, lists and quotes are in jurisdictions/220000.toml: its ``[[rules]]`` state the
staffing (base plus one per step) and most checks; this module the list checks and funds.
"""

from __future__ import annotations

from jiuzhu.plugin import (
    FundRule,
    blocks,
    builtin_rules,
    declare_builtin,
    fields,
    hookimpl,
    np,
    vocabulary,
)
from jiuzhu.plugins import shared
from jiuzhu.plugins.subjects import builtin_subjects

CODE = "220000"

jiuzhu_jurisdiction = declare_builtin(CODE)


@hookimpl
def jiuzhu_staffing_rule(units, chain):
    return builtin_rules(CODE).staffing(units, chain[CODE])


@hookimpl
def jiuzhu_eligibility_check(subject, records, chain):
    j = chain[CODE]
    p = j.parameters
    out = builtin_rules(CODE).checks(subject, records, j)
    if subject == "contractor":
        out = shared.contractor_kind_conditions(records, j) + out
    elif subject == "purchaser":
        out += shared.purchaser_conditions(records, j)
    elif subject == "purchase_item":
        out += _purchase_item(records, j)
    return out or None


def _purchase_item(records, j) -> list:
    p = j.parameters
    category, known = fields.choice(records, "category", vocabulary.ITEM_CATEGORIES)
    reserved = np.isin(category, list(p.value("reserved_categories")))
    out = shared.reserved_item_conditions(records, j)
    out.append(blocks.on_list("listed_category", "casework (事务性), services (服务性) or planning and research (政研性)",
                              p["purchase_categories"], category, known, passes_anyway=reserved))
    # Only an item in the central catalogue or above the threshold must use a listed method.
    regulated, known_reg = fields.yes_no(records, "in_procurement_catalogue_or_above_threshold")
    method, known_method = fields.choice(records, "procurement_method", vocabulary.PROCUREMENT_METHODS)
    out.append(blocks.on_list("procurement_method", "an item in the central catalogue or above the threshold uses "
                              "a listed procurement method", p["procurement_methods"], method,
                              known_reg & (~regulated | known_method), passes_anyway=~regulated))
    return out


@hookimpl
def jiuzhu_fund_factor_weighting(units, chain):
    j = chain[CODE]
    p = j.parameters
    factors, open_note = shared.factor_method(j)
    share = p["purchase_budget_share"]
    notes = [open_note,
             f"purchase budget: at least {share.value:.0%} of the social-assistance special funds, in principle "
             f"(原则上, {share.citation.clause}); give a special_funds column to compute it per unit"]
    return FundRule(citation=p["fund_factors"].citation, factors=factors,
                    budget_share=(share.value, share.citation), budget_in_principle=True,
                    note="; ".join(n for n in notes if n))


# The eligibility subjects this document treats (their fields: `jiuzhu check SUBJECT --fields`).
jiuzhu_subjects = builtin_subjects("contractor", "purchase_item", "dispatched_worker", "xieliyuan_candidate", "evaluation", "purchaser")
