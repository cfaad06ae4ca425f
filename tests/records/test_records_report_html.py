"""The HTML report in a real browser: Debian's Chromium, driven by Playwright.

Playwright's own browser download does not work here, so the test uses
/usr/bin/chromium (Debian's `chromium` package; .ci/run installs it) and skips,
saying so, only when that file is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from records_factory import FIXTURES
from records_helpers import Cli

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS

#: Where the screenshot is kept for a person to look at (also in the test's tmp_path).
SCREENSHOT_ENV = "TUTOR_REPORT_SCREENSHOT"


@pytest.fixture
def report_html(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(FIXTURES)
    out = tmp_path / "report.html"
    result = cli("report", "progress", "--format", "html", "-o", str(out))
    assert result.code == 0, result.err
    return out


def test_html_is_one_self_contained_file(report_html: Path) -> None:
    text = report_html.read_text(encoding="utf-8")
    assert "<script" not in text.lower()
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in text
    assert "Content-Security-Policy" in text
    for chart in ("chart-completion", "chart-scores-0", "chart-items", "chart-drill-0"):
        assert f'id="{chart}"' in text
    assert 'class="pass-mark"' in text


@pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is absent: install Debian's chromium package "
    "(apt-get install -y chromium; .ci/run does) to check the HTML report in a browser",
)
def test_charts_render_in_chromium(report_html: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.on("request", lambda r: requests.append(r.url))
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(report_html.as_uri())
            page.wait_for_load_state("load")
            charts = page.locator("svg.chart")
            assert charts.count() >= 6
            for i in range(charts.count()):
                box = charts.nth(i).bounding_box()
                assert box is not None and box["width"] > 100 and box["height"] > 20, i
            # every chart draws bars of some size, and the score charts a visible pass mark
            for chart_id in ("chart-completion", "chart-scores-0", "chart-items", "chart-drill-0",
                             "chart-evaluation"):  # fmt: skip
                bars = page.locator(f"#{chart_id} rect.bar")
                assert bars.count() > 0, chart_id
                sizes = [bars.nth(j).bounding_box() for j in range(bars.count())]
                assert any(b and b["width"] > 0 and b["height"] > 0 for b in sizes), chart_id
            mark = page.locator("#chart-scores-0 line.pass-mark").bounding_box()
            assert mark is not None and mark["height"] > 50
            assert page.locator("h1").inner_text() == "Records Fixture: Posting Safely"
            assert "Ready for PARS" in page.locator("dl.summary").inner_text()
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            keep = os.environ.get(SCREENSHOT_ENV)
            if keep:
                Path(keep).write_bytes(shot.read_bytes())
        finally:
            browser.close()
    # nothing but the file itself was requested: no fonts, scripts or images from anywhere
    assert requests == [report_html.as_uri()]
    assert errors == []
