"""Eligibility subjects in the CLI, all from what the plugins declare (``jiuzhu_subjects``):
naming one, reading its records file with its Chinese headers, listing the subjects and a
subject's fields, and the reference page docs/subjects.md."""

from __future__ import annotations

import click
from jiuzhu.cli.output import current_lang, deliver, note, rows_as, to_json


def complete_subjects(ctx, param, incomplete):
    """Shell completion of SUBJECT: the declared subjects."""
    from jiuzhu.core.evaluate import default_registry

    return [name for name in default_registry().subjects() if name.startswith(incomplete)]


def subject_named(app, name: str):
    """The :class:`~jiuzhu.core.rules.subjects.Subject` a loaded plugin declares as ``name``, or one
    message listing those there are."""
    subjects = app.registry.subjects()
    if name not in subjects:
        raise click.UsageError(f"unknown subject {name!r} 未知的核查对象; the installed plugins declare: "
                               f"{', '.join(subjects) or 'none'} (`jiuzhu check` describes them)")
    return subjects[name]


def read_subject_records(subject, records_file):
    """``(table, Source)`` for a subject's records file (its sample without one), its declared
    Chinese headers read as its fields; a column no field names is said, not silently kept."""
    from jiuzhu.cli.rules import read_input
    from jiuzhu.core.io.readers import read_records

    def read_declared(path, **kwargs):
        # The reader's own unknown-column note is said below, once, naming the subject.
        import attrs

        table = read_records(path, **kwargs)
        return attrs.evolve(table, notes=[n for n in table.notes if "is not a field jiuzhu knows" not in n])

    records, source = read_input(records_file, subject.sample, read_declared, headers=subject.headers())
    for line in unknown_columns(subject, records, source.label):
        note(line)
    return records, source


def read_subject_batches(subject, records_file):
    """``(tables, Source)``: :func:`read_subject_records` a batch of records at a time (the
    notes said once, the columns no field names said after the first batch)."""
    from jiuzhu.cli.rules import read_input_batches

    tables, source = read_input_batches(records_file, headers=subject.headers(),
                                        hidden=lambda line: "is not a field jiuzhu knows" in line)

    def said():
        for i, table in enumerate(tables):
            if i == 0:
                for line in unknown_columns(subject, table, source.label):
                    note(line)
            yield table

    return said(), source


def unknown_columns(subject, records, label: str) -> list[str]:
    """A note for each column of ``records`` that no field of ``subject`` names."""
    from jiuzhu.core.io.readers import nearest_field

    known = {f.name for f in subject.all_fields()}
    notes = []
    for name in records.columns:
        if name not in known:
            near = nearest_field(name, subject.headers())
            notes.append(f"note: {label}: column {name!r} is not a field of {subject.name}; no rule reads it "
                         f"(`jiuzhu check {subject.name} --fields` lists them)"
                         + (f"; did you mean {near}?" if near else ""))
    return notes


def deliver_subjects(app, fmt, output):
    """What ``jiuzhu check`` with no SUBJECT prints: every declared subject, what it lists, its sample."""
    subjects = app.registry.subjects()
    if fmt == "json":
        deliver(to_json([{"subject": s.name, "name_zh": s.name_zh, "description": s.description,
                          "sample": getattr(s.sample, "name", None)} for s in subjects.values()]), output)
        return
    if current_lang() == "zh":  # the Chinese name says what it lists; the English description is for English readers
        rows = [[s.name, s.name_zh, getattr(s.sample, "name", "—")] for s in subjects.values()]
        deliver(rows_as(fmt, rows, ["subject 核查对象", "名称", "sample 样例"]), output)
        return
    rows = [[s.name, s.name_zh, s.description, getattr(s.sample, "name", "—")] for s in subjects.values()]
    deliver(rows_as(fmt, rows, ["subject 核查对象", "名称", "what it lists 说明", "sample 样例"]), output)


def deliver_fields(subject, fmt, output):
    """What ``jiuzhu check SUBJECT --fields`` prints: the subject's columns."""
    from jiuzhu.core.rules.subjects import FIELD_TYPES

    fields = subject.all_fields()
    if fmt == "json":
        deliver(to_json([{"field": f.name, "name_zh": f.name_zh, "type": f.type, "aliases": list(f.aliases),
                          "values": {k: list(w) for k, w in f.values.items()}, "description": f.description}
                         for f in fields]), output)
        return
    rows = [[f.name, f.name_zh, FIELD_TYPES[f.type], " / ".join(f.aliases),
             "; ".join(f"{k} ({'/'.join(w)})" if w else k for k, w in f.values.items()), f.description]
            for f in fields]
    headers = ["field 字段", "中文列名", "type 类型", "also accepted 其他列名", "values 取值", "meaning 含义"]
    zh = current_lang() == "zh" and fmt != "csv"
    if zh:  # the Chinese column name says what it holds; the English meaning is for English readers
        rows = [[r[0], r[1], r[2].rpartition("(")[2].rstrip(")") or r[2], *r[3:5]] for r in rows]
        headers = headers[:5]
    text = rows_as(fmt, rows, headers)
    if fmt != "csv":
        sample = getattr(subject.sample, 'name', '—')
        text = (f"{subject.name} {subject.name_zh}\n样例：{sample}\n\n" if zh else
                f"{subject.name} {subject.name_zh}: {subject.description}\nsample 样例: {sample}\n\n") + text
    deliver(text, output)


def subjects_markdown(subjects) -> str:
    """docs/subjects.md: every subject with its fields, as the plugins declare them."""
    from jiuzhu.core.rules.subjects import FIELD_TYPES

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = ["# Eligibility subjects", "",
             "What `jiuzhu check SUBJECT FILE` checks, as the built-in plugins declare it (generated from",
             "their declarations; `jiuzhu check` and `jiuzhu check SUBJECT --fields` show the same for every",
             "installed plugin, third-party ones included). A file may use the English or the Chinese",
             "header of a field; `yes_no` cells take yes/no/是/否; a blank cell is unknown (needs review).", ""]
    for s in subjects.values():
        lines += [f"## {s.name} ({s.name_zh})", "", f"{s.description}. Sample: `{getattr(s.sample, 'name', '—')}`.", "",
                  "| field | 中文列名 | type | also accepted | values | meaning |", "|---|---|---|---|---|---|"]
        for f in s.all_fields():
            values = "; ".join(f"`{k}` ({'/'.join(w)})" if w else f"`{k}`" for k, w in f.values.items())
            lines.append(f"| `{f.name}` | {f.name_zh} | {FIELD_TYPES[f.type]} | {cell(' / '.join(f.aliases))} | "
                         f"{cell(values)} | {cell(f.description)} |")
        lines.append("")
    return "\n".join(lines)
