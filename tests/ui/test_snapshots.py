"""SVG snapshots of the key screens at 80x24 and 120x40 (tests/ui/__snapshots__/).

Deterministic: a fixed clock, the dark theme, a private TUTOR_HOME, and no
timestamps or ids on these screens. Update with `pytest tests/ui --snapshot-update`,
then look at the SVGs before committing them.

To look at one as a picture, keep its spaces: rsvg-convert drops the leading and
trailing spaces of every text run unless told to preserve them, which draws
"Debrief. You" as "Debrief.You" and shifts indented lines that are right in the
SVG (and in a terminal):

    sed 's/<svg /<svg xml:space="preserve" /' 'test_snapshot[NAME].raw' > /tmp/s.svg
    rsvg-convert -b '#1e1e1e' /tmp/s.svg -o /tmp/s.png
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from tests.ui.conftest import MakeApp, press, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

Steps = Callable[[Pilot[int]], Awaitable[None]]


async def _home(pilot: Pilot[int]) -> None:
    await settle(pilot)


async def _page(pilot: Pilot[int]) -> None:
    await settle(pilot)
    pilot.app.open_item("first-steps", "who-sees-a-post")  # type: ignore[attr-defined]
    await settle(pilot)


async def _quiz(pilot: Pilot[int]) -> None:
    await settle(pilot)
    pilot.app.open_item("first-steps", "quiz")  # type: ignore[attr-defined]
    await settle(pilot)
    await press(pilot, "n")


async def _question_feedback(pilot: Pilot[int]) -> None:
    await _quiz(pilot)
    await press(pilot, "1")


async def _results(pilot: Pilot[int]) -> None:
    await _quiz(pilot)
    await press(pilot, "2", "n", "1", "3", "s", "n", "2", "n")


async def _drill(pilot: Pilot[int]) -> None:
    await settle(pilot)
    pilot.app.open_item("first-steps", "drill-a-friend-request-after-clinic")  # type: ignore[attr-defined]
    await settle(pilot)
    await press(pilot, "n")


async def _drill_step(pilot: Pilot[int]) -> None:
    await _drill(pilot)
    await press(pilot, "1")


async def _drill_ending(pilot: Pilot[int]) -> None:
    await _drill_step(pilot)
    await press(pilot, "1")


async def _help(pilot: Pilot[int]) -> None:
    await settle(pilot)
    await press(pilot, "f1")


SCREENS = {
    "home": _home,
    "lesson_page": _page,
    "quiz_feedback": _question_feedback,
    "quiz_results": _results,
    "drill_step": _drill_step,
    "drill_ending": _drill_ending,
    "help": _help,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", list(SCREENS))
def test_snapshot(snap_compare, make_app: MakeApp, name: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    assert snap_compare(app, terminal_size=size, run_before=SCREENS[name])
