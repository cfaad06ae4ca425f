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
from textual.message import Message
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
        # Nothing highlighted until the learner moves: nothing looks chosen before they choose.
        self.highlighted = None

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


CHOSEN = Content.styled("(•) ", "bold $text-success")
NOT_CHOSEN = Content.styled("( ) ", "dim")


class PickOne(ChoiceList):
    """One answer of several, kept until changed (an evaluation rating, say).

    Nothing is chosen, or highlighted, until the learner chooses: the chosen answer
    shows "(•)", the others "( )", so the choice reads without colour. Click, Enter,
    Space or the answer's number chooses.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "select", "Choose", show=False),
        *(Binding(str(n), f"pick({n})", f"Choose {n}", show=False) for n in range(1, 10)),
    ]

    class Changed(Message):
        """The learner chose an answer."""

        def __init__(self, picker: PickOne, key: str) -> None:
            super().__init__()
            self.picker = picker
            self.key = key

        @property
        def control(self) -> PickOne:
            return self.picker

    def __init__(self, answers: Iterable[tuple[str, Content]], *, id: str | None = None) -> None:
        self.chosen: str | None = None
        super().__init__(answers, id=id)

    def action_pick(self, number: int) -> None:
        keys = list(self.answers)
        if 1 <= number <= len(keys):
            self.highlighted = self.get_option_index(keys[number - 1])
            self.choose(keys[number - 1])

    def prompt_for(self, n: int, key: str) -> Hanging:
        return numbered(n, self.answers[key], CHOSEN if key == self.chosen else NOT_CHOSEN)

    def choose(self, key: str) -> None:
        if key not in self.answers:
            return
        before, self.chosen = self.chosen, key
        keys = list(self.answers)
        for changed in (before, key):
            if changed is not None:
                self.replace_option_prompt(
                    changed, self.prompt_for(keys.index(changed) + 1, changed)
                )
        self.post_message(self.Changed(self, key))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.choose(event.option.id)
