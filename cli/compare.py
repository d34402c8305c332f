"""``jiuzhu compare``: the same units through several jurisdictions, side by side."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from jiuzhu.cli.context import as_of_options, pass_app
from jiuzhu.cli.output import (deliver, deliver_provenance, note, output_options, render_table, rows_as, to_csv,
                               to_json)
from jiuzhu.cli.rollup import by_option

WIDE_FROM = 50_000


def _column_spec(spec: str | None) -> dict[str, str] | None:
    """``{output name: wide column}`` from NAME=SOURCE pairs, or from @FILE (one per line)."""
    if spec is None:
        return None
    if spec.startswith("@"):
        try:
            text = Path(spec[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise click.BadParameter(f"cannot read {spec[1:]}: {exc.strerror or exc}", param_hint="--columns")
        items = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    else:
        items = [item.strip() for item in spec.split(",") if item.strip()]
    out = {}
    for item in items:
        name, sep, source = item.partition("=")
        out[name.strip()] = source.strip() if sep else name.strip()
    return out


def _read_units(units_file, encoding, sheet):
    """Import the reader (numpy, pyarrow) and read, on the reading thread."""
    from jiuzhu.cli.rules import read_input
    from jiuzhu.core.readers import read_units

    return read_input(units_file, "units.csv", read_units, encoding=encoding, sheet=sheet)


def _write_wide(comparison, chosen: dict[str, str] | None, missing, output) -> None:
    from jiuzhu.core.columnar import write_table

    wide = comparison.wide_columns()
    for source in (chosen or {}).values():
        if source not in wide:
            raise click.BadParameter(f"no column {source!r}; the wide layout has: {', '.join(wide)}",
                                     param_hint="--columns")
    units = comparison.units
    columns = {name: units[name] for name in ("code", "level")}
    columns.update({name: wide[src] for name, src in chosen.items()} if chosen is not None else wide)
    if output is None:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder) / "wide.csv"
            write_table(tmp, columns, missing)
            sys.stdout.buffer.write(tmp.read_bytes())
        return
    try:
        write_table(output, columns, missing)
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    note(f"wrote {output}")


def _deliver_rollup(app, comparison, by, labels, fmt, output, runs, source) -> None:
    """Each jurisdiction's total minimum staff per group of unit codes, side by side."""
    from jiuzhu.core.rollup import comparison_totals, group_units

    records = comparison_totals(comparison.unit_minimums(), group_units(comparison.units, by))
    profiles = list(labels)
    uncovered = {p: sum(r["not_covered"][p] for r in records) for p in profiles}
    for p, n in uncovered.items():
        if n:
            note(f"note: {labels[p]}: {n:,} unit(s) no rule covers; counted in not_covered, not in the totals")
    if fmt == "json":
        deliver(to_json(records), output, app, runs, source)
        return
    headers = ["group", "name", "units"] + [f"{p}.{m}" for p in profiles for m in ("minimum", "not_covered")]
    rows = [[r["group"], r["name"], r["units"]] + [v for p in profiles for v in (r["minimum"][p], r["not_covered"][p])]
            for r in records]
    if fmt == "csv":
        deliver(rows_as("csv", rows, headers), output, app, runs, source)
        return
    rows = [[r["group"], r["name"], f"{r['units']:,}"]
            + [f"{r['minimum'][p]:,}" + (f" ({r['not_covered'][p]:,} not covered)" if r["not_covered"][p] else "")
               for p in profiles] for r in records]
    deliver(render_table(rows, [f"{by} 区划", "name 名称", "units 单位数"] + profiles), output, app, runs, source)


def _range(lo: int, hi: int) -> str:
    """A unit's total as people read it; -1 is "no value"."""
    if lo < 0:
        return "—"
    return f"{lo}" if hi == lo else (f"{lo}–{hi}" if hi >= 0 else f"{lo}+")


@click.command()
@click.argument("units_file", required=False, type=click.Path(dir_okay=False))
@click.option("--jurisdictions", "-J", "codes", default="all", show_default=True, metavar="all|CODE,CODE…",
              help="Which jurisdictions to compare (plain rules of each chain).")
@click.option("--chart", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write a bar chart of the totals per jurisdiction (.svg or .html).")
@click.option("--layout", type=click.Choice(["auto", "long", "wide"]), default="auto", show_default=True,
              help="CSV layout: long (a row per unit, role and jurisdiction) or wide (a row per unit, a column "
                   f"per jurisdiction, role and bound). auto: wide above {WIDE_FROM:,} units.")
@click.option("--columns", "column_spec", default=None, metavar="NAME=SOURCE,…|@FILE",
              help="Wide layout: which columns to write, renamed (SOURCE like 530000.township_staff.min; "
                   "@FILE reads one NAME=SOURCE per line). code and level always come first.")
@as_of_options
@click.option("--missing", default="", metavar="TEXT",
              help="Wide layout: what to write where a rule gives no value (default: an empty cell).")
@by_option
@output_options
@pass_app
def compare(app, units_file, codes, chart, layout, column_spec, missing, by, fmt, output):
    """Run the same units through several jurisdictions' staffing rules, side by side.

    The table shows, per unit, each jurisdiction's total required staff over its roles
    (min–max; "+" where a role has no maximum; — where nothing is regulated), then a
    summary: totals per jurisdiction, the strictest and most lenient per unit level, and
    the units where they differ most.

    \b
    JSON: the staffing contract's records, each with `profile` (the jurisdiction whose
    plugin set was applied). CSV: the same, flattened (long layout), or one row per unit
    with a column per jurisdiction, role and bound plus fund floors (wide layout, for
    national files; `--output FILE.parquet` writes Parquet). Units may be CSV or Parquet.

    \b
    Example:
      jiuzhu compare units.csv --jurisdictions 530323,220000 --chart totals.html
    """
    from concurrent.futures import ThreadPoolExecutor

    from jiuzhu.cli.rules import STAFFING_CSV, current_encoding, current_sheet, staffing_csv_row
    from jiuzhu.core.atomic import write_text_atomically
    from jiuzhu.core.compare import chart_document, totals_chart_svg
    from jiuzhu.core.compare import compare as run_compare
    from jiuzhu.core.errors import PluginError
    from jiuzhu.core.evaluate import allocate, staffing
    from jiuzhu.core.memory import keep_freed_memory
    from jiuzhu.core.profiles import PLAIN, Profile

    keep_freed_memory()  # before the columns are allocated
    # Read the units on a second thread while the plugins load: the columnar reader works
    # outside the GIL, plugin loading inside it, and the machine has two cores.
    with ThreadPoolExecutor(max_workers=1) as pool:
        reading = pool.submit(_read_units, units_file, current_encoding(), current_sheet())
        registry = app.registry
        units, source = reading.result()
    wanted = registry.tree.codes() if codes.strip() == "all" else [c.strip() for c in codes.split(",") if c.strip()]
    if not wanted:
        raise click.UsageError("--jurisdictions needs 'all' or at least one code")
    if codes.strip() == "all":
        left_out = [f"{f.name} ({f.distribution}): {f.reason}" for f in registry.failures]
        left_out += [f"{b.name} ({b.distribution}): blocked" for b in registry.blocked]
        if left_out:
            note("left out of 'all' 未纳入比较: " + "; ".join(left_out))
    wide = by is None and (layout == "wide" or (layout == "auto" and fmt == "csv" and len(units) > WIDE_FROM))
    if wide and fmt != "csv":
        raise click.UsageError("--layout wide writes CSV (or Parquet with --output FILE.parquet): add --format csv")
    for code in wanted:
        registry.tree[code]  # an unknown code is refused before any work
    chosen = _column_spec(column_spec) if wide else None
    if chosen is not None:
        # Only the jurisdictions the chosen columns come from change the output.
        sources = {src.split(".", 1)[0] for src in chosen.values()}
        wanted = [code for code in wanted if code in sources] or wanted
    runs = [(Profile(PLAIN, code), app.chain(code)) for code in wanted]
    note(f"comparing {len(units):,} units under {', '.join(wanted)}" + (" (wide layout)" if wide else ""))
    for line in dict.fromkeys(line for _, c in runs for line in c.dormant_notes()):
        note(f"note: {line}")
    show_progress = sys.stderr.isatty()

    def progress(i, total, chain):
        if show_progress:
            click.echo(f"  [{i}/{total}] {chain.target.code} {chain.target.name_en}…", err=True)

    cache: dict = {}  # a level shared by several chains (Yunnan) is evaluated once
    answers = {}
    for i, (profile, chain) in enumerate(runs, start=1):
        progress(i, len(runs), chain)
        try:
            answers[chain.target.code] = (
                staffing(units, chain, registry=registry, cache=cache),
                allocate(units, chain, registry=registry, cache=cache).floor_column() if wide else None)
        except PluginError as exc:
            if app.strict_plugins:
                raise
            note(f"warning: {chain.target.code} left out of the comparison 未纳入比较: {exc}")
    if not answers:
        raise click.ClickException("no jurisdiction could be compared: every one asked for failed (see above)")
    runs = [(profile, chain) for profile, chain in runs if chain.target.code in answers]
    wanted = [code for code in wanted if code in answers]
    comparison = run_compare(units, [c for _, c in runs], lambda u, c: answers[c.target.code][0], None,
                             lambda u, c: answers[c.target.code][1])
    summary = comparison.summary() if not wide else {"totals": comparison.totals()}
    labels = {code: f"{registry.tree[code].code} {registry.tree[code].name_zh} {registry.tree[code].name_en}"
              for code in wanted}
    if chart is not None:
        if chart.suffix.lower() not in (".svg", ".html", ".htm"):
            raise click.UsageError("--chart must end in .svg or .html")
        title = f"Total minimum staff, {len(units)} units / 最低配备人数合计"
        svg = totals_chart_svg(summary["totals"], labels, title)
        write_text_atomically(chart, chart_document(chart.suffix.lower(), svg, title))
        note(f"wrote chart {chart}")
    if by is not None:
        _deliver_rollup(app, comparison, by, labels, fmt, output, runs, source)
        return
    if wide:
        _write_wide(comparison, chosen, missing, output)
        deliver_provenance(output, app, runs, source)
        for code in wanted:
            note(f"  {labels[code]}: total minimum staff {summary['totals'][code]:,}")
        return
    if fmt == "json":
        deliver(to_json(comparison.records()), output, app, runs, source)
        return
    if fmt == "csv":
        rows = [staffing_csv_row(r) + [r["profile"]] for r in comparison.records()]
        deliver(to_csv(rows, STAFFING_CSV + ["profile"]), output, app, runs, source)
        return
    ranges = comparison.unit_ranges()
    names = units.get("name")
    rows = []
    for i, (code, level) in enumerate(zip(units["code"], units["level"])):
        rows.append([str(code), str(names[i]) if names is not None else "", str(level)]
                    + [_range(int(ranges[p][0][i]), int(ranges[p][1][i])) for p in wanted])
    text = render_table(rows, ["code 代码", "name 名称", "level 层级"] + wanted)
    lines = ["", "summary 汇总 (total minimum staff over all roles):"]
    for code in wanted:
        lines.append(f"  {labels[code]:<24} {summary['totals'][code]}")
    for level, info in summary["by_level"].items():
        extra = f"; not regulated: {', '.join(info['not_regulated'])}" if info["not_regulated"] else ""
        hi, lo = info["strictest"], info["most_lenient"]
        if info["totals"][hi] == info["totals"][lo]:
            lines.append(f"  {level}: all that regulate it agree ({info['totals'][hi]}){extra}")
        else:
            lines.append(f"  {level}: strictest {hi} ({info['totals'][hi]}), most lenient {lo} "
                         f"({info['totals'][lo]}){extra}")
    if summary["differ_most"]:
        lines.append("  differ most 差异最大:")
        for d in summary["differ_most"]:
            lines.append(f"    {d['code']} ({d['level']}): {d['spread']} apart, {d['highest']} highest, "
                         f"{d['lowest']} lowest")
    deliver(text + "\n".join(lines) + "\n", output, app, runs, source)
