"""What the reader, quiz and drill screens share: their module, and time on task."""

from __future__ import annotations

import time
from typing import ClassVar

from textual import events, on
from textual.binding import Binding, BindingType

from tutor.core.model import Module
from tutor.ui.safe import one_line
from tutor.ui.screens.base import BaseScreen, current

#: A stretch longer than this on one screen counts as this much (the learner walked away).
MAX_STRETCH = 10 * 60


class ItemScreen(BaseScreen[None]):
    """A screen that shows one part of a module. Escape goes back to the module."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Module")]

    def __init__(self, module: Module) -> None:
        super().__init__()
        self.module = module
        self._since: float | None = None

    @on(events.Mount)
    def _started(self) -> None:
        self.sub_title = one_line(self.module.title)
        self._since = time.monotonic()

    def on_screen_resume(self) -> None:
        self._since = time.monotonic()

    def on_screen_suspend(self) -> None:
        self.record_time()

    def on_unmount(self) -> None:
        self.record_time()

    def record_time(self) -> None:
        """Add the time since the screen was shown to the module's time on task."""
        if self._since is None:
            return
        seconds = min(time.monotonic() - self._since, MAX_STRETCH)
        self._since = None
        if current(self, self.module) and seconds >= 1:
            self.tutor.active_session.add_time(self.module.id, int(seconds))

    def action_back(self) -> None:
        self.app.pop_screen()
