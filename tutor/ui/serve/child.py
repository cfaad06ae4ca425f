"""One browser tab's app process: `python -m tutor.ui.serve.child --course DIR [--progress FILE]`.

Started by the server (server.py) with textual-serve's environment, so the app draws
through the web driver. It opens the course and the progress file exactly as `tutor` does in
a terminal (tutor.ui.launch.prepare_app: the same lock, the same atomic saves). When it
cannot open them, the learner reads why in the browser (`CannotOpenApp`), where a terminal
would have printed the same words and exited.

A tab closed a moment ago may still be saving and letting go of the lock, so a file that is
"already open elsewhere" is tried again for a few seconds before that is the answer.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from tutor.core.exits import Exit
from tutor.ui.launch import Prepared, prepare_app
from tutor.ui.safe import plain

#: how long an "already open" file is tried again before the learner is told
RETRY_SECONDS = 4.0
RETRY_EVERY = 0.2


class CannotOpenApp(App[int]):
    """Says, in the browser, why the course did not open, and offers to try again."""

    TITLE = "tutor"
    CSS = """
    Screen { align: center middle; }
    #box { width: 76; max-width: 100%; height: auto; max-height: 100%; border: round $error;
           padding: 1 2; background: $surface; }
    #heading { text-style: bold; margin-bottom: 1; }
    #buttons { height: auto; margin-top: 1; }
    #buttons Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r,enter", "again", "Try again"),
        Binding("ctrl+q", "quit", "Close", priority=True),
    ]

    def __init__(self, heading: str, message: str, code: int) -> None:
        super().__init__()
        self.heading = heading
        self.message = message
        self.code = code

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="box"):
            yield Static(Content(self.heading), id="heading")
            yield Static(plain(self.message), id="message")
            with Horizontal(id="buttons"):
                yield Button("Try again", id="again", variant="primary")
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        self.query_one("#again", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "again":
            self.action_again()
        else:
            self.exit(self.code)

    def action_again(self) -> None:
        # Reload the page in the learner's browser: a new connection, a new attempt.
        self.open_url(".", new_tab=False)


def heading_for(code: int) -> str:
    if code == Exit.IN_USE:
        return "Your course is already open elsewhere"
    return "The course cannot be opened"


def advice_for(code: int) -> str:
    if code == Exit.IN_USE:
        return (
            "\n\nOnly one copy can be open at a time, so that no answer is lost. Close the "
            "other browser tab, window or terminal, then choose Try again."
        )
    return "\n\nPlease tell whoever runs this server. Choose Try again once it is fixed."


def open_course(course: Path, progress: str | None) -> Prepared | tuple[int, str]:
    """The app ready to run, or (exit code, what a terminal would have printed)."""
    deadline = time.monotonic() + RETRY_SECONDS
    while True:
        err = io.StringIO()
        prepared = prepare_app(course, progress, err=err)
        if not isinstance(prepared, int):
            return prepared
        if prepared != Exit.IN_USE or time.monotonic() >= deadline:
            return prepared, err.getvalue().strip()
        time.sleep(RETRY_EVERY)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tutor.ui.serve.child")
    parser.add_argument("--course", required=True)
    parser.add_argument("--progress")
    args = parser.parse_args(argv)
    opened = open_course(Path(args.course), args.progress)
    if isinstance(opened, tuple):
        code, said = opened
        print(said, file=sys.stderr)  # the server's log keeps it too
        blocked = CannotOpenApp(heading_for(code), said + advice_for(code), code)
        blocked.run()
        return code
    try:
        result = opened.app.run()
    finally:
        opened.store.close()
    return opened.app.return_code or int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
