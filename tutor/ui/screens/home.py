"""Home: the modules with their status, overall progress, and Continue."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Header, Label, ListView, ProgressBar, Static

from tutor.core.model import Module
from tutor.ui.describe import status_content, where
from tutor.ui.safe import one_line, percent, plain_line
from tutor.ui.screens.base import BaseScreen
from tutor.ui.screens.confirm import ConfirmScreen
from tutor.ui.widgets.columns import ColumnsRow


class ModuleRow(ColumnsRow):
    """One module in the home list: number, title, minutes, status (one widget inside)."""

    def __init__(self, number: int, module: Module) -> None:
        super().__init__(classes="module-row")
        self.module = module
        self.number = number

    def set_status(self, status: Content) -> None:
        self.show(
            [
                (Content.styled(f"{self.number}.", "dim"), 4),
                (plain_line(self.module.title), None),
                (Content.styled(f"{self.module.minutes} min", "dim"), 8),
                (status, 17),
            ]
        )


class HomeScreen(BaseScreen[None]):
    """The course at a glance. Everything starts here."""

    HELP = (
        "The list shows every module and how far you are in it. Choose one to open it, "
        "or press Continue to go back to exactly where you stopped."
    )

    #: Start on Continue. (Textual's default would first focus the scrolling view,
    #: and moving the focus off a container restyles everything inside it.)
    AUTO_FOCUS = "#continue"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "focus_list", "Down to the list", show=False),
        Binding("c", "continue", "Continue"),
        Binding("p", "profile", "Profile"),
        Binding("x", "reset_module", "Reset module"),
        Binding("X", "reset_course", "Reset course…", show=False),
        Binding("e", "evaluation", "Evaluation", show=False),
        Binding("q", "app.quit", "Quit", show=False),
        Binding("ctrl+t", "app.toggle_theme", "Theme"),
    ]

    def compose_screen(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="home-view", classes="screen-body"):
            yield Static(id="welcome")
            with Horizontal(id="overall"):
                yield Label("Course progress", id="overall-label", markup=False)
                yield ProgressBar(total=100, show_eta=False, id="overall-bar")
            yield Button("Continue", id="continue", variant="primary")
            yield Static(id="finish-note")
            with Horizontal(id="finish-buttons"):
                yield Button("Course evaluation", id="evaluation")
                yield Button("Certificate and credit", id="records")
            yield Label("Modules", classes="section-title", markup=False)
            yield ListView(
                *(
                    ModuleRow(n, m)
                    for n, m in enumerate(self.tutor.active_session.course.modules, start=1)
                ),
                id="modules",
            )
            with Horizontal(classes="button-row"):
                yield Button("Profile & progress", id="open-profile")
                yield Button("Reset the course…", id="reset-course")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one("#continue", Button).focus(scroll_visible=False)

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        """Redraw everything from the session (after a reset, or coming back)."""
        session = self.tutor.session
        if session is None:
            return
        course = session.course
        name = session.progress.learner.full_name
        greeting = "Welcome back" if session.progress.modules else "Welcome"
        welcome = Content.assemble(
            Content.styled(greeting, "bold"),
            Content.assemble(", ", plain_line(name)) if name else "",
            ".\n",
            plain_line(
                f"{len(course.modules)} modules, about {course.minutes} minutes in all. "
                f"Each quiz needs {percent(course.passing_score)} to pass."
            ),
        )
        self.query_one("#welcome", Static).update(welcome)
        self.query_one("#overall-bar", ProgressBar).update(progress=round(session.overall() * 100))
        position = session.resume()
        button = self.query_one("#continue", Button)
        if position.module:
            button.label = Content.assemble("Continue: ", plain_line(where(session, position)))
        elif session.progress.modules:
            button.label = Content("Continue with the next module")
        else:
            first = course.modules[0].title if course.modules else ""
            button.label = Content.assemble("Start: ", plain_line(first))
        self._refresh_finish()
        for row in self.query(ModuleRow):
            row.set_status(status_content(session.module_status(row.module.id)))

    def _refresh_finish(self) -> None:
        session = self.tutor.active_session
        all_done = all(
            session.module_status(m.id).state in ("done", "passed") for m in session.course.modules
        )
        needs_eval = bool(session.course.evaluation) and session.progress.evaluation is None
        note = self.query_one("#finish-note", Static)
        show_eval = all_done and needs_eval
        complete = session.course_complete()
        self.query_one("#evaluation", Button).display = show_eval
        self.query_one("#records", Button).display = complete
        self.query_one("#finish-buttons").display = show_eval or complete
        if complete:
            note.update(Content.styled("You have completed the course.", "bold $text-success"))
        elif show_eval:
            note.update(Content("Every module is done. One step left: the course evaluation."))
        else:
            note.update(Content(""))
        note.display = show_eval or complete

    # -- what the learner does ----------------------------------------------------------

    def _highlighted(self) -> Module | None:
        item = self.query_one("#modules", ListView).highlighted_child
        return item.module if isinstance(item, ModuleRow) else None

    def action_focus_list(self) -> None:
        """Down from the buttons goes to the list, as people expect."""
        self.query_one("#modules", ListView).focus()

    @on(ListView.Selected, "#modules")
    def _open(self, event: ListView.Selected) -> None:
        if isinstance(event.item, ModuleRow):
            self.tutor.open_module(event.item.module.id)

    @on(Button.Pressed, "#continue")
    def action_continue(self) -> None:
        session = self.tutor.active_session
        position = session.resume()
        if position.module:
            self.tutor.open_item(position.module, position.item)
            return
        for module in session.course.modules:
            if session.module_status(module.id).state not in ("done", "passed"):
                self.tutor.open_module(module.id)
                return
        if session.course.modules:
            self.tutor.open_module(session.course.modules[0].id)

    @on(Button.Pressed, "#open-profile")
    def action_profile(self) -> None:
        from tutor.ui.screens.profile import ProfileScreen

        self.app.push_screen(ProfileScreen())

    @on(Button.Pressed, "#evaluation")
    def action_evaluation(self) -> None:
        from tutor.ui.screens.evaluation import EvaluationScreen

        session = self.tutor.active_session
        if session.course.evaluation and session.progress.evaluation is None:
            self.app.push_screen(EvaluationScreen())

    @on(Button.Pressed, "#records")
    def _records(self) -> None:
        from tutor.ui.screens.records import RecordsScreen

        self.app.push_screen(RecordsScreen())

    def action_reset_module(self) -> None:
        module = self._highlighted()
        if module is None:
            self.notify("Highlight a module in the list first (arrow keys).", markup=False)
            return
        confirm_reset_module(self, module)

    @on(Button.Pressed, "#reset-course")
    def action_reset_course(self) -> None:
        def answered(ok: bool | None) -> None:
            if ok:
                self.tutor.active_session.reset_course()
                self.refresh_view()
                self.notify("The whole course is reset.", markup=False)

        self.app.push_screen(
            ConfirmScreen(
                Content("Reset the whole course?"),
                Content(
                    "This forgets every page you read, every quiz answer, every drill, "
                    "and the evaluation. Your name and details stay. This cannot be undone."
                ),
                yes="Reset the course",
                danger=True,
            ),
            answered,
        )


def confirm_reset_module(screen: BaseScreen[None], module: Module) -> None:
    """Ask, then forget one module's progress (used by home and the module screen)."""

    def answered(ok: bool | None) -> None:
        if ok:
            screen.tutor.active_session.reset_module(module.id)
            screen.notify(f"Reset: {one_line(module.title)}", markup=False)
            refresh = getattr(screen, "refresh_view", None)
            if callable(refresh):
                refresh()

    screen.app.push_screen(
        ConfirmScreen(
            Content.assemble("Reset ", plain_line(f"“{module.title}”"), "?"),
            Content(
                "This forgets the pages you read, your quiz answers and your drill runs "
                "in this module. This cannot be undone."
            ),
            yes="Reset the module",
            danger=True,
        ),
        answered,
    )
