"""A list of answers to tick, for "select all that apply" questions.

Textual's SelectionList cuts long answers short with an ellipsis; this one wraps
them, like the single-choice list, and shows a plain [x] / [ ] box in front.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tutor.ui.widgets.spaced import spaced

TICKED = Content.styled("[x] ", "bold $text-success")
UNTICKED = Content.styled("[ ] ", "dim")


class TickList(OptionList):
    """Click, Enter or Space ticks and unticks the highlighted answer."""

    DEFAULT_CSS = """
    TickList {
        height: auto;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "select", "Tick", show=False),
    ]

    def __init__(self, answers: Iterable[tuple[str, Content]], *, id: str | None = None) -> None:
        self._labels = dict(answers)
        self.ticked: set[str] = set()
        super().__init__(*spaced(Option(self._prompt(key), id=key) for key in self._labels), id=id)

    def _prompt(self, key: str) -> Content:
        return Content.assemble(TICKED if key in self.ticked else UNTICKED, self._labels[key])

    def toggle(self, key: str) -> None:
        """Tick an answer, or untick it if it was ticked."""
        if key not in self._labels:
            return
        self.ticked ^= {key}
        self.replace_option_prompt(key, self._prompt(key))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.toggle(event.option.id)
