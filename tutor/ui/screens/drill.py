"""A drill: a branching scenario. Each choice shows what happens next and why.

The run (path, points, ending) lives in the session; this screen shows the
current step of it, or the ending it reached.
"""

from __future__ import annotations

from itertools import pairwise
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Label, OptionList, Static

from tutor.core.model import Choice, Drill, Module, Quality, Step
from tutor.core.progress.model import DrillRun
from tutor.core.session import SessionError
from tutor.ui.safe import percent, plain_line
from tutor.ui.screens.item import ViewScreen
from tutor.ui.widgets.choices import ChoiceList
from tutor.ui.widgets.columns import Hanging
from tutor.ui.widgets.doc_view import DocView

QUALITY_STYLE = {
    Quality.BEST: "bold $text-success",
    Quality.ACCEPTABLE: "bold $text-warning",
    Quality.POOR: "bold $text-error",
}


def quality_label(quality: Quality) -> Content:
    return Content.styled(f"{quality.value.capitalize()}.", QUALITY_STYLE[quality])


def best_choices(drill: Drill) -> list[tuple[Step, Choice]]:
    """The best path as (step, choice made there), start to the last choice."""
    path = drill.best_path()
    out: list[tuple[Step, Choice]] = []
    for here, there in pairwise(path):
        step = drill.step(here)
        if step is None:
            break
        choice = next((c for c in step.choices if c.target == there), None)
        if choice is None:
            break
        out.append((step, choice))
    return out


def taken_choices(drill: Drill, run: DrillRun) -> list[tuple[Step, Choice]]:
    """The choices of a run as (step, choice), in order."""
    out: list[tuple[Step, Choice]] = []
    for step_id, choice_id in zip(run.path, run.choices, strict=False):
        step = drill.step(step_id)
        choice = step.choice(choice_id) if step is not None else None
        if step is not None and choice is not None:
            out.append((step, choice))
    return out


class DrillScreen(ViewScreen):
    """One drill of a module."""

    HELP = (
        "A scenario from practice. Read the situation, then choose what you would do: "
        "click a choice, use the arrow keys and Enter, or press its number. You see what "
        "happens next and how good the choice was. Every choice is saved at once."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "pick(1)", "Choose", key_display="1-9"),
        *(Binding(str(n), f"pick({n})", f"Choose {n}", show=False) for n in range(2, 10)),
        Binding("n", "start", "Start the drill"),
        Binding("n", "continue", "Continue"),
        Binding("r", "replay", "Replay"),
    ]

    def __init__(self, module: Module, drill: Drill) -> None:
        super().__init__(module, drill)
        self.drill = drill
        self.step: Step | None = None

    async def on_mount(self) -> None:
        await self._show_current(intro=True)

    # -- views ------------------------------------------------------------------------

    async def show_intro(self) -> None:
        self.tutor.active_session.set_position(self.module.id, self.drill.id)
        await self.show_intro_view(
            self.drill.intro,
            Static(
                Content(
                    "At each step, choose what you would do. You will see what happens "
                    "next, and how good the choice was. There is a best path; any path "
                    "teaches something."
                ),
                classes="callout",
            ),
            "Start the drill",
        )

    def _last_choice(self, run: DrillRun) -> list[Widget]:
        """What the last choice led to: the choice, its quality and its feedback."""
        taken = taken_choices(self.drill, run)
        if not taken:
            return []
        _, choice = taken[-1]
        parts: list[Widget] = [
            Static(
                Content.assemble(
                    Content.styled("You chose: ", "bold"),
                    plain_line(choice.text),
                    "  ",
                    quality_label(choice.quality),
                ),
                classes="chosen",
            )
        ]
        if choice.feedback:
            parts.append(
                DocView(choice.feedback, numbering=self.numbering, classes="choice-feedback")
            )
        return [Vertical(*parts, classes="callout last-choice")]

    async def show_step(self) -> None:
        session = self.tutor.active_session
        run = session.current_run(self.module.id, self.drill.id)
        if run is None:
            await self.show_intro()
            return
        step = session.current_step(self.module.id, self.drill.id)
        self.step = step
        widgets = self._last_choice(run)
        number = len(run.choices) + 1
        widgets += [
            Static(
                Content.assemble(
                    Content.styled(f"Step {number} · ", "dim"), plain_line(step.title, "bold")
                ),
                classes="step-title",
            ),
            DocView(step.situation, numbering=self.numbering, classes="situation"),
            Label("What do you do?", classes="section-title", markup=False),
            ChoiceList([(c.id, plain_line(c.text)) for c in step.choices], id="choices"),
            Static(
                Content("Click a choice, press its number, or use ↑ ↓ and Enter."),
                classes="hint",
            ),
        ]
        await self.show_view("step", widgets, focus="#choices")
        self.query_one("#choices", OptionList).highlighted = 0

    async def show_ending(self, run: DrillRun) -> None:
        ending = self.drill.step(run.ending) or self.drill.start
        widgets = self._last_choice(run)
        widgets += [
            Static(
                Content.assemble("Ending: ", plain_line(ending.title)),
                classes="screen-title ending-title",
            ),
            DocView(ending.situation, numbering=self.numbering, classes="debrief"),
            Static(
                Content.styled(
                    f"Score: {percent(run.score)} ({run.points} of {run.max_points} points)",
                    "bold",
                ),
                id="drill-score",
            ),
            Label("The path you took", classes="section-title", markup=False),
            Static(self._path(taken_choices(self.drill, run), ending), classes="path"),
        ]
        best = best_choices(self.drill)
        best_end = self.drill.step(self.drill.best_path()[-1]) if self.drill.steps else None
        if [c.id for _, c in best] == list(run.choices):
            widgets.append(
                Static(
                    Content.styled("You took the best path.", "bold $text-success"),
                    classes="callout",
                )
            )
        else:
            widgets += [
                Label("The best path", classes="section-title", markup=False),
                Static(self._path(best, best_end), classes="path"),
            ]
        await self.show_view(
            "ending",
            widgets,
            left=[Button("Replay the drill", id="replay")],
            right=[self.continue_button()],
            focus="#continue",
        )

    def _path(self, taken: list[tuple[Step, Choice]], ending: Step | None) -> Hanging:
        """Each step, the choice made there and its quality, then the ending."""
        rows: list[tuple[Content, Content]] = []
        for n, (step, choice) in enumerate(taken, start=1):
            rows.append((Content.styled(f"{n}. ", "bold"), plain_line(step.title)))
            rows.append(
                (
                    Content("   → "),
                    Content.assemble(plain_line(choice.text), "  ", quality_label(choice.quality)),
                )
            )
        if ending is not None:
            rows.append((Content.styled("   ⚑ ", "bold"), plain_line(ending.title)))
        return Hanging(rows)

    # -- what the learner does -------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            return self.view == "step"
        if action == "start":
            return self.view == "intro"
        if action in ("continue", "replay"):
            return self.view == "ending"
        return True

    @on(Button.Pressed, "#start")
    async def action_start(self) -> None:
        self.tutor.active_session.start_drill(self.module.id, self.drill.id)
        await self._after_choice()

    async def _after_choice(self) -> None:
        await self._show_current(intro=False)

    async def _show_current(self, *, intro: bool) -> None:
        """The run's current step, else the ending of the last run; else, if `intro`,
        the intro (when no run has finished)."""
        session = self.tutor.active_session
        if session.current_run(self.module.id, self.drill.id) is not None:
            await self.show_step()
            return
        mp = session.progress.modules.get(self.module.id)
        runs = mp.runs_of(self.drill.id) if mp else []
        if runs and (runs[-1].finished is not None or not intro):
            await self.show_ending(runs[-1])
        elif intro:
            await self.show_intro()

    async def _choose(self, choice_id: str) -> None:
        if self.view != "step":
            return
        self.view = "choosing"  # a second key press before the next step shows does nothing
        try:
            self.tutor.active_session.choose(self.module.id, self.drill.id, choice_id)
        except SessionError as exc:
            self.notify(str(exc), title="Choice not recorded", severity="error")
        await self._after_choice()

    async def action_pick(self, number: int) -> None:
        if self.view == "step" and self.step is not None and 1 <= number <= len(self.step.choices):
            await self._choose(self.step.choices[number - 1].id)

    @on(OptionList.OptionSelected, "#choices")
    async def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            await self._choose(event.option.id)

    @on(Button.Pressed, "#replay")
    async def action_replay(self) -> None:
        if self.view == "ending":
            await self.action_start()
