"""Pickers over a module: its table of contents, and the links on a page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from tutor.core.model import Link, Module, Page
from tutor.ui.describe import item_title
from tutor.ui.safe import plain_line
from tutor.ui.screens.base import BaseModal
from tutor.ui.widgets.keys_bar import KeysBar


class _Picker(BaseModal[str]):
    """A list to choose one entry from; Escape or Close chooses nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def __init__(self, title: str, options: list[Option], highlight: int = 0) -> None:
        super().__init__()
        self._title = title
        self._options = options
        self._highlight = highlight

    def compose_screen(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield Static(Content(self._title), classes="dialog-title")
            yield OptionList(*self._options, id="picker")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", id="close")
        yield KeysBar()

    def on_mount(self) -> None:
        picker = self.query_one("#picker", OptionList)
        picker.highlighted = self._highlight
        picker.focus()

    @on(OptionList.OptionSelected, "#picker")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.value_of(event.option))

    def value_of(self, option: Option) -> str:
        return option.id or ""

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)


class ContentsScreen(_Picker):
    """The module's pages, quiz and drills: choose one to go there."""

    HELP = "Every part of the module. Choose one with the arrow keys and Enter, or click it."

    def __init__(self, module: Module, current: str) -> None:
        options: list[Option] = []
        page_no = 0
        highlight = 0
        for index, item in enumerate(module.items):
            if isinstance(item, Page):
                page_no += 1
                label = Content.assemble(f"{page_no:>2}. ", plain_line(item.title))
            else:
                label = Content.styled(item_title(item), "bold")
            if item.id == current:
                highlight = index
                label = Content.assemble(label, Content.styled("  (you are here)", "dim"))
            options.append(Option(label, id=item.id))
        super().__init__("Contents of this module", options, highlight)


class LinksScreen(_Picker):
    """The links on the current page, for those who prefer the keyboard."""

    HELP = "The links on this page. Links within the course go there; a web link asks first."

    def __init__(self, links: Sequence[Link]) -> None:
        options = [
            Option(
                Content.assemble(plain_line(link.text), "\n   ", plain_line(link.href, "dim")),
                id=f"{n}:{link.href}",
            )
            for n, link in enumerate(links)
        ]
        super().__init__("Links on this page", options)

    def value_of(self, option: Option) -> str:
        return (option.id or "").partition(":")[2]


class SourcesScreen(_Picker):
    """The module's sources, numbered as citations show them."""

    HELP = (
        "The sources this module cites, numbered as the text shows them. "
        "Choose one with a web address to open it in your browser (you are asked first)."
    )

    def __init__(self, module: Module, cited: str = "") -> None:
        options: list[Option] = []
        highlight = 0
        for n, source in enumerate(module.sources):
            if source.id == cited:
                highlight = n
            if source.url:
                where = plain_line(source.url, "dim")
            elif source.print_only:
                where = Content.styled("in print; no web address", "dim")
            else:
                where = Content.styled("no web address", "dim")
            label = Content.assemble(
                Content.styled(f"[{n + 1}] ", "bold"), plain_line(source.title), "\n    ", where
            )
            options.append(Option(label, id=f"{n}:{source.url}"))
        super().__init__("Sources of this module", options, highlight)

    def value_of(self, option: Option) -> str:
        return (option.id or "").partition(":")[2]
