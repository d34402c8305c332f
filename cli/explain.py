"""``jiuzhu diff`` (why two regions' rules differ) and ``jiuzhu explain`` (who answered what)."""

from __future__ import annotations

import click
from jiuzhu.cli.context import as_of_options, pass_app
from jiuzhu.cli.output import deliver, fit_text, output_options, parameter_value, render_table, to_json
from jiuzhu.cli.rules import jurisdiction_option, read_input, read_subject_records, subject_named


@click.command()
@click.argument("code_a")
@click.argument("code_b", required=False)
@click.option("--from", "day_from", metavar="DATE", default=None,
              help="With --to and one CODE: what changed in its chain between two days.")
@click.option("--to", "day_to", metavar="DATE", default=None, help="The later day (see --from).")
@as_of_options
@output_options
@pass_app
def diff(app, code_a, code_b, day_from, day_to, fmt, output):
    """Why CODE_A and CODE_B differ: not the outputs but the rules.

    Parameters that differ (both values and both clauses), parameters only one declares,
    the rule families each regulates, and which level of each chain answers them, as of
    --as-of (default today). With one CODE and --from D1 --to D2: what changed in that
    chain between the two days (levels coming into or out of force, values, clauses).

    \b
    Example:
      jiuzhu diff 220000 640100
      jiuzhu diff 530323 --from 2019-01-01 --to 2019-06-01
    """
    from jiuzhu.core.diff import diff as rules_diff

    if day_from or day_to or code_b is None:
        _diff_dates(app, code_a, code_b, day_from, day_to, fmt, output)
        return
    d = rules_diff(app.registry, code_a, code_b, app.as_of, app.in_force_only)
    if fmt in ("json", "csv"):
        deliver(to_json([d]), output)
        return
    lines = [f"{code_a} chain: {' → '.join(d['chain'][code_a])};  {code_b} chain: {' → '.join(d['chain'][code_b])}",
             "", "parameters that differ 参数差异:"]
    rows = [[p["name"], parameter_value(p[code_a]["value"], p[code_a]["unit"]),
             f"{p[code_a]['jurisdiction']} {p[code_a]['clause']}", parameter_value(p[code_b]["value"], p[code_b]["unit"]),
             f"{p[code_b]['jurisdiction']} {p[code_b]['clause']}"] for p in d["parameters_differ"]]
    text = fit_text("\n".join(lines)) + "\n"
    text += render_table(rows, ["name", f"{code_a} value", "clause", f"{code_b} value", "clause"]) if rows else "  none\n"
    for code in (code_a, code_b):
        only = d[f"only_in_{code}"]
        text += "\n" + fit_text(f"only {code} declares ({len(only)}):") + "\n"
        for p in only:
            text += fit_text(f"  {p['name']} = {parameter_value(p['value'], p['unit'])} "
                             f"({p['jurisdiction']} {p['clause'] or 'assumption'})") + "\n"
    text += "\nrule families 规则类别 (levels that answer):\n"
    fam_rows = [[f["family"], ", ".join(f[code_a]) or "not regulated", ", ".join(f[code_b]) or "not regulated"]
                for f in d["families"]]
    text += render_table(fam_rows, ["family", code_a, code_b])
    for code, why in d["not_in_force"].items():
        text += f"note: {code} is not in force on {d['as_of']}: {why}\n"
    deliver(text, output)


def _diff_dates(app, code, extra, day_from, day_to, fmt, output):
    """``diff CODE --from D1 --to D2``."""
    from jiuzhu.core.dates import parse_date
    from jiuzhu.core.diff import diff_dates
    from jiuzhu.core.errors import JiuzhuError

    if extra is not None or not (day_from and day_to):
        raise click.UsageError("give two codes to compare jurisdictions, or one code with --from DATE --to DATE")
    try:
        d1, d2 = parse_date(day_from, "--from"), parse_date(day_to, "--to")
    except JiuzhuError as exc:
        raise click.BadParameter(str(exc)) from None
    d = diff_dates(app.registry, code, d1, d2, app.in_force_only)
    if fmt in ("json", "csv"):
        deliver(to_json([d]), output)
        return
    lines = [f"{code}: what changed from {d['from']} to {d['to']} 规则变化"]
    for level in d["levels"]:
        lines.append(f"  {level['jurisdiction']}: {level['from']}\n      → {level['to']}")
    if not d["levels"]:
        lines.append("  the same documents answer on both days 两日适用文件相同")
    text = "\n".join(lines) + "\n\nparameters that changed 参数变化:\n"

    def side(v):
        return ("—", "not in force 未生效") if v is None else (str(v["value"]), f"{v['jurisdiction']} {v['clause']}")

    rows = [[p["name"], *side(p["from"]), *side(p["to"])] for p in d["parameters_changed"]]
    text += render_table(rows, ["name", f"{d['from']} value", "clause", f"{d['to']} value", "clause"]) \
        if rows else "  none 无\n"
    deliver(text, output)


@click.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--unit", "unit_code", default=None, metavar="CODE", help="The unit to explain (default: the first).")
@click.option("--subject", default=None, metavar="SUBJECT",
              help="Explain an eligibility check of this subject instead of staffing (`jiuzhu check` lists them).")
@click.option("--row", type=click.IntRange(min=1), default=1, show_default=True,
              help="With --subject: which record (1 = the first after the header).")
@jurisdiction_option
@output_options
@pass_app
def explain(app, file, unit_code, subject, row, code, profile_name, fmt, output):
    """Explain one answer: the chain consulted, which level answered each rule, the clause
    and quote, and the parameters read (overrides and assumptions marked).

    Staffing for a unit of a units file (--unit CODE), or, with --subject, the eligibility
    of one record (--row N). With no file, the bundled sample.

    \b
    Example:
      jiuzhu explain units.csv --unit 530323100 -j 530323
    """
    from jiuzhu.core.explain import explain_check, explain_staffing
    from jiuzhu.core.readers import read_units

    profile, chain = app.chain_for(code, profile_name)
    if subject is None:
        units, source = read_input(file, "units.csv", read_units)
        codes = [str(c) for c in units["code"]]
        if unit_code is not None and unit_code not in codes:
            raise click.ClickException(f"{source.label}: no unit with code {unit_code!r}")
        if not codes:
            raise click.ClickException(f"{source.label}: the file has no units")
        info = explain_staffing(units, codes.index(unit_code) if unit_code else 0, chain, app.registry)
    else:
        records, source = read_subject_records(subject_named(app, subject), file)
        if row > len(records):
            raise click.ClickException(f"{source.label}: there is no record {row} (it has {len(records)})")
        info = explain_check(subject, records, row - 1, chain, app.registry)
    if fmt in ("json", "csv"):
        deliver(to_json([info]), output, app, [(profile, chain)], source)
        return
    lines = [profile.describe(), "chain consulted 适用层级:"]
    for level, state in zip(info["chain"], info["levels"]):
        draft = " (DRAFT for comment)" if level["draft"] else ""
        if level["not_in_force"]:
            lines.append(f"  {level['code']} {level['name_zh']} {level['name_en']}: not in force on {level['as_of']} "
                         f"未生效, answers nothing: {level['not_in_force']}")
            continue
        lines.append(f"  {level['code']} {level['name_zh']} {level['name_en']}: {state['answer']}{draft}")
        lines.append(f"      version 版本 ({level['as_of']}): {level['version']}")
    if subject is None:
        u = info["unit"]
        lines.append(f"unit {u['code']} ({u['level']}, population {u['population']}, dibao {u['dibao_count']}):")
        for a in info["answers"]:
            if a["role"] is None:
                lines.append("  no rule of the chain covers this unit")
                continue
            hi = "no maximum" if a["maximum"] is None else f"at most {a['maximum']}"
            lines.append(f"  {a['role']}: at least {a['minimum']}, {hi}; binds: {a['jurisdiction']} "
                         f"{a['citation']['clause']} 「{a['citation']['quote']}」")
            for s in a["sources"]:
                lines.append(f"      from {s['jurisdiction']} {s['clause']}: min {s['minimum']}, max {s['maximum']}")
            if a["assumption"]:
                lines.append("      assumption: the number rests on an interpretation the text does not state")
            if a["conflict"]:
                lines.append(f"      CONFLICT: {a['conflict']}")
    else:
        lines.append(f"record {row} ({subject}): {info['outcome']}")
        for c in info["conditions"]:
            cites = ", ".join(f"{x['jurisdiction']} {x['clause']}" for x in c["citations"])
            lines.append(f"  [{c['status']}] {c['description']} ({cites})")
        for d in info["duties"]:
            lines.append(f"  duty: {d['description']} ({d['citation']['jurisdiction']} {d['citation']['clause']})")
    lines.append("parameters read 所用参数 (override = set by the profile; assumption = not in the text):")
    for p in info["parameters"]:
        flags = " ".join(f for f, on in (("override", p["override"]), ("assumption", p["assumption"]),
                                         ("interpretation", p["interpretation"])) if on)
        lines.append(f"  {p['jurisdiction']}.{p['name']} = {p['value']} {p['unit']} ({p['clause'] or '—'}) {flags}".rstrip())
    deliver(fit_text("\n".join(lines)) + "\n", output, app, [(profile, chain)], source)
