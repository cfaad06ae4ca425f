"""Fixtures for the app's tests: a fixed clock and apps that clean up (tests/conftest.py
gives every test a private home)."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tutor.core.paths import progress_path
from tutor.ui.app import TutorApp
from tutor.ui.launch import Prepared, prepare_app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
COURSE = FIXTURES / "ui_course"
COURSE_ID = "ui-test-course"
NOW = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC)


def fixed_clock() -> dt.datetime:
    return NOW


MakeApp = Callable[..., TutorApp]


@pytest.fixture
def make_app() -> Iterator[MakeApp]:
    """Build the learner's app as `tutor` would (course, lock, progress), closing stores after."""
    opened: list[Prepared] = []

    def make(course: Path = COURSE, **kwargs: Any) -> TutorApp:
        kwargs.setdefault("clock", fixed_clock)
        prepared = prepare_app(course, **kwargs)
        assert isinstance(prepared, Prepared), f"the app did not start: exit {prepared}"
        opened.append(prepared)
        return prepared.app

    yield make
    for prepared in opened:
        prepared.store.close()


def close(app: TutorApp) -> None:
    """Release the progress lock, as `launch_app` does when the app ends."""
    if app.store is not None:
        app.store.close()


def progress_file(course_id: str = COURSE_ID) -> Path:
    return progress_path(course_id)


def read_progress(course_id: str = COURSE_ID) -> dict[str, Any]:
    return tomllib.loads(progress_file(course_id).read_text(encoding="utf-8"))


def screen_text(app: TutorApp) -> str:
    """The text of every visible Static (labels, buttons, markdown blocks) on the screen."""
    from textual.widget import Widget
    from textual.widgets import Button, OptionList, Static

    parts: list[str] = []
    for widget in app.screen.query("*"):
        if not all(n.display for n in widget.ancestors_with_self if isinstance(n, Widget)):
            continue
        if isinstance(widget, Static):
            parts.append(str(widget.render()))
        elif isinstance(widget, Button):
            parts.append(str(widget.label))
        elif isinstance(widget, OptionList):
            parts.extend(str(o.prompt) for o in widget.options)
    return "\n".join(parts)


async def settle(pilot: Pilot[int]) -> None:
    """Let the app finish what a key or click started (screens, markdown, workers)."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def press(pilot: Pilot[int], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def click(pilot: Pilot[int], selector: str) -> None:
    assert await pilot.click(selector), f"nothing to click at {selector}"
    await settle(pilot)


async def start(pilot: Pilot[int]) -> None:
    """Let the app start, and close the first-run welcome if it is shown."""
    from tutor.ui.screens.welcome import WelcomeScreen

    await settle(pilot)
    if isinstance(pilot.app.screen, WelcomeScreen):
        await press(pilot, "escape")
