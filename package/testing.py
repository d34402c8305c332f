"""The conformance suite for jurisdiction plugins, usable from pytest in a plugin's own repo::

    from jiuzhu.testing import assert_conformant

    def test_conformance():
        assert_conformant("520000")

It checks that the jurisdiction loads; that every parameter is cited to a declared
document or flagged as an assumption, is read by some rule (or marked informational)
and, for a list, says whether the text's list is open; that its parent exists and its
chain resolves; that every hook it implements returns answers that pass the checks jiuzhu makes where it calls
a hook (:mod:`jiuzhu.core.hooks.validation`: types, column lengths, statuses, non-negative counts,
finite numbers, citations of its own code) for empty, one-row and many-row tables, and
raises no data error on an empty table; and that results are deterministic.
"""

from __future__ import annotations

import numpy as np

from jiuzhu.core.model.errors import InputError, JiuzhuError
from jiuzhu.core.hooks.specs import RULE_FAMILIES
from jiuzhu.core.model.table import Table

__all__ = ["assert_conformant", "conformance_problems", "sample_units", "unread_parameters", "open_list_problems"]

ELIGIBILITY_SUBJECTS = ("xieliyuan_candidate", "contractor", "purchase_item", "dispatched_worker", "worker_task",
                        "fund_use", "purchaser", "household", "case", "evaluation", "civil_affairs_staff")
DEDUCTION_SUBJECTS = {"contractor_payment": {"count": "1", "monthly_wage": "2400"},
                      "target_score": {"count": "1"}}


def sample_units(n: int) -> Table:
    """``n`` units cycling through the levels, with populations and caseloads around common thresholds."""
    levels = np.array(["county", "township", "village"], dtype=object)[np.arange(n) % 3]
    population = np.array([0, 4999, 5000, 10000, 29999, 30000, 30001, 50000, 50001, 120000], dtype=np.int64)
    dibao = np.array([0, 799, 800, 1500, 1501, 2400, 30000, 30001, 45000, 100000], dtype=np.int64)
    codes = np.array([f"t{i:06d}" for i in range(n)], dtype=object)
    return Table({"code": codes, "level": levels, "population": population[np.arange(n) % 10],
                  "dibao_count": dibao[np.arange(n) % 10]}, source="<conformance>")


def _records(n: int, row: dict[str, str]) -> Table:
    return Table({k: np.full(n, v, dtype=object) for k, v in {"id": "x", **row}.items()}, "<conformance>")


def conformance_problems(code: str, registry=None) -> list[str]:
    """Every way the jurisdiction ``code`` breaks the plugin contract (empty: it conforms)."""
    from jiuzhu.core.evaluate import allocate, check, deduct, default_registry, score, staffing

    registry = registry or default_registry()
    problems: list[str] = []
    failed = [f for f in registry.failures if f.name == code]
    if failed:
        return [f"plugin {code} ({f.distribution}) does not load: {f.reason}" for f in failed]
    if code not in registry.plugins:
        return [f"no installed plugin provides jurisdiction {code}"]
    record = registry.plugins[code]
    j = record.jurisdiction
    doc_titles = {d.title for d in j.documents}
    for p in j.parameters.values():
        if not p.assumption and not (p.citation.clause and p.citation.document in doc_titles):
            problems.append(f"parameter {p.name}: neither cited to a declared document and clause nor flagged "
                            "assumption = true")
    if j.parent is not None and j.parent not in registry.plugins:
        problems.append(f"parent {j.parent} is not installed")
    try:
        chain = registry.chain(code)
        registry.plugin_manager_for(chain)
    except JiuzhuError as exc:
        return problems + [f"the chain does not resolve: {exc}"]
    hooks = set(record.hooks())

    def attempt(hook: str, size: int, run) -> None:
        try:
            run()
        except InputError as exc:
            # With rows, the plugin may name a field these generic records lack: a data error,
            # not a contract breach. With no rows there is no cell to blame.
            if size == 0:
                problems.append(f"{hook} with 0 row(s) raised a data error: {exc}")
        except JiuzhuError as exc:
            problems.append(f"{hook} with {size} row(s): {exc}")
        except Exception as exc:  # a combiner tripping on a malformed answer
            problems.append(f"{hook} with {size} row(s): {type(exc).__name__}: {exc}")

    # Each hook through the same API users call: the chain's answers, combined and checked.
    for size in (0, 1, 25):
        units = sample_units(size)
        if "jiuzhu_staffing_rule" in hooks:
            attempt("jiuzhu_staffing_rule", size, lambda: list(staffing(units, chain, registry=registry).records()))
        if "jiuzhu_eligibility_check" in hooks:
            for subject in sorted(set(ELIGIBILITY_SUBJECTS) | set(registry.subjects())):  # and any it declares
                recs = _records(size, {})
                attempt(f"jiuzhu_eligibility_check({subject})", size,
                        lambda: list(check(subject, recs, chain, registry=registry).records()))
        if "jiuzhu_deduction_rule" in hooks:
            for subject, row in DEDUCTION_SUBJECTS.items():
                recs = _records(size, row)
                attempt(f"jiuzhu_deduction_rule({subject})", size,
                        lambda: list(deduct(subject, recs, chain, registry=registry).records()))
        if "jiuzhu_fund_factor_weighting" in hooks:
            attempt("jiuzhu_fund_factor_weighting", size,
                    lambda: list(allocate(units, chain, registry=registry).records()))
        if "jiuzhu_pilot_scoring" in hooks:
            recs = _records(size, {})
            attempt("jiuzhu_pilot_scoring", size,
                    lambda: list(score(recs, chain, registry=registry).records()))
    problems += _subject_problems(record, chain, registry)
    if not hooks & set(RULE_FAMILIES):
        problems.append("implements no rule-family hook: it answers nothing")
    if "jiuzhu_staffing_rule" in hooks:
        units = sample_units(30)
        try:
            first = list(staffing(units, chain, registry=registry).records())
            second = list(staffing(units, chain, registry=registry).records())
            if first != second:
                problems.append("jiuzhu_staffing_rule is not deterministic: two runs on the same units differ")
        except JiuzhuError:
            pass  # already reported above
    return problems


def _subject_problems(record, chain, registry) -> list[str]:
    """Each subject the plugin declares must bring a sample file that reads and checks."""
    from importlib.resources import as_file

    from jiuzhu.core.evaluate import check
    from jiuzhu.core.io.readers import read_records

    problems = []
    for subject in record.subjects:
        if subject.sample is None:
            problems.append(f"subject {subject.name}: declares no sample file (`jiuzhu check {subject.name}` "
                            "runs on it when given no file)")
            continue
        try:
            with as_file(subject.sample) as path:
                records = read_records(path, headers=subject.headers())
            list(check(subject.name, records, chain, registry=registry).records())
        except (JiuzhuError, OSError) as exc:
            problems.append(f"subject {subject.name}: its sample {getattr(subject.sample, 'name', subject.sample)} "
                            f"does not check: {exc}")
    return problems


def _bundled_samples() -> list[Table]:
    """Every bundled sample table (they exercise the rules the way users' files do)."""
    from importlib.resources import as_file, files

    from jiuzhu.core.io.readers import read_records

    out = []
    for entry in files("jiuzhu.samples").iterdir():
        if entry.name.endswith(".csv"):
            with as_file(entry) as path:
                out.append(read_records(path))
    return out


def unread_parameters(code: str, registry=None) -> list[str]:
    """The parameters ``code`` declares that no rule of its chain reads, on empty, sample and
    bundled-sample inputs through every hook, and that are not marked ``informational``
    (a number the text states but no rule uses: an override of it would change nothing)."""
    from jiuzhu.core.evaluate import allocate, check, deduct, default_registry, score, staffing
    from jiuzhu.core.model import recording_reads

    registry = registry or default_registry()
    if code not in registry.plugins:
        return []
    chain = registry.chain(code)
    units = sample_units(30)
    units = Table({**units.columns,
                   "special_funds": np.full(30, 1000.0)}, source="<conformance>")
    tables = [_records(1, {}), *_bundled_samples()]
    subjects = sorted(set(ELIGIBILITY_SUBJECTS) | set(registry.subjects()))
    with recording_reads() as reads:
        def attempt(run):
            try:
                run()
            except JiuzhuError:
                pass  # a sample lacking a field the rule needs: what was read so far still counts

        attempt(lambda: list(staffing(units, chain, registry=registry).records()))
        attempt(lambda: list(allocate(units, chain, registry=registry).records()))
        for table in tables:
            for subject in subjects:
                attempt(lambda: list(check(subject, table, chain, registry=registry).records()))
            for subject in DEDUCTION_SUBJECTS:
                attempt(lambda: list(deduct(subject, table, chain, registry=registry).records()))
            attempt(lambda: score(table, chain, registry=registry).rules)
    declared = registry.plugins[code].jurisdiction.parameters
    return [name for name, p in declared.by_name.items() if not p.informational and (code, name) not in reads]


def open_list_problems(code: str, registry=None) -> list[str]:
    """Each list parameter of ``code`` that does not say whether the text's list is open."""
    from jiuzhu.core.evaluate import default_registry

    registry = registry or default_registry()
    if code not in registry.plugins:
        return []
    return [f"parameter {p.name}: a list needs open_list = true (主要包括, 主要是, …等) or false (closed)"
            for p in registry.plugins[code].jurisdiction.parameters.by_name.values()
            if isinstance(p.value, (list, tuple)) and p.open_list is None]


def assert_conformant(code: str, registry=None) -> None:
    """Fail (AssertionError) with every problem :func:`conformance_problems` finds, every
    declared parameter no rule reads (:func:`unread_parameters`) and every list that does not
    say whether it is open (:func:`open_list_problems`)."""
    problems = conformance_problems(code, registry)
    if not problems:  # a plugin that does not load or answer has nothing to read
        problems += [f"parameter {name}: declared, but no rule reads it; mark it informational = true if the "
                     "text states it without a rule" for name in unread_parameters(code, registry)]
        problems += open_list_problems(code, registry)
    if problems:
        raise AssertionError(f"jurisdiction {code} does not conform:\n  - " + "\n  - ".join(problems))
