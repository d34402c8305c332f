"""Duties and deadlines as data: ``jiuzhu duties`` lists them with their clauses, ``jiuzhu
comply`` judges what units report. Due days are included (a report due on the 25th is on
time on the 25th)."""

from __future__ import annotations

import json

import pytest

from jiuzhu.cli.main import cli


def run_json(runner, *args):
    res = runner.invoke(cli, [*args, "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_yinchuan_township_duties_list_training_and_agency_points(runner):
    res = runner.invoke(cli, ["duties", "-j", "640100", "--level", "township"])
    assert res.exit_code == 0, res.output
    assert "每年组织乡镇(街道)民政工作人员培训不少于2次" in res.stdout and "三(六)" in res.stdout
    assert "代办点2018年底前规范化建设及覆盖率达到100%" in res.stdout and "三(二)" in res.stdout
    assert "须征求本县()区民政局的意见" in res.stdout  # quoted as published (the 市 is lost in the source)
    records = {r["id"]: r for r in run_json(runner, "duties", "-j", "640100", "--level", "township",
                                            "--as-of", "2019-06-30")}
    assert records["township_staff_training"]["times"] == 2 and records["township_staff_training"]["next_due"] == "2019-12-31"
    assert records["agency_point_coverage"]["deadline"] == "2018-12-31" and records["agency_point_coverage"]["deadline_passed"]
    assert "xieliyuan_training" not in records and "county_cadre_training" not in records  # other levels


def test_duties_follow_the_chain_and_its_dates(runner):
    shizong = run_json(runner, "duties", "-j", "530323", "--level", "county")
    assert {(r["jurisdiction"], r["id"]) for r in shizong} == {("530000", "xieliyuan_system"),
                                                               ("530323", "xieliyuan_system")}
    before = run_json(runner, "duties", "-j", "530323", "--as-of", "2019-03-01")
    assert {r["jurisdiction"] for r in before} == {"530000"}  # Shizong's plan not yet in force
    jilin = run_json(runner, "duties", "-j", "220000")
    assert jilin[0]["citation"]["quote"] == "每年底前将下一年度所需经费报送同级财政部门" and jilin[0]["citation"]["draft"]


def test_xixiu_monthly_windows(runner):
    records = {r["id"]: r for r in run_json(runner, "duties", "-j", "520402", "--as-of", "2019-06-21")}
    assert records["dynamic_data_sent"]["next_due"] == "2019-07-20"  # June's window 15–20 has closed
    assert records["paper_files_reported"]["next_due"] == "2019-06-25"
    assert records["monthly_ranking"]["levels"] == ["bureau"]
    assert records["service_window_officer"]["citation"]["quote"].endswith("明确一名人员负责“一门受理、协同办理”")


def test_comply_on_the_bundled_sample(runner):
    records = run_json(runner, "comply", "-j", "640100", "--as-of", "2019-06-30")
    status = {(r["name"], r["duty"]): r["status"] for r in records}
    assert status[("杨和镇", "agency_point_coverage")] == "met"
    assert status[("李俊镇", "agency_point_coverage")] == "overdue"  # 100% only on 2019-03-01
    assert status[("杨和镇", "township_staff_training")] == "not yet due"  # 1 of 2 by 2019-12-31
    assert status[("李俊镇", "consult_county_bureau")] == "overdue"
    assert status[("李俊镇", "seven_facilities")] == "no evidence given"
    assert status[("杨和镇", "township_rooms")] == "overdue"  # 物资储备室 missing
    assert all(r["citation"]["clause"] for r in records)
    table = runner.invoke(cli, ["comply", "-j", "640100", "--as-of", "2019-06-30"])
    assert "overdue 逾期" in table.stdout and "640100 三(二)" in table.stdout


def test_comply_a_year_later_judges_the_year(runner):
    status = {(r["name"], r["duty"]): r for r in run_json(runner, "comply", "-j", "640100", "--as-of", "2020-01-01")}
    assert status[("杨和镇", "township_staff_training")]["status"] == "overdue"  # 1 of 2 in 2019
    assert status[("银川市民政局", "county_cadre_training")]["status"] == "overdue"  # 2 of 3
    assert status[("永宁县", "township_funds_budgeted")]["status"] == "met"


def write(tmp_path, body):
    path = tmp_path / "reports.csv"
    path.write_text("code,name,level,evidence,date,value\n" + body, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("sent, as_of, expected", [
    ("2019-05-15", "2019-06-14", "met"),        # May's window: the first day counts
    ("2019-05-20", "2019-06-14", "met"),        # and so does the last
    ("2019-05-21", "2019-06-14", "overdue"),    # a day late
    ("2019-05-14", "2019-06-14", "overdue"),    # a day early is outside the window
])
def test_xixiu_data_window_boundaries(runner, tmp_path, sent, as_of, expected):
    path = write(tmp_path, f"520402100,旧州镇,township,dynamic_data_sent,{sent},\n")
    records = {r["duty"]: r for r in run_json(runner, "comply", path, "-j", "520402", "--as-of", as_of)}
    assert records["dynamic_data_sent"]["status"] == expected, records["dynamic_data_sent"]


@pytest.mark.parametrize("as_of, expected", [("2019-05-25", "not yet due"), ("2019-05-26", "overdue")])
def test_a_due_day_is_included(runner, tmp_path, as_of, expected):
    """每月25日前: on the 25th itself May's files are not yet late; on the 26th they are."""
    path = write(tmp_path, "520402100,旧州镇,township,paper_files_reported,2019-04-25,\n")
    records = {r["duty"]: r for r in run_json(runner, "comply", path, "-j", "520402", "--as-of", as_of)}
    got = records["paper_files_reported"]
    # April's report (due 2019-04-25) was met; what is judged is the latest due day before as_of
    assert got["status"] == ("met" if expected == "not yet due" else "overdue"), got
    assert got["due"] == ("2019-04-25" if expected == "not yet due" else "2019-05-25")


@pytest.mark.parametrize("reported, expected", [("2018-12-31", "met"), ("2019-01-01", "overdue")])
def test_a_deadline_day_is_included(runner, tmp_path, reported, expected):
    path = write(tmp_path, f"640121100,杨和镇,township,agency_point_coverage,{reported},100\n")
    records = {r["duty"]: r for r in run_json(runner, "comply", path, "-j", "640100", "--as-of", "2019-06-30")}
    assert records["agency_point_coverage"]["status"] == expected


def test_comply_bad_input_is_one_message(runner, tmp_path):
    path = write(tmp_path, "640121100,杨和镇,township,township_staff_training,2019-02-30,\n")
    res = runner.invoke(cli, ["comply", path, "-j", "640100"])
    assert res.exit_code == 1 and "row 2" in res.output and "'date'" in res.output and "Traceback" not in res.output
    path = write(tmp_path, "640121100,杨和镇,city,township_staff_training,2019-02-03,\n")
    res = runner.invoke(cli, ["comply", path, "-j", "640100"])
    assert res.exit_code == 1 and "unknown level 'city'" in res.output


def test_comply_says_what_it_ignored(runner, tmp_path):
    path = write(tmp_path, "640121100,杨和镇,township,trainings,2019-02-03,\n")
    res = runner.invoke(cli, ["comply", path, "-j", "640100", "--as-of", "2019-06-30"])
    assert res.exit_code == 0 and "no duty of the chain reads evidence 'trainings'" in res.stderr


@pytest.mark.parametrize("value, expected", [("100", "met"), ("100%", "met"), ("1", "met"), ("0.95", "overdue"),
                                             ("95", "overdue"), ("95%", "overdue")])
def test_coverage_is_read_as_people_write_it(runner, tmp_path, value, expected):
    """代办点…覆盖率达到100%: 95 means 95%, and 100% is 100%."""
    path = write(tmp_path, f"640121100,杨和镇,township,agency_point_coverage,2018-12-01,{value}\n")
    records = {r["duty"]: r for r in run_json(runner, "comply", path, "-j", "640100", "--as-of", "2019-06-30")}
    assert records["agency_point_coverage"]["status"] == expected


def test_coverage_out_of_range_is_refused(runner, tmp_path):
    path = write(tmp_path, "640121100,杨和镇,township,agency_point_coverage,2018-12-01,120\n")
    res = runner.invoke(cli, ["comply", path, "-j", "640100", "--as-of", "2019-06-30"])
    assert res.exit_code == 1 and "row 2" in res.output and "out of range" in res.output


def test_comply_writes_a_file_with_its_provenance(runner, tmp_path):
    out = tmp_path / "comply.csv"
    res = runner.invoke(cli, ["comply", "-j", "640100", "--as-of", "2019-06-30", "--format", "csv", "-o", str(out)])
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8-sig")
    assert "overdue 逾期" in text and (tmp_path / "comply.csv.provenance.json").exists()


def test_a_unit_no_duty_binds_is_said(runner, tmp_path):
    path = write(tmp_path, "520402,西秀区,county,dynamic_data_sent,2019-05-16,\n")
    res = runner.invoke(cli, ["comply", path, "-j", "520402", "--as-of", "2019-06-30"])
    assert res.exit_code == 0 and "unit 520402 (county): no duty of the chain binds this level" in res.stderr


def test_xixiu_sample_and_a_report_outside_its_window(runner):
    records = {(r["name"], r["duty"]): r for r in run_json(runner, "comply", "-j", "520402", "--as-of", "2019-06-10")}
    late = records[("东街办", "dynamic_data_sent")]
    assert late["status"] == "overdue" and "outside the window: 2019-05-22" in late["detail"]
    assert late["citation"]["quote"] == "每月15日至20日传送动态电子信息"
    assert records[("旧州镇", "dynamic_data_sent")]["status"] == "met"
    assert records[("东街办", "service_window_officer")]["status"] == "overdue"  # 2019-03-05, after February
    assert records[("旧州镇", "acceptance_report")]["status"] == "not yet due"
