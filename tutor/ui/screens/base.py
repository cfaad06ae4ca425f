"""What every screen shares: the "terminal too small" notice, the keys on every footer,
and (for screens of a course) the Session they are given."""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar, cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

from tutor.core.session import Session
from tutor.ui.widgets.title_bar import TitleBar
from tutor.ui.widgets.too_small import TooSmall, fit

T = TypeVar("T")

#: First in every footer, so they stay visible however narrow the terminal is.
ALWAYS: list[BindingType] = [
    Binding("f1", "app.help", "Help"),
    Binding("question_mark", "app.help", "Help", show=False),
    Binding("ctrl+q", "app.quit", "Quit", priority=True),
]


class _Shared:
    """What full screens and dialogs both do. Subclasses write `compose_screen`.

    BINDINGS live on the Screen subclasses below: Textual merges bindings only
    from DOMNode classes in the MRO.
    """

    #: Shown on the help screen: a sentence on what this screen is for.
    HELP: ClassVar[str | None] = ""

    def compose(self) -> ComposeResult:
        yield TooSmall()
        yield from self.compose_screen()

    def on_resize(self, event: events.Resize) -> None:
        fit(cast(Screen[Any], self), event.size)

    def compose_screen(self) -> ComposeResult:
        yield from ()


class BaseScreen(_Shared, Screen[T], Generic[T]):
    """A full screen."""

    BINDINGS: ClassVar[list[BindingType]] = ALWAYS


class BaseModal(_Shared, ModalScreen[T], Generic[T]):
    """A dialog over the current screen, answering with `dismiss(value)`."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = ALWAYS


class SessionScreen(BaseScreen[T], Generic[T]):
    """A full screen of the course, working on the Session it is given.

    `place()` says where "exactly where you were" is while this screen is on top:
    the session records it whenever the screen is shown, so the next launch opens
    there.
    """

    #: What the title bar says after the course's title.
    WHERE: ClassVar[str] = ""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def title_bar(self, where: str = "") -> TitleBar:
        return TitleBar(self.session.course.title, where or self.WHERE)

    def place(self) -> tuple[str, str] | None:
        """(module id, item id) to resume at while this screen is shown ("" module: home);
        None leaves the place as it is (a form, say)."""
        return None

    @on(events.ScreenResume)
    def _record_place(self) -> None:
        # Screens come and go in a burst (Continue pops to home, then pushes a module and
        # a page): only the one still on top when its turn comes says where the learner is.
        place = self.place()
        if place is not None and self.app.screen is self:
            self.session.visit(*place)
