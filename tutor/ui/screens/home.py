"""Home: the modules with their status, overall progress, and Continue."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from tutor.core import certify
from tutor.core.completion import Step
from tutor.core.model import Module
from tutor.core.progress.model import Position
from tutor.core.session import Session
from tutor.ui import messages as msg
from tutor.ui.describe import (
    count,
    course_time,
    next_place,
    progress_bar,
    receive_sentence,
    status_content,
)
from tutor.ui.safe import percent, plain_line
from tutor.ui.screens.base import SessionScreen
from tutor.ui.screens.confirm import ConfirmScreen
from tutor.ui.widgets.columns import Columns
from tutor.ui.widgets.keys_bar import KeysBar


def module_row(number: int, module: Module, session: Session) -> Columns:
    """One module in the home list: number, title, minutes, status."""
    return Columns(
        [
            (Content.styled(f"{number}.", "dim"), 4),
            (plain_line(module.title), None),
            (Content.styled(f"{module.minutes} min", "dim"), 8),
            (status_content(session.module_status(module.id)), 15),
        ]
    )


class HomeScreen(SessionScreen[None]):
    """The course at a glance. Everything starts here."""

    HELP = (
        "The list shows every module and how far you are in it. Choose one to open it, "
        "or press Continue for the next thing to do."
    )
    WHERE = "Home"

    #: Start on Continue. (Textual's default would first focus the scrolling view,
    #: and moving the focus off a container restyles everything inside it.)
    AUTO_FOCUS = "#continue"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "focus_list", "Down to the list", show=False),
        Binding("c", "continue", "Continue"),
        Binding("p", "profile", "Profile"),
        Binding("a", "about", "About the course", show=False),
        Binding("x", "reset_module", "Reset module", show=False),
        Binding("X", "reset_course", "Reset course…", show=False),
        Binding("ctrl+t", "app.toggle_theme", "Theme"),
    ]

    def compose_screen(self) -> ComposeResult:
        yield self.title_bar()
        with VerticalScroll(id="home-view", classes="screen-body"):
            yield Static(id="welcome")
            yield Static(id="overall")
            yield Button("Continue", id="continue", variant="primary")
            yield Static(id="finish-note")
            yield Label("Modules", classes="section-title", markup=False)
            yield OptionList(id="modules")
            with Horizontal(classes="button-row"):
                yield Button("Profile & progress", id="open-profile")
                yield Button("About this course", id="about")
                yield Button("Reset the course…", id="reset-course")
        yield KeysBar()

    def place(self) -> tuple[str, str]:
        return ("", "")

    def on_mount(self) -> None:
        modules = self.query_one("#modules", OptionList)
        modules.add_options(
            Option(module_row(n, m, self.session), id=m.id)
            for n, m in enumerate(self.session.course.modules, start=1)
        )
        self.refresh_view()
        self.query_one("#continue", Button).focus(scroll_visible=False)

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        """Redraw everything from the session (after a reset, or coming back)."""
        session = self.session
        course = session.course
        name = session.progress.learner.full_name
        greeting = "Welcome back" if session.progress.modules else "Welcome"
        modules = len(course.modules)
        welcome = Content.assemble(
            Content.styled(greeting, "bold"),
            Content.assemble(", ", plain_line(name)) if name else "",
            ".\n",
            plain_line(
                f"{count(modules, 'module')}, {course_time(course)} in all. "
                f"Each quiz needs {percent(course.passing_score)} to pass. "
                f"{receive_sentence(course)}"
            ),
        )
        self.query_one("#welcome", Static).update(welcome)
        done = sum(session.module_status(m.id).state in ("done", "passed") for m in course.modules)
        self.query_one("#overall", Static).update(
            Content.assemble(
                "Course progress  ",
                progress_bar(session.overall(), 24),
                f"  {percent(session.overall())} · {done} of {count(modules, 'module')} done",
            )
        )
        self.query_one("#continue", Button).label = self._continue_label()
        self._refresh_finish()
        options = self.query_one("#modules", OptionList)
        for n, module in enumerate(course.modules, start=1):
            options.replace_option_prompt(module.id, module_row(n, module, session))

    def _continue_label(self) -> Content:
        session = self.session
        step = session.next_step()
        if step.step is Step.EVALUATION:
            return Content("Continue: the course evaluation")
        if step.step is Step.CERTIFICATE:
            return Content("Continue: your certificate")
        if not session.progress.modules:
            module = session.course.module(step.module)
            return Content.assemble("Start: ", plain_line(module.title if module else ""))
        return Content.assemble(
            "Continue: ", plain_line(next_place(session, Position(step.module, step.item)))
        )

    def _refresh_finish(self) -> None:
        session = self.session
        step = session.next_step().step
        note = self.query_one("#finish-note", Static)
        if step is Step.CERTIFICATE:
            kind = certify.kind_of(session.course)
            what = "certificate" if kind is certify.Kind.CME else "certificate of completion"
            note.update(
                Content.assemble(
                    Content.styled("You have completed the course. ", "bold $text-success"),
                    f"Continue leads to your {what}.",
                )
            )
        elif step is Step.EVALUATION:
            note.update(Content("Every module is done. One step left: the course evaluation."))
        note.display = step is not Step.ITEM

    # -- what the learner does ----------------------------------------------------------

    def _highlighted(self) -> Module | None:
        option = self.query_one("#modules", OptionList).highlighted_option
        return self.session.course.module(option.id) if option and option.id else None

    def action_focus_list(self) -> None:
        """Down from the buttons goes to the list, as people expect."""
        modules = self.query_one("#modules", OptionList)
        modules.focus()
        if modules.highlighted is None:
            modules.highlighted = 0

    @on(OptionList.OptionSelected, "#modules")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(msg.OpenModule(event.option.id))

    @on(Button.Pressed, "#continue")
    def action_continue(self) -> None:
        self.post_message(msg.ContinueCourse())

    @on(Button.Pressed, "#open-profile")
    def action_profile(self) -> None:
        self.post_message(msg.OpenProfile())

    @on(Button.Pressed, "#about")
    def action_about(self) -> None:
        self.post_message(msg.OpenWelcome())

    def action_reset_module(self) -> None:
        module = self._highlighted()
        if module is None:
            self.notify("Highlight a module in the list first (arrow keys).")
            return
        confirm_reset_module(self, module)

    @on(Button.Pressed, "#reset-course")
    def action_reset_course(self) -> None:
        def answered(ok: bool | None) -> None:
            if ok:
                self.session.reset_course()
                self.refresh_view()
                self.notify("The whole course is reset.")

        credit = self.session.progress.credit
        wiped = [
            "every page you have read",
            "every quiz answer and score",
            "every drill you have walked",
            "the time you spent in each module",
            "your course evaluation" if self.session.progress.evaluation else "",
            f"your credit claim ({credit.claimed:g} hours)" if credit else "",
        ]
        self.app.push_screen(
            ConfirmScreen(
                Content("Reset the whole course?"),
                Content.assemble(
                    "This forgets:\n",
                    Content("\n").join(Content(f"• {w}") for w in wiped if w),
                    "\n\nYour name and CME details stay. This cannot be undone.",
                ),
                yes="Reset the course",
                danger=True,
            ),
            answered,
        )


def confirm_reset_module(screen: SessionScreen[None], module: Module) -> None:
    """Ask, then forget one module's progress (used by home and the module screen)."""
    session = screen.session

    def answered(ok: bool | None) -> None:
        if ok:
            session.reset_module(module.id)
            screen.notify(f"Reset: {module.title}")
            refresh = getattr(screen, "refresh_view", None)
            if callable(refresh):
                refresh()

    screen.app.push_screen(
        ConfirmScreen(
            Content.assemble("Reset ", plain_line(f"“{module.title}”"), "?"),
            Content(
                "This forgets the pages you read, your quiz answers, your drill runs and "
                "your time in this module. This cannot be undone."
            ),
            yes="Reset the module",
            danger=True,
        ),
        answered,
    )
