"""SVG snapshots of the key screens at 80x24 and 120x40 (tests/ui/__snapshots__/).

Deterministic: a fixed clock, the dark theme, a private TUTOR_HOME, and no
timestamps or ids on these screens (the certificate is "saved" to a fixed path
that nothing writes). Update with `pytest tests/ui --snapshot-update`, then look
at the pictures before committing them.

To look at one as a picture, keep its spaces: rsvg-convert drops the leading and
trailing spaces of every text run unless told to preserve them, which draws
"Debrief. You" as "Debrief.You" and shifts indented lines that are right in the
SVG (and in a terminal):

    sed 's/<svg /<svg xml:space="preserve" /' 'test_snapshot[NAME].raw' > /tmp/s.svg
    rsvg-convert -b '#1e1e1e' /tmp/s.svg -o /tmp/s.png
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from tests.support.learner import finish_course, finish_every_module
from tests.ui.conftest import MakeApp, press, settle, start
from tutor.ui.app import TutorApp
from tutor.ui.delivery import Delivery
from tutor.ui.widgets.choices import PickOne
from tutor.ui.widgets.tick_box import TickBox

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

Steps = Callable[[Pilot[int]], Awaitable[None]]


def _app(pilot: Pilot[int]) -> TutorApp:
    app = pilot.app
    assert isinstance(app, TutorApp)
    return app


async def _welcome(pilot: Pilot[int]) -> None:
    await settle(pilot)


async def _home(pilot: Pilot[int]) -> None:
    await start(pilot)


async def _page(pilot: Pilot[int]) -> None:
    await start(pilot)
    _app(pilot).open_item("first-steps", "who-sees-a-post")
    await settle(pilot)


async def _quiz(pilot: Pilot[int]) -> None:
    await start(pilot)
    _app(pilot).open_item("first-steps", "quiz")
    await settle(pilot)
    await press(pilot, "n")


async def _question_feedback(pilot: Pilot[int]) -> None:
    await _quiz(pilot)
    await press(pilot, "1")  # a wrong answer: the right one and why come first


async def _results(pilot: Pilot[int]) -> None:
    await _quiz(pilot)
    await press(pilot, "2", "n", "1", "3", "s", "n", "2", "n")


async def _drill(pilot: Pilot[int]) -> None:
    await start(pilot)
    _app(pilot).open_item("first-steps", "drill-a-friend-request-after-clinic")
    await settle(pilot)
    await press(pilot, "n")


async def _drill_step(pilot: Pilot[int]) -> None:
    await _drill(pilot)
    await press(pilot, "1")


async def _drill_ending(pilot: Pilot[int]) -> None:
    await _drill_step(pilot)
    await press(pilot, "1")


async def _help(pilot: Pilot[int]) -> None:
    await start(pilot)
    await press(pilot, "f1")


async def _evaluation(pilot: Pilot[int]) -> None:
    await start(pilot)
    finish_every_module(_app(pilot).active_session)
    await press(pilot, "c")


async def _evaluation_answered(pilot: Pilot[int]) -> None:
    await _evaluation(pilot)
    rating = pilot.app.screen.query_one("#q1", PickOne)
    rating.focus()
    await press(pilot, "4")
    pilot.app.screen.query_one("#q2").load_text("More drills, please.")  # type: ignore[attr-defined]
    await settle(pilot)


async def _details(pilot: Pilot[int], tick: bool) -> None:
    await start(pilot)
    await press(pilot, "p")
    await press(pilot, "tab", "tab", "tab", "enter")  # Add or change CME details…
    screen = pilot.app.screen
    screen.query_one("#email").value = "ada@example.org"  # type: ignore[attr-defined]
    screen.query_one("#board-1").value = "ABIM"  # type: ignore[attr-defined]
    box = screen.query_one("#consent", TickBox)
    box.focus()
    if tick:
        await press(pilot, "space")
    await settle(pilot)


async def _details_consent_ticked(pilot: Pilot[int]) -> None:
    await _details(pilot, tick=True)


async def _details_consent_not_ticked(pilot: Pilot[int]) -> None:
    await _details(pilot, tick=False)


async def _certificate_saved(pilot: Pilot[int]) -> None:
    app = _app(pilot)
    saved = Path("/home/learner/Documents")

    def deliver(data: bytes, filename: str, mime: str) -> Delivery:
        assert data.startswith(b"%PDF") and mime == "application/pdf"
        return Delivery(filename, saved / filename)

    app.deliver = deliver  # type: ignore[method-assign]  # nothing written; a fixed path shown
    await start(pilot)
    session = app.active_session
    finish_course(session)
    session.update_learner(first_name="Ada", last_name="Lovelace")
    session.attest_credit(0.5)
    await press(pilot, "c")
    screen = pilot.app.screen
    screen.query_one("#certificate").focus()
    await press(pilot, "enter")
    await pilot.pause(0.2)
    await settle(pilot)


async def _palette(pilot: Pilot[int]) -> None:
    await start(pilot)
    await press(pilot, "ctrl+p")
    # the palette gathers its commands in a worker: wait until the list stops growing
    counts: list[int] = []
    while len(counts) < 3 or len(set(counts[-3:])) > 1 or not counts[-1]:
        await pilot.pause(0.05)
        palette = pilot.app.screen
        assert isinstance(palette, CommandPalette)
        counts.append(palette.query_one(CommandList).option_count)
        assert len(counts) < 200, counts
    await settle(pilot)


SCREENS = {
    "welcome": _welcome,
    "home": _home,
    "lesson_page": _page,
    "quiz_feedback": _question_feedback,
    "quiz_results": _results,
    "drill_step": _drill_step,
    "drill_ending": _drill_ending,
    "help": _help,
    "evaluation_unanswered": _evaluation,
    "evaluation_answered": _evaluation_answered,
    "details_consent_ticked": _details_consent_ticked,
    "details_consent_not_ticked": _details_consent_not_ticked,
    "certificate_saved": _certificate_saved,
    "palette": _palette,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", list(SCREENS))
def test_snapshot(  # type: ignore[no-untyped-def]
    snap_compare, make_app: MakeApp, name: str, size: tuple[int, int], monkeypatch
) -> None:
    # The learner's id goes into the certificate's verification code: fix it.
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=42))
    app = make_app()
    assert snap_compare(app, terminal_size=size, run_before=SCREENS[name])
