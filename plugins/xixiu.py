"""Xixiu district (520402): 《西秀区社会救助综合改革试点方案》, 2019-03-14.

Numbers, lists and quotes are in jurisdictions/520402.toml; its ``[[rules]]`` state the
township staff and the household checks, and this module the rules no shape covers.
"""

from __future__ import annotations

from jiuzhu.plugin import (
    Deduction,
    Duty,
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

CODE = "520402"

jiuzhu_jurisdiction = declare_builtin(CODE)

#: The columns that say a case meets a trigger the plan names, by trigger key.
TRIGGER_COLUMNS = {"urgent": "urgent", "over_cap": "over_cap", "complex": "complex"}


@hookimpl
def jiuzhu_staffing_rule(units, chain):
    return builtin_rules(CODE).staffing(units, chain[CODE])


@hookimpl
def jiuzhu_eligibility_check(subject, records, chain):
    j = chain[CODE]
    if subject == "case":
        return _case_routing(records, j)
    return builtin_rules(CODE).checks(subject, records, j) or None


def _case_routing(records, j):
    """Case conference: a named trigger sends the case to conference; another special circumstance
    (the list is open: …等特殊情况) needs review."""
    p = j.parameters
    triggers = p["case_conference_triggers"]
    named = set(triggers.value)
    conference = np.zeros(len(records), bool)
    for key, column in TRIGGER_COLUMNS.items():
        if key in named:
            conference |= fields.yes_no(records, column)[0]
    kinds, known_kinds = fields.number(records, "kinds_of_assistance")
    if "multiple_kinds" in named:
        conference |= known_kinds & (kinds >= p.value("case_conference_min_kinds"))
    other, known_other = fields.choice(records, "other_circumstance", vocabulary.CASE_TRIGGERS)
    conference |= known_other & np.isin(other, list(named))
    out = [Duty("case_conference", f"goes to case conference ({triggers.citation.clause})", triggers.citation,
                conference)]
    if known_other.any():
        # A blank circumstance is no circumstance: only a written one is checked.
        out.append(blocks.on_list("named_trigger", "a special circumstance the plan names", triggers, other,
                                  np.ones(len(records), bool), passes_anyway=~known_other))
    return out


@hookimpl
def jiuzhu_deduction_rule(subject, incidents, chain):
    if subject != "target_score":
        return None
    j = chain[CODE]
    p = j.parameters
    items = list(p.value("score_items"))
    item, known = fields.choice(incidents, "item", vocabulary.SCORE_ITEMS)
    for i in np.flatnonzero(~np.isin(item, items) | ~known):
        raise incidents.error(i, "item", f"item {item[i]!r} is not one the plan names; use one of {', '.join(items)}",
                              zh=f"扣分项 {item[i]!r} 不在方案所列之中；可用：{'、'.join(items)}")
    count, known_count = fields.number(incidents, "count")
    count = np.where(known_count, count, 1.0)
    points = blocks.full_score_minus(count, p.value("points_per_shortfall"), p.value("item_full_score"))
    return [Deduction(subject="target_score", unit="points", citation=p["score_items"].citation,
                      minimum=points, maximum=points, assumption=True,
                      remedies=(f"points are interpretation 5: {p.value('points_per_shortfall'):g} per shortfall, "
                                f"at most the item's full {p.value('item_full_score'):g} (not in the text)",))]


@hookimpl
def jiuzhu_pilot_scoring(scores, chain):
    """Monthly descending ranking of townships from the second quarter; the year-end award split."""
    j = chain[CODE]
    p = j.parameters
    n = len(scores)
    unit, _ = fields.choice(scores, "unit")
    year = p.value("undated_month_year")
    month, known_month, bare = fields.year_month(scores, "month", year)
    score, known_score = fields.number(scores, "score")
    start, _ = fields.parse_year_month(p.value("ranking_from"), year)
    ranked = known_month & known_score & (month >= start)
    ranks = np.zeros(n, dtype=np.int64)
    ties = "shared" if p.value("tie_rule") == "shared" else "input_order"
    for m in np.unique(month[ranked]):
        rows = np.flatnonzero(ranked & (month == m))
        ranks[rows] = blocks.descending_ranks(score[rows], ties)
    pilots = set(p.value("pilot_units"))
    pilot_note = f"pilot unit ({p['pilot_units'].citation.clause})"
    shortfalls = blocks.lists_by_row([[], [pilot_note]], np.isin(unit, list(pilots)))
    award = None
    pool = p.value("award_pool")
    if pool > 0:
        # Grouped by one sort of the ranked rows (linear in rows, not rows x units).
        names, counts = np.unique(unit[ranked], return_counts=True)
        by_unit = np.split(score[ranked][np.argsort(unit[ranked], kind="stable")], np.cumsum(counts)[:-1])
        means = np.array([rows.mean() for rows in by_unit]) if len(names) else np.zeros(0)
        shares = means / means.sum() if means.sum() > 0 else np.zeros(len(names))
        share = dict(zip(names.tolist(), shares.tolist()))
        award = np.array([pool * share.get(u, 0.0) for u in unit])
    notes = [f"months before {p.value('ranking_from')} are not ranked; each year-month is ranked on its own",
             "award: each unit's share of the sum of mean monthly scores from the second quarter (assumption)"]
    if bare.any():
        notes.append(f"{int(bare.sum())} month(s) written without a year were read as {year} "
                     f"({p['undated_month_year'].citation.clause}); write 2020-03 for another year")
    return ScoringRule(citation=p["ranking_from"].citation, score=np.where(known_score, score, np.nan),
                       shortfalls=shortfalls, ranks=ranks,
                       tie_rule="ties share the best rank (1, 2, 2, 4): interpretation 6" if ties == "shared"
                       else "ties keep input order", award=award, award_citation=p["award_split"].citation,
                       assumption=True, notes=tuple(notes))


# The eligibility subjects this document treats (their fields: `jiuzhu check SUBJECT --fields`).
jiuzhu_subjects = builtin_subjects("household", "case")
