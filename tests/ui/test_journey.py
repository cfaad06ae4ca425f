"""The learner's whole journey through the built-in course, from a fresh progress folder to a
saved certificate, at 80x24, pressing Continue (and the main button of each screen) and
answering: nothing else.

On the way, every screen is read: no raw citation key (like `[ama-2-3-2]`) may show on a
page, in quiz feedback or in a drill's debrief. A citation shows as a number; the module's
sources open from the page.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from textual.pilot import Pilot

from tests.ui.conftest import MakeApp, press, read_progress, screen_text, settle
from tutor.core.markdown import citations
from tutor.core.model import Quality
from tutor.core.paths import builtin_course
from tutor.ui.app import TutorApp
from tutor.ui.screens.drill import DrillScreen, DrillView
from tutor.ui.screens.evaluation import EvaluationScreen
from tutor.ui.screens.home import HomeScreen
from tutor.ui.screens.module import ModuleScreen
from tutor.ui.screens.quiz import QuizScreen, QuizView
from tutor.ui.screens.reader import ReaderScreen
from tutor.ui.screens.records import RecordsScreen
from tutor.ui.screens.toc import SourcesScreen
from tutor.ui.screens.welcome import WelcomeScreen
from tutor.ui.widgets.choices import PickOne

pytestmark = pytest.mark.slow

#: A citation key as lessons write it: lower case, with at least one hyphen.
RAW_KEY = re.compile(r"\[[a-z][a-z0-9]*(?:[-.][a-z0-9]+)+\]")

PROVIDER = (
    '[provider]\nname = "Example Health CME"\ndesignation = "Example Health CME designates '
    "this enduring material for a maximum of {credit} AMA PRA Category 1 Credits™. "
    "Physicians should claim only the credit commensurate with the extent of their "
    'participation in the activity."\n'
)


def _no_raw_keys(app: TutorApp, where: str) -> None:
    found = RAW_KEY.findall(screen_text(app))
    assert not found, f"raw citation keys on {where}: {found}"


async def _answer_quiz(screen: QuizScreen, pilot: Pilot[int]) -> None:
    question = screen.question
    assert question is not None
    numbers = [str(n) for n, o in enumerate(screen.options, start=1) if o.correct]
    if question.kind.value == "multiple":
        await press(pilot, *numbers, "s")
    else:
        await press(pilot, numbers[0])


async def _best_choice(screen: DrillScreen, pilot: Pilot[int]) -> None:
    step = screen.step
    assert step is not None
    best = max(step.choices, key=lambda c: c.quality.points)
    assert best.quality is Quality.BEST or len(step.choices) == 1 or best.quality.points > 0
    await press(pilot, str(step.choices.index(best) + 1))


async def _walk(app: TutorApp, pilot: Pilot[int], *, claim: str = "") -> list[str]:
    """Continue until the certificate is saved; returns what was shown, screen by screen."""
    seen: list[str] = []
    sources_opened = False
    for _ in range(2000):
        screen = app.screen
        name = type(screen).__name__
        seen.append(name)
        if isinstance(screen, WelcomeScreen):
            await press(pilot, "enter")  # Start the course
        elif isinstance(screen, (HomeScreen, ModuleScreen)):
            await press(pilot, "c")
        elif isinstance(screen, ReaderScreen):
            _no_raw_keys(app, f"page {screen.module.id}/{screen.page.id}")
            if not sources_opened and citations(screen.page.doc):
                await press(pilot, "s")  # the page's sources, as the learner would open them
                assert isinstance(app.screen, SourcesScreen)
                assert "[1]" in screen_text(app)
                await press(pilot, "escape")
                sources_opened = True
            await press(pilot, "enter")  # Next (it has the focus)
        elif isinstance(screen, QuizScreen):
            _no_raw_keys(app, f"quiz of {screen.module.id} ({screen.view.value})")
            if screen.view is QuizView.QUESTION:
                await _answer_quiz(screen, pilot)
            else:
                if screen.view is QuizView.RESULTS:
                    assert "Passed." in screen_text(app)
                await press(pilot, "enter")
        elif isinstance(screen, DrillScreen):
            _no_raw_keys(app, f"drill {screen.module.id}/{screen.drill.id} ({screen.view.value})")
            if screen.view is DrillView.STEP:
                await _best_choice(screen, pilot)
            else:
                await press(pilot, "enter")
        elif isinstance(screen, EvaluationScreen):
            for picker in screen.query(PickOne):
                picker.focus()
                await press(pilot, "4")
            await press(pilot, "ctrl+s")
        elif isinstance(screen, RecordsScreen):
            break
        else:
            raise AssertionError(f"Continue led to {name}")
    else:
        raise AssertionError("the course never ended")
    assert sources_opened, "no page with a citation"
    screen = app.screen
    assert isinstance(screen, RecordsScreen)
    screen.query_one("#first-name").focus()
    await pilot.press(*"Grace")
    await press(pilot, "tab")
    await pilot.press(*"Hopper", "enter")
    await settle(pilot)
    if claim:
        screen.query_one("#hours").focus()
        await pilot.press(*claim, "enter")
        await settle(pilot)
        assert f"✓ You have claimed {claim} hours." in screen_text(app)
    screen.query_one("#certificate").focus()
    await press(pilot, "enter")
    await settle(pilot)
    return seen


def _pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())


async def test_the_built_in_course_by_continue_alone_to_a_certificate_of_completion(
    make_app: MakeApp, private_home: Path
) -> None:
    (private_home / "Documents").mkdir(parents=True)
    app = make_app(builtin_course())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        seen = await _walk(app, pilot)
        text = " ".join(screen_text(app).split())
        target = private_home / "Documents" / "physician-social-media-certificate.pdf"
        assert f"✓ Saved to {target}" in text
        assert "not yet accredited for CME" in text
        assert "Verification code:" in text
    assert {"WelcomeScreen", "ReaderScreen", "QuizScreen", "DrillScreen"} <= set(seen)
    pdf = _pdf_text(target)
    assert "Certificate of Completion" in pdf and "Grace Hopper" in pdf
    assert "AMA PRA" not in pdf
    data = read_progress("physician-social-media")
    assert "credit" not in data and data["evaluation"]["answers"]


async def test_the_built_in_course_with_a_provider_and_a_credit_claim(
    make_app: MakeApp, private_home: Path, tmp_path: Path
) -> None:
    (private_home / "Documents").mkdir(parents=True)
    course = tmp_path / "course"
    shutil.copytree(builtin_course(), course)
    toml = course / "course.toml"
    text = toml.read_text(encoding="utf-8")
    credit = re.search(r"^max_credit = (\S+)", text, re.M)
    assert credit is not None
    start = text.index("\n# [provider]\n") + 1  # the commented template a provider fills in
    end = text.index("\n\n", start)
    toml.write_text(
        text[:start] + PROVIDER.format(credit=credit.group(1)) + text[end:], encoding="utf-8"
    )
    app = make_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "from Example Health CME" in " ".join(screen_text(app).split())
        await _walk(app, pilot, claim="1.5")
        text = " ".join(screen_text(app).split())
        target = private_home / "Documents" / "physician-social-media-certificate.pdf"
        assert f"✓ Saved to {target}" in text
    pdf = _pdf_text(target)
    assert "Example Health CME" in pdf and "Grace Hopper" in pdf
    assert "1.5 AMA PRA Category 1 Credits" in pdf
    assert read_progress("physician-social-media")["credit"]["claimed"] == 1.5


#: Anything in square brackets that starts with a letter: a citation key left raw.
BRACKETED = re.compile(r"\[[A-Za-z][^\]\s]*\]")


def test_no_raw_citation_key_in_any_feedback_or_debrief_of_the_built_in_course() -> None:
    """Beyond the walk above (right answers, best paths): every option's feedback, every
    explanation, every drill step, choice and ending, drawn as the app draws them."""
    from tutor.core.course import load_course
    from tutor.core.markdown import Doc
    from tutor.ui.screens.item import source_number
    from tutor.ui.widgets.doc_view import DocLayout

    course = load_course(builtin_course()).course
    assert course is not None
    found: list[str] = []
    checked = 0
    for module in course.modules:

        def numbering(key: str, module=module) -> int | None:  # type: ignore[no-untyped-def]
            return source_number(module, key)

        docs: list[tuple[str, Doc]] = [(p.id, p.doc) for p in module.pages]
        if module.quiz is not None:
            docs.append(("quiz intro", module.quiz.intro))
            for q in module.quiz.questions:
                docs.append((q.id, q.explanation))
                docs += [(f"{q.id}/{o.id}", o.feedback) for o in q.options]
        for drill in module.drills:
            docs.append((drill.id, drill.intro))
            for step in drill.steps:
                docs.append((f"{drill.id}/{step.id}", step.situation))
                docs += [(f"{drill.id}/{c.id}", c.feedback) for c in step.choices]
        for where, doc in docs:
            checked += 1
            text = "\n".join(line.plain for line in DocLayout(doc, numbering).layout(76))
            found += [f"{module.id}/{where}: {m}" for m in BRACKETED.findall(text)]
    assert checked > 300
    assert found == []
