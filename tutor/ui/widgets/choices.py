"""Numbered answers to choose from, each wrapped under its first word.

Used for quiz answers and drill choices. A divider stands between two answers so
wrapped ones do not run together. The list sits in a scrolling view: moving the
highlight with the keys brings the list into that view, so every answer can be
reached without a mouse wheel (the list's own height is capped at the view's,
and it scrolls the highlighted answer into sight itself).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tutor.ui.widgets.columns import Hanging


def numbered(n: int, text: Content, mark: Content | None = None) -> Hanging:
    """ "2. text" (after `mark`, if given), the text hanging under its first word."""
    lead = Content.styled(f"{n}. ", "bold")
    return Hanging([(Content.assemble(mark, lead) if mark is not None else lead, text)])


class ChoiceList(OptionList):
    """Answers `(id, text)`, numbered from 1 in the order given."""

    DEFAULT_CSS = """
    ChoiceList {
        height: auto;
    }
    """

    def __init__(self, answers: Iterable[tuple[str, Content]], *, id: str | None = None) -> None:
        self.answers = dict(answers)
        options: list[Option | None] = []
        for n, key in enumerate(self.answers, start=1):
            if n > 1:
                options.append(None)  # a divider
            options.append(Option(self.prompt_for(n, key), id=key))
        super().__init__(*options, id=id)

    def prompt_for(self, n: int, key: str) -> Hanging:
        """What answer number `n` shows."""
        return numbered(n, self.answers[key])

    def bring_into_view(self) -> None:
        """Scroll the view around the list so the list (and its highlight) is in sight.

        Only for the learner's keys: not for the first highlight, set as the list is
        made, while the top of the view (the feedback) matters most.
        """
        if self.has_focus:
            self.call_after_refresh(self.scroll_visible, animate=False)

    def action_cursor_up(self) -> None:
        super().action_cursor_up()
        self.bring_into_view()

    def action_cursor_down(self) -> None:
        super().action_cursor_down()
        self.bring_into_view()

    def action_page_up(self) -> None:
        super().action_page_up()  # type: ignore[no-untyped-call]
        self.bring_into_view()

    def action_page_down(self) -> None:
        super().action_page_down()  # type: ignore[no-untyped-call]
        self.bring_into_view()

    def action_first(self) -> None:
        super().action_first()
        self.bring_into_view()

    def action_last(self) -> None:
        super().action_last()
        self.bring_into_view()


TICKED = Content.styled("[x] ", "bold $text-success")
UNTICKED = Content.styled("[ ] ", "dim")


class TickList(ChoiceList):
    """For "select all that apply": click, Enter or Space ticks and unticks an answer.

    Textual's SelectionList cuts long answers short with an ellipsis; this one wraps
    them, like the single-choice list, and shows a plain [x] / [ ] box in front.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "select", "Tick", show=False),
    ]

    def __init__(self, answers: Iterable[tuple[str, Content]], *, id: str | None = None) -> None:
        self.ticked: set[str] = set()
        super().__init__(answers, id=id)

    def prompt_for(self, n: int, key: str) -> Hanging:
        return numbered(n, self.answers[key], TICKED if key in self.ticked else UNTICKED)

    def toggle(self, key: str) -> None:
        """Tick an answer, or untick it if it was ticked."""
        if key not in self.answers:
            return
        self.ticked ^= {key}
        n = list(self.answers).index(key) + 1
        self.replace_option_prompt(key, self.prompt_for(n, key))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.toggle(event.option.id)
