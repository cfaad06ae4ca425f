"""The web driver for a served app process: Textual's, plus one rule about a lost server."""

from __future__ import annotations

from textual import messages
from textual.drivers.web_driver import WebDriver


class ServedDriver(WebDriver):
    """Quits the app when its standard input ends.

    The server writes the browser's keys to the app's stdin. EOF there means the server is
    gone (killed, crashed): Textual's WebDriver would then keep the app running, holding the
    learner's progress lock until something is written to the dead pipe. Quitting as on
    Ctrl+Q releases the lock at once; every answer was already saved when it was given.
    """

    def run_input_thread(self) -> None:
        super().run_input_thread()
        if not self.exit_event.is_set():  # ended by EOF, not by the app stopping
            self._app.post_message(messages.ExitApp())
