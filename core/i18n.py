"""The words a user reads, in Chinese and English: one catalog, one language per run.

jiuzhu's users read Chinese first. Machine formats (JSON, CSV keys, outcome codes) stay in
stable English; what a person reads (tables, errors, warnings, notes) goes through
:func:`translate`, which knows every fixed word (outcomes, statuses, levels) and the shape
of every generated sentence (reasons, errors). A sentence with no Chinese form is shown as
it is, never dropped; ``tests/test_i18n.py`` runs the bundled samples and fails on any
English sentence a Chinese user would be left with.

The language is chosen once per run: ``--lang zh|en|both`` anywhere on the command line,
else ``$JIUZHU_LANG``, else the locale (``LANG=zh_CN.UTF-8`` → ``zh``), else ``both``.
"""

from __future__ import annotations

import os
import re
from contextvars import ContextVar

LANGUAGES = ("zh", "en", "both")

_language: ContextVar[str] = ContextVar("jiuzhu_language", default="both")


def language() -> str:
    """The language of this run: ``zh``, ``en`` or ``both``."""
    return _language.get()


def use_language(lang: str) -> None:
    """Set the language for the rest of this run (the CLI calls it once)."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    _language.set(lang)


def language_from_environment(environ: os._Environ | dict | None = None) -> str:
    """``$JIUZHU_LANG`` if set, else ``zh`` for a Chinese locale (LC_ALL, LC_MESSAGES, LANG), else ``both``."""
    environ = os.environ if environ is None else environ
    chosen = environ.get("JIUZHU_LANG", "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "both"
    return "both"


def say(zh: str, en: str, lang: str | None = None) -> str:
    """One sentence in the run's language (``both``: Chinese, then the English in brackets)."""
    lang = lang or language()
    if lang == "zh":
        return zh
    if lang == "en":
        return en
    return f"{zh} ({en})" if zh != en else zh


#: Fixed words: outcome and status codes, levels, yes/no. English key → Chinese.
WORDS = {
    "eligible": "符合条件",
    "not_eligible": "不符合条件",
    "needs_review": "需复核",
    "not_regulated": "未作规定",
    "not_in_force": "未生效",
    "pass": "通过",
    "fail": "不通过",
    "review": "复核",
    "assess": "待评估",
    "missing": "缺少数据",
    "county": "县级",
    "township": "乡镇",
    "village": "村(社区)",
    "prefecture": "地市",
    "province": "省级",
    "yes": "是",
    "no": "否",
    "true": "是",
    "false": "否",
    "met": "已完成",
    "overdue": "已逾期",
    "not_yet_due": "未到期",
    "no_evidence": "未提供材料",
    "draft": "征求意见稿",
    "in force": "现行有效",
    "repealed": "已废止",
    "assumption": "假设",
    "conflict": "冲突",
    "warning": "警告",
    "note": "说明",
    "error": "错误",
}

# Generated sentences, by shape. Each English pattern is matched whole; its groups fill
# the Chinese template in order ({0}, {1}…). The first pattern that matches wins.
_SENTENCES: list[tuple[str, str]] = [
    # What every command says on standard error.
    (r"no profile: the plain rules of (\S+); chain 适用层级: (.+)", "无配置：按 {0} 的文件规定；适用层级：{1}"),
    (r"no profile: the plain rules of (\S+)", "无配置：按 {0} 的文件规定"),
    (r"profile (\S+) \((\S+)\), overrides: (.+); chain 适用层级: (.+)", "配置 {0}（{1}），调整参数：{2}；适用层级：{3}"),
    (r"profile (\S+) \((\S+)\), no overrides; chain 适用层级: (.+)", "配置 {0}（{1}），未调整参数；适用层级：{2}"),
    (r"no file given: using the bundled sample (\S+) \((\S+)\)", "未指定文件：使用自带样例 {0}（{1}）"),
    (r"wrote chart (.+)", "已写入图表 {0}"),
    (r"wrote (.+)", "已写入 {0}"),
    (r"note: (.+)", "说明：{0}"),
    (r"note \((\S+)\): (.+)", "说明（{0}）：{1}"),
    (r"comparing ([\d,]+) units under (.+) \(wide layout\)", "对比 {0} 个单位，依据 {1}（宽表）"),
    (r"comparing ([\d,]+) units under (.+)", "对比 {0} 个单位，依据 {1}"),
    (r"dropped overrides that do not apply to (\S+): (.+)", "已删除不适用于 {0} 的参数调整：{1}"),
    (r"(\S+) (.+)'s document is a draft for comment \(征求意见稿\), no legal force",
     "{0} {1} 的文件为征求意见稿，不具法律效力"),
    (r"plugin (\S+) \((.+)\) not loaded: (.+)", "插件 {0}（{1}）未加载：{2}"),
    # A reason with the level and clause that gave it: "… (530000 二(二))".
    (r"(.+) \((\d{6}) ([^()]*(?:\([^()]*\))?[^()]*)\)", "{0}（{1} {2}）"),
    # Locations and reader errors.
    (r"(.+), row (\d+), column '([^']*)': (.+)", "{0}，第 {1} 行，“{2}”列：{3}"),
    (r"(.+), row (\d+): (.+)", "{0}，第 {1} 行：{2}"),
    (r"(.+), column '([^']*)': (.+)", "{0}，“{1}”列：{2}"),
    (r"'(.*)' is not a number", "“{0}”不是数字"),
    (r"'(.*)' is not a whole number", "“{0}”不是整数"),
    (r"'(.*)' is negative", "“{0}”是负数"),
    (r"'(.*)' is not a number: (.+)", "“{0}”不是数字：{1}"),
    (r"missing required column\(s\): (.+)", "缺少必需的列：{0}"),
    (r"no such file: (.+)", "找不到文件：{0}"),
    (r"unknown jurisdiction (.+)", "未知的行政区划代码 {0}"),
    # Eligibility reasons.
    (r"not given: (.+)", "未填写：{0}"),
    (r"to be assessed: (.+)", "需人工评估：{0}"),
    (r"fails: (.+)", "不符合：{0}"),
    (r"age (\S+) above (\S+)", "年龄 {0} 岁，高于 {1} 岁"),
    (r"age (\S+) below (\S+)", "年龄 {0} 岁，低于 {1} 岁"),
    (r"education below (\S+) \((.+)\)", "文化程度低于{0}（{1}）"),
    (r"not in good health", "身体健康状况不符合"),
    (r"does not meet (.+)", "不符合“{0}”"),
    (r"holds another job \((.+)\)", "另有兼职（{0}）"),
    (r"reserved to the government \((.+)\)", "属政府保留事项（{0}）"),
    (r"a kind the open list does not name", "开放式列举未列明该类型，需复核"),
    (r"a kind of work the open list does not name", "开放式列举未列明该类工作，需复核"),
    (r"under a ban after a serious breach", "因严重违约处于禁入期"),
    (r"a shell company \((.+)\)", "皮包公司（{0}）"),
    (r"chosen on lowest price alone", "仅以价低者得选定"),
    (r"purchase funds may not pay for (.+)", "购买服务经费不得用于{0}"),
    (r"purchaser not at the (.+) level", "购买主体不在{0}层级"),
    (r"not from a source the plan names", "人员来源不在方案所列范围"),
    (r"no pre-job training \((.+)\)", "未经岗前培训（{0}）"),
    (r"neither a 村两委 member nor elected by villagers", "既非村两委成员，也非村民选举产生"),
    (r"results not made public", "评估结果未公开"),
    (r"no evaluation by (.+)", "未经{0}评估"),
    (r"work outside social assistance may not be assigned", "不得安排社会救助以外的工作"),
    (r"buys staff in before the establishment posts are filled", "编制内岗位未配齐即购买人员"),
    (r"procured by a method the clause does not list", "采购方式不在条款所列之中"),
    (r"on the dishonesty blacklist: the text sets no effect, review", "列入失信黑名单：文件未规定后果，需复核"),
]
_COMPILED = [(re.compile(pattern + r"\Z", re.S), template) for pattern, template in _SENTENCES]


def chinese(text: str) -> str | None:
    """The Chinese form of an English word or sentence jiuzhu produced, or ``None``."""
    stripped = text.strip()
    if stripped in WORDS:
        return WORDS[stripped]
    for pattern, template in _COMPILED:
        match = pattern.match(stripped)
        if match:
            # Groups may themselves be sentences (a reader error inside a location).
            parts = [chinese(g) or g for g in match.groups()]
            return template.format(*parts)
    if "; " in stripped:
        # A list of reasons: Chinese only when every part has a Chinese form.
        parts = [chinese(part) for part in stripped.split("; ")]
        if all(parts):
            return "；".join(parts)
    return None


def translate(text: str, lang: str | None = None) -> str:
    """``text`` (an English word or sentence jiuzhu produced) in the run's language.

    ``zh``: the Chinese form, or the text unchanged when it has none (or is already
    Chinese). ``en``: unchanged. ``both``: Chinese, then the English in brackets, for
    sentences; a fixed word stays as it is so bilingual tables stay narrow.
    """
    lang = lang or language()
    if lang == "en" or not text:
        return text
    zh = chinese(text)
    if zh is None:
        return text
    if lang == "zh":
        return zh
    return text if text.strip() in WORDS else f"{zh} ({text})"
