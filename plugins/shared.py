"""Checks that more than one document states in the same words (Shizong restates Yunnan).

Each function takes the calling plugin's own parameters and citation maker, so every
answer cites the document that states it; the combiner then merges the levels.
"""

from __future__ import annotations

from jiuzhu.plugin import REVIEW, Jurisdiction, Table, condition, fields, judgement, np


def xieliyuan_candidate_conditions(records: Table, j: Jurisdiction, clause: str) -> list:
    """协理员: education, age band, health, political and legal standing, full-time, policy knowledge."""
    p = j.parameters
    n = len(records)
    cite = j.citation

    rank, known_rank = fields.education(records)
    need = fields.EDUCATION_LEVELS[p.value("xieliyuan_min_education")]
    age, known_age = fields.number(records, "age")
    lo, hi = p.value("xieliyuan_age_min"), p.value("xieliyuan_age_max")
    age_reason = np.where(age > hi, [f"age {a:g} above {hi}" for a in np.nan_to_num(age)],
                          [f"age {a:g} below {lo}" for a in np.nan_to_num(age)]) if n else np.empty(0, object)
    healthy, known_healthy = fields.yes_no(records, "healthy")
    lawful, known_lawful = fields.yes_no(records, "law_abiding")
    other_job, known_job = fields.yes_no(records, "other_job")
    return [
        condition("education", f"education {p.value('xieliyuan_min_education')} or above (初中以上文化程度)",
                  cite(clause, p["xieliyuan_min_education"].citation.quote),
                  passes=rank >= need, known=known_rank,
                  reason=f"education below {p.value('xieliyuan_min_education')} (初中以上)"),
        condition("age", f"age {lo} to {hi} inclusive", cite(clause, p["xieliyuan_age_max"].citation.quote),
                  passes=(age >= lo) & (age <= hi), known=known_age, reason=age_reason),
        condition("healthy", "in good health (身体健康)", cite(clause, "身体健康"),
                  passes=healthy, known=known_healthy, reason="not in good health"),
        condition("law_abiding", "supports Party leadership and abides by the law (拥护党的领导，遵纪守法)",
                  cite(clause, "拥护党的领导，遵纪守法"), passes=lawful, known=known_lawful,
                  reason="does not meet 拥护党的领导，遵纪守法"),
        condition("full_time", "full-time: no other job besides own family's production",
                  cite(clause, "应专职从事社会救助协理工作，不得再兼职从事其他工作"),
                  passes=~other_job, known=known_job, reason="holds another job (不得再兼职从事其他工作)"),
        judgement("policy_knowledge", "familiar with social-assistance policy, able and trusted (熟悉各项社会救助政策)",
                  cite(clause, "熟悉各项社会救助政策，具有一定的社会救助业务能力和组织协调能力"), n),
    ]


#: Kinds of purchase items, with the Chinese words administrators use.
ITEM_CATEGORIES = {
    "administrative": "administrative", "行政管理性事务": "administrative", "行政管理": "administrative",
    "direct_service": "direct_service", "政府直接提供": "direct_service",
    "casework": "casework", "事务性": "casework",
    "service": "service", "服务性": "service",
    "research": "research", "政研性": "research",
}


def purchase_item_conditions(records: Table, j: Jurisdiction, clause_scope: str, clause_staff: str) -> list:
    """What may not be bought, what may never be inside a purchase, and when staff may be bought in."""
    cite = j.citation
    category, known_cat = fields.choice(records, "category", ITEM_CATEGORIES)
    reserved = np.isin(category, ["administrative", "direct_service"])
    out = [condition("not_reserved_to_government",
                     "not an administrative matter or a service the government must provide itself",
                     cite(clause_scope, "应当由政府直接承担的社会救助行政管理性事务，以及应当由政府直接提供、"
                                        "不适合社会力量承担的救助服务事项，不得向社会力量购买"),
                     passes=~reserved, known=known_cat,
                     reason="reserved to the government (不得向社会力量购买)")]
    for col, words in (("hires_purchaser_staff", "hiring the purchaser's own staff (购买主体的人员聘用)"),
                       ("labour_dispatch", "labour dispatch (劳务派遣)"),
                       ("public_welfare_post", "public-welfare posts (公益性岗位)")):
        value, known = fields.yes_no(records, col)
        out.append(condition(f"no_{col}", f"does not include {words}",
                             cite(clause_scope, "严禁将购买主体的人员聘用，属于《劳务派遣暂行规定》规范的以劳务派遣方式用工，"
                                                "以及设置公益性岗位等事项直接纳入政府购买服务范围"),
                             passes=~value, known=known, reason=f"includes {words}"))
    buys_staff, known_buys = fields.yes_no(records, "buys_staff")
    full, known_full = fields.yes_no(records, "establishment_full")
    out.append(condition("establishment_full_first",
                         "staff are bought in only once the establishment posts are filled and still not enough",
                         cite(clause_staff, "在足额配备在编人员后仍不能满足工作任务需要的，可通过政府购买服务"),
                         passes=~buys_staff | full, known=known_buys & (~buys_staff | known_full),
                         reason="buys staff in before the establishment posts are filled"))
    return out


def worker_task_conditions(records: Table, j: Jurisdiction, clause: str) -> list:
    """A dispatched worker may not be given work outside social assistance."""
    inside, known = fields.yes_no(records, "within_social_assistance")
    return [condition("within_social_assistance", "the task lies within social-assistance duties",
                      j.citation(clause, "不得要求社会力量派遣的工作人员从事社会救助工作职责以外的其他工作"),
                      passes=inside, known=known, reason="work outside social assistance may not be assigned")]


#: Uses of purchase funds the documents forbid, with the words in the text.
FORBIDDEN_FUND_USES = {"three_public": "三公经费", "working_expenses": "工作经费",
                       "equipment": "设备购置", "construction": "工程建设"}
FUND_USE_ALIASES = {**{k: k for k in FORBIDDEN_FUND_USES}, **{v: k for k, v in FORBIDDEN_FUND_USES.items()},
                    "service_purchase": "service_purchase", "购买服务": "service_purchase"}


def fund_use_conditions(records: Table, j: Jurisdiction, clause: str) -> list:
    use, known = fields.choice(records, "use", FUND_USE_ALIASES)
    forbidden = np.isin(use, list(FORBIDDEN_FUND_USES))
    reason = np.array([f"purchase funds may not pay for {FORBIDDEN_FUND_USES.get(u, u)}" for u in use], dtype=object)
    return [condition("permitted_use", "not 三公经费, working expenses, equipment or construction",
                      j.citation(clause, "不得将购买社会救助服务的经费用于三公经费、工作经费、设备购置、工程建设等支出"),
                      passes=~forbidden, known=known, reason=reason)]


def purchaser_condition(records: Table, j: Jurisdiction, clause: str, quote: str, allowed: list[str],
                        open_list: bool) -> list:
    """Who may buy: an open list (主要是) makes another purchaser a case for review, a closed one a refusal."""
    level, known = fields.choice(records, "purchaser_level")
    ok = np.isin(level, allowed)
    return [condition("purchaser", f"the purchaser is at the {' or '.join(allowed)} level", j.citation(clause, quote),
                      passes=ok, known=known, when_failing=REVIEW if open_list else None,
                      reason=f"purchaser not at the {' or '.join(allowed)} level")]


def restated_checks(subject: str, records: Table, j: Jurisdiction, clauses: dict[str, tuple[str, ...]]) -> list | None:
    """The checks Yunnan states and Shizong restates, each citing the calling document's ``clauses``."""
    checks = {"xieliyuan_candidate": xieliyuan_candidate_conditions, "purchase_item": purchase_item_conditions,
              "worker_task": worker_task_conditions, "fund_use": fund_use_conditions}
    if subject not in checks:
        return None
    return checks[subject](records, j, *clauses[subject])
