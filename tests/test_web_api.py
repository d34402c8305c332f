"""The JSON API (``jiuzhu serve``) through Starlette's test client: every endpoint answers what
the CLI's ``--format json`` prints, errors are one JSON message with where, and the server
is safe by default (token, upload bound, hostile files, no files left behind)."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import pytest
from webutil import UNITS, client, entity_bomb_xlsx, sample_rows, units_xlsx

from jiuzhu.cli.main import cli


def cli_json(runner, args, tmp_path):
    res = runner.invoke(cli, ["--config", str(tmp_path / "profiles.toml"), *args, "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_staffing_equals_the_clis_records(runner, tmp_path):
    """The issue's test: POST /api/staffing?jurisdiction=530323 with samples/units.csv returns
    exactly the records of `jiuzhu staffing samples/units.csv -j 530323 --format json`."""
    expected = cli_json(runner, ["staffing", str(UNITS), "-j", "530323"], tmp_path)
    with UNITS.open("rb") as handle:
        res = client(tmp_path).post("/api/staffing?jurisdiction=530323", files={"file": ("units.csv", handle)})
    assert res.status_code == 200
    assert res.json()["records"] == expected
    assert [level["code"] for level in res.json()["chain"]] == ["530000", "530323"]


def test_staffing_from_a_real_cli_process_and_from_xlsx_and_json(tmp_path):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "jiuzhu", "staffing", str(UNITS), "-j", "530323", "--format", "json"],
                         capture_output=True, text=True, check=True, env={"JIUZHU_CONFIG": str(tmp_path / "p.toml"),
                                                                          "PATH": "/usr/bin:/bin"})
    expected = json.loads(out.stdout)
    app = client(tmp_path)
    rows = sample_rows()
    book = app.post("/api/staffing?jurisdiction=530323", files={"file": ("单位.xlsx", units_xlsx(rows))})
    assert book.status_code == 200 and book.json()["records"] == expected
    records = [dict(zip(rows[0], row)) for row in rows[1:]]
    body = app.post("/api/staffing?jurisdiction=530323", json={"records": records})
    assert body.status_code == 200 and body.json()["records"] == expected


@pytest.mark.parametrize("path, args", [
    ("/api/check/xieliyuan_candidate?jurisdiction=530323", ["check", "xieliyuan_candidate", "-j", "530323"]),
    ("/api/check/household?jurisdiction=640100", ["check", "household", "-j", "640100"]),
    ("/api/deduct?jurisdiction=530000", ["deduct", "-j", "530000"]),
    ("/api/deduct?jurisdiction=520402&subject=target_score", ["deduct", "-j", "520402", "--subject", "target_score"]),
    ("/api/allocate?jurisdiction=640100", ["allocate", "-j", "640100"]),
    ("/api/allocate?jurisdiction=220000&pool=1000000", ["allocate", "-j", "220000", "--pool", "1000000"]),
    ("/api/score?jurisdiction=520402", ["score", "-j", "520402"]),
    ("/api/explain?jurisdiction=530323&unit=530323100", ["explain", "--unit", "530323100", "-j", "530323"]),
    ("/api/explain?jurisdiction=530323&subject=xieliyuan_candidate&row=2",
     ["explain", "--subject", "xieliyuan_candidate", "--row", "2", "-j", "530323"]),
    ("/api/explain?jurisdiction=530000&family=deduct&row=2", ["explain", "--family", "deduct", "--row", "2",
                                                               "-j", "530000"]),
    ("/api/explain?jurisdiction=640100&family=allocate&unit=530323100",
     ["explain", "--family", "allocate", "--unit", "530323100", "-j", "640100"]),
    ("/api/explain?jurisdiction=520402&family=score&row=3", ["explain", "--family", "score", "--row", "3",
                                                            "-j", "520402"]),
    ("/api/compare?jurisdictions=530323,220000", ["compare", "-J", "530323,220000"]),
])
def test_every_family_on_its_bundled_sample_equals_the_cli(runner, tmp_path, path, args):
    """With no body the API runs the bundled sample, as the CLI does with no file."""
    res = client(tmp_path).post(path)
    assert res.status_code == 200, res.text
    assert res.json()["records"] == cli_json(runner, args, tmp_path)
    if "compare" not in path:
        assert any("bundled sample" in note for note in res.json()["notes"])


def test_compare_has_the_summary_and_the_draft_mark(tmp_path):
    body = client(tmp_path).post("/api/compare?jurisdictions=530323,220000").json()
    assert set(body["summary"]["totals"]) == {"530323", "220000"}
    assert {j["code"]: j["draft"] for j in body["jurisdictions"]} == {"530323": False, "220000": True}


@pytest.mark.parametrize("path, args", [
    ("/api/jurisdictions", ["jurisdictions"]),
    ("/api/jurisdictions/530323", ["show", "530323"]),
    ("/api/diff/220000/640100", ["diff", "220000", "640100"]),
])
def test_rules_endpoints_equal_the_cli(runner, tmp_path, path, args):
    res = client(tmp_path).get(path)
    assert res.status_code == 200
    expected = cli_json(runner, args, tmp_path)
    assert res.json() == (expected if path == "/api/jurisdictions" else expected[0])


def test_a_bad_file_is_one_json_error_with_row_and_column(tmp_path):
    bad = "code,level,population,dibao_count\n530323100,township,62000,4000\n530323101,township,many,2000\n"
    res = client(tmp_path).post("/api/staffing?jurisdiction=530323", files={"file": ("乡镇.csv", bad.encode())})
    assert res.status_code == 400
    error = res.json()
    assert (error["file"], error["row"], error["column"]) == ("乡镇.csv", 3, "population")
    assert error["field"] and "many" in error["message"] and "乡镇.csv" in error["message"]
    assert "/tmp" not in res.text and "Traceback" not in res.text


def test_bad_records_and_requests_are_4xx_json(tmp_path):
    app = client(tmp_path)
    nested = app.post("/api/staffing?jurisdiction=530323", json={"records": [{"code": {"x": 1}}]})
    assert nested.status_code == 400 and nested.json()["row"] == 2 and nested.json()["column"] == "code"
    assert app.post("/api/staffing?jurisdiction=999999").status_code == 404
    assert app.post("/api/nonsense").status_code == 404
    assert app.post("/api/check/nobody").status_code == 404
    assert app.post("/api/staffing", files={"file": ("units.exe", b"MZ")}).status_code == 400
    assert app.post("/api/staffing", content=b"{not json", headers={"content-type": "application/json"}).status_code == 400
    assert app.post("/api/staffing?profile=ghost").json()["message"].startswith("no profile named")
    unknown = app.get("/api/jurisdictions/999999")
    assert unknown.status_code == 404 and "unknown jurisdiction" in unknown.json()["message"]


def test_a_hostile_workbook_gets_one_message_quickly(tmp_path):
    app = client(tmp_path)
    start = time.monotonic()
    bomb = app.post("/api/staffing?jurisdiction=530323", files={"file": ("bomb.xlsx", entity_bomb_xlsx())})
    assert bomb.status_code == 400 and bomb.json()["file"] == "bomb.xlsx"
    assert time.monotonic() - start < 10
    fake = app.post("/api/staffing?jurisdiction=530323", files={"file": ("fake.xlsx", b"PK\x03\x04 not a zip")})
    assert fake.status_code == 400 and fake.json()["file"] == "fake.xlsx"


def test_uploads_are_bounded(tmp_path):
    app = client(tmp_path, max_upload=2_000)
    big = b"code,level,population,dibao_count\n" + b"530323100,township,62000,4000\n" * 200
    res = app.post("/api/staffing", files={"file": ("big.csv", big)})
    assert res.status_code == 413 and "limit" in res.json()["message"]

    def chunks():  # no Content-Length: the bound is counted as the body streams in
        for _ in range(100):
            yield b"x" * 100

    streamed = app.post("/api/staffing", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413
    assert app.post("/api/staffing?jurisdiction=530323").status_code == 200  # a small request still works


def test_rows_per_request_are_bounded(tmp_path):
    app = client(tmp_path, max_rows=5)
    res = app.post("/api/staffing?jurisdiction=530323")  # the sample has 9 units
    assert res.status_code == 413 and "--max-rows" in res.json()["message"]
    assert app.post("/api/compare").status_code == 413
    assert client(tmp_path).post("/api/staffing?jurisdiction=530323").status_code == 200


def test_uploads_leave_no_file_behind(tmp_path):
    temp = Path(tempfile.gettempdir())
    before = set(temp.glob("jiuzhu-*"))
    app = client(tmp_path)
    with UNITS.open("rb") as handle:
        assert app.post("/api/staffing?jurisdiction=530323", files={"file": ("u.csv", handle)}).status_code == 200
    app.post("/api/staffing", files={"file": ("bad.csv", b"nonsense\n")})
    assert set(temp.glob("jiuzhu-*")) == before


def test_a_token_is_needed_when_one_is_set(tmp_path):
    app = client(tmp_path, token="s3cret-token")
    assert app.get("/api/jurisdictions").status_code == 401
    assert app.get("/rules").status_code == 401
    wrong = app.get("/api/jurisdictions", headers={"authorization": "Bearer nope"})
    assert wrong.status_code == 401 and "token" in wrong.json()["message"]
    assert app.get("/api/jurisdictions", headers={"authorization": "Bearer s3cret-token"}).status_code == 200
    opened = app.get("/rules?token=s3cret-token")  # the printed address sets a cookie for the browser
    assert opened.status_code == 200
    assert app.get("/run").status_code == 200  # the cookie now carries it


def test_openapi_documents_every_api_route_and_docs_load_nothing_from_outside(tmp_path):
    from starlette.routing import Route

    from jiuzhu.web.api import ROUTES

    app = client(tmp_path)
    spec = app.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    documented = set(spec["paths"])
    for route in ROUTES:
        if isinstance(route, Route) and route.path.startswith("/api/") and route.path != "/api/{family}":
            assert route.path in documented
    for family in ("staffing", "deduct", "allocate", "score"):
        assert f"/api/{family}" in documented
    docs = app.get("/docs")
    assert docs.status_code == 200 and "http://" not in docs.text and "https://" not in docs.text
    assert app.get("/swagger/swagger-ui-bundle.js").status_code == 200


def test_every_response_carries_a_csp_without_inline_script(tmp_path):
    app = client(tmp_path)
    for path in ("/rules", "/api/jurisdictions", "/nothing-here"):
        policy = app.get(path).headers["content-security-policy"]
        script = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
        assert "unsafe-inline" not in script and "unsafe-eval" not in script
    assert app.post("/api/staffing?jurisdiction=999999").headers["x-content-type-options"] == "nosniff"


def test_no_request_names_a_file_to_open(tmp_path):
    app = client(tmp_path)
    assert app.get("/static/../../../../etc/passwd").status_code == 404
    assert app.get("/static/%2e%2e/%2e%2e/pyproject.toml").status_code == 404
    bad = b"code,level,population,dibao_count\n1,county,x,1\n"
    res = app.post("/api/staffing?jurisdiction=530323", files={"file": ("../../../tmp/evil.csv", bad)})
    assert res.status_code == 400 and res.json()["file"] == "evil.csv"  # only the base name is ever shown


def test_an_xls_workbook_is_read_or_refused_with_what_to_do(tmp_path):
    from jiuzhu.web.uploads import readers_read

    ole2 = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(512)  # an Excel 97-2003 file's signature
    res = client(tmp_path).post("/api/staffing", files={"file": ("名单.xls", ole2)})
    assert res.status_code == 400 and res.json()["file"] == "名单.xls"
    if not readers_read(".xls"):
        assert ".xlsx" in res.json()["message"]


def test_every_declared_subject_on_its_sample_equals_the_cli(runner, tmp_path):
    from jiuzhu.core.evaluate import default_registry

    app = client(tmp_path)
    subjects = [name for name, s in default_registry().subjects().items() if s.sample is not None]
    assert len(subjects) >= 5
    for subject in subjects:
        res = app.post(f"/api/check/{subject}?jurisdiction=530323")
        assert res.status_code == 200, (subject, res.text)
        assert res.json()["records"] == cli_json(runner, ["check", subject, "-j", "530323"], tmp_path), subject
