"""Issue 12, second reading: answers a bureau would act on, each through the CLI, quoting its clause."""

from __future__ import annotations

import json

import pytest

from conftest import run_json
from jiuzhu.cli.main import cli


def check_json(runner, tmp_path, subject, code, rows: list[dict]):
    header = list(dict.fromkeys(k for r in rows for k in r))
    f = tmp_path / f"{subject}.csv"
    f.write_text(",".join(header) + "\n" + "\n".join(",".join(str(r.get(k, "")) for k in header) for r in rows)
                 + "\n", encoding="utf-8")
    return run_json(runner, ["check", subject, str(f), "-j", code, "--format", "json"])


# --- 1. not regulated is not eligible ------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_unregulated_subject_is_not_regulated_in_every_format(runner, tmp_path, fmt):
    """RULES "Outcomes of a check": not regulated (no level of the chain says anything on this
    subject: never "eligible"). Yunnan's notice says nothing of households."""
    f = tmp_path / "h.csv"
    f.write_text("id,blacklisted\nh1,no\n", encoding="utf-8")
    res = runner.invoke(cli, ["check", "household", str(f), "-j", "530000", "--format", fmt])
    assert res.exit_code == 0, res.output
    assert "not_regulated" in res.stdout and "eligible" not in res.stdout.replace("not_eligible", "")
    assert "530000" in res.stderr
    if fmt == "json":
        [record] = json.loads(res.stdout)
        assert record["consulted"] == ["530000"] and record["jurisdictions"] == []


def test_yinchuan_regulates_purchase_content(runner, tmp_path):
    """Yinchuan 三(八): 除政府直接承担的行政管理性事务和必须承担的社会救助服务以外 … 向社会购买的社会救助服务
    主要围绕事务性工作和服务性工作开展 (an open list)."""
    out = check_json(runner, tmp_path, "purchase_item", "640100",
                     [{"id": "a", "category": "低保审批"}, {"id": "b", "category": "行政管理性事务"},
                      {"id": "c", "category": "事务性"}, {"id": "d", "category": "政研性"}])
    assert [r["outcome"] for r in out] == ["needs_review", "not_eligible", "eligible", "needs_review"]
    assert out[1]["failed"][0]["citations"][0]["clause"] == "三(八)"
    assert all(r["jurisdictions"] == ["640100"] for r in out)
