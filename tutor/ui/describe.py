"""Words for what the session knows: module status, where "Continue" goes, the course's time."""

from __future__ import annotations

from textual.content import Content

from tutor.core import completion
from tutor.core.completion import ModuleStatus
from tutor.core.model import Course, Drill, Item, Module, Page, Quiz
from tutor.core.progress.model import Position
from tutor.core.session import Session
from tutor.ui.safe import one_line, percent

ICONS = {"not started": "○", "in progress": "◐", "done": "●", "passed": "●"}
STYLES = {
    "not started": "$text-muted",
    "in progress": "$text-warning",
    "done": "$text-success",
    "passed": "$text-success",
}


def count(n: int, thing: str) -> str:
    """ "1 module", "9 modules"."""
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"


def duration(minutes: float) -> str:
    """ "about 45 minutes", "about 3 hours", "about 3 hours 10 minutes" (to 5 minutes)."""
    rounded = max(5, round(minutes / 5) * 5)
    hours, rest = divmod(rounded, 60)
    if not hours:
        return f"about {rest} minutes"
    head = count(hours, "hour")
    return f"about {head} {rest} minutes" if rest else f"about {head}"


_ESTIMATES: dict[str, float] = {}


def estimated_minutes(course: Course) -> float:
    """The course's time, estimated from its content (tutor.core.estimate); worked out
    once per course content."""
    from tutor.core.estimate import estimate

    key = course.content_hash or course.id
    if key not in _ESTIMATES:
        _ESTIMATES[key] = sum(estimate(m).minutes for m in course.modules)
    return _ESTIMATES[key]


def course_time(course: Course) -> str:
    return duration(estimated_minutes(course))


def receive_sentence(course: Course) -> str:
    """What a learner receives at the end, said before they start."""
    if course.offers_credit:
        return (
            f"It offers up to {course.max_credit:g} hours of CME credit, "
            f"from {one_line(course.provider)}."
        )
    return (
        "This course is not yet accredited for CME; you will receive a certificate of completion."
    )


def progress_bar(fraction: float, width: int) -> Content:
    """A bar of `width` cells, drawn with characters (it reads without colour too)."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return Content.assemble(
        Content.styled("█" * filled, "$primary"),
        Content.styled("░" * (width - filled), "$text-muted"),
    )


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


def item_done(session: Session, module: Module, item: Item) -> bool:
    """Whether `item` counts towards completing `module` (tutor.core.completion's rules)."""
    return session.item_done(module, item)


def item_note(session: Session, module: Module, item: Item) -> str:
    """A short note beside an item: "read", "best 67% · need 80%", "done · best 100%"."""
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
    if item_done(session, module, item):
        best = max(r.score for r in runs if r.finished is not None)
        return f"done · best {percent(best)}"
    return "in progress" if runs else ""


def next_place(session: Session, position: Position) -> str:
    """Where "Continue" goes, short enough for a button: "module 2, page 3 of 5: Likes"."""
    course = session.course
    module = course.module(position.module)
    if module is None:
        return ""
    head = f"module {course.modules.index(module) + 1}"
    item = module.item(position.item) if position.item else None
    if isinstance(item, Page):
        n, m = page_number(module, item)
        return f"{head}, page {n} of {m}: {one_line(item.title)}"
    if isinstance(item, Quiz):
        question = session.next_question(module.id)
        if question is not None:
            n = item.questions.index(question) + 1
            return f"{head}, quiz, question {n} of {len(item.questions)}"
        return f"{head}, the quiz"
    if isinstance(item, Drill):
        return f"{head}, drill: {one_line(item.title)}"
    return f"{head}: {one_line(module.title)}"
