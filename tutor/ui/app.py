"""The learner's app: one Session, and the screens that show it.

The app owns navigation (which screen is on top) and nothing else: answers,
position and progress live in `tutor.core.session.Session`, which saves after
every change. Screens read from the session and call its actions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tutor.core.model import Course, Drill, Module, Page, Quiz
from tutor.core.progress.errors import SaveFailed, UntrustedFile
from tutor.core.progress.model import Progress
from tutor.core.progress.store import ProgressStore
from tutor.core.session import Session, utc_now
from tutor.ui.commands import ModuleCommands
from tutor.ui.links import External, Internal, Refused, resolve
from tutor.ui.safe import clean, one_line, plain

DARK = "textual-dark"
LIGHT = "textual-light"


class TutorApp(App[int]):
    """A course player. Give it a course and an open store (or an untrusted file to settle)."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "tutor"
    COMMANDS = App.COMMANDS | {ModuleCommands}
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        # Shown in every footer through the screens' own copies (screens/base.py).
        Binding("f1,question_mark", "help", "Help", key_display="F1/?", show=False),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
        Binding("ctrl+p", "command_palette", "Go to…", show=False, priority=True),
    ]

    def __init__(
        self,
        course: Course,
        *,
        store: ProgressStore | None = None,
        progress: Progress | None = None,
        untrusted: UntrustedFile | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
        theme: str = DARK,
        open_url: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__()
        self.course: Course = course
        self.store = store
        self.clock = clock
        self.session: Session | None = None
        self._untrusted = untrusted
        self._progress = progress
        self._start_theme = theme
        #: how an https link is opened once the learner agrees (tests replace it): Textual's
        #: open_url, which asks the learner's own browser when the app runs in one (tutor serve)
        self.open_url_with = open_url or self.open_url
        #: the last save error, shown until a save succeeds again
        self.save_problem: str = ""
        self.title = one_line(course.title)

    # -- start-up -----------------------------------------------------------------------

    def on_mount(self) -> None:
        self.theme = self._start_theme
        if self._untrusted is not None:
            from tutor.ui.screens.untrusted import UntrustedScreen

            self.push_screen(UntrustedScreen(self._untrusted), self._settle_untrusted)
        elif self._progress is not None:
            self.start(self._progress)

    def _settle_untrusted(self, choice: str | None) -> None:
        assert self.store is not None
        try:
            if choice == "fresh":
                progress = self.store.set_aside_and_start_fresh()
            elif choice == "backup":
                progress = self.store.restore_backup()
            else:
                self.exit(1)
                return
        except (SaveFailed, OSError) as exc:
            self.exit(1, message=plain(f"tutor: {exc}"))
            return
        kept = self.store.kept_path
        if kept is not None:
            self.notify(
                f"The old file is kept, unchanged, at {kept}",
                title="Started afresh" if choice == "fresh" else "Restored the last good copy",
                markup=False,
                timeout=10,
            )
        self._untrusted = None
        self.start(progress)

    def make_session(self, progress: Progress) -> Session:
        return Session(self.course, progress, save=self._save, clock=self.clock)

    def start(self, progress: Progress) -> None:
        """Show the home screen, then go back to where the learner left off."""
        from tutor.ui.screens.home import HomeScreen

        self.session = self.make_session(progress)
        self.push_screen(HomeScreen())
        position = self.session.resume()
        if position.module:
            self.open_item(position.module, position.item, resume=True)

    def _save(self, progress: Progress) -> None:
        """Save through the store; a failure is told to the learner, never lost silently.

        The session keeps the change in memory, so the next save that works
        writes it too.
        """
        if self.store is None:
            return
        try:
            self.store.save(progress)
        except SaveFailed as exc:
            first = not self.save_problem
            self.save_problem = str(exc)
            if first:
                self.notify(
                    f"{exc}. Your answers are kept while the app is open; "
                    "it will try again with your next step.",
                    title="Progress not saved",
                    severity="error",
                    markup=False,
                    timeout=30,
                )
        else:
            if self.save_problem:
                self.save_problem = ""
                self.notify("Progress saved again.", markup=False)

    # -- navigation ---------------------------------------------------------------------

    @property
    def active_session(self) -> Session:
        assert self.session is not None, "no session yet"
        return self.session

    def _unwind(self) -> None:
        """Pop every screen above the root one (home, or the module in preview)."""
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def open_home(self) -> None:
        self._unwind()

    def open_module(self, module_id: str) -> None:
        from tutor.ui.screens.module import ModuleScreen

        module = self.course.module(module_id)
        if module is None or self.session is None:
            return
        self._unwind()
        if not isinstance(self.screen, ModuleScreen):
            self.push_screen(ModuleScreen(module))

    def item_screen(self, module: Module, item_id: str, anchor: str = "") -> Screen[None] | None:
        """The screen that shows one item of a module."""
        from tutor.ui.screens.drill import DrillScreen
        from tutor.ui.screens.quiz import QuizScreen
        from tutor.ui.screens.reader import ReaderScreen

        item = module.item(item_id)
        if isinstance(item, Page):
            return ReaderScreen(module, item, anchor=anchor)
        if isinstance(item, Quiz):
            return QuizScreen(module)
        if isinstance(item, Drill):
            return DrillScreen(module, item)
        return None

    def open_item(
        self, module_id: str, item_id: str = "", anchor: str = "", *, resume: bool = False
    ) -> None:
        """Show an item, with its module's overview beneath it (Escape goes back there)."""
        module = self.course.module(module_id)
        if module is None:
            return
        self.open_module(module_id)
        screen = self.item_screen(module, item_id, anchor) if item_id else None
        if screen is not None:
            self.push_screen(screen)
            if resume:
                self.notify("You are back where you left off.", markup=False, timeout=4)

    def next_item(self, module: Module, item_id: str) -> None:
        """Replace the current item's screen with the next item's, or go back to the module."""
        ids = [i.id for i in module.items]
        index = ids.index(item_id) if item_id in ids else len(ids)
        if index + 1 < len(ids):
            screen = self.item_screen(module, ids[index + 1])
            if screen is not None:
                self.switch_screen(screen)
                return
        self.pop_screen()

    # -- links --------------------------------------------------------------------------

    def follow_link(self, module: Module, href: str) -> None:
        """Go where a lesson link leads: in the course, or (after asking) to an https page."""
        from tutor.ui.screens.confirm import ConfirmScreen

        target = resolve(self.course, module, href)
        if isinstance(target, Internal):
            self.go_to(target)
        elif isinstance(target, External):
            url = target.url

            def answered(ok: bool | None) -> None:
                if ok:
                    self.open_url_with(url)

            self.push_screen(
                ConfirmScreen(
                    Content("Open this page in your web browser?"),
                    Content.assemble(
                        plain(url, "underline"),
                        "\n\nThe link leads out of the course, to a web site.",
                    ),
                    yes="Open in browser",
                    no="Stay here",
                ),
                answered,
            )
        elif isinstance(target, Refused):
            self.notify(target.reason, title="Link not opened", severity="warning", markup=False)

    def go_to(self, target: Internal) -> None:
        from tutor.ui.screens.reader import ReaderScreen

        screen = self.screen
        if (
            isinstance(screen, ReaderScreen)
            and screen.module.id == target.module
            and isinstance(screen.module.item(target.item), Page)
        ):
            screen.go(target.item, target.anchor)
            return
        if target.item:
            self.open_item(target.module, target.item, target.anchor)
        else:
            self.open_module(target.module)

    # -- app-wide actions ---------------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification is plain text with no control sequences, whatever the caller says.

        Messages often quote lesson or learner text (a module title, a file name), so
        markup is never parsed here.
        """
        super().notify(
            clean(message), title=clean(title), severity=severity, timeout=timeout, markup=False
        )

    def action_help_quit(self) -> None:
        """Ctrl+C, which many people try first."""
        self.notify("Press Ctrl+Q to quit. Everything you did is already saved.")

    def action_help(self) -> None:
        from tutor.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK
