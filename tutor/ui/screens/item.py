"""What the reader, quiz and drill screens share: their module, and time on task."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Footer, Header, Label, Static

from tutor.core.markdown import Doc
from tutor.core.model import Item, Module
from tutor.ui.describe import next_label
from tutor.ui.safe import one_line, plain_line
from tutor.ui.screens.base import BaseScreen, current
from tutor.ui.widgets.action_bar import ActionBar
from tutor.ui.widgets.doc_view import DocView

#: A stretch longer than this on one screen counts as this much (the learner walked away).
MAX_STRETCH = 10 * 60

#: Keys that scroll the item's text wherever the focus is (a button, usually).
_SCROLL_KEYS = ("up", "down", "pageup", "pagedown", "home", "end")


class TextScroll(VerticalScroll, can_focus=False):
    """The scrolling text of an item. It never takes the focus: the screen scrolls it.

    Focusing a container restyles everything inside it (Textual updates the styles
    of a widget's whole subtree when its focus changes), which with a long page
    mounted made every Tab cost hundreds of milliseconds.
    """


class ItemScreen(BaseScreen[None]):
    """A screen that shows one part of a module. Escape goes back to the module.

    The arrow keys, Page Up/Down, Home and End scroll the item's text unless the
    focused widget uses them (a list of answers does).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Module"),
        Binding("s", "sources", "Sources"),
        *(Binding(key, f"scroll_text('{key}')", show=False) for key in _SCROLL_KEYS),
    ]

    def __init__(self, module: Module) -> None:
        super().__init__()
        self.module = module
        self._since: float | None = None

    @on(events.Mount)
    def _started(self) -> None:
        self.sub_title = one_line(self.module.title)
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
        if current(self, self.module) and seconds >= 1:
            self.tutor.active_session.add_time(self.module.id, int(seconds))

    def action_back(self) -> None:
        self.app.pop_screen()

    def numbering(self, source: str) -> int | None:
        """A citation's number: the source's place in the module's list of sources."""
        for n, listed in enumerate(self.module.sources, start=1):
            if listed.id == source:
                return n
        return None

    @on(DocView.LinkClicked)
    def _link(self, event: DocView.LinkClicked) -> None:
        event.stop()
        self.tutor.follow_link(self.module, event.href)

    @on(DocView.CitationClicked)
    def _cited(self, event: DocView.CitationClicked) -> None:
        event.stop()
        self.action_sources(event.source)

    def action_sources(self, source: str = "") -> None:
        """The module's sources, the cited one highlighted; a web source opens after asking."""
        from tutor.ui.screens.toc import SourcesScreen

        def chosen(url: str | None) -> None:
            if url:
                self.tutor.follow_link(self.module, url)

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
    """

    #: Each view says what has the focus (`show_view`); "" turns Textual's off.
    AUTO_FOCUS = ""

    def __init__(self, module: Module, item: Item) -> None:
        super().__init__(module)
        #: the quiz or drill shown
        self.item = item
        #: which view is shown; subclasses check it before acting on a key
        self.view = "intro"

    def compose_screen(self) -> ComposeResult:
        yield Header()
        yield TextScroll(id="item-body", classes="item-body")
        yield ActionBar(id="actions")
        yield Footer(compact=True)

    @property
    def body(self) -> TextScroll:
        return self.text_scroll()

    async def show_view(
        self,
        view: str,
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
        self, intro: Doc, callout: Widget, start: str, status: Content | None = None
    ) -> None:
        """The first view: the item's title, its intro, `callout`, and Back / `start`."""
        widgets: list[Widget] = [Static(plain_line(self.item.title), classes="screen-title")]
        if intro:
            widgets.append(DocView(intro, numbering=self.numbering, classes="intro"))
        widgets.append(callout)
        await self.show_view(
            "intro",
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
        self.tutor.next_item(self.module, self.item.id)
