"""Shizong (530323) under Yunnan: what the chain inherits, what Shizong adds, and conflicts."""

from __future__ import annotations

import pytest

from conftest import by_role, make_units, run_json
from jiuzhu.core.model.errors import ParameterError
from jiuzhu.core.evaluate import staffing


def test_township_worked_example():
    """RULES.md: Shizong township with 2,000 dibao → Yunnan's floor of 2 to 3 full-time staff binds
    (530000 二(一)); Shizong's one purchased case worker is its own role
    (530323 二(一): 每个乡(镇、街道)配备1名社会救助经办员)."""
    result = by_role(staffing(make_units(("township", 0, 2000)), "530323"))
    staff = result[("u1", "township_staff")]
    assert (staff["minimum"], staff["maximum"], staff["jurisdiction"]) == (2, 3, "530000")
    assert staff["citation"]["clause"] == "二(一)"
    worker = result[("u1", "township_case_worker")]
    assert (worker["minimum"], worker["maximum"], worker["jurisdiction"]) == (1, 1, "530323")
    assert "25" in worker["sources"][0]["note"]  # the county-wide plan is said, not placed


def test_county_department_inherits_yunnan():
    """Shizong states no county-department floor: Yunnan 二(一) answers (45,000 dibao → 5)."""
    r = by_role(staffing(make_units(("county", 0, 45000)), "530323"))[("u1", "county_staff")]
    assert (r["minimum"], r["jurisdiction"]) == (5, "530000")


@pytest.mark.parametrize("pop, hi", [(4999, 1), (5000, 2), (10000, 3)])
def test_village_keeps_yunnans_size_allowance(pop, hi):
    """530323 二(二) 协理员原则上每个村(社)配备1人 restates the base and says nothing of the
    allowance, so Yunnan's 可配备2人/3人 permission survives; both levels are sources."""
    r = by_role(staffing(make_units(("village", pop, 0)), "530323"))[("u1", "village_xieliyuan")]
    assert (r["minimum"], r["maximum"]) == (1, hi)
    assert {s["jurisdiction"] for s in r["sources"]} == {"530000", "530323"}
    assert r["jurisdiction"] == "530000"  # a tie goes to the level that first states the floor


def test_lower_floor_below_parent_is_a_conflict():
    """下位不得抵触上位: a county override setting villages to 0 协理员 falls below Yunnan's
    floor of 1; the floor applies and the conflict names both clauses."""
    result = staffing(make_units(("village", 100, 0)), "530323", overrides={"530323.village_xieliyuan_base": 0})
    r = by_role(result)[("u1", "village_xieliyuan")]
    assert r["minimum"] == 1 and r["jurisdiction"] == "530000"
    assert "530323 二(二)" in r["conflict"] and "530000 二(二)" in r["conflict"]


def test_no_conflict_in_the_documents_as_read():
    """RULES.md: none of the documents conflicts once roles are read as the texts name them."""
    units = make_units(("county", 0, 45000), ("township", 0, 2000), ("village", 12000, 0), ("village", 10, 0))
    assert all(r["conflict"] is None for r in staffing(units, "530323").records())


def test_override_is_checked():
    """An override names a declared parameter and a value it allows, or is refused by name."""
    with pytest.raises(ParameterError, match="declares no parameter 'nope'"):
        staffing(make_units(("village", 1, 0)), "530323", overrides={"530323.nope": 1})
    with pytest.raises(ParameterError, match="must be one of ceil, floor"):
        staffing(make_units(("village", 1, 0)), "530323", overrides={"rounding_minimum": "up"})
    with pytest.raises(ParameterError, match="at least 0"):
        staffing(make_units(("village", 1, 0)), "530323", overrides={"530323.village_xieliyuan_base": -1})


def test_result_does_not_depend_on_call_order(registry):
    """The combiner orders levels by chain depth: registering plugins in reverse gives the same answer."""
    from jiuzhu.core.hooks.calling import call_chain
    from jiuzhu.core.combine import combine_staffing
    from jiuzhu.core.hooks.registry import new_plugin_manager

    units = make_units(("township", 0, 2000), ("village", 6000, 0), ("county", 0, 31000))
    chain = registry.chain("530323", {"530323.village_xieliyuan_base": 0})
    records = []
    for order in (chain.codes, tuple(reversed(chain.codes))):
        pm = new_plugin_manager()
        for code in order:
            pm.register(registry.plugins[code].plugin, name=code)
        records.append(list(combine_staffing(units, chain, call_chain(pm, "jiuzhu_staffing_rule",
                                                                      units=units, chain=chain)).records()))
    assert records[0] == records[1]


def test_sample_through_the_cli(runner):
    """`jiuzhu staffing` with no file runs the bundled sample; every unit appears."""
    out = run_json(runner, ["staffing", "-j", "530323", "--format", "json"])
    assert {r["code"] for r in out} >= {"530323", "530323100", "530323100201"}
    assert {r["role"] for r in out} == {"county_staff", "township_staff", "township_case_worker",
                                        "village_xieliyuan"}
