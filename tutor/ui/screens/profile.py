"""Profile and progress: the learner's name, optional CME details, a summary per module."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from tutor.core import completion
from tutor.core.progress.model import Learner
from tutor.core.session import Session, SessionError
from tutor.ui import messages as msg
from tutor.ui.describe import item_done, status_text
from tutor.ui.safe import clean, percent, plain_line
from tutor.ui.screens.base import SessionScreen
from tutor.ui.screens.confirm import AskScreen
from tutor.ui.widgets.columns import Columns, Stack
from tutor.ui.widgets.keys_bar import KeysBar

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


def consent_text(consent: bool) -> str:
    """The consent's state in words and a mark that read without colour."""
    return "☑ Yes" if consent else "☐ No"


def cme_summary(learner: Learner) -> Content:
    """The CME details in one or two lines, or a note that none are given."""
    parts: list[Content] = []
    if learner.email:
        parts.append(Content.assemble("Email: ", plain_line(learner.email)))
    boards = learner.certifying_boards()
    if boards:
        named = [
            Content.assemble(plain_line(b.board), " (ID ", plain_line(b.id), ")")
            if b.id
            else plain_line(b.board)
            for b in boards
        ]
        label = "Boards: " if len(boards) > 1 else "Board: "
        parts.append(Content.assemble(label, Content(", ").join(named)))
    if learner.license_state:
        parts.append(
            Content.assemble(
                "Licence: ",
                plain_line(learner.license_state),
                " ",
                plain_line(learner.license_number),
            )
        )
    if learner.npi:
        parts.append(Content.assemble("NPI: ", plain_line(learner.npi)))
    if learner.birth_month:
        day = f"{learner.birth_day} " if learner.birth_day else ""
        parts.append(Content(f"Birthday: {day}{MONTHS[learner.birth_month - 1]}"))
    if not parts:
        return Content.styled(
            "None given. You only need them to claim CME credit, and you will be asked then.",
            "dim",
        )
    parts.append(
        Content(f"Share completion with my board: {consent_text(learner.consent_to_share)}")
    )
    return Content(" · ").join(parts)


def minutes(seconds: int) -> str:
    if seconds < 60:
        return "under a minute" if seconds else "–"
    return f"{seconds // 60} min"


#: The progress table's columns after the module's title: (heading, width).
COLUMNS = (("Status", 15), ("Pages", 6), ("Quiz", 10), ("Drills", 7), ("Time", 8))


def progress_table(session: Session) -> Stack:
    """One row per module; the title wraps, so the table fits 80 columns."""
    rows = [
        Columns(
            [
                (Content.styled("Module", "bold"), None),
                *((Content.styled(head, "bold"), width) for head, width in COLUMNS),
            ]
        )
    ]
    for n, module in enumerate(session.course.modules, start=1):
        mp = session.progress.modules.get(module.id)
        pages = f"{sum(item_done(session, module, p) for p in module.pages)}/{len(module.pages)}"
        quiz = "–"
        if module.quiz is not None and mp is not None and mp.quiz_attempts:
            best = completion.best_score(mp)
            quiz = f"best {percent(best)}" if best is not None else "started"
        drills = (
            f"{sum(item_done(session, module, d) for d in module.drills)}/{len(module.drills)}"
            if module.drills
            else "–"
        )
        cells = (
            status_text(session.module_status(module.id)),
            pages,
            quiz,
            drills,
            minutes(mp.seconds if mp else 0),
        )
        rows.append(
            Columns(
                [
                    (plain_line(f"{n}. {module.title}"), None),
                    *(
                        (Content(text), width)
                        for text, (_, width) in zip(cells, COLUMNS, strict=True)
                    ),
                ]
            )
        )
    return Stack(rows)


class ProfileScreen(SessionScreen[None]):
    """Name, CME details (on request) and progress per module."""

    CSS_PATH = "forms.tcss"

    def place(self) -> tuple[str, str]:
        """Quitting here opens home next time (Continue leads back here when it is next)."""
        return ("", "")

    HELP = (
        "Your name appears on your certificate: type it, then Save name (or Enter). "
        "CME details are needed only to claim credit. The table shows how far you are "
        "in each module."
    )
    WHERE = "Profile and progress"

    #: on_mount puts the focus on the first empty field.
    AUTO_FOCUS = None

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save_name", "Save name"),
    ]

    def compose_screen(self) -> ComposeResult:
        learner = self.session.progress.learner
        offers_credit = self.session.course.offers_credit
        yield self.title_bar()
        with VerticalScroll(id="profile-view", classes="screen-body"):
            yield Static(Content("Profile and progress"), classes="screen-title")
            yield Label("Your name, as it should appear on your certificate", markup=False)
            with Horizontal(id="name-row"):
                yield Input(clean(learner.first_name), placeholder="First name", id="first-name")
                yield Input(clean(learner.last_name), placeholder="Last name", id="last-name")
                yield Button("Save name", id="save-name", variant="primary")
            yield Static(id="name-status")
            if offers_credit:
                yield Label("Details for CME credit", classes="section-title", markup=False)
                yield Static(id="cme-summary")
                with Horizontal(classes="button-row"):
                    yield Button("Add or change CME details…", id="details")
            if self._endpoint():
                yield Label("Learning records", classes="section-title", markup=False)
                yield Static(id="lrs-status")
                with Horizontal(classes="button-row"):
                    yield Button("Change…", id="lrs-change")
            yield Label("Your progress", classes="section-title", markup=False)
            yield Static(id="overall-line")
            yield Static(id="summary")
            with Horizontal(classes="button-row"):
                yield Button("Back", id="back")
        yield KeysBar()

    def on_mount(self) -> None:
        self.refresh_view()
        first = self.query_one("#first-name", Input)
        last = self.query_one("#last-name", Input)
        empty = next((i for i in (first, last) if not i.value.strip()), None)
        (empty or self.query_one("#back", Button)).focus()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        session = self.session
        endpoint = self._endpoint()
        if endpoint and self.query("#lrs-status"):
            agreed = session.lrs_consent(endpoint)
            self.query_one("#lrs-status", Static).update(
                Content.assemble(
                    "Send my records to my CME provider's learning record store: ",
                    consent_text(bool(agreed)),
                    "" if agreed is not None else " (not asked yet)",
                )
            )
        if self.query("#cme-summary"):
            self.query_one("#cme-summary", Static).update(cme_summary(session.progress.learner))
        self.query_one("#overall-line", Static).update(
            Content(f"Course: {percent(session.overall())} done")
        )
        self.query_one("#summary", Static).update(progress_table(session))

    # -- the name ------------------------------------------------------------------------

    def _typed(self) -> tuple[str, str]:
        return (
            self.query_one("#first-name", Input).value,
            self.query_one("#last-name", Input).value,
        )

    def unsaved(self) -> bool:
        learner = self.session.progress.learner
        first, last = self._typed()
        return (first.strip(), last.strip()) != (learner.first_name, learner.last_name)

    @on(Input.Changed, "#first-name, #last-name")
    def _edited(self) -> None:
        status = self.query_one("#name-status", Static)
        if self.unsaved():
            status.update(
                Content.styled("Not saved yet: press Enter or Save name.", "$text-warning")
            )
        else:
            status.update(Content(""))

    @on(Input.Submitted, "#first-name, #last-name")
    @on(Button.Pressed, "#save-name")
    def action_save_name(self) -> bool:
        """Save the name; True when it was saved."""
        first, last = self._typed()
        status = self.query_one("#name-status", Static)
        try:
            self.session.update_learner(first_name=first, last_name=last)
        except SessionError as exc:
            status.update(plain_line(f"Not saved: {exc}", "$text-error"))
            return False
        name = self.session.progress.learner.full_name
        status.update(
            Content.assemble(
                Content.styled("✓ Saved: ", "bold $text-success"),
                plain_line(name) if name else Content("no name"),
            )
        )
        return True

    def _endpoint(self) -> str | None:
        from tutor.core.lrs.config import ConfigError, app_endpoint

        try:
            return app_endpoint(self.session.course)
        except ConfigError:
            return None

    @on(Button.Pressed, "#lrs-change")
    def _change_lrs_consent(self) -> None:
        self.post_message(msg.AskLrsConsent())

    @on(Button.Pressed, "#details")
    def action_details(self) -> None:
        from tutor.ui.screens.details import DetailsScreen

        if self.session.course.offers_credit:
            self.app.push_screen(DetailsScreen(self.session), lambda _: self.refresh_view())

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        if not self.unsaved():
            self.app.pop_screen()
            return

        def answered(choice: str | None) -> None:
            leave = choice == "discard" or (choice == "save" and self.action_save_name())
            if leave:
                self.app.pop_screen()

        self.app.push_screen(
            AskScreen(
                Content("Save your name?"),
                Content("You changed your name here but did not save it."),
                [
                    ("stay", "Keep editing", "default"),
                    ("discard", "Leave without saving", "default"),
                    ("save", "Save and leave", "primary"),
                ],
            ),
            answered,
        )
