"""A module's overview: objectives, its pages, quiz and drills, and how far the learner is."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from tutor.core.model import Item, Module
from tutor.core.session import Session
from tutor.ui import messages as msg
from tutor.ui.describe import item_done, item_kind, item_note, item_title, status_content
from tutor.ui.safe import one_line, plain_line
from tutor.ui.screens.base import SessionScreen
from tutor.ui.widgets.columns import Columns, Hanging
from tutor.ui.widgets.keys_bar import KeysBar

#: The widest note ("quiz · passed · best 100%") before it is cut short.
NOTE_WIDTH = 30


def item_row(number: int, item: Item, done: bool, note: str) -> Columns:
    """One page, quiz or drill in the module's list: done mark, number, title, note."""
    mark = Content.styled("✓", "$text-success") if done else Content.styled("·", "dim")
    kind = item_kind(item)
    text = f"{kind} · {note}" if note else kind
    return Columns(
        [
            (mark, 2),
            (Content.styled(f"{number}.", "dim"), 4),
            (plain_line(item_title(item)), None),
            (Content.styled(text, "dim"), min(len(text) + 2, NOTE_WIDTH)),
        ]
    )


class ModuleScreen(SessionScreen[None]):
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
        Binding("escape", "back", "Back"),
        Binding("c", "continue", "Continue"),
        Binding("x", "reset", "Reset module"),
    ]

    def __init__(self, session: Session, module: Module, *, root: bool = False) -> None:
        super().__init__(session)
        self.module = module
        #: True in `tutor preview`, where the module is the first screen and nothing is below
        self.root = root

    def compose_screen(self) -> ComposeResult:
        module = self.module
        yield self.title_bar(one_line(module.title))
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
            yield OptionList(id="items")
            with Horizontal(classes="button-row"):
                yield Button("Continue", id="continue", variant="primary")
                yield Button("Reset this module…", id="reset")
                if not self.root:
                    yield Button("Back", id="back")
        yield KeysBar()

    def place(self) -> tuple[str, str]:
        return (self.module.id, "")

    def on_mount(self) -> None:
        self.query_one("#items", OptionList).add_options(
            Option(self._row(n, item), id=item.id)
            for n, item in enumerate(self.module.items, start=1)
        )
        self.refresh_view()
        self.query_one("#continue", Button).focus(scroll_visible=False)

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def _row(self, number: int, item: Item) -> Columns:
        session = self.session
        return item_row(
            number,
            item,
            item_done(session, self.module, item),
            item_note(session, self.module, item),
        )

    def refresh_view(self) -> None:
        session = self.session
        module = self.module
        done = sum(item_done(session, module, i) for i in module.items)
        self.query_one("#module-status", Static).update(
            Content.assemble(
                f"{module.minutes} min · ",
                status_content(session.module_status(module.id)),
                f" · {done} of {len(module.items)} parts done",
            )
        )
        items = self.query_one("#items", OptionList)
        for n, item in enumerate(module.items, start=1):
            items.replace_option_prompt(item.id, self._row(n, item))
        target = self._continue_target()
        button = self.query_one("#continue", Button)
        if target is None:
            button.label = Content("Continue with the course")
        else:
            label = "Start" if not session.progress.modules.get(module.id) else "Continue"
            button.label = Content.assemble(f"{label}: ", plain_line(item_title(target)))

    def _continue_target(self) -> Item | None:
        """The first part of this module not done yet; None once every part is done."""
        return next(
            (item for item in self.module.items if not item_done(self.session, self.module, item)),
            None,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return not self.root
        return True

    def action_focus_list(self) -> None:
        """Down from the buttons goes to the list, as people expect."""
        items = self.query_one("#items", OptionList)
        items.focus()
        if items.highlighted is None:
            items.highlighted = 0

    @on(OptionList.OptionSelected, "#items")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(msg.OpenItem(self.module.id, event.option.id))

    @on(Button.Pressed, "#continue")
    def action_continue(self) -> None:
        target = self._continue_target()
        if target is not None:
            self.post_message(msg.OpenItem(self.module.id, target.id))
        elif not self.root:
            self.post_message(msg.ContinueCourse())

    @on(Button.Pressed, "#reset")
    def action_reset(self) -> None:
        from tutor.ui.screens.home import confirm_reset_module

        confirm_reset_module(self, self.module)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        if not self.root:
            self.app.pop_screen()
