"""A module's quiz: the pass mark first, one question at a time, feedback, results, retry.

Which question comes next, what was answered and the score all come from the
session; this screen only decides which view to show.
"""

from __future__ import annotations

from enum import Enum
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Label, OptionList, Static

from tutor.core.model import Kind, Module, Option, Question, Quiz
from tutor.core.progress.model import Answer
from tutor.core.session import Session, SessionError
from tutor.ui.safe import percent, plain, plain_line
from tutor.ui.screens.item import ViewScreen
from tutor.ui.widgets.choices import ChoiceList, TickList
from tutor.ui.widgets.columns import Hanging, hanging
from tutor.ui.widgets.doc_view import DocView


def _answers(options: tuple[Option, ...]) -> list[tuple[str, Content]]:
    return [(o.id, plain_line(o.text)) for o in options]


class QuizView(Enum):
    INTRO = "intro"
    QUESTION = "question"
    ANSWERING = "answering"  # an answer is on its way to the session: keys do nothing
    FEEDBACK = "feedback"
    RESULTS = "results"


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

    def __init__(self, session: Session, module: Module) -> None:
        assert module.quiz is not None
        super().__init__(session, module, module.quiz, QuizView.INTRO)
        self.quiz: Quiz = module.quiz
        self.question: Question | None = None
        self.options: tuple[Option, ...] = ()

    async def on_mount(self) -> None:
        await self.show_current()

    async def show_current(self) -> None:
        """The next question of the attempt under way, else the last results, else the intro."""
        session = self.session
        question = session.next_question(self.module.id)
        if question is not None:
            await self.show_question(question)
        elif session.last_attempt(self.module.id) is not None:
            await self.show_results()
        else:
            await self.show_intro()

    # -- views ---------------------------------------------------------------------------

    async def show_intro(self) -> None:
        quiz = self.quiz
        course = self.session.course
        count = len(quiz.questions)
        facts = Content.assemble(
            Content.styled(f"Pass mark: {percent(course.passing_score)}", "bold"),
            f" · {count} question{'s' if count != 1 else ''}, one at a time. ",
            "Your answers are saved as you go.",
        )
        await self.show_intro_view(
            QuizView.INTRO,
            quiz.intro,
            Static(facts, id="pass-mark", classes="callout"),
            "Start the quiz",
            status=Content.styled(f"pass mark {percent(course.passing_score)}", "bold"),
        )

    async def show_question(self, question: Question) -> None:
        session = self.session
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
        # Nothing is highlighted: nothing looks chosen before the learner chooses.
        await self.show_view(QuizView.QUESTION, widgets, right=submit, focus="#choices")

    async def show_feedback(self, question: Question, answer: Answer) -> None:
        """The verdict, then the right answer and why, then the learner's answer and why,
        then the question's explanation: what matters most is at the top."""
        chosen = set(answer.chosen)
        numbers = {o.id: n for n, o in enumerate(self.options, start=1)}
        number = self.quiz.questions.index(question) + 1
        verdict = (
            Content.styled("✓ Correct.", "bold $text-success")
            if answer.correct
            else Content.styled("✗ Not quite.", "bold $text-error")
        )
        widgets: list[Widget] = [
            Static(
                Content.styled(f"Question {number} of {len(self.quiz.questions)}", "bold"),
                classes="question-head",
            ),
            Static(plain(question.prompt), classes="prompt"),
            Static(verdict, classes="verdict"),
        ]
        multiple = question.kind is Kind.MULTIPLE
        missed = [o for o in self.options if o.correct and o.id not in chosen]
        wrong = [o for o in self.options if not o.correct and o.id in chosen]
        right = [o for o in self.options if o.correct and o.id in chosen]
        groups: list[tuple[Content, Option]] = []
        for option in missed:
            label = "A right answer you did not tick" if multiple else "The right answer"
            groups.append((Content.styled(f"✓ {label}: ", "bold $text-success"), option))
        for option in wrong:
            label = "You ticked" if multiple else "Your answer"
            groups.append((Content.styled(f"✗ {label}: ", "bold $text-error"), option))
        for option in right:
            label = "You ticked, rightly" if multiple else "Your answer"
            groups.append((Content.styled(f"✓ {label}: ", "bold $text-success"), option))
        for lead, option in groups:
            parts: list[Widget] = [
                Static(
                    hanging(
                        Content.assemble(lead, f"{numbers[option.id]}. "),
                        plain_line(option.text, "italic"),
                    ),
                    classes="feedback-for",
                )
            ]
            if option.feedback:
                parts.append(DocView(option.feedback, numbering=self.numbering, classes="feedback"))
            widgets.append(Vertical(*parts, classes="callout answer-feedback"))
        if question.explanation:
            widgets.append(Label("Why", classes="section-title", markup=False))
            widgets.append(
                DocView(question.explanation, numbering=self.numbering, classes="explanation")
            )
        widgets.append(Label("All the answers", classes="section-title", markup=False))
        widgets.append(Static(self._marked_options(chosen), classes="answered"))
        last = self.session.next_question(self.module.id) is None
        await self.show_view(
            QuizView.FEEDBACK,
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

    def _marked_options(self, chosen: set[str]) -> Hanging:
        """Every option as shown, marked right (✓) or a wrong choice (✗), in words too."""
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
                note.append("right")
            text = plain_line(option.text)
            if note:
                text = Content.assemble(text, Content.styled(f"  ({', '.join(note)})", "dim"))
            rows.append((Content.assemble(mark, Content.styled(f"{n}. ", "bold")), text))
        return Hanging(rows)

    async def show_results(self) -> None:
        session = self.session
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
            QuizView.RESULTS,
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
        shown = self.session.options(self.module.id, question.id)
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
            return self.view is QuizView.QUESTION
        if action == "submit":
            return self.view is QuizView.QUESTION and self._multiple()
        views = {
            "start": QuizView.INTRO,
            "next_question": QuizView.FEEDBACK,
            "continue": QuizView.RESULTS,
            "retry": QuizView.RESULTS,
        }
        if action in views:
            return self.view is views[action]
        return True

    def _multiple(self) -> bool:
        return self.question is not None and self.question.kind is Kind.MULTIPLE

    @on(Button.Pressed, "#start")
    async def action_start(self) -> None:
        if self.view is not QuizView.INTRO:
            return
        self.session.start_quiz(self.module.id)
        await self.show_current()

    async def action_pick(self, number: int) -> None:
        if self.view is not QuizView.QUESTION or not 1 <= number <= len(self.options):
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
        if self.view is QuizView.QUESTION and event.option.id and not self._multiple():
            await self._answer({event.option.id})

    @on(Button.Pressed, "#submit")
    async def action_submit(self) -> None:
        if self.view is not QuizView.QUESTION or not self._multiple():
            return
        chosen = set(self.query_one("#choices", TickList).ticked)
        if not chosen:
            self.notify("Tick at least one answer first.", severity="warning")
            return
        await self._answer(chosen)

    async def _answer(self, chosen: set[str]) -> None:
        """Give the answer to the session (which saves it, and scores the attempt after
        the last question), then show the feedback."""
        question = self.question
        if question is None or self.view is not QuizView.QUESTION:
            return
        self.view = QuizView.ANSWERING  # a second key press before the feedback does nothing
        try:
            answer = self.session.answer(self.module.id, question.id, chosen)
        except SessionError as exc:
            self.notify(str(exc), title="Answer not recorded", severity="error")
            await self.show_current()
            return
        await self.show_feedback(question, answer)

    @on(Button.Pressed, "#next")
    async def action_next_question(self) -> None:
        if self.view is QuizView.FEEDBACK:
            await self.show_current()

    @on(Button.Pressed, "#retry")
    async def action_retry(self) -> None:
        if self.view is not QuizView.RESULTS:
            return
        self.session.start_quiz(self.module.id)
        await self.show_current()
