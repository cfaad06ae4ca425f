"""Profile and progress: the learner's name, optional CME details, a summary per module."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, Static

from tutor.core import completion
from tutor.core.progress.model import Learner
from tutor.core.session import SessionError
from tutor.ui.describe import item_done, status_text
from tutor.ui.safe import clean, one_line, percent, plain_line
from tutor.ui.screens.base import BaseScreen

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def cme_summary(learner: Learner) -> Content:
    """The CME details in one or two lines, or a note that none are given."""
    parts: list[Content] = []
    if learner.email:
        parts.append(Content.assemble("Email: ", plain_line(learner.email)))
    if learner.board:
        board = Content.assemble("Board: ", plain_line(learner.board))
        if learner.board_id:
            board = Content.assemble(board, " (ID ", plain_line(learner.board_id), ")")
        parts.append(board)
    if learner.birth_month:
        day = f"{learner.birth_day} " if learner.birth_day else ""
        parts.append(Content(f"Birthday: {day}{MONTHS[learner.birth_month - 1]}"))
    if not parts:
        return Content.styled(
            "None given. You only need them to claim CME credit, and you will be asked then.",
            "dim",
        )
    consent = "yes" if learner.consent_to_share else "no"
    parts.append(Content(f"Share completion with my board: {consent}"))
    return Content(" · ").join(parts)


def minutes(seconds: int) -> str:
    if seconds < 60:
        return "under a minute" if seconds else "–"
    return f"{seconds // 60} min"


class ProfileScreen(BaseScreen[None]):
    """Name, CME details (on request) and progress per module."""

    HELP = (
        "Your name appears on your certificate. CME details are needed only to claim "
        "credit. The table shows how far you are in each module."
    )

    #: Start outside the text fields, so the keys in the footer work at once (Tab goes in).
    AUTO_FOCUS = None

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save_name", "Save name"),
        Binding("d", "details", "CME details…"),
    ]

    def compose_screen(self) -> ComposeResult:
        learner = self.tutor.active_session.progress.learner
        yield Header()
        with VerticalScroll(id="profile-view", classes="screen-body"):
            yield Static(Content("Profile and progress"), classes="screen-title")
            yield Label("Your name (as it should appear on a certificate)", markup=False)
            with Horizontal(id="name-row"):
                yield Input(clean(learner.first_name), placeholder="First name", id="first-name")
                yield Input(clean(learner.last_name), placeholder="Last name", id="last-name")
                yield Button("Save name", id="save-name", variant="primary")
            yield Label("Details for CME credit", classes="section-title", markup=False)
            yield Static(id="cme-summary")
            with Horizontal(classes="button-row"):
                yield Button("Add or change CME details…", id="details")
            yield Label("Your progress", classes="section-title", markup=False)
            yield Static(id="overall-line")
            yield DataTable(id="summary", cursor_type="row", zebra_stripes=True)
            with Horizontal(classes="button-row"):
                yield Button("Back", id="back")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Profile and progress"
        table = self.query_one("#summary", DataTable)
        table.add_columns("Module", "Status", "Pages", "Quiz", "Drills", "Time")
        self.refresh_view()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        session = self.tutor.active_session
        self.query_one("#cme-summary", Static).update(cme_summary(session.progress.learner))
        self.query_one("#overall-line", Static).update(
            Content(f"Course: {percent(session.overall())} done")
        )
        table = self.query_one("#summary", DataTable)
        table.clear()
        for module in session.course.modules:
            mp = session.progress.modules.get(module.id)
            pages = (
                f"{sum(item_done(session, module, p) for p in module.pages)}/{len(module.pages)}"
            )
            quiz = "–"
            if module.quiz is not None and mp is not None and mp.quiz_attempts:
                best = completion.best_score(mp)
                quiz = f"best {percent(best)}" if best is not None else "started"
            drills = (
                f"{sum(item_done(session, module, d) for d in module.drills)}/{len(module.drills)}"
                if module.drills
                else "–"
            )
            table.add_row(
                Text(one_line(module.title)),
                Text(status_text(session.module_status(module.id))),
                Text(pages),
                Text(quiz),
                Text(drills),
                Text(minutes(mp.seconds if mp else 0)),
            )

    @on(Input.Submitted)
    @on(Button.Pressed, "#save-name")
    def action_save_name(self) -> None:
        first = self.query_one("#first-name", Input).value
        last = self.query_one("#last-name", Input).value
        try:
            self.tutor.active_session.update_learner(first_name=first, last_name=last)
        except SessionError as exc:
            self.notify(str(exc), title="Name not saved", severity="error", markup=False)
            return
        self.notify("Name saved.", markup=False)

    @on(Button.Pressed, "#details")
    def action_details(self) -> None:
        from tutor.ui.screens.details import DetailsScreen

        self.app.push_screen(DetailsScreen(), lambda _: self.refresh_view())

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.app.pop_screen()
