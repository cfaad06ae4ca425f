"""A course whose every string is hostile: markup that would run actions, and terminal
control sequences. Built from model objects directly, so the app's own defences are
tested, not the parser's (which strips controls and would refuse most of this).

`python -m tests.ui.hostile [--unsafe]` runs it for real in a terminal, walks every
screen and quits: tests/ui/test_safe_text.py runs it under a pseudo-terminal and
looks at the bytes. `--unsafe` adds one widget that shows a raw control sequence,
so the harness can prove it would catch one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from pathlib import Path

import msgspec

from tests.support.build import Builder
from tutor.core.model import Course, Kind, Pos, Quality
from tutor.core.progress.model import Progress
from tutor.core.settings import Disclosure

ESC = "\x1b"
#: Markup that Textual would act on, or choke on, if it were parsed.
MARKUP = ["[@click=app.quit]x[/]", "[/]", "[TODO] Q3", "[b]not bold[/b]", "[[@]"]
#: Control sequences: clear screen, reset terminal, clipboard write, hyperlink.
CONTROLS = [
    f"{ESC}[2J",
    f"{ESC}c",
    f"{ESC}]52;c;aGVsbG8=\x07",
    f"{ESC}]8;;https://evil.example/{ESC}\\link{ESC}]8;;{ESC}\\",
    "\x9b2J",  # C1 CSI
    "\x07\x08\x7f",
]
#: What the terminal must never receive (checked on the bytes written to a pty).
FORBIDDEN = [b"\x1b[2J", b"\x1bc", b"\x1b]52", b"\x1b]8;;https://evil", b"\xc2\x9b", b"\x07\x08"]


def hostile(label: str) -> str:
    """A string carrying the whole corpus, labelled so a test can find it on screen."""
    return f"{label} " + " ".join(MARKUP) + " " + "".join(CONTROLS) + " end"


def visible(label: str) -> str:
    """What `hostile(label)` should look like on screen: markup as text, controls gone.

    (The C1 CSI byte goes, and its harmless tail "2J" stays as text.)
    """
    return f"{label} " + " ".join(MARKUP) + " link2J end"


POS = Pos(Path("hostile.md"), 1, 1)


def hostile_course() -> Course:
    """Every text of the course is `hostile(label)`, its label naming it."""
    build = Builder(POS, text=hostile)
    option = lambda oid, label, correct: build.option(oid, label, correct, f"feedback-{oid}")  # noqa: E731
    quiz = build.quiz(
        "quiz-title",
        "quiz-intro",
        (
            build.question(
                "q1",
                "prompt-1",
                Kind.SINGLE,
                (option("o1", "option-1", False), option("o2", "option-2", True)),
                "explanation-1",
            ),
            build.question(
                "q2",
                "prompt-2",
                Kind.MULTIPLE,
                (option("m1", "option-m1", True), option("m2", "option-m2", False)),
                "explanation-2",
            ),
        ),
    )
    drill = build.drill(
        "drill",
        "drill-title",
        "drill-intro",
        (
            build.step(
                "start",
                "step-title",
                "situation",
                build.choice("c1", "choice-1", "end", Quality.POOR, "cfb-1"),
                build.choice("c2", "choice-2", "end", Quality.BEST, "cfb-2"),
            ),
            build.ending("end", "ending-title", "debrief"),
        ),
    )
    page_one = build.page(
        "page-one",
        "page-title-1",
        f"## {hostile('heading')}\n\n{hostile('paragraph')}\n\n"
        f"- {hostile('bullet')}\n\n> {hostile('quote')}\n\n"
        f"[{hostile('link-text')}](#page-two) and `{hostile('code')}`\n",
    )
    page_two = build.page("page-two", "page-title-2", f"## Two\n\n{hostile('second')}\n")
    module = build.module(
        "hostile",
        "module-title",
        (page_one, page_two, quiz, drill),
        minutes=10,
        objectives=("objective",),
        last_reviewed=dt.date(2026, 11, 1),
        content_hash="0" * 64,
    )
    course = build.course(
        "hostile-course",
        "course-title",
        (module,),
        version="1",
        audience="",
        passing_score=0.8,
        learning_format="",
        max_credit=0.25,
        provider="provider",
        designation="designation",
        evaluation=build.evaluation(("e1", "eval-prompt", "rating")),
        root=Path("."),
        module_files=("hostile.md",),
    )
    # The CME frame the welcome shows (course.toml's text, already stripped by the loader
    # in real life: here it is not, so the app's own defences are what is tested).
    return msgspec.structs.replace(
        course,
        objectives=(hostile("course-objective"),),
        practice_gap=hostile("practice-gap"),
        disclosures=(Disclosure(hostile("disclosure-name"), "planner", hostile("disclosed")),),
        commercial_support=hostile("commercial-support"),
    )


NOW = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC)


def hostile_progress(course: Course) -> Progress:
    progress = Progress.new(course, NOW)
    learner = progress.learner
    learner.first_name = hostile("first-name")
    learner.last_name = hostile("last-name")
    learner.email = hostile("email")
    learner.board = hostile("board")
    learner.board_id = hostile("board-id")
    return progress


def hostile_app():  # type: ignore[no-untyped-def]
    from tutor.ui.app import TutorApp

    course = hostile_course()
    return TutorApp(course, progress=hostile_progress(course), clock=lambda: NOW)


async def walk(app, pause=None) -> None:  # type: ignore[no-untyped-def]
    """Show every screen that carries lesson or learner text.

    `pause()` runs after each step (a test checks the screen there); by default it
    waits long enough for a terminal to draw.
    """
    from tutor.core.progress.errors import ProgressError, UntrustedFile
    from tutor.ui.screens.confirm import ConfirmScreen
    from tutor.ui.screens.details import DetailsScreen
    from tutor.ui.screens.diagnostics import DiagnosticsScreen
    from tutor.ui.screens.evaluation import EvaluationScreen
    from tutor.ui.screens.profile import ProfileScreen
    from tutor.ui.screens.records import RecordsScreen
    from tutor.ui.screens.toc import ContentsScreen, LinksScreen, SourcesScreen
    from tutor.ui.screens.untrusted import UntrustedScreen
    from tutor.ui.screens.welcome import WelcomeScreen

    async def step() -> None:
        if pause is None:
            await asyncio.sleep(0.4)
        else:
            await pause()

    module = app.course.modules[0]
    session = app.active_session
    await step()
    app.push_screen(WelcomeScreen(session))
    await step()
    app.open_module(module.id)
    await step()
    app.open_item(module.id, "page-one")
    await step()
    app.push_screen(LinksScreen(module.pages[0].links))
    await step()
    app.pop_screen()
    app.push_screen(SourcesScreen(module))
    await step()
    app.pop_screen()
    app.push_screen(ContentsScreen(module, "page-one"))
    await step()
    app.pop_screen()
    app.open_item(module.id, "quiz")
    await step()
    await app.screen.action_start()
    await step()
    await app.screen.action_pick(1)
    await step()
    await app.screen.action_next_question()
    await step()
    await app.screen.action_pick(1)
    await app.screen.action_submit()
    await step()
    await app.screen.action_next_question()
    await step()
    app.open_item(module.id, "drill")
    await step()
    await app.screen.action_start()
    await step()
    await app.screen.action_pick(1)
    await step()
    app.notify(hostile("notify"), title=hostile("notify-title"), markup=False)
    app.open_home()
    await step()
    app.push_screen(ProfileScreen(session))
    await step()
    app.push_screen(RecordsScreen(session, app.deliver, app.delivered))
    await step()
    app.push_screen(DetailsScreen(session))
    await step()
    app.pop_screen()
    app.push_screen(EvaluationScreen(session))
    await step()
    app.push_screen(ConfirmScreen(*(_plain(hostile("confirm")),) * 2))
    await step()
    app.pop_screen()
    error = ProgressError("syntax", hostile("progress-error"), path=Path(hostile("path")), line=3)
    app.push_screen(UntrustedScreen(UntrustedFile(error, Path(hostile("path")))))
    await step()
    from tutor.core.diagnostics import Diagnostic, Severity

    diagnostic = Diagnostic(Path("x.md"), 1, 1, Severity.ERROR, "S001", hostile("diag"), "")
    app.push_screen(DiagnosticsScreen(Path("x.md"), [diagnostic]))
    await step()
    app.action_command_palette()
    await step()


def _plain(text: str):  # type: ignore[no-untyped-def]
    from tutor.ui.safe import plain

    return plain(text)


def main() -> None:
    """Run the hostile course in the real terminal, walk it, quit."""
    from textual.content import Content
    from textual.widgets import Static

    from tutor.ui.app import TutorApp

    unsafe = "--unsafe" in sys.argv
    course = hostile_course()

    class Walk(TutorApp):
        def on_mount(self) -> None:
            self.run_worker(self.go())

        async def go(self) -> None:
            if unsafe:
                # The control run: a raw control sequence, as a careless widget would show it.
                await self.screen.mount(Static(Content("raw \x1b[2J clear"), id="unsafe"))
                await asyncio.sleep(0.5)
            await walk(self)
            self.exit()

    Walk(course, progress=hostile_progress(course), clock=lambda: NOW).run()


if __name__ == "__main__":
    main()
