"""The keys of the screen, in one line at the bottom: "F1 Help  Ctrl+Q Quit  Esc Back …".

One widget (Textual's Footer makes one widget per key, and each one it replaces
stays alive through a binding to the footer, so a screen that is shown again and
again, like home, gathered hundreds of them). Clicking a key presses it.
"""

from __future__ import annotations

from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widgets import Static

KEY_STYLE = "bold $footer-key-foreground"
PALETTE_ACTIONS = ("command_palette", "app.command_palette")


class KeysBar(Static):
    """The active bindings that are shown, redrawn whenever they change."""

    DEFAULT_CSS = """
    KeysBar {
        dock: bottom;
        width: 1fr;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        link-style: none;
        link-style-hover: reverse;
        link-background-hover: transparent;
        link-color-hover: $footer-foreground;
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._changed)
        self.draw()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.draw()

    def entries(self) -> list[tuple[str, str, str, bool]]:
        """(key to press, key as shown, what it does, enabled), one per action, in order;
        the palette's key last."""
        out: list[tuple[str, str, str, bool]] = []
        palette: tuple[str, str, str, bool] | None = None
        actions: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if binding.action in PALETTE_ACTIONS:
                palette = (key, self.app.get_key_display(binding), binding.description, True)
                continue
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            out.append(
                (key, self.app.get_key_display(binding), binding.description, active.enabled)
            )
        if palette is not None:
            out.append(palette)
        return out

    def draw(self) -> None:
        parts: list[Content] = []
        for key, shown, description, enabled in self.entries():
            piece = Content.assemble(
                Content.styled(f" {shown} ", KEY_STYLE if enabled else "dim"),
                Content.styled(f"{description} ", "" if enabled else "dim"),
            )
            if enabled:
                piece = piece.stylize(Style.from_meta({"@click": f"press({key!r})"}))
            parts.append(piece)
        self.update(Content.assemble(*parts))

    def action_press(self, key: str) -> None:
        """A key clicked: press it."""
        self.app.simulate_key(key)
