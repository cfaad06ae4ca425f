"""The end-of-course evaluation: ratings 1 to 5 and free text, submitted once."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Header, RadioButton, RadioSet, Static, TextArea

from tutor.core.session import SessionError
from tutor.ui.safe import plain
from tutor.ui.screens.base import BaseScreen

RATINGS = (
    "1  Strongly disagree",
    "2  Disagree",
    "3  Neither agree nor disagree",
    "4  Agree",
    "5  Strongly agree",
)


class EvaluationScreen(BaseScreen[None]):
    """One form; the course is complete once it is submitted."""

    HELP = (
        "Rate each statement from 1 to 5 (click, or use the arrow keys and Enter), and add "
        "any comments. Submit sends it to your progress file; it can be submitted once."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "submit", "Submit"),
    ]

    def compose_screen(self) -> ComposeResult:
        course = self.tutor.active_session.course
        yield Header()
        with VerticalScroll(id="evaluation-view", classes="screen-body"):
            yield Static(Content("Course evaluation"), classes="screen-title")
            yield Static(
                Content("Your answers help the course team improve the course."),
                classes="help-text",
            )
            for n, question in enumerate(course.evaluation, start=1):
                yield Static(
                    Content.assemble(Content.styled(f"{n}. ", "bold"), plain(question.prompt)),
                    classes="prompt",
                )
                if question.kind == "rating":
                    yield RadioSet(*(RadioButton(r) for r in RATINGS), id=f"q{n}")
                else:
                    yield TextArea(id=f"q{n}", classes="eval-text")
            yield Static(id="form-error")
            with Horizontal(classes="button-row"):
                yield Button("Submit evaluation", id="submit", variant="primary")
                yield Button("Back", id="back")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Evaluation"

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        session = self.tutor.active_session
        answers: dict[str, str] = {}
        for n, question in enumerate(session.course.evaluation, start=1):
            widget = self.query_one(f"#q{n}")
            if isinstance(widget, RadioSet):
                if widget.pressed_index >= 0:
                    answers[question.id] = str(widget.pressed_index + 1)
            elif isinstance(widget, TextArea) and widget.text.strip():
                answers[question.id] = widget.text.strip()
        try:
            session.submit_evaluation(answers)
        except SessionError as exc:
            self.query_one("#form-error", Static).update(plain(f"Not sent: {exc}", "$text-error"))
            return
        self.notify("Thank you. Your evaluation is saved.", markup=False)
        self.app.pop_screen()
