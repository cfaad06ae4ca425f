"""A drill: a branching scenario. Each choice shows what happens next and why.

The run (path, points, ending) lives in the session; this screen shows the
current step of it, or the ending it reached.
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

from tutor.core.drill_paths import best_choices, best_ending, taken_choices, took_best_path
from tutor.core.model import Choice, Drill, Module, Quality, Step
from tutor.core.progress.model import DrillRun
from tutor.core.session import Session, SessionError
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


class DrillView(Enum):
    INTRO = "intro"
    STEP = "step"
    CHOOSING = "choosing"  # a choice is on its way to the session: keys do nothing
    ENDING = "ending"


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

    def __init__(self, session: Session, module: Module, drill: Drill) -> None:
        super().__init__(session, module, drill, DrillView.INTRO)
        self.drill = drill
        self.step: Step | None = None

    async def on_mount(self) -> None:
        await self._show_current(intro=True)

    # -- views ------------------------------------------------------------------------

    async def show_intro(self) -> None:
        await self.show_intro_view(
            DrillView.INTRO,
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
        session = self.session
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
        # Nothing is highlighted: nothing looks chosen before the learner chooses.
        await self.show_view(DrillView.STEP, widgets, focus="#choices")

    async def show_ending(self, run: DrillRun) -> None:
        ending = self.drill.step(run.ending)
        widgets = self._last_choice(run)
        if ending is None:
            # The drill was revised after this run ended: its ending is gone. Say so, rather
            # than show another step as if it were the debrief.
            widgets += [
                Static(
                    Content("Ending: no longer in this drill"), classes="screen-title ending-title"
                ),
                Static(
                    Content(
                        "This drill was revised after you finished it, and the ending you "
                        "reached is not part of it any more. Your score from that run stands. "
                        "Choose Replay the drill to go through the new version."
                    ),
                    classes="callout",
                ),
            ]
        else:
            widgets += [
                Static(
                    Content.assemble("Ending: ", plain_line(ending.title)),
                    classes="screen-title ending-title",
                ),
                DocView(ending.situation, numbering=self.numbering, classes="debrief"),
            ]
        widgets += [
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
        if took_best_path(self.drill, run):
            widgets.append(
                Static(
                    Content.styled("You took the best path.", "bold $text-success"),
                    classes="callout",
                )
            )
        else:
            widgets += [
                Label("The best path", classes="section-title", markup=False),
                Static(
                    self._path(best_choices(self.drill), best_ending(self.drill)), classes="path"
                ),
            ]
        await self.show_view(
            DrillView.ENDING,
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
            return self.view is DrillView.STEP
        if action == "start":
            return self.view is DrillView.INTRO
        if action in ("continue", "replay"):
            return self.view is DrillView.ENDING
        return True

    @on(Button.Pressed, "#start")
    async def action_start(self) -> None:
        self.session.start_drill(self.module.id, self.drill.id)
        await self._show_current(intro=False)

    async def _show_current(self, *, intro: bool) -> None:
        """The run's current step, else the ending of the last run; else, if `intro`,
        the intro (when no run has finished)."""
        session = self.session
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
        if self.view is not DrillView.STEP:
            return
        self.view = DrillView.CHOOSING  # a second key press before the next step does nothing
        try:
            self.session.choose(self.module.id, self.drill.id, choice_id)
        except SessionError as exc:
            self.notify(str(exc), title="Choice not recorded", severity="error")
        await self._show_current(intro=False)

    async def action_pick(self, number: int) -> None:
        step = self.step
        if self.view is DrillView.STEP and step is not None and 1 <= number <= len(step.choices):
            await self._choose(step.choices[number - 1].id)

    @on(OptionList.OptionSelected, "#choices")
    async def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            await self._choose(event.option.id)

    @on(Button.Pressed, "#replay")
    async def action_replay(self) -> None:
        if self.view is DrillView.ENDING:
            await self.action_start()
