"""What the reader, quiz and drill screens share: their module, and time on task."""

from __future__ import annotations

import time
from collections.abc import Iterable
from enum import Enum
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Label, Static

from tutor.core.markdown import Doc
from tutor.core.model import Item, Module
from tutor.core.session import Session
from tutor.ui import messages as msg
from tutor.ui.describe import item_title, next_label
from tutor.ui.safe import one_line, plain_line
from tutor.ui.screens.base import SessionScreen
from tutor.ui.widgets.action_bar import ActionBar
from tutor.ui.widgets.doc_view import DocView
from tutor.ui.widgets.keys_bar import KeysBar

#: A stretch longer than this on one screen counts as this much (the learner walked away).
MAX_STRETCH = 10 * 60

#: Keys that scroll the item's text wherever the focus is (a button, usually).
_SCROLL_KEYS = ("up", "down", "pageup", "pagedown", "home", "end")


def source_number(module: Module, source: str) -> int | None:
    """A citation's number: the source's place in the module's list of sources (from 1)."""
    for n, listed in enumerate(module.sources, start=1):
        if listed.id == source:
            return n
    return None


class TextScroll(VerticalScroll, can_focus=False):
    """The scrolling text of an item. It never takes the focus: the screen scrolls it.

    Focusing a container restyles everything inside it (Textual updates the styles
    of a widget's whole subtree when its focus changes), which with a long page
    mounted made every Tab cost hundreds of milliseconds.
    """


class ItemScreen(SessionScreen[None]):
    """A screen that shows one part of a module. Escape goes back to the module, or, for
    a part opened from a link, back to where the link was.

    The arrow keys, Page Up/Down, Home and End scroll the item's text unless the
    focused widget uses them (a list of answers does).
    """

    CSS_PATH = "item.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("s", "sources", "Sources"),
        *(Binding(key, f"scroll_text('{key}')", show=False) for key in _SCROLL_KEYS),
    ]

    def __init__(self, session: Session, module: Module, item: Item) -> None:
        super().__init__(session)
        self.module = module
        #: the page, quiz or drill shown
        self.item = item
        self._since: float | None = None

    def where(self) -> str:
        """What the title bar says after the course's title."""
        return f"{one_line(self.module.title)} › {item_title(self.item)}"

    def place(self) -> tuple[str, str]:
        return (self.module.id, self.item.id)

    @on(events.Mount)
    def _started(self) -> None:
        self._since = time.monotonic()

    def on_screen_resume(self) -> None:
        self._since = time.monotonic()

    def on_screen_suspend(self) -> None:
        self.record_time()

    def on_unmount(self) -> None:
        self.record_time()

    def record_time(self) -> None:
        """Add the time since the screen was shown to the module's time on task."""
        if self._since is None:
            return
        seconds = min(time.monotonic() - self._since, MAX_STRETCH)
        self._since = None
        if seconds >= 1:
            self.session.add_time(self.module.id, int(seconds))

    def action_back(self) -> None:
        self.app.pop_screen()

    def numbering(self, source: str) -> int | None:
        """A citation's number: the source's place in the module's list of sources."""
        return source_number(self.module, source)

    @on(DocView.LinkClicked)
    def _link(self, event: DocView.LinkClicked) -> None:
        event.stop()
        self.post_message(msg.FollowLink(self.module.id, event.href))

    @on(DocView.CitationClicked)
    def _cited(self, event: DocView.CitationClicked) -> None:
        event.stop()
        self.action_sources(event.source)

    def action_sources(self, source: str = "") -> None:
        """The module's sources, the cited one highlighted; a web source opens after asking."""
        from tutor.ui.screens.toc import SourcesScreen

        def chosen(url: str | None) -> None:
            if url:
                self.post_message(msg.FollowLink(self.module.id, url))

        self.app.push_screen(SourcesScreen(self.module, source), chosen)

    def text_scroll(self) -> TextScroll:
        """The container of the item's text."""
        return self.query_one(TextScroll)

    def action_scroll_text(self, key: str) -> None:
        scroll = self.text_scroll()
        action = {
            "up": scroll.action_scroll_up,
            "down": scroll.action_scroll_down,
            "pageup": scroll.action_page_up,
            "pagedown": scroll.action_page_down,
            "home": scroll.action_scroll_home,
            "end": scroll.action_scroll_end,
        }.get(key)
        if action is not None:
            action()


class ViewScreen(ItemScreen):
    """An item shown as a series of views (intro, question, feedback, results…).

    Each view has a body that scrolls and, below it, its actions in an `ActionBar`
    docked above the footer: the action ("Next question →") stays in sight however
    long the feedback is. The main action has focus, so Enter takes it, while the
    arrow keys, Page Up/Down, Home and End still scroll the body.

    Which view is shown is `view`, a member of the subclass's own Enum. The
    `show_*` methods only draw: what the learner does goes to the session first.
    """

    #: Each view says what has the focus (`show_view`); "" turns Textual's off.
    AUTO_FOCUS = ""

    def __init__(self, session: Session, module: Module, item: Item, view: Enum) -> None:
        super().__init__(session, module, item)
        #: which view is shown; subclasses check it before acting on a key
        self.view = view

    def compose_screen(self) -> ComposeResult:
        yield self.title_bar(self.where())
        yield TextScroll(id="item-body", classes="item-body")
        yield ActionBar(id="actions")
        yield KeysBar()

    @property
    def body(self) -> TextScroll:
        return self.text_scroll()

    async def show_view(
        self,
        view: Enum,
        widgets: Iterable[Widget],
        *,
        left: Iterable[Button] = (),
        status: Content | None = None,
        right: Iterable[Button] = (),
        focus: str = "",
    ) -> None:
        """Replace the body with `widgets` and the bar with `left`, `status`, `right`.

        `focus` (a selector) gets the focus.
        """
        self.view = view
        body = self.body
        bar = self.query_one("#actions", ActionBar)
        await body.remove_children()
        await bar.remove_children()
        await body.mount_all(widgets)
        lefts, rights = list(left), list(right)
        buttons = [*lefts, *rights]
        if buttons:
            await bar.mount_all(
                [*lefts, Label(status or Content(""), classes="bar-status"), *rights]
            )
        bar.set_class(not buttons, "-empty")
        body.scroll_home(animate=False)
        # Focus without scrolling: the top of the view (the feedback) matters most.
        if focus:
            self.query_one(focus).focus(scroll_visible=False)
        self.refresh_bindings()

    async def show_intro_view(
        self, view: Enum, intro: Doc, callout: Widget, start: str, status: Content | None = None
    ) -> None:
        """The first view: the item's title, its intro, `callout`, and Back / `start`."""
        widgets: list[Widget] = [Static(plain_line(self.item.title), classes="screen-title")]
        if intro:
            widgets.append(DocView(intro, numbering=self.numbering, classes="intro"))
        widgets.append(callout)
        await self.show_view(
            view,
            widgets,
            left=[Button("Back to module", id="back")],
            status=status,
            right=[Button(start, id="start", variant="primary")],
            focus="#start",
        )

    def continue_button(self, *, primary: bool = True) -> Button:
        """The button (#continue) to the module's next part, or back to the module."""
        items = self.module.items
        index = items.index(self.item)
        label = next_label(items[index + 1]) if index + 1 < len(items) else None
        return Button(
            label or Content("Back to module"),
            id="continue",
            variant="primary" if primary else "default",
        )

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.action_back()

    @on(Button.Pressed, "#continue")
    def action_continue(self) -> None:
        self.post_message(msg.ItemFinished(self.module.id, self.item.id))
