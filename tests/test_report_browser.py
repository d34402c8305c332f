"""The .html report and the charts, rendered in a real browser (the system Chromium, driven
by Playwright): the page is not blank, its Chinese text is there, and it asks nothing of
the internet."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from jiuzhu.cli.main import cli

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


def _render(browser, path: Path):
    """(visible text, number of drawn chart shapes, screenshot size in bytes, URLs asked for).
    A blank page's PNG is a few kB; a drawn one is tens of kB."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_timeout(300)
    text = page.evaluate("document.body ? document.body.innerText : document.documentElement.textContent")
    shapes = page.evaluate("document.querySelectorAll('svg rect, svg path').length")
    shot = page.screenshot(full_page=path.suffix == ".html")
    page.close()
    return text, shapes, len(shot), [u for u in asked if not u.startswith(("file:", "data:"))]


def test_html_report_and_charts_render(browser, runner, tmp_path):
    report = tmp_path / "report.html"
    assert runner.invoke(cli, ["compare", "-J", "all", "-o", str(report)]).exit_code == 0
    text, shapes, png_bytes, asked = _render(browser, report)
    assert "最低配备人数合计" in text and "吉林省" in text and "征求意见稿" in text and "说明" in text
    assert shapes > 20 and png_bytes > 30_000 and asked == []
    staffing = tmp_path / "staffing.html"
    assert runner.invoke(cli, ["--lang", "zh", "staffing", "-j", "530323", "-o", str(staffing)]).exit_code == 0
    text, shapes, png_bytes, asked = _render(browser, staffing)
    assert "师宗县" in text and "乡镇社会救助经办员" in text and shapes > 10 and asked == []
    for chart in (tmp_path / "chart.html", tmp_path / "chart.svg"):
        assert runner.invoke(cli, ["compare", "-J", "220000,640100", "--chart", str(chart)]).exit_code == 0
        text, shapes, png_bytes, asked = _render(browser, chart)
        assert "吉林省" in text and "征求意见稿" in text and "来源" in text
        assert shapes > 5 and png_bytes > 15_000 and asked == []
