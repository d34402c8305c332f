"""``jiuzhu compare``: the same units through several jurisdictions, side by side."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from jiuzhu.cli.context import as_of_options, pass_app
from jiuzhu.cli.labels import column_label
from jiuzhu.cli.output import (FORMATS, TABLE_ROWS, Report, current_lang, deliver_provenance, deliver_report,
                               in_command_context, note, output_options, refuse_same_as_input, write_output)
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
    from jiuzhu.core.io.readers import read_units

    return read_input(units_file, "units.csv", read_units, encoding=encoding, sheet=sheet)


def _first_batches(units_file, encoding, sheet, enough: int):
    """``(units, batches, Source)``: the file's first batch (joined with the next ones until
    more than ``enough`` units are read), and the batch iterator for the rest (None when
    that was the whole file: a national file is one batch)."""
    from jiuzhu.cli.rules import Source, noted
    from jiuzhu.core.io.batches import joined
    from jiuzhu.core.io.readers import read_units_batches

    batches = read_units_batches(units_file, encoding=encoding, sheet=sheet)
    source = Source(units_file, str(units_file), stream=batches)
    rest = noted(units_file, batches)  # the batches after the first ones too
    head = []
    for table in rest:
        head.append(table)
        if sum(len(t) for t in head) > enough and len(table) == batches.rows:
            break  # a full batch: there may be more
    else:
        rest = None
    return joined(head), (batches, rest), source


def _write_wide(comparisons, chosen: dict[str, str] | None, missing, output, fmt) -> tuple[dict[str, int], int]:
    """The wide layout of each comparison (a batch of units, or the whole file) into one
    file in ``fmt`` (csv or parquet), atomically; ``(total minimum staff per jurisdiction,
    units written)``."""
    from jiuzhu.core.io.columnar import columns_writer

    if output is None and fmt == "parquet":
        raise click.UsageError("--format parquet writes a file: add --output FILE.parquet")

    def write(tmp: Path) -> tuple[dict[str, int], int]:
        with open(tmp, "wb") as handle, \
                columns_writer(handle, fmt == "parquet", missing, bom=output is not None) as put:
            return _write_wide_file(comparisons, chosen, put)

    if output is None:
        import tempfile

        from jiuzhu.cli.writers import file_to_stdout

        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder) / "wide.csv"
            out = write(tmp)
            file_to_stdout(tmp)
        return out
    return write_output(output, write)


def _write_wide_file(comparisons, chosen, write) -> tuple[dict[str, int], int]:
    """Each comparison's wide columns (``chosen`` of them, renamed) to ``write``, batch by
    batch; ``(total minimum staff per jurisdiction, units written)``."""
    totals: dict[str, int] = {}
    count = 0
    names = None
    for comparison in comparisons:
        wide = comparison.wide_columns()
        if names is None:
            for source in (chosen or {}).values():
                if source not in wide:
                    raise click.BadParameter(f"no column {source!r}; the wide layout has: {', '.join(wide)}",
                                             param_hint="--columns")
            names = list(wide)
        elif list(wide) != names:
            raise click.ClickException(f"the wide layout's columns changed between batches of the file "
                                       f"({', '.join(sorted(set(wide) ^ set(names)))}): a plugin answers "
                                       "differently for some units; nothing was written")
        units = comparison.units
        # The reader's own arrays where it kept them (the codes' text is then never made).
        columns = {name: units.arrow[name] if name in units.arrow else units[name] for name in ("code", "level")}
        columns.update({name: wide[src] for name, src in chosen.items()} if chosen is not None else wide)
        write(columns)
        for code, total in comparison.totals().items():
            totals[code] = totals.get(code, 0) + total
        count += len(units)
        del comparison, wide, units, columns  # before the next batch is read
    return totals, count


def _deliver_rollup(app, comparison, by, labels, fmt, output, runs, source) -> None:
    """Each jurisdiction's total minimum staff per group of unit codes, side by side."""
    from jiuzhu.cli.rollup import ROLLUP_KINDS, by_headers, group_columns
    from jiuzhu.core.analysis.rollup import comparison_totals, group_units

    records = comparison_totals(comparison.unit_minimums(), group_units(comparison.units, by))
    profiles = list(labels)
    uncovered = {p: sum(r["not_covered"][p] for r in records) for p in profiles}
    for p, n in uncovered.items():
        if n:
            note(f"note: {labels[p]}: {n:,} unit(s) no rule covers; counted in not_covered, not in the totals")

    def columns():
        out = group_columns(records)
        for p in profiles:
            out[f"{p}.minimum"] = [r["minimum"][p] for r in records]
            out[f"{p}.not_covered"] = [r["not_covered"][p] for r in records]
        return out

    lang = current_lang()
    keys = [f"{p}.{m}" for p in profiles for m in ("minimum", "not_covered")]
    report = Report(command="compare", columns=columns, kinds={**ROLLUP_KINDS, **{k: "int" for k in keys}},
                    records=lambda: records, table=("group", "name", "units", *keys),
                    headers={**by_headers(by), **{f"{p}.{m}": f"{p} {column_label(m, lang)}" for p in profiles
                                                  for m in ("minimum", "not_covered")}})
    deliver_report(report, fmt, output, app, runs, source)


def _run_for(app, spec: str):
    """``(label, profile, chain)`` for CODE, a saved profile's name, or CODE+PROFILE (that
    profile's overrides on CODE's plain rules)."""
    from jiuzhu.core.profiles import PLAIN, Profile

    spec = spec.strip()
    code, plus, name = spec.partition("+")
    if plus:
        app.registry.tree[code.strip()]
        profile = Profile(name.strip(), code.strip(), app.store().get(name.strip()).overrides)
    elif spec in app.registry.tree:
        profile = Profile(PLAIN, spec)
    else:
        store = app.store()
        if spec not in store.profiles:
            known = ", ".join(sorted(store.profiles)) or "none saved"
            raise click.BadParameter(f"{spec!r} is neither a jurisdiction code ({', '.join(app.registry.tree.codes())})"
                                     f" nor a saved profile ({known})", param_hint="--baseline/--variant")
        profile = store.get(spec)
    return spec, profile, app.chain(profile.jurisdiction, profile.overrides)


def _baseline_compare(app, units, source, baseline, profile_names, variant_specs, codes, chart, by, fmt, output):
    """Every variant against the baseline: per unit and role, totals, the units most affected."""
    from jiuzhu.cli.rollup import bar_chart, check_chart, write_chart
    from jiuzhu.cli.rules import _role
    from jiuzhu.core.analysis.compare import BaselineComparison
    from jiuzhu.core.evaluate import Evaluation

    check_chart(chart)
    base = _run_for(app, baseline)
    specs = [f"{base[1].jurisdiction}+{name}" for name in profile_names] + list(variant_specs) + list(codes or [])
    for name in profile_names:
        saved = app.store().get(name)
        if saved.jurisdiction != base[1].jurisdiction:
            note(f"note: profile {name} is saved for {saved.jurisdiction}; its overrides are applied to the "
                 f"baseline's {base[1].jurisdiction}, so only they differ (--variant {name} compares it as saved)")
    if not specs:
        specs = [code for code in app.registry.tree.codes() if code != base[1].jurisdiction or base[1].overrides]
    runs = [base] + [_run_for(app, spec) for spec in dict.fromkeys(specs) if spec != base[0]]
    evaluation = Evaluation(app.registry)  # a level the variants leave alone is asked once
    results = [(label, evaluation.staffing(units, chain)) for label, _, chain in runs]
    comparison = BaselineComparison.of(units, results[0], results[1:])
    note(f"baseline {base[0]} ({base[1].describe()}); variants: {', '.join(label for label, _, _ in runs[1:])}")
    provenance_runs = [(profile, chain) for _, profile, chain in runs]
    totals = comparison.totals()
    per_run = {base[0]: next(iter(totals.values()))["baseline"] if totals else 0}
    per_run.update({label: t["variant"] for label, t in totals.items()})
    drawn = lambda: bar_chart(per_run, {}, f"Total minimum staff, {len(units):,} units, against {base[0]} / "  # noqa: E731
                                           "最低配备人数合计")
    if chart is not None:
        write_chart(chart, drawn())
    if by is not None:
        _baseline_rollup(app, comparison, by, fmt, output, provenance_runs, source)
        return

    def after(_table) -> list[str]:
        lines = [] if any(t["units_changed"] for t in totals.values()) else \
            ["no unit or role differs from the baseline 与基准无差异"]
        lines += ["", f"totals 合计 (total minimum staff; baseline {base[0]}):"]
        for label, t in totals.items():
            lines.append(f"  {label}: {t['variant']:,} against {t['baseline']:,} ({t['difference']:+,}); "
                         f"{t['units_changed']:,} unit(s) changed")
        for label, top in comparison.most_affected(5).items():
            if top:
                lines.append(f"  most affected under {label} 影响最大: "
                             + ", ".join(f"{u['code']} ({u['difference']:+d})" for u in top))
        return lines

    # People read the rows that differ; files hold every unit and role.
    report = Report(command="compare", columns=lambda: comparison.columns(changed_only=fmt == "table"),
                    kinds=BASELINE_KINDS, records=comparison.records,
                    table=("code", "name", ("role", lambda r: _role(r["role"])), "variant",
                           ("baseline", lambda r: _bounds(r["baseline_minimum"], r["baseline_maximum"])),
                           ("variant_minimum", lambda r: _bounds(r["variant_minimum"], r["variant_maximum"])),
                           ("difference", lambda r: f"{r['difference']:+d}" if r["difference"] else "0"),
                           ("variant_clause", lambda r: r["variant_clause"] or "—")),
                    after=after, chart=drawn)
    deliver_report(report, fmt, output, app, provenance_runs, source)


BASELINE_KINDS = {"code": "code", "name": "text", "level": "text", "role": "text", "baseline": "text",
                  "variant": "text", "baseline_minimum": "int", "variant_minimum": "int", "difference": "int",
                  "baseline_maximum": "int", "variant_maximum": "int", "changed": "bool", "baseline_clause": "text",
                  "variant_clause": "text"}


def _bounds(lo, hi) -> str:
    if lo is None:
        return "—"
    return f"{lo}" if hi == lo else f"{lo}–{hi}" if hi is not None else f"{lo}+"


def _baseline_rollup(app, comparison, by, fmt, output, runs, source) -> None:
    """Baseline and variants totalled per group of unit codes, with the differences."""
    from jiuzhu.cli.rollup import ROLLUP_KINDS, by_headers, group_columns
    from jiuzhu.core.analysis.rollup import comparison_totals, group_units

    records = comparison_totals(comparison.unit_totals(), group_units(comparison.units, by))
    base = comparison.baseline_label
    variants = [v.label for v in comparison.variants]
    for r in records:
        r["baseline"] = base
        r["difference"] = {v: r["minimum"][v] - r["minimum"][base] for v in variants}

    def columns():
        out = group_columns(records)
        out[f"{base}.minimum"] = [r["minimum"][base] for r in records]
        for v in variants:
            out[f"{v}.minimum"] = [r["minimum"][v] for r in records]
            out[f"{v}.difference"] = [r["difference"][v] for r in records]
        return out

    lang = current_lang()
    keys = [f"{base}.minimum"] + [f"{v}.{m}" for v in variants for m in ("minimum", "difference")]
    headers = {**by_headers(by), f"{base}.minimum": f"{column_label('baseline', lang)} {base}",
               **{f"{v}.{m}": f"{v} {column_label(m, lang)}" for v in variants for m in ("minimum", "difference")}}
    report = Report(command="compare", columns=columns, kinds={**ROLLUP_KINDS, **{k: "int" for k in keys}},
                    records=lambda: records, table=("group", "name", "units", *keys), headers=headers)
    deliver_report(report, fmt, output, app, runs, source)


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
@click.option("--baseline", default=None, metavar="CODE|PROFILE|CODE+PROFILE",
              help="Set every variant against this: a jurisdiction's plain rules, a saved profile, or a profile's "
                   "overrides on a jurisdiction's plain rules.")
@click.option("--profile", "-p", "profile_names", multiple=True, metavar="NAME",
              help="With --baseline: a variant with this saved profile's overrides on the baseline's jurisdiction, "
                   "so only the overrides differ (repeatable).")
@click.option("--variant", "variant_specs", multiple=True, metavar="CODE|PROFILE|CODE+PROFILE",
              help="With --baseline: a variant as written (repeatable). Default: -J's jurisdictions.")
@by_option
@output_options(formats=FORMATS)
@pass_app
@click.pass_context
def compare(ctx, app, units_file, codes, chart, layout, column_spec, missing, baseline, profile_names, variant_specs,
            by, fmt, output):
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

    With --baseline: per unit and role, the baseline's and each variant's minimum and
    maximum and the difference (the table lists the rows that differ; JSON and CSV all),
    then totals and the units most affected.

    \b
    Example:
      jiuzhu compare units.csv --jurisdictions 530323,220000 --chart totals.html
      jiuzhu compare units.csv --baseline 530323 --profile trial
      jiuzhu compare units.csv --baseline 530000 --variant 530000+trial --variant 220000 --by county
    """

    from jiuzhu.cli.rules import current_encoding, current_sheet

    # The wide CSV/Parquet layout answers each unit on its own: read and written in batches,
    # so memory is bounded by the batch. --chart, --by and --baseline need the whole file.
    streamed = (units_file is not None and fmt in ("csv", "parquet") and layout != "long" and by is None
                and chart is None and baseline is None)
    batches = None
    # Read the units on a second thread from the start, while this one imports what the
    # comparison needs and loads the plugins: the columnar reader works outside the GIL,
    # imports and plugin loading inside it, and the machine has two cores.
    from jiuzhu.core.background import in_background

    if streamed:
        enough = WIDE_FROM if layout == "auto" and column_spec is None else 0
        reading = in_background(in_command_context(_first_batches), units_file, current_encoding(), current_sheet(),
                                enough)
    else:
        reading = in_background(in_command_context(_read_units), units_file, current_encoding(), current_sheet())
    from jiuzhu.core.analysis.compare import compare as run_compare
    from jiuzhu.core.evaluate import Evaluation
    from jiuzhu.core.io.atomic import write_text_atomically
    from jiuzhu.core.model.errors import PluginError
    from jiuzhu.core.profiles import PLAIN, Profile

    registry = app.registry
    if streamed:
        from jiuzhu.core.io.batches import read_ahead

        units, (batches, rest), source = reading()
        if rest is not None:
            rest = read_ahead(rest, wrap=in_command_context)  # the second batch read while the first is answered
    else:
        units, source = reading()
        rest = None
    if baseline is not None:
        from click.core import ParameterSource

        explicit = ctx.get_parameter_source("codes") is not ParameterSource.DEFAULT
        _baseline_compare(app, units, source, baseline, profile_names, variant_specs,
                          [c.strip() for c in codes.split(",") if c.strip()] if explicit else None,
                          chart, by, fmt, output)
        return
    if profile_names or variant_specs:
        raise click.UsageError("--profile and --variant set variants against a --baseline: add --baseline")
    wanted = registry.tree.codes() if codes.strip() == "all" else [c.strip() for c in codes.split(",") if c.strip()]
    if not wanted:
        raise click.UsageError("--jurisdictions needs 'all' or at least one code")
    if codes.strip() == "all":
        left_out = [f"{f.name} ({f.distribution}): {f.reason}" for f in registry.failures]
        left_out += [f"{b.name} ({b.distribution}): blocked" for b in registry.blocked]
        if left_out:
            note("left out of 'all' 未纳入比较: " + "; ".join(left_out))
    wide = by is None and _wide_layout(layout, column_spec, missing, fmt, len(units))
    refuse_same_as_input(output, source)
    refuse_same_as_input(chart, source)
    for code in wanted:
        registry.tree[code]  # an unknown code is refused before any work
    chosen = _column_spec(column_spec) if wide else None
    if chosen is not None:
        # Only the jurisdictions the chosen columns come from change the output.
        sources = {src.split(".", 1)[0] for src in chosen.values()}
        wanted = [code for code in wanted if code in sources] or wanted
    runs = [(Profile(PLAIN, code), app.chain(code)) for code in wanted]
    note(f"comparing {len(units):,} units under {', '.join(wanted)}" + (" (wide layout)" if wide else "")
         if rest is None else f"comparing units under {', '.join(wanted)} (wide layout), "
                              f"{batches.rows:,} at a time")
    for line in dict.fromkeys(line for _, c in runs for line in c.dormant_notes()):
        note(f"note: {line}")
    show_progress = sys.stderr.isatty()

    def progress(i, total, chain):
        if show_progress:
            click.echo(f"  [{i}/{total}] {chain.target.code} {chain.target.name_en}…", err=True)

    evaluation = Evaluation(registry)  # a level shared by several chains (Yunnan) is asked once
    answers = {}
    for i, (profile, chain) in enumerate(runs, start=1):
        progress(i, len(runs), chain)
        try:
            answers[chain.target.code] = (evaluation.staffing(units, chain),
                                          evaluation.allocate(units, chain).floor_column() if wide else None)
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
    summary = comparison.summary() if not wide else None
    labels = {code: f"{registry.tree[code].code} {registry.tree[code].name_zh} {registry.tree[code].name_en}"
              for code in wanted}
    lang = current_lang()
    drafts = {code for code in wanted if any(j.is_draft for j in registry.chain(code))}
    if chart is not None:
        if chart.suffix.lower() not in (".svg", ".html", ".htm"):
            raise click.UsageError("--chart must end in .svg or .html")
        from jiuzhu.cli.charts import chart_document, staffing_chart

        write_text_atomically(chart, chart_document(staffing_chart(comparison.results, lang), chart.suffix, lang))
        note(f"wrote chart {chart}")
    if by is not None:
        _deliver_rollup(app, comparison, by, labels, fmt, output, runs, source)
        return
    if wide:
        if rest is None:
            comparisons = [comparison]
        else:
            # The first batch's tables go with the first batch: nothing here keeps them.
            comparisons = _later_comparisons([comparison], rest, registry, runs)
            del comparison, answers, evaluation, units
        totals, count = _write_wide(comparisons, chosen, missing, output, fmt)
        if rest is not None:
            note(f"compared {count:,} units")
        deliver_provenance(output, app, runs, source)
        for code in wanted:
            note(f"  {labels[code]}: total minimum staff {totals[code]:,}")
        return
    if fmt in ("table", "html"):
        report = _ranges_report(comparison, wanted, summary, labels, drafts, lang)
    else:
        from jiuzhu.cli.columns import STAFFING_KINDS, comparison_columns, comparison_json

        report = Report(command="compare", columns=lambda: comparison_columns(comparison), kinds=STAFFING_KINDS,
                        records=comparison.records, json_text=lambda end: comparison_json(comparison, end), table=())
    deliver_report(report, fmt, output, app, runs, source)


def _later_comparisons(first: list, rest, registry, runs):
    """The comparison in ``first`` (taken out of the list, so only the consumer holds it),
    then each later batch of units (``rest``, read ahead) evaluated under the same chains. A fresh
    :class:`Evaluation` per batch, and nothing of a batch kept once it is handed on, so
    memory holds the batch being answered and the next one being read."""
    from jiuzhu.core.analysis.compare import compare as run_compare
    from jiuzhu.core.evaluate import Evaluation
    from jiuzhu.core.model.errors import PluginError

    yield first.pop()
    for units in rest:
        evaluation = Evaluation(registry)
        try:
            answers = {chain.target.code: (evaluation.staffing(units, chain), evaluation.allocate(units, chain)
                                           .floor_column()) for _, chain in runs}
        except PluginError as exc:
            raise click.ClickException(f"{exc} (rows {units.rows[0]}–{units.rows[-1]}; nothing was written)") from None
        comparison = run_compare(units, [c for _, c in runs], lambda u, c, a=answers: a[c.target.code][0], None,
                                 lambda u, c, a=answers: a[c.target.code][1])
        del evaluation, answers, units
        yield comparison
        del comparison


def _wide_layout(layout: str, column_spec: str | None, missing: str, fmt: str, n: int) -> bool:
    """Whether to write the wide layout; an option that cannot apply is refused, never ignored."""
    ctx = click.get_current_context()
    explicit = ctx.get_parameter_source("layout") not in (click.core.ParameterSource.DEFAULT, None)
    files = fmt in ("csv", "parquet")
    if explicit and not files:
        raise click.UsageError(f"--layout chooses the CSV or Parquet layout; --format {fmt} has none "
                               "(--layout 仅用于 CSV 或 Parquet)")
    if layout == "long" and column_spec is not None:
        raise click.UsageError("--columns picks columns of the wide layout: drop --layout long (--columns 仅用于宽表)")
    wide = layout == "wide" or (layout == "auto" and files and (column_spec is not None or n > WIDE_FROM))
    if column_spec is not None and not wide:
        raise click.UsageError("--columns picks columns of the wide layout, written as CSV or Parquet: add "
                               "--format csv (--columns 仅用于宽表 CSV/Parquet)")
    if missing and not wide:
        raise click.UsageError("--missing fills the wide layout's empty cells: add --layout wide --format csv")
    if wide and not files:
        raise click.UsageError("--layout wide writes CSV (or Parquet with --output FILE.parquet): add --format csv")
    return wide


def _ranges_report(comparison, wanted, summary, labels, drafts, lang) -> Report:
    """The table a person reads: per unit, each jurisdiction's total (min–max), drafts
    marked *, then the summary."""
    from jiuzhu.cli.charts import staffing_chart
    from jiuzhu.cli.labels import word

    units = comparison.units
    ranges = comparison.unit_ranges()
    names = units.get("name")
    mark = {code: f"{code}*" if code in drafts else code for code in wanted}

    head = min(len(units), TABLE_ROWS)  # the rows a person reads; the files hold every unit

    def columns():
        out = {"code": [str(c) for c in units["code"][:head]],
               "name": [str(v) for v in names[:head]] if names is not None else [""] * head,
               "level": [str(v) for v in units["level"][:head]]}
        for p in wanted:
            lo, hi = ranges[p]
            out[p] = [_range(int(a), int(b)) for a, b in zip(lo[:head], hi[:head])]
        return out

    def after(_table) -> list[str]:
        draft_label = f"（{word('draft', lang)}）"
        from jiuzhu.core.i18n import say, translate

        lines = ["", say("汇总（各岗位最低配备人数合计）：", "summary (total minimum staff over all roles):", lang)]
        for code in wanted:
            lines.append(f"  {labels[code] + (draft_label if code in drafts else ''):<24} {summary['totals'][code]}")
        for level, info in summary["by_level"].items():
            where = translate(level, lang)
            none = info["not_regulated"]
            zh_extra, en_extra = (f"；未作规定：{'、'.join(none)}", f"; not regulated: {', '.join(none)}") if none else ("", "")
            hi, lo = info["strictest"], info["most_lenient"]
            if info["totals"][hi] == info["totals"][lo]:
                lines.append("  " + say(f"{where}：作出规定的各地一致（{info['totals'][hi]}）{zh_extra}",
                                        f"{level}: all that regulate it agree ({info['totals'][hi]}){en_extra}", lang))
            else:
                lines.append("  " + say(f"{where}：最严 {mark[hi]}（{info['totals'][hi]}），最宽 {mark[lo]}（{info['totals'][lo]}）"
                                        f"{zh_extra}", f"{level}: strictest {mark[hi]} ({info['totals'][hi]}), most lenient "
                                        f"{mark[lo]} ({info['totals'][lo]}){en_extra}", lang))
        if summary["differ_most"]:
            lines.append("  " + say("差异最大：", "differ most:", lang))
            for d in summary["differ_most"]:
                lines.append("    " + say(f"{d['code']}（{translate(d['level'], lang)}）：相差 {d['spread']}，{mark[d['highest']]} 最高，"
                                          f"{mark[d['lowest']]} 最低",
                                          f"{d['code']} ({d['level']}): {d['spread']} apart, {mark[d['highest']]} highest, "
                                          f"{mark[d['lowest']]} lowest", lang))
        if drafts:
            lines.append(f"* {word('draft_no_force', lang)}: {', '.join(sorted(drafts))}")
        return lines

    return Report(command="compare", columns=columns, kinds={"code": "code"}, rows=len(units),
                  table=("code", "name", "level", *wanted), headers=mark, after=after,
                  chart=lambda: staffing_chart(comparison.results, lang))
