"""A yes-or-no box whose state reads without colour: "☑ Yes" or "☐ No", then the question.

Textual's Checkbox draws the same mark ticked and unticked and tells them apart by
colour alone, which some learners cannot see (and NO_COLOR removes).
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static


class TickBox(Static, can_focus=True):
    """Click it, or press Space or Enter while it has the focus, to change the answer."""

    DEFAULT_CSS = """
    TickBox {
        width: 1fr;
        height: auto;
        padding: 0 1;
    }
    TickBox:focus {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter", "toggle", "Change", show=False),
    ]

    value: reactive[bool] = reactive(False)

    class Changed(Message):
        def __init__(self, box: TickBox, value: bool) -> None:
            super().__init__()
            self.box = box
            self.value = value

        @property
        def control(self) -> TickBox:
            return self.box

    def __init__(self, label: Content, value: bool = False, *, id: str | None = None) -> None:
        self.label = label
        super().__init__(id=id)
        self.set_reactive(TickBox.value, value)
        self.update(self._render_state())

    def _render_state(self) -> Content:
        mark = Content.styled("☑ Yes", "bold") if self.value else Content.styled("☐ No ", "bold")
        return Content.assemble(mark, "  ", self.label)

    def watch_value(self, value: bool) -> None:
        self.update(self._render_state())
        self.post_message(self.Changed(self, value))

    def action_toggle(self) -> None:
        self.value = not self.value

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        self.action_toggle()
