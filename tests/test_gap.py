"""jiuzhu gap: required staff beside current staff, with the user's costs, per unit or rolled up."""

from __future__ import annotations

import json
from importlib.resources import as_file, files

import pytest

from conftest import run_json
from jiuzhu.cli.main import cli

# Yunnan's notice, 二(一):
YUNNAN_TOWNSHIP = ("低保对象在1500人以下的乡镇（街道办事处）配备1至2名社会救助专职工作人员，低保对象在1500人以上的"
                   "乡镇（街道办事处）按每800至1500名低保对象配备1名社会救助专职工作人员")
YUNNAN_COUNTY = "低保对象在3万人以上的县（市、区）民政局社会救助部门按照每1万名低保对象配备不少于1名工作人员"


pytestmark = pytest.mark.usefixtures("no_profile")


@pytest.fixture
def samples():
    with as_file(files("jiuzhu.samples")) as folder:
        yield folder


def test_gap_on_the_samples_checked_by_hand_against_yunnan(runner, samples):
    out = run_json(runner, ["gap", str(samples / "units.csv"), "--staff", str(samples / "staff.csv"), "-j", "530323",
                            "--cost", "township_staff=4000", "--format", "json"])
    rows = {(r["code"], r["role"]): r for r in out}
    # 丹凤街道: 4,000 dibao recipients > 1,500, so one per 1,500 at least (4000/1500 → 3) and
    # one per 800 at most (4000/800 = 5); it has 2: one short, 4,000 yuan × 12 months.
    danfeng = rows[("530323100", "township_staff")]
    assert (danfeng["minimum"], danfeng["maximum"], danfeng["current"]) == (3, 5, 2)
    assert danfeng["shortfall"] == 1 and danfeng["yearly_cost"] == 48_000
    assert danfeng["citation"]["clause"] == "二(一)" and danfeng["jurisdiction"] == "530000"
    assert "按每800至1500名低保对象配备1名" in YUNNAN_TOWNSHIP
    # 竹基镇: 1,500 recipients is "1500人以下" (inclusive): 1 to 2; no row in the staff file: 0 staff.
    zhuji = rows[("530323103", "township_staff")]
    assert (zhuji["minimum"], zhuji["maximum"], zhuji["current"], zhuji["shortfall"]) == (1, 2, 0, 1)
    assert zhuji["yearly_cost"] == 48_000
    # 彩云镇: 1,200 recipients, 1 to 2 allowed, 3 employed: one over the maximum, nothing to pay.
    caiyun = rows[("530323102", "township_staff")]
    assert (caiyun["shortfall"], caiyun["surplus"], caiyun["status"]) == (0, 1, "over_maximum")
    # The county: 45,000 recipients > 30,000, one per 10,000 (rounded up: 5); it has 3. No cost given.
    assert "每1万名低保对象配备不少于1名" in YUNNAN_COUNTY
    county = rows[("530323", "county_staff")]
    assert (county["minimum"], county["current"], county["shortfall"], county["yearly_cost"]) == (5, 3, 2, None)
    assert sum(r["yearly_cost"] or 0 for r in out) == 2 * 4000 * 12
    assert danfeng["cost_source"] == "command line --cost township_staff=4000"


def test_gap_table_shows_shortfalls_a_yearly_cost_and_says_it_is_the_users(runner, samples):
    res = runner.invoke(cli, ["gap", str(samples / "units.csv"), "--staff", str(samples / "staff.csv"),
                              "-j", "530323", "--cost", "township_staff=4000"])
    assert res.exit_code == 0, res.output
    assert "yearly cost 96,000 元" in res.stdout
    assert "48,000" in res.stdout
    assert "not the law's" in res.stdout and "not the law's" in res.stderr
    assert "county social-assistance staff" in res.stdout or "县级民政部门社会救助工作人员" in res.stdout


def test_staff_file_in_english_with_a_cost_column(runner, tmp_path, samples):
    staff = tmp_path / "staff.csv"
    staff.write_text("code,role,count,monthly_cost\n530323100,township_staff,1,3500\n"
                     "530323100,township staff,1,\n530399999,township_staff,4,\n", encoding="utf-8")
    out = run_json(runner, ["gap", str(samples / "units.csv"), "--staff", str(staff), "-j", "530000",
                            "--cost", "township_staff=4000", "--format", "json"])
    danfeng = next(r for r in out if r["code"] == "530323100")
    assert danfeng["current"] == 2 and danfeng["shortfall"] == 1
    assert danfeng["yearly_cost"] == 3500 * 12 and danfeng["cost_source"] == "staff file monthly_cost"
    res = runner.invoke(cli, ["gap", str(samples / "units.csv"), "--staff", str(staff), "-j", "530000"])
    assert "530399999" in res.stderr and "not counted" in res.stderr


def test_bad_staff_file_names_row_and_column(runner, tmp_path, samples):
    staff = tmp_path / "staff.csv"
    staff.write_text("代码,岗位,人数\n530323100,乡镇社会救助工作人员,2\n530323101,厨师,1\n", encoding="utf-8")
    res = runner.invoke(cli, ["gap", str(samples / "units.csv"), "--staff", str(staff), "-j", "530323"])
    assert res.exit_code == 1
    assert "row 3" in res.stderr and "岗位" in res.stderr and "厨师" in res.stderr and "Traceback" not in res.output
    res = runner.invoke(cli, ["gap", str(samples / "units.csv"), "--staff", str(staff), "--cost", "cook=1"])
    assert res.exit_code == 2 and "cook" in res.stderr
    res = runner.invoke(cli, ["gap", str(samples / "units.csv")])
    assert res.exit_code == 2 and "--staff" in res.stderr


def test_gap_rolled_up_by_county_matches_the_unit_rows(runner, samples, tmp_path):
    args = ["gap", str(samples / "units.csv"), "--staff", str(samples / "staff.csv"), "-j", "530323",
            "--cost", "township_staff=4000", "--format", "json"]
    units = run_json(runner, args)
    chart = tmp_path / "gap.svg"
    groups = run_json(runner, args + ["--by", "county", "--chart", str(chart)])
    assert [g["group"] for g in groups] == ["530323"] and groups[0]["units"] == 9
    assert groups[0]["shortfall"] == sum(r["shortfall"] for r in units) == 4
    assert groups[0]["yearly_cost"] == 96_000 and groups[0]["uncosted_shortfall"] == 2
    assert chart.read_text(encoding="utf-8").startswith("<svg")
    xlsx = tmp_path / "gap.xlsx"
    res = runner.invoke(cli, args[:-2] + ["--by", "province", "-o", str(xlsx)])
    assert res.exit_code == 0, res.output
    from openpyxl import load_workbook

    book = load_workbook(xlsx)
    assert "说明" in book.sheetnames[1]
    header = [c.value for c in book.worksheets[0][1]]
    assert any("yearly cost" in h and "your input" in h for h in header)
    assert [c.value for c in book.worksheets[0][2]][:3] == ["530000", None, 9]


def test_staff_file_with_bom_and_spaces_reads_as_the_row_reader_does(runner, tmp_path, samples):
    plain, spaced = tmp_path / "bom.csv", tmp_path / "spaced.csv"
    plain.write_bytes("\ufeff行政区划代码,岗位,人数\n530323100,乡镇社会救助工作人员,2\n".encode("utf-8"))
    spaced.write_text("code,role,count\n 530323100 ,township_staff,2\n", encoding="utf-8")
    for staff in (plain, spaced):
        out = run_json(runner, ["gap", str(samples / "units.csv"), "--staff", str(staff), "-j", "530000",
                                "--format", "json"])
        assert [(r["code"], r["current"]) for r in out if r["current"]] == [("530323100", 2)]


def test_monthly_costs_saved_in_a_profile(runner, samples, tmp_path, monkeypatch):
    config = tmp_path / "cfg" / "profiles.toml"
    monkeypatch.setenv("JIUZHU_CONFIG", str(config))
    for args in (["use", "530323"], ["profile", "set", "cost.township_staff", "3800"],
                 ["profile", "set", "cost.协理员", "1500"]):
        res = runner.invoke(cli, args)
        assert res.exit_code == 0, res.output
    assert "monthly costs (your input): township_staff=3800, village_xieliyuan=1500" in res.stdout
    assert runner.invoke(cli, ["profile", "set", "cost.cook", "1"]).exit_code == 1
    args = ["gap", str(samples / "units.csv"), "--staff", str(samples / "staff.csv"), "--format", "json"]
    danfeng = next(r for r in run_json(runner, args) if r["code"] == "530323100" and r["role"] == "township_staff")
    assert danfeng["yearly_cost"] == 3800 * 12 and danfeng["cost_source"] == "profile default cost.township_staff=3800"
    # The saved costs are part of a written result's provenance and its 说明 sheet.
    out = tmp_path / "gap.xlsx"
    assert runner.invoke(cli, args[:-2] + ["-o", str(out)]).exit_code == 0
    prov = json.loads((tmp_path / "gap.xlsx.provenance.json").read_text(encoding="utf-8"))
    assert prov["profiles"][0]["costs"] == {"township_staff": 3800.0, "village_xieliyuan": 1500.0}
    from openpyxl import load_workbook

    about = [[c.value for c in row] for row in load_workbook(out)["说明"].iter_rows()]
    assert any("township_staff = 3800" in str(row[1]) for row in about)
    # --cost on the command line wins over the profile's figure.
    danfeng = next(r for r in run_json(runner, args + ["--cost", "township_staff=4000"])
                   if r["code"] == "530323100" and r["role"] == "township_staff")
    assert danfeng["yearly_cost"] == 4000 * 12
    # Switching jurisdiction keeps the costs; unset removes one.
    assert runner.invoke(cli, ["use", "530000"]).exit_code == 0
    assert runner.invoke(cli, ["profile", "unset", "cost.township_staff"]).exit_code == 0
    assert "township_staff=3800" not in runner.invoke(cli, ["profile"]).stdout
    assert "village_xieliyuan=1500" in runner.invoke(cli, ["profile"]).stdout
