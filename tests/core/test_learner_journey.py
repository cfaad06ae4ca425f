"""The core of the learner's journey: what Continue leads to, the last answer finishing a
quiz attempt, where the app resumes, drill paths, and which certificate a course gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec
import pytest
from progress_course import FakeClock, make_course

from tests.support.learner import finish_course, finish_every_module
from tutor.core import certify, preferences
from tutor.core.completion import NextStep, Step
from tutor.core.drill_paths import best_choices, best_ending, taken_choices, took_best_path
from tutor.core.model import Course
from tutor.core.progress import Position, Progress
from tutor.core.records import CertificateError
from tutor.core.session import Session

RIGHT = {"q1": {"a"}, "q2": {"c"}, "q3": {"a", "c"}, "q4": {"true"}, "q5": {"b"}}


def memory(course: Course | None = None) -> tuple[Session, list[Progress]]:
    course = course or make_course()
    saved: list[Progress] = []
    progress = Progress.new(course, dt.datetime(2026, 11, 21, tzinfo=dt.UTC))
    return Session(course, progress, saved.append, FakeClock()), saved


# -- Continue: the next thing to do ----------------------------------------------------------


def test_next_step_walks_pages_quiz_drill_then_evaluation_then_certificate() -> None:
    s, _ = memory()
    assert s.next_step() == NextStep(Step.ITEM, "basics", "intro")
    s.view_page("basics", "audience")  # read out of order: the first unread still comes first
    assert s.next_step() == NextStep(Step.ITEM, "basics", "intro")
    s.view_page("basics", "intro")
    assert s.next_step() == NextStep(Step.ITEM, "basics", "quiz")
    s.start_quiz("basics")
    for qid in ("q1", "q2", "q3", "q4"):
        s.answer("basics", qid, RIGHT[qid])
    assert s.next_step() == NextStep(Step.ITEM, "basics", "quiz")  # not passed yet
    s.answer("basics", "q5", RIGHT["q5"])
    assert s.next_step() == NextStep(Step.ITEM, "basics", "drill")
    s.start_drill("basics", "drill")
    s.choose("basics", "drill", "explain")
    assert s.next_step() == NextStep(Step.ITEM, "second", "only")
    s.view_page("second", "only")
    assert s.next_step() == NextStep(Step.EVALUATION)
    s.submit_evaluation({"met-objectives": "4"})
    assert s.next_step() == NextStep(Step.CERTIFICATE)


def test_a_failed_quiz_stays_next_and_without_an_evaluation_the_certificate_follows() -> None:
    s, _ = memory(make_course(evaluation=False))
    finish_every_module(s)
    assert s.next_step() == NextStep(Step.CERTIFICATE)
    s.start_quiz("basics")
    wrong = {"q1": {"b"}, "q2": {"a"}, "q3": {"a"}, "q4": {"false"}, "q5": {"a"}}
    for qid in RIGHT:
        s.answer("basics", qid, wrong[qid])
    # the passed attempt before still counts: nothing to redo
    assert s.next_step() == NextStep(Step.CERTIFICATE)


# -- the last answer finishes the attempt ------------------------------------------------------


def test_the_last_answer_finishes_and_scores_the_attempt_in_one_save() -> None:
    s, saved = memory()
    s.start_quiz("basics")
    for qid in ("q1", "q2", "q3", "q4"):
        s.answer("basics", qid, RIGHT[qid])
    attempt = s.current_attempt("basics")
    assert attempt is not None and attempt.finished is None
    before = len(saved)
    s.answer("basics", "q5", {"a"})  # wrong: 4 of 5
    assert len(saved) == before + 1
    assert s.current_attempt("basics") is None
    last = s.last_attempt("basics")
    assert last is attempt and last.finished is not None
    assert last.score == pytest.approx(0.8) and last.passed
    assert s.progress.position == Position("basics", "quiz", "")
    # finishing again gives the same attempt and writes nothing
    assert s.finish_quiz("basics") is last
    assert len(saved) == before + 1


# -- where the app resumes --------------------------------------------------------------------


def test_visit_records_the_place_and_writes_only_when_it_changes() -> None:
    s, saved = memory()
    s.visit("basics", "intro")  # a page: read, and the place
    assert s.progress.modules["basics"].pages_viewed == ["intro"]
    assert s.progress.position == Position("basics", "intro", "")
    count = len(saved)
    s.visit("basics", "intro")
    assert len(saved) == count  # nothing changed, nothing written
    s.visit("basics")
    assert s.progress.position == Position("basics", "", "")
    s.visit("")
    assert s.progress.position == Position()
    s.start_quiz("basics")
    s.answer("basics", "q1", RIGHT["q1"])
    s.visit("")
    s.visit("basics", "quiz")  # back in a quiz under way: at its next question
    assert s.progress.position == Position("basics", "quiz", "q2")
    s.start_drill("basics", "drill")
    s.choose("basics", "drill", "accept")
    s.visit("basics", "drill")
    assert s.progress.position == Position("basics", "drill", "accepted")


# -- drill paths -----------------------------------------------------------------------------


def test_best_and_taken_paths() -> None:
    course = make_course()
    drill = course.modules[0].drills[0]
    best = best_choices(drill)
    assert [(st.id, c.id) for st, c in best] == [("start", "explain")]
    ending = best_ending(drill)
    assert ending is not None and ending.id == "good-end"
    s, _ = memory(course)
    run = s.start_drill("basics", "drill")
    s.choose("basics", "drill", "accept")
    s.choose("basics", "drill", "redirect")
    assert [(st.id, c.id) for st, c in taken_choices(drill, run)] == [
        ("start", "accept"),
        ("accepted", "redirect"),
    ]
    assert not took_best_path(drill, run)
    again = s.start_drill("basics", "drill")
    s.choose("basics", "drill", "explain")
    assert took_best_path(drill, again)


# -- which certificate -----------------------------------------------------------------------


def _with_provider(provider: str, designation: str = "") -> Course:
    return msgspec.structs.replace(make_course(), provider=provider, designation=designation)


def test_only_a_real_provider_offers_credit() -> None:
    assert certify.kind_of(_with_provider("Provider", "Designates 2.25")) is certify.Kind.CME
    for provider, designation in (
        ("", ""),
        ("[Accredited provider name: replace before use]", "x"),
        ("Provider", "The [accredited provider: replace before use] designates"),
    ):
        course = _with_provider(provider, designation)
        assert certify.kind_of(course) is certify.Kind.COMPLETION


def test_a_certificate_of_completion_needs_a_name_and_the_course_done_but_no_claim() -> None:
    course = _with_provider("")
    s, _ = memory(course)
    status = certify.status(course, s.progress)
    assert status.kind is certify.Kind.COMPLETION and not status.ready
    assert "add your name in your profile first" in status.problems
    with pytest.raises(CertificateError):
        certify.make(course, s.progress)
    finish_course(s)
    s.update_learner(first_name="Ada", last_name="Lovelace")
    status = certify.status(course, s.progress)
    assert status.ready and status.code
    made = certify.make(course, s.progress)
    assert made.data.startswith(b"%PDF") and made.code == status.code
    assert made.filename == "test-course-certificate.pdf"


def test_a_cme_certificate_needs_the_credit_claim() -> None:
    course = _with_provider("Provider", "Provider designates 2.25 credits.")
    s, _ = memory(course)
    finish_course(s)
    s.update_learner(first_name="Ada", last_name="Lovelace")
    status = certify.status(course, s.progress)
    assert not status.ready and any("claim" in p for p in status.problems)
    s.attest_credit(1.5)
    status = certify.status(course, s.progress)
    assert status.ready and certify.make(course, s.progress).code == status.code


# -- preferences -------------------------------------------------------------------------------


def test_preferences_round_trip_and_a_bad_file_gives_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "prefs" / "preferences.toml"
    assert preferences.load(path) == (preferences.Preferences(), "")
    preferences.save(path, preferences.Preferences(theme="tutor-high-contrast"))
    assert preferences.load(path)[0].theme == "tutor-high-contrast"
    path.write_text("theme = [1, 2\n", encoding="utf-8")
    loaded, problem = preferences.load(path)
    assert loaded == preferences.Preferences()
    assert problem.startswith(f"{path}:") and problem.endswith("using defaults")
    path.write_text("theme = 3\n", encoding="utf-8")
    assert preferences.load(path)[1]
