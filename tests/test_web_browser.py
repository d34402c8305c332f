"""The web app in a real browser (Debian's Chromium driven by Playwright), the way an
administrator uses it: open it, switch jurisdiction, upload the bundled roster as .xlsx, read
the results in Chinese, open a row's explanation, download the .xlsx, see the comparison
chart drawn, set an override and see an answer change; and hostile unit names stay text.

Runs in CI always (.ci/run installs chromium); skipped only on a developer machine without it.
"""

from __future__ import annotations

import io
import os
import re
import shutil

import pytest
from webserver import running_server
from webutil import XSS_NAMES, sample_rows, units_xlsx, xss_units_csv

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

if CHROMIUM is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Debian's chromium for the browser tests (.ci/run installs it)")
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_server(tmp_path_factory.mktemp("web") / "profiles.toml") as (base, _proc):
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860}, accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.problems = problems
    yield page
    context.close()


def not_blank(png: bytes) -> bool:
    """A screenshot with a drawing on it: many pixels that are not the background colour."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    background = max(colours)[1] if colours else None
    drawn = sum(count for count, colour in colours if colour != background)
    return len(colours) > 8 and drawn > image.width * image.height * 0.02


def run(page, button="#run-button"):
    """Click a form's main button and wait for its results to arrive."""
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.click(button)
    page.wait_for_selector("#results:not([aria-busy]), #compare-results:not([aria-busy])")


def test_administrators_session(page, server, tmp_path):
    # open the app: the rules, in Chinese
    page.goto(server + "/")
    assert "各地规则" in page.inner_text("h1")
    page.click("text=530323 师宗县 Shizong")
    assert "参数" in page.inner_text("main") and "二(一)" in page.inner_text("#parameters")

    # 测算: switch jurisdiction, upload the bundled roster as .xlsx, results in Chinese
    roster = tmp_path / "单位名单.xlsx"
    roster.write_bytes(units_xlsx(sample_rows()))
    page.click("nav >> text=测算")
    page.select_option("#target", "j:530000")
    page.set_input_files("#file", str(roster))
    run(page)
    assert "530000 云南省" in page.inner_text("#results") and "师宗县 Shizong" not in page.inner_text("#results")
    page.select_option("#target", "j:530323")  # switch jurisdiction: the file stays chosen
    run(page)
    assert "530323 师宗县" in page.inner_text("#results")
    table = page.inner_text("#results-table")
    assert "岗位" in table and "至少" in table and "师宗县" in table and "乡镇" in table
    assert page.inner_text("#file-name") == "单位名单.xlsx"
    shot = page.screenshot(full_page=False)
    assert not_blank(shot)
    if os.environ.get("JIUZHU_SCREENSHOT"):  # how docs/screenshot.png is made
        with open(os.environ["JIUZHU_SCREENSHOT"], "wb") as handle:
            handle.write(shot)

    # sort and filter
    page.fill("#filter", "彩云镇")
    visible = page.locator("#results-table tbody tr:visible")
    assert visible.count() >= 1 and all("彩云镇" in t for t in visible.all_inner_texts())
    page.fill("#filter", "")

    # a row's explanation: the levels, the clause and its quote, the parameters read
    page.click("#results-table tbody tr:first-child details summary")
    explanation = page.inner_text("#results-table tbody tr:first-child .explanation")
    assert "适用层级及其回答" in explanation and "530000" in explanation and "所用参数" in explanation

    # download the .xlsx report: the CLI's writer, with its provenance sheet
    with page.expect_download() as info:
        page.click("#download-xlsx")
    saved = tmp_path / "report.xlsx"
    info.value.save_as(saved)
    from openpyxl import load_workbook

    book = load_workbook(saved)
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value]
    assert any("530323" in c for c in cells)

    # 对比: the chart is drawn
    page.click("nav >> text=对比")
    page.click("#compare-button")
    page.wait_for_selector("#chart[data-drawn=yes]")
    assert "征求意见稿" in page.inner_text("#compare-results")
    assert not_blank(page.locator("#chart").screenshot())

    # 配置: use 530323, set an override, and the answer changes
    page.click("nav >> text=配置")
    page.select_option("#use-jurisdiction", "530323")
    page.click("#use-button")
    assert "530323" in page.inner_text("#message")
    page.select_option("#set-name", "530000.rounding_minimum")
    page.fill("#set-value", "floor")
    page.click("#set-button")
    assert "rounding_minimum='floor'" in page.inner_text("#message")
    page.click("nav >> text=测算")
    page.select_option("#target", "")  # the active profile
    run(page)
    county = page.locator("#results-table tbody tr").filter(
        has=page.locator("td.k-code", has_text=re.compile(r"^530323$"))).first
    assert county.locator("td.k-minimum").inner_text() == "4"  # 5 under the documents' reading
    assert not page.problems, page.problems


def test_hostile_unit_names_render_as_text(page, server, tmp_path):
    roster = tmp_path / "<img src=x onerror=alert(2)>.csv"
    roster.write_bytes(xss_units_csv())
    for path, button, results in (("/run", "#run-button", "#results-table"),
                                  ("/compare", "#compare-button", "#compare-table")):
        page.goto(server + path)
        file_input = "#file" if path == "/run" else "#compare-file"
        if path == "/run":
            page.select_option("#target", "j:530323")
        page.set_input_files(file_input, str(roster))
        run(page, button)
        page.wait_for_selector(results)
        text = page.inner_text(results)
        for name in XSS_NAMES:
            assert name in text  # shown as the text it is
        assert page.locator(f"{results} img").count() == 0 and page.locator(f"{results} script").count() == 0
    assert not page.problems, page.problems  # no alert() ran, no script error
