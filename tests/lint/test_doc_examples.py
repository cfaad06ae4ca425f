"""docs/lesson-format.md shows, for every code, what the linter really prints."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

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


def test_every_code_in_the_table_has_an_example() -> None:
    doc = DOC.read_text(encoding="utf-8")
    table = set(re.findall(r"^\| ([A-Z]\d{3}) \|", doc, re.M))
    examples = set(re.findall(r"^### ([A-Z]\d{3})$", doc, re.M))
    assert len(table) == 36
    assert table == examples
    assert table == {e.code for e in load_tool().EXAMPLES}
