"""``jiuzhu gap``: the staff each unit has beside what its chain requires, and what closing
the shortfalls would cost at the user's monthly cost per person."""

from __future__ import annotations

import click
from jiuzhu.cli.context import pass_app
from jiuzhu.cli.output import FORMATS, Report, deliver_report, note, output_options
from jiuzhu.cli.rollup import bar_chart, by_option, chart_option, check_chart, write_chart
from jiuzhu.cli.rules import _role, current_encoding, jurisdiction_option, read_input

COST_NOTE = ("costs are your input (monthly cost per person × 12), not the law's: "
             "the documents set staff numbers, not wages / 费用为用户输入的每人每月成本×12, 非文件规定")


def parse_costs(values: tuple[str, ...]) -> dict[str, float]:
    """``ROLE=YUAN`` pairs (repeated, or comma-separated) as {role: yuan a month}."""
    from jiuzhu.core.analysis.gap import ROLE_ALIASES
    from jiuzhu.core.io.readers import parse_number

    out = {}
    for item in (part.strip() for value in values for part in value.split(",")):
        if not item:
            continue
        role, sep, amount = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r}: write ROLE=YUAN, as in township_staff=4000", param_hint="--cost")
        try:
            out[ROLE_ALIASES.get(role.strip(), role.strip())] = parse_number(amount)
        except ValueError as exc:
            raise click.BadParameter(f"{item!r}: {exc}", param_hint="--cost") from None
    return out


def _yuan(v) -> str:
    return "—" if v is None else f"{v:,.0f}"


@click.command()
@click.argument("units_file", required=False, type=click.Path(dir_okay=False))
@click.option("--staff", "staff_file", type=click.Path(dir_okay=False), default=None,
              help="CSV/.xlsx of current staff: code,role,count (行政区划代码,岗位,人数), optionally monthly_cost "
                   "(月成本). Default with no UNITS_FILE: the bundled samples.")
@click.option("--cost", "cost_values", multiple=True, metavar="ROLE=YUAN",
              help="Monthly cost per person of a role (repeat, or comma-separate). The staff file's "
                   "monthly_cost cell, where filled, takes precedence; the profile's (`jiuzhu profile set "
                   "cost.ROLE YUAN`) applies to roles given neither way.")
@by_option
@chart_option
@jurisdiction_option
@output_options(formats=FORMATS)
@pass_app
def gap(app, units_file, staff_file, cost_values, by, chart, code, profile_name, fmt, output):
    """Shortfall or surplus of staff per unit and role: required minimum, permitted maximum,
    current staff, and the clause; with monthly costs, the yearly cost of closing each
    shortfall (your figure, not the law's).

    STAFF lists code, role and count; roles are those `jiuzhu staffing` names, by key or
    Chinese name (乡镇社会救助工作人员, 协理员…). A unit and role with no row has 0 staff.

    \b
    Example:
      jiuzhu gap units.csv --staff staff.csv -j 530323 --cost township_staff=4000
      jiuzhu gap units.csv --staff staff.csv -j 530000 --by county -o gaps.xlsx
    """
    from jiuzhu.core.evaluate import staffing
    from jiuzhu.core.analysis.gap import read_staff, staffing_gap
    from jiuzhu.core.lazy import np
    from jiuzhu.core.io.readers import read_units
    from jiuzhu.core.model.roles import ROLES

    check_chart(chart)
    if staff_file is None and units_file is not None:
        raise click.UsageError("give the current staff with --staff FILE (code,role,count)")
    costs = parse_costs(cost_values)
    profile, chain = app.chain_for(code, profile_name)
    units, source = read_input(units_file, "units.csv", read_units, encoding=current_encoding())
    result = staffing(units, chain, registry=app.registry)
    roles = tuple(o.role for o in result.roles)
    saved = {role: yuan for role, yuan in profile.costs.items() if role in roles and role not in costs}
    unknown = [r for r in costs if r not in roles]
    if unknown:
        raise click.BadParameter(f"the chain {' → '.join(chain.codes)} staffs no role {', '.join(unknown)}; "
                                 f"its roles: {', '.join(roles)}", param_hint="--cost")
    # Any role the vocabulary names is read (a staff list holds every post); one this chain
    # does not staff is said and left out, an unknown one refused.
    known = tuple(dict.fromkeys(roles + tuple(ROLES)))
    staff, _ = read_input(staff_file, "staff.csv", lambda p, **kw: read_staff(p, known, **kw),
                          encoding=current_encoding())
    result_gap = staffing_gap(result, staff, costs, saved, profile.name)
    _say_what_was_not_counted(result_gap)
    runs = [(profile, chain)]
    if by is not None:
        _deliver_rollup(app, result_gap, by, chart, fmt, output, runs, source)
        return
    costed = any((~np.isnan(g.monthly_cost)).any() for g in result_gap.roles)
    if costed:
        note(f"note: {COST_NOTE}")
    totals = result_gap.totals()
    drawn = lambda: bar_chart({role: t["shortfall"] for role, t in totals.items()},  # noqa: E731
                              {role: _role(role) for role in totals}, "Shortfall per role / 各岗位缺口人数")
    if chart is not None:
        write_chart(chart, drawn())
    report = Report(command="gap", columns=result_gap.columns, kinds=GAP_KINDS, records=result_gap.records,
                    table=("code", "name", ("role", lambda r: _role(r["role"])), "minimum", "maximum", "current",
                           "shortfall", "surplus", *(("yearly_cost",) if costed else ()),
                           ("clause", lambda r: f"{r['jurisdiction']} {r['clause']}")),
                    after=lambda _t: ["", *_totals_lines(totals, costed)], chart=drawn)
    deliver_report(report, fmt, output, app, runs, source)


GAP_KINDS = {"code": "code", "name": "text", "level": "text", "role": "text", "minimum": "int", "maximum": "int",
             "current": "int", "shortfall": "int", "surplus": "int", "status": "text", "jurisdiction": "code",
             "clause": "text", "monthly_cost": "amount", "yearly_cost": "amount", "cost_source": "text"}


def _totals_lines(totals: dict, costed: bool) -> list[str]:
    lines = ["totals 合计:"]
    for role, t in totals.items():
        cost = ""
        if costed and t["uncosted_shortfall"] == t["shortfall"] > 0:
            cost = ", no cost given"
        elif costed:
            cost = f", yearly cost {_yuan(t['yearly_cost'])} 元"
            if t["uncosted_shortfall"]:
                cost += f" (+{t['uncosted_shortfall']} short with no cost given)"
        lines.append(f"  {_role(role)}: required {t['minimum']}, current {t['current']}, "
                     f"short {t['shortfall']}, over maximum {t['surplus']}{cost}")
    if costed:
        lines.append(f"  {COST_NOTE}")
    return lines


def _say_what_was_not_counted(result_gap) -> None:
    """Staff rows the gap could not place are said, never dropped silently."""
    if result_gap.unmatched:
        shown = ", ".join(result_gap.unmatched[:5]) + (" …" if len(result_gap.unmatched) > 5 else "")
        note(f"note: {len(result_gap.unmatched)} code(s) of the staff file are not in the units file and were not "
             f"counted: {shown}")
    for code, role, count in result_gap.unplaced[:10]:
        note(f"note: {code} has {count} {role}, a role the chain does not require there: not counted")
    if len(result_gap.unplaced) > 10:
        note(f"note: … and {len(result_gap.unplaced) - 10} more staff rows of roles not required at their unit")


GAP_ROLLUP = ["minimum", "current", "shortfall", "surplus", "yearly_cost"]


def _deliver_rollup(app, result_gap, by, chart, fmt, output, runs, source) -> None:
    from jiuzhu.cli.rollup import ROLLUP_KINDS, by_headers, group_columns, group_labels
    from jiuzhu.core.lazy import np
    from jiuzhu.core.analysis.rollup import group_units

    groups = group_units(result_gap.units, by)
    covered_any = np.zeros(len(result_gap.units), dtype=bool)
    per_role = {}
    for g in result_gap.roles:
        covered_any |= g.covered
        cost = g.yearly_cost
        per_role[g.role] = {"units": groups.count(g.covered),
                            "minimum": groups.total(np.where(g.covered, g.minimum, -1)),
                            "current": groups.total(np.where(g.covered, g.current, -1)),
                            "shortfall": groups.total(g.shortfall), "surplus": groups.total(g.surplus),
                            "yearly_cost": groups.fsum(cost),
                            "uncosted_shortfall": groups.total(np.where(np.isnan(cost), g.shortfall, 0))}
    not_covered = groups.count(~covered_any)
    costed = any((~np.isnan(g.monthly_cost)).any() for g in result_gap.roles)
    if costed:
        note(f"note: {COST_NOTE}")
    records = []
    for k in range(len(groups)):
        roles = {role: {m: (float(v[k]) if m == "yearly_cost" else int(v[k])) for m, v in cols.items()}
                 for role, cols in per_role.items() if cols["units"][k]}
        rec = {"group": str(groups.keys[k]), "by": by, "name": groups.names[k], "units": int(groups.sizes[k]),
               "not_covered": int(not_covered[k])}
        for m in GAP_ROLLUP:
            rec[m] = sum(r[m] for r in roles.values())
        rec["uncosted_shortfall"] = sum(r["uncosted_shortfall"] for r in roles.values())
        rec["roles"] = roles
        records.append(rec)
    if not_covered.any():
        note(f"note: {int(not_covered.sum()):,} unit(s) no rule of the chain covers; counted in 'not_covered'")
    drawn = lambda: bar_chart({r["group"]: r["shortfall"] for r in records}, group_labels(groups),  # noqa: E731
                              f"Shortfall per {by} / 缺口人数")
    if chart is not None:
        write_chart(chart, drawn())
    keys = ["not_covered", *GAP_ROLLUP, "uncosted_shortfall"]

    def columns():
        out = group_columns(records)
        out.update({k: [r[k] for r in records] for k in keys})
        return out

    def after(_table) -> list[str]:
        total = {m: sum(r[m] for r in records) for m in ("units", "minimum", "current", "shortfall", "surplus")}
        line = (f"total 合计: {total['units']:,} units, required {total['minimum']:,}, current {total['current']:,}, "
                f"short {total['shortfall']:,}, over maximum {total['surplus']:,}")
        if not costed:
            return ["", line]
        uncosted = sum(r["uncosted_shortfall"] for r in records)
        line += f", yearly cost {sum(r['yearly_cost'] for r in records):,.0f} 元" + (
            f" (+{uncosted:,} short with no cost given)" if uncosted else "")
        return ["", line, f"  {COST_NOTE}"]

    shown = ("group", "name", "units", "not_covered", "minimum", "current", "shortfall", "surplus",
             *(("yearly_cost",) if costed else ()))
    report = Report(command="gap", columns=columns, kinds=ROLLUP_KINDS, records=lambda: records, table=shown,
                    headers=by_headers(by), after=after, chart=drawn)
    deliver_report(report, fmt, output, app, runs, source)
