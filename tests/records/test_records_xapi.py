"""xAPI statements checked against the rules of the xAPI 1.0.3 specification.

The checker below encodes the parts of the spec (Data, section 2.4) that our
statements touch: required properties, no unknown properties, exactly one
inverse functional identifier for an Agent, IRIs, language maps, ADL verb
IRIs, interaction definitions, score ranges, ISO 8601 durations and
timestamps, and UUIDs.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from records_factory import simulate, write
from records_helpers import PROGRESS, Cli

from tutor.core.model import Course
from tutor.core.records import collect
from tutor.core.records.xapi import duration, statements, timestamp

ADL_VERBS = {
    f"http://adlnet.gov/expapi/verbs/{v}"
    for v in ("answered", "completed", "passed", "failed", "attempted", "experienced")
}
INTERACTION_TYPES = {
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
}
STATEMENT_KEYS = {
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "stored",
    "authority",
    "version",
    "attachments",
}
RESULT_KEYS = {"score", "success", "completion", "response", "duration", "extensions"}
CONTEXT_KEYS = {
    "registration",
    "instructor",
    "team",
    "contextActivities",
    "revision",
    "platform",
    "language",
    "statement",
    "extensions",
}
DEFINITION_KEYS = {
    "name",
    "description",
    "type",
    "moreInfo",
    "interactionType",
    "correctResponsesPattern",
    "choices",
    "scale",
    "source",
    "target",
    "steps",
    "extensions",
}
# ISO 8601 durations as xAPI uses them (PnYnMnDTnHnMnS, or PnW).
DURATION = re.compile(
    r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$"
)
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")


def _uuid(value: object) -> None:
    assert isinstance(value, str)
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        raise AssertionError(f"not a UUID: {value!r}") from None
    assert str(parsed) == value  # canonical lower-case hyphenated form
    assert parsed.variant == uuid.RFC_4122


def _language_map(value: object) -> None:
    assert isinstance(value, dict) and value
    for key, text in value.items():
        assert LANGUAGE_TAG.match(key), key
        assert isinstance(text, str)


def _iri(value: object) -> None:
    assert isinstance(value, str) and IRI.match(value), value


def _agent(actor: object) -> None:
    assert isinstance(actor, dict)
    assert set(actor) <= {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"}
    assert actor.get("objectType", "Agent") == "Agent"
    ifis = [k for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in actor]
    assert len(ifis) == 1, actor
    if "mbox" in actor:
        assert re.match(r"^mailto:[^@\s]+@[^@\s]+$", actor["mbox"]), actor["mbox"]
    if "account" in actor:
        account = actor["account"]
        assert set(account) == {"homePage", "name"}
        _iri(account["homePage"])
        assert isinstance(account["name"], str) and account["name"]
    if "name" in actor:
        assert isinstance(actor["name"], str)


def _activity(obj: object) -> dict[str, Any]:
    assert isinstance(obj, dict)
    assert obj.get("objectType", "Activity") == "Activity"
    assert set(obj) <= {"objectType", "id", "definition"}
    _iri(obj["id"])
    definition: dict[str, Any] = obj.get("definition", {})
    assert isinstance(definition, dict)
    assert set(definition) <= DEFINITION_KEYS
    if "type" in definition:
        _iri(definition["type"])
    for key in ("name", "description"):
        if key in definition:
            _language_map(definition[key])
    if "interactionType" in definition:
        assert definition["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
        kind = definition["interactionType"]
        assert kind in INTERACTION_TYPES
        # optional in xAPI 1.0.3; a survey question (likert, long-fill-in) has no right answer
        pattern = definition.get("correctResponsesPattern", [])
        assert isinstance(pattern, list) and all(isinstance(p, str) for p in pattern)
        if kind in ("true-false", "choice"):
            assert pattern, "tutor's quiz questions always give their correct responses"
        if kind == "likert":
            scale = [c["id"] for c in definition["scale"]]
            assert scale == ["1", "2", "3", "4", "5"]
            for item in definition["scale"]:
                assert set(item) == {"id", "description"}
                _language_map(item["description"])
        if kind == "true-false":
            assert pattern in (["true"], ["false"])
            assert "choices" not in definition
        if kind == "choice":
            ids = [c["id"] for c in definition["choices"]]
            assert len(ids) == len(set(ids))
            for choice in definition["choices"]:
                assert set(choice) <= {"id", "description"}
                _language_map(choice["description"])
            for p in pattern:
                assert set(p.split("[,]")) <= set(ids)
    return definition


def _extensions(value: object) -> None:
    assert isinstance(value, dict)
    for key in value:
        _iri(key)


def validate(statement: dict[str, Any]) -> None:
    """Raise AssertionError where `statement` breaks the xAPI 1.0.3 rules we check."""
    assert set(statement) <= STATEMENT_KEYS, set(statement) - STATEMENT_KEYS
    for key in ("id", "actor", "verb", "object", "timestamp"):
        assert key in statement, key
    _uuid(statement["id"])
    _agent(statement["actor"])
    verb = statement["verb"]
    assert set(verb) <= {"id", "display"}
    assert verb["id"] in ADL_VERBS
    _language_map(verb["display"])
    definition = _activity(statement["object"])
    assert TIMESTAMP.match(statement["timestamp"]), statement["timestamp"]
    dt.datetime.fromisoformat(statement["timestamp"].replace("Z", "+00:00"))
    result = statement.get("result", {})
    assert set(result) <= RESULT_KEYS
    if "score" in result:
        score = result["score"]
        assert set(score) <= {"scaled", "raw", "min", "max"}
        if "scaled" in score:
            assert -1 <= score["scaled"] <= 1
        if "min" in score and "max" in score:
            assert score["min"] <= score["max"]
        if "raw" in score:
            assert score.get("min", score["raw"]) <= score["raw"] <= score.get("max", score["raw"])
    for key in ("success", "completion"):
        if key in result:
            assert isinstance(result[key], bool)
    if "duration" in result:
        assert DURATION.match(result["duration"]), result["duration"]
    if "response" in result:
        assert isinstance(result["response"], str)
        if definition.get("interactionType") == "true-false":
            assert result["response"] in ("true", "false")
        if definition.get("interactionType") == "choice":
            ids = {c["id"] for c in definition["choices"]}
            assert set(result["response"].split("[,]")) <= ids
    if "extensions" in result:
        _extensions(result["extensions"])
    context = statement.get("context", {})
    assert set(context) <= CONTEXT_KEYS
    if "registration" in context:
        _uuid(context["registration"])
    if "language" in context:
        assert LANGUAGE_TAG.match(context["language"])
    for key, activities in context.get("contextActivities", {}).items():
        assert key in {"parent", "grouping", "category", "other"}
        assert isinstance(activities, list)
        for activity in activities:
            _activity(activity)
    if "extensions" in context:
        _extensions(context["extensions"])
    if verb["id"].endswith(("/passed", "/failed")):
        assert result["success"] is verb["id"].endswith("/passed")


def _all_statements(course: Course) -> list[dict[str, Any]]:
    batch = collect([PROGRESS], course)
    return statements(course, batch.learners).statements


def test_every_statement_is_valid(course: Course) -> None:
    out = _all_statements(course)
    assert out
    for statement in out:
        validate(statement)


def test_every_kind_of_event_is_there(course: Course) -> None:
    verbs = {s["verb"]["display"]["en-US"] for s in _all_statements(course)}
    assert verbs == {"answered", "passed", "failed", "completed"}
    types = {s["object"]["definition"]["type"].rsplit("/", 1)[1] for s in _all_statements(course)}
    assert types == {"cmi.interaction", "assessment", "simulation", "module", "course", "survey"}
    answered = [s for s in _all_statements(course) if s["verb"]["id"].endswith("/answered")]
    rated = [s for s in answered if "/evaluation/" in s["object"]["id"]]
    answered = [s for s in answered if s not in rated]
    # nothing from the lesson text: only ids and types, fixed whatever the trainer edits later
    assert all(set(s["object"]["definition"]) == {"type"} for s in answered)
    # the evaluation's questions: their kind and the fixed 1-5 scale, never their wording
    assert rated and all(
        set(s["object"]["definition"]) <= {"type", "interactionType", "scale"} for s in rated
    )
    assert all(
        "https://tutor.invalid/xapi/extensions/module-version" in s["context"]["extensions"]
        for s in answered
    )


def test_ids_are_unique_and_stable(course: Course) -> None:
    first = _all_statements(course)
    again = _all_statements(course)
    ids = [s["id"] for s in first]
    assert len(ids) == len(set(ids))
    assert ids == [s["id"] for s in again]
    assert all(uuid.UUID(i).version == 5 for i in ids)


def test_actor_without_email_uses_an_account(course: Course, tmp_path: Path) -> None:
    progress = simulate(course, seed=9, level="claimed", first_name="No", last_name="Mail")
    write(tmp_path, "nomail", progress)
    out = statements(course, collect([tmp_path], course).learners).statements
    for statement in out:
        validate(statement)
        assert statement["actor"]["account"] == {
            "homePage": "https://tutor.invalid/learners",
            "name": progress.learner.id,
        }
        assert "mbox" not in statement["actor"]


def test_the_checker_rejects_broken_statements(course: Course) -> None:
    good = _all_statements(course)[0]
    breakages: list[dict[str, Any]] = []
    for path, value in [
        (("id",), "not-a-uuid"),
        (("verb", "id"), "http://example.org/verbs/liked"),
        (("result", "score", "scaled"), 1.5),
        (("result", "duration"), "90 seconds"),
        (("timestamp",), "yesterday"),
        (("actor",), {"name": "nobody"}),
        (("object", "definition", "interactionType"), "essay"),
    ]:
        broken = json.loads(json.dumps(good))
        target = broken
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        breakages.append(broken)
    missing = json.loads(json.dumps(good))
    del missing["verb"]
    breakages.append(missing)
    for broken in breakages:
        with pytest.raises(AssertionError):
            validate(broken)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "PT0S"), (62, "PT1M2S"), (3600, "PT1H"), (3725.5, "PT1H2M5.50S"), (-3, "PT0S")],
)
def test_duration(seconds: float, text: str) -> None:
    assert duration(seconds) == text
    assert DURATION.match(text)


def test_timestamp_is_utc() -> None:
    when = dt.datetime(2026, 11, 5, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert timestamp(when) == "2026-11-05T07:30:00Z"
    assert timestamp(when.replace(microsecond=250_000)) == "2026-11-05T07:30:00.250Z"


def test_cli_xapi_output_is_a_json_array_of_valid_statements(cli: Cli) -> None:
    result = cli(
        "export", str(PROGRESS), "--format", "xapi", "--activity-base", "https://cme.example.org/x"
    )
    assert result.code == 0, result.err
    out = json.loads(result.out)
    assert isinstance(out, list) and out
    for statement in out:
        validate(statement)
        assert statement["object"]["id"].startswith("https://cme.example.org/x/")


def test_ids_depend_on_the_event_and_identity_only(course: Course, tmp_path: Path) -> None:
    progress = simulate(course, seed=4, level="claimed", first_name="Ada", email="Ada@Example.org")
    write(tmp_path, "a", progress)
    before = statements(course, collect([tmp_path], course).learners).statements
    progress.learner.first_name = "Augusta Ada"
    progress.learner.email = "  ada@example.ORG "
    write(tmp_path, "a", progress)
    after = statements(
        course, collect([tmp_path], course).learners, "https://cme.example.org/x"
    ).statements
    assert [s["id"] for s in after] == [s["id"] for s in before]
    assert {json.dumps(s["actor"]) for s in after} == {
        json.dumps({"objectType": "Agent", "mbox": "mailto:ada@example.org"})
    }
    assert not any("Ada" in json.dumps(s) for s in after)  # no name anywhere
    progress.learner.email = "ada.lovelace@example.org"  # another identity: other ids
    write(tmp_path, "a", progress)
    moved = statements(course, collect([tmp_path], course).learners).statements
    assert not {s["id"] for s in moved} & {s["id"] for s in before}
