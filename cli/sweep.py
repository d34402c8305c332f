"""``jiuzhu sweep``: staffing totals as declared parameters move over a range."""

from __future__ import annotations

from pathlib import Path

import click
from jiuzhu.cli.context import pass_app
from jiuzhu.cli.output import deliver, note, output_options, render_table, rows_as, to_json
from jiuzhu.cli.rules import _role, current_encoding, jurisdiction_option, read_input

SHOWN_CHANGES = 3


@click.command()
@click.argument("args", nargs=-1, required=True, metavar="PARAM=START:STOP:STEP [PARAM2=…] [UNITS_FILE]")
@click.option("--chart", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write a line chart of the totals (.svg, or .html drawn with the bundled ECharts).")
@jurisdiction_option
@output_options
@pass_app
def sweep(app, args, chart, code, profile_name, fmt, output):
    """Staffing totals at each value of one or two declared parameters.

    PARAM is a parameter name (`jiuzhu show CODE` lists them; CODE.name to be exact) and
    START:STOP:STEP its values (STOP included), or A,B,C for a list (ceil,floor).
    With two parameters every pair is evaluated. Values outside a parameter's declared
    range are refused before anything runs. Each point gives totals per role and unit
    level and the units whose answer (any role's minimum or maximum) differs from the
    previous point's.

    \b
    Example:
      jiuzhu sweep township_dibao_per_staff_minimum=800:1500:100 -j 530000 units.csv --chart sweep.svg
    """
    from jiuzhu.core.evaluate import Evaluation
    from jiuzhu.core.readers import read_units
    from jiuzhu.core.sweep import Axis, check_axes, parse_axis
    from jiuzhu.core.sweep import sweep as run_sweep

    if chart is not None and chart.suffix.lower() not in (".svg", ".html", ".htm"):
        raise click.UsageError("--chart must end in .svg or .html")
    specs = [a for a in args if "=" in a]
    files = [a for a in args if "=" not in a]
    if not specs:
        raise click.UsageError("name at least one parameter to sweep: PARAM=START:STOP:STEP")
    if len(specs) > 2:
        raise click.UsageError("sweep one or two parameters at a time")
    if len(files) > 1:
        raise click.UsageError(f"one units file, not {len(files)}: {', '.join(files)}")
    profile, chain = app.chain_for(code, profile_name)
    axes = [parse_axis(s) for s in specs]
    qualified = check_axes(axes, chain.jurisdictions)
    axes = [Axis(q, a.values) for q, a in zip(qualified, axes)]
    units, source = read_input(files[0] if files else None, "units.csv", read_units,
                               encoding=current_encoding())
    evaluation = Evaluation(app.registry)  # a level whose parameters a point leaves alone is asked once
    points = run_sweep(units, axes, lambda overrides: app.chain(profile.jurisdiction,
                                                                {**profile.overrides, **overrides}),
                       evaluation.staffing)
    note(f"swept {', '.join(qualified)} over {len(points)} point(s), {len(units):,} units each")
    codes = units["code"]
    records = [{"point": p.values, "total": p.total, "roles": p.roles, "levels": p.levels,
                "changed": int(len(p.changed)), "changed_units": [str(codes[i]) for i in p.changed]}
               for p in points]
    if chart is not None:
        _chart(chart, points, qualified, len(units))
    runs = [(profile, chain)]
    if fmt == "json":
        deliver(to_json(records), output, app, runs, source)
        return
    roles = list(points[0].roles) if points else []
    levels = list(points[0].levels) if points else []
    if fmt == "csv":
        headers = qualified + ["total"] + [f"level.{lv}" for lv in levels] + [f"role.{r}" for r in roles] + ["changed"]
        rows = [[p.values[q] for q in qualified] + [p.total] + [p.levels.get(lv, 0) for lv in levels]
                + [p.roles.get(r, 0) for r in roles] + [len(p.changed)] for p in points]
        deliver(rows_as("csv", rows, headers), output, app, runs, source)
        return
    rows = []
    for p, r in zip(points, records):
        shown = ", ".join(r["changed_units"][:SHOWN_CHANGES])
        more = r["changed"] - SHOWN_CHANGES
        rows.append([f"{p.values[q]:g}" if isinstance(p.values[q], (int, float)) else str(p.values[q])
                     for q in qualified] + [f"{p.total:,}"] + [f"{p.roles.get(role, 0):,}" for role in roles]
                    + [f"{r['changed']:,}" if r["changed"] else "", shown + (f" (+{more:,})" if more > 0 else "")])
    headers = qualified + ["total 合计"] + [_role(role) for role in roles] + ["changed 变化单位数", "e.g. 例"]
    deliver(render_table(rows, headers), output, app, runs, source)


def _chart(path, points, qualified, n_units) -> None:
    from jiuzhu.cli.linechart import write_line_chart

    title = f"Total minimum staff, {n_units:,} units / 最低配备人数合计"
    x_name = qualified[0]
    if len(qualified) == 1:
        x = [p.values[x_name] for p in points]
        series = {"total 合计": [p.total for p in points]}
        for role in points[0].roles:
            series[role] = [p.roles[role] for p in points]
    else:
        # One line per value of the second parameter, over the first.
        x = list(dict.fromkeys(p.values[x_name] for p in points))
        series = {}
        for p in points:
            series.setdefault(f"{qualified[1]}={p.values[qualified[1]]}", []).append(p.total)
    if not all(isinstance(v, (int, float)) for v in x):
        x_labels = x
        x = list(range(len(x)))
        note(f"chart: {x_name} is not numeric; its values {', '.join(map(str, x_labels))} are drawn at 0, 1, …")
    write_line_chart(path, x, series, title, x_name)
    note(f"wrote chart {path}")
