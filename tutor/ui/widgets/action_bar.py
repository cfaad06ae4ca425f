"""A bar of a screen's actions, docked above the footer, so they never scroll out of sight.

Left and right move between its buttons (Tab works too), as a learner who sees a
row of buttons expects. A long button label ends in "…" rather than pushing the
other buttons off the screen.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button


class ActionBar(Horizontal):
    """The screen's buttons, in one row at the bottom. Hidden while it has none."""

    DEFAULT_CSS = """
    ActionBar {
        dock: bottom;
        height: 3;
        /* The footer is docked at the bottom too: sit on the row above it. */
        margin-bottom: 1;
        padding: 0 1;
        background: $panel;
    }
    ActionBar.-empty {
        display: none;
    }
    ActionBar > Button {
        margin: 0 1 0 0;
        min-width: 12;
        max-width: 60%;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    ActionBar > .bar-status {
        width: 1fr;
        height: 3;
        content-align: center middle;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Previous button", show=False),
        Binding("right", "move(1)", "Next button", show=False),
    ]

    def buttons(self) -> list[Button]:
        return [b for b in self.query_children(Button) if b.display and not b.disabled]

    def action_move(self, step: int) -> None:
        buttons = self.buttons()
        focused = self.screen.focused
        if not buttons or focused not in buttons:
            return
        index = buttons.index(focused) + step
        if 0 <= index < len(buttons):
            buttons[index].focus()
