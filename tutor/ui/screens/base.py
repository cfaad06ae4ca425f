"""What every screen shares: the "terminal too small" notice and a typed app handle."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

from tutor.ui.widgets.too_small import TooSmall, fit

if TYPE_CHECKING:
    from tutor.core.model import Module
    from tutor.ui.app import TutorApp

T = TypeVar("T")

#: First in every footer, so they stay visible however narrow the terminal is.
ALWAYS: list[BindingType] = [
    Binding("f1,question_mark", "app.help", "Help", key_display="F1/?"),
    Binding("ctrl+q", "app.quit", "Quit", priority=True),
]


class _Shared:
    """What full screens and dialogs both do. Subclasses write `compose_screen`.

    BINDINGS live on the Screen subclasses below: Textual merges bindings only
    from DOMNode classes in the MRO.
    """

    #: Shown on the help screen: a sentence on what this screen is for.
    HELP: ClassVar[str | None] = ""

    app: Any  # provided by Screen

    def compose(self) -> ComposeResult:
        yield TooSmall()
        yield from self.compose_screen()

    def on_resize(self, event: events.Resize) -> None:
        fit(cast(Screen[Any], self), event.size)

    def compose_screen(self) -> ComposeResult:
        yield from ()

    @property
    def tutor(self) -> TutorApp:
        from tutor.ui.app import TutorApp

        return cast(TutorApp, self.app)


class BaseScreen(_Shared, Screen[T], Generic[T]):
    """A full screen."""

    BINDINGS: ClassVar[list[BindingType]] = ALWAYS


def current(screen: BaseScreen[Any], module: Module) -> bool:
    """True while `module` is the one the app's session teaches (a preview reload replaces it)."""
    session = screen.tutor.session
    return session is not None and session.course.module(module.id) is module


class BaseModal(_Shared, ModalScreen[T], Generic[T]):
    """A dialog over the current screen, answering with `dismiss(value)`."""

    BINDINGS: ClassVar[list[BindingType]] = ALWAYS
