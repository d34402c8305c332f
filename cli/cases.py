"""``jiuzhu test``: run the test cases policy staff write (``CODE.cases.toml``) and show,
for each failure, what was expected, what the rules gave, and the clause."""

from __future__ import annotations

from pathlib import Path

import click
from jiuzhu.cli.context import pass_app
from jiuzhu.cli.output import deliver, note, output_options, rows_as, to_json
from jiuzhu.core.i18n import say


@click.command("test")
@click.argument("targets", nargs=-1, metavar="[CODE | FILE]...")
@output_options
@pass_app
def test(app, targets, fmt, output):
    """Run test cases: every installed jurisdiction's CODE.cases.toml, those of the codes
    given, or the case FILEs given. Each failure prints expected against got, with the
    clause and its quote. Exit status 1 when any case fails.

    \b
    A case (TOML): name, command (staffing | check | deduct | allocate), input, expect,
    clause, quote; optionally jurisdiction or profile, subject, overrides, as_of.

    \b
    Example:
      jiuzhu test 530000
    """
    from jiuzhu.core.rules.cases import builtin_case_files, load_cases, run_case

    registry = app.registry
    paths = []
    for target in targets:
        if target.isdigit() and len(target) == 6 and not Path(target).exists():
            registry.tree[target]  # an unknown code is one clear message
            found = builtin_case_files(registry, [target])
            if not found:
                raise click.ClickException(f"{target} has no case file ({target}.cases.toml beside its TOML); "
                                           "`jiuzhu new-jurisdiction` writes one to start from")
            paths.extend(found)
        elif Path(target).is_file():
            paths.append(Path(target))
        else:
            raise click.ClickException(f"{target}: neither a jurisdiction code nor a case file")
    if not targets:
        paths = builtin_case_files(registry)
    store = app.store()
    outcomes = [run_case(case, registry, store) for path in paths for case in load_cases(path)]
    failed = [o for o in outcomes if not o.passed]
    if fmt == "json":
        deliver(to_json(o.as_dict() for o in outcomes), output)
    elif fmt == "csv":
        rows = [[o.case.source, o.case.number, o.case.name, "pass" if o.passed else "FAIL",
                 "; ".join(f"{k}: expected {e}, got {g}" for k, e, g in o.mismatches) or o.error,
                 o.case.clause, o.case.quote] for o in outcomes]
        deliver(rows_as("csv", rows, ["file", "case", "name", "result", "detail", "clause", "quote"]), output)
    else:
        lines = []
        for o in failed:
            c = o.case
            lines.append(f"FAIL 未通过 {c.where}")
            for key, expected, got in o.mismatches:
                lines.append(f"  {key}: expected 应为 {expected!r}, got 实为 {'none' if got is None else repr(got)}")
            if o.error:
                lines.append(f"  could not run 无法运行: {o.error}")
            lines.append(f"  clause 条款: {c.jurisdiction or c.profile} {c.clause} 「{c.quote}」")
        files = len(paths)
        passed = len(outcomes) - len(failed)
        lines.append(say(f"{files} 个文件共 {len(outcomes)} 个用例：{passed} 个通过，{len(failed)} 个未通过",
                         f"{len(outcomes)} case(s) in {files} file(s): {passed} passed 通过, {len(failed)} failed 未通过"))
        deliver("\n".join(lines) + "\n", output)
    if not outcomes:
        note("no case files found 未找到测试用例文件")
    if failed:
        raise click.exceptions.Exit(1)
