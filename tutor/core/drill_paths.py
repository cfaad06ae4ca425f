"""Paths through a drill: the best one, and the one a learner took.

A drill is a graph of steps joined by choices. The app shows both paths side by
side at an ending, as (step, choice made there) pairs; the rules live here, in the
core, next to `Drill.best_path`.
"""

from __future__ import annotations

from itertools import pairwise

from tutor.core.model import Choice, Drill, Step
from tutor.core.progress.model import DrillRun


def best_choices(drill: Drill) -> list[tuple[Step, Choice]]:
    """The best path as (step, choice made there), from the start to the last choice."""
    out: list[tuple[Step, Choice]] = []
    for here, there in pairwise(drill.best_path()):
        step = drill.step(here)
        if step is None:
            break
        choice = next((c for c in step.choices if c.target == there), None)
        if choice is None:
            break
        out.append((step, choice))
    return out


def best_ending(drill: Drill) -> Step | None:
    """The step the best path ends at."""
    path = drill.best_path()
    return drill.step(path[-1]) if path else None


def taken_choices(drill: Drill, run: DrillRun) -> list[tuple[Step, Choice]]:
    """The choices of a run as (step, choice), in order; ids the drill no longer has are
    left out."""
    out: list[tuple[Step, Choice]] = []
    for step_id, choice_id in zip(run.path, run.choices, strict=False):
        step = drill.step(step_id)
        choice = step.choice(choice_id) if step is not None else None
        if step is not None and choice is not None:
            out.append((step, choice))
    return out


def took_best_path(drill: Drill, run: DrillRun) -> bool:
    """Whether the run made the best choice at every step."""
    return [c.id for _, c in best_choices(drill)] == list(run.choices)
