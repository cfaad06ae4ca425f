"""The command palette (Ctrl+P): the app's own commands, and nothing for developers.

Textual's own commands (screenshots, the keys panel, maximising a widget) mean
nothing to a learner, so the app offers only these, in this order: continue,
go to each module, profile, certificate, evaluation, about the course, theme,
help and quit. Titles are shown as plain Content, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.message import Message

from tutor.ui import messages as msg
from tutor.ui.safe import one_line
from tutor.ui.themes import THEMES

PREFIX = "Go to module: "


class UseTheme(Message):
    """The learner chose a theme in the palette."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class TutorCommands(Provider):
    """Every command the learner can run from the palette."""

    def _entries(self) -> list[tuple[str, str, Callable[[], object]]]:
        """(title, help, what it does)."""
        from tutor.ui.screens.base import SessionScreen

        screen = self.screen
        post = screen.post_message
        out: list[tuple[str, str, Callable[[], object]]] = []
        if isinstance(screen, SessionScreen):
            session = screen.session
            course = session.course
            out.append(
                (
                    "Continue",
                    "The next thing to do in the course",
                    partial(post, msg.ContinueCourse()),
                )
            )
            for n, module in enumerate(course.modules, start=1):
                out.append(
                    (
                        f"{PREFIX}{n}. {one_line(module.title)}",
                        "Open this module's overview",
                        partial(post, msg.OpenModule(module.id)),
                    )
                )
            out.append(
                (
                    "Profile and progress",
                    "Your name, CME details and progress",
                    partial(post, msg.OpenProfile()),
                )
            )
            certificate = "Certificate and credit" if course.offers_credit else "Certificate"
            out.append(
                (
                    certificate,
                    "Your certificate, once the course is done",
                    partial(post, msg.OpenCertificate()),
                )
            )
            if course.evaluation and session.progress.evaluation is None:
                out.append(
                    (
                        "Course evaluation",
                        "Tell the course team what you thought",
                        partial(post, msg.OpenEvaluation()),
                    )
                )
            out.append(
                (
                    "About this course",
                    "What it covers, who made it, what you receive",
                    partial(post, msg.OpenWelcome()),
                )
            )
        for name, label in THEMES.items():
            out.append(
                (
                    f"Theme: {label}",
                    "Change the colours (remembered)",
                    partial(post, UseTheme(name)),
                )
            )
        out.append(
            ("Help", "How to get around, and the keys", partial(self.app.run_action, "app.help"))
        )
        out.append(
            ("Quit", "Close tutor; everything is saved", partial(self.app.run_action, "app.quit"))
        )
        return out

    async def discover(self) -> Hits:
        for title, help_text, run in self._entries():
            yield DiscoveryHit(Content(title), run, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self._entries():
            score = matcher.match(title)
            if score > 0:
                # matcher.highlight() would parse the title as markup: build Content instead.
                yield Hit(score, Content(title), run, text=title, help=help_text)
