"""Schema migrations: pure functions from one schema's dict to the next one's.

`MIGRATIONS[n]` turns a schema-n dict into a schema-(n+1) dict. Each returns a
new dict and never changes its argument. They are forgiving: a value of an
unexpected type is passed through unchanged so that the reader can report it
with its line, rather than the migration failing without one.

Schema 0 was the prototype's format (kept so the mechanism is exercised by a
real fixture, tests/fixtures/progress/schema0.toml):

- `course = "id"` was a plain string, with no version or content hash;
- the learner had one `name` field;
- a quiz answer's `chosen` was a single option id (single-answer questions only);
- quiz attempts had no `seed` or `content_hash`;
- there was no `seq` and no `[integrity]`: the reader starts a new chain, whose
  base records that it began at a migration.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from tutor.core.progress.errors import ProgressError
from tutor.core.progress.model import SCHEMA_VERSION

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _v0_to_v1(old: dict[str, Any]) -> dict[str, Any]:
    d = copy.deepcopy(old)
    d["schema_version"] = 1
    course = d.get("course")
    if isinstance(course, str):
        d["course"] = {"id": course, "version": "", "content_hash": ""}
    learner = d.get("learner")
    if isinstance(learner, dict) and "name" in learner:
        name = learner.pop("name")
        if isinstance(name, str):
            first, _, last = name.strip().rpartition(" ")
            # "Ada" alone is a first name; "Mary Ann Smith" -> "Mary Ann" + "Smith"
            learner.setdefault("first_name", first or last)
            learner.setdefault("last_name", last if first else "")
    seq = 0
    modules = d.get("modules")
    if isinstance(modules, dict):
        for module in modules.values():
            if not isinstance(module, dict):
                continue
            for attempt in _tables(module.get("quiz_attempts")):
                attempt.setdefault("seed", 0)
                attempt.setdefault("content_hash", "")
                for answer in _tables(attempt.get("answers")):
                    chosen = answer.get("chosen")
                    if isinstance(chosen, str):
                        answer["chosen"] = [chosen]
                    seq += 1
                    answer["seq"] = seq
                if "finished" in attempt:
                    seq += 1
                    attempt["seq"] = seq
            for run in _tables(module.get("drill_runs")):
                if "finished" in run:
                    seq += 1
                    run["seq"] = seq
    d.pop("integrity", None)
    return d


def _tables(value: object) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [t for t in value if isinstance(t, dict)]


#: schema n -> the function that makes schema n + 1
MIGRATIONS: dict[int, Migration] = {
    0: _v0_to_v1,
}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a dict of any older schema up to SCHEMA_VERSION, one step at a time."""
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProgressError(
            "invalid", "schema_version should be a whole number", key=("schema_version",)
        )
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ProgressError(
                "invalid",
                f"schema_version {version} is too old to read (no migration from it)",
                key=("schema_version",),
            )
        data = step(data)
        version += 1
    return data
