"""The command palette's "Go to module…" commands."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tutor.ui.safe import one_line

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp

PREFIX = "Go to module: "


class ModuleCommands(Provider):
    """One command per module. Titles are shown as plain Content, never as markup."""

    def _entries(self) -> list[tuple[str, str]]:
        app = cast("TutorApp", self.app)
        if app.session is None:  # nothing to go to yet (an untrusted file, a broken preview)
            return []
        course = app.session.course
        return [
            (f"{PREFIX}{n}. {one_line(m.title)}", m.id)
            for n, m in enumerate(course.modules, start=1)
        ]

    def _open(self, module_id: str) -> None:
        cast("TutorApp", self.app).open_module(module_id)

    async def discover(self) -> Hits:
        for text, module_id in self._entries():
            yield DiscoveryHit(Content(text), partial(self._open, module_id), text=text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, module_id in self._entries():
            score = matcher.match(text)
            if score > 0:
                # matcher.highlight() would parse the title as markup: build Content instead.
                yield Hit(score, Content(text), partial(self._open, module_id), text=text)
