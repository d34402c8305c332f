"""``jiuzhu duties`` (what the chain obliges a level to do, and when) and ``jiuzhu comply``
(whether units have done it, from what they report)."""

from __future__ import annotations

import click
from jiuzhu.cli.context import pass_app
from jiuzhu.cli.output import current_lang, deliver, note, output_options, rows_as, to_json
from jiuzhu.cli.rules import current_encoding, jurisdiction_option, read_input
from jiuzhu.core.rules.duties import DUTY_LEVELS

#: The bundled evidence samples, by the jurisdiction each was written for.
SAMPLES = {"640100": "duty_reports.csv", "520402": "duty_reports_520402.csv"}


@click.command()
@click.option("--level", type=click.Choice(DUTY_LEVELS), default=None,
              help="Only the duties placed on this level (bureau: the jurisdiction's own civil-affairs bureau).")
@jurisdiction_option
@output_options
@pass_app
def duties(app, level, code, profile_name, fmt, output):
    """Every duty and deadline the chain places on a level, with when it is next due and the clause.

    \b
    JSON: one object per duty: id, jurisdiction, levels, by (who acts, as the text says),
    description, frequency, schedule, next_due (or null), evidence (the key `comply` reads),
    measure, target, assumption, citation {document, clause, quote}.

    \b
    Example:
      jiuzhu duties -j 640100 --level township
    """
    from jiuzhu.core.rules.duties import chain_duties, next_due

    profile, chain = app.chain_for(code, profile_name)
    found = chain_duties(chain, level)
    records = []
    for duty in found:
        upcoming = next_due(duty, chain.as_of)
        past = duty.frequency == "once" and upcoming is None
        records.append({**duty.as_dict(), "next_due": str(upcoming) if upcoming else None,
                        "deadline_passed": past, "as_of": str(chain.as_of)})
    if not records:
        note(f"no duty of the chain {' → '.join(chain.answering_codes) or '(none in force)'} binds "
             f"{level or 'any level'} on {chain.as_of} 该层级无规定义务")
    if fmt == "json":
        deliver(to_json(records), output, app, [(profile, chain)])
        return
    rows = [[r["jurisdiction"], ", ".join(r["levels"]), r["id"], r["description"], r["schedule"],
             r["next_due"] or ("passed 已过期" if r["deadline_passed"] else "—"),
             r["citation"]["clause"], r["citation"]["quote"]] for r in records]
    headers = ["jurisdiction 辖区", "level 层级", "duty 义务", "what 内容", "when 时限", "next due 下次到期",
               "clause 条款", "quote 原文"]
    if current_lang() == "zh":  # the document's own words say what is due; the English paraphrase is for English readers
        rows = [row[:3] + row[4:] for row in rows]
        headers = headers[:3] + headers[4:]
    deliver(rows_as(fmt, rows, headers), output, app, [(profile, chain)])


@click.command()
@click.argument("reports_file", required=False, type=click.Path(dir_okay=False))
@jurisdiction_option
@output_options
@pass_app
def comply(app, reports_file, code, profile_name, fmt, output):
    """Whether each unit has done each duty of its level: met, overdue, not yet due, or no
    evidence given, as of --as-of (default today), with the clause.

    REPORTS_FILE has one row per thing done: code,name,level,evidence,date,value (代码,名称,
    层级,事项,日期,值). level is bureau, county, township or village; evidence is the key
    `jiuzhu duties` lists; value is a percentage (coverage), item names separated by ; or 、
    (facilities), or for a duty to act beforehand the day it was done (a consultation
    before an appointment). With no file, runs on a bundled sample (Yinchuan 640100,
    Xixiu 520402).

    \b
    Example:
      jiuzhu comply -j 640100 --as-of 2019-06-30
    """
    from jiuzhu.core.analysis.comply import STATUS_LABELS, comply as judge, read_evidence, unmatched_evidence

    profile, chain = app.chain_for(code, profile_name)
    if reports_file is None and chain.target.code not in SAMPLES:
        raise click.UsageError(f"the bundled samples are for {', '.join(SAMPLES)}; give a reports file for "
                               f"{chain.target.code}")

    def reader(path, encoding=None):
        return read_evidence(path, encoding or current_encoding())

    read, source = read_input(reports_file, SAMPLES.get(chain.target.code), reader)
    evidence = read.rows
    for column in read.ignored:
        note(f"{source.label}: column {column!r} is not read (the columns are code,name,level,evidence,date,value)")
    for r in unmatched_evidence(evidence, chain):
        note(f"{source.label}: row {r.row}: no duty of the chain reads evidence {r.evidence!r} for a {r.level}; "
             "ignored (`jiuzhu duties` lists the keys)")
    records = judge(evidence, chain, source.label)
    answered = {r["code"] for r in records}
    for code, r in {r.code: r for r in evidence}.items():
        if code not in answered:
            note(f"{source.label}: unit {code} ({r.level}): no duty of the chain binds this level on {chain.as_of}; "
                 "nothing to judge 该层级无规定义务")
    if fmt == "json":
        deliver(to_json(records), output, app, [(profile, chain)], source)
        return
    rows = [[r["code"], r["name"], r["level"], r["duty"], STATUS_LABELS[r["status"]], r["detail"],
             f"{r['jurisdiction']} {r['citation']['clause']}"] for r in records]
    headers = ["code 代码", "name 名称", "level 层级", "duty 义务", "status 状态", "detail 说明", "clause 条款"]
    deliver(rows_as(fmt, rows, headers), output, app, [(profile, chain)], source)
