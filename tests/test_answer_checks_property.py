"""Property: whatever a plugin returns, the checks made where its hook is called either
accept it, and then the combiner resolves it without error, or refuse it with one
BadAnswer message; nothing else escapes (no traceback names no plugin)."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casecount import count_case
from conftest import make_units
from jiuzhu.core.hooks.answers import Condition, Deduction, Duty, Factor, FundRule, ScoringRule, StaffingRule
from jiuzhu.core.combine import combine_checks, combine_deductions, combine_funds, combine_scores, combine_staffing
from jiuzhu.core.model import Citation
from jiuzhu.core.model.table import Table
from jiuzhu.core.hooks.validation import BadAnswer, valid_answer

N = 3
OWN = Citation("530000", "云南省通知", "二(一)")
CHECKED = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.too_slow])

# Columns a careless plugin might return: right and wrong lengths, types and values.
columns = st.one_of(
    st.just(np.array([0, 1, 2])), st.just(np.array([True, False, True])), st.just(np.array([1.5, np.nan, 0.0])),
    st.just(np.array([["x"], [], ["y"]] + [None], dtype=object)[:-1]),
    st.none(), st.integers(-3, 3), st.text(max_size=3), st.just({"a": 1}),
    st.lists(st.integers(-2, 5), min_size=0, max_size=4).map(np.array),
    st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=N, max_size=N).map(np.array),
    st.lists(st.booleans(), min_size=N, max_size=N).map(np.array),
    st.lists(st.sampled_from(["a", None, 1, [], ["x"]]), min_size=N, max_size=N).map(
        lambda v: np.array(v + [object()], dtype=object)[:-1]),
)
citations = st.sampled_from([OWN, Citation("530323", "d", "一"), "二(一)", None])
flags = st.one_of(st.booleans(), columns)


def usually(valid, garbage=columns):
    """Mostly the valid value (or strategy), sometimes something a careless plugin returns instead."""
    good = valid if isinstance(valid, st.SearchStrategy) else st.just(valid)
    return st.one_of(good, good, good, good, garbage)


def _answers(kind):
    return st.one_of(st.none(), st.text(max_size=3), st.just({"floors": 1}), kind,
                     st.lists(usually(kind, st.integers()), min_size=1, max_size=3))


MASK, COUNTS = np.array([True, False, True]), np.array([1, 0, 2])
cite = usually(OWN, citations)
staffing = st.builds(StaffingRule, role=usually("county_staff", st.just(1)), citation=cite, applies=usually(MASK),
                     minimum=usually(COUNTS), maximum=st.one_of(st.none(), usually(COUNTS * 2)),
                     assumption=usually(False, flags), max_citation=st.one_of(st.none(), cite))
conditions = st.builds(Condition, key=usually("age", st.none()), description=st.just("age"), citation=cite,
                       status=usually(np.array([0, 1, 4]), columns),
                       reason=usually(np.array(["ok", "too old", None], dtype=object)))
duties = st.builds(Duty, key=st.just("filing"), description=st.just("filing"), citation=cite, applies=usually(MASK))
deductions = st.builds(Deduction, subject=st.just("contractor_payment"), citation=cite,
                       unit=usually("yuan", st.none()), minimum=usually(np.array([1.0, 2.0, 0.0])),
                       maximum=usually(np.array([3.0, 2.0, 5.0])), applies=st.one_of(st.none(), usually(MASK)),
                       assumption=usually(False, flags), remedies=usually(("x",), st.sampled_from([None, (1,)])))
factors = st.builds(Factor, key=st.just("workload"), description=st.just("workload"), column=st.just("workload"),
                    weight=usually(0.5, st.sampled_from([-1, float("nan"), "x", True])), citation=cite)
funds = st.builds(FundRule, citation=cite, factors=st.lists(usually(factors, st.integers()), max_size=2).map(tuple),
                  floors=st.one_of(st.none(), usually(np.array([70000, -1, 40000]))),
                  floor_citation=usually(OWN, citations),
                  budget_share=st.sampled_from([None, (0.01, OWN), (2, OWN), ("x", OWN)]),
                  floor_citations=st.sampled_from([None, np.array([OWN] * N, dtype=object),
                                                   np.array([OWN, OWN, Citation("530323", "d", "一")], dtype=object),
                                                   np.array(["二(一)", None, OWN], dtype=object)]))
scorings = st.builds(ScoringRule, citation=cite, score=usually(np.array([80.0, np.nan, 60.0])),
                     shortfalls=usually([[], ["printer"], []]), ranks=st.one_of(st.none(), usually(COUNTS)),
                     award=st.one_of(st.none(), usually(np.array([10.0, 0.0, 5.0]))),
                     award_citation=usually(OWN, citations), tie_rule=st.just(""))

UNITS = make_units(("county", 0, 45000), ("township", 45000, 2000), ("village", 6000, 0))
RECORDS = Table.from_rows([{"id": "a", "workload": "1"}, {"id": "b", "workload": "2"}, {"id": "c", "workload": "3"}])


def _chain(registry):
    return registry.chain("530000")


ACCEPTED: dict[str, int] = {}


def _holds(hook, answer, table, combine, registry):
    try:
        checked = valid_answer(hook, answer, {"units": table, "records": table, "incidents": table,
                                              "scores": table}, "530000")
    except BadAnswer as exc:
        assert str(exc)  # one message
        return
    if checked is not None:
        combine(_chain(registry), {"530000": checked})
        ACCEPTED[hook] = ACCEPTED.get(hook, 0) + 1


@CHECKED
@given(answer=_answers(staffing))
def test_staffing_answers(answer, registry):
    count_case("plugin answers")
    _holds("jiuzhu_staffing_rule", answer, UNITS,
           lambda c, a: list(combine_staffing(UNITS, c, a).records()), registry)


@CHECKED
@given(answer=_answers(st.one_of(conditions, duties)))
def test_eligibility_answers(answer, registry):
    count_case("plugin answers")
    _holds("jiuzhu_eligibility_check", answer, RECORDS,
           lambda c, a: list(combine_checks("x", RECORDS, c, a).records()), registry)


@CHECKED
@given(answer=_answers(deductions))
def test_deduction_answers(answer, registry):
    count_case("plugin answers")
    _holds("jiuzhu_deduction_rule", answer, RECORDS,
           lambda c, a: list(combine_deductions("contractor_payment", RECORDS, c, a).records()), registry)


@CHECKED
@given(answer=usually(funds, st.one_of(st.none(), st.text(max_size=2), st.just({"floors": 1}))))
def test_fund_answers(answer, registry):
    count_case("plugin answers")
    units = Table({**{k: UNITS[k] for k in ("code", "level", "population", "dibao_count")},
                   "workload": np.array([1, 2, 3])})
    _holds("jiuzhu_fund_factor_weighting", answer, units,
           lambda c, a: list(combine_funds(units, c, a, 100.0).records()), registry)


@CHECKED
@given(answer=usually(scorings, st.one_of(st.none(), st.text(max_size=2))))
def test_scoring_answers(answer, registry):
    count_case("plugin answers")
    _holds("jiuzhu_pilot_scoring", answer, RECORDS,
           lambda c, a: list(combine_scores(RECORDS, c, a).records()), registry)


def test_some_generated_answers_were_accepted_and_combined():
    """The properties above are not vacuous: each family had answers accepted and combined."""
    assert set(ACCEPTED) == {"jiuzhu_staffing_rule", "jiuzhu_eligibility_check", "jiuzhu_deduction_rule",
                             "jiuzhu_fund_factor_weighting", "jiuzhu_pilot_scoring"}, ACCEPTED


def test_a_bad_per_unit_floor_citation_names_its_record():
    """Per-unit floor citations are checked once per distinct citation, and the message still
    names the first record holding a bad one (record 1 has no floor, so record 3 is named)."""
    import pytest

    other = Citation("530323", "d", "一")
    answer = FundRule(citation=OWN, factors=(), floors=np.array([-1, 70000, 40000]), floor_citation=OWN,
                      floor_citations=np.array([other, OWN, other], dtype=object))
    with pytest.raises(BadAnswer, match="floor_citations at record 3 names jurisdiction 530323"):
        valid_answer("jiuzhu_fund_factor_weighting", answer, {"units": UNITS}, "530000")
