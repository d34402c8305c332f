"""The web app's pages through Starlette's test client: every page renders on the bundled
samples, user strings are escaped, profile forms need their CSRF token and change what the
CLI sees; ``jiuzhu site build`` and ``jiuzhu serve``'s safe defaults."""

from __future__ import annotations

import html
import re

import pytest
from webutil import XSS_NAMES, client, xss_units_csv

from jiuzhu.cli.main import cli


@pytest.mark.parametrize("path", ["/rules", "/rules/530323", "/rules/220000", "/diff?a=220000&b=640100", "/run",
                                  "/compare", "/profiles", "/docs"])
def test_every_page_renders_in_chinese(tmp_path, path):
    res = client(tmp_path).get(path)
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/html")
    if path != "/docs":
        assert "规则" in res.text and "<script>" not in res.text.replace('<script src=', '')


def test_english_is_one_click_away(tmp_path):
    app = client(tmp_path)
    assert "Parameters" in app.get("/rules/530323?lang=en").text
    assert "Parameters" in app.get("/rules/530323").text  # remembered by a cookie
    assert "参数" in app.get("/rules/530323?lang=zh").text


def test_rules_pages_show_clauses_quotes_marks_and_the_draft(tmp_path):
    app = client(tmp_path)
    page = app.get("/rules/530323").text
    assert "二(一)" in page and "「" not in page  # quotes are <q> elements, marked by CSS
    marks = app.get("/rules/530000").text
    assert '<td class="mark">*' in marks and re.search(r'<td class="mark">\*?!', marks)  # interpretation, assumption
    assert "征求意见稿" in app.get("/rules/220000").text
    diff = app.get("/diff?a=220000&b=640100").text
    assert "数值不同的参数" in diff and "640100" in diff


@pytest.mark.parametrize("question", ["staffing", "check:xieliyuan_candidate", "deduct:contractor_payment",
                                      "allocate", "score"])
def test_run_page_answers_every_family_on_its_sample(tmp_path, question):
    target = "j:520402" if question == "score" else "j:530323" if question != "deduct:contractor_payment" else "j:530000"
    res = client(tmp_path).post("/run", data={"target": target, "question": question})
    assert res.status_code == 200 and 'id="results-table"' in res.text and 'id="error"' not in res.text


def test_run_page_shows_a_bad_file_beside_the_form(tmp_path):
    bad = b"code,level,population,dibao_count\n530323,county,lots,3\n"
    res = client(tmp_path).post("/run", data={"target": "j:530323", "question": "staffing"},
                                files={"file": ("名单.csv", bad)})
    assert res.status_code == 200 and 'id="run-form"' in res.text
    assert re.search(r'class="e-row">2<', res.text) and re.search(r'class="e-column">population<', res.text)


def test_unit_names_render_as_text_on_every_page(tmp_path):
    """XSS: names like <script>… and "><img onerror=…> come back escaped everywhere they appear."""
    app = client(tmp_path)
    upload = {"file": ("<b>名单</b>.csv", xss_units_csv())}
    pages = [app.post("/run", data={"target": "j:530323", "question": "staffing"}, files=upload).text,
             app.post("/run", data={"target": "j:530323", "question": "staffing"}, files=upload,
                      headers={"x-jiuzhu-fragment": "1"}).text,
             app.post("/compare", data={"jurisdictions": ["530323", "220000"]}, files=upload).text]
    for page in pages:
        assert "&lt;script&gt;alert(" in page and "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
        assert '<script>alert' not in page and "<img src=x" not in page and "<b>名单" not in page
    api = app.post("/api/staffing?jurisdiction=530323", files=upload).json()
    assert {r["name"] for r in api["records"]} == set(XSS_NAMES)  # data stays data in JSON


def test_downloads_are_the_clis_xlsx_with_provenance(tmp_path):
    from io import BytesIO

    from openpyxl import load_workbook

    app = client(tmp_path)
    book = app.post("/run/download.xlsx", data={"target": "j:530323", "question": "staffing"})
    assert book.status_code == 200 and "attachment" in book.headers["content-disposition"]
    sheet = load_workbook(BytesIO(book.content)).worksheets[0]
    assert any("530323" in str(c.value) for row in sheet.iter_rows() for c in row)
    provenance = app.post("/run/provenance.json", data={"target": "j:530323", "question": "staffing"}).json()
    assert provenance["profiles"][0]["jurisdiction"] == "530323" and provenance["input"]["sha256"].startswith("sha256:")
    compared = app.post("/compare/download.xlsx", data={"jurisdictions": ["530323", "220000"]})
    assert compared.status_code == 200 and compared.content[:2] == b"PK"


def test_profile_forms_need_their_csrf_token_and_change_what_the_cli_sees(runner, tmp_path):
    app = client(tmp_path)
    page = app.get("/profiles")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    refused = app.post("/profiles/use", data={"jurisdiction": "530323", "csrf": "forged"})
    assert refused.status_code == 403 and not (tmp_path / "profiles.toml").exists()
    used = app.post("/profiles/use", data={"jurisdiction": "530323", "name": "", "csrf": token})
    assert "profile default (530323)" in used.text
    assert 'id="error"' in app.post("/profiles/set", data={"name": "rounding_minimum", "value": "sideways",
                                                           "csrf": token}).text  # validated as the CLI does
    done = app.post("/profiles/set", data={"name": "530000.rounding_minimum", "value": "floor", "csrf": token})
    assert "rounding_minimum='floor'" in html.unescape(done.text)
    shown = runner.invoke(cli, ["--config", str(tmp_path / "profiles.toml"), "profile", "show"])
    assert "rounding_minimum='floor'" in shown.output
    county = app.post("/api/staffing", json={"records": [{"code": "530323", "level": "county", "population": 420000,
                                                          "dibao_count": 45000}]}).json()["records"][0]
    assert county["minimum"] == 4  # under the override (5 by the documents' reading)
    app.post("/profiles/unset", data={"name": "530000.rounding_minimum", "csrf": token})
    again = app.post("/api/staffing", json={"records": [{"code": "530323", "level": "county", "population": 420000,
                                                         "dibao_count": 45000}]}).json()["records"][0]
    assert again["minimum"] == 5


def test_site_build_writes_the_rules_pages(runner, tmp_path):
    out = tmp_path / "site"
    res = runner.invoke(cli, ["site", "build", str(out)])
    assert res.exit_code == 0, res.output
    assert (out / "index.html").exists() and (out / "530323.html").exists() and (out / "diff-220000-640100.html").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="530323.html"' in index and 'href="static/app.css"' in index and "/run" not in index
    assert (out / "static" / "app.css").exists()


def test_serve_generates_a_token_for_other_hosts(runner, monkeypatch):
    import uvicorn

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    res = runner.invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "8123"])
    assert res.exit_code == 0, res.output
    assert "access token:" in res.stderr and seen["host"] == "0.0.0.0"
    assert seen["app"].state.jiuzhu.settings.token in res.stderr
    res = runner.invoke(cli, ["serve"])
    assert seen["host"] == "127.0.0.1" and seen["app"].state.jiuzhu.settings.token is None
    assert seen["app"].state.jiuzhu.settings.max_upload == 50_000_000


def test_pages_carry_no_inline_script(tmp_path):
    """Every <script> is a file of ours or inert JSON data (the CSP would refuse anything else)."""
    app = client(tmp_path)
    pages = [app.get(p).text for p in ("/rules", "/rules/530323", "/diff?a=220000&b=640100", "/run", "/compare",
                                       "/profiles", "/docs")]
    pages.append(app.post("/compare", data={"jurisdictions": ["530323", "220000"]}).text)
    for page in pages:
        for tag, body in re.findall(r"(<script[^>]*>)(.*?)</script>", page, re.S):
            assert ('src="' in tag and not body.strip()) or 'type="application/json"' in tag, tag
