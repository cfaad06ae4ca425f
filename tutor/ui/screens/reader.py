"""Reading a module: one page at a time, with next/previous, contents and links."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Footer, Header, Label

from tutor.core.model import Module, Page
from tutor.ui.describe import next_label
from tutor.ui.screens.item import ItemScreen, TextScroll
from tutor.ui.screens.toc import ContentsScreen, LinksScreen
from tutor.ui.widgets.doc_view import DocView


class ReaderScreen(ItemScreen):
    """One page of a module, shown with the Markdown widget."""

    HELP = (
        "Read the page, scrolling with the arrow keys, Page Up/Down or the mouse wheel. "
        "Next and Previous (or → and ←) turn pages; Contents jumps to any part of the "
        "module. Links to web sites open only after you confirm."
    )

    #: Enter turns the page; the arrow keys scroll it (see ItemScreen).
    AUTO_FOCUS = "#next"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,n", "next", "Next", priority=True),
        Binding("left,p", "previous", "Previous", priority=True),
        Binding("t", "contents", "Contents"),
        Binding("l", "links", "Links"),
    ]

    def __init__(self, module: Module, page: Page, *, anchor: str = "") -> None:
        super().__init__(module)
        self.page = page
        self._anchor = anchor

    def compose_screen(self) -> ComposeResult:
        yield Header()
        with TextScroll(id="page-scroll"):
            yield DocView(id="page", numbering=self.numbering)
        with Horizontal(id="page-nav"):
            yield Button("← Previous", id="previous")
            yield Label(id="page-number")
            yield Button("Contents", id="contents")
            yield Button("Next →", id="next", variant="primary")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        await self.show_page(self.page, self._anchor)

    async def show_page(self, page: Page, anchor: str = "") -> None:
        """Show `page` (scrolled to `anchor`, if given) and record that it was viewed."""
        self.page = page
        pages = self.module.pages
        number = pages.index(page) + 1
        self.query_one("#page-number", Label).update(
            Content.styled(f"page {number} of {len(pages)}", "bold")
        )
        self.query_one("#previous", Button).disabled = number == 1
        self.query_one("#next", Button).label = self._next_label(page)
        self.query_one("#page", DocView).show(page.doc)
        self.text_scroll().scroll_home(animate=False)
        if anchor:
            self.call_after_refresh(self.scroll_to_anchor, anchor)
        focused = self.focused
        if focused is None or focused.disabled:  # e.g. Previous, back on the first page
            self.query_one("#next", Button).focus()
        self.tutor.active_session.view_page(self.module.id, page.id)
        self.refresh_bindings()

    def _next_label(self, page: Page) -> Content:
        items = self.module.items
        index = items.index(page)
        if index + 1 >= len(items):
            return Content("Finish →")
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
            await self.show_page(following)
        else:
            self.tutor.next_item(self.module, self.page.id)

    @on(Button.Pressed, "#previous")
    async def action_previous(self) -> None:
        pages = self.module.pages
        index = pages.index(self.page)
        if index > 0:
            await self.show_page(pages[index - 1])

    @on(Button.Pressed, "#contents")
    def action_contents(self) -> None:
        def chosen(item_id: str | None) -> None:
            if item_id:
                self.go(item_id)

        self.app.push_screen(ContentsScreen(self.module, self.page.id), chosen)

    def action_links(self) -> None:
        def chosen(href: str | None) -> None:
            if href:
                self.tutor.follow_link(self.module, href)

        links = self.page.links
        if links:
            self.app.push_screen(LinksScreen(links), chosen)

    def go(self, item_id: str, anchor: str = "") -> None:
        """Go to an item of this module: a heading on this page, another page, or away.

        Page changes run one at a time (`exclusive`), so two quick clicks cannot
        leave two `show_page` workers racing.
        """
        item = self.module.item(item_id)
        if item is self.page and anchor:
            self.scroll_to_anchor(anchor)
        elif isinstance(item, Page):
            self.run_worker(self.show_page(item, anchor), exclusive=True, group="page")
        elif item is not None:
            screen = self.tutor.item_screen(self.module, item_id)
            if screen is not None:
                self.app.switch_screen(screen)
