"""Rule-family commands on tables (``staffing``, ``check``, ``deduct``, ``allocate``,
``score``) and what they share: the jurisdiction/profile options and reading an input
file or the bundled sample.

Each runs on the bundled sample when no file is given, and names the jurisdiction chain
it ran under (on standard error, so JSON and CSV on standard output stay clean).
"""

from __future__ import annotations

from importlib.resources import as_file, files

import click
from jiuzhu.cli.context import DEFAULT_JURISDICTION, as_of_options, pass_app
from jiuzhu.cli.labels import word
from jiuzhu.core.i18n import say
from jiuzhu.cli.output import (FORMATS, TEXT_FORMATS, Report, current_lang, deliver_report, display_value,
                               in_command_context, localise, note, output_options, require_format)
from jiuzhu.cli.rollup import by_option, chart_option, check_chart, deliver_fund_rollup, deliver_staffing_rollup
from jiuzhu.cli.subjects import (
    complete_subjects,
    deliver_fields,
    deliver_subjects,
    read_subject_records,
    subject_named,
)
from jiuzhu.core.model.roles import role_label


def jurisdiction_option(func):
    """``--jurisdiction CODE`` and ``--profile NAME``: which chain (and overrides) a command runs
    under; with ``--as-of DATE`` and ``--in-force-only``, as of which day."""
    func = as_of_options(func)
    func = click.option("--profile", "-p", "profile_name", default=None, metavar="NAME",
                        help="Run under this saved profile (its jurisdiction and overrides).")(func)
    return click.option(
        "--jurisdiction", "-j", "code", default=None, metavar="CODE",
        help="Run the plain rules of this jurisdiction's chain (no profile overrides). Default: "
             "$JIUZHU_JURISDICTION, else the active profile (`jiuzhu use CODE`), else "
             f"{DEFAULT_JURISDICTION}. `jiuzhu jurisdictions` lists the codes.")(func)




class Source:
    """Where a table came from: the user's file or a bundled sample (for provenance).

    Its sha256 is computed on a background thread from the moment the file is read (hashlib
    releases the GIL), so a large file's hash costs no wall time beside the evaluation. A
    plain CSV read in batches (``stream``: its :class:`~jiuzhu.core.io.batches.UnitBatches`)
    is hashed as it is read instead: no second read of a large file.
    """

    def __init__(self, path, label, stream=None):
        import threading

        self.path, self.label = path, label
        self._stream = stream
        self._hash: list = []
        background = stream is None or not stream.hashed_while_read
        self._thread = threading.Thread(target=self._compute, daemon=True) if background else None
        if self._thread is not None:
            self._thread.start()

    def _compute(self) -> None:
        from jiuzhu.core.io.provenance import file_hash

        try:
            self._hash.append(file_hash(self.path))
        except OSError as exc:
            self._hash.append(f"unreadable: {exc}")

    def sha256(self) -> str:
        if self._stream is not None and self._stream.sha256:
            return self._stream.sha256
        if self._thread is not None:
            self._thread.join()
        if not self._hash:
            self._compute()  # a CSV the row reader read instead (small)
        return self._hash[0]


def current_encoding() -> str | None:
    """``jiuzhu --encoding`` (click's context is per thread: read it on the command's thread)."""
    ctx = click.get_current_context(silent=True)
    return getattr(ctx.find_root().obj, "encoding", None) if ctx else None


def _finite(value, name: str):
    """A number option that is a number: NaN and infinity are refused (they reached JSON as NaN)."""
    import math

    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a number of yuan", param_hint=name)
    return value


def current_sheet() -> str | None:
    """``jiuzhu --sheet`` (read on the command's thread, like the encoding)."""
    ctx = click.get_current_context(silent=True)
    return getattr(ctx.find_root().obj, "sheet", None) if ctx else None


def read_input(path: str | None, sample, reader, encoding: str | None = None, sheet: str | None = None,
               **kwargs):
    """``(table, Source)``: the user's file, or the bundled sample when none is given (said on
    stderr), read with ``encoding`` (default: ``jiuzhu --encoding``) from ``sheet`` (default:
    ``jiuzhu --sheet``); what the reader guessed or skipped is said too. ``sample``: a file
    name in ``jiuzhu.samples``, or a plugin's sample file (a path or ``importlib.resources``
    Traversable)."""
    if path is not None:
        sheet = sheet or current_sheet()
        if sheet is not None:
            kwargs["sheet"] = sheet  # only workbook readers take it
        table = reader(path, encoding=encoding or current_encoding(), **kwargs)
        for line in table.notes:
            note(f"{path}: {line}")
        return table, Source(path, str(path))
    if sample is None:
        raise click.UsageError("there is no bundled sample for this; give a file")
    if isinstance(sample, str):
        sample, where = files("jiuzhu.samples") / sample, f"jiuzhu/samples/{sample}"
    else:
        where = str(sample)
    note(f"no file given: using the bundled sample {sample.name} ({where})")
    with as_file(sample) as sample_path:
        table = reader(sample_path, **kwargs)
        source = Source(sample_path, f"bundled sample {sample.name}")
        source.sha256()  # the path may not outlive this block
        return table, source


#: Formats a row-independent command writes a batch of records at a time (to a file).
STREAMED_FORMATS = ("csv", "parquet", "json", "jsonl")


def streamed(path, fmt: str, output) -> bool:
    """Whether a records command reads and writes ``path`` in record batches: a file given,
    written to a file in a format written batch by batch (so nothing half-written is left
    when a later batch holds a bad cell)."""
    return path is not None and output is not None and fmt in STREAMED_FORMATS


def read_input_batches(path, **kwargs):
    """``(tables, Source)``: the user's records file in record batches
    (:func:`jiuzhu.core.io.readers.read_records_batches`), each note the reader makes said
    once, as :func:`read_input` says them (``hidden``: notes the caller says itself)."""
    from jiuzhu.core.io.readers import read_records_batches

    hidden = kwargs.pop("hidden", None)
    batches = read_records_batches(path, encoding=current_encoding(), sheet=current_sheet(), **kwargs)
    return noted(path, batches, hidden), Source(path, str(path))


def noted(path, tables, hidden=None):
    """The batches of ``path`` as they come, each note their reader makes said once, as
    :func:`read_input` says them (``hidden``: notes the caller says itself)."""
    said = set()
    for table in tables:
        for line in table.notes:
            if line not in said and not (hidden and hidden(line)):
                note(f"{path}: {line}")
            said.add(line)
        yield table


def numbered(tables):
    """``(table, number of its first record)`` for each batch of a file."""
    first = 1
    for table in tables:
        yield table, first
        first += len(table)


def _value(v) -> str:
    return "—" if v is None else str(v)


STAFFING_CSV = ["code", "name", "level", "role", "minimum", "maximum", "jurisdiction", "document", "clause",
                "assumption", "conflict", "sources"]


def draft_codes(chains) -> set[str]:
    """Codes of the levels whose document is a draft for comment, in any of ``chains``."""
    return {j.code for chain in chains for j in chain if j.is_draft}


def staffing_table(drafts: set[str]) -> tuple:
    """The staffing table a person reads: role in words, the binding clause, and flags
    (assumption, conflict, a draft level's answer)."""
    def flags(r):
        lang = current_lang()
        out = [word(key, lang) for key, on in (("assumption", r["assumption"]), ("conflict", r["conflict"]),
                                               ("draft", r["jurisdiction"] in drafts)) if on]
        return "、".join(out)

    return ("code", "name", "level", ("role", lambda r: _role(r["role"])), "minimum", "maximum",
            ("binds", lambda r: f"{r['jurisdiction']} {r['clause']}" if r["jurisdiction"] else "—"),
            ("flags", flags))


def conflict_lines(table, what: str | None = "role") -> list[str]:
    """The conflicts of a staffing table (or, ``what=None``, a funds table), one line each."""
    import pyarrow.compute as pc

    keys = ["code", what, "conflict"] if what else ["code", "conflict"]
    rows = table.filter(pc.is_valid(table.column("conflict"))).select(keys).to_pylist()
    if not rows:
        return []
    return ["", localise("conflicts 冲突") + ":"] + [
        f"  {r['code']}{' ' + r[what] if what else ''}: {r['conflict']}" for r in rows]


@click.command()
@click.argument("units_file", required=False, type=click.Path(dir_okay=False))
@by_option
@chart_option
@jurisdiction_option
@output_options(formats=FORMATS)
@pass_app
def staffing(app, units_file, by, chart, code, profile_name, fmt, output):
    """Required staff per unit and role, with the clause that binds.

    UNITS_FILE is a CSV with the header code,name,level,population,dibao_count (name
    optional; 行政区划代码,名称,层级,人口,低保对象数 also accepted); level is county, township
    or village (县, 乡镇, 村). With no file, runs on the bundled sample.

    \b
    JSON: one object per unit and role: code, level, role, minimum, maximum (or null),
    jurisdiction (the level whose rule binds the minimum), citation {document, clause,
    quote}, assumption, sources (every level that contributed), conflict (null or text).
    A unit no rule covers appears once with role, minimum and jurisdiction null. JSONL:
    the same, one per line. CSV, Parquet and .xlsx: the same flattened. .html: a report.

    With --by county|prefecture|province: one row per group of unit codes, with the
    units it covers, those no rule covers, and the total minimum and maximum per role.

    \b
    Example:
      jiuzhu staffing units.csv --jurisdiction 530323 --format json
      jiuzhu staffing national.csv -j 530000 --by province --chart provinces.svg
    """
    from jiuzhu.cli.charts import staffing_chart
    from jiuzhu.cli.columns import STAFFING_KINDS, staffing_columns, staffing_json
    from jiuzhu.core.evaluate import staffing as evaluate
    from jiuzhu.core.io.readers import read_units

    check_chart(chart)
    profile, chain = app.chain_for(code, profile_name)
    if by is not None:
        units, source = read_input(units_file, "units.csv", read_units)
        deliver_staffing_rollup(evaluate(units, chain, registry=app.registry).roles, units, by, chart, fmt, output,
                                app, [(profile, chain)], source)
        return
    if chart is not None:
        raise click.UsageError("--chart goes with --by (a chart of the totals per group)")
    if units_file is not None and output is not None and fmt in ("csv", "parquet", "json", "jsonl"):
        # Each unit is answered on its own: the file is read, evaluated and written a batch
        # at a time, so memory holds one batch. The table, .xlsx and .html need the whole
        # (and standard output, which a failing last batch must not leave half-written).
        _staffing_in_batches(app, units_file, profile, chain, fmt, output)
        return
    units, source = read_input(units_file, "units.csv", read_units)
    result = evaluate(units, chain, registry=app.registry)

    def after(table) -> list[str]:
        lines = conflict_lines(table)
        if chain.dormant or chain.lapsed:
            lines += ["", "not in force 未生效:"] + [f"  {line}" for line in chain.dormant_notes()]
        return lines

    report = Report(command="staffing", columns=lambda: staffing_columns(result), kinds=STAFFING_KINDS,
                    records=result.records, json_text=lambda end: staffing_json(result, end=end),
                    table=staffing_table(draft_codes([chain])), after=after,
                    chart=lambda: staffing_chart([result], current_lang()))
    deliver_report(report, fmt, output, app, [(profile, chain)], source)


def _staffing_in_batches(app, units_file, profile, chain, fmt, output) -> None:
    """``staffing`` to CSV, Parquet, JSON or JSONL a batch of units at a time: the same
    bytes as the whole file at once; a duplicate code or a bad cell anywhere leaves no file."""
    import itertools

    from jiuzhu.cli.columns import STAFFING_KINDS, staffing_columns, staffing_json
    from jiuzhu.core.evaluate import Evaluation
    from jiuzhu.core.io.batches import read_ahead
    from jiuzhu.core.io.readers import read_units_batches

    batches = read_units_batches(units_file, encoding=current_encoding(), sheet=current_sheet())
    source = Source(units_file, str(units_file), stream=batches)

    def results():
        # The next batch is read on a second thread while this one is answered and written.
        for units in read_ahead(noted(units_file, batches), wrap=in_command_context):
            yield Evaluation(app.registry).staffing(units, chain)

    report = Report(command="staffing", columns=lambda: {}, kinds=STAFFING_KINDS, table=(),
                    column_batches=lambda: (staffing_columns(result) for result in results()),
                    json_text=lambda end: itertools.chain.from_iterable(staffing_json(r, end=end) for r in results()))
    deliver_report(report, fmt, output, app, [(profile, chain)], source)


def _role(role: str | None) -> str:
    if role is None:
        return localise("not regulated 未规定")
    lang = current_lang()
    return role_label(role, "en") if lang == "en" else role_label(role, "zh")


def _blank(v):
    return "" if v is None else v


def staffing_csv_row(r: dict) -> list:
    """One staffing record as the CSV columns of :data:`STAFFING_CSV`."""
    citation = r["citation"] or {}
    return [r["code"], r.get("name", ""), r["level"], r["role"] or "", _blank(r["minimum"]), _blank(r["maximum"]),
            r["jurisdiction"] or "", citation.get("document", ""), citation.get("clause", ""), r["assumption"],
            r["conflict"] or "", "; ".join(f"{s['jurisdiction']} {s['clause']}" for s in r["sources"])]


#: Bundled samples of the deduction and scoring commands (an eligibility subject's sample is
#: declared with the subject by the plugin that checks it).
DEDUCTION_SUBJECTS = ("contractor_payment", "target_score")
SAMPLES = {"contractor_payment": "contractor_incidents.csv", "target_score": "target_score_incidents.csv",
           "scores": "monthly_scores.csv"}


CHECK_KINDS = {"row": "int", "id": "text", "subject": "text", "outcome": "text", "failed": "list",
               "needs_review": "list", "to_assess": "list", "duties": "list", "jurisdictions": "list"}


@click.command()
@click.argument("subject", required=False, shell_complete=complete_subjects)
@click.argument("records_file", required=False, type=click.Path(dir_okay=False))
@click.option("--fields", "list_fields", is_flag=True,
              help="List SUBJECT's fields (columns, Chinese headers, types, allowed values) instead of checking.")
@jurisdiction_option
@output_options(formats=FORMATS)
@pass_app
def check(app, subject, records_file, list_fields, code, profile_name, fmt, output):
    """Eligibility of each record: eligible, not eligible, needs review, or not regulated (no
    level of the chain states anything on SUBJECT), with every failed condition, what a
    person must still assess, duties, and the clauses.

    SUBJECT is what the file lists, as the installed plugins declare it: `jiuzhu check`
    lists the subjects, `jiuzhu check SUBJECT --fields` the columns a file may have (English
    or Chinese headers). With no file, runs on the subject's bundled sample.

    \b
    Example:
      jiuzhu check xieliyuan_candidate candidates.csv -j 530323
      jiuzhu check contractor --fields
    """
    from jiuzhu.cli.charts import outcome_chart
    from jiuzhu.cli.check_columns import check_columns, check_json, check_json_exact
    from jiuzhu.core.evaluate import check as evaluate

    if subject is None:
        require_format(fmt, TEXT_FORMATS, "jiuzhu check (the list of subjects)")
        deliver_subjects(app, fmt, output)
        return
    declared = subject_named(app, subject)
    if list_fields:
        require_format(fmt, TEXT_FORMATS, "--fields")
        deliver_fields(declared, fmt, output)
        return
    profile, chain = app.chain_for(code, profile_name)
    if streamed(records_file, fmt, output):
        _check_in_batches(app, declared, records_file, chain, fmt, output, [(profile, chain)])
        return
    records, source = read_subject_records(declared, records_file)
    result = evaluate(subject, records, chain, registry=app.registry)
    if len(records) and not result.regulated:
        note(f"not regulated: no level of the chain {' → '.join(chain.codes)} states anything on {subject}")
    drafts = draft_codes([chain])
    report = Report(command="check", columns=lambda: check_columns(result), kinds=CHECK_KINDS,
                    records=result.records, json_text=(lambda end: check_json(result, end=end)) if check_json_exact(result) else None,
                    table=("row", "id", "outcome", "failed", "needs_review", "to_assess",
                           ("flags", lambda r: word("draft", current_lang()) if drafts & set(r["jurisdictions"] or ())
                            else "")),
                    chart=lambda: outcome_chart(result.outcome, chain, current_lang()))
    deliver_report(report, fmt, output, app, [(profile, chain)], source)


def _check_in_batches(app, subject, records_file, chain, fmt, output, runs) -> None:
    """``check`` of a records file read, evaluated and written a batch of records at a time."""
    from jiuzhu.cli.check_columns import check_columns, check_json
    from jiuzhu.cli.subjects import read_subject_batches
    from jiuzhu.core.evaluate import check as evaluate
    from jiuzhu.core.io.batches import read_ahead

    tables, source = read_subject_batches(subject, records_file)

    def results():
        # The next batch is read on a second thread while this one is answered and written.
        for table, first in numbered(read_ahead(tables, wrap=in_command_context)):
            result = evaluate(subject.name, table, chain, registry=app.registry)
            if first == 1 and len(table) and not result.regulated:
                note(f"not regulated: no level of the chain {' → '.join(chain.codes)} states anything on "
                     f"{subject.name}")
            yield result, first

    report = Report(command="check", columns=lambda: None, kinds=CHECK_KINDS, table=(),
                    column_batches=lambda: (check_columns(r, first) for r, first in results()),
                    json_text=lambda end: (a for r, first in results() for a in check_json(r, first_row=first, end=end)))
    deliver_report(report, fmt, output, app, runs, source)


def deduct_records(subject: str, incidents, chain, registry) -> list[dict]:
    """``deduct``'s JSON records: each incident's range with its clause, and which incident it is
    (the web API returns the same; the CLI writes the same text per column)."""
    from jiuzhu.cli.deduct_columns import incident_ids
    from jiuzhu.core.evaluate import deduct as evaluate

    ids = incident_ids(incidents)
    ids = ids.to_pylist() if ids is not None else None
    return [{**r, "id": ids[i] if ids is not None else None}
            for i, r in enumerate(evaluate(subject, incidents, chain, registry=registry).records())]


def _say_a_right(result) -> None:
    """Where the answering clause gives the deduction as a right (有权扣减), say so."""
    if any(d.right and (result.answer_by == k).any() for k, d in enumerate(result.deductions)):
        note("the deduction is a right of the purchaser (有权扣减), not a duty: the range applies when it deducts")


DEDUCT_KINDS = {"row": "int", "id": "text", "subject": "text", "minimum": "float", "maximum": "float",
                "unit": "text", "jurisdiction": "code", "clause": "text", "assumption": "bool", "right": "bool",
                "remedies": "list"}


@click.command()
@click.argument("incidents_file", required=False, type=click.Path(dir_okay=False))
@click.option("--subject", type=click.Choice(DEDUCTION_SUBJECTS), default=DEDUCTION_SUBJECTS[0],
              show_default=True, help="What is deducted from.")
@jurisdiction_option
@output_options(formats=FORMATS)
@pass_app
def deduct(app, incidents_file, subject, code, profile_name, fmt, output):
    """Deduction per incident record: the range the rule allows, or the amount for a chosen
    multiplier, with the clause and any other remedies. Each row names its incident (the
    id column, or unit and item).

    For contractor_payment the file has count, monthly_wage and optionally multiplier.

    \b
    Example:
      jiuzhu deduct incidents.csv -j 530000
    """
    from jiuzhu.cli.deduct_columns import deduct_columns, deduct_json, incident_ids
    from jiuzhu.core.evaluate import deduct as evaluate
    from jiuzhu.core.io.readers import read_records

    profile, chain = app.chain_for(code, profile_name)
    if streamed(incidents_file, fmt, output):
        from jiuzhu.core.io.batches import read_ahead

        tables, source = read_input_batches(incidents_file)

        def results():
            # The next batch is read on a second thread while this one is answered and written.
            for table, first in numbered(read_ahead(tables, wrap=in_command_context)):
                result = evaluate(subject, table, chain, registry=app.registry)
                if first == 1:
                    _say_a_right(result)
                yield result, incident_ids(table), first

        report = Report(command="deduct", columns=lambda: None, kinds=DEDUCT_KINDS, table=(),
                        column_batches=lambda: (deduct_columns(r, ids, first) for r, ids, first in results()),
                        json_text=lambda end: (a for r, ids, first in results()
                                               for a in deduct_json(r, ids, first_row=first, end=end)))
        deliver_report(report, fmt, output, app, [(profile, chain)], source)
        return
    incidents, source = read_input(incidents_file, SAMPLES.get(subject), read_records)
    result = evaluate(subject, incidents, chain, registry=app.registry)
    ids = incident_ids(incidents)
    drafts = draft_codes([chain])

    def amount(key):
        return (key, lambda r: "—" if r[key] is None else (
            f"{r[key]:,.2f}" if r["unit"] in ("yuan", "元") else display_value(r[key])))

    def rule(r):
        if not r["jurisdiction"]:
            return localise("not regulated 未规定")
        draft = f" （{word('draft', current_lang())}）" if r["jurisdiction"] in drafts else ""
        return f"{r['jurisdiction']} {r['clause']}{draft}"

    _say_a_right(result)
    report = Report(command="deduct", columns=lambda: deduct_columns(result, ids), kinds=DEDUCT_KINDS,
                    json_text=lambda end: deduct_json(result, ids, end=end),
                    table=("row", "id", amount("minimum"), amount("maximum"), "unit", ("rule", rule),
                           ("flags", lambda r: say("有权扣减", "有权扣减 a right, when exercised") if r["right"] else "")))
    deliver_report(report, fmt, output, app, [(profile, chain)], source)


def _fmt_amount(v) -> str:
    return "—" if v is None else f"{v:,.2f}"


ALLOCATE_KINDS = {"code": "code", "level": "text", "floor": "amount", "floor_jurisdiction": "code",
                  "floor_clause": "text", "share": "ratio", "amount": "amount", "assumption": "bool", "conflict": "text",
                  "purchase_budget_floor": "amount", "purchase_budget_in_principle": "bool"}


@click.command()
@click.argument("units_file", required=False, type=click.Path(dir_okay=False))
@click.option("--pool", type=click.FloatRange(min=0), default=None, callback=lambda _c, _p, v: _finite(v, "--pool"),
              help="Yuan to share by the factor method (needs a column per factor).")
@by_option
@chart_option
@jurisdiction_option
@output_options(formats=FORMATS)
@pass_app
def allocate(app, units_file, pool, by, chart, code, profile_name, fmt, output):
    """Funds per unit: the floor the chain sets (Yinchuan's township working funds) and,
    with --pool and factor columns, each unit's factor-method share. Weights the text does
    not give are flagged as assumptions. With a special_funds column, the purchase-budget
    floor a share of it (Jilin 三(四), 原则上).

    \b
    Example:
      jiuzhu allocate factors.csv --pool 1000000 -j 220000
      jiuzhu allocate units.csv -j 640100 --by county
    """
    from jiuzhu.cli.columns import allocation_columns, allocation_json
    from jiuzhu.core.evaluate import allocate as evaluate
    from jiuzhu.core.io.readers import read_units

    check_chart(chart)
    if chart is not None and by is None:
        raise click.UsageError("--chart goes with --by (a chart of the totals per group)")
    profile, chain = app.chain_for(code, profile_name)
    units, source = read_input(units_file, "units.csv" if pool is None else "fund_factors.csv", read_units,
                               keep_extra=True)
    result = evaluate(units, chain, pool, registry=app.registry)
    chain_text = " → ".join(chain.codes)
    if pool is not None and result.factor_rule is None:
        from jiuzhu.cli.main import UserError

        raise UserError(f"--pool does not apply: no level of the chain {chain_text} states a factor method "
                        f"to share a pool by",
                        zh=f"--pool 不适用：适用层级 {chain_text} 各级均未规定按因素法分配资金")
    for line in result.notes():
        note(f"note: {line}")
    if pool is None and result.factor_rule is not None:
        rule = result.factor_rule
        needed = "、".join(f.description if f.column in f.description else f"{f.column}（{f.description}）"
                          for f in rule.factors)
        note(say(f"说明：份额与金额须给出 --pool 元（待分配资金总额），并在文件中提供因素列：{needed}"
                 f"（{rule.citation.jurisdiction} {rule.citation.clause}）；未给出，故显示为 —",
                 f"note: shares and amounts need --pool YUAN (the sum to share) and the factor columns "
                 f"{', '.join(f.column for f in rule.factors)} ({rule.citation.jurisdiction} "
                 f"{rule.citation.clause}); without them they show as —"))
    if by is not None:
        deliver_fund_rollup(result, by, chart, fmt, output, app, [(profile, chain)], source)
        return
    drafts = draft_codes([chain])
    report = Report(command="allocate", columns=lambda: allocation_columns(result), kinds=ALLOCATE_KINDS,
                    records=result.records, json_text=lambda end: allocation_json(result, end=end),
                    table=("code", "level", "floor",
                           ("rule", lambda r: f"{r['floor_jurisdiction']} {r['floor_clause']}"
                            if r["floor_jurisdiction"] else "—"), "share", "amount",
                           ("flags", lambda r: "、".join(
                               word(k, current_lang()) for k, on in (("assumption", r["assumption"]),
                                                                   ("conflict", r["conflict"]),
                                                                   ("draft", r["floor_jurisdiction"] in drafts)) if on)),
                           "purchase_budget_floor",
                           ("principle", lambda r: "原则上 in principle" if r.get("purchase_budget_in_principle")
                            else "")),
                    headers={"purchase_budget_floor": "购买服务经费下限（元） purchase budget floor (yuan)"},
                    after=lambda table: conflict_lines(table, None))
    deliver_report(report, fmt, output, app, [(profile, chain)], source)


SCORE_KINDS = {"row": "int", "unit": "text", "month": "text", "score": "float", "rank": "int", "award": "amount",
               "shortfalls": "list", "jurisdiction": "code", "clause": "text", "tie_rule": "text",
               "assumption": "bool"}


@click.command()
@click.argument("scores_file", required=False, type=click.Path(dir_okay=False))
@jurisdiction_option
@output_options(formats=FORMATS)
@pass_app
def score(app, scores_file, code, profile_name, fmt, output):
    """Pilot scoring: each row's score, rank and award with the rule behind it.

    Xixiu (520402): columns unit, month, score → monthly descending ranks from the second
    quarter, ties sharing a rank; the award needs the award_pool parameter and is given
    once per unit, on its first row (so the award column sums to the pool). Yinchuan
    (640100): yes/no capacity targets per unit → share met and each shortfall named.

    \b
    Example:
      jiuzhu score monthly_scores.csv -j 520402
    """
    from jiuzhu.cli.columns import score_columns, score_json
    from jiuzhu.core.evaluate import score as evaluate
    from jiuzhu.core.io.readers import read_records

    profile, chain = app.chain_for(code, profile_name)
    scores, source = read_input(scores_file, SAMPLES.get("scores"), read_records)
    result = evaluate(scores, chain, registry=app.registry)
    if not result.rules:
        from jiuzhu.cli.main import UserError

        regulating = [code for code, record in app.registry.plugins.items() if "pilot scoring" in record.families()]
        raise UserError(f"pilot scoring is not regulated in the chain {' → '.join(chain.codes)}; "
                        f"jurisdictions that regulate it: {', '.join(regulating) or 'none'} (-j CODE)",
                        zh=f"适用层级 {' → '.join(chain.codes)} 未规定试点考评；规定了的辖区："
                           f"{'、'.join(regulating) or '无'}（用 -j 代码）")
    for line in result.notes():
        note(f"note: {line}")
    report = Report(command="score", columns=lambda: score_columns(result), kinds=SCORE_KINDS,
                    records=result.records, json_text=lambda end: score_json(result, end=end),
                    table=("row", "unit", "month", "score", "rank", "award", "shortfalls"))
    deliver_report(report, fmt, output, app, [(profile, chain)], source)

