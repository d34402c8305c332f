"""The words a field with a fixed set of values accepts: the documents' Chinese and English keys.

A jurisdiction's TOML lists values by key (``single_source``); users write the document's
words (单一来源采购) or the key. These maps translate; which values a rule accepts, and
whether its list is open, stay in the TOML.
"""

from __future__ import annotations

from jiuzhu.core.io.cells import LEVEL_ALIASES


def _with_keys(aliases: dict[str, str]) -> dict[str, str]:
    """``aliases`` plus every key as itself."""
    return {**{key: key for key in aliases.values()}, **aliases}


def word_for(aliases: dict[str, str], key: str) -> str:
    """The first word (the document's) that ``aliases`` translate to ``key``; the key if none."""
    return next((word for word, k in aliases.items() if k == key and word != key), key)


#: Who buys: a government level (the units reader's words, plus the levels above a county).
PURCHASER_LEVELS = _with_keys({
    **{word: key for word, key in LEVEL_ALIASES.items() if key != "village"},
    "县级人民政府": "county", "县人民政府": "county", "县级地方人民政府": "county",
    "乡镇政府": "township", "街道办事处": "township", "街道办": "township", "办事处": "township",
    "市": "prefecture", "州": "prefecture", "地级市": "prefecture", "市级": "prefecture",
    "省": "province", "省级": "province",
})

#: Who may take on a purchase (承接主体).
CONTRACTOR_KINDS = _with_keys({
    "社会组织": "social_organisation", "事业单位": "public_institution", "事业单位法人": "public_institution",
    "企业": "enterprise", "机构": "enterprise",
})

#: Kinds of purchase item.
ITEM_CATEGORIES = _with_keys({
    "行政管理性事务": "administrative", "行政管理": "administrative",
    "政府直接提供": "direct_service", "必须承担的社会救助服务": "direct_service",
    "事务性": "casework", "事务性工作": "casework",
    "服务性": "service", "服务性工作": "service",
    "政研性": "research", "政研性工作": "research",
})

#: Government procurement methods (政府采购方式).
PROCUREMENT_METHODS = _with_keys({
    "公开招标": "public_tender", "邀请招标": "invited_tender", "竞争性谈判": "competitive_negotiation",
    "竞争性磋商": "competitive_consultation", "单一来源采购": "single_source", "单一来源": "single_source",
    "询价": "request_for_quotation",
})

#: Uses of purchase funds.
FUND_USES = _with_keys({
    "三公经费": "three_public", "工作经费": "working_expenses", "设备购置": "equipment",
    "工程建设": "construction", "购买服务": "service_purchase", "购买社会救助服务": "service_purchase",
})

#: Where a Yinchuan 民政协理员 comes from.
XIELIYUAN_SOURCES = _with_keys({
    "妇女主任": "women_director", "大学生村官": "college_graduate_official",
    "三留守督导员": "three_left_behind_supervisor", "专职": "full_time_hire", "专职聘用": "full_time_hire",
})

#: Xixiu's target-managed items (四(二)).
SCORE_ITEMS = _with_keys({
    "城市低保月动态": "urban_dibao_monthly_review", "农村低保季动态": "rural_dibao_quarterly_review",
    "社会救助适时常态化": "other_assistance_as_needed",
    "传送动态电子信息": "electronic_data_15_20", "上报经审核纸质资料": "paper_files_by_25",
})

#: Xixiu's case-conference triggers (三(二)2).
CASE_TRIGGERS = _with_keys({
    "情形急难": "urgent", "急难": "urgent", "救助额度超出封顶线": "over_cap", "超出封顶线": "over_cap",
    "涉及同时实施两种以上救助": "multiple_kinds", "两种以上救助": "multiple_kinds",
    "情况复杂": "complex", "难以甄别和界定": "complex",
})

#: Yinchuan's capacity targets (三(七)), by the yes/no column that states each.
CAPACITY_TARGETS = _with_keys({
    "有电话": "has_telephone", "有电脑": "has_computer", "有打印机": "has_printer", "有办公桌椅": "has_desks",
    "有影录设备": "has_av_recorder", "有档案": "has_archives", "有联系服务群众信息平台": "has_info_platform",
    "办公室": "has_office", "群众接待室(或服务窗口)": "has_reception", "档案室": "has_archive_room",
    "物资储备室": "has_store", "专门的民政服务窗口": "has_civil_affairs_window",
    "标志牌和民政徽标": "has_sign_and_emblem", "村(社区)电脑": "village_has_computer",
    "村(社区)档案": "village_has_archives",
})
