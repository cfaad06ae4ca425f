"""Words for what the session knows: module status, where "Continue" goes."""

from __future__ import annotations

import msgspec
from textual.content import Content

from tutor.core import completion
from tutor.core.completion import ModuleStatus
from tutor.core.model import Drill, Item, Module, Page, Quiz
from tutor.core.progress.model import ModuleProgress, Position
from tutor.core.session import Session
from tutor.ui.safe import one_line, percent

ICONS = {"not started": "○", "in progress": "◐", "done": "●", "passed": "●"}
STYLES = {
    "not started": "$text-muted",
    "in progress": "$text-warning",
    "done": "$text-success",
    "passed": "$text-success",
}


def status_text(status: ModuleStatus) -> str:
    if status.state == "passed":
        return f"passed {percent(status.score)}"
    return status.state


def status_content(status: ModuleStatus) -> Content:
    """ "● passed 100%", coloured by state."""
    return Content.styled(f"{ICONS[status.state]} {status_text(status)}", STYLES[status.state])


def item_kind(item: Item) -> str:
    if isinstance(item, Page):
        return "page"
    if isinstance(item, Quiz):
        return "quiz"
    return "drill"


def item_title(item: Item) -> str:
    """How an item is named in lists and buttons: "Who sees a post", "Quiz", "Drill: …"."""
    if isinstance(item, Drill):
        return f"Drill: {one_line(item.title)}"
    return one_line(item.title)


def next_label(item: Item) -> Content:
    """A short label for a button that goes on to `item`: "Next: the drill →".

    Short, because it shares a row of buttons; the item's own title is on its screen.
    """
    if isinstance(item, Page):
        return Content("Next →")
    return Content(f"Next: the {item_kind(item)} →")


def page_number(module: Module, page: Page) -> tuple[int, int]:
    pages = module.pages
    return pages.index(page) + 1, len(pages)


def drill_finished(module: Module, mp: ModuleProgress | None, drill: Drill) -> bool:
    """Whether `drill` counts as finished, by the core's drills rule applied to it alone."""
    return completion.drills_done(msgspec.structs.replace(module, items=(drill,)), mp)


def item_done(session: Session, module: Module, item: Item) -> bool:
    """Whether `item` counts towards completing `module`, by tutor.core.completion's rules."""
    mp = session.progress.modules.get(module.id)
    if mp is None:
        return False
    if isinstance(item, Page):
        return completion.pages_done(msgspec.structs.replace(module, items=(item,)), mp)
    if isinstance(item, Quiz):
        return completion.quiz_passed(session.course, module, mp)
    return drill_finished(module, mp, item)


def item_note(session: Session, module: Module, item: Item) -> str:
    """A short note beside an item: "read", "best 67%, pass mark 80%", "finished"."""
    mp = session.progress.modules.get(module.id)
    if isinstance(item, Page):
        return "read" if item_done(session, module, item) else ""
    if isinstance(item, Quiz):
        mark = percent(session.course.passing_score)
        best = completion.best_score(mp)
        if session.current_attempt(module.id) is not None:
            return "in progress"
        if best is None:
            return f"pass mark {mark}"
        if item_done(session, module, item):
            return f"passed · best {percent(best)}"
        return f"best {percent(best)} · need {mark}"
    runs = mp.runs_of(item.id) if mp is not None else []
    if drill_finished(module, mp, item):
        best = max(r.score for r in runs if r.finished is not None)
        return f"done · best {percent(best)}"
    return "in progress" if runs else ""


def where(session: Session, position: Position) -> str:
    """Where a position is, in words: "First steps › page 2 of 3: Who sees a post"."""
    module = session.course.module(position.module)
    if module is None:
        return ""
    head = one_line(module.title)
    item = module.item(position.item) if position.item else None
    if isinstance(item, Page):
        n, m = page_number(module, item)
        return f"{head} › page {n} of {m}: {one_line(item.title)}"
    if isinstance(item, Quiz):
        question = item.question(position.step) if position.step else None
        if question is not None and session.current_attempt(module.id) is not None:
            n = item.questions.index(question) + 1
            return f"{head} › quiz, question {n} of {len(item.questions)}"
        return f"{head} › quiz"
    if isinstance(item, Drill):
        return f"{head} › {one_line(item.title)}"
    return head
