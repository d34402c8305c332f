"""``--by county|prefecture|province`` and ``--chart`` for commands that total up the code
tree, and the rows they print (one per group)."""

from __future__ import annotations

from pathlib import Path

import click
from jiuzhu.cli.output import TEXT_FORMATS, deliver, note, render_table, require_format, rows_as, to_json

BY_CHOICES = ("county", "prefecture", "province")
CHART_SUFFIXES = (".svg", ".html", ".htm")
#: A bar chart stays readable up to this many bars; the largest are drawn.
CHART_BARS = 40


def by_option(func):
    """``--by county|prefecture|province``: totals per group of unit codes instead of per unit."""
    return click.option(
        "--by", "by", type=click.Choice(BY_CHOICES), default=None,
        help="Total per county (first 6 digits of the code), prefecture (4) or province (2) instead of per "
             "unit; parents need not be in the file.")(func)


def chart_option(func):
    return click.option("--chart", type=click.Path(dir_okay=False, path_type=Path), default=None,
                        help="Also write a chart (.svg, or .html drawn with the bundled ECharts).")(func)


def check_chart(chart: Path | None) -> None:
    """Refuse a chart path of the wrong kind before any work."""
    if chart is not None and chart.suffix.lower() not in CHART_SUFFIXES:
        raise click.UsageError("--chart must end in .svg or .html")


def write_bar_chart(chart: Path, totals: dict[str, float], labels: dict[str, str], title: str) -> None:
    """A bar chart of ``totals`` (the largest :data:`CHART_BARS`, said if cut), written atomically."""
    from jiuzhu.cli.charts import chart_document, totals_chart
    from jiuzhu.cli.output import current_lang
    from jiuzhu.core.atomic import write_text_atomically

    if len(totals) > CHART_BARS:
        note(f"chart: the {CHART_BARS} largest of {len(totals):,} totals are drawn")
        totals = dict(sorted(totals.items(), key=lambda kv: -kv[1])[:CHART_BARS])
    lang = current_lang()
    drawn = totals_chart(totals, labels, title, "人 staff" if lang == "both" else ("人" if lang == "zh" else "staff"))
    write_text_atomically(chart, chart_document(drawn, chart.suffix, lang))
    note(f"wrote chart {chart}")


def group_label(groups, g: int) -> str:
    name = groups.names[g]
    return f"{groups.keys[g]} {name}" if name else str(groups.keys[g])


def deliver_staffing_rollup(roles, units, by, chart, fmt, output, app, runs, source) -> None:
    """Staffing totals per group of unit codes: JSON records, CSV (a column per role and
    bound), or a table; with ``chart``, a bar chart of each group's total minimum."""
    require_format(fmt, TEXT_FORMATS, "--by")
    from jiuzhu.core.rollup import group_units, staffing_totals
    from jiuzhu.core.roles import role_label

    groups = group_units(units, by)
    records = staffing_totals(roles, groups)
    uncovered = sum(r["not_covered"] for r in records)
    if uncovered:
        note(f"note: {uncovered:,} unit(s) no rule of the chain covers; counted in 'not_covered', not in the totals")
    if chart is not None:
        write_bar_chart(chart, {r["group"]: r["minimum"] for r in records},
                        {str(groups.keys[k]): group_label(groups, k) for k in range(len(groups))},
                        f"Total minimum staff per {by} / 最低配备人数合计")
    if fmt == "json":
        deliver(to_json(records), output, app, runs, source)
        return
    role_names = [o.role for o in roles]
    if fmt == "csv":
        headers = ["group", "name", "units", "not_covered", "minimum", "maximum"]
        headers += [f"{role}.{bound}" for role in role_names for bound in ("min", "max")]
        rows = []
        for r in records:
            row = [r["group"], r["name"], r["units"], r["not_covered"], r["minimum"], _blank(r["maximum"])]
            for role in role_names:
                got = r["roles"].get(role)
                row += ["", ""] if got is None else [got["minimum"], _blank(got["maximum"])]
            rows.append(row)
        deliver(rows_as("csv", rows, headers), output, app, runs, source)
        return
    rows = [[r["group"], r["name"], f"{r['units']:,}", f"{r['not_covered']:,}" if r["not_covered"] else "",
             f"{r['minimum']:,}", "—" if r["maximum"] is None else f"{r['maximum']:,}"]
            + [_span(r["roles"].get(role)) for role in role_names] for r in records]
    headers = [f"{by} 区划", "name 名称", "units 单位数", "not covered 未覆盖", "min 至少", "max 至多"]
    text = render_table(rows, headers + [f"{role_label(role, 'en')} {role_label(role, 'zh')}" for role in role_names])
    text += (f"\ntotal 合计: {sum(r['units'] for r in records):,} units in {len(records):,} {by} group(s), "
             f"minimum {sum(r['minimum'] for r in records):,}\n")
    deliver(text, output, app, runs, source)


def _blank(v):
    return "" if v is None else v


def _span(role_total) -> str:
    if role_total is None:
        return ""
    lo, hi = role_total["minimum"], role_total["maximum"]
    return f"{lo:,}" if hi == lo else f"{lo:,}–{hi:,}" if hi is not None else f"{lo:,}+"


def deliver_fund_rollup(allocation, by, chart, fmt, output, app, runs, source) -> None:
    """Fund floors (and, with a pool, shares and amounts) totalled per group of unit codes."""
    require_format(fmt, TEXT_FORMATS, "--by")
    from jiuzhu.core.rollup import fund_totals, group_units

    groups = group_units(allocation.units, by)
    records = fund_totals(allocation, groups)
    key = "amount" if allocation.pool is not None and records and records[0]["amount"] is not None else "floor"
    if chart is not None:
        write_bar_chart(chart, {r["group"]: r[key] for r in records},
                        {str(groups.keys[k]): group_label(groups, k) for k in range(len(groups))},
                        f"{'Amount' if key == 'amount' else 'Fund floors'} per {by} (yuan) / 资金合计(元)")
    if fmt == "json":
        deliver(to_json(records), output, app, runs, source)
        return
    headers = ["group", "name", "units", "units_with_floor", "floor", "share", "amount"]
    if fmt == "csv":
        deliver(rows_as("csv", [[_blank(r[h]) for h in headers] for r in records], headers), output, app, runs,
                source)
        return
    rows = [[r["group"], r["name"], f"{r['units']:,}", f"{r['units_with_floor']:,}", f"{r['floor']:,}",
             "" if r["share"] is None else f"{r['share']:.4f}", "" if r["amount"] is None else f"{r['amount']:,.2f}"]
            for r in records]
    text = render_table(rows, [f"{by} 区划", "name 名称", "units 单位数", "with floor 有下限", "floors 下限合计(元)",
                               "share 份额", "amount 金额(元)"])
    deliver(text, output, app, runs, source)
