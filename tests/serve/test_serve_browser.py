"""`tutor serve` in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

The journey: open the printed address, read pages with keys, answer a quiz question, close
the tab, reopen, and be back in the same place; a second tab is told the course is open
elsewhere; nothing is fetched from anywhere but the server; a finished learner downloads
their certificate. Hospital mode: two users at once in two browser contexts, and a user
header from an untrusted address gets no app.

Screenshots are written to $TUTOR_SCREENSHOTS (when set) so a person can look at them.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.serve.serving import REPO, Screen, Served, click_text, press
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.learner import finish_course
from tutor.core.course import load_course
from tutor.core.paths import progress_path
from tutor.core.progress.store import ProgressStore, read_progress
from tutor.core.session import Session

COURSE = REPO / "tests" / "fixtures" / "ui_course"
COURSE_ID = "ui-test-course"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
    ),
]


@asynccontextmanager
async def chromium() -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            await browser.close()


class Requests:
    """Every request and websocket a browser context makes."""

    def __init__(self, context: Any) -> None:
        self.urls: list[str] = []
        self.failed: list[str] = []
        context.on("request", lambda r: self.urls.append(r.url))
        context.on("requestfailed", lambda r: self.failed.append(r.url))
        context.on("page", self._page)

    def _page(self, page: Any) -> None:
        page.on("websocket", lambda ws: self.urls.append(ws.url))

    def hosts(self) -> set[str]:
        return {urlsplit(u).netloc for u in self.urls if not u.startswith(("data:", "blob:"))}


async def shoot(page: Any, screen: Screen, tmp_path: Path, name: str) -> Path:
    await screen.wait_quiet(0.5)  # the whole redraw, footer included
    path = tmp_path / f"{name}.png"
    await page.screenshot(path=str(path))
    keep = os.environ.get("TUTOR_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)
    return path


async def open_tab(context: Any, url: str) -> tuple[Any, Screen]:
    page = await context.new_page()
    screen = Screen().attach(page)
    await page.goto(url)
    return page, screen


async def test_journey_close_the_tab_and_come_back(tmp_path: Path) -> None:
    served = Served.start("--course", str(COURSE))
    progress = progress_path(COURSE_ID)
    try:
        async with chromium() as browser:
            context = await browser.new_context(viewport={"width": 1280, "height": 800})
            requests = Requests(context)
            page, screen = await open_tab(context, served.url)
            await screen.wait_for("About this course", "Start the course", timeout=60)
            assert page.url == served.base  # the token was traded for a cookie
            assert "-first-byte" in (await page.get_attribute("body", "class") or "")
            await page.locator("#terminal").click()
            await page.keyboard.press("c")  # the welcome: start the course, at its first page
            await screen.wait_for("page 1 of 3", "Patients look you up")
            await page.keyboard.press("n")
            await screen.wait_for("page 2 of 3", "Every post has an audience")
            await page.keyboard.press("ArrowRight")
            await screen.wait_for("page 3 of 3", "Friend requests")
            await page.keyboard.press("n")  # the quiz's start
            await screen.wait_for("Three questions")
            await page.keyboard.press("n")
            await screen.wait_for("Question 1 of 3", "Who can see a comment")
            await page.keyboard.press("2")  # the right answer
            await screen.wait_for("Right. The post's author chose that audience.")
            attempt = read_progress(progress).modules["first-steps"].quiz_attempts[-1]
            assert [a.correct for a in attempt.answers] == [True], "saved before the tab closes"
            await shoot(page, screen, tmp_path, "serve-1280x800-quiz")

            pids = served.app_pids()  # the first tab's app

            # A second tab, like a second terminal, is told the course is open elsewhere.
            second, second_screen = await open_tab(context, served.base)
            text = await second_screen.wait_for("already open elsewhere", "Try again")
            assert "Nothing was written" in text
            await shoot(second, second_screen, tmp_path, "serve-1280x800-second-tab")

            # Close the first tab: its app ends and lets go of the file at once.
            assert len(pids) == 1
            closed_at = time.monotonic()
            await page.close()
            while set(pids) & set(served.app_pids()) and time.monotonic() - closed_at < 10:
                await asyncio.sleep(0.05)
            gone = time.monotonic() - closed_at
            assert not set(pids) & set(served.app_pids()), "the closed tab's app still runs"

            # "Try again" in the second tab reloads it: the learner is where they were.
            await second.locator("#terminal").click()  # the first click focuses the page
            await second.keyboard.press("Enter")  # Try again has the focus
            await second_screen.wait_for("Question 2 of 3", "You are back where you left off")
            # ... and the app follows the window to a smaller size.
            await second.set_viewport_size({"width": 800, "height": 520})
            deadline = time.monotonic() + 10
            while second_screen.screen.columns >= 100 and time.monotonic() < deadline:
                await asyncio.sleep(0.05)  # the page tells the app its new size
            assert second_screen.screen.columns < 100
            await second_screen.wait_for("Question 2 of 3")
            await shoot(second, second_screen, tmp_path, "serve-800x520-resumed")
            await context.close()
    finally:
        assert served.stop() == 0
    assert requests.hosts() == {f"127.0.0.1:{served.port}"}, requests.urls
    assert not requests.failed
    assert any("static/fonts/RobotoMono" in u for u in requests.urls)  # the font, served here
    assert not any("Traceback" in line or "ERROR" in line for line in served.log), served.log
    print(f"app gone {gone:.2f} s after its tab closed")


def finished_learner() -> None:
    """A learner who has done everything but download the certificate (via the core)."""
    course = load_course(COURSE).course
    assert course is not None
    store = ProgressStore(progress_path(COURSE_ID))
    session = Session(course, store.open(course), save=store.save)
    finish_course(session)
    session.update_learner(first_name="Ada", last_name="Łukasiewicz")
    session.attest_credit(0.5)
    store.close()


async def test_certificate_download(tmp_path: Path) -> None:
    finished_learner()
    served = Served.start("--course", str(COURSE))
    try:
        async with chromium() as browser:
            context = await browser.new_context(viewport={"width": 1280, "height": 800})
            delivered: list[tuple[int, dict[str, str], bytes]] = []

            async def keep(route: Any) -> None:  # the browser's own request, read on the way
                response = await route.fetch()
                delivered.append((response.status, response.headers, await response.body()))
                await route.fulfill(response=response)

            await context.route("**/download/*", keep)
            page, screen = await open_tab(context, served.url)
            await screen.wait_for("Quiz: results")  # resumed where the learner finished
            await page.locator("#terminal").click()
            await press(page, screen, "Escape", "Escape")
            await screen.wait_for("Continue: your certificate")
            await page.keyboard.press("c")
            await screen.wait_for("Your browser will download it", "Save certificate (PDF)")
            await click_text(page, screen, "Save certificate (PDF)")
            await screen.wait_for("Your browser is downloading")
            deadline = time.monotonic() + 15
            while not delivered and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            await shoot(page, screen, tmp_path, "serve-1280x800-certificate")
            await context.close()
    finally:
        assert served.stop() == 0
    assert delivered, "the browser never fetched the certificate"
    status, headers, body = delivered[0]
    assert status == 200 and body.startswith(b"%PDF-")
    assert headers["content-type"] == "application/pdf"
    assert "attachment" in headers["content-disposition"]
    assert f"{COURSE_ID}-certificate.pdf" in headers["content-disposition"]
    assert not list(Path.home().rglob("*.pdf")), "nothing is written on the server's side"


async def test_hospital_header_from_an_untrusted_address_gets_no_app(tmp_path: Path) -> None:
    served = Served.start(
        "--course", str(COURSE), "--trusted-proxy", "10.11.12.13",
        "--user-header", "X-Remote-User", "--data-dir", str(tmp_path / "data"), "--port", "0",
    )  # fmt: skip
    try:
        async with chromium() as browser:
            context = await browser.new_context(extra_http_headers={"X-Remote-User": "alice"})
            page = await context.new_page()
            response = await page.goto(served.base)
            assert response is not None and response.status == 403
            assert "Please sign in first" in await page.inner_text("body")
            assert await page.locator("#terminal").count() == 0
            await context.close()
    finally:
        assert served.stop() == 0
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir())
