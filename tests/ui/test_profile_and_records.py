"""Profile, CME details asked for only when needed, the evaluation, credit and the certificate."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, RadioSet, Select

from tests.ui.conftest import MakeApp, click, press, read_progress, screen_text, settle
from tutor.ui.app import TutorApp
from tutor.ui.screens.details import DetailsScreen
from tutor.ui.screens.evaluation import EvaluationScreen
from tutor.ui.screens.home import HomeScreen
from tutor.ui.screens.profile import ProfileScreen
from tutor.ui.screens.records import RecordsScreen


def _finish_every_module(app: TutorApp) -> None:
    """Complete the course's modules through the session (the walk test covers the UI)."""
    session = app.active_session
    for module in session.course.modules:
        for page in module.pages:
            session.view_page(module.id, page.id)
        if module.quiz is not None:
            session.start_quiz(module.id)
            for question in module.quiz.questions:
                session.answer(module.id, question.id, set(question.correct_ids))
            session.finish_quiz(module.id)
        for drill in module.drills:
            session.start_drill(module.id, drill.id)
            session.choose(module.id, drill.id, drill.start.choices[1].id)


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
        _finish_every_module(app)
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
