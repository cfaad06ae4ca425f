"""A module's quiz: the pass mark first, one question at a time, feedback, results, retry.

Which question comes next, what was answered and the score all come from the
session; this screen only decides which view to show.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Label, OptionList, Static

from tutor.core.model import Kind, Module, Option, Question, Quiz
from tutor.core.progress.model import Answer
from tutor.core.session import SessionError
from tutor.ui.safe import percent, plain, plain_line
from tutor.ui.screens.item import ViewScreen
from tutor.ui.widgets.choices import ChoiceList, TickList
from tutor.ui.widgets.columns import Hanging, hanging
from tutor.ui.widgets.doc_view import DocView


def _answers(options: tuple[Option, ...]) -> list[tuple[str, Content]]:
    return [(o.id, plain_line(o.text)) for o in options]


def _feedback_for(label: str, option: Option) -> Static:
    """ "Your answer: …" over an option's feedback, the answer wrapping under itself."""
    return Static(hanging(label, plain_line(option.text, "italic")), classes="feedback-for")


class QuizScreen(ViewScreen):
    """The quiz of one module."""

    HELP = (
        "Choose an answer with the mouse, with the arrow keys and Enter, or by pressing its "
        "number. For “select all that apply”, tick every answer you think is right "
        "(Space or the number keys), then Submit. Each answer is saved the moment you give it."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "pick(1)", "Pick", key_display="1-9"),
        *(Binding(str(n), f"pick({n})", f"Pick {n}", show=False) for n in range(2, 10)),
        Binding("s", "submit", "Submit"),
        Binding("n", "start", "Start the quiz"),
        Binding("n", "next_question", "Next"),
        Binding("n", "continue", "Continue"),
        Binding("r", "retry", "Retry"),
    ]

    def __init__(self, module: Module) -> None:
        assert module.quiz is not None
        super().__init__(module, module.quiz)
        self.quiz: Quiz = module.quiz
        self.question: Question | None = None
        self.options: tuple[Option, ...] = ()

    async def on_mount(self) -> None:
        session = self.tutor.active_session
        attempt = session.current_attempt(self.module.id)
        if attempt is not None:
            await self.show_next()
        elif session.last_attempt(self.module.id) is not None:
            await self.show_results()
        else:
            await self.show_intro()

    # -- views ---------------------------------------------------------------------------

    async def show_intro(self) -> None:
        quiz = self.quiz
        session = self.tutor.active_session
        session.set_position(self.module.id, quiz.id)  # "Continue" comes back here
        course = session.course
        count = len(quiz.questions)
        facts = Content.assemble(
            Content.styled(f"Pass mark: {percent(course.passing_score)}", "bold"),
            f" · {count} question{'s' if count != 1 else ''}, one at a time. ",
            "Your answers are saved as you go.",
        )
        await self.show_intro_view(
            quiz.intro,
            Static(facts, id="pass-mark", classes="callout"),
            "Start the quiz",
            status=Content.styled(f"pass mark {percent(course.passing_score)}", "bold"),
        )

    async def show_next(self) -> None:
        """The next unanswered question of the current attempt, or the results."""
        session = self.tutor.active_session
        question = session.next_question(self.module.id)
        if question is None:
            session.finish_quiz(self.module.id)
            await self.show_results()
            return
        await self.show_question(question)

    async def show_question(self, question: Question) -> None:
        session = self.tutor.active_session
        self.question = question
        self.options = session.options(self.module.id, question.id)
        number = self.quiz.questions.index(question) + 1
        head = Content.assemble(
            Content.styled(f"Question {number} of {len(self.quiz.questions)}", "bold"),
            Content.styled(
                "  ·  select all that apply, then Submit"
                if question.kind is Kind.MULTIPLE
                else "  ·  choose one answer",
                "dim",
            ),
        )
        widgets: list[Widget] = [
            Static(head, classes="question-head"),
            Static(plain(question.prompt), classes="prompt"),
        ]
        submit: list[Button] = []
        if question.kind is Kind.MULTIPLE:
            widgets.append(TickList(_answers(self.options), id="choices"))
            widgets.append(
                Static(
                    Content(
                        "Tick answers with a click, their number, or Space or Enter; then Submit."
                    ),
                    classes="hint",
                )
            )
            submit.append(Button("Submit answer", id="submit", variant="primary"))
        else:
            widgets.append(ChoiceList(_answers(self.options), id="choices"))
            widgets.append(
                Static(
                    Content("Click an answer, press its number, or use ↑ ↓ and Enter."),
                    classes="hint",
                )
            )
        await self.show_view("question", widgets, right=submit, focus="#choices")
        if question.kind is not Kind.MULTIPLE:
            self.query_one("#choices", OptionList).highlighted = 0

    async def show_feedback(self, question: Question, answer: Answer) -> None:
        chosen = set(answer.chosen)
        rows: list[tuple[Content, Content]] = []
        for n, option in enumerate(self.options, start=1):
            picked = option.id in chosen
            if option.correct:
                mark = Content.styled("✓ ", "bold $text-success")
            elif picked:
                mark = Content.styled("✗ ", "bold $text-error")
            else:
                mark = Content("  ")
            note = []
            if picked:
                note.append("your answer")
            if option.correct:
                note.append("correct")
            text = plain_line(option.text)
            if note:
                text = Content.assemble(text, Content.styled(f"  ({', '.join(note)})", "dim"))
            rows.append((Content.assemble(mark, Content.styled(f"{n}. ", "bold")), text))
        verdict = (
            Content.styled("Correct.", "bold $text-success")
            if answer.correct
            else Content.styled("Not quite.", "bold $text-error")
        )
        number = self.quiz.questions.index(question) + 1
        widgets: list[Widget] = [
            Static(
                Content.styled(f"Question {number} of {len(self.quiz.questions)}", "bold"),
                classes="question-head",
            ),
            Static(plain(question.prompt), classes="prompt"),
            Static(Hanging(rows), classes="answered"),
            Static(verdict, classes="verdict"),
        ]
        for option in self.options:
            if option.id in chosen and option.feedback:
                widgets.append(_feedback_for("Your answer: ", option))
                widgets.append(
                    DocView(option.feedback, numbering=self.numbering, classes="feedback")
                )
        # The right answer's feedback often opens with "Right.": after "Not quite." the
        # label says that this is why the right answer is right, not a verdict.
        missed = [o for o in self.options if o.correct and o.id not in chosen]
        for option in missed:
            if option.feedback:
                widgets.append(
                    _feedback_for(
                        "A right answer you did not tick, and why: "
                        if question.kind is Kind.MULTIPLE
                        else "The right answer, and why: ",
                        option,
                    )
                )
                widgets.append(
                    DocView(option.feedback, numbering=self.numbering, classes="feedback")
                )
        if question.explanation:
            widgets.append(Label("Why", classes="feedback-for", markup=False))
            widgets.append(
                DocView(question.explanation, numbering=self.numbering, classes="explanation")
            )
        last = self.tutor.active_session.next_question(self.module.id) is None
        await self.show_view(
            "feedback",
            widgets,
            status=Content.styled(f"question {number} of {len(self.quiz.questions)}", "bold"),
            right=[
                Button(
                    "See your results →" if last else "Next question →",
                    id="next",
                    variant="primary",
                )
            ],
            focus="#next",
        )

    async def show_results(self) -> None:
        session = self.tutor.active_session
        result = session.result(self.module.id)
        total = len(self.quiz.questions)
        right = total - len(result.missed)
        mark = percent(session.course.passing_score)
        verdict = (
            Content.styled(f"Passed. The pass mark is {mark}.", "bold $text-success")
            if result.passed
            else Content.styled(
                f"Not passed yet: you need {mark}. Review the questions below, then retry.",
                "bold $text-error",
            )
        )
        widgets: list[Widget] = [
            Static(
                Content.assemble(plain_line(self.quiz.title), ": results"), classes="screen-title"
            ),
            Static(
                Content.styled(
                    f"Score: {percent(result.score)} ({right} of {total} right)", "bold"
                ),
                id="score",
            ),
            Static(verdict, id="verdict"),
        ]
        if result.missed:
            widgets.append(Label("Questions to review", classes="section-title", markup=False))
            for question in result.missed:
                widgets.extend(self._review(question, result.attempt.answer_for(question.id)))
        await self.show_view(
            "results",
            widgets,
            left=[
                Button(
                    "Retry (options shuffled)",
                    id="retry",
                    variant="default" if result.passed else "primary",
                )
            ],
            right=[self.continue_button(primary=result.passed)],
            focus="#continue" if result.passed else "#retry",
        )

    def _review(self, question: Question, answer: Answer | None) -> list[Widget]:
        number = self.quiz.questions.index(question) + 1
        # In the order the options were shown in that attempt, as the learner saw them.
        shown = self.tutor.active_session.options(self.module.id, question.id)
        chosen = set(answer.chosen) if answer is not None else set()
        given = (
            "; ".join(o.text for o in shown if o.id in chosen)
            if answer is not None
            else "not answered"
        )
        right = "; ".join(o.text for o in shown if o.correct)
        out: list[Widget] = [
            Static(
                Hanging(
                    [
                        (
                            Content.styled(f"✗ Question {number}. ", "bold $text-error"),
                            plain_line(question.prompt, "bold"),
                        ),
                        (Content("  Your answer: "), plain_line(given)),
                        (Content("  Correct answer: "), plain_line(right, "$text-success")),
                    ]
                ),
                classes="review",
            )
        ]
        if question.explanation:
            out.append(
                DocView(question.explanation, numbering=self.numbering, classes="explanation")
            )
        return out

    # -- what the learner does -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            return self.view == "question"
        if action == "submit":
            return self.view == "question" and self._multiple()
        views = {
            "start": "intro",
            "next_question": "feedback",
            "continue": "results",
            "retry": "results",
        }
        if action in views:
            return self.view == views[action]
        return True

    def _multiple(self) -> bool:
        return self.question is not None and self.question.kind is Kind.MULTIPLE

    @on(Button.Pressed, "#start")
    async def action_start(self) -> None:
        self.tutor.active_session.start_quiz(self.module.id)
        await self.show_next()

    async def action_pick(self, number: int) -> None:
        if self.view != "question" or not 1 <= number <= len(self.options):
            return
        option = self.options[number - 1]
        if self._multiple():
            choices = self.query_one("#choices", TickList)
            choices.toggle(option.id)
            choices.highlighted = number - 1
        else:
            await self._answer({option.id})

    @on(OptionList.OptionSelected, "#choices")
    async def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.view == "question" and event.option.id and not self._multiple():
            await self._answer({event.option.id})

    @on(Button.Pressed, "#submit")
    async def action_submit(self) -> None:
        if self.view != "question" or not self._multiple():
            return
        chosen = set(self.query_one("#choices", TickList).ticked)
        if not chosen:
            self.notify("Tick at least one answer first.", markup=False, severity="warning")
            return
        await self._answer(chosen)

    async def _answer(self, chosen: set[str]) -> None:
        question = self.question
        if question is None or self.view != "question":
            return
        self.view = "answering"  # a second key press before the feedback shows does nothing
        try:
            answer = self.tutor.active_session.answer(self.module.id, question.id, chosen)
        except SessionError as exc:
            self.notify(str(exc), title="Answer not recorded", severity="error")
            await self.show_next()
            return
        await self.show_feedback(question, answer)

    @on(Button.Pressed, "#next")
    async def action_next_question(self) -> None:
        if self.view == "feedback":
            await self.show_next()

    @on(Button.Pressed, "#retry")
    async def action_retry(self) -> None:
        if self.view != "results":
            return
        self.tutor.active_session.start_quiz(self.module.id)
        await self.show_next()
