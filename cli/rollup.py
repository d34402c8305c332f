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
