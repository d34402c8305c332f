"""Yinchuan city (640100): 《关于进一步加强基层民政服务能力建设实施方案》, 2018-06-06."""

from __future__ import annotations

from jiuzhu.plugin import (
    FundRule,
    ScoringRule,
    StaffingRule,
    blocks,
    condition,
    declare_builtin,
    fields,
    hookimpl,
    np,
    vocabulary,
)
from jiuzhu.plugins.subjects import builtin_subjects

CODE = "640100"

SOURCES = {"妇女主任": "women_director", "大学生村官": "college_graduate_official",
           "三留守督导员": "three_left_behind_supervisor", "专职": "full_time_hire", "专职聘用": "full_time_hire"}

#: The checkable capacity targets: (column, words, clause, quote). Yes/no columns.
FACILITIES = (
    ("has_telephone", "telephone (有电话)"), ("has_computer", "computer (有电脑)"), ("has_printer", "printer (有打印机)"),
    ("has_desks", "desks and chairs (有办公桌椅)"), ("has_av_recorder", "audio-video recorder (有影录设备)"),
    ("has_archives", "archives (有档案)"), ("has_info_platform", "information platform for residents (有联系服务群众信息平台)"),
    ("has_office", "office room (办公室)"), ("has_reception", "reception room or window (群众接待室或服务窗口)"),
    ("has_archive_room", "archive room (档案室)"), ("has_store", "supplies store (物资储备室)"),
)

jiuzhu_jurisdiction = declare_builtin(CODE)


@hookimpl
def jiuzhu_staffing_rule(units, chain):
    j = chain[CODE]
    p = j.parameters
    n = len(units)
    township = units.level_mask("township")
    return [
        StaffingRule(role="township_civil_affairs_staff",
                     citation=j.citation("三(四)", p["township_population_threshold"].citation.quote),
                     applies=township,
                     minimum=blocks.on_rows(township, blocks.banded(
                         units["population"][township], [p.value("township_population_threshold")],
                         [p.value("township_base_staff"), p.value("township_large_staff")], boundary="lower")),
                     note="原则上 (in principle); full- or part-time civil-affairs staff"),
        StaffingRule(role="village_xieliyuan", citation=j.citation("三(五)", p["village_xieliyuan_max"].citation.quote),
                     applies=units.level_mask("village"), minimum=blocks.fixed(n, p.value("village_xieliyuan_base")),
                     maximum=blocks.fixed(n, p.value("village_xieliyuan_max")),
                     note="part-time (women's director, college-graduate official) or one full-time hire where the "
                          "village has the means"),
    ]


@hookimpl
def jiuzhu_eligibility_check(subject, records, chain):
    j = chain[CODE]
    p = j.parameters
    trained, known_trained = fields.yes_no(records, "pre_job_training")
    training = condition("pre_job_training", "finished pre-job training before taking the post",
                         j.citation("三(六)", "各乡镇(街道)新任民政工作人员、各村(社区)新任民政协理员必须经岗前培训才能上岗"),
                         passes=trained, known=known_trained, reason="no pre-job training (必须经岗前培训才能上岗)")
    if subject == "xieliyuan_candidate":
        source, known = fields.choice(records, "source", SOURCES)
        return [condition("source", "the women's director or a college-graduate village official (part-time), a "
                          "三留守 supervisor re-designated, or one full-time hire",
                          j.citation("三(五)", p["xieliyuan_sources"].citation.quote),
                          passes=np.isin(source, list(p.value("xieliyuan_sources"))), known=known,
                          reason="not from a source the plan names"), training]
    if subject == "civil_affairs_staff":
        return [training]
    if subject == "purchase_item":
        category, known = fields.choice(records, "category", vocabulary.ITEM_CATEGORIES)
        reserved = p["reserved_categories"]
        return [
            blocks.not_on_list("not_reserved_to_government", "not an administrative matter or a service the "
                               "government must provide itself", reserved, category, known),
            blocks.on_list("listed_category", "casework (事务性) or services (服务性)", p["purchase_categories"],
                           category, known, passes_anyway=np.isin(category, list(reserved.value))),
        ]
    return None


@hookimpl
def jiuzhu_fund_factor_weighting(units, chain):
    j = chain[CODE]
    p = j.parameters
    township = units.level_mask("township")
    floors = blocks.banded(units["population"][township], [p.value("funds_band_1_limit"), p.value("funds_band_2_limit")],
                           [p.value("funds_band_1"), p.value("funds_band_2"), p.value("funds_band_3")], boundary="lower")
    return FundRule(citation=j.citation("三(九)", "将基层民政工作经费列入乡镇(街道)工作经费预算,单独列支并足额落实"),
                    floors=blocks.on_rows(township, floors.astype(np.int64), fill=-1),
                    floor_citation=j.citation("三(九)", p["funds_band_1"].citation.quote),
                    note="township civil-affairs working funds, listed separately in the township budget; 原则上")


@hookimpl
def jiuzhu_pilot_scoring(scores, chain):
    """The checkable capacity targets as a checklist: each unit's share met, each shortfall named."""
    j = chain[CODE]
    p = j.parameters
    n = len(scores)
    checks = []  # (met column, known column, words)
    for col, words in FACILITIES:
        value, known = fields.yes_no(scores, col)
        checks.append((value, known, words))
    for col, param, words in (("township_trainings", "training_township_staff_per_year", "township staff training"),
                              ("xieliyuan_trainings", "training_xieliyuan_per_year", "协理员 training")):
        value, known = fields.number(scores, col)
        need = p.value(param)
        checks.append((value >= need, known, f"{words} at least {need} a year"))
    trained, known = fields.yes_no(scores, "all_new_staff_pre_trained")
    checks.append((trained, known, "pre-job training for every new staff member"))
    coverage, known = fields.number(scores, "agency_point_coverage")
    checks.append((coverage >= p.value("agency_point_coverage"), known, "agency points (代办点) 100% covered"))
    met = np.zeros(n)
    checked = np.zeros(n)
    shortfalls = np.empty(n, dtype=object)
    for i in range(n):
        shortfalls[i] = [words for value, known, words in checks if known[i] and not value[i]]
    for value, known, _ in checks:
        met += value & known
        checked += known
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(checked > 0, 100.0 * met / checked, np.nan)
    return ScoringRule(citation=j.citation("三(六)(七)", "乡镇民政工作机构服务设施要达到七有标准"), score=score,
                       shortfalls=shortfalls, assumption=True,
                       notes=("the plan sets targets, not points: the score is the share of checked targets met "
                              "(an assumption), and each shortfall is named",))


# The eligibility subjects this document treats (their fields: `jiuzhu check SUBJECT --fields`).
jiuzhu_subjects = builtin_subjects("xieliyuan_candidate", "civil_affairs_staff", "purchase_item")
