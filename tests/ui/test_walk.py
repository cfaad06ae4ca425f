"""A learner's whole walk through one module, by keyboard, then a relaunch; and a drill
revised under saved progress."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.ui.conftest import (
    COURSE,
    MakeApp,
    close,
    press,
    read_progress,
    screen_text,
    settle,
    start,
)
from tutor.ui.app import TutorApp
from tutor.ui.screens.drill import DrillScreen
from tutor.ui.screens.home import HomeScreen
from tutor.ui.screens.module import ModuleScreen
from tutor.ui.screens.quiz import QuizScreen
from tutor.ui.screens.reader import ReaderScreen

PAGES = ["why-this-matters", "who-sees-a-post", "friend-requests"]
Q1 = "who-can-see-a-comment-you-leave-on-a-friends-pos"
Q2 = "which-of-these-should-you-check-before-posting"
Q3 = "a-patients-friend-request-should-be-accepted-on"
DRILL = "drill-a-friend-request-after-clinic"


async def test_full_walk_then_relaunch(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Start: First steps" in screen_text(app)

        await press(pilot, "c")  # Continue: the next thing to do, the first page
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert "page 1 of 3" in screen_text(app)
        assert "Patients look you up" in screen_text(app)

        await press(pilot, "right")
        assert "page 2 of 3" in screen_text(app)
        await press(pilot, "n")
        assert "page 3 of 3" in screen_text(app)
        assert "Next: the quiz" in screen_text(app)
        await press(pilot, "left", "right")
        assert "page 3 of 3" in screen_text(app)

        await press(pilot, "right")  # the quiz comes after the last page
        assert isinstance(app.screen, QuizScreen)
        assert "Pass mark: 80%" in screen_text(app)

        await press(pilot, "n")  # start
        assert "Question 1 of 3" in screen_text(app)
        await press(pilot, "2")  # the right answer
        assert "Correct." in screen_text(app)
        assert "The audience of a comment is set by the post" in screen_text(app)

        await press(pilot, "n")
        assert "Question 2 of 3" in screen_text(app)
        await press(pilot, "1", "3", "s")  # audience, likes: wrong
        text = screen_text(app)
        assert "Not quite." in text
        assert "No: that does not make a post safe." in text

        await press(pilot, "n", "2")  # False: right
        assert "Correct." in screen_text(app)
        await press(pilot, "n")
        text = screen_text(app)
        assert "Score: 67% (2 of 3 right)" in text
        assert "Not passed yet" in text
        assert "Which of these should you check before posting?" in text  # the review

        await press(pilot, "n")  # on to the drill
        assert isinstance(app.screen, DrillScreen)
        await press(pilot, "n", "2")
        text = screen_text(app)
        assert "Ending: A warm decline" in text
        assert "You took the best path." in text
        assert "Score: 100% (2 of 2 points)" in text

        await pilot.press("ctrl+q")
    close(app)

    data = read_progress()
    module = data["modules"]["first-steps"]
    assert module["pages_viewed"] == PAGES
    (attempt,) = module["quiz_attempts"]
    assert [(a["question"], a["chosen"], a["correct"]) for a in attempt["answers"]] == [
        (Q1, ["everyone-who-can-see-your-friends-post"], True),
        (Q2, ["the-audience", "the-number-of-likes-you-expect"], False),
        (Q3, ["false"], True),
    ]
    assert attempt["score"] == 2 / 3
    assert attempt["passed"] is False
    (run,) = module["drill_runs"]
    assert run["path"] == ["the-request-arrives", "ending-a-warm-decline"]
    assert run["choices"] == ["decline-and-mention-your-practice-page"]
    assert run["ending"] == "ending-a-warm-decline"
    assert "second-module" not in data.get("modules", {})
    assert data["position"] == {
        "module": "first-steps",
        "item": DRILL,
        "step": "ending-a-warm-decline",
    }

    again: TutorApp = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, DrillScreen)
        assert screen.drill.id == DRILL
        assert "Ending: A warm decline" in screen_text(again)
        await press(pilot, "escape")
        assert isinstance(again.screen, ModuleScreen)
        await press(pilot, "escape")
        assert isinstance(again.screen, HomeScreen)
        await pilot.press("ctrl+q")
    after = read_progress()
    assert after["modules"]["first-steps"]["quiz_attempts"] == module["quiz_attempts"]
    assert after["modules"]["first-steps"]["drill_runs"] == module["drill_runs"]


async def _choose_then_revise(
    make_app: MakeApp, tmp_path: Path, choice: str, heading: str, renamed: str
) -> Path:
    """On a copy of the course, make one drill choice and quit; then rename a step's
    heading (and the links to it), as a trainer revising the drill would."""
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    app = make_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        app.session.start_drill("first-steps", DRILL)
        app.session.choose("first-steps", DRILL, choice)
        await pilot.press("ctrl+q")
    close(app)
    module = course / "01-first-steps.md"
    text = module.read_text(encoding="utf-8")
    anchor = "#" + heading.lower().replace(":", "").replace(" ", "-")
    new_anchor = "#" + renamed.lower().replace(":", "").replace(" ", "-")
    module.write_text(
        text.replace(anchor, new_anchor).replace(f"### {heading}", f"### {renamed}"),
        encoding="utf-8",
    )
    return course


async def test_a_finished_run_whose_ending_was_revised_away_says_so(
    make_app: MakeApp, tmp_path: Path
) -> None:
    """A trainer renames an ending after a learner reached it: reopening the drill says the
    ending is gone and offers a replay, instead of showing another step as the debrief."""
    course = await _choose_then_revise(
        make_app,
        tmp_path,
        "decline-and-mention-your-practice-page",
        "Ending: A warm decline",
        "Ending: A kind decline",
    )
    again: TutorApp = make_app(course)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, DrillScreen)
        shown = screen_text(again)
        assert "Ending: no longer in this drill" in shown
        assert "Ending: The request arrives" not in shown
        assert "Score: 100% (2 of 2 points)" in shown
        await press(pilot, "r")
        shown = screen_text(again)
        assert "The request arrives" in shown and "What do you do?" in shown
        await press(pilot, "2")  # the warm decline, under its new name
        assert "Ending: A kind decline" in screen_text(again)
        await pilot.press("ctrl+q")
    close(again)


async def test_an_unfinished_run_at_a_step_revised_away_starts_over_cleanly(
    make_app: MakeApp, tmp_path: Path
) -> None:
    """A learner stopped mid-drill at a step a trainer then renamed: reopening shows the
    drill's start, and the first choice is recorded (no "choice not recorded" dead end)."""
    course = await _choose_then_revise(
        make_app, tmp_path, "decline-it-without-a-word", "A silent decline", "A quiet decline"
    )
    again: TutorApp = make_app(course)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, DrillScreen)
        assert "What do you do?" not in screen_text(again)  # the introduction, not a step
        await press(pilot, "n")  # start the drill
        shown = screen_text(again)
        assert "The request arrives" in shown and "What do you do?" in shown
        await press(pilot, "2")
        assert "Ending: A warm decline" in screen_text(again)
        await pilot.press("ctrl+q")
    close(again)
    (run,) = read_progress()["modules"]["first-steps"]["drill_runs"]
    assert run["path"] == ["the-request-arrives", "ending-a-warm-decline"]
