"""Getting around: resuming, the mouse, links, resets, help, small terminals, the palette."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from tests.ui.conftest import (
    MakeApp,
    click,
    close,
    press,
    read_progress,
    screen_text,
    settle,
    start,
)
from tutor.core.paths import preferences_path
from tutor.core.session import Session
from tutor.ui.screens.confirm import ConfirmScreen
from tutor.ui.screens.help import HelpScreen
from tutor.ui.screens.home import HomeScreen
from tutor.ui.screens.module import ModuleScreen
from tutor.ui.screens.quiz import QuizScreen
from tutor.ui.screens.reader import ReaderScreen
from tutor.ui.themes import DARK, HIGH_CONTRAST, LIGHT
from tutor.ui.widgets.too_small import TooSmall


async def test_resume_mid_quiz_and_on_a_page(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_item("first-steps", "quiz")
        await settle(pilot)
        await press(pilot, "n", "2")  # start, answer question 1
        await pilot.press("ctrl+q")
    close(app)

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        assert "Question 2 of 3" in screen_text(app)
        app.open_item("first-steps", "who-sees-a-post")
        await settle(pilot)
        await pilot.press("ctrl+q")
    close(app)

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.page.id == "who-sees-a-post"
        assert "page 2 of 3" in screen_text(app)
        await press(pilot, "escape", "escape")
        # Continue leads to the next thing to do: the first page, never read
        assert "Continue: module 1, page 1 of 3: Why this matters" in screen_text(app)
        # the quiz attempt is still open: continuing it shows question 2 again
        app.open_item("first-steps", "quiz")
        await settle(pilot)
        assert "Question 2 of 3" in screen_text(app)


async def test_mouse_only(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await click(pilot, "#close")  # the welcome: look around first
        assert isinstance(app.screen, HomeScreen)
        await click(pilot, "#continue")  # home: start, at the first page
        assert isinstance(app.screen, ReaderScreen)
        await click(pilot, "#next")
        assert "page 2 of 3" in screen_text(app)
        await click(pilot, "#previous")
        assert "page 1 of 3" in screen_text(app)
        await click(pilot, "#contents")
        picker = app.screen.query_one("#picker", OptionList)
        await pilot.click(picker, offset=(3, 4))  # the fourth entry: the quiz
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        await click(pilot, "#start")
        choices = app.screen.query_one("#choices", OptionList)
        await pilot.click(choices, offset=(4, 3))  # the second option (after a divider)
        await settle(pilot)
        assert "Correct." in screen_text(app)
        await click(pilot, "#next")
        assert "Question 2 of 3" in screen_text(app)
    data = read_progress()
    answers = data["modules"]["first-steps"]["quiz_attempts"][0]["answers"]
    assert [(a["question"], a["correct"]) for a in answers] == [
        ("who-can-see-a-comment-you-leave-on-a-friends-pos", True)
    ]


async def test_links_inside_the_course_and_out(make_app: MakeApp) -> None:
    opened: list[str] = []
    app = make_app()
    app.open_external = opened.append  # type: ignore[method-assign]  # never a real browser
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        module = app.course.modules[0]
        app.open_item(module.id, "why-this-matters")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)

        # A link in the course opens over the page; Escape (or "← Back") comes back.
        app.follow_link(module, "#who-sees-a-post")
        await settle(pilot)
        linked = app.screen
        assert isinstance(linked, ReaderScreen) and linked is not reader
        assert linked.page.id == "who-sees-a-post" and linked.via_link
        assert "← Back" in screen_text(app)
        await press(pilot, "escape")
        assert app.screen is reader and reader.page.id == "why-this-matters"

        app.follow_link(module, "#checking-the-audience")  # a heading inside a page
        await settle(pilot)
        linked = app.screen
        assert isinstance(linked, ReaderScreen) and linked.page.id == "who-sees-a-post"
        await click(pilot, "#link-back")
        assert app.screen is reader

        app.follow_link(module, "https://example.org/guidance")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "https://example.org/guidance" in screen_text(app)
        await press(pilot, "escape")  # "Stay here"
        assert opened == []
        app.follow_link(module, "https://example.org/guidance")
        await settle(pilot)
        await click(pilot, "#yes")
        assert opened == ["https://example.org/guidance"]

        for href in ("http://example.org", "ssh://host", "file:///etc/passwd", "../x.md", "a.txt"):
            app.follow_link(module, href)
            await settle(pilot)
            assert app.screen is reader, href
        assert opened == ["https://example.org/guidance"]

        app.follow_link(module, "02-second-module.md#a-short-page")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.module.id == "second-module"
        await press(pilot, "escape")
        assert app.screen is reader


async def test_links_list_by_keyboard(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_item("first-steps", "why-this-matters")
        await settle(pilot)
        await press(pilot, "l")
        assert "the audience of a post" in screen_text(app)
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.page.id == "who-sees-a-post"
        assert screen.via_link


@pytest.mark.parametrize("answer", ["cancel", "confirm"])
async def test_reset_module_asks_first(make_app: MakeApp, answer: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_item("first-steps", "why-this-matters")
        await settle(pilot)
        await press(pilot, "escape", "x")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.focused is not None and app.screen.focused.id == "no"
        if answer == "cancel":
            await press(pilot, "enter")  # Enter alone never deletes anything
        else:
            await click(pilot, "#yes")
        assert isinstance(app.screen, ModuleScreen)
    modules = read_progress().get("modules", {})
    if answer == "cancel":
        assert modules["first-steps"]["pages_viewed"] == ["why-this-matters"]
    else:
        assert "first-steps" not in modules


async def test_reset_course_from_home(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_item("second-module", "a-short-page")
        await settle(pilot)
        await press(pilot, "escape", "escape")
        assert isinstance(app.screen, HomeScreen)
        await click(pilot, "#reset-course")
        assert "Reset the whole course?" in screen_text(app)
        await click(pilot, "#yes")
        assert "Start: First steps" in screen_text(app)
    assert read_progress().get("modules", {}) == {}


@pytest.mark.parametrize("key", ["f1", "question_mark"])
async def test_help_lists_keys_for_this_screen(make_app: MakeApp, key: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_item("first-steps", "why-this-matters")
        await settle(pilot)
        await press(pilot, key)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "On this screen: Reading a page" in text
        for needed in ("Next", "Previous", "Contents", "Help", "Quit", "Theme"):
            assert needed in text
        await press(pilot, "escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_too_small_says_so_and_recovers(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(50, 15)) as pilot:
        await settle(pilot)
        notice = app.screen.query_one(TooSmall)
        assert notice.display
        said = " ".join(str(notice.visual).split())
        assert "needs 60 columns and 20 lines" in said
        assert "Make the window bigger, or make the text smaller" in said
        assert "Ctrl and - (minus)" in said
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not app.screen.query_one(TooSmall).display
        assert "Start the course →" in screen_text(app)  # the first-run welcome
        await press(pilot, "escape")
        assert not app.screen.query_one(TooSmall).display
        assert "Start: First steps" in screen_text(app)


async def test_theme_toggles_and_is_remembered(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        assert app.theme == DARK
        await press(pilot, "ctrl+t")
        assert app.theme == LIGHT
        await press(pilot, "ctrl+t")
        assert app.theme == HIGH_CONTRAST
        await pilot.press("ctrl+q")
    close(app)
    assert 'theme = "tutor-high-contrast"' in preferences_path().read_text(encoding="utf-8")

    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == HIGH_CONTRAST
        await press(pilot, "ctrl+t")
        assert again.theme == DARK


async def test_palette_goes_to_a_module(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await pilot.press(*"second")
        await pilot.pause(0.3)
        await press(pilot, "enter")
        assert isinstance(app.screen, ModuleScreen)
        assert app.screen.module.id == "second-module"


#: A retry seed that moves the right answer of question 1 and reorders question 2.
RETRY_SEED = 8


async def test_retry_uses_the_sessions_shuffled_order(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every Session the app makes gets this seed for its retries.
    monkeypatch.setitem(Session.__init__.__kwdefaults__, "new_seed", lambda: RETRY_SEED)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_item("first-steps", "quiz")
        await settle(pilot)
        # Written order: 1 is wrong; ticking only the audience is wrong; True is wrong.
        await press(pilot, "n", "1", "n", "1", "s", "n", "1", "n")
        assert "Not passed yet" in screen_text(app)
        await press(pilot, "r")
        session = app.active_session
        attempt = session.current_attempt("first-steps")
        assert attempt is not None and attempt.number == 2 and attempt.seed == RETRY_SEED
        quiz = app.course.modules[0].quiz
        assert quiz is not None
        first, second, third = quiz.questions

        shown = app.screen.query_one("#choices", OptionList)
        written = [o.id for o in first.options]
        order = [o.id for o in session.options("first-steps", first.id)]
        assert order != written, "the seed must really reorder question 1"
        assert [o.id for o in shown.options] == order
        (right,) = first.correct_ids
        # The right answer is not where it was written: a UI showing the written order fails.
        assert order.index(right) != written.index(right)
        await press(pilot, str(order.index(right) + 1))
        assert "Correct." in screen_text(app)

        await press(pilot, "n")
        shown = app.screen.query_one("#choices", OptionList)
        order = [o.id for o in session.options("first-steps", second.id)]
        assert order != [o.id for o in second.options]
        assert [o.id for o in shown.options] == order
        await press(pilot, *(str(order.index(o) + 1) for o in sorted(second.correct_ids)), "s")
        assert "Correct." in screen_text(app)

        await press(pilot, "n")
        order = [o.id for o in session.options("first-steps", third.id)]
        await press(pilot, str(order.index("false") + 1))
        assert "Correct." in screen_text(app)
        await press(pilot, "n")
        assert "Passed." in screen_text(app)
    attempts = read_progress()["modules"]["first-steps"]["quiz_attempts"]
    assert [(a["number"], a["passed"]) for a in attempts] == [(1, False), (2, True)]
    assert [a.get("seed", 0) for a in attempts] == [0, RETRY_SEED]  # 0 is the default, left out


async def test_multiple_select_needs_a_tick_before_submit(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.open_item("first-steps", "quiz")
        await settle(pilot)
        await press(pilot, "n", "2", "n")
        assert "Question 2 of 3" in screen_text(app)
        await press(pilot, "s")
        assert "Tick at least one answer first." in screen_text(app)
        await press(pilot, "1", "2", "1", "1")  # ticks can be undone
        await click(pilot, "#submit")
        assert "Correct." in screen_text(app)


async def test_no_widgets_left_behind_by_repeated_navigation(make_app: MakeApp) -> None:
    """Screens come and go (and home is shown again and again): the live widgets stay level."""
    import gc

    from textual.widget import Widget

    def live() -> int:
        gc.collect()
        return sum(isinstance(o, Widget) for o in gc.get_objects())

    app = make_app()
    items = ("why-this-matters", "quiz", "drill-a-friend-request-after-clinic")
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        counts = []
        for _ in range(4):
            for item in items:
                app.open_item("first-steps", item)
                await settle(pilot)
                await press(pilot, "f1", "escape")  # a help page over it, and back
            app.open_home()
            await settle(pilot)
            await press(pilot, "ctrl+p", "escape")
            counts.append(live())
    assert counts[1:] == [counts[0]] * 3, counts


async def test_the_palette_offers_the_apps_commands_only(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await press(pilot, "ctrl+p")
        await pilot.pause(0.3)
        from textual.command import CommandPalette

        palette = app.screen
        assert isinstance(palette, CommandPalette)
        shown = [str(o.prompt) for o in palette.query_one(OptionList).options]
        titles = [s.splitlines()[0] for s in shown]
        assert titles[:4] == [
            "Continue",
            "Go to module: 1. First steps",
            "Go to module: 2. Second module",
            "Profile and progress",
        ]
        for mine in ("Certificate and credit", "About this course", "Theme: High contrast"):
            assert mine in titles
        for developers in ("Screenshot", "Keys", "Maximize", "Minimize"):
            assert not any(t.startswith(developers) for t in titles)
        await press(pilot, "escape")


async def test_keys_are_written_as_people_read_them(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        from tutor.ui.widgets.keys_bar import KeysBar

        bar = str(app.screen.query_one(KeysBar).render())
        assert "Ctrl+Q Quit" in bar and "F1 Help" in bar and "Ctrl+P Search" in bar
        assert "^" not in bar
        app.open_item("first-steps", "why-this-matters")
        await settle(pilot)
        bar = str(app.screen.query_one(KeysBar).render())
        assert "Esc Back" in bar and "Ctrl+Q Quit" in bar
        await pilot.click(KeysBar, offset=(1, 0))  # clicking a key presses it: F1
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


def test_no_color_is_honoured(make_app: MakeApp, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    assert app.no_color
