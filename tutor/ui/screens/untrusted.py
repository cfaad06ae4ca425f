"""A progress file the app will not use: say where it is and why, then let the learner choose."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from tutor.core.progress.errors import UntrustedFile
from tutor.ui.safe import plain
from tutor.ui.screens.base import BaseScreen
from tutor.ui.widgets.keys_bar import KeysBar
from tutor.ui.widgets.title_bar import TitleBar


class UntrustedScreen(BaseScreen[str]):
    """Answers "fresh", "backup" or "quit". Nothing is written until the learner chooses."""

    HELP = (
        "Your progress file could not be read safely, so it was left exactly as it is. "
        "Start afresh (the old file is kept beside the new one), or quit."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "choose('fresh')", "Start afresh"),
        Binding("b", "choose('backup')", "Restore last good copy"),
        Binding("escape", "choose('quit')", "Leave it, and quit"),
    ]

    def __init__(self, problem: UntrustedFile) -> None:
        super().__init__()
        self.problem = problem

    def compose_screen(self) -> ComposeResult:
        problem = self.problem
        error = problem.error
        where = Content("")
        if error.line is not None:
            col = f", column {error.col}" if error.col is not None else ""
            where = Content.assemble(
                "\n", Content.styled("Where: ", "bold"), f"line {error.line}{col}"
            )
        yield TitleBar(self.app.title, "")
        with VerticalScroll(id="untrusted-view", classes="screen-body"):
            yield Static(
                Content.styled("Your progress file could not be used", "bold $text-error"),
                classes="screen-title",
            )
            yield Static(
                Content.assemble(
                    Content.styled("The file: ", "bold"),
                    plain(str(problem.path)),
                    "\n",
                    Content.styled("What is wrong: ", "bold"),
                    plain(" ".join(error.message.split())),
                    where,
                ),
                classes="callout",
            )
            yield Static(
                Content(
                    "Nothing has been changed or deleted. It may have been edited by hand, "
                    "cut short when a computer stopped suddenly, written by a newer version "
                    "of tutor, or belong to another course."
                ),
                classes="help-text",
            )
            yield Static(
                Content.assemble(
                    Content.styled("Start afresh: ", "bold"),
                    "the old file's bytes are kept, unchanged, beside it (its name will end in "
                    "“.corrupt-” and the time), and a new progress file is started.",
                ),
                classes="help-text",
            )
            if problem.backup is not None:
                yield Static(
                    Content.assemble(
                        Content.styled("Restore the last good copy: ", "bold"),
                        "the old file is kept the same way, and your progress comes back from ",
                        plain(str(problem.backup)),
                        ", the copy saved the last time the app opened cleanly.",
                    ),
                    classes="help-text",
                )
            yield Static(
                Content.assemble(
                    Content.styled("Quit: ", "bold"),
                    "nothing changes. Someone who knows the file can look at it first.",
                ),
                classes="help-text",
            )
            with Horizontal(classes="button-row"):
                yield Button("Start afresh", id="fresh", variant="warning")
                if problem.backup is not None:
                    yield Button("Restore last good copy", id="backup", variant="primary")
                yield Button("Quit", id="quit")
        yield KeysBar()

    def on_mount(self) -> None:
        self.query_one("#quit", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and parameters == ("backup",):
            return self.problem.backup is not None
        return True

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or "quit")

    def action_choose(self, choice: str) -> None:
        if choice == "backup" and self.problem.backup is None:
            return
        self.dismiss(choice)
