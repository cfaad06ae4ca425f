"""Schema migrations: pure functions, tested against a real schema-0 fixture."""

from __future__ import annotations

import copy
import datetime as dt
import tomllib

import pytest
from progress_course import FIXTURES

from tutor.core.progress import (
    MIGRATIONS,
    SCHEMA_VERSION,
    ProgressError,
    dumps,
    loads,
    migrate,
    verify_chain,
)
from tutor.core.progress.model import genesis

SCHEMA0 = FIXTURES / "schema0.toml"


def test_every_older_schema_has_a_migration() -> None:
    assert sorted(MIGRATIONS) == list(range(SCHEMA_VERSION))


def test_migrations_are_pure() -> None:
    data = tomllib.loads(SCHEMA0.read_text())
    before = copy.deepcopy(data)
    migrated = migrate(data)
    assert data == before
    assert migrated is not data
    assert migrate(data) == migrated  # same input, same output


def test_schema0_to_1_dict() -> None:
    new = MIGRATIONS[0](tomllib.loads(SCHEMA0.read_text()))
    assert new["schema_version"] == 1
    assert new["course"] == {"id": "test-course", "version": "", "content_hash": ""}
    assert new["learner"] == {
        "id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
        "first_name": "Mary Ann",
        "last_name": "Smith",
    }
    attempt = new["modules"]["basics"]["quiz_attempts"][0]
    assert attempt["seed"] == 0 and attempt["content_hash"] == ""
    assert [a["chosen"] for a in attempt["answers"]] == [["a"], ["b"]]
    assert [a["seq"] for a in attempt["answers"]] == [1, 2]
    assert attempt["seq"] == 3
    assert new["modules"]["basics"]["drill_runs"][0]["seq"] == 4
    assert "integrity" not in new


@pytest.mark.parametrize(
    ("name", "first", "last"),
    [("Ada", "Ada", ""), ("Ada Lovelace", "Ada", "Lovelace"), ("", "", "")],
)
def test_schema0_names_are_split_on_the_last_space(name: str, first: str, last: str) -> None:
    new = MIGRATIONS[0]({"schema_version": 0, "learner": {"id": "x", "name": name}})
    assert (new["learner"]["first_name"], new["learner"]["last_name"]) == (first, last)


def test_schema0_file_loads_as_current_progress() -> None:
    progress = loads(SCHEMA0.read_text())
    assert progress.learner.full_name == "Mary Ann Smith"
    assert progress.course.id == "test-course"
    mp = progress.modules["basics"]
    assert mp.seconds == 900
    assert mp.quiz_attempts[0].answers[1].chosen == ["b"]
    assert mp.quiz_attempts[0].score == 0.4
    assert mp.drill_runs[0].ending == "good-end"
    assert mp.started == dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)
    # a new chain, whose base says it began at a migration
    assert verify_chain(progress)
    assert progress.integrity.base == genesis(progress.learner.id, "migrated from schema 0")
    assert progress.integrity.seq == 4
    # and it is written as the current schema
    again = loads(dumps(progress))
    assert again == progress
    assert dumps(progress).startswith(f"schema_version = {SCHEMA_VERSION}\n")


def test_a_bad_value_in_an_old_file_still_names_its_line() -> None:
    text = SCHEMA0.read_text().replace('chosen = "b"', "chosen = 7")
    with pytest.raises(ProgressError) as info:
        loads(text)
    line = text[: text.index("chosen = 7")].count("\n") + 1
    assert info.value.line == line
    assert info.value.reason == "invalid"


def test_a_schema_without_a_migration_is_refused() -> None:
    with pytest.raises(ProgressError, match="schema_version"):
        migrate({"schema_version": "zero"})
