"""The optional details a certifying board needs, asked for only when credit is claimed."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from tutor.core.session import Session, SessionError
from tutor.ui.safe import clean, plain
from tutor.ui.screens.base import BaseModal
from tutor.ui.screens.profile import MONTHS
from tutor.ui.widgets.keys_bar import KeysBar
from tutor.ui.widgets.tick_box import TickBox

#: Why each field is asked, shown under it.
WHY = {
    "email": "So the course provider can reach you about your record.",
    "board": "The board you report CME to (for example ABIM, ABFM, ABP).",
    "board-id": "Your ID with that board: boards match your credit to you by it.",
    "birthday": "Boards match records by your date of birth (month and day only).",
    "consent": (
        "Your provider may then report your completion to your board for you. "
        "Nothing is sent from this app."
    ),
}


def _why(key: str) -> Static:
    return Static(Content.styled(WHY[key], "dim"), classes="form-why")


class DetailsScreen(BaseModal[bool]):
    """Email, board and board ID, birthday (month and day), consent. All optional here."""

    HELP = (
        "Boards that accept CME reports ask for these. Fill in what your board needs; "
        "leave the rest empty. Nothing is sent anywhere from this app."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, session: Session, reason: str = "") -> None:
        super().__init__()
        self.session = session
        self._reason = reason

    def compose_screen(self) -> ComposeResult:
        learner = self.session.progress.learner
        with Vertical(classes="dialog wide"):
            yield Static(Content("Details for CME credit"), classes="dialog-title")
            yield Static(
                Content(
                    self._reason
                    or "Only needed to claim credit. Fill in what your board asks for; "
                    "leave the rest empty."
                ),
                classes="dialog-text",
            )
            with VerticalScroll(classes="form"):
                for key, label, value, placeholder in (
                    ("email", "Email", learner.email, "name@example.org"),
                    ("board", "Certifying board", learner.board, "e.g. ABIM"),
                    ("board-id", "Board ID", learner.board_id, "as on your board's records"),
                ):
                    yield Horizontal(
                        Label(label, classes="form-label", markup=False),
                        Input(clean(value), placeholder=placeholder, id=key, compact=True),
                        classes="form-row",
                    )
                    yield _why(key)
                with Horizontal(classes="form-row"):
                    yield Label("Birthday", classes="form-label", markup=False)
                    yield Select(
                        [(m, n) for n, m in enumerate(MONTHS, start=1)],
                        value=learner.birth_month or Select.NULL,
                        prompt="Month",
                        id="birth-month",
                        compact=True,
                    )
                    yield Input(
                        str(learner.birth_day) if learner.birth_day else "",
                        placeholder="Day",
                        type="integer",
                        max_length=2,
                        id="birth-day",
                        compact=True,
                    )
                yield _why("birthday")
                yield TickBox(
                    Content("Share my completion with my certifying board"),
                    learner.consent_to_share,
                    id="consent",
                )
                yield _why("consent")
                yield Static(id="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save details", id="save", variant="primary")
        yield KeysBar()

    def on_mount(self) -> None:
        first_empty = next(
            (i for i in self.query(Input) if not i.value.strip()), self.query_one("#email", Input)
        )
        first_empty.focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        month = self.query_one("#birth-month", Select).value
        day_text = self.query_one("#birth-day", Input).value.strip()
        try:
            self.session.update_learner(
                email=self.query_one("#email", Input).value,
                board=self.query_one("#board", Input).value,
                board_id=self.query_one("#board-id", Input).value,
                birth_month=month if isinstance(month, int) else 0,
                birth_day=int(day_text) if day_text.isdigit() else 0,
                consent_to_share=self.query_one("#consent", TickBox).value,
            )
        except SessionError as exc:
            self.query_one("#form-error", Static).update(plain(f"Not saved: {exc}", "$text-error"))
            return
        self.notify("CME details saved.")
        self.dismiss(True)
