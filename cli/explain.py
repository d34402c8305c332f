"""``jiuzhu diff`` (why two regions' rules differ) and ``jiuzhu explain`` (who answered what)."""

from __future__ import annotations

import click
from jiuzhu.cli.context import as_of_options, pass_app
from jiuzhu.cli.output import (deliver, display_value, fit_text, output_options, parameter_value, render_table,
                               to_json)
from jiuzhu.cli.rules import DEDUCTION_SUBJECTS, SAMPLES, jurisdiction_option, read_input
from jiuzhu.cli.subjects import read_subject_records, subject_named


def _unit_index(units, unit_code: str) -> int:
    """The position of the unit coded ``unit_code`` (-1: none); one array comparison, no list."""
    import numpy as np

    found = np.flatnonzero(units["code"] == unit_code)
    return int(found[0]) if len(found) else -1


@click.command()
@click.argument("code_a")
@click.argument("code_b", required=False)
@click.option("--from", "day_from", metavar="DATE", default=None,
              help="With --to and one CODE: what changed in its chain between two days.")
@click.option("--to", "day_to", metavar="DATE", default=None, help="The later day (see --from).")
@as_of_options
@output_options(formats=("table", "json"))
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
    from jiuzhu.core.rules.diff import diff as rules_diff

    if day_from or day_to or code_b is None:
        _diff_dates(app, code_a, code_b, day_from, day_to, fmt, output)
        return
    d = rules_diff(app.registry, code_a, code_b, app.as_of, app.in_force_only)
    if fmt == "json":
        deliver(to_json([d]), output)
        return
    lines = [f"{code_a} chain: {' → '.join(d['chain'][code_a])};  {code_b} chain: {' → '.join(d['chain'][code_b])}",
             "", "parameters that differ 参数差异:"]
    rows = [[p["name"], parameter_value(p[code_a]["value"], p[code_a]["unit"]),
             f"{p[code_a]['jurisdiction']} {p[code_a]['clause']}", parameter_value(p[code_b]["value"], p[code_b]["unit"]),
             f"{p[code_b]['jurisdiction']} {p[code_b]['clause']}"] for p in d["parameters_differ"]]
    from jiuzhu.core.i18n import translate_lines

    text = fit_text(translate_lines("\n".join(lines))) + "\n"
    text += render_table(rows, ["name 名称", f"{code_a} value 数值", "clause 条款", f"{code_b} value 数值", "clause 条款"]) if rows else "  none\n"
    for code in (code_a, code_b):
        only = d[f"only_in_{code}"]
        text += "\n" + fit_text(f"only {code} declares ({len(only)}):") + "\n"
        for p in only:
            text += fit_text(f"  {p['name']} = {parameter_value(p['value'], p['unit'])} "
                             f"({p['jurisdiction']} {p['clause'] or 'assumption'})") + "\n"
    text += "\n" + translate_lines("rule families 规则类别 (levels that answer):") + "\n"
    fam_rows = [[f["family"], ", ".join(f[code_a]) or "not regulated", ", ".join(f[code_b]) or "not regulated"]
                for f in d["families"]]
    text += render_table(fam_rows, ["family 规则类别", code_a, code_b])
    for code, why in d["not_in_force"].items():
        text += f"note: {code} is not in force on {d['as_of']}: {why}\n"
    deliver(text, output)


def _diff_dates(app, code, extra, day_from, day_to, fmt, output):
    """``diff CODE --from D1 --to D2``."""
    from jiuzhu.core.model.dates import parse_date
    from jiuzhu.core.rules.diff import diff_dates
    from jiuzhu.core.model.errors import JiuzhuError

    if extra is not None or not (day_from and day_to):
        raise click.UsageError("give two codes to compare jurisdictions, or one code with --from DATE --to DATE")
    try:
        d1, d2 = parse_date(day_from, "--from"), parse_date(day_to, "--to")
    except JiuzhuError as exc:
        raise click.BadParameter(str(exc)) from None
    d = diff_dates(app.registry, code, d1, d2, app.in_force_only)
    if fmt == "json":
        deliver(to_json([d]), output)
        return
    lines = [f"{code}: what changed from {d['from']} to {d['to']} 规则变化"]
    for level in d["levels"]:
        lines.append(f"  {level['jurisdiction']}: {level['from']}\n      → {level['to']}")
    if not d["levels"]:
        lines.append("  the same documents answer on both days 两日适用文件相同")
    from jiuzhu.core.i18n import translate_lines

    text = fit_text(translate_lines("\n".join(lines) + "\n\nparameters that changed 参数变化:")) + "\n"

    def side(v):
        return ("—", "not in force 未生效") if v is None else (display_value(v["value"]),
                                                            f"{v['jurisdiction']} {v['clause']}")

    rows = [[p["name"], *side(p["from"]), *side(p["to"])] for p in d["parameters_changed"]]
    text += render_table(rows, ["name 名称", f"{d['from']} value 数值", "clause 条款", f"{d['to']} value 数值", "clause 条款"]) \
        if rows else "  none 无\n"
    deliver(text, output)


FAMILIES = ("staffing", "check", "deduct", "allocate", "score")


@click.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--family", type=click.Choice(FAMILIES), default=None,
              help="Which rule family to explain (default: check with --subject, else staffing).")
@click.option("--unit", "unit_code", default=None, metavar="CODE",
              help="staffing, allocate: the unit to explain (default: the first).")
@click.option("--subject", default=None, metavar="SUBJECT",
              help="check: what the file lists (`jiuzhu check` lists the subjects); deduct: what is deducted "
                   f"from ({', '.join(DEDUCTION_SUBJECTS)}; default {DEDUCTION_SUBJECTS[0]}).")
@click.option("--row", type=click.IntRange(min=1), default=1, show_default=True,
              help="check, deduct, score: which record (1 = the first after the header).")
@click.option("--pool", type=click.FloatRange(min=0), default=None,
              help="allocate: yuan to share by the factor method.")
@jurisdiction_option
@output_options(formats=("table", "json"))
@pass_app
def explain(app, file, family, unit_code, subject, row, pool, code, profile_name, fmt, output):
    """Explain one answer: the chain consulted, which level answered each rule, the clause
    and quote, and the parameters read (overrides and assumptions marked).

    Any rule family: staffing or funds (--family allocate) for a unit of a units file
    (--unit CODE); eligibility (--subject), a deduction (--family deduct) or a pilot score
    (--family score) for one record (--row N). With no file, the bundled sample.

    \b
    Example:
      jiuzhu explain units.csv --unit 530323100 -j 530323
      jiuzhu explain --family deduct --row 2 -j 530000
    """
    from jiuzhu.core.combine import explain as why
    from jiuzhu.core.io.readers import read_records, read_units

    family = family or ("check" if subject is not None else "staffing")
    if family == "check" and subject is None:
        raise click.BadParameter("check needs a subject (`jiuzhu check` lists them)", param_hint="--subject")
    if family == "deduct":
        subject = subject or DEDUCTION_SUBJECTS[0]
        if subject not in DEDUCTION_SUBJECTS:
            raise click.BadParameter(f"deduct takes one of {', '.join(DEDUCTION_SUBJECTS)}", param_hint="--subject")
    profile, chain = app.chain_for(code, profile_name)
    if family in ("staffing", "allocate"):
        sample = "units.csv" if family == "staffing" or pool is None else "fund_factors.csv"
        # Staffing reads column-wise as compare does (the precise reader still names any bad cell).
        units, source = read_input(file, sample, read_units, keep_extra=family == "allocate")
        index = _unit_index(units, unit_code) if unit_code else 0
        if index < 0:
            raise click.ClickException(f"{source.label}: no unit with code {unit_code!r}")
        if not len(units):
            raise click.ClickException(f"{source.label}: the file has no units")
        info = why.explain_staffing(units, index, chain, app.registry) if family == "staffing" \
            else why.explain_allocate(units, index, chain, app.registry, pool)
    else:
        if family == "check":
            records, source = read_subject_records(subject_named(app, subject), file)
        else:
            records, source = read_input(file, SAMPLES.get("scores" if family == "score" else subject), read_records)
        if row > len(records):
            raise click.ClickException(f"{source.label}: there is no record {row} (it has {len(records)})")
        if family == "check":
            info = why.explain_check(subject, records, row - 1, chain, app.registry)
        elif family == "deduct":
            info = why.explain_deduct(subject, records, row - 1, chain, app.registry)
        else:
            info = why.explain_score(records, row - 1, chain, app.registry)
    if fmt == "json":
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
    lines += _answer_lines(family, info, row, subject)
    lines.append("parameters read 所用参数 (override = set by the profile; assumption = not in the text):")
    for p in info["parameters"]:
        flags = " ".join(f for f, on in (("override", p["override"]), ("assumption", p["assumption"]),
                                         ("interpretation", p["interpretation"])) if on)
        lines.append(f"  {p['jurisdiction']}.{p['name']} = {parameter_value(p['value'], p['unit'])} {p['unit']} "
                     f"({p['clause'] or '—'}) {flags}".rstrip())
    from jiuzhu.core.i18n import translate_lines

    deliver(fit_text(translate_lines("\n".join(lines))) + "\n", output, app, [(profile, chain)], source)


def _answer_lines(family: str, info: dict, row: int, subject: str | None) -> list[str]:
    """The answer part of ``explain``'s text, per rule family."""
    lines = []
    if family == "staffing":
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
    elif family == "check":
        lines.append(f"record {row} ({subject}): {info['outcome']}")
        for c in info["conditions"]:
            cites = ", ".join(f"{x['jurisdiction']} {x['clause']}" for x in c["citations"])
            lines.append(f"  [{c['status']}] {c['description']} ({cites})")
        for d in info["duties"]:
            lines.append(f"  duty: {d['description']} ({d['citation']['jurisdiction']} {d['citation']['clause']})")
    elif family == "deduct":
        a = info["answers"][0]
        if a["jurisdiction"] is None:
            lines.append(f"record {row} ({subject}): no level of the chain states a deduction")
        else:
            lines.append(f"record {row} ({subject}): {a['minimum']:g} to {a['maximum']:g} {a['unit']}; answers: "
                         f"{a['jurisdiction']} {a['citation']['clause']} 「{a['citation']['quote']}」")
            for s in a["sources"]:
                lines.append(f"      from {s['jurisdiction']} {s['clause']}: {s['minimum']:g} to {s['maximum']:g}")
            lines += [f"      remedy: {r}" for r in a["remedies"]]
            if a["assumption"]:
                lines.append("      assumption: the figure rests on an interpretation the text does not state")
            if a["conflict"]:
                lines.append(f"      CONFLICT: {a['conflict']}")
    elif family == "allocate":
        a = info["answers"][0]
        floor = "no floor" if a["floor"] is None else \
            f"floor {a['floor']:g} yuan ({a['floor_jurisdiction']} {a['floor_citation']['clause']})"
        lines.append(f"unit {a['code']} ({a['level']}): {floor}")
        if a["share"] is not None:
            lines.append(f"  share {a['share']:.4f}, amount {a['amount']:,.2f} yuan")
        for f in a["factors"]:
            lines.append(f"  factor {f['factor']}: weight {f['weight']:g} ({f['jurisdiction']} {f['clause']})"
                         + (" assumption" if f["assumption"] else ""))
        if a["conflict"]:
            lines.append(f"  CONFLICT: {a['conflict']}")
        lines += [f"  note: {line}" for line in info["notes"]]
    else:
        if not info["answers"]:
            lines.append(f"record {row}: pilot scoring is not regulated in this chain")
        for a in info["answers"]:
            lines.append(f"record {row} ({a['unit']}): score {a['score']}, rank {a['rank']}, award {a['award']}; "
                         f"answers: {a['jurisdiction']} {a['citation']['clause']} 「{a['citation']['quote']}」")
            lines += [f"  shortfall: {s}" for s in a["shortfalls"]]
            if a["tie_rule"]:
                lines.append(f"  ties: {a['tie_rule']}")
            if a["assumption"]:
                lines.append("  assumption: the scoring rests on an interpretation the text does not state")
        lines += [f"  note: {line}" for line in info["notes"]]
    return lines
