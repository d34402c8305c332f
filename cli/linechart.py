"""Line charts of a few series over one numeric axis: a standalone SVG, or an HTML page
drawn by the ECharts shipped inside jiuzhu (inlined: the page loads nothing from the
internet)."""

from __future__ import annotations

import json
from html import escape

COLOURS = ("#3b6ea5", "#c0504d", "#9bbb59", "#8064a2", "#4bacc6", "#f79646", "#7f7f7f")


def line_chart_svg(x: list[float], series: dict[str, list[float]], title: str, x_label: str) -> str:
    width, height, left, right, top, bottom = 720, 420, 70, 200, 40, 50
    plot_w, plot_h = width - left - right, height - top - bottom
    lo_x, hi_x = min(x), max(x)
    values = [v for ys in series.values() for v in ys]
    hi_y = max(values, default=0) or 1

    def px(v: float) -> float:
        return left + (plot_w * (v - lo_x) / (hi_x - lo_x) if hi_x != lo_x else plot_w / 2)

    def py(v: float) -> float:
        return top + plot_h - plot_h * v / hi_y

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="sans-serif" font-size="12">',
             f'<text x="10" y="22" font-size="15" font-weight="bold">{escape(title)}</text>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#444"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#444"/>',
             f'<text x="{left + plot_w / 2:.0f}" y="{height - 10}" text-anchor="middle">{escape(x_label)}</text>']
    for v in x:
        parts.append(f'<text x="{px(v):.1f}" y="{top + plot_h + 16}" text-anchor="middle">{v:g}</text>')
    for frac in (0, 0.5, 1):
        parts.append(f'<text x="{left - 6}" y="{py(hi_y * frac) + 4:.1f}" text-anchor="end">{hi_y * frac:,.0f}</text>')
    for k, (name, ys) in enumerate(series.items()):
        colour = COLOURS[k % len(COLOURS)]
        points = " ".join(f"{px(a):.1f},{py(b):.1f}" for a, b in zip(x, ys))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
        parts.extend(f'<circle cx="{px(a):.1f}" cy="{py(b):.1f}" r="3" fill="{colour}"><title>{escape(name)}: '
                     f'{a:g} → {b:,}</title></circle>' for a, b in zip(x, ys))
        parts.append(f'<text x="{left + plot_w + 10}" y="{top + 14 + 18 * k}" fill="{colour}">{escape(name)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def line_chart_html(x: list[float], series: dict[str, list[float]], title: str, x_label: str) -> str:
    from importlib.resources import files

    script = (files("jiuzhu") / "static" / "vendor" / "echarts" / "echarts.min.js").read_text(encoding="utf-8")
    option = {"title": {"text": title}, "tooltip": {"trigger": "axis"}, "legend": {"top": 30},
              "grid": {"top": 80}, "xAxis": {"type": "value", "name": x_label, "min": min(x), "max": max(x)},
              "yAxis": {"type": "value"},
              "series": [{"name": name, "type": "line", "data": [[a, b] for a, b in zip(x, ys)]}
                         for name, ys in series.items()]}
    # "</" inside inline JSON would end the script element early.
    option_json = json.dumps(option, ensure_ascii=False).replace("</", "<\\/")
    return (f'<!doctype html>\n<html lang="zh"><head><meta charset="utf-8"><title>{escape(title)}</title>\n'
            f"<script>{script}</script></head>\n<body><div id=\"chart\" style=\"width:900px;height:520px\"></div>\n"
            f"<script>echarts.init(document.getElementById('chart')).setOption({option_json});</script>\n"
            "</body></html>\n")


def write_line_chart(path, x, series, title: str, x_label: str) -> None:
    """``.svg`` or ``.html`` by the path's suffix, written atomically."""
    from jiuzhu.core.atomic import write_text_atomically

    draw = line_chart_svg if path.suffix.lower() == ".svg" else line_chart_html
    write_text_atomically(path, draw(list(x), series, title, x_label))
