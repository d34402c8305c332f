"""``jiuzhu sweep``: staffing totals as declared parameters move over a range."""

from __future__ import annotations

from pathlib import Path

import click
from jiuzhu.cli.context import pass_app
from jiuzhu.cli.labels import level_label, pick, word
from jiuzhu.cli.output import FORMATS, Report, current_lang, deliver_report, note, output_options
from jiuzhu.cli.rollup import check_chart, write_chart
from jiuzhu.cli.rules import _role, current_encoding, jurisdiction_option, read_input

SHOWN_CHANGES = 3


@click.command()
@click.argument("args", nargs=-1, required=True, metavar="PARAM=START:STOP:STEP [PARAM2=…] [UNITS_FILE]")
@click.option("--chart", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write a line chart of the totals (.svg, or .html drawn with the bundled ECharts).")
@jurisdiction_option
@output_options(formats=FORMATS)
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
    from jiuzhu.core.io.readers import read_units
    from jiuzhu.core.analysis.sweep import Axis, check_axes, grid_chains, parse_axis
    from jiuzhu.core.analysis.sweep import sweep as run_sweep

    check_chart(chart)
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
    grid = grid_chains(axes, lambda overrides: app.chain(profile.jurisdiction, {**profile.overrides, **overrides}))
    units, source = read_input(files[0] if files else None, "units.csv", read_units,
                               encoding=current_encoding())
    evaluation = Evaluation(app.registry)  # a level whose parameters a point leaves alone is asked once
    points = run_sweep(units, grid, evaluation.staffing)
    note(f"swept {', '.join(qualified)} over {len(points)} point(s), {len(units):,} units each")
    codes = units["code"]
    records = [{"point": p.values, "total": p.total, "roles": p.roles, "levels": p.levels,
                "changed": int(len(p.changed)), "changed_units": [str(codes[i]) for i in p.changed]}
               for p in points]
    lang = current_lang()
    drawn = lambda: sweep_chart(points, qualified, len(units), lang)  # noqa: E731
    if chart is not None:
        write_chart(chart, drawn())
    runs = [(profile, chain)]
    roles = list(points[0].roles) if points else []
    levels = list(points[0].levels) if points else []

    def columns():
        out = {q: [p.values[q] for p in points] for q in qualified}
        out["total"] = [p.total for p in points]
        out.update({f"level.{lv}": [p.levels.get(lv, 0) for p in points] for lv in levels})
        out.update({f"role.{r}": [p.roles.get(r, 0) for p in points] for r in roles})
        out["changed_units"] = [len(p.changed) for p in points]
        out["examples"] = [" ".join(r["changed_units"][:SHOWN_CHANGES])
                           + (f" (+{r['changed'] - SHOWN_CHANGES:,})" if r["changed"] > SHOWN_CHANGES else "")
                           for r in records]
        return out

    kinds = {"total": "int", "changed_units": "int", **{f"level.{lv}": "int" for lv in levels},
             **{f"role.{r}": "int" for r in roles},
             **{q: "float" if any(isinstance(p.values[q], float) for p in points) else
                "int" if all(isinstance(p.values[q], int) for p in points) else "text" for q in qualified}}
    headers = {**{q: q for q in qualified}, **{f"level.{lv}": level_label(lv, lang) for lv in levels},
               **{f"role.{r}": _role(r) for r in roles}, "examples": pick(("例", "e.g."), lang)}
    report = Report(command="sweep", columns=columns, kinds=kinds, records=lambda: records,
                    table=(*qualified, "total", *(f"role.{r}" for r in roles), "changed_units", "examples"),
                    headers=headers, chart=drawn)
    deliver_report(report, fmt, output, app, runs, source)


def sweep_chart(points, qualified: list[str], n_units: int, lang: str):
    """Totals over the first parameter's values: one line for the total and one per role,
    or, with two parameters, one line per value of the second."""
    from jiuzhu.cli.charts import Chart, Series

    first = qualified[0]
    x = list(dict.fromkeys(p.values[first] for p in points))
    if len(qualified) == 1:
        series = [Series(pick(("合计", "total"), lang), tuple(p.total for p in points))]
        series += [Series(_role(role), tuple(p.roles[role] for p in points)) for role in points[0].roles]
    else:
        lines: dict[str, list] = {}
        for p in points:
            lines.setdefault(f"{qualified[1]}={p.values[qualified[1]]}", []).append(p.total)
        series = [Series(name, tuple(values)) for name, values in lines.items()]
    return Chart(f"{pick(('最低配备人数合计', 'Total minimum staff'), lang)}, {n_units:,} · {first}",
                 tuple(f"{v:g}" if isinstance(v, (int, float)) else str(v) for v in x), tuple(series),
                 word("staff_axis", lang), (), kind="line")
