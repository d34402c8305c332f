"""Rule-family commands on tables: ``staffing``, ``check``, ``deduct``.

Each runs on the bundled sample when no file is given, and names the jurisdiction chain
it ran under (on standard error, so JSON and CSV on standard output stay clean).
"""

from __future__ import annotations

import os
from importlib.resources import as_file, files

import click

from jiuzhu.cli.context import pass_app
from jiuzhu.cli.output import emit, note, output_options, render_table, to_csv, to_json

DEFAULT_JURISDICTION = "530000"


def jurisdiction_option(func):
    return click.option(
        "--jurisdiction", "-j", "code", default=None, metavar="CODE",
        help="GB/T 2260 code of the jurisdiction whose chain applies (default: $JIUZHU_JURISDICTION, "
             f"else {DEFAULT_JURISDICTION}). `jiuzhu jurisdictions` lists them.")(func)


def _resolve(app, code: str | None):
    code = code or os.environ.get("JIUZHU_JURISDICTION") or DEFAULT_JURISDICTION
    chain = app.registry.chain(code)
    note(f"jurisdiction 辖区: {' → '.join(f'{j.code} {j.name_zh} {j.name_en}' for j in chain)}")
    for j in chain:
        if j.is_draft:
            note(f"note: {j.code} {j.name_en}'s document is a draft for comment (征求意见稿), no legal force")
    return chain


def _read(path: str | None, sample: str | None, reader, **kwargs):
    """Read the user's file, or the bundled sample when none is given (said on standard error)."""
    if path is not None:
        return reader(path, **kwargs)
    if sample is None:
        raise click.UsageError("there is no bundled sample for this; give a file")
    note(f"no file given: using the bundled sample {sample} (jiuzhu/samples/{sample})")
    with as_file(files("jiuzhu.samples") / sample) as sample_path:
        return reader(sample_path, **kwargs)


def _value(v) -> str:
    return "—" if v is None else str(v)


STAFFING_CSV = ["code", "name", "level", "role", "minimum", "maximum", "jurisdiction", "document", "clause",
                "assumption", "conflict", "sources"]


@click.command()
@click.argument("units_file", required=False, type=click.Path(dir_okay=False))
@jurisdiction_option
@output_options
@pass_app
def staffing(app, units_file, code, fmt, output):
    """Required staff per unit and role, with the clause that binds.

    UNITS_FILE is a CSV with the header code,name,level,population,dibao_count (name
    optional; 行政区划代码,名称,层级,人口,低保对象数 also accepted); level is county, township
    or village (县, 乡镇, 村). With no file, runs on the bundled sample.

    \b
    JSON: one object per unit and role: code, level, role, minimum, maximum (or null),
    jurisdiction (the level whose rule binds the minimum), citation {document, clause,
    quote}, assumption, sources (every level that contributed), conflict (null or text).
    A unit no rule covers appears once with role, minimum and jurisdiction null.
    """
    from jiuzhu.core.evaluate import staffing as evaluate
    from jiuzhu.core.readers import read_units
    from jiuzhu.core.roles import role_label

    chain = _resolve(app, code)
    units = _read(units_file, "units.csv", read_units)
    records = list(evaluate(units, chain, registry=app.registry).records())
    if fmt == "json":
        emit(to_json(records), output)
        return
    if fmt == "csv":
        rows = [[r["code"], r.get("name", ""), r["level"], r["role"] or "", _blank(r["minimum"]), _blank(r["maximum"]),
                 r["jurisdiction"] or "", (r["citation"] or {}).get("document", ""),
                 (r["citation"] or {}).get("clause", ""), r["assumption"], r["conflict"] or "",
                 "; ".join(f"{s['jurisdiction']} {s['clause']}" for s in r["sources"])] for r in records]
        emit(to_csv(rows, STAFFING_CSV), output)
        return
    rows = []
    for r in records:
        flags = ("assumption " if r["assumption"] else "") + ("CONFLICT " if r["conflict"] else "") + \
            ("draft" if (r["citation"] or {}).get("draft") else "")
        rows.append([r["code"], r.get("name", ""), r["level"],
                     role_label(r["role"], "zh") if r["role"] else "not regulated 未规定",
                     _value(r["minimum"]), _value(r["maximum"]),
                     f"{r['jurisdiction']} {r['citation']['clause']}" if r["jurisdiction"] else "—", flags.strip()])
    text = render_table(rows, ["code 代码", "name 名称", "level", "role 岗位", "min 至少", "max 至多",
                               "binds 依据", "flags"])
    conflicts = [f"  {r['code']} {r['role']}: {r['conflict']}" for r in records if r["conflict"]]
    if conflicts:
        text += "\nconflicts 冲突:\n" + "\n".join(conflicts) + "\n"
    emit(text, output)


def _blank(v):
    return "" if v is None else v


SUBJECTS = ("xieliyuan_candidate", "contractor", "purchase_item", "dispatched_worker", "worker_task",
            "fund_use", "purchaser", "household", "case")
SAMPLES = {"xieliyuan_candidate": "xieliyuan_candidates.csv", "contractor_payment": "contractor_incidents.csv"}


@click.command()
@click.argument("subject", type=click.Choice(SUBJECTS))
@click.argument("records_file", required=False, type=click.Path(dir_okay=False))
@jurisdiction_option
@output_options
@pass_app
def check(app, subject, records_file, code, fmt, output):
    """Eligibility of each record: eligible, not eligible or needs review, with every failed
    condition, what a person must still assess, duties, and the clauses.

    SUBJECT is what the file lists (xieliyuan_candidate: name,age,education,healthy,
    law_abiding,other_job). With no file, runs on the bundled sample where there is one.
    """
    from jiuzhu.core.evaluate import check as evaluate
    from jiuzhu.core.readers import read_records

    chain = _resolve(app, code)
    records = _read(records_file, SAMPLES.get(subject), read_records)
    result = list(evaluate(subject, records, chain, registry=app.registry).records())
    if fmt == "json":
        emit(to_json(result), output)
        return

    def reasons(entries):
        return "; ".join(f"{e['reason']} ({', '.join(c['jurisdiction'] + ' ' + c['clause'] for c in e['citations'])})"
                         for e in entries)

    rows = [[str(r["row"]), r["id"] or "", r["outcome"], reasons(r["failed"]), reasons(r["needs_review"]),
             "; ".join(e["condition"] for e in r["to_assess"])] for r in result]
    headers = ["row", "id", "outcome 结果", "failed 不符合", "needs review 需复核", "to assess 待评估"]
    emit(to_csv(rows, headers) if fmt == "csv" else render_table(rows, headers), output)


@click.command()
@click.argument("incidents_file", required=False, type=click.Path(dir_okay=False))
@click.option("--subject", type=click.Choice(["contractor_payment", "target_score"]), default="contractor_payment",
              show_default=True, help="What is deducted from.")
@jurisdiction_option
@output_options
@pass_app
def deduct(app, incidents_file, subject, code, fmt, output):
    """Deduction per incident record: the range the rule allows, or the amount for a chosen
    multiplier, with the clause and any other remedies.

    For contractor_payment the file has count, monthly_wage and optionally multiplier.
    """
    from jiuzhu.core.evaluate import deduct as evaluate
    from jiuzhu.core.readers import read_records

    chain = _resolve(app, code)
    incidents = _read(incidents_file, SAMPLES.get(subject), read_records)
    result = list(evaluate(subject, incidents, chain, registry=app.registry).records())
    if fmt == "json":
        emit(to_json(result), output)
        return
    rows = [[str(r["row"]), _fmt_amount(r["minimum"]), _fmt_amount(r["maximum"]), r["unit"] or "",
             f"{r['jurisdiction']} {r['citation']['clause']}" if r["jurisdiction"] else "not regulated 未规定"]
            for r in result]
    headers = ["row", "minimum 最少", "maximum 最多", "unit", "rule 依据"]
    emit(to_csv(rows, headers) if fmt == "csv" else render_table(rows, headers), output)


def _fmt_amount(v) -> str:
    return "—" if v is None else f"{v:,.2f}".rstrip("0").rstrip(".")


@click.command()
@click.argument("units_file", required=False, type=click.Path(dir_okay=False))
@click.option("--pool", type=click.FloatRange(min=0), default=None,
              help="Yuan to share by the factor method (needs a column per factor).")
@jurisdiction_option
@output_options
@pass_app
def allocate(app, units_file, pool, code, fmt, output):
    """Funds per unit: the floor the chain sets (Yinchuan's township working funds) and,
    with --pool and factor columns, each unit's factor-method share. Weights the text does
    not give are flagged as assumptions."""
    from jiuzhu.core.evaluate import allocate as evaluate
    from jiuzhu.core.readers import read_units

    chain = _resolve(app, code)
    units = _read(units_file, "units.csv", read_units, keep_extra=True)
    result = evaluate(units, chain, pool, registry=app.registry)
    records = list(result.records())
    for line in result.notes():
        note(f"note: {line}")
    if fmt == "json":
        emit(to_json(records), output)
        return
    rows = [[r["code"], r["level"], _fmt_amount(r["floor"]),
             f"{r['floor_jurisdiction']} {r['floor_citation']['clause']}" if r["floor_jurisdiction"] else "—",
             "—" if r["share"] is None else f"{r['share']:.4f}", _fmt_amount(r["amount"]),
             "weights assumed" if r["assumption"] else ""] for r in records]
    headers = ["code 代码", "level", "floor 下限(元)", "floor rule 依据", "share 份额", "amount 金额", "flags"]
    emit(to_csv(rows, headers) if fmt == "csv" else render_table(rows, headers), output)


@click.command()
@click.argument("scores_file", type=click.Path(dir_okay=False))
@jurisdiction_option
@output_options
@pass_app
def score(app, scores_file, code, fmt, output):
    """Pilot scoring: each row's score, rank and award with the rule behind it.

    Xixiu (520402): columns unit, month, score → monthly descending ranks from the second
    quarter, ties sharing a rank; the award needs the award_pool parameter. Yinchuan
    (640100): yes/no capacity targets per unit → share met and each shortfall named.
    """
    import numpy as np

    from jiuzhu.core.evaluate import scoring_rules
    from jiuzhu.core.readers import read_records

    chain = _resolve(app, code)
    scores = read_records(scores_file)
    rules = scoring_rules(scores, chain, registry=app.registry)
    if not rules:
        raise click.ClickException(f"pilot scoring is not regulated in the chain {' → '.join(chain.codes)}")
    records = []
    for jcode, rule in rules.items():
        for line in rule.notes:
            note(f"note ({jcode}): {line}")
        for i in range(len(scores)):
            records.append({"row": i + 1, "unit": str(scores.get("unit", scores.get("code", [""] * len(scores)))[i]),
                            "score": None if np.isnan(rule.score[i]) else float(rule.score[i]),
                            "rank": None if rule.ranks is None or rule.ranks[i] == 0 else int(rule.ranks[i]),
                            "award": None if rule.award is None else float(rule.award[i]),
                            "shortfalls": list(rule.shortfalls[i]), "jurisdiction": jcode,
                            "citation": rule.citation.as_dict(), "tie_rule": rule.tie_rule,
                            "assumption": rule.assumption})
    if fmt == "json":
        emit(to_json(records), output)
        return
    rows = [[str(r["row"]), r["unit"], _value(r["score"]), _value(r["rank"]), _fmt_amount(r["award"]),
             "; ".join(r["shortfalls"])] for r in records]
    headers = ["row", "unit 单位", "score 得分", "rank 排名", "award 奖补", "notes 说明"]
    emit(to_csv(rows, headers) if fmt == "csv" else render_table(rows, headers), output)
