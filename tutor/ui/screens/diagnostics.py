"""A module that cannot be shown: its lint diagnostics, with file:line:col (for `tutor preview`)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tutor.core.diagnostics import Diagnostic
from tutor.ui.safe import plain_line
from tutor.ui.screens.base import BaseScreen
from tutor.ui.widgets.keys_bar import KeysBar
from tutor.ui.widgets.title_bar import TitleBar


def diagnostic_content(d: Diagnostic) -> Content:
    style = "bold $text-error" if d.is_error else "bold $text-warning"
    head = Content.assemble(
        plain_line(f"{d.file}:{d.line}:{d.col}", "bold"),
        "  ",
        Content.styled(f"{d.severity.value} {d.code}", style),
        "  ",
        plain_line(d.message),
    )
    if d.hint:
        head = Content.assemble(head, "\n    hint: ", plain_line(d.hint, "dim"))
    return head


class DiagnosticsScreen(BaseScreen[None]):
    """What is wrong with the file. The preview swaps it for the module once it is fixed."""

    HELP = (
        "The module has errors, so it cannot be shown. Fix them in your editor and save: "
        "the preview reloads by itself."
    )

    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(self, path: Path, diagnostics: list[Diagnostic]) -> None:
        super().__init__()
        self.path = path
        self.diagnostics = diagnostics

    def compose_screen(self) -> ComposeResult:
        errors = sum(d.is_error for d in self.diagnostics)
        yield TitleBar(self.app.title, "cannot show this module")
        with VerticalScroll(id="diagnostics-view", classes="screen-body"):
            yield Static(
                Content.assemble(
                    plain_line(self.path.name),
                    Content.styled(
                        f" has {errors} error{'s' if errors != 1 else ''}", "bold $text-error"
                    ),
                ),
                classes="screen-title",
            )
            yield Static(
                Content("Fix them in your editor and save: this preview reloads by itself."),
                classes="help-text",
            )
            for d in self.diagnostics:
                yield Static(diagnostic_content(d), classes="diagnostic")
        yield KeysBar()
