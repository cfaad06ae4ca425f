"""The optional details a certifying board needs, asked for only when credit is claimed."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select, Static

from tutor.core.session import SessionError
from tutor.ui.safe import clean, plain
from tutor.ui.screens.base import BaseModal
from tutor.ui.screens.profile import MONTHS


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

    def __init__(self, reason: str = "") -> None:
        super().__init__()
        self._reason = reason

    def compose_screen(self) -> ComposeResult:
        learner = self.tutor.active_session.progress.learner
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
                with Horizontal(classes="form-row"):
                    yield Label("Email", classes="form-label", markup=False)
                    yield Input(
                        clean(learner.email),
                        placeholder="name@example.org",
                        id="email",
                        compact=True,
                    )
                with Horizontal(classes="form-row"):
                    yield Label("Certifying board", classes="form-label", markup=False)
                    yield Input(
                        clean(learner.board), placeholder="e.g. ABIM", id="board", compact=True
                    )
                with Horizontal(classes="form-row"):
                    yield Label("Board ID", classes="form-label", markup=False)
                    yield Input(clean(learner.board_id), id="board-id", compact=True)
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
                yield Checkbox(
                    "I agree that my completion may be shared with my certifying board",
                    learner.consent_to_share,
                    id="consent",
                    compact=True,
                )
                yield Static(id="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save details", id="save", variant="primary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#email", Input).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        month = self.query_one("#birth-month", Select).value
        day_text = self.query_one("#birth-day", Input).value.strip()
        try:
            self.tutor.active_session.update_learner(
                email=self.query_one("#email", Input).value,
                board=self.query_one("#board", Input).value,
                board_id=self.query_one("#board-id", Input).value,
                birth_month=month if isinstance(month, int) else 0,
                birth_day=int(day_text) if day_text.isdigit() else 0,
                consent_to_share=self.query_one("#consent", Checkbox).value,
            )
        except SessionError as exc:
            self.query_one("#form-error", Static).update(plain(f"Not saved: {exc}", "$text-error"))
            return
        self.notify("CME details saved.", markup=False)
        self.dismiss(True)
