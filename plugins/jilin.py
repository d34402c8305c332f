"""Jilin province (220000): 实施意见(征求意见稿), 2017-12-22 — a draft for comment.

Every citation is marked ``draft`` (from the document's status), so every answer says so.
"""

from __future__ import annotations

from jiuzhu.plugin import (
    REVIEW,
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

CODE = "220000"

PROCUREMENT_ALIASES = {"公开招标": "public_tender", "邀请招标": "invited_tender", "竞争性谈判": "competitive_negotiation",
                       "竞争性磋商": "competitive_consultation", "单一来源": "single_source"}

jiuzhu_jurisdiction = declare_builtin(CODE)


@hookimpl
def jiuzhu_staffing_rule(units, chain):
    j = chain[CODE]
    p = j.parameters
    township = units.level_mask("township")
    return [StaffingRule(
        role="township_staff", citation=j.citation("三(三)", p["township_population_per_extra_staff"].citation.quote),
        applies=township,
        minimum=blocks.on_rows(township, blocks.base_plus_per(
            units["population"][township], p.value("township_population_threshold"), p.value("township_base_staff"),
            p.value("township_population_per_extra_staff"), p.value("rounding_minimum"))))]


@hookimpl
def jiuzhu_eligibility_check(subject, records, chain):
    j = chain[CODE]
    p = j.parameters
    if subject == "contractor":
        kind, known = fields.choice(records, "kind", {"社会组织": "social_organisation", "事业单位": "public_institution",
                                                      "企业": "enterprise", "机构": "enterprise"})
        out = [condition("kind", "a social organisation, class-II or production public institution, or registered "
                                 "enterprise/agency (主要是: an open list)",
                         j.citation("二(三)", p["contractor_kinds"].citation.quote),
                         passes=np.isin(kind, list(p.value("contractor_kinds"))), known=known, when_failing=REVIEW,
                         reason="a kind the open list does not name")]
        for col, words, quote in (
                ("independent_liability", "able to bear civil liability independently", "应具有独立承担民事责任的能力"),
                ("has_capacity", "has the facilities, staff and expertise the service needs",
                 "具备提供服务所必需的设施、人员和专业技术能力"),
                ("sound_governance", "sound internal governance, accounting and asset management",
                 "具有健全的内部治理结构、财务会计和资产管理制度")):
            value, known = fields.yes_no(records, col)
            out.append(condition(col, words, j.citation("二(三)", quote), passes=value, known=known,
                                 reason=f"not {words}"))
        banned, known = fields.yes_no(records, "banned")
        out.append(condition("not_banned", "not banned after a serious breach",
                             j.citation("二(六)", "依法禁止相关主体在一定期限内参与政府购买社会救助服务工作"),
                             passes=~banned, known=known, reason="under a ban after a serious breach"))
        out.append(Duty("no_subcontracting", "no subcontracting (严禁服务转包)", j.citation("二(六)", "严禁服务转包"),
                        np.ones(len(records), bool)))
        return out
    if subject == "purchase_item":
        category, known = fields.choice(records, "category", shared.ITEM_CATEGORIES)
        reserved = np.isin(category, ["administrative", "direct_service"])
        listed = np.isin(category, list(p.value("purchase_categories")))
        out = [
            condition("not_reserved_to_government", "not an administrative matter or a service the government must "
                      "provide itself", j.citation("二(二)", "应当由政府直接承担的行政管理性事务…不得向社会力量购买"),
                      passes=~reserved, known=known, reason="reserved to the government (不得向社会力量购买)"),
            condition("listed_category", "casework (事务性), services (服务性) or planning and research (政研性)",
                      j.citation("二(二)", p["purchase_categories"].citation.quote), passes=listed | reserved,
                      known=known, when_failing=REVIEW, reason="a kind of work the open list does not name"),
        ]
        regulated, known_reg = fields.yes_no(records, "in_procurement_catalogue_or_above_threshold")
        method, known_method = fields.choice(records, "procurement_method", PROCUREMENT_ALIASES)
        ok = ~regulated | np.isin(method, list(p.value("procurement_methods")))
        out.append(condition("procurement_method", "an item in the central catalogue or above the threshold uses a "
                             "listed procurement method", j.citation("二(四)", p["procurement_methods"].citation.quote),
                             passes=ok, known=known_reg & (~regulated | known_method),
                             reason="procured by a method the clause does not list"))
        return out
    if subject == "dispatched_worker":
        rank, known = fields.education(records)
        need = fields.EDUCATION_LEVELS[p.value("dispatched_worker_min_education")]
        social_work, _ = fields.yes_no(records, "social_work_background")
        return [
            condition("education", "junior college (大专) or above, in principle",
                      j.citation("三(三)", p["dispatched_worker_min_education"].citation.quote),
                      passes=rank >= need, known=known, when_failing=REVIEW,
                      reason="below 大专: 原则上, so a stated reason is needed (review, not refusal)"),
            Duty("social_work_priority", "ranks first: social-work education or qualification (a priority, not a bar)",
                 j.citation("三(三)", "优先考虑具有社会工作教育背景或取得社会工作职业资格人员"), social_work),
        ]
    if subject == "xieliyuan_candidate":
        member, known_m = fields.yes_no(records, "village_committee_member")
        elected, known_e = fields.yes_no(records, "elected_by_villagers")
        return [condition("source", "a 村两委 member serving part-time, or a villager elected by villagers "
                          "(一般: as a rule)", j.citation("三(三)", "一般由村委“两委”成员兼任,或由村民推选政治立场坚定,品行端正的村民担任"),
                          passes=member | elected, known=known_m | known_e, when_failing=REVIEW,
                          reason="neither a 村两委 member nor elected by villagers")]
    if subject == "evaluation":
        out = []
        for col, words in (("rated_by_purchaser", "the purchaser (购买主体)"), ("rated_by_recipients", "service recipients (服务对象)"),
                           ("rated_by_third_party", "a third party (第三方)")):
            value, known = fields.yes_no(records, col)
            out.append(condition(col, f"evaluated by {words}",
                                 j.citation("二(五)", "建立健全由购买主体、服务对象及第三方组成的综合性评价机制"),
                                 passes=value, known=known, reason=f"no evaluation by {words}"))
        published, known = fields.yes_no(records, "results_published")
        out.append(condition("results_published", "results made public and used to choose next year's contractor",
                             j.citation("二(五)", "强化绩效评价结果应用,向社会公开,并作为以后年度选择承接主体的重要参考依据"),
                             passes=published, known=known, reason="results not made public"))
        return out
    if subject == "purchaser":
        return shared.purchaser_condition(
            records, j, "二(一)", "县级以上地方人民政府是购买社会救助服务的主体…乡镇政府、街道办事处也可购买社会救助相关服务",
            ["county", "prefecture", "province", "township"], open_list=False)
    return None


@hookimpl
def jiuzhu_fund_factor_weighting(units, chain):
    j = chain[CODE]
    p = j.parameters
    factors = tuple(
        Factor(key, words, key, p.value(f"factor_weight_{key}"),
               j.citation("三(四)", p[f"factor_weight_{key}"].citation.quote), True)
        for key, words in (("workload", "workload (业务量)"), ("fiscal_difficulty", "fiscal difficulty (财政困难程度)"),
                           ("local_effort", "local effort (地方努力程度)")))
    return FundRule(citation=j.citation("三(四)", "省级财政每年安排一定额度的社会救助工作经费"), factors=factors,
                    budget_share=(p.value("purchase_budget_share"),
                                  j.citation("三(四)", p["purchase_budget_share"].citation.quote)),
                    note="the purchase budget is at least 1% of the social-assistance special funds, in principle (原则上)")


# The eligibility subjects this document treats (their fields: `jiuzhu check SUBJECT --fields`).
jiuzhu_subjects = builtin_subjects("contractor", "purchase_item", "dispatched_worker", "xieliyuan_candidate", "evaluation", "purchaser")
