"""Yes-or-no questions: reset a module, open a web link, start afresh."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from tutor.ui.screens.base import BaseModal
from tutor.ui.widgets.keys_bar import KeysBar


class ConfirmScreen(BaseModal[bool]):
    """Ask before doing something. Answers True only when the learner confirms."""

    HELP = "A question before something happens. Nothing happens unless you confirm."

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", "Cancel"),
        Binding("y", "answer(True)", "Yes", show=False),
        Binding("n", "answer(False)", "No", show=False),
        Binding("left,right", "switch", "Switch button", show=False),
    ]

    def __init__(
        self,
        title: Content,
        message: Content,
        yes: str = "Yes",
        no: str = "Cancel",
        *,
        danger: bool = False,
        start_on_no: bool = False,
    ) -> None:
        super().__init__()
        self._title = title
        self._message = message
        self._yes = yes
        self._no = no
        self._danger = danger
        self._start_on_no = danger or start_on_no

    def compose_screen(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._title, classes="dialog-title")
            yield Static(self._message, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content(self._no), id="no")
                yield Button(
                    Content(self._yes), id="yes", variant="error" if self._danger else "primary"
                )
        yield KeysBar()

    def on_mount(self) -> None:
        # A destructive action (or a consent) starts on "No": Enter alone never agrees.
        self.query_one("#no" if self._start_on_no else "#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    def action_switch(self) -> None:
        self.focus_next(Button)


class AskScreen(BaseModal[str]):
    """A question with several answers, each a button; answers the chosen button's id
    (the first answer's id on Escape)."""

    HELP = "A question before something happens. Choose one of the buttons."

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("left,right", "switch", "Switch button", show=False),
    ]

    def __init__(
        self, title: Content, message: Content, answers: list[tuple[str, str, str]]
    ) -> None:
        """`answers` are (id, label, variant: "default", "primary" or "error")."""
        super().__init__()
        self._title = title
        self._message = message
        self._answers = answers

    def compose_screen(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._title, classes="dialog-title")
            yield Static(self._message, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                for answer_id, label, variant in self._answers:
                    yield Button(Content(label), id=answer_id, variant=variant)  # type: ignore[arg-type]
        yield KeysBar()

    def on_mount(self) -> None:
        self.query_one(f"#{self._answers[0][0]}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or self._answers[0][0])

    def action_cancel(self) -> None:
        self.dismiss(self._answers[0][0])

    def action_switch(self) -> None:
        self.focus_next(Button)
