"""The optional details a certifying board needs, asked for only when credit is claimed."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from tutor.core.boards import ABMS_BOARDS, LICENSE_STATES, board, id_problems
from tutor.core.session import Session, SessionError
from tutor.ui.safe import clean, plain
from tutor.ui.screens.base import BaseModal
from tutor.ui.screens.profile import MONTHS
from tutor.ui.widgets.keys_bar import KeysBar
from tutor.ui.widgets.tick_box import TickBox

#: Why each field is asked, shown under it.
WHY = {
    "email": "So the course provider can reach you about your record.",
    "boards": (
        "Each ABMS board you report CME or MOC to, with your ID there: boards match "
        "your credit to you by it. Leave the rows you do not need empty."
    ),
    "license": "Some state medical boards match CME by licence: the state and its number.",
    "npi": "Your National Provider Identifier (10 digits), if your board asks for it.",
    "birthday": "Boards match records by your date of birth (month and day only).",
    "consent": (
        "Your provider may then report your completion to your board for you. "
        "Nothing is sent from this app."
    ),
}

#: How many certifying boards the form offers rows for.
BOARD_ROWS = 3
BOARD_OPTIONS = [(f"{b.abbreviation} · {b.name}", b.abbreviation) for b in ABMS_BOARDS]
STATE_OPTIONS = [(state, state) for state in sorted(LICENSE_STATES)]


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
                yield Horizontal(
                    Label("Email", classes="form-label", markup=False),
                    Input(
                        clean(learner.email),
                        placeholder="name@example.org",
                        id="email",
                        compact=True,
                    ),
                    classes="form-row",
                )
                yield _why("email")
                boards = learner.certifying_boards()
                for n in range(1, BOARD_ROWS + 1):
                    given = boards[n - 1] if n <= len(boards) else None
                    chosen = given.board if given and board(given.board) else Select.NULL
                    yield Horizontal(
                        Label("Boards" if n == 1 else "", classes="form-label", markup=False),
                        Select(
                            BOARD_OPTIONS,
                            value=chosen,
                            prompt=f"Board {n}",
                            id=f"board-{n}",
                            compact=True,
                        ),
                        Input(
                            clean(given.id) if given else "",
                            placeholder="your ID there",
                            id=f"board-id-{n}",
                            compact=True,
                        ),
                        classes="form-row board-row",
                    )
                yield _why("boards")
                yield Horizontal(
                    Label("State licence", classes="form-label", markup=False),
                    Select(
                        STATE_OPTIONS,
                        value=learner.license_state
                        if learner.license_state in LICENSE_STATES
                        else Select.NULL,
                        prompt="State",
                        id="license-state",
                        compact=True,
                    ),
                    Input(
                        clean(learner.license_number),
                        placeholder="licence number",
                        id="license-number",
                        compact=True,
                    ),
                    classes="form-row",
                )
                yield _why("license")
                yield Horizontal(
                    Label("NPI", classes="form-label", markup=False),
                    Input(
                        clean(learner.npi),
                        placeholder="10 digits",
                        restrict=r"[0-9]*",
                        max_length=10,
                        id="npi",
                        compact=True,
                    ),
                    classes="form-row",
                )
                yield _why("npi")
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
        boards: list[tuple[str, str]] = []
        for n in range(1, BOARD_ROWS + 1):
            chosen = self.query_one(f"#board-{n}", Select).value
            board_id = self.query_one(f"#board-id-{n}", Input).value.strip()
            if isinstance(chosen, str):
                boards.append((chosen, board_id))
            elif board_id:
                boards.append(("", board_id))  # an ID with no board: said below
        state = self.query_one("#license-state", Select).value
        identifiers = (
            boards,
            state if isinstance(state, str) else "",
            self.query_one("#license-number", Input).value,
            self.query_one("#npi", Input).value,
        )
        if any(not b for b, _ in boards):
            problems = ["choose the board for each ID you gave"]
        else:
            problems = id_problems(*identifiers)
        try:
            if problems:
                raise SessionError("; ".join(problems))
            self.session.update_learner(
                email=self.query_one("#email", Input).value,
                birth_month=month if isinstance(month, int) else 0,
                birth_day=int(day_text) if day_text.isdigit() else 0,
                consent_to_share=self.query_one("#consent", TickBox).value,
            )
            self.session.update_identifiers(*identifiers)
        except SessionError as exc:
            self.query_one("#form-error", Static).update(plain(f"Not saved: {exc}", "$text-error"))
            return
        self.notify("CME details saved.")
        self.dismiss(True)
