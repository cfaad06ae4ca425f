"""Yes-or-no questions: reset a module, open a web link, start afresh."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Footer, Static

from tutor.ui.screens.base import BaseModal


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
    ) -> None:
        super().__init__()
        self._title = title
        self._message = message
        self._yes = yes
        self._no = no
        self._danger = danger

    def compose_screen(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._title, classes="dialog-title")
            yield Static(self._message, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content(self._no), id="no")
                yield Button(
                    Content(self._yes), id="yes", variant="error" if self._danger else "primary"
                )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # A destructive action starts on "Cancel", so Enter alone never deletes anything.
        self.query_one("#no" if self._danger else "#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    def action_switch(self) -> None:
        self.focus_next(Button)
