"""The end-of-course evaluation: ratings 1 to 5 and free text, submitted once."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Button, Label, Static, TextArea

from tutor.core.model import EvalQuestion
from tutor.core.session import SessionError
from tutor.ui import messages as msg
from tutor.ui.safe import plain, plain_line
from tutor.ui.screens.base import SessionScreen
from tutor.ui.widgets.action_bar import ActionBar
from tutor.ui.widgets.choices import PickOne
from tutor.ui.widgets.keys_bar import KeysBar

RATINGS = (
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
)


class EvaluationScreen(SessionScreen[None]):
    """One form; the course is complete once it is submitted."""

    CSS_PATH = "forms.tcss"

    def place(self) -> tuple[str, str]:
        """Quitting here opens home next time (Continue leads back here when it is next)."""
        return ("", "")

    HELP = (
        "Rate each statement from 1 to 5: click a rating, or move to it with the arrow keys "
        "and press Enter (or press its number). Tab goes to the next question. Add any "
        "comments, then Submit. It can be submitted once."
    )
    WHERE = "Course evaluation"

    #: on_mount puts the focus on the first question, without scrolling past its text.
    AUTO_FOCUS = None

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "submit", "Submit"),
    ]

    def compose_screen(self) -> ComposeResult:
        course = self.session.course
        yield self.title_bar()
        with VerticalScroll(id="evaluation-view", classes="screen-body"):
            yield Static(Content("Course evaluation"), classes="screen-title")
            yield Static(
                Content(
                    "Your answers help the course team improve the course. Rate each "
                    "statement; the last question is optional."
                    if any(q.kind == "text" for q in course.evaluation)
                    else "Your answers help the course team improve the course."
                ),
                classes="help-text",
            )
            for n, question in enumerate(course.evaluation, start=1):
                yield Static(
                    Content.assemble(Content.styled(f"{n}. ", "bold"), plain(question.prompt)),
                    classes="prompt eval-prompt",
                    id=f"q{n}-prompt",
                )
                if question.kind == "rating":
                    yield PickOne(
                        [(str(r), Content(f"{label}")) for r, label in enumerate(RATINGS, 1)],
                        id=f"q{n}",
                    )
                else:
                    yield TextArea(id=f"q{n}", classes="eval-text")
                yield Static(id=f"q{n}-missing", classes="form-error")
            yield Static(id="form-error", classes="form-error")
        with ActionBar(id="evaluation-actions"):
            yield Button("Back", id="back")
            yield Label("", classes="bar-status")
            yield Button("Submit evaluation", id="submit", variant="primary")
        yield KeysBar()

    def on_mount(self) -> None:
        for widget in self.query(".form-error"):
            widget.display = False
        first = self.query("PickOne, TextArea").first()
        first.focus(scroll_visible=False)

    def _questions(self) -> list[tuple[int, EvalQuestion]]:
        return list(enumerate(self.session.course.evaluation, start=1))

    @on(PickOne.Changed)
    def _answered(self, event: PickOne.Changed) -> None:
        """An answer given: its "please rate" goes away."""
        missing = self.query_one(f"#{event.picker.id}-missing", Static)
        missing.display = False
        if not any(note.display for note in self.query(".form-error").results(Static)):
            return
        notes = [self.query_one(f"#q{n}-missing") for n, _ in self._questions()]
        if not any(note.display for note in notes):
            self.query_one("#form-error", Static).display = False

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        answers: dict[str, str] = {}
        missing: list[int] = []
        for n, question in self._questions():
            widget = self.query_one(f"#q{n}")
            if isinstance(widget, PickOne):
                if widget.chosen is not None:
                    answers[question.id] = widget.chosen
                else:
                    missing.append(n)
            elif isinstance(widget, TextArea) and widget.text.strip():
                answers[question.id] = widget.text.strip()
        for n, question in self._questions():
            note = self.query_one(f"#q{n}-missing", Static)
            note.display = n in missing
            if n in missing:
                note.update(
                    Content.assemble(
                        Content.styled("Please rate this one: ", "bold $text-error"),
                        plain_line(f"“{question.prompt}”", "$text-error"),
                    )
                )
        error = self.query_one("#form-error", Static)
        if missing:
            error.display = True
            error.update(
                Content.styled(
                    f"Not sent yet: {len(missing)} statement"
                    f"{'s are' if len(missing) != 1 else ' is'} not rated (marked above).",
                    "bold $text-error",
                )
            )
            self.query_one(f"#q{missing[0]}").focus(scroll_visible=False)
            self.query_one(f"#q{missing[0]}-prompt").scroll_visible(top=True, animate=False)
            return
        try:
            self.session.submit_evaluation(answers)
        except SessionError as exc:
            error.display = True
            error.update(plain(f"Not sent: {exc}", "$text-error"))
            return
        self.notify("Thank you. Your evaluation is saved.")
        self.post_message(msg.ContinueCourse())
