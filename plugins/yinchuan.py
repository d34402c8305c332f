"""Yinchuan city (640100): 《关于进一步加强基层民政服务能力建设实施方案》, 2018-06-06.

Numbers, lists and quotes are in jurisdictions/640100.toml: its ``[[rules]]`` state the
staffing and fund-floor bands and the training checks; this module the list checks and
the capacity score.
"""

from __future__ import annotations

from jiuzhu.plugin import (
    ScoringRule,
    blocks,
    builtin_rules,
    declare_builtin,
    fields,
    hookimpl,
    np,
    vocabulary,
)
from jiuzhu.plugins.subjects import builtin_subjects

CODE = "640100"

jiuzhu_jurisdiction = declare_builtin(CODE)

#: Count columns of the capacity score and the parameter each must reach, with its words.
TRAININGS = (("county_cadre_trainings", "training_county_cadres_per_year", "county cadre training by the city"),
             ("township_trainings", "training_township_staff_per_year", "township staff training"),
             ("xieliyuan_trainings", "training_xieliyuan_per_year", "协理员 training"))


@hookimpl
def jiuzhu_staffing_rule(units, chain):
    return builtin_rules(CODE).staffing(units, chain[CODE])


@hookimpl
def jiuzhu_eligibility_check(subject, records, chain):
    j = chain[CODE]
    p = j.parameters
    out = builtin_rules(CODE).checks(subject, records, j)
    if subject == "xieliyuan_candidate":
        source, known = fields.choice(records, "source", vocabulary.XIELIYUAN_SOURCES)
        out.insert(0, blocks.on_list("source", "the women's director or a college-graduate village official "
                                     "(part-time), a 三留守 supervisor re-designated, or one full-time hire",
                                     p["xieliyuan_sources"], source, known))
    elif subject == "purchase_item":
        category, known = fields.choice(records, "category", vocabulary.ITEM_CATEGORIES)
        reserved = p["reserved_categories"]
        out += [blocks.not_on_list("not_reserved_to_government", "not an administrative matter or a service the "
                                   "government must provide itself", reserved, category, known,
                                   aliases=vocabulary.ITEM_CATEGORIES),
                blocks.on_list("listed_category", "casework (事务性) or services (服务性)", p["purchase_categories"],
                               category, known, passes_anyway=np.isin(category, list(reserved.value)))]
    return out or None


@hookimpl
def jiuzhu_fund_factor_weighting(units, chain):
    return builtin_rules(CODE).fund_floors(units, chain[CODE])


@hookimpl
def jiuzhu_pilot_scoring(scores, chain):
    """The checkable capacity targets as a checklist: each unit's share met, each shortfall named."""
    j = chain[CODE]
    p = j.parameters
    n = len(scores)
    checks = []  # (met column, known column, words)
    used = []  # the parameters the score rests on: its citation names their clauses
    hall, known_hall = fields.yes_no(scores, "has_service_hall")
    for name in ("facilities", "rooms", "service_hall_window", "village_facilities"):
        listed = p[name]
        used.append(listed)
        for column in listed.value:
            value, known = fields.yes_no(scores, column)
            if name == "service_hall_window":  # only where there is a service hall (有便民服务大厅的)
                known = known & known_hall & hall
            words = vocabulary.word_for(vocabulary.CAPACITY_TARGETS, column)
            checks.append((value, known, f"{words} ({listed.citation.clause})"))
    for column, param, words in TRAININGS:
        value, known = fields.number(scores, column)
        need = p.value(param)
        used.append(p[param])
        checks.append((value >= need, known, f"{words} at least {need} a year ({p[param].citation.clause})"))
    trained, known = fields.yes_no(scores, "all_new_staff_pre_trained")
    used.append(p["pre_job_training_required"])
    if p.value("pre_job_training_required"):
        checks.append((trained, known, f"pre-job training for every new staff member "
                                       f"({p['pre_job_training_required'].citation.clause})"))
    coverage, known = fields.share(scores, "agency_point_coverage")
    target = p["agency_point_coverage"]
    used.append(target)
    checks.append((coverage >= target.value, known,
                   f"agency points (代办点) covered at least {target.value:.0%} ({target.citation.clause})"))
    met = np.zeros(n)
    checked = np.zeros(n)
    shortfalls = blocks.lists_by_flags([known & ~value for value, known, _ in checks], [w for _, _, w in checks])
    for value, known, _ in checks:
        met += value & known
        checked += known
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(checked > 0, 100.0 * met / checked, np.nan)
    clauses = ", ".join(sorted({q.citation.clause for q in used}))
    return ScoringRule(citation=j.citation(clauses, p["facilities"].citation.quote), score=score,
                       shortfalls=shortfalls, assumption=True,
                       notes=("the plan sets targets, not points: the score is the share of checked targets met "
                              "(an assumption), and each shortfall is named",))


# The eligibility subjects this document treats (their fields: `jiuzhu check SUBJECT --fields`).
jiuzhu_subjects = builtin_subjects("xieliyuan_candidate", "civil_affairs_staff", "purchase_item")
