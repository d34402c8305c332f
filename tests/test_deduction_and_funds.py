"""Yunnan's 1–3× deduction and the factor weighting, with their assumptions."""

from __future__ import annotations

import pytest

from conftest import make_units, run_json
from jiuzhu.core.model.errors import InputError
from jiuzhu.core.evaluate import allocate, deduct
from jiuzhu.core.model.table import Table


def test_worked_example_two_incidents():
    """Yunnan 六(二): 发现1起扣减1至3倍派遣人员月工资 — two incidents at 2,400 yuan → 4,800 to 14,400 yuan."""
    r = next(deduct("contractor_payment", Table.from_rows([{"count": "2", "monthly_wage": "2400"}]),
                    "530000").records())
    assert (r["minimum"], r["maximum"], r["unit"], r["jurisdiction"]) == (4800, 14400, "yuan", "530000")
    assert any("更换派遣的工作人员" in m for m in r["remedies"]) and r["right"] is True


def test_chosen_multiplier_and_its_bounds():
    """Interpretation 4: a chosen multiplier within 1 to 3 gives one amount; outside it is refused."""
    r = next(deduct("contractor_payment", Table.from_rows([{"count": "1", "monthly_wage": "2400", "multiplier": "2"}]),
                    "530000").records())
    assert r["minimum"] == r["maximum"] == 4800
    with pytest.raises(InputError, match="multiplier 4 is outside 1 to 3"):
        deduct("contractor_payment", Table.from_rows([{"monthly_wage": "2400", "multiplier": "4"}]), "530000")


def test_shizong_inherits_the_deduction():
    """Shizong states no deduction: Yunnan 六(二) answers through the chain."""
    r = next(deduct("contractor_payment", Table.from_rows([{"monthly_wage": "3000"}]), "530323").records())
    assert (r["minimum"], r["maximum"], r["jurisdiction"]) == (3000, 9000, "530000")


def test_deduct_cli_on_sample(runner):
    out = run_json(runner, ["deduct", "--format", "json"])
    assert [(r["minimum"], r["maximum"]) for r in out] == [(4800, 14400), (4800, 4800), (3000, 9000)]


def test_factor_weights_are_equal_and_flagged():
    """Yunnan 五: 综合考虑各地困难群众数量、社会救助服务工作量、资金使用情况和绩效考评等因素 — no weights
    given, so interpretation 3's equal weights are flagged as assumptions."""
    rules = allocate(make_units(("county", 1, 1)), "530323").rules
    yunnan = rules["530000"]
    assert [f.weight for f in yunnan.factors] == [0.25] * 4
    assert all(f.assumption for f in yunnan.factors)
    assert "专项补助资金" in rules["530323"].citation.quote
    assert {u for u, _ in rules["530323"].prohibited_uses} == {"三公经费", "工作经费", "设备购置", "工程建设"}
