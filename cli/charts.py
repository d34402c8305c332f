"""Charts of results, drawn by maintained libraries: Apache ECharts (shipped in the package,
inlined into the page: bureau intranets have no internet) for .html, pygal for .svg.

A chart compares like with like: one category per unit level and role, one series per
jurisdiction, and no bar (not a zero bar) where a jurisdiction does not regulate that
level and role. It has a value axis, a source line (documents and dates) and marks a
draft for comment.
"""

from __future__ import annotations

import html
import json
from importlib.resources import files

from attrs import frozen

#: Chinese first, then what Windows, macOS and Linux ship; sans-serif last.
FONT_STACK = ('"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", '
              '"WenQuanYi Micro Hei", "SimHei", "Heiti SC", sans-serif')


@frozen
class Series:
    name: str
    values: tuple[float | None, ...]  # None: not regulated there, no bar
    draft: bool = False


@frozen
class Chart:
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    axis: str
    source: tuple[str, ...]  # one line per jurisdiction: its documents and dates
    kind: str = "bar"  # "line": a series over ordered categories (a sweep's values)


def _series_name(s: Series, draft_word: str) -> str:
    return f"{s.name}（{draft_word}）" if s.draft else s.name


def echarts_option(chart: Chart, draft_word: str) -> dict:
    """The ECharts option: grouped bars, a named value axis, the source as a subtitle;
    a draft series is hatched (decal) and named as a draft."""
    source_height = 14 * len(chart.source)
    return {
        "animation": False,
        "textStyle": {"fontFamily": FONT_STACK.replace('"', "")},
        "title": [{"text": chart.title, "left": "left", "top": 0, "textStyle": {"fontSize": 14}},
                  {"text": "", "subtext": "\n".join(chart.source), "left": "left", "bottom": 0,
                   "subtextStyle": {"fontSize": 10, "color": "#444", "lineHeight": 14}}],
        "legend": {"top": 24, "left": "left"},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 50, "right": 20, "top": 70, "bottom": 50 + source_height, "containLabel": True},
        "xAxis": {"type": "category", "data": [c.replace("·", "\n") for c in chart.categories],
                  "axisLabel": {"interval": 0, "width": 120, "overflow": "break"}},
        "yAxis": {"type": "value", "name": chart.axis, "nameLocation": "end"},
        "series": [{"type": chart.kind, "name": _series_name(s, draft_word), "data": list(s.values),
                    "label": {"show": True, "position": "top"},
                    **({"itemStyle": {"decal": {"symbol": "rect", "dashArrayX": [1, 0],
                                                "dashArrayY": [2, 5], "rotation": 0.78}}} if s.draft else {})}
                   for s in chart.series],
    }


def _echarts_js() -> str:
    return (files("jiuzhu") / "static" / "vendor" / "echarts" / "echarts.min.js").read_text(encoding="utf-8")


def _script_json(data) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def chart_block(chart: Chart, lang: str) -> str:
    """The chart as an HTML fragment: a div, ECharts inlined, the option; SVG rendering so
    it prints sharp."""
    from jiuzhu.cli.labels import word

    option = _script_json(echarts_option(chart, word("draft", lang)))
    return (f'<div id="chart" class="chart" role="img" aria-label="{html.escape(chart.title)}"></div>\n'
            f"<script>{_echarts_js()}</script>\n"
            "<script>var chart = echarts.init(document.getElementById('chart'), null, {renderer: 'svg'});\n"
            f"chart.setOption({option});\nwindow.addEventListener('resize', function () {{ chart.resize(); }});"
            "</script>")


def chart_page(chart: Chart, lang: str) -> str:
    """A standalone page holding only the chart."""
    from jiuzhu.cli.writers import PAGE_CSS

    return ("<!doctype html>\n"
            f'<html lang="{"en" if lang == "en" else "zh"}"><head><meta charset="utf-8">'
            f"<title>{html.escape(chart.title)}</title><style>{PAGE_CSS} .chart {{ height: 480px; }}</style>"
            f"</head><body>\n{chart_block(chart, lang)}\n</body></html>\n")


def chart_svg(chart: Chart, lang: str) -> str:
    """The chart as a standalone SVG by pygal: text stays text (so the CJK font stack
    applies), no script and nothing loaded from the internet."""
    import pygal
    from pygal.style import Style

    from jiuzhu.cli.labels import word

    style = Style(font_family=FONT_STACK, background="white", plot_background="white",
                  title_font_size=16, label_font_size=11, legend_font_size=11, value_font_size=10)
    draw = pygal.Line if chart.kind == "line" else pygal.Bar
    bars = draw(style=style, js=[], title=chart.title, y_title=chart.axis,
                     x_label_rotation=20 if len(chart.categories) > 4 else 0,
                     print_values=True, legend_at_bottom=False, width=960, height=540, truncate_legend=-1,
                     truncate_label=-1, show_y_guides=True, disable_xml_declaration=True)
    bars.x_labels = list(chart.categories)
    for s in chart.series:
        bars.add(_series_name(s, word("draft", lang)), list(s.values))
    return _with_source(bars.render(is_unicode=True), chart.source, 960, 540)


def _with_source(svg: str, lines: tuple[str, ...], width: int, height: int) -> str:
    """The source lines in small type under pygal's drawing (pygal has no footnote), the
    canvas made taller to hold them."""
    if not lines:
        return svg
    step = 15
    taller = height + step * len(lines) + 8
    svg = svg.replace(f'viewBox="0 0 {width} {height}"', f'viewBox="0 0 {width} {taller}"', 1)
    texts = "".join(f'<text x="10" y="{height + step * (i + 1)}" font-size="10" fill="#444">{html.escape(line)}</text>'
                    for i, line in enumerate(lines))
    cut = svg.rindex("</svg>")
    return svg[:cut] + f'<g class="source">{texts}</g>' + svg[cut:]


def _source_lines(chains, lang: str) -> tuple[str, ...]:
    """One line per level of the chains: its documents and their dates, drafts marked."""
    from jiuzhu.cli.labels import word

    seen, lines = set(), []
    for chain in chains:
        for j in chain:
            if j.code in seen:
                continue
            seen.add(j.code)
            docs = "；".join(f"{d.cited_title}{d.date}" + (f"（{word('draft', lang)}）" if d.is_draft else "")
                            for d in j.documents)
            lines.append(f"{j.code} {j.name_zh}：{docs}")
    return (f"{word('source', lang)}：" + lines[0], *lines[1:]) if lines else ()


def series_name(chain) -> str:
    return f"{chain.target.code} {chain.target.name_zh}"


def staffing_chart(results, lang: str) -> Chart:
    """Total minimum staff per unit level and role, one series per jurisdiction chain; no
    bar where a chain does not regulate that level and role."""
    from jiuzhu.cli.labels import level_label, pick
    from jiuzhu.core.model.roles import ROLES, role_order
    from jiuzhu.core.model.table import UNIT_LEVELS

    from jiuzhu.core.lazy import np

    found: list[tuple[str, str]] = []
    per_result = []
    for result in results:
        values = {}
        for outcome in result.roles:
            stated = outcome.covered & (outcome.minimum >= 0)
            for level in UNIT_LEVELS:
                at = stated & result.units.level_mask(level)
                if at.any():
                    values[(level, outcome.role)] = int(np.asarray(outcome.minimum)[at].sum())
                    if (level, outcome.role) not in found:
                        found.append((level, outcome.role))
        per_result.append(values)
    found.sort(key=lambda c: (UNIT_LEVELS.index(c[0]), role_order(c[1])))

    def role_name(role):
        if role not in ROLES:
            return role
        return ROLES[role][2] if lang == "en" else ROLES[role][1]

    categories = tuple(f"{level_label(level, 'zh' if lang != 'en' else 'en')}·{role_name(role)}"
                       for level, role in found)
    series = tuple(Series(series_name(r.chain), tuple(v.get(c) for c in found), any(j.is_draft for j in r.chain))
                   for r, v in zip(results, per_result))
    title = pick(("最低配备人数合计（按层级和岗位）", "Total minimum staff by unit level and role"), lang)
    return Chart(title, categories, series, pick(("人", "staff"), lang), _source_lines([r.chain for r in results], lang))


def outcome_chart(outcomes, chain, lang: str) -> Chart:
    """How many records have each outcome (in the order outcomes first appear)."""
    import numpy as np

    from jiuzhu.cli.labels import pick
    from jiuzhu.core.i18n import translate

    words, first, count = np.unique(np.asarray(outcomes, dtype=str), return_index=True, return_counts=True)
    counts = {str(words[i]): int(count[i]) for i in np.argsort(first)}
    categories = tuple(translate(k, lang) for k in counts)
    series = (Series(series_name(chain), tuple(counts.values()), any(j.is_draft for j in chain)),)
    return Chart(pick(("审查结果", "Outcomes"), lang), categories, series, pick(("条", "records"), lang),
                 _source_lines([chain], lang))


def totals_chart(totals: dict[str, float], labels: dict[str, str], title: str, axis: str) -> Chart:
    """One bar per key of ``totals`` (roll-ups: groups of units, roles)."""
    keys = list(totals)
    return Chart(title, tuple(labels.get(k, k) for k in keys), (Series(axis, tuple(totals[k] for k in keys)),),
                 axis, ())


def chart_document(chart: Chart, suffix: str, lang: str) -> str:
    """The chart as the file its suffix asks for: .svg (pygal) or .html (ECharts)."""
    return chart_svg(chart, lang) if suffix.lower() == ".svg" else chart_page(chart, lang)
