"""`tutor preview FILE`: one module in the app, reloaded whenever the file is saved.

The file's modification time is polled twice a second. A module with lint
errors is shown as its diagnostics instead. Nothing is saved anywhere: the
session's progress lives in memory only.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual.binding import Binding, BindingType

from tutor.core.lint import lint_parsed
from tutor.core.model import Module
from tutor.core.parser import parse_module
from tutor.core.progress.model import Progress
from tutor.core.session import utc_now
from tutor.core.single_module import single_module_course
from tutor.ui.app import DARK, TutorApp
from tutor.ui.links import Refused, resolve
from tutor.ui.safe import one_line

POLL_SECONDS = 0.5


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


class PreviewApp(TutorApp):
    """The learner's app over one module file, with no progress file."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+r", "reload", "Reload")]

    def __init__(
        self,
        path: Path,
        *,
        clock: Callable[[], dt.datetime] = utc_now,
        theme: str = DARK,
        poll: float = POLL_SECONDS,
    ) -> None:
        super().__init__(single_module_course(path), clock=clock, theme=theme)
        self.path = path
        self._poll = poll
        self._stamp: tuple[int, int] | None = None
        self.reloads = 0

    def on_mount(self) -> None:
        self.reload()
        self.set_interval(self._poll, self._check_file)

    def _check_file(self) -> None:
        if _stamp(self.path) != self._stamp:
            self.reload()

    def action_reload(self) -> None:
        self.reload()

    def _where(self) -> str:
        """The item (page, quiz or drill) on screen now, to return to after a reload."""
        from tutor.ui.screens.item import ItemScreen, ViewScreen
        from tutor.ui.screens.reader import ReaderScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, ReaderScreen):
                return screen.page.id
            if isinstance(screen, ViewScreen):
                return screen.item.id
            if isinstance(screen, ItemScreen):
                return ""
        return ""

    def reload(self) -> None:
        """Parse and lint the file again, and show the module (or what is wrong with it)."""
        from tutor.ui.screens.diagnostics import DiagnosticsScreen
        from tutor.ui.screens.module import ModuleScreen

        self._stamp = _stamp(self.path)
        self.reloads += 1
        item_id = self._where()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        parsed = parse_module(self.path)  # a file it cannot read becomes a diagnostic
        diagnostics = lint_parsed(parsed)
        module = parsed.module
        if module is None or any(d.is_error for d in diagnostics):
            self.title = f"Preview: {one_line(self.path.name)}"
            self.push_screen(DiagnosticsScreen(self.path, diagnostics))
            return
        self.course = single_module_course(self.path, module)
        self.title = f"Preview: {one_line(self.path.name)}"
        session = self.session = self.make_session(Progress.new(self.course, self.clock()))
        self.push_screen(ModuleScreen(session, module, root=True))
        if item_id and module.item(item_id) is not None:
            screen = self.item_screen(module, item_id)
            if screen is not None:
                self.push_screen(screen)
        if self.reloads > 1:
            self.notify(f"Reloaded {self.path.name}", markup=False, timeout=2)

    def follow_link(self, module: Module, href: str) -> None:
        target = resolve(self.course, module, href)
        if isinstance(target, Refused) and href.partition("#")[0].endswith(".md"):
            self.notify(
                "Preview shows one module; this link works in the whole course.",
                title="Link to another module",
                markup=False,
            )
            return
        super().follow_link(module, href)
