"""Pickers over a module: its table of contents, and the links on a page."""

from __future__ import annotations

from functools import cache
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Footer, OptionList, Static
from textual.widgets.option_list import Option

from tutor.core.model import Module, Page
from tutor.ui.describe import item_title
from tutor.ui.safe import plain_line
from tutor.ui.screens.base import BaseModal
from tutor.ui.widgets.lesson_markdown import lesson_parser


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
        yield Footer(compact=True)

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


@cache
def _links(markdown: str) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    for token in lesson_parser().parse(markdown):
        children = token.children or []
        for i, child in enumerate(children):
            if child.type != "link_open":
                continue
            href = str(child.attrs.get("href", ""))
            text = []
            for inner in children[i + 1 :]:
                if inner.type == "link_close":
                    break
                text.append(inner.content)
            found.append(("".join(text).strip() or href, href))
    return tuple(found)


def page_links(page: Page) -> tuple[tuple[str, str], ...]:
    """(text, href) of every link on a page, in reading order."""
    return _links(page.markdown)


class LinksScreen(_Picker):
    """The links on the current page, for those who prefer the keyboard."""

    HELP = "The links on this page. Links within the course go there; a web link asks first."

    def __init__(self, links: tuple[tuple[str, str], ...]) -> None:
        options = [
            Option(
                Content.assemble(plain_line(text), "\n   ", plain_line(href, "dim")),
                id=f"{n}:{href}",
            )
            for n, (text, href) in enumerate(links)
        ]
        super().__init__("Links on this page", options)

    def value_of(self, option: Option) -> str:
        return (option.id or "").partition(":")[2]
