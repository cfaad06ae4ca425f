"""Profile, CME details, the evaluation, credit and the certificate: forms that cannot be
misread, and a course that always ends in something for the learner."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from pypdf import PdfReader
from textual.pilot import Pilot
from textual.widgets import Button, Input, OptionList, Select

from tests.support.learner import finish_course, finish_every_module
from tests.ui.conftest import (
    COURSE,
    MakeApp,
    click,
    press,
    read_progress,
    screen_text,
    settle,
    start,
)
from tutor.core.paths import builtin_course
from tutor.ui.app import TutorApp
from tutor.ui.screens.confirm import AskScreen, ConfirmScreen
from tutor.ui.screens.details import DetailsScreen
from tutor.ui.screens.evaluation import EvaluationScreen
from tutor.ui.screens.home import HomeScreen
from tutor.ui.screens.profile import ProfileScreen
from tutor.ui.screens.records import RecordsScreen
from tutor.ui.screens.welcome import WelcomeScreen
from tutor.ui.widgets.choices import PickOne
from tutor.ui.widgets.tick_box import TickBox


def said(app: TutorApp) -> str:
    """The screen's text with line breaks and runs of spaces folded."""
    return " ".join(screen_text(app).split())


def pdf_text(path: Path) -> str:
    return " ".join(
        " ".join(
            page.extract_text() or "" for page in PdfReader(io.BytesIO(path.read_bytes())).pages
        ).split()
    )


# -- the welcome --------------------------------------------------------------------------


async def test_first_launch_shows_the_cme_frame_and_asks_for_nothing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert not app.screen.query(Input)
        text = said(app)
        # what course.toml says, as it says it
        for expected in (
            "Choose the audience of a post before publishing it",
            "Physicians post without checking who can see it",
            "Released 1 November 2026",
            "credit may be claimed until 31 October 2029",
            "Dr. Ada Planner (planner): None",
            "Dr. Ben Author (author): None",
            "Commercial support",
            "pass mark 80%",
            "It offers up to 0.5 hours of CME credit, from Test Provider.",
            "2 modules",
            "estimated from the reading, questions and drills",
        ):
            assert expected in text, expected
        for key in ("Esc", "F1", "Enter", "Ctrl+Q", "Mouse"):
            assert key in text
        await click(pilot, "#begin")  # Start the course: the first page
        assert "page 1 of 3" in screen_text(app)


async def test_a_course_without_a_provider_says_so_before_the_start(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app(_course_without_provider(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = said(app)
        assert (
            "This course is not yet accredited for CME; you will receive a certificate of "
            "completion." in text
        )
        assert "CME credit" not in text.replace("accredited for CME", "")
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)
        assert "not yet accredited for CME" in said(app)


# -- profile and CME details ------------------------------------------------------------------


async def test_profile_focus_saving_and_leaving_with_changes(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await press(pilot, "p")
        screen = app.screen
        assert isinstance(screen, ProfileScreen)
        assert screen.focused is screen.query_one("#first-name", Input)  # the first empty field
        await pilot.press(*"Ada")
        await press(pilot, "tab")
        await pilot.press(*"Lovelace [MD]")
        await settle(pilot)
        assert "Not saved yet" in said(app)
        await press(pilot, "enter")
        assert "✓ Saved: Ada Lovelace [MD]" in said(app)  # confirmed on the screen itself
        # a change not saved: leaving asks first
        screen.query_one("#first-name", Input).value = "Augusta"
        await press(pilot, "escape")
        assert isinstance(app.screen, AskScreen)
        assert "Save your name?" in said(app)
        await click(pilot, "#stay")
        assert app.screen is screen
        await press(pilot, "escape")
        await click(pilot, "#save")
        assert isinstance(app.screen, HomeScreen)
        assert "Welcome, Augusta Lovelace [MD]." in said(app)
        await press(pilot, "p")
        assert app.screen.focused is app.screen.query_one("#back", Button)  # nothing empty
        app.screen.query_one("#last-name", Input).value = "Byron"
        await press(pilot, "escape")
        await click(pilot, "#discard")
        assert isinstance(app.screen, HomeScreen)
    learner = read_progress()["learner"]
    assert (learner["first_name"], learner["last_name"]) == ("Augusta", "Lovelace [MD]")


async def test_cme_details_say_why_and_consent_reads_without_colour(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await press(pilot, "p")
        await click(pilot, "#details")
        details = app.screen
        assert isinstance(details, DetailsScreen)
        text = said(app)
        assert "Boards match records by your date of birth" in text
        assert "boards match your credit to you by it" in text
        assert "☐ No Share my completion with my certifying board" in text
        details.query_one("#email", Input).value = "ada@example.org"
        details.query_one("#board-1", Select).value = "ABIM"  # chosen from the ABMS list
        details.query_one("#board-id-1", Input).value = "123456"
        details.query_one("#board-2", Select).value = "ABP"
        details.query_one("#board-id-2", Input).value = "0042"
        details.query_one("#license-state", Select).value = "CA"
        details.query_one("#license-number", Input).value = "A123456"
        details.query_one("#npi", Input).value = "1234567893"
        details.query_one("#birth-day", Input).value = "10"
        details.query_one("#birth-month").value = 12  # type: ignore[attr-defined]
        consent = details.query_one("#consent", TickBox)
        consent.focus()
        await press(pilot, "space")  # by keyboard
        assert "☑ Yes Share my completion" in said(app)
        consent.scroll_visible(animate=False)
        await settle(pilot)
        await click(pilot, "#consent")  # and by mouse
        assert "☐ No Share my completion" in said(app)
        await press(pilot, "space")
        await click(pilot, "#save")
        assert isinstance(app.screen, ProfileScreen)
        text = said(app)
        assert "Boards: ABIM (ID 123456), ABP (ID 0042)" in text
        assert "Licence: CA A123456" in text and "NPI: 1234567893" in text
        assert "Birthday: 10 December" in text
        assert "Share completion with my board: ☑ Yes" in text
    learner = read_progress()["learner"]
    assert learner["email"] == "ada@example.org"
    assert (learner["birth_month"], learner["birth_day"]) == (12, 10)
    assert learner["consent_to_share"] is True
    assert learner["boards"] == [{"board": "ABIM", "id": "123456"}, {"board": "ABP", "id": "0042"}]
    assert (learner["license_state"], learner["license_number"]) == ("CA", "A123456")
    assert learner["npi"] == "1234567893"


async def test_bad_details_are_explained_not_saved(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await press(pilot, "p")
        await click(pilot, "#details")
        app.screen.query_one("#email", Input).value = "not an email"
        await click(pilot, "#save")
        assert isinstance(app.screen, DetailsScreen)
        assert "Not saved: email: an e-mail address has exactly one @" in said(app)
        app.screen.query_one("#email", Input).value = "a=b@example.org"  # an LRS would refuse it
        await press(pilot, "ctrl+s")
        assert "may hold letters, digits and . _ % + ' - only (not =)" in said(app)
        app.screen.query_one("#email", Input).value = ""
        app.screen.query_one("#board-id-1", Input).value = "123"  # an ID, but no board
        await press(pilot, "ctrl+s")
        assert "Not saved: choose the board for each ID you gave" in said(app)
        app.screen.query_one("#board-1", Select).value = "ABIM"
        app.screen.query_one("#npi", Input).value = "1234567890"  # a wrong check digit
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, DetailsScreen)
        assert "an NPI is 10 digits with a valid check digit" in said(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, ProfileScreen)
    assert read_progress()["learner"]["email"] == ""


async def test_profile_table_fits_80_columns(make_app: MakeApp) -> None:
    app = make_app(builtin_course())
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await press(pilot, "p")
        summary = app.screen.query_one("#summary")
        assert summary.region.right <= 80
        assert summary.virtual_size.width <= summary.size.width  # no sideways scrolling
        text = screen_text(app)
        assert "Module" in text and "Status" in text and "Time" in text


# -- the evaluation -----------------------------------------------------------------------


async def _at_evaluation(app: TutorApp, pilot: Pilot[int]) -> EvaluationScreen:
    await start(pilot)
    finish_every_module(app.active_session)
    await press(pilot, "c")  # Continue: every module is done, so the evaluation
    screen = app.screen
    assert isinstance(screen, EvaluationScreen)
    return screen


async def test_evaluation_shows_nothing_chosen_and_names_what_is_missing(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at_evaluation(app, pilot)
        rating = screen.query_one("#q1", PickOne)
        assert rating.chosen is None and rating.highlighted is None
        assert "(•)" not in screen_text(app)
        await click(pilot, "#submit")
        text = said(app)
        assert "Please rate this one: “The activity met its stated learning objectives.”" in text
        assert "Not sent yet: 1 statement is not rated" in text
        assert isinstance(app.screen, EvaluationScreen)
        rating.focus()
        await press(pilot, "4")  # Agree
        assert rating.chosen == "4"
        assert "(•) Agree" in said(app).replace("4. ", "")
        assert "Please rate this one" not in said(app)
        app.screen.query_one("#q2").load_text("More drills, please.")  # type: ignore[attr-defined]
        await click(pilot, "#submit")
        assert isinstance(app.screen, RecordsScreen)  # on to the next thing: the certificate
    data = read_progress()
    assert data["evaluation"]["answers"] == {
        "met-objectives": "4",
        "comments": "More drills, please.",
    }


# -- the certificate ----------------------------------------------------------------------


async def _open_records(app: TutorApp, pilot: Pilot[int]) -> RecordsScreen:
    await start(pilot)
    finish_course(app.active_session)
    app.open_home()
    await settle(pilot)
    await press(pilot, "c")  # Continue, once the course is complete: the certificate
    screen = app.screen
    assert isinstance(screen, RecordsScreen)
    return screen


async def test_cme_certificate_with_a_credit_claim_by_keyboard(
    make_app: MakeApp, private_home: Path
) -> None:
    (private_home / "Documents").mkdir(parents=True)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_records(app, pilot)
        text = said(app)
        assert "Certificate and credit" in text
        assert "accredited for CME by Test Provider" in text
        assert "up to 0.5 hours" in text
        assert "• type your name above, then press Save name" in text
        assert "• claim the credit you earned first" in text
        assert screen.query_one("#certificate", Button).disabled
        screen.query_one("#first-name", Input).focus()
        await pilot.press(*"Ada")
        await press(pilot, "tab")
        await pilot.press(*"Lovelace", "enter")
        await settle(pilot)
        assert "✓ Saved: Ada Lovelace" in said(app)
        hours = screen.query_one("#hours", Input)
        hours.focus()
        await pilot.press(*"0.75", "enter")
        await settle(pilot)
        assert "Not claimed: the most this course offers is 0.5 hours." in said(app)
        hours.value = ""
        await pilot.press(*"0.5", "enter")
        await settle(pilot)
        assert "✓ You have claimed 0.5 hours." in said(app)
        assert hours.value == "0.5"
        assert "Your certificate is ready." in said(app)
        await click(pilot, "#certificate")
        await settle(pilot)
        target = private_home / "Documents" / "ui-test-course-certificate.pdf"
        text = said(app)
        assert f"✓ Saved to {target}" in text
        code = read_code(text)
        assert "Save it again" in text
        await press(pilot, "escape")
        await press(pilot, "c")  # back to the certificate: the path and code are still there
        assert f"✓ Saved to {target}" in said(app)
        assert read_code(said(app)) == code
    pdf = pdf_text(target)
    assert "Ada Lovelace" in pdf and "0.5 AMA PRA Category 1 Credit" in pdf
    assert code in pdf
    assert read_progress()["credit"]["claimed"] == 0.5


def read_code(text: str) -> str:
    _, _, tail = text.partition("Verification code: ")
    assert tail, "no verification code on the screen"
    return tail.split()[0]


# A [provider] table still holding the template's placeholder (as the built-in course does).
PLACEHOLDER_PROVIDER = """[provider]
name = "[Accredited provider name: replace before use]"
designation = "The [accredited provider: replace before use] designates this activity."
"""


def _course_with_provider(tmp_path: Path, provider: str) -> Path:
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    toml = course / "course.toml"
    text = toml.read_text(encoding="utf-8")
    start_at = text.index("[provider]")
    end = text.index("[[evaluation]]")
    toml.write_text(text[:start_at] + provider + "\n" + text[end:], encoding="utf-8")
    return course


def _course_without_provider(tmp_path: Path) -> Path:
    return _course_with_provider(tmp_path, "")


async def test_no_provider_gives_a_certificate_of_completion(
    make_app: MakeApp, tmp_path: Path, private_home: Path
) -> None:
    private_home.mkdir(parents=True, exist_ok=True)
    for n, provider in enumerate(("", PLACEHOLDER_PROVIDER)):
        folder = _course_with_provider(tmp_path / str(n), provider)
        app = make_app(folder, progress_override=str(tmp_path / f"{n}.progress.toml"))
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _open_records(app, pilot)
            text = said(app)
            assert "This course is not yet accredited for CME" in text
            assert "you will receive a certificate of completion" in text
            # no credit to claim, no cryptic core wording, no placeholder text
            assert not screen.query("#hours") and not screen.query("#claim")
            assert "replace before use" not in text and "course.toml" not in text
            assert "• type your name above, then press Save name" in text
            screen.query_one("#first-name", Input).value = "Ada"
            screen.query_one("#last-name", Input).value = "Lovelace"
            await click(pilot, "#save-name")
            assert "Your certificate of completion is ready." in said(app)
            await click(pilot, "#certificate")
            await settle(pilot)
            target = private_home / "ui-test-course-certificate.pdf"  # no Documents: home
            assert f"✓ Saved to {target}" in said(app)
        pdf = pdf_text(target)
        assert "Certificate of Completion" in pdf and "Ada Lovelace" in pdf
        assert "AMA PRA" not in pdf and "Credit" not in pdf
        target.unlink()


async def test_reset_course_lists_everything_it_wipes(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        session = app.active_session
        finish_course(session)
        session.update_learner(first_name="Ada", last_name="Lovelace")
        session.attest_credit(0.5)
        app.open_home()
        await settle(pilot)
        await click(pilot, "#reset-course")
        assert isinstance(app.screen, ConfirmScreen)
        text = said(app)
        for wiped in (
            "every page you have read",
            "every quiz answer and score",
            "every drill you have walked",
            "the time you spent in each module",
            "your course evaluation",
            "your credit claim (0.5 hours)",
            "Your name and CME details stay",
        ):
            assert wiped in text, wiped
        await click(pilot, "#yes")
        assert isinstance(app.screen, HomeScreen)
        assert "Start: First steps" in said(app)
    data = read_progress()
    assert data.get("modules", {}) == {} and "credit" not in data and "evaluation" not in data
    assert data["learner"]["first_name"] == "Ada"


async def test_continue_after_completion_leads_to_the_certificate(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        finish_course(app.active_session)
        app.open_item("first-steps", "drill-a-friend-request-after-clinic")  # an old debrief
        await settle(pilot)
        await press(pilot, "escape", "escape")
        assert isinstance(app.screen, HomeScreen)
        text = said(app)
        assert "You have completed the course." in text
        assert "Continue: your certificate" in text
        modules = app.screen.query_one("#modules", OptionList)
        assert modules.option_count == 2
        await press(pilot, "c")
        assert isinstance(app.screen, RecordsScreen)
