"""Profile, CME details asked for only when needed, the evaluation, credit and the certificate."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, RadioSet, Select

from tests.support.learner import finish_course, finish_every_module
from tests.ui.conftest import (
    COURSE,
    MakeApp,
    click,
    fixed_clock,
    press,
    progress_file,
    read_progress,
    screen_text,
    settle,
)
from tutor.core.course import load_course
from tutor.core.paths import builtin_course
from tutor.core.progress.model import Progress
from tutor.core.records import certificate_problems
from tutor.ui.app import TutorApp
from tutor.ui.screens.details import DetailsScreen
from tutor.ui.screens.evaluation import EvaluationScreen
from tutor.ui.screens.home import HomeScreen
from tutor.ui.screens.profile import ProfileScreen
from tutor.ui.screens.records import RecordsScreen, certificate_blockers


async def test_first_launch_asks_for_nothing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert not app.screen.query(Input)


async def test_profile_saves_name_and_cme_details(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "p")
        assert isinstance(app.screen, ProfileScreen)
        assert "None given. You only need them to claim CME credit" in screen_text(app)
        await click(pilot, "#first-name")
        await pilot.press(*"Ada")
        await click(pilot, "#last-name")
        await pilot.press(*"Lovelace [MD]", "enter")
        await settle(pilot)
        await click(pilot, "#details")
        assert isinstance(app.screen, DetailsScreen)
        app.screen.query_one("#email", Input).value = "ada@example.org"
        app.screen.query_one("#board", Input).value = "ABIM"
        app.screen.query_one("#board-id", Input).value = "123456"
        app.screen.query_one("#birth-month", Select).value = 12
        app.screen.query_one("#birth-day", Input).value = "10"
        await click(pilot, "#consent")
        await click(pilot, "#save")
        assert isinstance(app.screen, ProfileScreen)
        text = screen_text(app)
        assert "Board: ABIM (ID 123456)" in text
        assert "Birthday: 10 December" in text
        assert "Share completion with my board: yes" in text
    learner = read_progress()["learner"]
    assert (learner["first_name"], learner["last_name"]) == ("Ada", "Lovelace [MD]")
    assert learner["email"] == "ada@example.org"
    assert (learner["birth_month"], learner["birth_day"]) == (12, 10)
    assert learner["consent_to_share"] is True


async def test_bad_details_are_explained_not_saved(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "p", "d")
        app.screen.query_one("#email", Input).value = "not an email"
        await click(pilot, "#save")
        assert isinstance(app.screen, DetailsScreen)
        assert "Not saved: email should look like name@example.org" in screen_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, ProfileScreen)
    assert read_progress()["learner"]["email"] == ""


async def test_evaluation_credit_and_certificate(make_app: MakeApp, private_home: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        finish_every_module(app.active_session)
        app.open_home()
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.refresh_view()
        await settle(pilot)
        assert "One step left: the course evaluation" in screen_text(app)

        await click(pilot, "#evaluation")
        assert isinstance(app.screen, EvaluationScreen)
        await click(pilot, "#submit")  # nothing rated yet
        assert "please rate" in screen_text(app)
        radios = app.screen.query_one(RadioSet)
        radios.focus()
        await press(pilot, "right", "right", "right", "enter")
        app.screen.query_one("#q2").load_text("More drills, please.")  # type: ignore[attr-defined]
        await click(pilot, "#submit")
        assert isinstance(app.screen, HomeScreen)
        assert "You have completed the course." in screen_text(app)

        await click(pilot, "#records")
        assert isinstance(app.screen, RecordsScreen)
        text = screen_text(app)
        assert "add your name in your profile first" in text
        assert "claim the credit you earned first" in text

        app.screen.query_one("#first-name", Input).value = "Ada"
        app.screen.query_one("#last-name", Input).value = "Lovelace"
        await click(pilot, "#save-name")
        app.screen.query_one("#hours", Select).value = 0.5
        await click(pilot, "#claim")
        assert "You have claimed 0.5 hours." in screen_text(app)
        assert "Ready: choose where to save it." in screen_text(app)
        target = private_home / "cert.pdf"
        app.screen.query_one("#cert-path", Input).value = str(target)
        await click(pilot, "#certificate")
    assert target.read_bytes().startswith(b"%PDF")
    data = read_progress()
    assert data["evaluation"]["answers"] == {
        "met-objectives": "4",
        "comments": "More drills, please.",
    }
    assert data["credit"]["claimed"] == 0.5


# The [provider] table of the built-in course before a provider fills it in
# (lessons/course.toml); tutor.core.records refuses certificates for it.
PLACEHOLDER_PROVIDER = """[provider]
name = "[Accredited provider name: replace before use]"
designation = "The [accredited provider: replace before use] designates this activity."
"""


def _placeholder_course(tmp_path: Path) -> Path:
    """The test course with its provider still the "replace before use" placeholder."""
    course = tmp_path / "placeholder-course"
    shutil.copytree(COURSE, course)
    toml = course / "course.toml"
    text = toml.read_text(encoding="utf-8")
    start = text.index("[provider]")
    end = text.index("[[evaluation]]")
    toml.write_text(text[:start] + PLACEHOLDER_PROVIDER + "\n" + text[end:], encoding="utf-8")
    return course


async def _open_records(app: TutorApp, pilot: Pilot[int]) -> None:
    await settle(pilot)
    finish_course(app.active_session)
    app.open_home()
    await settle(pilot)
    assert isinstance(app.screen, HomeScreen)
    app.screen.refresh_view()
    await settle(pilot)
    await click(pilot, "#records")
    assert isinstance(app.screen, RecordsScreen)


async def test_no_certificate_while_the_provider_is_a_placeholder(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app(_placeholder_course(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_records(app, pilot)
        screen = app.screen
        assert isinstance(screen, RecordsScreen)
        text = " ".join(screen_text(app).split())
        assert "No certificate can be issued for this course yet." in text
        assert "The course's provider has not been filled in" in text
        assert "nothing you have done is lost" in text
        assert "Your progress is saved in this file" in text
        assert str(progress_file()) in text
        assert "Your CME coordinator can issue your records from that file." in text
        # what the learner can still do for the record: name and claim, not a dead end
        assert "• add your name in your profile first" in text
        assert "• claim the credit you earned first" in text
        # no cryptic core wording, and no certificate controls that could never work
        assert "placeholder" not in text and "course.toml" not in text
        assert not screen.query_one("#certificate", Button).display
        assert not screen.query_one("#cert-path", Input).display

        screen.query_one("#first-name", Input).value = "Ada"
        screen.query_one("#last-name", Input).value = "Lovelace"
        await click(pilot, "#save-name")
        screen.query_one("#hours", Select).value = 0.5
        screen.query_one("#claim", Button).scroll_visible(animate=False)
        await settle(pilot)
        await click(pilot, "#claim")
        text = " ".join(screen_text(app).split())
        assert "Your progress and your credit claim (0.5 hours) are saved in this file" in text
        assert "Your record is complete: your name, your progress and your credit claim" in text
        assert "No certificate can be issued for this course yet." in text
    data = read_progress()
    assert data["credit"]["claimed"] == 0.5
    assert (data["learner"]["first_name"], data["learner"]["last_name"]) == ("Ada", "Lovelace")


def test_placeholder_detection_agrees_with_the_core(tmp_path: Path) -> None:
    """`certificate_blockers` names the provider problem exactly when the core finds one."""
    for course_dir, expected in ((COURSE, False), (_placeholder_course(tmp_path), True)):
        course = load_course(course_dir).course
        assert course is not None
        progress = Progress.new(course, fixed_clock())
        no_provider, learner_side = certificate_blockers(course, progress)
        problems = certificate_problems(course, progress)
        assert no_provider is expected
        assert len(problems) == len(learner_side) + expected
        assert set(learner_side) <= set(problems)


async def test_builtin_course_explains_its_missing_provider(make_app: MakeApp) -> None:
    """The built-in course, finished, opened at "Certificate and credit" (while its
    provider is still the placeholder)."""
    course = load_course(builtin_course()).course
    assert course is not None
    if not certificate_blockers(course, Progress.new(course, fixed_clock()))[0]:
        pytest.skip("the built-in course's provider is filled in")
    app = make_app(builtin_course())
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_records(app, pilot)
        text = " ".join(screen_text(app).split())
        assert "No certificate can be issued for this course yet." in text
        assert str(progress_file(course.id)) in text
        assert "Your CME coordinator can issue your records from that file." in text
