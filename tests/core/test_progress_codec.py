"""The progress file's TOML: round trips, the writer, and every bad file in the corpus."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from progress_course import CORPUS, COURSE_ID, FIXTURES, GOOD, FakeClock, make_course

from tutor.core.locate import locate
from tutor.core.progress import (
    SCHEMA_VERSION,
    Answer,
    ModuleProgress,
    Progress,
    ProgressError,
    QuizAttempt,
    dumps,
    from_toml_dict,
    loads,
    loads_bytes,
    to_toml_dict,
    verify_chain,
)
from tutor.core.progress.model import utc
from tutor.core.session import Session


def busy_progress() -> Progress:
    """A progress with every kind of record, made through the session."""
    course = make_course()
    clock = FakeClock()
    progress = Progress.new(course, clock())
    s = Session(course, progress, lambda p: None, clock, new_seed=lambda: 4242)
    s.update_learner(first_name="Zoë", last_name='O"Brien \\ [b]', birth_month=2, birth_day=29)
    s.view_page("basics", "intro")
    s.view_page("basics", "audience")
    s.add_time("basics", 61.4)
    s.start_quiz("basics")
    for qid, chosen in [("q1", {"a"}), ("q2", {"c"}), ("q3", {"a", "c"}), ("q4", {"true"})]:
        s.answer("basics", qid, chosen)
    s.answer("basics", "q5", {"a"})
    s.finish_quiz("basics")
    s.start_drill("basics", "drill")
    s.choose("basics", "drill", "accept")
    s.choose("basics", "drill", "reply")
    s.view_page("second", "only")
    s.submit_evaluation({"met-objectives": "5", "comments": "Useful.\nThanks"})
    s.attest_credit(1.5)
    s.start_quiz("basics")
    s.answer("basics", "q1", {"b"})
    return progress


# -- round trips -------------------------------------------------------------------------


def test_round_trip_is_exact() -> None:
    progress = busy_progress()
    again = loads(dumps(progress))
    assert again == progress
    assert verify_chain(again)
    assert dumps(again) == dumps(progress)


def test_writer_output_is_what_tomllib_reads() -> None:
    progress = busy_progress()
    assert tomllib.loads(dumps(progress)) == to_toml_dict(progress)
    assert from_toml_dict(to_toml_dict(progress)) == progress


def test_schema_version_is_the_first_line_and_integrity_the_last_table() -> None:
    text = dumps(busy_progress())
    assert text.splitlines()[0] == f"schema_version = {SCHEMA_VERSION}"
    headers = [line for line in text.splitlines() if line.startswith("[")]
    assert headers[-1] == "[integrity]"


def test_fixture_file_loads_and_verifies() -> None:
    progress = loads_bytes(GOOD.read_bytes(), GOOD, course_id=COURSE_ID)
    assert progress.learner.first_name == "Ada"
    assert verify_chain(progress)
    # written by tomli-w since the writer was simplified: the same data, not the same bytes
    assert loads(dumps(progress)) == progress


def test_timestamps_are_written_as_utc_and_read_back_aware() -> None:
    text = dumps(busy_progress())
    data = tomllib.loads(text)
    assert "created = 20" in text
    assert text.split("created = ", 1)[1].split("\n")[0].endswith("+00:00")
    stamps: list[dt.datetime] = []

    def walk(value: object) -> None:
        if isinstance(value, dt.datetime):
            stamps.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(data)
    assert len(stamps) > 10
    assert all(s.utcoffset() == dt.timedelta(0) for s in stamps)


def test_offset_timestamps_are_read_as_the_same_instant_in_utc() -> None:
    text = GOOD.read_text().replace(
        "created = 2026-11-21T16:00:01Z", "created = 2026-11-21T18:00:01+02:00"
    )
    progress = loads(text)
    assert progress.created == dt.datetime(2026, 11, 21, 16, 0, 1, tzinfo=dt.UTC)
    assert progress.created.tzinfo is dt.UTC


def test_naive_timestamps_are_refused_everywhere() -> None:
    with pytest.raises(ValueError, match="naive"):
        utc(dt.datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="naive"):
        Progress.new(make_course(), dt.datetime(2026, 1, 1))
    progress = busy_progress()
    progress.updated = dt.datetime(2026, 1, 1)
    with pytest.raises(ValueError, match="naive"):
        dumps(progress)


def test_local_date_where_a_timestamp_belongs_names_the_line() -> None:
    text = GOOD.read_text().replace("updated = 2026-11-21T16:00:18Z", "updated = 2026-11-21")
    with pytest.raises(ProgressError) as info:
        loads(text, Path("p.toml"))
    assert info.value.reason == "invalid"
    assert info.value.line == 4
    assert str(info.value).startswith("p.toml:4:1: updated: should be a UTC timestamp")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("seconds = 412", 'seconds = "412"'),
        ("seconds = 412", "seconds = -1"),
        ("score = 0.8", "score = nan"),
        ("score = 0.8", "score = 1.5"),
        ('chosen = ["a", "c"]', 'chosen = ["a", 1]'),
        ("correct = false", 'correct = "yes"'),
        ("birth_month = 12", "birth_month = 13"),
        ('id = "6f1c0d2e9a8b4c7d8e9f0a1b2c3d4e5f"', 'id = ""'),
        ("schema_version = 1", "schema_version = true"),
        ("schema_version = 1", "schema_version = -3"),
        ('ending = "good-end"', "ending = []"),
        ("seq = 8\nbase", 'seq = "8"\nbase'),
    ],
)
def test_bad_values_name_their_line(old: str, new: str) -> None:
    text = GOOD.read_text()
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    with pytest.raises(ProgressError) as info:
        loads(text.replace(old, new, 1), Path("p.toml"))
    assert info.value.reason == "invalid"
    assert info.value.line == line, str(info.value)
    assert str(info.value).startswith(f"p.toml:{line}:1: ")


def test_a_huge_number_is_an_error_not_a_crash() -> None:
    text = GOOD.read_text()
    line = text[: text.index("seconds = 412")].count("\n") + 1
    with pytest.raises(ProgressError) as info:
        loads(text.replace("seconds = 412", "seconds = " + "9" * 5000), Path("p.toml"))
    assert info.value.line == line


# -- the corpus of bad files ------------------------------------------------------------


def test_the_corpus_is_complete() -> None:
    assert sorted(p.name for p in (FIXTURES / "bad").iterdir()) == sorted(CORPUS)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_each_bad_file_gives_one_plain_line_with_the_file_and_line(name: str) -> None:
    path = FIXTURES / "bad" / name
    reason, line = CORPUS[name]
    with pytest.raises(ProgressError) as info:
        loads_bytes(path.read_bytes(), path, course_id=COURSE_ID)
    error = info.value
    assert error.reason == reason
    assert error.path == path
    assert error.line == line
    message = str(error)
    assert "\n" not in message and "Traceback" not in message
    expected = f"{path}:{line}:" if line is not None else f"{path}: "
    assert message.startswith(expected), message
    # no chained exception to print: the error stands on its own
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__


def test_comments_only_is_empty() -> None:
    with pytest.raises(ProgressError) as info:
        loads("# nothing here\n\n")
    assert info.value.reason == "empty"


def test_too_large_is_refused_before_parsing() -> None:
    with pytest.raises(ProgressError) as info:
        loads_bytes(b"x" * 101, Path("big.toml"), max_bytes=100)
    assert info.value.reason == "too-large"


def test_a_file_without_course_check_loads_any_course() -> None:
    path = FIXTURES / "bad" / "foreign-course.toml"
    assert loads_bytes(path.read_bytes()).course.id == "another-course"


# -- the line locator ----------------------------------------------------------------------


def test_locate_walks_arrays_of_tables_and_quoted_keys() -> None:
    text = (
        'a = 1\ns = """\n[fake]\nx = 1\n"""\n'
        "[t]\n"
        '"odd.key" = 2\n'
        "arr = [\n  1, # [not.a.table]\n  2,\n]\n"
        "[[t.list]]\nv = 1\n"
        "[[t.list]]\nv = 2\n"
        "[[t.list.inner]]\nw = 3\n"
    )
    assert locate(text, ("a",)) == (1, 1)
    assert locate(text, ("t", "odd.key")) == (7, 1)
    assert locate(text, ("t", "arr", 1)) == (8, 1)
    assert locate(text, ("t", "list", 0, "v")) == (13, 1)
    assert locate(text, ("t", "list", 1, "v")) == (15, 1)
    assert locate(text, ("t", "list", 1, "inner", 0, "w")) == (17, 1)
    assert locate(text, ("fake", "x")) is None
    assert locate(text, ("t", "list", 1, "missing")) == (14, 1)


# -- properties ---------------------------------------------------------------------------

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _total(data: bytes) -> None:
    """Any bytes: a Progress or a ProgressError, never anything else."""
    try:
        result = loads_bytes(data, Path("fuzz.toml"), course_id=COURSE_ID)
    except ProgressError as e:
        assert "\n" not in str(e)
        return
    assert isinstance(result, Progress)


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes_load_or_fail_cleanly(data: bytes) -> None:
    _total(data)


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("[]{}=\"'#.,\n \\abc1-_:TZ+")), max_size=300))
def test_toml_ish_text_loads_or_fails_cleanly(text: str) -> None:
    _total(("schema_version = 1\n" + text).encode())


GOOD_BYTES = GOOD.read_bytes()


@SETTINGS
@given(
    st.integers(0, len(GOOD_BYTES)),
    st.integers(0, 40),
    st.binary(max_size=8),
)
def test_damaged_good_files_load_or_fail_cleanly(at: int, cut: int, insert: bytes) -> None:
    _total(GOOD_BYTES[:at] + insert + GOOD_BYTES[at + cut :])


@SETTINGS
@given(
    st.text(max_size=40),
    st.text(max_size=40),
    st.text(min_size=1, max_size=20),
    st.lists(st.text(max_size=10), max_size=4),
    st.floats(0.0, 1.0),
    st.datetimes(
        min_value=dt.datetime(1, 1, 2),
        max_value=dt.datetime(9999, 12, 30),
        timezones=st.just(dt.UTC),
    ),
)
def test_any_text_and_values_round_trip(
    name: str, email: str, module_id: str, chosen: list[str], score: float, when: dt.datetime
) -> None:
    progress = busy_progress()
    progress.learner.first_name = name
    progress.learner.email = email
    attempt = QuizAttempt(number=1, started=when, finished=when, score=score, passed=False)
    attempt.answers.append(Answer(module_id, tuple(sorted(chosen)), True, when))
    progress.modules[module_id] = ModuleProgress(quiz_attempts=[attempt], pages_viewed=chosen)
    progress.seal_answer(module_id, attempt, attempt.answers[0])
    progress.seal_attempt(module_id, attempt)
    text = dumps(progress)
    assert tomllib.loads(text) == to_toml_dict(progress)
    again = loads(text)
    assert again == progress
    assert verify_chain(again)


def test_records_are_mutable() -> None:
    progress = busy_progress()
    progress.position.module = "second"
    assert loads(dumps(progress)).position.module == "second"
