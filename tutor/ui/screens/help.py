"""Help: how to get around, and the keys of every screen (read from their bindings)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from tutor.ui.screens.base import BaseScreen
from tutor.ui.widgets.keys_bar import KeysBar
from tutor.ui.widgets.title_bar import TitleBar

GETTING_AROUND = (
    "You can use the mouse or the keyboard, whichever you like.\n"
    "• Click a button, a list entry or a key at the bottom of the screen.\n"
    "• Or press Tab to move between buttons and lists, the arrow keys (↑ ↓) to move in a "
    "list or scroll a page, and Enter to choose.\n"
    "• Esc goes back one step. Ctrl+Q quits, on every screen; you can quit at any time.\n"
    "• Everything you do is saved straight away. Next time, the app opens exactly where "
    "you left off.\n"
    "• Ctrl+P opens a search box: type part of a module's name, or a command such as "
    "Continue, Certificate or Theme.\n"
    "• Ctrl+T changes the colours (dark, light, high contrast); your choice is remembered.\n"
    "• Text too big for the window? Make the window bigger, or press Ctrl and - (minus)."
)


def _screens() -> list[tuple[str, type[Screen[Any]]]]:
    from tutor.ui.screens.drill import DrillScreen
    from tutor.ui.screens.evaluation import EvaluationScreen
    from tutor.ui.screens.home import HomeScreen
    from tutor.ui.screens.module import ModuleScreen
    from tutor.ui.screens.profile import ProfileScreen
    from tutor.ui.screens.quiz import QuizScreen
    from tutor.ui.screens.reader import ReaderScreen
    from tutor.ui.screens.records import RecordsScreen
    from tutor.ui.screens.welcome import WelcomeScreen

    return [
        ("Home", HomeScreen),
        ("About this course", WelcomeScreen),
        ("A module", ModuleScreen),
        ("Reading a page", ReaderScreen),
        ("A quiz", QuizScreen),
        ("A drill", DrillScreen),
        ("Profile and progress", ProfileScreen),
        ("Course evaluation", EvaluationScreen),
        ("Certificate", RecordsScreen),
    ]


class HelpScreen(BaseScreen[None]):
    """Keys for the screen the learner came from first, then for every other screen."""

    HELP = "This page. Press Escape or Close to go back."

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, origin: Screen[object]) -> None:
        super().__init__()
        self._origin = type(origin)
        self._origin_help = str(getattr(origin, "HELP", ""))

    def compose_screen(self) -> ComposeResult:
        yield TitleBar(self.app.title, "Help")
        with VerticalScroll(id="help-view", classes="screen-body"):
            yield Static(Content("Help"), classes="screen-title")
            yield Static(Content(GETTING_AROUND), classes="help-text")
            here = next((name for name, cls in _screens() if cls is self._origin), "")
            if here:
                yield Static(Content(f"On this screen: {here}"), classes="section-title")
                if self._origin_help:
                    yield Static(Content(self._origin_help), classes="help-text")
                yield Static(self._keys(self._origin), classes="keys")
            yield Static(Content("Everywhere"), classes="section-title")
            yield Static(self._keys(type(self.app)), classes="keys")
            for name, cls in _screens():
                if cls is not self._origin:
                    yield Static(Content(name), classes="section-title")
                    yield Static(self._keys(cls), classes="keys")
            with Horizontal(classes="button-row"):
                yield Button("Close", id="close", variant="primary")
        yield KeysBar()

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus(scroll_visible=False)

    def _keys(self, cls: type[object]) -> Content:
        rows: list[tuple[str, str]] = []
        seen: set[str] = set()
        for binding in getattr(cls, "BINDINGS", []):
            if not isinstance(binding, Binding) or binding.description in seen:
                continue
            if binding.description.startswith(("Pick ", "Choose ")) and not binding.show:
                continue  # "1-9" covers them
            if binding.action == "app.help" and not binding.show:
                continue  # "F1" says it; "?" is in the getting-around text
            seen.add(binding.description)
            rows.append((self._display(binding), binding.description))
        if not rows:
            return Content("(no keys of its own)")
        width = max(len(k) for k, _ in rows)
        return Content("\n").join(
            Content.assemble(Content.styled(k.rjust(width), "bold $accent"), "  ", d)
            for k, d in rows
        )

    def _display(self, binding: Binding) -> str:
        if binding.key_display:
            keys = [binding.key_display]
        else:
            keys = [
                self.app.get_key_display(Binding(k.strip(), binding.action))
                for k in binding.key.split(",")
            ]
        return " or ".join(keys)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.app.pop_screen()
