"""Before the course starts: what it is, what the learner receives, and how to get around.

Shown on the first launch, and afterwards from "About this course". It states the
course's CME frame as course.toml gives it (objectives, practice gap, release,
review and expiry dates, disclosures, commercial support), the time the course
takes as estimated from its content, the pass mark, and what the learner gets at
the end: CME credit from the accredited provider, or, when none is configured,
a certificate of completion.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Button, Label, Static

from tutor.core.model import Course
from tutor.ui import messages as msg
from tutor.ui.describe import count, course_time, receive_sentence
from tutor.ui.safe import percent, plain, plain_line
from tutor.ui.screens.base import SessionScreen
from tutor.ui.widgets.action_bar import ActionBar
from tutor.ui.widgets.columns import Hanging
from tutor.ui.widgets.keys_bar import KeysBar

GETTING_AROUND = [
    ("Mouse  ", "click any button, list entry or key shown at the bottom."),
    ("↑ ↓    ", "move in a list or scroll a page; Tab moves between buttons."),
    ("Enter  ", "choose what is highlighted."),
    ("Esc    ", "go back one step."),
    ("F1     ", "help for the screen you are on (or press ?)."),
    ("Ctrl+P ", "search for a module or a command."),
    ("Ctrl+Q ", "quit. Everything is saved as you go; you come back to where you were."),
]


def _date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def cme_frame(course: Course) -> list[tuple[str, Content | Hanging]]:
    """The course's CME frame, as (heading, text) in the order a reader expects it."""
    out: list[tuple[str, Content | Hanging]] = []
    if course.objectives:
        out.append(
            (
                "By the end you will be able to",
                Hanging((Content("• "), plain_line(o)) for o in course.objectives),
            )
        )
    if course.practice_gap:
        out.append(("Why this course", plain(course.practice_gap)))
    dates = []
    if course.release_date:
        dates.append(f"released {_date(course.release_date)}")
    if course.review_date:
        dates.append(f"last reviewed {_date(course.review_date)}")
    if course.expiry_date:
        dates.append(f"credit may be claimed until {_date(course.expiry_date)}")
    if dates:
        text = "; ".join(dates)
        out.append(("Dates", Content(text[0].upper() + text[1:] + ".")))
    if course.disclosures:
        out.append(
            (
                "Disclosures",
                Content("\n").join(
                    Content.assemble(
                        plain_line(d.name, "bold"),
                        " (",
                        plain_line(d.role),
                        "): ",
                        plain_line(d.relationships),
                    )
                    for d in course.disclosures
                ),
            )
        )
    if course.commercial_support:
        out.append(("Commercial support", plain(course.commercial_support)))
    return out


class WelcomeScreen(SessionScreen[None]):
    """The course's front page."""

    CSS_PATH = "forms.tcss"

    def place(self) -> tuple[str, str]:
        """Quitting here opens home next time (Continue leads back here when it is next)."""
        return ("", "")

    HELP = (
        "What this course is and what you receive at the end. Start the course, or look "
        "around first: the list of modules is behind this page."
    )
    WHERE = "About this course"

    AUTO_FOCUS = "#begin"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "begin", "Start the course"),
        Binding("c", "resume", "Continue the course"),
        Binding("escape", "close", "Close"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        started = bool(self.session.progress.modules)
        if action == "begin":
            return not started
        if action == "resume":
            return started
        return True

    def compose_screen(self) -> ComposeResult:
        course = self.session.course
        started = bool(self.session.progress.modules)
        yield self.title_bar()
        with VerticalScroll(id="welcome-view", classes="screen-body"):
            yield Static(plain_line(course.title), classes="screen-title")
            yield Static(self._summary(course), id="summary")
            yield Static(self._receive(course), id="receive", classes="callout")
            for heading, text in cme_frame(course):
                yield Label(heading, classes="section-title", markup=False)
                yield Static(text, classes="frame")
            yield Label("How to get around", classes="section-title", markup=False)
            yield Static(
                Hanging(
                    (Content.styled(key, "bold $text-accent"), Content(text))
                    for key, text in GETTING_AROUND
                ),
                id="getting-around",
            )
        with ActionBar(id="welcome-actions"):
            yield Button("Look around first" if not started else "Close", id="close")
            yield Label("", classes="bar-status")
            yield Button(
                "Continue the course →" if started else "Start the course →",
                id="begin",
                variant="primary",
            )
        yield KeysBar()

    def _summary(self, course: Course) -> Content:
        parts = [
            f"{count(len(course.modules), 'module')}, {course_time(course)} in all "
            "(estimated from the reading, questions and drills).",
            f"Each module ends in a quiz (pass mark {percent(course.passing_score)}) "
            "and practice drills.",
        ]
        if course.audience:
            parts.insert(0, f"For: {course.audience}.")
        return plain(" ".join(parts))

    def _receive(self, course: Course) -> Content:
        if course.offers_credit:
            return Content.assemble(
                Content.styled("What you receive: ", "bold"),
                "a certificate stating the CME credit you claim. ",
                plain(receive_sentence(course)),
                "\n",
                plain(course.designation, "dim"),
            )
        return Content.assemble(
            Content.styled("What you receive: ", "bold"),
            plain(receive_sentence(course)),
        )

    def action_resume(self) -> None:
        self.action_begin()

    @on(Button.Pressed, "#begin")
    def action_begin(self) -> None:
        self.app.pop_screen()
        self.app.post_message(msg.ContinueCourse())

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.app.pop_screen()
