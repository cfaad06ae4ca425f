"""A module's overview: objectives, its pages, quiz and drills, and how far the learner is."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Header, Label, ListView, Static

from tutor.core.model import Item, Module
from tutor.ui.describe import item_done, item_kind, item_note, item_title, status_content
from tutor.ui.safe import plain_line
from tutor.ui.screens.base import BaseScreen, current
from tutor.ui.widgets.columns import ColumnsRow, Hanging


class ItemRow(ColumnsRow):
    """One page, quiz or drill in the module's list (one widget inside)."""

    #: The widest note ("quiz · best 100%, pass mark 80%") before it is cut short.
    NOTE_WIDTH = 34

    def __init__(self, number: int, item: Item) -> None:
        super().__init__(classes="item-row")
        self.item = item
        self.number = number

    def set_state(self, done: bool, note: str) -> None:
        mark = Content.styled("✓", "$text-success") if done else Content.styled("·", "dim")
        kind = item_kind(self.item)
        text = f"{kind} · {note}" if note else kind
        self.show(
            [
                (mark, 2),
                (Content.styled(f"{self.number}.", "dim"), 4),
                (plain_line(item_title(self.item)), None),
                (Content.styled(text, "dim"), min(len(text) + 2, self.NOTE_WIDTH)),
            ]
        )


class ModuleScreen(BaseScreen[None]):
    """What a module holds, in order; open any part of it."""

    HELP = (
        "A module is a few pages to read, then a quiz and practice drills. Work through "
        "them in order, or open any part from the list."
    )

    #: Start on Continue. (Textual's default would first focus the scrolling view,
    #: and moving the focus off a container restyles everything inside it.)
    AUTO_FOCUS = "#continue"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "focus_list", "Down to the list", show=False),
        Binding("escape", "back", "Modules"),
        Binding("c", "continue", "Continue"),
        Binding("x", "reset", "Reset module"),
    ]

    def __init__(self, module: Module, *, root: bool = False) -> None:
        super().__init__()
        self.module = module
        #: True in `tutor preview`, where the module is the first screen and nothing is below
        self.root = root

    def compose_screen(self) -> ComposeResult:
        module = self.module
        yield Header()
        with VerticalScroll(id="module-view", classes="screen-body"):
            yield Static(plain_line(module.title), classes="screen-title")
            yield Static(id="module-status")
            if module.objectives:
                yield Label("By the end you will be able to:", markup=False, classes="subtle")
                yield Static(
                    Hanging((Content("• "), plain_line(o)) for o in module.objectives),
                    id="objectives",
                )
            yield Label("In this module", classes="section-title", markup=False)
            yield ListView(
                *(ItemRow(n, item) for n, item in enumerate(module.items, start=1)), id="items"
            )
            with Horizontal(classes="button-row"):
                yield Button("Continue", id="continue", variant="primary")
                yield Button("Reset this module…", id="reset")
                if not self.root:
                    yield Button("Back to modules", id="back")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = plain_line(self.module.title).plain
        self.refresh_view()
        self.query_one("#continue", Button).focus(scroll_visible=False)

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        if not current(self, self.module):
            return
        session = self.tutor.active_session
        module = self.module
        done = sum(item_done(session, module, i) for i in module.items)
        self.query_one("#module-status", Static).update(
            Content.assemble(
                f"{module.minutes} min · ",
                status_content(session.module_status(module.id)),
                f" · {done} of {len(module.items)} parts done",
            )
        )
        for row in self.query(ItemRow):
            row.set_state(
                item_done(session, module, row.item), item_note(session, module, row.item)
            )
        target = self._continue_target()
        label = "Start" if not session.progress.modules.get(module.id) else "Continue"
        button = self.query_one("#continue", Button)
        button.label = (
            Content.assemble(f"{label}: ", plain_line(item_title(target)))
            if target is not None
            else Content(label)
        )

    def _continue_target(self) -> Item | None:
        session = self.tutor.active_session
        position = session.resume()
        if position.module == self.module.id and position.item:
            item = self.module.item(position.item)
            if item is not None:
                return item
        for item in self.module.items:
            if not item_done(session, self.module, item):
                return item
        return self.module.items[0] if self.module.items else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return not self.root
        return True

    def action_focus_list(self) -> None:
        """Down from the buttons goes to the list, as people expect."""
        self.query_one("#items", ListView).focus()

    @on(ListView.Selected, "#items")
    def _open(self, event: ListView.Selected) -> None:
        if isinstance(event.item, ItemRow):
            self.tutor.open_item(self.module.id, event.item.item.id)

    @on(Button.Pressed, "#continue")
    def action_continue(self) -> None:
        target = self._continue_target()
        if target is not None:
            self.tutor.open_item(self.module.id, target.id)

    @on(Button.Pressed, "#reset")
    def action_reset(self) -> None:
        from tutor.ui.screens.home import confirm_reset_module

        confirm_reset_module(self, self.module)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        if not self.root:
            self.app.pop_screen()
