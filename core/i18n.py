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

import functools
import os
import re
from contextvars import ContextVar

LANGUAGES = ("zh", "en", "both")

_language: ContextVar[str | None] = ContextVar("jiuzhu_language", default=None)
#: The run's language for threads that do not inherit the caller's context (a reader thread).
_run_language = ["both"]


def language() -> str:
    """The language of this run: ``zh``, ``en`` or ``both``."""
    return _language.get() or _run_language[0]


def use_language(lang: str) -> None:
    """Set the language for the rest of this run (the CLI calls it once)."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    _language.set(lang)
    _run_language[0] = lang


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
    "not yet due": "未到期",
    "no evidence given": "未提供证明",
    "answered": "已作答",
    "not regulated here for this unit": "本级对该单位未作规定",
    "not regulated in this chain": "本链未作规定",
    "not regulated": "未作规定",
    "staffing": "人员配备",
    "eligibility": "资格条件",
    "deduction": "扣减",
    "fund factors": "经费因素",
    "pilot scoring": "试点考评",
    "yuan": "元",
    "age": "年龄",
    "multiplier": "倍数",
    "bureau": "民政部门",
    "override": "配置调整",
    "interpretation": "解释",
    "answered": "已作答",
    "no maximum": "无上限",
    "no floor": "无下限",
    # Units of the jurisdictions' parameters.
    "persons": "人",
    "people": "人",
    "years": "年",
    "year": "年",
    "year-month": "年月",
    "yuan per year": "元/年",
    "sessions per year": "次/年",
    "dibao recipients per person": "名低保对象/人",
    "dibao recipients": "名低保对象",
    "day of month": "日（每月）",
    "x monthly wage per incident": "倍月工资/次",
    "share of villages": "村占比",
    "share of the social-assistance special funds": "占社会救助专项资金比例",
    "points per shortfall": "分/未达标项",
    "points per item": "分/项",
    "persons per township": "人/乡镇",
    "people per person": "人/每名工作人员",
    "kinds of assistance at once": "种救助同时",
}

#: ``jiuzhu --help`` in Chinese: what the program is, and each command in a line.
HELP_ZH = ("jiuzhu（救助）：各地社会救助经办规则的可引用、可比较的代码。\n\n"
           "每个答案都写明依据的行政区划和条款。不给文件运行命令，即用自带样例数据演示。")
OPTIONS_ZH = {
    "--version": "显示版本后退出",
    "--strict-plugins": "任一插件加载失败即报错（供插件作者使用）",
    "--block": "不加载此插件：入口名（其代码）或发行包名；可重复；$JIUZHU_BLOCK 可用空格或逗号分隔多个",
    "--config": "配置文件（默认：$JIUZHU_CONFIG，否则为配置目录下的 profiles.toml）",
    "--lang": "所读内容的语言（表格、结果、理由、错误），可写在命令行任意位置；默认：$JIUZHU_LANG，"
              "中文区域设置（LANG=zh_CN.UTF-8）下为 zh，否则为 both",
    "--encoding": "CSV 输入的编码（如 gbk）；默认 UTF-8（有无 BOM 均可），否则 GB18030，并予说明",
    "--sheet": "要读取的工作表（名称或序号）；默认：第一个含表头的工作表",
    "--help": "显示本帮助后退出",
}
COMMANDS_ZH = {
    "allocate": "按单位分配经费：链条规定的下限、因素法份额与条款",
    "check": "逐条核查记录：符合条件、不符合条件、需复核，附条款",
    "compare": "同一批单位按多个辖区的规则测算并对比",
    "comply": "各单位是否已履行其层级的义务：已履行、逾期、未到期、未提供证明",
    "deduct": "逐条扣减记录：规则给出的扣减幅度与条款",
    "diff": "两个辖区（或同一辖区两个日期）的规则差异：参数与作答层级",
    "duties": "链条对某一层级规定的每项义务和期限",
    "explain": "解释一个答案：所查层级、作答的层级、条款原文、所用参数",
    "gap": "按单位和岗位计算人员缺口或超出：应配与现有之差",
    "jurisdictions": "以树形列出已安装的辖区及各自规定的规则",
    "new-jurisdiction": "为新辖区生成可用的插件包",
    "plugins": "列出每个辖区插件：发行包、版本、钩子",
    "profile": "查看当前配置，或管理配置：设置、取消、列表、切换、删除、重置",
    "score": "试点考评：每行的得分、排名和奖补，附条款",
    "serve": "启动网页应用（规则、测算、对比）",
    "show": "查看一个辖区：文件、参数及其条款、各规则类别的作答层级",
    "site": "生成规则网页（静态 HTML，供无服务器的内网使用）",
    "staffing": "按单位和岗位计算应配人员，附条款",
    "sweep": "一个或两个参数取不同值时的人员配备合计",
    "test": "运行测试用例：每个已安装辖区的用例文件",
    "use": "将当前配置切换到辖区 CODE",
}

#: Texts the jurisdiction files and plugins write in English (descriptions, reasons, duties,
#: notes): English as written there → Chinese. A sentence built around one of them (``not
#: given: …``) finds it through :data:`_SENTENCES`; add the Chinese here when you add a text.
PHRASES = {
    # Conditions and reasons (jurisdictions/*.toml).
    "includes labour dispatch (劳务派遣)": "含劳务派遣",
    "lacks the facilities, staff or expertise the service needs": "不具备提供服务所需的设施、人员或专业能力",
    "a third party (第三方)": "第三方",
    "service recipients (服务对象)": "服务对象",
    "below 大专: 原则上, so a stated reason is needed (review, not refusal)": "低于大专：文件为“原则上”，需说明理由（复核，不是否决）",
    "a 村两委 member serving part-time, or a villager elected by villagers (一般: as a rule)":
        "村两委成员兼任，或由村民选举产生（一般情况）",
    "finished pre-job training before taking the post": "上岗前已完成岗前培训",
    "full-time: no other job besides own family's production": "专职：除自家生产外不另兼职",
    "the women's director or a college-graduate village official (part-time), a 三留守 supervisor re-designated, "
    "or one full-time hire": "由妇女主任或大学生村官兼任、三留守监护人员转任，或专职聘用一名",
    "familiar with social-assistance policy, able and trusted (熟悉各项社会救助政策)": "熟悉各项社会救助政策，具备业务能力、值得信任",
    "politically firm and of good character (政治立场坚定,品行端正)": "政治立场坚定，品行端正",
    # Condition descriptions (what explain lists, passed or not).
    "a social organisation, class-II or production public institution, or registered enterprise/agency":
        "社会组织、公益二类或从事生产经营活动的事业单位，或依法登记的企业、机构",
    "able to bear civil liability independently": "能够独立承担民事责任",
    "an item in the central catalogue or above the threshold uses a listed procurement method":
        "集中采购目录内或限额标准以上的项目采用规定的采购方式",
    "casework (事务性), services (服务性) or planning and research (政研性)": "事务性、服务性或政研性工作",
    "does not include hiring the purchaser's own staff (购买主体的人员聘用)": "不含购买主体的人员聘用",
    "does not include labour dispatch (劳务派遣)": "不含劳务派遣",
    "does not include public-welfare posts (公益性岗位)": "不含公益性岗位",
    "education junior_middle or above (初中以上文化程度)": "初中以上文化程度",
    "evaluated by a third party (第三方)": "经第三方评估",
    "evaluated by service recipients (服务对象)": "经服务对象评估",
    "evaluated by the purchaser (购买主体)": "经购买主体评估",
    "has the facilities, staff and expertise the service needs": "具备提供服务所需的设施、人员和专业能力",
    "in good health (身体健康)": "身体健康",
    "junior college (大专) or above, in principle": "原则上大专以上学历",
    "not a shell company (皮包公司)": "不是皮包公司",
    "not an administrative matter or a service the government must provide itself": "不属于行政管理性事务或应由政府直接提供的服务",
    "not banned after a serious breach": "未因严重违约被禁入",
    "not chosen on lowest price alone (价低者得)": "未仅以价低者得选定",
    "not on the dishonesty blacklist (失信人员黑名单)": "未列入失信人员黑名单",
    "results made public and used to choose next year's contractor": "评估结果已公开并作为下一年度选择承接主体的依据",
    "sound internal governance, accounting and asset management": "内部治理、财务会计和资产管理制度健全",
    "staff are bought in only once the establishment posts are filled and still not enough":
        "编制内岗位配齐后仍不足时方可购买人员",
    "supports Party leadership and abides by the law (拥护党的领导，遵纪守法)": "拥护党的领导，遵纪守法",
    "the purchaser is at the county level": "购买主体为县级",
    "the purchaser is at the county or prefecture or province or township level": "购买主体为省、市、县或乡镇级",
    "the task lies within social-assistance duties": "该工作属于社会救助职责",
    "sets no condition on this subject": "未对该核查对象设定条件",
    # Duties.
    "a near relative of a 低保 case worker or village cadre: record under the filing system (备案)":
        "低保经办人员或村干部近亲属：按备案制度登记",
    "may be treated as a one-person household for rural 低保": "可单独成户纳入农村低保",
    "goes under urban 低保 and its calculation (城镇属性区域)": "按城镇低保政策及标准核算（城镇属性区域）",
    "no subcontracting (严禁服务转包)": "严禁服务转包",
    "ranks first: social-work education or qualification (a priority, not a bar)": "优先：社会工作专业学历或资格（优先条件，不是门槛）",
    "sign labour contracts, pay monthly and insure its dispatched workers": "与派遣人员签订劳动合同、按月发放工资并参保",
    # Notes of the rules (allocation, scoring).
    "the factors are an open list (五): another factor needs review before it is weighed": "因素为开放式列举（五）：其他因素须复核后方可计入",
    "the factors are an open list (三(四)): another factor needs review before it is weighed":
        "因素为开放式列举（三(四)）：其他因素须复核后方可计入",
    "funds are earmarked (专款专用)": "专款专用",
    "funds come from 民政事业专项补助资金": "经费来自民政事业专项补助资金",
    "factor shares follow the province": "因素权重沿用省级规定",
    "purchase budget: at least 1% of the social-assistance special funds, in principle (原则上, 三(四))":
        "购买服务预算：原则上不低于社会救助专项资金的 1%（三(四)）",
    "give a special_funds column to compute it per unit": "提供 special_funds 列即可逐单位计算",
    "purchase budget at least 1% of the special funds (原则上: in principle)": "购买服务预算原则上不低于专项资金的 1%",
    "award: each unit's share of the sum of mean monthly scores from the second quarter (assumption)":
        "奖励：各单位第二季度起月均得分占总和的比例（假设）",
    "months before 2019-04 are not ranked; each year-month is ranked on its own": "2019-04 前的月份不排名；每个年月单独排名",
    "the plan sets targets, not points: the score is the share of checked targets met (an assumption), and each "
    "shortfall is named": "方案规定目标而非分值：得分为已核查目标的达成比例（假设），并列出每项未达标",
    "township civil-affairs working funds, listed separately in the township budget (单独列支并足额落实)":
        "乡镇民政工作经费，在乡镇预算中单独列支并足额落实",
    "原则上": "原则上",
    # show, explain, diff.
    "rule families 规则类别 (levels that answer; every level of the chain applies):": "规则类别（作答的层级；链上各级均适用）：",
    "rule families 规则类别 (levels that answer):": "规则类别（作答的层级）：",
    "parameters 参数 (* interpretation register, ! assumption: the text does not give the value):":
        "参数（* 解释登记，! 假设：文件未给出该值）：",
    "~ open list 开放列举 (主要包括, …等), i informational 仅列明 (no rule reads it; not overridable)":
        "~ 开放列举（主要包括、…等），i 仅列明（无规则使用，不可调整）",
    "parameters read 所用参数 (override = set by the profile; assumption = not in the text):":
        "所用参数（配置调整 = 由配置设定；假设 = 文件未写明）：",
    "DRAFT for comment 征求意见稿, no legal force": "征求意见稿，无法律效力",
    "assumption: the figure rests on an interpretation the text does not state": "假设：该数额依据文件未明示的理解",
    "assumption: the scoring rests on an interpretation the text does not state": "假设：该评分依据文件未明示的理解",
    # Errors of the commands.
    "No such file or directory": "文件不存在",
    "none yet": "尚无",
    "the same documents answer on both days 两日适用文件相同": "两日适用文件相同",
    "none 无": "无",
    "Permission denied": "没有权限",
    "give the current staff with --staff FILE (code,role,count)": "请用 --staff FILE 提供现有人员（code,role,count）",
    "no active profile: run `jiuzhu use CODE` first": "未启用配置：请先运行 `jiuzhu use CODE`",
    "give two codes to compare jurisdictions, or one code with --from DATE --to DATE":
        "请给出两个代码以对比辖区，或一个代码加 --from DATE --to DATE",
    "there is no bundled sample for this; give a file": "此项没有自带样例，请提供文件",
    "--chart goes with --by (a chart of the totals per group)": "--chart 须与 --by 同用（按组合计的图表）",
    # Statuses and tables.
    "nothing reported": "未报告",
    "no occasion reported": "未报告任何一次",
    "all items present": "各项齐备",
    "a right, when exercised": "权利，行使时适用",
    "no rule of the chain covers this unit": "本链没有规则适用于该单位",
    "the deduction is a right of the purchaser (有权扣减), not a duty: the range applies when it deducts":
        "扣减是购买主体的权利（有权扣减），不是义务：扣减时适用该幅度",
    "assumption: the number rests on an interpretation the text does not state": "假设：该数值依据文件未明示的理解",
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
    (r"comparing units under (.+) \(wide layout\), ([\d,]+) at a time", "对比各单位，依据 {0}（宽表），每批 {1} 个"),
    (r"compared ([\d,]+) units", "已对比 {0} 个单位"),
    (r"comparing ([\d,]+) units under (.+)", "对比 {0} 个单位，依据 {1}"),
    (r"dropped overrides that do not apply to (\S+): (.+)", "已删除不适用于 {0} 的参数调整：{1}"),
    (r"(\S+) (.+)'s document is a draft for comment \(征求意见稿\), no legal force",
     "{0} {1} 的文件为征求意见稿，不具法律效力"),
    (r"plugin (\S+) \((.+)\) not loaded: (.+)", "插件 {0}（{1}）未加载：{2}"),
    # A reason with the level and clause that gave it: "… (530000 二(二))".
    (r"(.+) \((\d{6}) ([^()]*(?:\([^()]*\))?[^()]*)\)", "{0}（{1} {2}）"),
    (r"(.+) \((\d{6} [^(),]*(?:\([^()]*\))?(?:, \d{6} [^(),]*(?:\([^()]*\))?)+)\)", "{0}（{1}）"),
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
    (r"unknown jurisdiction '([^']*)'; known: (.+)", "未知的行政区划代码“{0}”；已有：{1}"),
    (r"unknown jurisdiction (.+)", "未知的行政区划代码 {0}"),
    (r"missing column\(s\): (.+)\. The header has: (.+)", "缺少列：{0}。表头为：{1}"),
    (r"(\S+) \(or ([^()]+)\)", "{0}（或 {1}）"),
    (r"(.+): cannot read the file: (.+)", "{0}：无法读取文件：{1}"),
    (r"(.+): column '([^']*)' is not a field jiuzhu knows: (?:ignored|no rule reads it); did you mean (.+)\?",
     "{0}：“{1}”列不是已知字段，未被读取；是否指 {2}？"),
    (r"(.+): column '([^']*)' is not a field jiuzhu knows: (?:ignored|no rule reads it)",
     "{0}：“{1}”列不是已知字段，未被读取"),
    (r"column '([^']*)' is not a field jiuzhu knows: (?:ignored|no rule reads it); did you mean (.+)\?",
     "“{0}”列不是已知字段，未被读取；是否指 {1}？"),
    (r"column '([^']*)' is not a field jiuzhu knows: (?:ignored|no rule reads it)", "“{0}”列不是已知字段，未被读取"),
    (r"(.+): column '([^']*)' is not a field of (\S+); no rule reads it \(`jiuzhu check (\S+) --fields` lists them\); "
     r"did you mean (.+)\?",
     "{0}：“{1}”列不是 {2} 的核查字段，没有规则读取（`jiuzhu check {3} --fields` 列出字段）；是否指 {4}？"),
    (r"(.+): column '([^']*)' is not a field of (\S+); no rule reads it \(`jiuzhu check (\S+) --fields` lists them\)",
     "{0}：“{1}”列不是 {2} 的核查字段，没有规则读取（`jiuzhu check {3} --fields` 列出字段）"),
    (r"unknown subject '([^']*)' 未知的核查对象; the installed plugins declare: (.+) \(`jiuzhu check` describes them\)",
     "未知的核查对象“{0}”；已安装的插件声明了：{1}（`jiuzhu check` 列出说明）"),
    (r"'([^']*)': START:STOP:STEP must be three numbers", "“{0}”：START:STOP:STEP 须为三个数"),
    (r"no profile named '([^']*)'; profiles: (.+) \(`jiuzhu use CODE` makes one\)",
     "没有名为“{0}”的配置；已有配置：{1}（`jiuzhu use CODE` 可创建）"),
    (r"unknown education level '([^']*)'; use one of (.+) \(or ([^()]+)\)", "未知的文化程度“{0}”；请用 {1}（或 {2}）"),
    (r"item '([^']*)' is not one the plan names; use one of (.+)", "“{0}”不是方案所列项目；请用 {1}"),
    (r"the factor '([^']*)' needs a column '([^']*)'", "因素“{0}”需要“{1}”列"),
    (r"(\S+) is negative; it cannot be", "{0} 是负数，不可为负"),
    (r"(.+): no unit with code '([^']*)'", "{0}：没有代码为“{1}”的单位"),
    (r"bundled sample (\S+)", "自带样例 {0}"),
    (r"(\S+) must be at least (\S+), not (\S+)", "{0} 不得小于 {1}（现为 {2}）"),
    (r"jurisdiction (\S+) is already provided by (\S+); choose another code", "行政区划 {0} 已由 {1} 提供；请换一个代码"),
    (r"'([^']*)' is not a date; write YYYY-MM-DD", "“{0}”不是日期；请写作 YYYY-MM-DD"),
    (r"'([^']*)' is not a date; write it as YYYY-MM-DD \(日期格式应为 YYYY-MM-DD\)", "“{0}”不是日期，日期格式应为 YYYY-MM-DD"),
    (r"(.+) case (\d+): missing key '([^']*)' \(a case quotes the clause it tests\)", "{0} 第 {1} 个用例：缺少键“{2}”（用例须引用所测条款）"),
    (r"cannot write (.+): (.+)", "无法写入 {0}：{1}"),
    # Notes and errors of the commands.
    (r"not regulated(?: 未规定)?: no level of the chain (.+) states anything on (\S+)", "未作规定：{0} 的各级均未对 {1} 作出规定"),
    (r"pilot scoring is not regulated in the chain (.+)", "适用层级 {0} 未规定试点考评"),
    (r"record (\d+): pilot scoring is not regulated in this chain(?: 未规定)?", "第 {0} 条记录：本链未规定试点考评"),
    (r"the bundled samples are for (.+); give a reports file for (\S+)", "自带样例仅适用于 {0}；请为 {1} 提供报告文件"),
    (r"(\S+) has (\d+) (\S+), a role the chain does not require there: not counted", "{0} 有 {1} 名 {2}，该处链条不要求此岗位：不计入"),
    (r"([\d,]+) unit\(s\) no rule of the chain covers; counted in 'not_covered'(.*)", "{0} 个单位没有适用规则；计入“not_covered”"),
    (r"administrative parent (\S+) is not modelled", "行政上级 {0} 未建模"),
    (r"(\S+): all that regulate it agree \(([\d,]+)\)(.*)", "{0}：作出规定的各地一致（{1}）{2}"),
    (r"; not regulated: (.+)", "；未作规定：{0}"),
    (r"done beforehand on all (\d+) occasion\(s\)", "全部 {0} 次均已事先完成"),
    (r"was due (\S+)", "应于 {0} 前完成"),
    (r"(\S+): was due (\S+)", "{0}：应于 {1} 前完成"),
    (r"done (\S+), after the deadline (\S+)", "{0} 完成，晚于期限 {1}"),
    (r"(\S+): not done beforehand", "{0}：未事先完成"),
    (r"'([^']*)': the open list \(([^()]*(?:\([^()]*\))?)\) does not name it, so it needs review",
     "“{0}”：开放式列举（{1}）未列明，需复核"),
    (r"'([^']*)': the list \(([^()]*(?:\([^()]*\))?)\) does not name it", "“{0}”：列举（{1}）未列明"),
    (r"(.+) is forbidden \(([^()]*(?:\([^()]*\))?)\)", "{0} 属禁止事项（{1}）"),
    (r"goes to case conference \(([^()]*(?:\([^()]*\)[^()]*)?)\)", "提交个案会商（{0}）"),
    (r"funds may not pay for (.+)", "经费不得用于{0}"),
    (r"(\S+) (\S+): funds may not pay for (.+)", "{0} {1}：经费不得用于{2}"),
    (r"(\d+) month\(s\) written without a year were read as (\d+) \(([^()]*(?:\([^()]*\))?)\); write (\S+) for another year",
     "{0} 个未写年份的月份按 {1} 年读取（{2}）；其他年份请写作 {3}"),
    (r"Missing argument '(.+)'\.", "缺少参数“{0}”。"),
    (r"Missing option '(.+)'\.", "缺少选项“{0}”。"),
    (r"No such option: (\S+)", "没有选项 {0}"),
    (r"No such option '?([^']+)'?\.", "没有选项 {0}"),
    (r"No such command '([^']+)'\.", "没有命令“{0}”"),
    (r"Invalid value for '?([^':]+)'?: (.+)", "{0} 的值无效：{1}"),
    (r"(\S+) is not in the range (.+)\.", "{0} 不在范围 {1} 内"),
    (r"'([^']*)' is not one of (.+)\.", "“{0}”不是可选值 {1} 之一"),
    (r"Directory '([^']*)' is a file\.", "“{0}”是文件，不是文件夹"),

    # Totals, roll-ups, baselines.
    (r"total 合计: ([\d,]+) units in ([\d,]+) (\S+) group\(s\), minimum ([\d,]+)", "合计：{0} 个单位，{1} 个{2}分组，最低配备 {3}"),
    (r"total 合计: ([\d,]+) units, required ([\d,]+), current ([\d,]+), short ([\d,]+), over maximum ([\d,]+)",
     "合计：{0} 个单位，应配 {1}，现有 {2}，缺 {3}，超上限 {4}"),
    (r"totals 合计 \(total minimum staff; baseline (\S+)\):", "合计（最低配备人数；基准 {0}）："),
    (r"total minimum staff ([\d,]+)", "最低配备人数合计 {0}"),  # compare's wide layout, per jurisdiction
    (r"(\S+): ([\d,]+) against ([\d,]+) \(([-+]?\d+)\); ([\d,]+) unit\(s\) changed", "{0}：{1}，基准为 {2}（{3}）；{4} 个单位有变化"),
    (r"most affected under (\S+) 影响最大: (.+)", "{0} 下影响最大：{1}"),
    (r"baseline (\S+) \((.+)\); variants: (.+)", "基准 {0}（{1}）；对照：{2}"),
    (r"(.+): required ([\d,]+), current ([\d,]+), short ([\d,]+), over maximum ([\d,]+)(.*)",
     "{0}：应配 {1}，现有 {2}，缺 {3}，超上限 {4}{5}"),
    (r", yearly cost (\S+) 元(.*)", "，年度费用 {0} 元{1}"),
    (r" \(\+([\d,]+) short with no cost given\)", "（另缺 {0} 人未给出费用）"),
    (r", no cost given", "，未给出费用"),
    (r"total 合计: ([\d,]+) units, (.+)", "合计：{0} 个单位，{1}"),
    # comply's details.
    (r"(.+); also short: (.+)", "{0}；另有不足：{1}"),
    (r"(.+); outside the window: (.+)", "{0}；不在期限内：{1}"),
    (r"(.+); next due (\S+)", "{0}；下次到期 {1}"),
    (r"(\S+): (\d+) of (\d+) between (\S+) and (\S+)", "{0}：{3} 至 {4} 间完成 {1}/{2}"),
    (r"(\S+): (\d+) of (\d+) by (\S+)", "{0}：截至 {3} 完成 {1}/{2}"),
    (r"first due (\S+)", "首次到期 {0}"),
    (r"done (\S+) \(due (\S+)\)", "{0} 完成（应于 {1} 前）"),
    (r"swept (.+) over (\d+) point\(s\), ([\d,]+) units each", "已扫描 {0}：{1} 个取值点，每点 {2} 个单位"),
    (r"(\w+) (\S+) to (\S+) inclusive", "{0} {1} 至 {2}（含）"),
    (r"(\w+) (\S+) is outside (\S+) to (\S+) \((.+)\)", "{0} {1} 超出 {2} 至 {3} 的范围（{4}）"),
    (r"first due (\S+); (\d+) of (\d+) so far", "首次到期 {0}；迄今完成 {1}/{2}"),
    # Dates: as of, not in force, what changed.
    (r"(.+) as of (\S+) 截至(\S+)", "{0}，截至 {1}"),
    (r"(\d{6}) (\S+) ([A-Za-z]+) is not in force on (\S+): (.+); it answers nothing and the rest of the chain applies "
     r"该层级于(\S+)不适用，其余层级照常适用", "{0} {1} 于 {3} 未生效：{4}；该层级不作答，其余层级照常适用"),
    (r"(.+) takes effect on (\S+) 于(\S+)起施行", "{0} 于 {1} 起施行"),
    (r"(.+) is a draft for comment, excluded by --in-force-only 征求意见稿，已按 --in-force-only 排除",
     "{0} 为征求意见稿，已按 --in-force-only 排除"),
    (r"(.+) was in force until (\S+)(.*) 已于(\S+)后失效", "{0} 已于 {1} 后失效"),
    (r"(\S+): what changed from (\S+) to (\S+) 规则变化", "{0}：{1} 至 {2} 的规则变化"),
    (r"(\S+): not in force: (.+)", "{0}：未生效：{1}"),
    (r"→ (.+)", "→ {0}"),
    (r"first due (\S+); (\d+) of (\d+) so far \(the period the document took effect in, part-way through, is not due: "
     r"an assumption\)", "首次到期 {0}；迄今 {1}/{2}（文件生效当期不足一整期，不计到期：假设）"),
    # Profiles.
    (r"active: (.+)", "当前：{0}"),
    (r"profile (\S+) \((\S+)\), no overrides", "配置 {0}（{1}），未调整参数"),
    (r"profile (\S+) \((\S+)\), overrides: (.+)", "配置 {0}（{1}），调整参数：{2}"),
    (r"set; (.+)", "已设置；{0}"),
    (r"unset; (.+)", "已取消；{0}"),
    (r"deleted profile (\S+)", "已删除配置 {0}"),
    (r"reset (.+)", "已重置 {0}"),
    # show and explain.
    (r"(\d{6}) (\S+) ([A-Za-z]+) \((\S+)\)", "{0} {1} {2}（{3}）"),
    (r"document 文件: (.+?) \((.+), issued (\S+), in force from (\S+); (.+)\)", "文件：{0}（{1}，{2} 印发，{3} 起施行；{4}）"),
    (r"document 文件: (.+?) \((.+), issued (\S+), in force (\S+) to (\S+); (.+)\)", "文件：{0}（{1}，{2} 印发，{3} 至 {4} 施行；{5}）"),
    (r"(.+) \(issuer garbled on the published page\)", "{0}（公开页面上的发文机关有误）"),
    (r"(.+) \(in force from (\S+)\)", "{0}（{1} 起施行）"),
    (r"(.+) \(in force from (\S+); draft for comment 征求意见稿\)", "{0}（{1} 起施行；征求意见稿）"),
    (r"(.+) \(in force (\S+) to (\S+)\)", "{0}（{1} 至 {2} 施行）"),
    (r"(.+) \(as cited by (\S+)\)", "{0}（{1} 所引）"),
    (r"as of 截至 (\S+), the version answering 适用版本:", "截至 {0}，适用版本："),
    (r"version 版本 \((\S+)\): (.+)", "版本（{0}）：{1}"),
    (r"(\d{6}) (\S+) ([A-Za-z]+): (.+)", "{0} {1}：{3}"),
    (r"(.+) \(DRAFT for comment\)", "{0}（征求意见稿）"),
    (r"(.+) \(DRAFT for comment\), no legal force", "{0}（征求意见稿），无法律效力"),
    (r"(staffing|eligibility|deduction|fund factors|pilot scoring) +(.+)", "{0}  {1}"),
    (r"unit (\S+) \((\S+), population (\S+), dibao (\S+)\):", "单位 {0}（{1}，人口 {2}，低保对象 {3}）："),
    (r"(\S+): at least (\S+), no maximum; binds: (\d{6}) (.+)", "{0}：至少 {1}，无上限；依据：{2} {3}"),
    (r"(\S+): at least (\S+), at most (\S+); binds: (\d{6}) (.+)", "{0}：至少 {1}，至多 {2}；依据：{3} {4}"),
    (r"from (\d{6}) (.+): min (\S+), max (\S+)", "来自 {0} {1}：最少 {2}，最多 {3}"),
    (r"from (\d{6}) (.+): (\S+) to (\S+)", "来自 {0} {1}：{2} 至 {3}"),
    (r"CONFLICT: (.+)", "冲突：{0}"),
    (r"record (\d+) \((\S+)\): (\S+) to (\S+) (\S+); answers: (\d{6}) (.+)", "第 {0} 条记录（{1}）：{2} 至 {3} {4}；依据：{5} {6}"),
    (r"record (\d+) \((\S+)\): no level of the chain states a deduction(?: 未规定)?", "第 {0} 条记录（{1}）：各级均未规定扣减"),
    (r"record (\d+) \((\S+)\): score (\S+), rank (\S+), award (\S+); answers: (\d{6}) (.+)",
     "第 {0} 条记录（{1}）：得分 {2}，排名 {3}，奖励 {4}；依据：{5} {6}"),
    (r"record (\d+) \((\S+)\): (\S+)", "第 {0} 条记录（{1}）：{2}"),
    (r"\[(\S+)\] (.+)", "[{0}] {1}"),
    (r"duty: (.+)", "义务：{0}"),
    (r"remedy: (.+)", "救济：{0}"),
    (r"shortfall: (.+)", "未达标：{0}"),
    (r"ties: (.+)", "并列：{0}"),
    (r"unit (\S+) \((\S+)\): floor (\S+) yuan \((\d{6}) (.+)\)", "单位 {0}（{1}）：下限 {2} 元（{3} {4}）"),
    (r"unit (\S+) \((\S+)\): no floor", "单位 {0}（{1}）：无下限"),
    (r"share (\S+), amount (\S+) yuan", "份额 {0}，金额 {1} 元"),
    (r"factor (\S+): weight (\S+) \((\d{6}) (.+)\)( assumption)?", "因素 {0}：权重 {1}（{2} {3}）"),
    (r"(\d{6}\.\w+) = (\S+) (.+) \((.+)\)", "{0} = {1} {2}（{3}）"),
    (r"(\d{6}\.\w+) = (\S+) (.+) \((.+)\) (.+)", "{0} = {1} {2}（{3}）{4}"),
    (r"(\d{6}) (\S+): not in force on (\S+) 未生效, answers nothing: (.+)", "{0} {1}：{2} 未生效，不作答：{3}"),
    (r"(\d{6}): (.+)", "{0}：{1}"),
    (r"(\d{6}) ([^\s:]+): (.+)", "{0} {1}：{2}"),
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


@functools.cache
def _pattern(name: str) -> re.Pattern:
    """The patterns below, compiled on first use (their CJK ranges take milliseconds to compile:
    ``jiuzhu --help`` never pays for them)."""
    return re.compile(*{
        # An English label followed by its Chinese ("draft 征求意见稿", "by 2019-01-10 于2019-01-10前").
        "label": (r"([A-Za-z][\w ,.:×–-]*?) ([\u3400-\u9fff][^A-Za-z]*)\Z",),
        # Three English words in a row: a sentence a Chinese reader would be left with.
        "english": (r"[A-Za-z][A-Za-z'’-]*(?:[ ,;:()/]+[A-Za-z][A-Za-z'’-]*){2,}",),
        # "English / 中文": a message that already carries its Chinese after a slash.
        "slashed": (r"(.+) / ([^/A-Za-z]*[\u3400-\u9fff][^/A-Za-z]*)\Z", re.S),
    }[name])


def _carries_chinese(text: str) -> re.Match | None:
    """``text`` already in both languages ("no evidence given 未提供证明", "… / 须为六位代码")."""
    return _pattern("label").match(text) or _pattern("slashed").match(text)


def required_literals(pattern: str) -> tuple[str, ...]:
    """Text that every match of the regular expression ``pattern`` contains: its runs of
    literal characters outside groups and classes (none when it alternates at the top level).
    A text lacking one cannot match, so the pattern is neither compiled nor tried on it."""
    runs, run, i, depth = [], "", 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            escaped = pattern[i + 1]
            if depth == 0 and not escaped.isalnum():
                run += escaped
            elif depth == 0:
                runs.append(run)
                run = ""
            i += 2
            continue
        if char == "[":  # a class: skip to its end (a ] first in it, or escaped, is literal)
            runs.append(run)
            run = ""
            i += 2 if pattern[i + 1:i + 2] in ("]", "^") else 1
            i += 1 if pattern[i - 1:i + 1] == "^]" else 0
            while i < len(pattern) and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif char == "(":
            depth += 1
            runs.append(run)
            run = ""
        elif char == ")":
            depth -= 1
        elif depth == 0 and char == "|":
            return ()
        elif depth == 0 and char in "?*{":  # the character before is optional (or repeated: {m,n})
            runs.append(run[:-1])
            run = ""
            if char == "{":
                i = pattern.index("}", i)
        elif depth == 0 and char in "+.^$":
            runs.append(run)
            run = ""
        elif depth == 0:
            run += char
        i += 1
    runs.append(run)
    return tuple(r for r in runs if r)


@functools.cache
def _sentences() -> list[tuple[tuple[str, ...], str, str]]:
    """``(required literals, pattern, Chinese template)`` of each sentence shape, in order."""
    return [(required_literals(pattern), pattern, template) for pattern, template in _SENTENCES]


@functools.cache
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern + r"\Z", re.S)


#: Chinese a jurisdiction file gives beside its English (``description_zh``, ``reason_zh``,
#: ``note_zh``), learnt as its rules are read: a third-party plugin's words need no edit here.
_LEARNT: dict[str, str] = {}


def learn(english: str, zh: str) -> None:
    """Remember ``zh`` as the Chinese of ``english`` (a jurisdiction file's own text)."""
    if english and zh:
        _LEARNT[english.strip()] = zh.strip()


def chinese(text: str) -> str | None:
    """The Chinese form of an English word or sentence jiuzhu produced, or ``None``."""
    stripped = text.strip()
    if stripped in WORDS:
        return WORDS[stripped]
    if stripped in PHRASES:
        return PHRASES[stripped]
    if stripped in _LEARNT:
        return _LEARNT[stripped]
    label = _carries_chinese(stripped)
    if label:  # "no evidence given 未提供证明", "… / 须为六位代码": a text that already carries its Chinese
        return label.group(2)
    if ", " in stripped and all(part in WORDS for part in stripped.split(", ")):
        return "、".join(WORDS[part] for part in stripped.split(", "))  # "staffing, eligibility"
    if "、" in stripped:
        # A list of reasons (a table cell): Chinese when every part is (or has a Chinese form).
        english = _pattern("english")
        parts = [chinese(part) or (part if not english.search(part) else None) for part in stripped.split("、")]
        if all(parts) and any(english.search(p) for p in stripped.split("、")):
            return "、".join(parts)
    for literals, pattern, template in _sentences():
        if not all(literal in stripped for literal in literals):
            continue
        match = _compiled(pattern).match(stripped)
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


def translate_lines(text: str, lang: str | None = None) -> str:
    """A block of text (``show``, ``explain``) line by line, each line keeping its indent."""
    lang = lang or language()
    if lang != "zh":  # "both" keeps its "english 中文" labels as they are
        return text
    return "\n".join(line[:len(line) - len(line.lstrip())] + translate(line.strip(), lang) if line.strip() else line
                     for line in text.split("\n"))


def translate(text: str, lang: str | None = None) -> str:
    """``text`` (an English word or sentence jiuzhu produced) in the run's language.

    ``zh``: the Chinese form, or the text unchanged when it has none (or is already
    Chinese). ``en``: unchanged. ``both``: Chinese, then the English in brackets, for
    sentences; a fixed word stays as it is so bilingual tables stay narrow.
    """
    lang = lang or language()
    if lang == "en" or not text:
        return text
    if lang == "both" and _carries_chinese(text.strip()):
        return text  # already in both languages
    zh = chinese(text)
    if zh is None:
        return text
    indent = text[:len(text) - len(text.lstrip())]  # a listed line keeps its place under its heading
    if lang == "zh":
        return indent + zh
    return text if text.strip() in WORDS else f"{indent}{zh} ({text.strip()})"
