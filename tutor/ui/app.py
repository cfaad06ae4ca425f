"""The learner's app: one Session, and the screens that show it.

The app owns navigation (which screen is on top) and the few things that leave
the app: a web page opened in the learner's browser (`open_external`) and a file
handed to the learner (`deliver`). Answers, position and progress live in
`tutor.core.session.Session`, which saves after every change; screens are given
the session, act on it, and post messages (tutor.ui.messages) for the app to
decide where to go.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tutor.core import preferences
from tutor.core.atomic import write_atomic
from tutor.core.model import Course, Drill, Module, Page, Quiz
from tutor.core.paths import delivery_dir
from tutor.core.progress.errors import SaveFailed, UntrustedFile
from tutor.core.progress.model import Progress
from tutor.core.progress.store import ProgressStore
from tutor.core.session import Session, utc_now
from tutor.ui import messages as msg
from tutor.ui.commands import TutorCommands, UseTheme
from tutor.ui.delivery import Delivery
from tutor.ui.links import External, Internal, Refused, resolve
from tutor.ui.safe import clean, one_line, plain
from tutor.ui.themes import DARK, HIGH_CONTRAST_THEME, LIGHT, THEMES

if TYPE_CHECKING:
    from tutor.core.lrs.app_link import AppLink

__all__ = ["DARK", "LIGHT", "Delivery", "TutorApp"]


class TutorApp(App[int]):
    """A course player. Give it a course and an open store (or an untrusted file to settle)."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "tutor"
    COMMANDS: ClassVar = {TutorCommands}
    ENABLE_COMMAND_PALETTE = True
    COMMAND_PALETTE_DISPLAY = "Ctrl+P"

    BINDINGS: ClassVar[list[BindingType]] = [
        # Shown in every footer through the screens' own copies (screens/base.py).
        Binding("f1,question_mark", "help", "Help", show=False),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
        # The palette's key, named for what a learner does with it (Textual says "palette").
        Binding("ctrl+p", "command_palette", "Search", show=False, priority=True),
    ]

    def __init__(
        self,
        course: Course,
        *,
        store: ProgressStore | None = None,
        progress: Progress | None = None,
        untrusted: UntrustedFile | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
        theme: str | None = None,
        preferences_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.register_theme(HIGH_CONTRAST_THEME)
        self.course: Course = course
        self.store = store
        self.clock = clock
        self.session: Session | None = None
        self._untrusted = untrusted
        self._progress = progress
        self._preferences_path = preferences_path
        self._preferences = preferences.Preferences()
        self._preferences_problem = ""
        if preferences_path is not None:
            self._preferences, self._preferences_problem = preferences.load(preferences_path)
        chosen = theme or self._preferences.theme
        self._start_theme = chosen if chosen in THEMES else DARK
        #: the last save error, shown until a save succeeds again
        self.save_problem: str = ""
        #: files handed to the learner in this run, by file name
        self.delivered: dict[str, Delivery] = {}
        #: the link to the course's LRS, once the learner has agreed to send records
        self.lrs_link: AppLink | None = None
        self._lrs_problem = ""
        self.title = one_line(course.title)

    # -- start-up -----------------------------------------------------------------------

    def on_mount(self) -> None:
        self.theme = self._start_theme
        if self._preferences_problem:
            self.notify(self._preferences_problem, title="Preferences", severity="warning")
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
                timeout=10,
            )
        self._untrusted = None
        self.start(progress)

    def make_session(self, progress: Progress) -> Session:
        return Session(self.course, progress, save=self._save, clock=self.clock)

    def start(self, progress: Progress) -> None:
        """Show the home screen, then go back to exactly where the learner left off.

        A learner who has not begun yet sees the welcome first: what the course is,
        what they will receive, and how to get around.
        """
        from tutor.ui.screens.home import HomeScreen

        session = self.session = self.make_session(progress)
        position = session.resume()
        self.push_screen(HomeScreen(session))
        if position.module:
            self.open_item(position.module, position.item)
            if position.item:
                self.notify("You are back where you left off.", timeout=4)
        elif not progress.modules and progress.evaluation is None:
            self.show_welcome()
        self._connect_lrs()

    # -- the course's LRS (only with an endpoint, and only with the learner's consent) ------

    def _connect_lrs(self) -> None:
        from tutor.core.lrs.config import ConfigError, app_endpoint, sending_allowed

        if self.store is None or self.session is None:
            return  # a preview: nothing is saved, so nothing is sent
        try:
            endpoint = app_endpoint(self.course)
        except ConfigError as exc:
            self.notify(f"{exc}. Nothing will be sent.", title="Learning records", timeout=15)
            return
        if endpoint is None:
            return
        answer = self.session.lrs_consent(endpoint)
        if answer is None:
            self.ask_lrs_consent()
        elif sending_allowed(endpoint, answer):
            self._open_lrs_link(endpoint)

    def ask_lrs_consent(self) -> None:
        """Ask whether to send the learner's records to the course's LRS (again, to change)."""
        from tutor.core.lrs.config import app_endpoint
        from tutor.ui.screens.confirm import ConfirmScreen

        endpoint = app_endpoint(self.course)
        if endpoint is None or self.session is None:
            return
        provider = one_line(self.course.provider) or "the course's provider"
        message = Content.assemble(
            "May this app send a record of what you do in this course to ",
            plain(provider),
            "'s learning record store?\n\n",
            ("What is sent: ", "bold"),
            "each answer (the options you chose and whether they were right), quiz results, "
            "drill endings, module and course completion, the credit you claim, and your "
            "answers to the course evaluation (ratings and comments), with times, under "
            "your e-mail address (or an anonymous id if you gave none).\n",
            ("Never sent: ", "bold"),
            "your name, board, board ID, licence, NPI or date of birth.\n",
            ("Where: ", "bold"),
            plain(endpoint),
            "\n\nYou can change your answer later on the Profile screen. Without it, "
            "nothing leaves this computer.",
        )

        def answered(agreed: bool | None) -> None:
            if self.session is None:
                return
            if not agreed and self.lrs_link is not None:
                self.lrs_link.withdraw()  # before the save below, which would queue more
                self.lrs_link = None
            self.session.set_lrs_consent(endpoint, bool(agreed))
            if agreed:
                self._open_lrs_link(endpoint)
                self.notify("Your records will be sent to the learning record store.")
            else:
                self.notify("Nothing more will be sent. Your records stay on this computer.")

        self.push_screen(
            ConfirmScreen(
                Content("Send your records to your CME provider?"),
                message,
                yes="Send my records",
                no="Don't send",
                start_on_no=True,
            ),
            answered,
        )

    def _open_lrs_link(self, endpoint: str) -> None:
        from tutor.core.lrs.app_link import AppLink
        from tutor.core.lrs.config import ConfigError, credentials

        if self.lrs_link is not None or self.store is None or self.session is None:
            return
        try:
            creds = credentials(None)
        except ConfigError as exc:
            self.notify(
                f"Your records cannot be sent: {exc}. They stay on this computer.",
                title="Learning records",
                severity="warning",
                timeout=15,
            )
            return
        self.lrs_link = AppLink(self.course, self.store.path, endpoint, creds)
        self.lrs_link.start()
        self._queue_for_lrs(self.session.progress)  # anything from before, or a killed run

    def _close_lrs_link(self) -> None:
        if self.lrs_link is not None:
            self.lrs_link.stop()
            self.lrs_link = None

    def _queue_for_lrs(self, progress: Progress) -> None:
        if self.lrs_link is None:
            return
        try:
            self.lrs_link.saved(progress)
        except Exception as exc:  # never lose the learner's place over the records queue
            if not self._lrs_problem:
                self.notify(
                    f"Could not queue your records for sending: {exc}",
                    title="Learning records",
                    severity="warning",
                )
            self._lrs_problem = str(exc)
        else:
            self._lrs_problem = ""

    def on_unmount(self) -> None:
        self._close_lrs_link()

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
                    timeout=30,
                )
        else:
            if self.save_problem:
                self.save_problem = ""
                self.notify("Progress saved again.")
            self._queue_for_lrs(progress)

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
            self.push_screen(ModuleScreen(self.session, module))

    def item_screen(
        self, module: Module, item_id: str, anchor: str = "", *, via_link: bool = False
    ) -> Screen[None] | None:
        """The screen that shows one item of a module."""
        from tutor.ui.screens.drill import DrillScreen
        from tutor.ui.screens.quiz import QuizScreen
        from tutor.ui.screens.reader import ReaderScreen

        session = self.active_session
        item = module.item(item_id)
        if isinstance(item, Page):
            return ReaderScreen(session, module, item, anchor=anchor, via_link=via_link)
        if isinstance(item, Quiz):
            return QuizScreen(session, module)
        if isinstance(item, Drill):
            return DrillScreen(session, module, item)
        return None

    def open_item(self, module_id: str, item_id: str = "", anchor: str = "") -> None:
        """Show an item, with its module's overview beneath it (Escape goes back there)."""
        module = self.course.module(module_id)
        if module is None:
            return
        self.open_module(module_id)
        screen = self.item_screen(module, item_id, anchor) if item_id else None
        if screen is not None:
            self.push_screen(screen)

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

    def continue_course(self) -> None:
        """Go to the next thing to do (see `completion.next_step`)."""
        from tutor.core.completion import Step

        session = self.active_session
        step = session.next_step()
        if step.step is Step.ITEM:
            self.open_item(step.module, step.item)
        elif step.step is Step.EVALUATION:
            self.show_evaluation()
        else:
            self.show_certificate()

    def show_welcome(self) -> None:
        from tutor.ui.screens.welcome import WelcomeScreen

        self.push_screen(WelcomeScreen(self.active_session))

    def show_evaluation(self) -> None:
        from tutor.ui.screens.evaluation import EvaluationScreen

        self._unwind()
        self.push_screen(EvaluationScreen(self.active_session))

    def show_certificate(self) -> None:
        from tutor.ui.screens.records import RecordsScreen

        self._unwind()
        self.push_screen(RecordsScreen(self.active_session, self.deliver, self.delivered))

    def show_profile(self) -> None:
        from tutor.ui.screens.profile import ProfileScreen

        self.push_screen(ProfileScreen(self.active_session))

    @on(msg.OpenHome)
    def _open_home(self) -> None:
        self.open_home()

    @on(msg.OpenModule)
    def _open_module(self, message: msg.OpenModule) -> None:
        self.open_module(message.module_id)

    @on(msg.OpenItem)
    def _open_item(self, message: msg.OpenItem) -> None:
        module = self.course.module(message.module_id)
        screen = (
            self.item_screen(module, message.item_id, message.anchor)
            if message.replace and module is not None
            else None
        )
        if screen is not None:
            self.switch_screen(screen)
        else:
            self.open_item(message.module_id, message.item_id, message.anchor)

    @on(msg.ItemFinished)
    def _item_finished(self, message: msg.ItemFinished) -> None:
        module = self.course.module(message.module_id)
        if module is not None:
            self.next_item(module, message.item_id)

    @on(msg.FollowLink)
    def _follow_link(self, message: msg.FollowLink) -> None:
        module = self.course.module(message.module_id)
        if module is not None:
            self.follow_link(module, message.href)

    @on(msg.ContinueCourse)
    def _continue(self) -> None:
        self.continue_course()

    @on(msg.OpenProfile)
    def _profile(self) -> None:
        self.show_profile()

    @on(msg.OpenEvaluation)
    def _evaluation(self) -> None:
        self.show_evaluation()

    @on(msg.OpenCertificate)
    def _certificate(self) -> None:
        self.show_certificate()

    @on(msg.AskLrsConsent)
    def _ask_lrs_consent(self) -> None:
        self.ask_lrs_consent()

    @on(msg.OpenWelcome)
    def _welcome(self) -> None:
        self.show_welcome()

    @on(UseTheme)
    def _use_theme(self, message: UseTheme) -> None:
        self.set_theme(message.name)

    # -- links --------------------------------------------------------------------------

    def follow_link(self, module: Module, href: str) -> None:
        """Go where a lesson link leads: in the course (Escape comes back), or, after
        asking, to an https page in the learner's browser."""
        from tutor.ui.screens.confirm import ConfirmScreen

        target = resolve(self.course, module, href)
        if isinstance(target, Internal):
            self.go_to(target)
        elif isinstance(target, External):
            url = target.url

            def answered(ok: bool | None) -> None:
                if ok:
                    self.open_external(url)

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
            self.notify(target.reason, title="Link not opened", severity="warning")

    def go_to(self, target: Internal) -> None:
        """Show a place in the course over the current screen: Escape goes back."""
        from tutor.ui.screens.module import ModuleScreen

        module = self.course.module(target.module)
        if module is None or self.session is None:
            return
        if target.item:
            screen = self.item_screen(module, target.item, target.anchor, via_link=True)
            if screen is not None:
                self.push_screen(screen)
        else:
            self.push_screen(ModuleScreen(self.session, module))

    def open_external(self, url: str) -> None:
        """Open an https page the learner agreed to open, in their browser (also when the
        app is served to a browser). The one way out to the web; tests replace it."""
        self.open_url(url)

    # -- files for the learner ----------------------------------------------------------

    def deliver(self, data: bytes, filename: str, mime: str) -> Delivery:
        """Hand a file to the learner: saved (atomically) in their Documents or Downloads
        folder in a terminal; downloaded by their browser when the app is served to one.
        Raises OSError when it cannot be written."""
        if self.is_web:
            self.deliver_binary(io.BytesIO(data), save_filename=filename, mime_type=mime)
            delivery = Delivery(filename, None)
        else:
            path = delivery_dir() / filename
            write_atomic(path, data, mode=0o644)  # the learner's own file, to share
            delivery = Delivery(filename, path)
        self.delivered[filename] = delivery
        return delivery

    # -- app-wide actions ---------------------------------------------------------------

    def get_key_display(self, binding: Binding) -> str:
        """Keys as a person reads them: "Ctrl+Q", "F1", "Esc", "?"."""
        if binding.key_display:
            return binding.key_display
        modifiers, key = binding.parse_key()
        names = {
            "escape": "Esc",
            "question_mark": "?",
            "enter": "Enter",
            "space": "Space",
            "left": "←",
            "right": "→",
            "up": "↑",
            "down": "↓",
            "pageup": "PgUp",
            "pagedown": "PgDn",
            "tab": "Tab",
        }
        name = names.get(key, key.upper() if len(key) <= 3 else key.capitalize())
        if len(key) == 1:
            name = key.upper() if modifiers else key
        return "+".join([*(m.capitalize() for m in modifiers), name])

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification is plain text with no control sequences, whatever the caller says.

        Messages often quote lesson or learner text (a module title, a file name), so
        markup is never parsed here.
        """
        super().notify(
            clean(message), title=clean(title), severity=severity, timeout=timeout, markup=False
        )

    async def action_quit(self) -> None:
        """Ctrl+Q. With a progress file still to settle, nothing was opened: exit 1."""
        self.exit(1 if self._untrusted is not None else 0)

    def action_help_quit(self) -> None:
        """Ctrl+C, which many people try first."""
        self.notify("Press Ctrl+Q to quit. Everything you did is already saved.")

    def action_help(self) -> None:
        from tutor.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_theme(self) -> None:
        names = list(THEMES)
        current = names.index(self.theme) if self.theme in names else 0
        self.set_theme(names[(current + 1) % len(names)])

    def set_theme(self, name: str) -> None:
        """Use a theme, and remember it for next time."""
        if name not in THEMES:
            return
        self.theme = name
        self.notify(f"Theme: {THEMES[name]}", timeout=2)
        if self._preferences_path is None or self._preferences.theme == name:
            return
        self._preferences.theme = name
        try:
            preferences.save(self._preferences_path, self._preferences)
        except OSError as exc:
            self.notify(
                f"The theme could not be remembered: {exc.strerror or exc}",
                title="Preferences",
                severity="warning",
            )
