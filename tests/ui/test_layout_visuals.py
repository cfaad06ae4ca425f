"""Text laid out by one widget: hanging indents, and the short "Next" label."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content

from tutor.core.model import Drill, Pos
from tutor.ui.describe import next_label
from tutor.ui.widgets.columns import Hanging


def test_wrapped_text_hangs_under_its_first_word() -> None:
    rows = [(Content("• "), Content("one two three four five six"))]
    text, height = Hanging(rows).lines(12)
    assert text.plain.splitlines() == ["• one two", "  three four", "  five six"]
    assert height == 3


def test_each_row_hangs_under_its_own_lead() -> None:
    visual = Hanging([(Content("1. "), Content("aa bb")), (Content("   → "), Content("cc dd"))])
    assert visual.lines(8)[0].plain.splitlines() == ["1. aa bb", "   → cc", "     dd"]


def test_next_button_names_the_kind_not_the_long_title() -> None:
    drill = Drill("d", "A very long drill title " * 5, (), (), Pos(Path("m.md")))
    assert next_label(drill).plain == "Next: the drill →"
