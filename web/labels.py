"""Chinese and English words the pages show for the records' keys and values."""

from __future__ import annotations

KEYS = {
    "code": ("代码", "code"), "name": ("名称", "name"), "level": ("层级", "level"), "role": ("岗位", "role"),
    "minimum": ("至少", "minimum"), "maximum": ("至多", "maximum"), "jurisdiction": ("依据层级", "binding level"),
    "citation": ("条款", "clause"), "assumption": ("假设", "assumption"), "sources": ("来源", "sources"),
    "conflict": ("冲突", "conflict"), "row": ("行", "row"), "id": ("编号", "id"), "outcome": ("结果", "outcome"),
    "failed": ("不符合", "failed"), "needs_review": ("需复核", "needs review"), "to_assess": ("待评估", "to assess"),
    "duties": ("职责", "duties"), "unit": ("单位", "unit"), "floor": ("下限(元)", "floor (yuan)"),
    "floor_jurisdiction": ("下限依据", "floor level"), "floor_citation": ("下限条款", "floor clause"),
    "share": ("份额", "share"), "amount": ("金额(元)", "amount (yuan)"), "score": ("得分", "score"),
    "rank": ("排名", "rank"), "award": ("奖补", "award"), "shortfalls": ("未达标", "shortfalls"),
    "tie_rule": ("并列规则", "tie rule"), "profile": ("适用地区", "jurisdiction applied"),
    "subject": ("对象", "subject"), "jurisdictions": ("作出规定的层级", "levels answering"),
    "consulted": ("所查层级", "levels consulted"), "remedies": ("其他处理", "other remedies"), "month": ("月份", "month"),
}
VALUES = {
    "county": ("县", "county"), "yuan": ("元", "yuan"), "township": ("乡镇", "township"), "village": ("村", "village"),
    "eligible": ("符合", "eligible"), "not_eligible": ("不符合", "not eligible"),
    "needs_review": ("需复核", "needs review"), "province": ("省", "province"), "city": ("市", "city"),
    "in_force": ("现行有效", "in force"), "pass": ("符合", "pass"), "fail": ("不符合", "fail"),
    "not_regulated": ("未规定", "not regulated"), "draft_for_comment": ("征求意见稿", "draft for comment"),
    "draft": ("征求意见稿", "draft for comment"), "superseded": ("已废止", "superseded"),
}
FAMILIES = {
    "staffing": ("人员配备", "staffing"), "eligibility": ("资格审查", "eligibility"),
    "check": ("资格审查", "eligibility"), "deduction": ("扣减", "deduction"), "deduct": ("扣减", "deduction"),
    "funds": ("资金分配", "funds"), "fund_factor": ("因素法分配", "fund factors"), "allocate": ("资金分配", "funds"),
    "scoring": ("改革试点评分", "pilot scoring"), "score": ("改革试点评分", "pilot scoring"),
    "fund factors": ("因素法分配", "fund factors"), "pilot scoring": ("改革试点评分", "pilot scoring"),
}


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def key_label(key: str, lang: str) -> str:
    return pick(KEYS[key], lang) if key in KEYS else key


def value_label(value: str, lang: str) -> str:
    """A record's word or sentence in the page's language: the pages' own short words, else
    jiuzhu's one catalog (reasons, statuses, notes), else as written."""
    from jiuzhu.core.i18n import translate

    return pick(VALUES[value], lang) if value in VALUES else translate(value, "en" if lang == "en" else "zh")


def family_label(family: str, lang: str) -> str:
    return pick(FAMILIES[family], lang) if family in FAMILIES else family
