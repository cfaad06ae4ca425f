"""Reading a module: one page at a time, with next/previous, contents and links."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Label

from tutor.core.model import Module, Page
from tutor.core.session import Session
from tutor.ui import messages as msg
from tutor.ui.describe import next_label
from tutor.ui.screens.item import ItemScreen, TextScroll
from tutor.ui.screens.toc import ContentsScreen, LinksScreen
from tutor.ui.widgets.doc_view import DocView
from tutor.ui.widgets.keys_bar import KeysBar
from tutor.ui.widgets.title_bar import TitleBar


class ReaderScreen(ItemScreen):
    """One page of a module, drawn by one DocView."""

    HELP = (
        "Read the page, scrolling with the arrow keys, Page Up/Down or the mouse wheel. "
        "Next and Previous (or → and ←) turn pages; Contents jumps to any part of the "
        "module. A number in brackets, like [2], is a source: click it, or press S, to "
        "see the sources. Links to web sites open only after you confirm; a link to "
        "another part of the course opens over this page, and Escape comes back here."
    )

    CSS_PATH: ClassVar[list[str | PurePath]] = ["item.tcss", "reading.tcss"]

    #: Enter turns the page; the arrow keys scroll it (see ItemScreen).
    AUTO_FOCUS = "#next"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,n", "next", "Next", priority=True),
        Binding("left,p", "previous", "Previous", priority=True, show=False),
        Binding("t", "contents", "Contents"),
        Binding("l", "links", "Links"),
    ]

    def __init__(
        self,
        session: Session,
        module: Module,
        page: Page,
        *,
        anchor: str = "",
        via_link: bool = False,
    ) -> None:
        super().__init__(session, module, page)
        self.page = page
        self._anchor = anchor
        #: opened from a link: Escape (and "← Back") go back to where the link was
        self.via_link = via_link

    def where(self) -> str:
        number = self.module.pages.index(self.page) + 1
        return f"{super().where()} (page {number} of {len(self.module.pages)})"

    def compose_screen(self) -> ComposeResult:
        yield self.title_bar(self.where())
        with TextScroll(id="page-scroll"):
            yield DocView(id="page", numbering=self.numbering)
        with Horizontal(id="page-nav"):
            if self.via_link:
                yield Button("← Back", id="link-back")
            yield Button("← Previous", id="previous")
            yield Label(id="page-number")
            yield Button("Contents", id="contents")
            yield Button("Next →", id="next", variant="primary")
        yield KeysBar()

    def place(self) -> tuple[str, str]:
        return (self.module.id, self.page.id)

    async def on_mount(self) -> None:
        await self.show_page(self.page, self._anchor)

    async def turn_to(self, page: Page, anchor: str = "") -> None:
        """The learner goes to `page`: the session records it as read, then it is shown."""
        self.session.view_page(self.module.id, page.id)
        await self.show_page(page, anchor)

    async def show_page(self, page: Page, anchor: str = "") -> None:
        """Draw `page` (scrolled to `anchor`, if given)."""
        self.page = page
        self.item = page
        pages = self.module.pages
        number = pages.index(page) + 1
        self.query_one("#page-number", Label).update(
            Content.styled(f"page {number} of {len(pages)}", "bold")
        )
        self.query_one(TitleBar).set_where(self.where())
        self.query_one("#previous", Button).disabled = number == 1
        self.query_one("#next", Button).label = self._next_label(page)
        self.query_one("#page", DocView).show(page.doc)
        self.text_scroll().scroll_home(animate=False)
        if anchor:
            self.call_after_refresh(self.scroll_to_anchor, anchor)
        focused = self.focused
        if focused is None or focused.disabled:  # e.g. Previous, back on the first page
            self.query_one("#next", Button).focus()
        self.refresh_bindings()

    def _next_label(self, page: Page) -> Content:
        items = self.module.items
        index = items.index(page)
        if index + 1 >= len(items):
            return Content("Done →")
        return next_label(items[index + 1])

    def scroll_to_anchor(self, anchor: str) -> None:
        """Scroll the heading `anchor` names (as the parser names it) to the top."""
        if not anchor or anchor == self.page.id:
            return
        view = self.query_one("#page", DocView)
        line = view.anchor_line(anchor)
        if line is not None:
            scroll = self.text_scroll()
            scroll.scroll_to(y=view.virtual_region.y + line, animate=False)

    # -- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "previous":
            return self.module.pages.index(self.page) > 0 or None
        if action == "links":
            return bool(self.page.links)
        return True

    @on(Button.Pressed, "#next")
    async def action_next(self) -> None:
        items = self.module.items
        index = items.index(self.page)
        following = items[index + 1] if index + 1 < len(items) else None
        if isinstance(following, Page):
            await self.turn_to(following)
        else:
            self.post_message(msg.ItemFinished(self.module.id, self.page.id))

    @on(Button.Pressed, "#previous")
    async def action_previous(self) -> None:
        pages = self.module.pages
        index = pages.index(self.page)
        if index > 0:
            await self.turn_to(pages[index - 1])

    @on(Button.Pressed, "#link-back")
    def _link_back(self) -> None:
        self.action_back()

    @on(Button.Pressed, "#contents")
    def action_contents(self) -> None:
        def chosen(item_id: str | None) -> None:
            if item_id:
                self.go(item_id)

        self.app.push_screen(ContentsScreen(self.module, self.page.id), chosen)

    def action_links(self) -> None:
        def chosen(href: str | None) -> None:
            if href:
                self.post_message(msg.FollowLink(self.module.id, href))

        links = self.page.links
        if links:
            self.app.push_screen(LinksScreen(links), chosen)

    def go(self, item_id: str, anchor: str = "") -> None:
        """Go to an item of this module: a heading on this page, another page, or away.

        Page changes run one at a time (`exclusive`), so two quick clicks cannot
        leave two page turns racing.
        """
        item = self.module.item(item_id)
        if item is self.page and anchor:
            self.scroll_to_anchor(anchor)
        elif isinstance(item, Page):
            self.run_worker(self.turn_to(item, anchor), exclusive=True, group="page")
        elif item is not None:
            self.post_message(msg.OpenItem(self.module.id, item_id, replace=True))
