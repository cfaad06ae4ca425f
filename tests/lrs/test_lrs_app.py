"""The app sends a learner's records to the course's LRS (a real Ralph), only after they agree."""

from __future__ import annotations

import asyncio
import shutil
import time
import tomllib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from real_lrs import Lrs
from textual.pilot import Pilot
from textual.widgets import Button

from tutor.core.paths import outbox_dir, progress_path
from tutor.ui.app import TutorApp
from tutor.ui.launch import Prepared, prepare_app
from tutor.ui.screens.confirm import ConfirmScreen

UI_COURSE = Path(__file__).resolve().parents[1] / "fixtures" / "ui_course"
ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
#: keys from the welcome to the first answer of the first quiz (the ui_course's 3 pages)
TO_FIRST_ANSWER = ("c", "n", "n", "n", "n", "2")


def course_with_lrs(tmp_path: Path, endpoint: str) -> Path:
    course = tmp_path / "course"
    shutil.copytree(UI_COURSE, course)
    settings = course / "course.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + f'\n[lrs]\nendpoint = "{endpoint}"\n',
        encoding="utf-8",
    )
    return course


@pytest.fixture
def course(lrs: Lrs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test course naming the real LRS, with its credentials in the environment."""
    for name, value in lrs.env.items():
        monkeypatch.setenv(name, value)
    return course_with_lrs(tmp_path, lrs.url)


async def settle(pilot: Pilot[int]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def progress_file() -> Path:
    return progress_path("ui-test-course")


def answered(lrs: Lrs, wait: float) -> list[dict[str, object]]:
    deadline = time.monotonic() + wait
    while True:
        found = [s for s in lrs.statements() if s["verb"]["id"] == ANSWERED]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


@asynccontextmanager
async def consented(agree: bool, course: Path) -> AsyncIterator[tuple[TutorApp, Pilot[int]]]:
    """The app, its consent question answered, at the first question's feedback."""
    prepared = prepare_app(course)
    assert isinstance(prepared, Prepared)
    app = prepared.app
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, ConfirmScreen)  # asked before anything is sent
            text = " ".join(str(s.render()) for s in dialog.query("Static"))
            assert "Never sent: your name, board" in text and "/xAPI/" in text
            assert "course evaluation" in text
            assert app.focused is dialog.query_one("#no", Button)  # Enter alone never agrees
            assert await pilot.click("#yes" if agree else "#no")
            await settle(pilot)
            for key in TO_FIRST_ANSWER:
                await pilot.press(key)
                await settle(pilot)
            assert "Right" in " ".join(str(s.render()) for s in app.screen.query("Static"))
            yield app, pilot
    finally:
        prepared.store.close()


async def walk(agree: bool, course: Path, lrs: Lrs) -> list[dict[str, object]]:
    """Answer the first question; the statements the LRS then holds (the app still open)."""
    async with consented(agree, course):
        return await asyncio.to_thread(answered, lrs, 30 if agree else 3)


async def test_the_app_sends_what_the_learner_does_once_they_agree(lrs: Lrs, course: Path) -> None:
    statements = await walk(True, course, lrs)
    assert len(statements) == 1, statements
    (statement,) = statements
    assert "/first-steps/quiz/" in statement["object"]["id"]  # type: ignore[index]
    assert statement["result"]["success"] is True  # type: ignore[index]
    actor = statement["actor"]
    assert isinstance(actor, dict) and "name" not in actor  # never the learner's name
    assert "mbox" not in actor and actor["account"]["name"]  # no e-mail: an anonymous id
    saved = tomllib.loads(progress_file().read_text(encoding="utf-8"))
    assert saved["lrs"]["agreed"] is True and saved["lrs"]["endpoint"] == lrs.url
    # everything queued was sent: the queue is empty once the LRS has acknowledged it
    deadline = time.monotonic() + 10
    while list(outbox_dir(progress_file()).rglob("q-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not list(outbox_dir(progress_file()).rglob("q-*"))


async def test_without_consent_nothing_leaves_the_machine(lrs: Lrs, course: Path) -> None:
    assert await walk(False, course, lrs) == []
    assert not outbox_dir(progress_file()).exists()
    saved = tomllib.loads(progress_file().read_text(encoding="utf-8"))
    assert saved["lrs"]["agreed"] is False


async def test_saying_no_later_stops_sending_and_drops_the_queue(lrs: Lrs, course: Path) -> None:
    async with consented(True, course) as (app, pilot):
        assert len(await asyncio.to_thread(answered, lrs, 30)) == 1
        app.ask_lrs_consent()  # as the Profile's "Change..." does
        await settle(pilot)
        assert await pilot.click("#no")
        await settle(pilot)
        assert app.lrs_link is None
        for key in ("n", "1", "s"):  # the next question (select all), answered
            await pilot.press(key)
            await settle(pilot)
        assert len(await asyncio.to_thread(answered, lrs, 3)) == 1  # nothing more
        assert not list(outbox_dir(progress_file()).rglob("q-*"))
    saved = tomllib.loads(progress_file().read_text(encoding="utf-8"))
    assert saved["lrs"]["agreed"] is False
    assert len(saved["modules"]["first-steps"]["quiz_attempts"][0]["answers"]) == 2
