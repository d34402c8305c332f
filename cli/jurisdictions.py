"""``jiuzhu jurisdictions`` (the tree) and ``jiuzhu show CODE`` (one jurisdiction in full)."""

from __future__ import annotations

import click
from jiuzhu.cli.context import as_of_options, pass_app
from jiuzhu.cli.output import emit, fit_text, output_options, parameter_value, render_table, to_csv, to_json


def _jurisdiction_record(registry, j) -> dict:
    record = registry.plugins[j.code]
    return {
        "code": j.code, "name_zh": j.name_zh, "name_en": j.name_en, "level": j.level, "parent": j.parent,
        "administrative_parent": j.administrative_parent, "draft": j.is_draft,
        "regulates": record.families(),
        "plugin": {"distribution": record.distribution, "version": record.version, "module": record.name},
        "documents": [{"id": d.id, "title": d.title, "issuer": d.issuer, "date": d.date, "status": d.status,
                       "effective": str(d.effective or ""), "until": str(d.until or ""),
                       "superseded_by": d.superseded_by, "implements": d.implements}
                      for d in j.documents],
    }


def tree_order(registry) -> list[tuple[int, object]]:
    """``(depth, jurisdiction)`` pairs, parents before their children."""
    ordered = []

    def walk(parent, depth):
        for j in registry.tree.children(parent):
            ordered.append((depth, j))
            walk(j.code, depth + 1)

    walk(None, 0)
    return ordered


def jurisdiction_records(registry, as_of=None, in_force_only: bool = False) -> list[dict]:
    """``jiuzhu jurisdictions --format json``: every jurisdiction, in tree order, with whether
    its rules apply on ``as_of`` (default today): ``not_in_force`` is why not, or null."""
    from jiuzhu.core.model.dates import today

    day = as_of or today()
    return [{**_jurisdiction_record(registry, j), "as_of": str(day), "not_in_force": j.on(day, in_force_only)[1]}
            for _, j in tree_order(registry)]


def jurisdiction_detail(registry, chain) -> dict:
    """``jiuzhu show CODE --format json``: the target of ``chain`` with its chain, the levels
    answering each family, every parameter with its clause, and the version in force."""
    record = _jurisdiction_record(registry, chain.target)
    record.update(chain=list(chain.codes), answered_by=registry.answering(chain), parameters=_parameters(chain.target),
                  as_of=str(chain.as_of), versions=_versions(chain))
    return record


def _versions(chain) -> dict[str, str]:
    return {c.code: (f"not in force 不适用: {chain.dormant[c.code]}" if c.code in chain.dormant
                     else c.answering_document().version_label()) for c in chain}


def _parameters(j) -> list[dict]:
    return [{"name": p.name, "value": p.value, "unit": p.unit, "clause": p.citation.clause,
             "quote": p.citation.quote, "assumption": p.assumption, "interpretation": p.interpretation,
            "informational": p.informational, "open_list": p.open_list,
             "description": p.description} for p in j.parameters.values()]


@click.command()
@as_of_options
@output_options
@pass_app
def jurisdictions(app, fmt, output):
    """List the installed jurisdictions as a tree, with what each regulates.

    \b
    JSON: an array of objects with code, name_zh, name_en, level, parent (a code or
    null), draft, regulates (rule families), documents, as_of and not_in_force (why the
    jurisdiction's rules do not apply on --as-of, or null).

    \b
    Example:
      jiuzhu jurisdictions --format json
    """
    registry = app.registry
    ordered = tree_order(registry)
    records = jurisdiction_records(registry, app.as_of, app.in_force_only)
    day = records[0]["as_of"] if records else ""
    if fmt == "json":
        emit(to_json(records), output)
        return
    headers = ["code 代码", "name 名称", "level 层级", "parent 上级", "regulates 规定的规则", "status"]
    rows = [[("  " * depth) + j.code, f"{j.name_zh} {j.name_en}", j.level, j.parent or "—",
             ", ".join(rec["regulates"]),
             f"not in force on {day} 未生效" if rec["not_in_force"] else "draft 征求意见稿" if j.is_draft else "in force"]
            for (depth, j), rec in zip(ordered, records)]
    if fmt == "csv":  # data values under stable English keys, not the table's display strings
        keys = ["code", "name_zh", "name_en", "level", "parent", "regulates", "draft", "not_in_force"]
        emit(to_csv([[_csv_value(rec[k]) for k in keys] for rec in records], keys), output)
        return
    emit(render_table(rows, headers), output)


def _csv_value(value):
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return "" if value is None else value


@click.command()
@click.argument("code")
@as_of_options
@output_options
@pass_app
def show(app, code, fmt, output):
    """Show one jurisdiction: its documents, its parameters with their clauses (the
    interpretation register marked), and which level of its chain answers each rule family.

    \b
    Example:
      jiuzhu show 530323
    """
    registry = app.registry
    chain = app.chain(code)
    j = chain.target
    versions = _versions(chain)
    answers = registry.answering(chain)
    params = _parameters(j)
    if fmt == "json":
        emit(to_json([jurisdiction_detail(registry, chain)]), output)
        return
    if fmt == "csv":
        emit(to_csv([[p["name"], p["value"], p["unit"], p["clause"], p["assumption"], p["interpretation"],
                      p["description"]] for p in params],
                    ["name", "value", "unit", "clause", "assumption", "interpretation", "description"]), output)
        return
    lines = [f"{j.code} {j.name_zh} {j.name_en} ({j.level})",
             f"chain 适用层级: {' → '.join(f'{c.code} {c.name_zh}' for c in chain)}"]
    if j.administrative_parent and not j.parent:
        lines.append(f"administrative parent {j.administrative_parent} is not modelled")
    for d in j.documents:
        status = "DRAFT for comment 征求意见稿, no legal force" if d.is_draft else d.status.replace("_", " ")
        span = f"in force {d.effective} to {d.until}" if d.until else f"in force from {d.effective}"
        lines.append(f"document 文件: {d.title} ({d.issuer}, issued {d.date}, {span}; {status})")
    lines.append("")
    lines.append(f"as of 截至 {chain.as_of}, the version answering 适用版本:")
    for c in chain:
        lines.append(f"  {c.code} {c.name_zh}: {versions[c.code]}")
    lines.append("")
    lines.append("rule families 规则类别 (levels that answer; every level of the chain applies):")
    for family, codes in answers.items():
        lines.append(f"  {family:<14} {', '.join(codes) if codes else 'not regulated in this chain'}")
    lines.append("")
    lines.append("parameters 参数 (* interpretation register, ! assumption: the text does not give the value):")
    lines.append("  ~ open list 开放列举 (主要包括, …等), i informational 仅列明 (no rule reads it; not overridable)")
    from jiuzhu.core.i18n import translate_lines

    text = fit_text(translate_lines("\n".join(lines))) + "\n"
    rows = [[("*" if p["interpretation"] else "") + ("!" if p["assumption"] else "")
             + ("~" if p["open_list"] else "") + ("i" if p["informational"] else ""), p["name"],
             parameter_value(p["value"], p["unit"]),
             p["unit"], p["clause"]] for p in params]
    emit(text + render_table(rows, ["", "name 名称", "value 数值", "unit 单位", "clause 条款"]), output)
