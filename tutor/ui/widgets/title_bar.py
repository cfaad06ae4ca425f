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
    """`course title — where`, on one line. When it does not fit, the course title is
    shortened first (to "…"), so that where the learner is stays readable."""

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

    #: the shortest the course title is cut to before "where" is cut instead
    MIN_TITLE = 12

    def __init__(self, title: str, where: str = "") -> None:
        self._title = plain_line(title, "bold")
        self._where = plain_line(where)
        super().__init__(self._text(width=0))  # cut to fit once it has a size

    def _text(self, width: int | None = None) -> Content:
        if not self._where.plain:
            return self._title
        width = self.content_region.width if width is None else width
        title = self._title
        room = width - len(" — ") - self._where.cell_length
        if width and title.cell_length > room:
            title = title.truncate(max(room, self.MIN_TITLE), ellipsis=True)
        return Content.assemble(title, " — ", self._where)

    def set_where(self, where: str) -> None:
        self._where = plain_line(where)
        self.update(self._text())

    def on_resize(self) -> None:
        self.update(self._text())
