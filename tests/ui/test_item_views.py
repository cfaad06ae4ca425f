"""The quiz and drill views: actions always in sight, and text drawn as written."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Button, Static

from tests.ui.conftest import MakeApp, press, screen_text, settle
from tutor.ui.app import TutorApp
from tutor.ui.screens.drill import DrillScreen, DrillView
from tutor.ui.screens.quiz import QuizScreen, QuizView
from tutor.ui.widgets.action_bar import ActionBar
from tutor.ui.widgets.doc_view import DocView
from tutor.ui.widgets.keys_bar import KeysBar
from tutor.ui.widgets.too_small import TooSmall

DRILL = "drill-a-friend-request-after-clinic"


def drawn(widget: Widget) -> list[str]:
    """The lines the widget draws, as the terminal gets them (styles and wrapping applied)."""
    lines: list[str] = []
    for part in [widget, *widget.query("*")]:
        if part.size.area:
            strips = part.render_lines(Region(0, 0, part.size.width, part.size.height))
            lines.extend(strip.text for strip in strips)
    return lines


def fully_shown(app: TutorApp, widget: Widget) -> bool:
    """On screen, whole, and above the footer."""
    footer = app.screen.query_one(KeysBar)
    region = widget.region
    return (
        region.height == 3
        and app.screen.region.contains_region(region)
        and region.bottom <= footer.region.y
    )


async def test_quiz_feedback_keeps_next_in_sight_at_80x24(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_item("first-steps", "quiz")
        await settle(pilot)
        await press(pilot, "n")
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.view is QuizView.QUESTION
        # a question with one answer has no buttons: the bar gives its room to the options
        assert not screen.query_one(ActionBar).display
        await press(pilot, "1")  # a wrong answer, with the most feedback
        assert screen.view is QuizView.FEEDBACK
        body = screen.query_one("#item-body", VerticalScroll)
        button = screen.query_one("#next", Button)
        assert isinstance(button.parent, ActionBar)  # not in the scrolling body
        assert body.max_scroll_y > 0, "the feedback should be longer than the screen here"
        assert screen.focused is button
        assert fully_shown(app, button)
        assert str(button.label) == "Next question →"

        # The arrow keys scroll the feedback; Next keeps the focus and stays in sight.
        await press(pilot, "down")
        await pilot.wait_for_scheduled_animations()
        assert body.scroll_y > 0
        await press(pilot, "end")
        await pilot.wait_for_scheduled_animations()
        assert body.scroll_y == body.max_scroll_y
        assert screen.focused is button and fully_shown(app, button)
        await press(pilot, "home")
        await pilot.wait_for_scheduled_animations()
        assert body.scroll_y == 0

        await press(pilot, "enter")
        assert "Question 2 of 3" in screen_text(app)
        # "select all that apply": Submit is in the bar
        assert fully_shown(app, screen.query_one("#submit", Button))


async def test_results_buttons_in_the_bar_and_arrow_keys_between_them(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_item("first-steps", "quiz")
        await settle(pilot)
        await press(pilot, "n", "2", "n", "1", "3", "s", "n", "2", "n")
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.view is QuizView.RESULTS
        retry = screen.query_one("#retry", Button)
        onward = screen.query_one("#continue", Button)
        assert fully_shown(app, retry) and fully_shown(app, onward)
        assert screen.focused is retry  # not passed: retrying comes first
        await press(pilot, "right")
        assert screen.focused is onward
        await press(pilot, "right")  # the last button: stays put
        assert screen.focused is onward
        await press(pilot, "left")
        assert screen.focused is retry


async def test_drill_ending_text_and_actions(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_item("first-steps", DRILL)
        await settle(pilot)
        await press(pilot, "n", "1", "1")
        screen = app.screen
        assert isinstance(screen, DrillScreen) and screen.view is DrillView.ENDING
        for selector in ("#replay", "#continue"):
            assert fully_shown(app, screen.query_one(selector, Button))
        assert screen.focused is screen.query_one("#continue", Button)

        # "**Debrief.** You kept…": the space after the bold text is drawn.
        debrief = screen.query_one(".debrief", DocView)
        assert any("Debrief. You kept the boundary" in line for line in drawn(debrief))

        # The ending row lines up with the choices above it.
        for path in screen.query(".path").results(Static):
            lines = drawn(path)
            arrows = {line.index("→") for line in lines if "→" in line}
            flags = [line.index("⚑") for line in lines if "⚑" in line]
            assert len(arrows) == 1 and flags == [*arrows], lines
            (flag_line,) = (line for line in lines if "⚑" in line)
            assert "⚑ A " in flag_line  # one space between the flag and the ending's title


async def test_too_small_follows_every_screen(make_app: MakeApp) -> None:
    """Screens opened or uncovered after a resize say so too, and recover."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_item("first-steps", "quiz")
        await settle(pilot)
        await pilot.resize_terminal(50, 15)
        await settle(pilot)
        assert app.screen.query_one(TooSmall).display
        assert not app.screen.query_one(ActionBar).display
        await press(pilot, "escape")  # the module screen, resized while covered
        assert app.screen.query_one(TooSmall).display
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not app.screen.query_one(TooSmall).display
        await press(pilot, "escape")  # home
        assert not app.screen.query_one(TooSmall).display
        assert "Start: First steps" in screen_text(app) or "Continue" in screen_text(app)
