"""The display words of written results, in Chinese and English: one catalog.

Machine formats (JSON, JSONL, CSV, Parquet) keep the stable English keys; tables for
people, .xlsx and .html reports show these labels, Chinese first (``--lang``).
"""

from __future__ import annotations

#: column key → (中文, English)
COLUMNS: dict[str, tuple[str, str]] = {
    "row": ("行", "row"),
    "id": ("编号", "id"),
    "code": ("代码", "code"),
    "name": ("名称", "name"),
    "level": ("层级", "level"),
    "role": ("岗位", "role"),
    "minimum": ("至少", "minimum"),
    "maximum": ("至多", "maximum"),
    "jurisdiction": ("依据层级", "jurisdiction"),
    "document": ("文件", "document"),
    "clause": ("条款", "clause"),
    "assumption": ("假设", "assumption"),
    "conflict": ("冲突", "conflict"),
    "sources": ("来源", "sources"),
    "profile": ("适用辖区", "profile"),
    "subject": ("对象", "subject"),
    "outcome": ("结果", "outcome"),
    "failed": ("不符合", "failed"),
    "needs_review": ("需复核", "needs review"),
    "to_assess": ("待评估", "to assess"),
    "duties": ("须办事项", "duties"),
    "jurisdictions": ("涉及层级", "jurisdictions"),
    "unit": ("单位", "unit"),
    "remedies": ("其他处理", "other remedies"),
    "floor": ("下限（元）", "floor (yuan)"),
    "floor_jurisdiction": ("下限依据层级", "floor jurisdiction"),
    "floor_clause": ("下限条款", "floor clause"),
    "share": ("份额", "share"),
    "amount": ("金额（元）", "amount (yuan)"),
    "month": ("月份", "month"),
    "score": ("得分", "score"),
    "rank": ("排名", "rank"),
    "award": ("奖补（元）", "award (yuan)"),
    "shortfalls": ("未达标项", "shortfalls"),
    "tie_rule": ("并列规则", "tie rule"),
    "draft": ("征求意见稿", "draft"),
    "flags": ("标记", "flags"),
    "binds": ("依据", "binds"),
    "rule": ("依据", "rule"),
    "total": ("合计", "total"),
    # what-if analysis: gaps, roll-ups, baselines, sweeps
    "group": ("区划", "group"),
    "units": ("单位数", "units"),
    "not_covered": ("未覆盖单位", "not covered"),
    "current": ("现有", "current"),
    "shortfall": ("缺口", "shortfall"),
    "surplus": ("超编", "over maximum"),
    "status": ("状态", "status"),
    "monthly_cost": ("每人每月成本（元，用户输入）", "monthly cost (yuan, your input)"),
    "yearly_cost": ("年费用（元，用户输入）", "yearly cost (yuan, your input)"),
    "cost_source": ("成本来源", "cost from"),
    "uncosted_shortfall": ("未计费缺口", "shortfall not costed"),
    "units_with_floor": ("有下限单位", "units with a floor"),
    "baseline": ("基准", "baseline"),
    "variant": ("方案", "variant"),
    "baseline_minimum": ("基准至少", "baseline minimum"),
    "variant_minimum": ("方案至少", "variant minimum"),
    "difference": ("差额", "difference"),
    "baseline_maximum": ("基准至多", "baseline maximum"),
    "variant_maximum": ("方案至多", "variant maximum"),
    "changed": ("有变化", "changed"),
    "baseline_clause": ("基准依据", "baseline clause"),
    "variant_clause": ("方案依据", "variant clause"),
    "changed_units": ("变化单位数", "units changed"),
}

#: other words a person reads in tables, reports and charts
WORDS: dict[str, tuple[str, str]] = {
    "draft": ("征求意见稿", "draft for comment"),
    "draft_no_force": ("征求意见稿，无法律效力", "draft for comment, no legal force"),
    "in_force": ("现行有效", "in force"),
    "repealed": ("已废止", "repealed"),
    "not_regulated": ("未规定", "not regulated"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "assumption": ("假设", "assumption"),
    "conflict": ("冲突", "conflict"),
    "elided": ("部分文字已截断以适应终端宽度；--wide 显示全部", "some text was cut to fit the terminal; --wide shows all"),
    "more_rows": ("另有 {n} 行未显示；写入文件可得全部（-o 文件.xlsx / .csv）",
                  "{n} more rows not shown; write a file for all of them (-o FILE.xlsx / .csv)"),
    "about_sheet": ("说明", "about"),
    "staff_axis": ("人数", "staff"),
    "count_axis": ("条数", "records"),
    "yuan_axis": ("元", "yuan"),
    "source": ("来源", "source"),
    "chain": ("适用层级", "chain"),
    "documents": ("文件", "documents"),
    "citations": ("引用条款", "citations"),
    "overrides": ("覆盖参数", "overrides"),
    "costs": ("每人每月成本（用户输入，非文件规定）", "monthly costs (your input, not the law's)"),
    "version": ("jiuzhu 版本", "jiuzhu version"),
    "input": ("输入文件", "input file"),
    "input_hash": ("输入文件哈希", "input sha256"),
    "created": ("生成时间", "created"),
    "command": ("命令", "command"),
    "none": ("无", "none"),
    "rows_shown": ("显示前 {shown} 行，共 {n} 行", "first {shown} of {n} rows"),
    "staffing": ("人员配备", "staffing"),
    "check": ("资格审查", "eligibility check"),
    "deduct": ("扣减", "deductions"),
    "allocate": ("资金分配", "fund allocation"),
    "score": ("考核评分", "scoring"),
    "compare": ("辖区比较", "comparison"),
    "gap": ("缺口与费用", "staffing gaps"),
    "sweep": ("参数扫描", "parameter sweep"),
    "eligible": ("符合条件", "eligible"),
    "not_eligible": ("不符合条件", "not eligible"),
    "needs_review": ("需复核", "needs review"),
}

LEVELS: dict[str, tuple[str, str]] = {
    "province": ("省级", "province"), "prefecture": ("市级", "prefecture"),
    "county": ("县级", "county"), "township": ("乡镇（街道）", "township"), "village": ("村（社区）", "village"),
}


def pick(pair: tuple[str, str], lang: str) -> str:
    """One label in ``lang`` (zh, en, or both: Chinese first)."""
    zh, en = pair
    if lang == "zh":
        return zh
    if lang == "en":
        return en
    return zh if zh == en else f"{zh} {en}"


def column_label(key: str, lang: str) -> str:
    return pick(COLUMNS.get(key, (key, key)), lang)


def word(key: str, lang: str, **values) -> str:
    return pick(WORDS[key], lang).format(**values)


def level_label(level: str, lang: str) -> str:
    return pick(LEVELS.get(level, (level, level)), lang)
