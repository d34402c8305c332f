"""``--by county|prefecture|province`` and ``--chart`` for commands that total up the code
tree, and the rows they print (one per group)."""

from __future__ import annotations

from pathlib import Path

import click
from jiuzhu.cli.output import note

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


def bar_chart(totals: dict[str, float], labels: dict[str, str], title: str, axis: str = "staff_axis"):
    """A bar chart of ``totals`` (the largest :data:`CHART_BARS`, said if cut)."""
    from jiuzhu.cli.charts import totals_chart
    from jiuzhu.cli.labels import word
    from jiuzhu.cli.output import current_lang

    if len(totals) > CHART_BARS:
        note(f"chart: the {CHART_BARS} largest of {len(totals):,} totals are drawn")
        totals = dict(sorted(totals.items(), key=lambda kv: -kv[1])[:CHART_BARS])
    return totals_chart(totals, labels, title, word(axis, current_lang()))


def write_chart(path: Path, chart) -> None:
    """``chart`` as the file ``path``'s suffix asks for (.svg or .html), written atomically."""
    from jiuzhu.cli.charts import chart_document
    from jiuzhu.cli.output import current_lang
    from jiuzhu.core.io.atomic import write_text_atomically

    write_text_atomically(path, chart_document(chart, path.suffix, current_lang()))
    note(f"wrote chart {path}")


def write_bar_chart(path: Path, totals: dict[str, float], labels: dict[str, str], title: str,
                    axis: str = "staff_axis") -> None:
    write_chart(path, bar_chart(totals, labels, title, axis))


def group_labels(groups) -> dict[str, str]:
    """Each group's code → "code name" where the file names it."""
    return {str(k): f"{k} {n}" if n else str(k) for k, n in zip(groups.keys, groups.names)}


def group_columns(records: list[dict]) -> dict[str, list]:
    """The columns every roll-up starts with."""
    return {"group": [r["group"] for r in records], "name": [r["name"] for r in records],
            "units": [r["units"] for r in records]}


ROLLUP_KINDS = {"group": "code", "name": "text", "units": "int", "not_covered": "int", "minimum": "int",
                "maximum": "int", "current": "int", "shortfall": "int", "surplus": "int", "yearly_cost": "amount",
                "uncosted_shortfall": "int", "units_with_floor": "int", "floor": "amount", "share": "ratio",
                "amount": "amount", "difference": "int"}


def by_headers(by: str) -> dict[str, str]:
    from jiuzhu.cli.labels import level_label
    from jiuzhu.cli.output import current_lang

    return {"group": level_label(by, current_lang())}


def role_header(role: str, bound: str) -> str:
    """A role's column header: its name in the run's language and the bound (至少 / 至多)."""
    from jiuzhu.cli.labels import column_label
    from jiuzhu.cli.output import current_lang
    from jiuzhu.core.model.roles import role_label

    lang = current_lang()
    name = role_label(role, "en") if lang == "en" else role_label(role, "zh")
    return f"{name} {column_label(bound, lang)}"


def deliver_staffing_rollup(roles, units, by, chart, fmt, output, app, runs, source) -> None:
    """Staffing totals per group of unit codes, in every format: one row per group with the
    units it covers, those no rule covers, and each role's total minimum and maximum."""
    from jiuzhu.cli.output import Report, deliver_report
    from jiuzhu.core.analysis.rollup import group_units, staffing_totals

    groups = group_units(units, by)
    records = staffing_totals(roles, groups)
    uncovered = sum(r["not_covered"] for r in records)
    if uncovered:
        note(f"note: {uncovered:,} unit(s) no rule of the chain covers; counted in 'not_covered', not in the totals")
    role_names = [o.role for o in roles]

    def columns():
        out = group_columns(records)
        out.update({k: [r[k] for r in records] for k in ("not_covered", "minimum", "maximum")})
        for role in role_names:
            for bound, key in (("min", "minimum"), ("max", "maximum")):
                out[f"{role}.{bound}"] = [(r["roles"].get(role) or {}).get(key) for r in records]
        return out

    kinds = {**ROLLUP_KINDS, **{f"{r}.{b}": "int" for r in role_names for b in ("min", "max")}}
    headers = {**by_headers(by), **{f"{r}.{b}": role_header(r, key) for r in role_names
                                    for b, key in (("min", "minimum"), ("max", "maximum"))}}
    total = sum(r["minimum"] for r in records)
    drawn = lambda: bar_chart({r["group"]: r["minimum"] for r in records}, group_labels(groups),  # noqa: E731
                              f"Total minimum staff per {by} / 最低配备人数合计")
    if chart is not None:
        write_chart(chart, drawn())
    report = Report(command="staffing", columns=columns, kinds=kinds, records=lambda: records,
                    table=("group", "name", "units", "not_covered", "minimum", "maximum",
                           *(f"{r}.{b}" for r in role_names for b in ("min", "max"))),
                    headers=headers, chart=drawn,
                    after=lambda _t: [f"total 合计: {sum(r['units'] for r in records):,} units in {len(records):,} "
                                      f"{by} group(s), minimum {total:,}"])
    deliver_report(report, fmt, output, app, runs, source)


def deliver_fund_rollup(allocation, by, chart, fmt, output, app, runs, source) -> None:
    """Fund floors (and, with a pool, shares and amounts) totalled per group of unit codes."""
    from jiuzhu.cli.output import Report, deliver_report
    from jiuzhu.core.analysis.rollup import fund_totals, group_units

    groups = group_units(allocation.units, by)
    records = fund_totals(allocation, groups)
    key = "amount" if records and records[0]["amount"] is not None else "floor"
    drawn = lambda: bar_chart({r["group"]: r[key] for r in records}, group_labels(groups),  # noqa: E731
                              f"{'Amount' if key == 'amount' else 'Fund floors'} per {by} (yuan) / 资金合计(元)",
                              "yuan_axis")
    if chart is not None:
        write_chart(chart, drawn())

    def columns():
        out = group_columns(records)
        out.update({k: [r[k] for r in records] for k in ("units_with_floor", "floor", "share", "amount")})
        return out

    report = Report(command="allocate", columns=columns, kinds=ROLLUP_KINDS, records=lambda: records,
                    table=("group", "name", "units", "units_with_floor", "floor", "share", "amount"),
                    headers=by_headers(by), chart=drawn)
    deliver_report(report, fmt, output, app, runs, source)
