"""The eligibility subjects the built-in plugins check, declared once with their fields.

Each built-in plugin declares the subjects its document treats with
``jiuzhu_subjects = subjects_hook(...)``; a subject two documents treat is one declaration.
Allowed values and their Chinese words come from ``vocabulary`` (the words the rules accept).
"""

from __future__ import annotations

from importlib.resources import files

from jiuzhu.plugin import Field, Subject, subjects_hook, vocabulary


def _values(words: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """``{key: (word, …)}`` from a vocabulary's ``{word: key}``."""
    out: dict[str, list[str]] = {}
    for word, key in words.items():
        out.setdefault(key, [])
        if word != key:
            out[key].append(word)
    return {key: tuple(ws) for key, ws in out.items()}


def _yes_no(name: str, name_zh: str, description: str, *aliases: str) -> Field:
    return Field(name, "yes_no", name_zh, aliases, description=description)


_SAMPLES = files("jiuzhu.samples")
_TRAINING = _yes_no("pre_job_training", "岗前培训", "finished pre-job training (Yinchuan: 必须经岗前培训才能上岗)",
                    "经岗前培训")
_EDUCATION = Field("education", "education", "文化程度", ("学历",),
                   description="highest education: 小学, 初中, 高中/中专, 大专, 本科, 研究生 (or English keys)")

SUBJECTS = {s.name: s for s in (
    Subject("xieliyuan_candidate", "Village social-assistance assistant (协理员) candidates", (
        Field("age", "number", "年龄", description="age in years"),
        _EDUCATION,
        _yes_no("healthy", "身体健康", "in good health"),
        _yes_no("law_abiding", "遵纪守法", "law-abiding"),
        _yes_no("other_job", "兼职", "holds another job", "其他工作"),
        _yes_no("village_committee_member", "村两委成员", "a member of the village committees (村两委)"),
        _yes_no("elected_by_villagers", "村民推选", "elected by the villagers"),
        Field("source", "choice", "来源", values=_values(vocabulary.XIELIYUAN_SOURCES),
              description="where the candidate comes from (Yinchuan)"),
        _TRAINING), "协理员候选人", _SAMPLES / "xieliyuan_candidates.csv"),
    Subject("contractor", "Organisations that would take on a purchased service (承接主体)", (
        Field("kind", "choice", "类型", ("主体类型",), values=_values(vocabulary.CONTRACTOR_KINDS),
              description="what kind of organisation"),
        _yes_no("shell_company", "皮包公司", "a shell company with no real capacity"),
        _yes_no("banned", "禁入", "under a ban after a serious breach"),
        _yes_no("chosen_on_lowest_price_only", "价低者得", "chosen on the lowest price alone"),
        _yes_no("independent_liability", "独立承担民事责任", "able to bear civil liability independently"),
        _yes_no("has_capacity", "具备服务能力", "has the facilities, staff and expertise the service needs"),
        _yes_no("sound_governance", "治理健全", "sound internal governance, accounting and asset management")),
        "承接主体", _SAMPLES / "contractors.csv"),
    Subject("purchase_item", "Items a government would buy as a service (购买服务事项)", (
        Field("category", "choice", "类别", values=_values(vocabulary.ITEM_CATEGORIES),
              description="what kind of work the item is"),
        _yes_no("hires_purchaser_staff", "聘用购买主体人员", "includes hiring the purchaser's own staff"),
        _yes_no("labour_dispatch", "劳务派遣", "includes labour dispatch"),
        _yes_no("public_welfare_post", "公益性岗位", "includes public-welfare posts"),
        _yes_no("buys_staff", "购买人员", "buys staff in"),
        _yes_no("establishment_full", "编制已满", "the establishment posts are all filled"),
        _yes_no("in_procurement_catalogue_or_above_threshold", "集中采购目录内或限额以上",
                "in the central procurement catalogue or above the threshold"),
        Field("procurement_method", "choice", "采购方式", values=_values(vocabulary.PROCUREMENT_METHODS),
              description="the government procurement method used")),
        "购买服务事项", _SAMPLES / "purchase_items.csv"),
    Subject("dispatched_worker", "Workers a contractor dispatches to the government (派遣工作人员)", (
        _EDUCATION,
        _yes_no("social_work_background", "社会工作背景", "social-work education or qualification")),
        "派遣工作人员", _SAMPLES / "dispatched_workers.csv"),
    Subject("worker_task", "Work given to a dispatched worker (交办工作)", (
        _yes_no("within_social_assistance", "属于社会救助工作", "the task lies within social-assistance duties"),),
        "交办工作", _SAMPLES / "worker_tasks.csv"),
    Subject("fund_use", "Uses of service-purchase funds (购买服务经费用途)", (
        Field("use", "choice", "用途", values=_values(vocabulary.FUND_USES), description="what the money pays for"),),
        "经费用途", _SAMPLES / "fund_uses.csv"),
    Subject("purchaser", "Government bodies that would buy a service (购买主体)", (
        Field("purchaser_level", "choice", "购买主体层级", ("层级",), values=_values(vocabulary.PURCHASER_LEVELS),
              description="the government level of the purchaser"),),
        "购买主体", _SAMPLES / "purchasers.csv"),
    Subject("household", "Households applying for or receiving 低保 (Xixiu)", (
        _yes_no("blacklisted", "失信黑名单", "on the dishonesty blacklist (失信人员黑名单)"),
        _yes_no("near_relative_of_staff", "经办人员近亲属", "a near relative of a 低保 case worker or village cadre"),
        _yes_no("seriously_ill_or_disabled", "重病重残", "seriously ill or severely disabled"),
        _yes_no("urban_area", "城镇属性区域", "lives in an urban area")),
        "救助家庭", _SAMPLES / "households.csv"),
    Subject("case", "Assistance cases to route, e.g. to case conference (个案会商, Xixiu)", (
        _yes_no("urgent", "情形急难", "urgent"),
        _yes_no("over_cap", "超出封顶线", "the amount is over the cap"),
        Field("kinds_of_assistance", "number", "救助种类数", description="how many kinds of assistance at once"),
        _yes_no("complex", "情况复杂", "complex or hard to determine"),
        Field("other_circumstance", "choice", "其他特殊情况", values=_values(vocabulary.CASE_TRIGGERS),
              description="another special circumstance, if any (the plan's list is open: …等特殊情况)")),
        "救助个案", _SAMPLES / "cases.csv"),
    Subject("evaluation", "Evaluations of a purchased service (绩效评价)", (
        _yes_no("rated_by_purchaser", "购买主体评价", "evaluated by the purchaser"),
        _yes_no("rated_by_recipients", "服务对象评价", "evaluated by the service recipients"),
        _yes_no("rated_by_third_party", "第三方评价", "evaluated by a third party"),
        _yes_no("results_published", "结果公开", "results made public")),
        "绩效评价", _SAMPLES / "evaluations.csv"),
    Subject("civil_affairs_staff", "New civil-affairs staff of townships and villages (新任民政工作人员)", (
        _TRAINING,), "新任民政工作人员", _SAMPLES / "civil_affairs_staff.csv"),
)}


def builtin_subjects(*names: str):
    """A ``jiuzhu_subjects`` implementation declaring the built-in subjects ``names``."""
    return subjects_hook(SUBJECTS[name] for name in names)
