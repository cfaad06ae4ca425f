"""The line at the top of every screen: the course's title and where the learner is.

Not Textual's Header: a Header watches the app's title, and those watchers keep
every screen that ever composed one alive (a page turn after a few passes through
the course would walk hundreds of dead widgets). This one is drawn once, from
what its screen gives it.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tutor.ui.safe import plain_line


class TitleBar(Static):
    """`course title — where`, on one line, cut short with "…" when it does not fit."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 1fr;
        height: 1;
        background: $panel;
        color: $foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        padding: 0 1;
    }
    """

    def __init__(self, title: str, where: str = "") -> None:
        super().__init__(self._text(title, where))
        self._title = title

    @staticmethod
    def _text(title: str, where: str) -> Content:
        head = plain_line(title, "bold")
        return Content.assemble(head, " — ", plain_line(where)) if where else head

    def set_where(self, where: str) -> None:
        self.update(self._text(self._title, where))
