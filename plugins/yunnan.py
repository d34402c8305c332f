"""Yunnan province (530000): 《关于加快推进政府购买服务 加强基层社会救助经办服务能力的通知》, 2019-01-08.

Every number comes from ``chain["530000"].parameters`` (jurisdictions/530000.toml).
"""

from __future__ import annotations

from jiuzhu.plugin import (
    REVIEW,
    Deduction,
    Duty,
    Factor,
    FundRule,
    StaffingRule,
    blocks,
    condition,
    declare_builtin,
    fields,
    hookimpl,
    np,
)
from jiuzhu.plugins import shared
from jiuzhu.plugins.subjects import builtin_subjects

CODE = "530000"

jiuzhu_jurisdiction = declare_builtin(CODE)

#: The clauses of this document that state the checks Yunnan and Shizong share.
CLAUSES = {"xieliyuan_candidate": ("二(二)",), "purchase_item": ("三(三)", "二"), "worker_task": ("四",),
           "fund_use": ("五",)}


@hookimpl
def jiuzhu_staffing_rule(units, chain):
    j = chain[CODE]
    p = j.parameters
    dibao, pop = units["dibao_count"], units["population"]
    rmin, rmax = p.value("rounding_minimum"), p.value("rounding_maximum")

    # County and township rules are computed on their own rows only (few, in a national file).
    county = units.level_mask("county")
    thr, per = p.value("county_dibao_threshold"), p.value("county_dibao_per_staff")
    d = dibao[county]
    above = d > thr
    county_rule = StaffingRule(
        role="county_staff", citation=j.citation("二(一)", p["county_dibao_per_staff"].citation.quote),
        applies=county,
        minimum=blocks.on_rows(county, np.where(above, blocks.per_ratio(d, per, rmin), p.value("county_base_staff"))),
        assumption=blocks.on_rows(county, above & blocks.is_inexact(d, per)))

    township = units.level_mask("township")
    thr = p.value("township_dibao_threshold")
    per_min, per_max = p.value("township_dibao_per_staff_minimum"), p.value("township_dibao_per_staff_maximum")
    d = dibao[township]
    above = d > thr
    township_rule = StaffingRule(
        role="township_staff", citation=j.citation("二(一)", p["township_dibao_per_staff_minimum"].citation.quote),
        applies=township,
        minimum=blocks.on_rows(township, np.where(above, blocks.per_ratio(d, per_min, rmin),
                                                  p.value("township_small_minimum"))),
        maximum=blocks.on_rows(township, np.where(above, blocks.per_ratio(d, per_max, rmax),
                                                  p.value("township_small_maximum"))),
        assumption=blocks.on_rows(township, above & (blocks.is_inexact(d, per_min) | blocks.is_inexact(d, per_max))))

    village = units.level_mask("village")
    base = p.value("village_xieliyuan_base")
    village_rule = StaffingRule(
        role="village_xieliyuan", citation=j.citation("二(二)", p["village_xieliyuan_base"].citation.quote),
        applies=village, minimum=blocks.fixed(len(units), base),
        maximum=blocks.banded(pop, [p.value("village_population_for_two"), p.value("village_population_for_three")],
                              [base, 2, 3], boundary="upper"),
        max_citation=j.citation("二(二)", "人口5000人（含）以上的行政村或社区可配备2人、1万人（含）以上可配备3人"))
    return [county_rule, township_rule, village_rule]


@hookimpl
def jiuzhu_eligibility_check(subject, records, chain):
    j = chain[CODE]
    restated = shared.restated_checks(subject, records, j, CLAUSES)
    if restated is not None:
        return restated
    if subject == "purchaser":
        return shared.purchaser_condition(records, j, "三(一)", "购买社会救助服务的主体主要是县级地方人民政府",
                                          ["county"], open_list=True)
    if subject == "contractor":
        return _contractor(records, j)
    return None


def _contractor(records, j):
    p = j.parameters
    kinds = list(p.value("contractor_kinds"))
    kind, known_kind = fields.choice(records, "kind", {
        "社会组织": "social_organisation", "事业单位": "public_institution", "企业": "enterprise",
        "机构": "enterprise", **{k: k for k in kinds}})
    shell, known_shell = fields.yes_no(records, "shell_company")
    banned, known_banned = fields.yes_no(records, "banned")
    lowest, known_lowest = fields.yes_no(records, "chosen_on_lowest_price_only")
    n = len(records)
    everyone = np.ones(n, bool)
    return [
        condition("kind", "a social organisation, class-II or production public institution, or registered "
                          "enterprise/agency (主要包括: an open list)",
                  j.citation("三(二)", p["contractor_kinds"].citation.quote), passes=np.isin(kind, kinds),
                  known=known_kind, when_failing=REVIEW, reason="a kind the open list does not name"),
        condition("not_shell_company", "not a shell company (皮包公司)",
                  j.citation("六(一)", "不能…设立“皮包公司”或与“皮包公司”签订政府购买服务协议"),
                  passes=~shell, known=known_shell, reason="a shell company (皮包公司)"),
        condition("not_banned", "not banned after a serious breach",
                  j.citation("六(二)", "禁止相关主体在一定期限内参与政府购买社会救助服务工作"),
                  passes=~banned, known=known_banned, reason="under a ban after a serious breach"),
        condition("not_lowest_price_only", "not chosen on lowest price alone (价低者得)",
                  j.citation("六(一)", "不得简单以“价低者得”作为选择标准"),
                  passes=~lowest, known=known_lowest, reason="chosen on lowest price alone"),
        Duty("labour_contracts", "sign labour contracts, pay monthly and insure its dispatched workers",
             j.citation("六(二)", "与派遣的工作人员签订劳动合同、按月发放薪酬并办理社会保险"), everyone),
        Duty("no_subcontracting", "no subcontracting (严禁服务转包)", j.citation("六(二)", "严禁服务转包"), everyone),
    ]


@hookimpl
def jiuzhu_deduction_rule(subject, incidents, chain):
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
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise incidents.error(row, "multiplier", f"multiplier {mult[row]:g} is outside {lo:g} to {hi:g} (六(二))",
                              zh=f"倍数 {mult[row]:g} 超出 {lo:g} 至 {hi:g} 的范围（六(二)）")
    base = count * wage
    return [Deduction(
        subject="contractor_payment", unit="yuan",
        citation=j.citation("六(二)", p["deduction_multiplier_max"].citation.quote),
        minimum=np.where(known_mult, base * mult, base * lo), maximum=np.where(known_mult, base * mult, base * hi),
        remedies=("the purchaser may require the contractor to replace the worker (六(二))",
                  "serious breaches: the contract ends and the contractor is banned for a period (六(二))"))]


@hookimpl
def jiuzhu_fund_factor_weighting(units, chain):
    j = chain[CODE]
    p = j.parameters
    factors = tuple(
        Factor(key, words, column, p.value(f"factor_weight_{key}"),
               j.citation("五", p[f"factor_weight_{key}"].citation.quote), p[f"factor_weight_{key}"].assumption)
        for key, words, column in (
            ("people_in_difficulty", "number of people in difficulty (困难群众数量)", "people_in_difficulty"),
            ("workload", "social-assistance workload (社会救助服务工作量)", "workload"),
            ("fund_use", "how funds were used (资金使用情况)", "fund_use"),
            ("performance", "performance evaluation (绩效考评)", "performance")))
    forbidden = "不得将购买社会救助服务的经费用于三公经费、工作经费、设备购置、工程建设等支出"
    return FundRule(
        citation=j.citation("五", "省对下补助采取因素法分配"), factors=factors,
        prohibited_uses=tuple((words, j.citation("五", forbidden)) for words in shared.FORBIDDEN_FUND_USES.values()),
        note="funds are earmarked (专款专用)")


# The eligibility subjects this document treats (their fields: `jiuzhu check SUBJECT --fields`).
jiuzhu_subjects = builtin_subjects("xieliyuan_candidate", "purchase_item", "worker_task", "fund_use", "purchaser", "contractor")
