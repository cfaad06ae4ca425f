"""docs/lesson-format.md shows, for every code, what the linter really prints."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

from tutor.core.diagnostics import CODES

ROOT = Path(__file__).resolve().parent.parent.parent
DOC = ROOT / "docs" / "lesson-format.md"


def load_tool() -> ModuleType:
    path = ROOT / "tools" / "doc_examples.py"
    spec = importlib.util.spec_from_file_location("doc_examples", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("doc_examples", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_examples_section_is_up_to_date() -> None:
    tool = load_tool()
    doc = DOC.read_text(encoding="utf-8")
    assert tool.updated(doc) == doc, "run: uv run python tools/doc_examples.py --write"


def test_the_table_of_codes_is_the_registry() -> None:
    doc = DOC.read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([A-Z]\d{3}) \| (error|warning) \| (.*) \|$", doc, re.M)
    assert rows == [(c.code, c.severity.value, c.summary) for c in CODES.values()]


def test_every_code_in_the_registry_has_an_example() -> None:
    doc = DOC.read_text(encoding="utf-8")
    examples = re.findall(r"^### ([A-Z]\d{3})$", doc, re.M)
    assert examples == list(CODES)
    assert [e.code for e in load_tool().EXAMPLES] == list(CODES)
