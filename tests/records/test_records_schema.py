"""The JSON export matches its JSON Schema (tutor/core/records/records-v1.schema.json).

No JSON Schema library is a dependency, so a small checker below covers the
keywords the schema uses; a test proves it rejects what it should.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from records_helpers import GOLDEN

import tutor.core.records

SCHEMA_PATH = Path(tutor.core.records.__file__).parent / "records-v1.schema.json"
KNOWN = {
    "$schema", "$id", "$defs", "$ref", "title", "description", "type", "const", "enum",
    "required", "properties", "additionalProperties", "items", "pattern", "minimum",
    "maximum", "exclusiveMinimum", "oneOf",
}  # fmt: skip
TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


def _is(value: object, kind: str) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, TYPES[kind])


def check(value: object, schema: dict[str, Any], root: dict[str, Any], where: str = "$") -> None:
    unknown = set(schema) - KNOWN
    assert not unknown, f"checker does not know {unknown}"
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        check(value, target, root, where)
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        assert any(_is(value, k) for k in kinds), f"{where}: {value!r} is not {kinds}"
    if "const" in schema:
        assert value == schema["const"], f"{where}: {value!r} != {schema['const']!r}"
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if "oneOf" in schema:
        passed = 0
        for option in schema["oneOf"]:
            try:
                check(value, option, root, where)
                passed += 1
            except AssertionError:
                pass
        assert passed == 1, f"{where}: {value!r} matches {passed} of oneOf"
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, f"{where}: missing {key}"
        props = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            assert set(value) <= set(props), f"{where}: extra {set(value) - set(props)}"
        for key, sub in props.items():
            if key in value:
                check(value[key], sub, root, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            check(item, schema["items"], root, f"{where}[{i}]")
    if isinstance(value, str) and "pattern" in schema:
        assert re.search(schema["pattern"], value), f"{where}: {value!r} !~ {schema['pattern']}"
    if _is(value, "number"):
        assert isinstance(value, int | float)
        if "minimum" in schema:
            assert value >= schema["minimum"], where
        if "maximum" in schema:
            assert value <= schema["maximum"], where
        if "exclusiveMinimum" in schema:
            assert value > schema["exclusiveMinimum"], where


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def export() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((GOLDEN / "export.json").read_text(encoding="utf-8"))
    return loaded


def test_golden_export_matches_the_schema(schema: dict[str, Any], export: dict[str, Any]) -> None:
    check(export, schema, schema)
    assert any(r["certificate_code"] for r in export["records"])
    assert any(r["credit"] is None for r in export["records"])


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d.update(format="other"),
        lambda d: d["records"][0].update(status="finished"),
        lambda d: d["records"][0]["learner"].update(birth_month=13),
        lambda d: d["records"][0].update(extra=1),
        lambda d: d["records"][0].update(completed="2026-11-03 08:00"),
        lambda d: d["records"][0]["modules"][0].update(score=1.5),
        lambda d: d["records"][0].pop("source"),
        lambda d: d["records"][0].update(certificate_code="abc"),
    ],
)
def test_checker_rejects(schema: dict[str, Any], export: dict[str, Any], breakage: Any) -> None:
    broken = json.loads(json.dumps(export))
    breakage(broken)
    with pytest.raises(AssertionError):
        check(broken, schema, schema)
