"""Xixiu district (520402): 《西秀区社会救助综合改革试点方案》, 2019-03-14."""

from __future__ import annotations

from jiuzhu.core.lazy import np

from jiuzhu import hookimpl
from jiuzhu.core import blocks, fields
from jiuzhu.core.answers import REVIEW, Deduction, Duty, ScoringRule, StaffingRule
from jiuzhu.core.blocks import condition
from jiuzhu.core.jurisdiction_file import declare_builtin

CODE = "520402"

jiuzhu_jurisdiction = declare_builtin(CODE)


@hookimpl
def jiuzhu_staffing_rule(units, chain):
    j = chain[CODE]
    p = j.parameters
    n = len(units)
    township = units.level_mask("township")
    return [
        StaffingRule(role="township_staff", citation=j.citation("四(三)1", p["township_base_staff"].citation.quote),
                     applies=township, minimum=blocks.fixed(n, p.value("township_base_staff"))),
        StaffingRule(role="township_window_officer", citation=j.citation("六(三)", p["window_officers"].citation.quote),
                     applies=township, minimum=blocks.fixed(n, p.value("window_officers")),
                     maximum=blocks.fixed(n, p.value("window_officers")), restricts_maximum=True,
                     note="one named person for the 社会救助服务窗口, by February 2019"),
    ]


@hookimpl
def jiuzhu_eligibility_check(subject, records, chain):
    j = chain[CODE]
    if subject == "household":
        listed, known = fields.yes_no(records, "blacklisted")
        relative, _ = fields.yes_no(records, "near_relative_of_staff")
        ill, _ = fields.yes_no(records, "seriously_ill_or_disabled")
        urban, _ = fields.yes_no(records, "urban_area")
        return [
            # The text sets up the blacklist without saying what it does to eligibility: review.
            condition("not_blacklisted", "not on the dishonesty blacklist (失信人员黑名单)",
                      j.citation("三(四)", "建立社会救助失信人员“黑名单”"), passes=~listed, known=known,
                      when_failing=REVIEW, reason="on the dishonesty blacklist: the text sets no effect, review"),
            Duty("filing", "a near relative of a 低保 case worker or village cadre: record under the filing system (备案)",
                 j.citation("三(四)", "认真落实低保经办人员和村(居)干部近亲属享受最低生活保障备案制度"), relative),
            Duty("one_person_household", "may be treated as a one-person household for rural 低保",
                 j.citation("三(四)", "明确重病、重度残疾人员作为单人户纳入农村低保的具体办法"), ill & ~urban),
            Duty("urban_dibao", "goes under urban 低保 and its calculation (城镇属性区域)",
                 j.citation("四(三)7", "将辖区内城镇属性区域困难群众最低生活保障纳入城市低保管理范围"), urban),
        ]
    if subject == "case":
        urgent, _ = fields.yes_no(records, "urgent")
        over_cap, _ = fields.yes_no(records, "over_cap")
        kinds, known_kinds = fields.number(records, "kinds_of_assistance")
        complex_, _ = fields.yes_no(records, "complex")
        conference = urgent | over_cap | (known_kinds & (kinds >= 2)) | complex_
        return [Duty("case_conference", "goes to case conference (个案会商): urgent, over the cap, two or more kinds "
                     "of assistance at once, or complex",
                     j.citation("三(二)2", "以情形急难、救助额度超出封顶线、涉及同时实施两种以上救助或情况复杂、难以甄别和界定"
                                          "等特殊情况作为启动个案会商机制的条件"), conference)]
    return None


@hookimpl
def jiuzhu_deduction_rule(subject, incidents, chain):
    if subject != "target_score":
        return None
    j = chain[CODE]
    p = j.parameters
    items = list(p.value("score_items"))
    item, known = fields.choice(incidents, "item")
    for i in np.flatnonzero(~np.isin(item, items) | ~known):
        raise incidents.error(i, "item", f"item {item[i]!r} is not one the plan names; use one of {', '.join(items)}",
                              zh=f"扣分项 {item[i]!r} 不在方案所列之中；可用：{'、'.join(items)}")
    count, known_count = fields.number(incidents, "count")
    count = np.where(known_count, count, 1.0)
    points = blocks.full_score_minus(count, p.value("points_per_shortfall"), p.value("item_full_score"))
    return [Deduction(subject="target_score", unit="points", citation=j.citation("四(二)", p["score_items"].citation.quote),
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
    month, known_month = fields.number(scores, "month")
    score, known_score = fields.number(scores, "score")
    ranked = known_month & known_score & (month >= p.value("ranking_from_month"))
    ranks = np.zeros(n, dtype=np.int64)
    for m in np.unique(month[ranked]):
        rows = np.flatnonzero(ranked & (month == m))
        ranks[rows] = blocks.descending_ranks(score[rows], "shared" if p.value("tie_rule") == "shared"
                                              else "input_order")
    pilots = set(p.value("pilot_units"))
    shortfalls = np.empty(n, dtype=object)
    for i in range(n):
        shortfalls[i] = ["pilot unit (试点示范乡镇)"] if unit[i] in pilots else []
    award = None
    pool = p.value("award_pool")
    if pool > 0:
        names = sorted(set(unit[ranked]))
        means = np.array([score[ranked & (unit == u)].mean() for u in names])
        share = dict(zip(names, means / means.sum() if means.sum() > 0 else np.zeros(len(names))))
        award = np.array([pool * share.get(u, 0.0) for u in unit])
    return ScoringRule(citation=j.citation("四(五)", p["ranking_from_month"].citation.quote), score=np.where(
        known_score, score, np.nan), shortfalls=shortfalls, ranks=ranks,
        tie_rule="ties share the best rank (1, 2, 2, 4): interpretation 6" if p.value("tie_rule") == "shared"
        else "ties keep input order", award=award,
        award_citation=j.citation("四(五)", p["award_split"].citation.quote), assumption=True,
        notes=("months before the second quarter are not ranked",
               "award: each unit's share of the sum of mean monthly scores from the second quarter (assumption)"))
