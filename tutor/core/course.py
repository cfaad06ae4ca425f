"""Load a course folder: `course.toml` plus one markdown file per module."""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor.core.diagnostics import Diagnostic, Sink
from tutor.core.model import Course, EvalQuestion, Module
from tutor.core.parser import ParsedModule, parse_module
from tutor.core.text import strip_controls

COURSE_FILE = "course.toml"
MAX_FILE = 4 * 1024 * 1024
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
NOT_MODULES = {"readme.md", "changelog.md", "license.md"}


@dataclass(slots=True)
class CourseLoad:
    """A course (None when it cannot be built) and everything found wrong on the way."""

    root: Path
    course: Course | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    parsed: list[ParsedModule] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


def load_course(root: Path) -> CourseLoad:
    """Parse every module of the course in `root`. Never raises for bad content."""
    path = root / COURSE_FILE
    sink = Sink(path)
    load = CourseLoad(root, None)
    try:
        raw = _read(path)
    except FileNotFoundError:
        sink.error(
            1,
            1,
            "C001",
            f"no {COURSE_FILE} in {root}",
            "create it with id, title, version and the list of modules (see docs/lesson-format.md)",
        )
        load.diagnostics = sink.items
        return load
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        sink.error(1, 1, "C002", f"cannot read {COURSE_FILE}: {exc}", "save it as UTF-8 text")
        load.diagnostics = sink.items
        return load
    data = _parse_toml(raw, sink)
    settings = _settings(data, raw, sink) if data is not None else None
    names = settings["modules"] if settings else []
    for name in names:
        file = root / name
        if not file.is_file():
            line = _line_of(raw, name)
            sink.error(
                line,
                _col_of(raw, name, line),
                "C004",
                f'module "{name}" is listed but there is no such file',
                f"create {file}, or remove it from modules in {COURSE_FILE}",
            )
            continue
        load.parsed.append(parse_module(file))
    listed = {n.lower() for n in names}
    for file in sorted(root.glob("*.md")):
        if file.name.lower() not in listed and file.name.lower() not in NOT_MODULES:
            sink.warning(
                1,
                1,
                "C005",
                f'module file "{file.name}" is not listed in modules',
                f"add it to modules in {COURSE_FILE} so learners can reach it, or delete it",
            )
    modules = [p.module for p in load.parsed if p.module is not None]
    seen: dict[str, Module] = {}
    for module in modules:
        if module.id in seen:
            sink.error(
                module.pos.line,
                module.pos.col,
                "C006",
                f'module id "{module.id}" is also used by {seen[module.id].pos.file.name}',
                "give each module its own id in its front matter",
            )
        seen.setdefault(module.id, module)
    if settings is not None:
        _check_credit(settings, modules, raw, sink)
    load.diagnostics = sink.items + [d for p in load.parsed for d in p.diagnostics]
    if settings is not None and len(modules) == len(load.parsed) == len(names):
        load.course = _course(root, settings, modules, names)
    return load


def _read(path: Path) -> str:
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise ValueError("the file is larger than 4 MiB")
    return data.decode("utf-8").removeprefix("\ufeff")


def _parse_toml(raw: str, sink: Sink) -> dict[str, Any] | None:
    try:
        return tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_AT.search(str(exc))
        line, col = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
        sink.error(
            line,
            col,
            "C002",
            f"{COURSE_FILE} is not valid TOML: {_TOML_AT.sub('', str(exc)).strip()}",
            'check quotes, commas and brackets; text values need "double quotes"',
        )
    except RecursionError:
        sink.error(1, 1, "C002", f"{COURSE_FILE} is nested too deeply")
    return None


_REQUIRED: dict[str, tuple[type | tuple[type, ...], str]] = {
    "id": (str, 'id = "my-course"'),
    "title": (str, 'title = "Course title"'),
    "version": (str, 'version = "2026.11"'),
    "audience": (str, 'audience = "Practising physicians"'),
    "passing_score": ((int, float), "passing_score = 80"),
    "learning_format": (str, 'learning_format = "enduring material"'),
    "max_credit": ((int, float), "max_credit = 2.5"),
    "modules": (list, 'modules = ["01-intro.md"]'),
}


def _settings(data: dict[str, Any], raw: str, sink: Sink) -> dict[str, Any] | None:
    ok = True
    for key, (kind, example) in _REQUIRED.items():
        value = data.get(key)
        if value is None or not isinstance(value, kind) or isinstance(value, bool):
            what = "is missing" if value is None else "has the wrong type"
            line = _line_of(raw, key) if value is not None else 1
            sink.error(line, 1, "C003", f'"{key}" {what}', f"write {example}")
            ok = False
    provider = data.get("provider", {})
    if not isinstance(provider, dict) or not all(
        isinstance(provider.get(k), str) for k in ("name", "designation")
    ):
        sink.error(
            _line_of(raw, "[provider]"),
            1,
            "C003",
            "[provider] needs name and designation",
            'add [provider] with name = "..." and designation = "..."',
        )
        ok = False
    modules = data.get("modules")
    if isinstance(modules, list) and not all(isinstance(m, str) for m in modules):
        sink.error(
            _line_of(raw, "modules"),
            1,
            "C003",
            "modules must be a list of file names",
            'write modules = ["01-intro.md", "02-next.md"]',
        )
        ok = False
    score = data.get("passing_score")
    if isinstance(score, int | float) and not 0 < score <= 100:
        sink.error(
            _line_of(raw, "passing_score"),
            1,
            "C003",
            "passing_score must be a percentage above 0 and at most 100",
            "write passing_score = 80",
        )
        ok = False
    evaluation = data.get("evaluation", [])
    if not isinstance(evaluation, list) or not all(
        isinstance(e, dict)
        and isinstance(e.get("id"), str)
        and isinstance(e.get("prompt"), str)
        and e.get("kind", "rating") in ("rating", "text")
        for e in evaluation
    ):
        sink.error(
            _line_of(raw, "[[evaluation]]"),
            1,
            "C003",
            "each [[evaluation]] item needs id, prompt and kind (rating or text)",
            'write id = "useful", prompt = "...", kind = "rating"',
        )
        ok = False
    return data if ok else None


def _check_credit(settings: dict[str, Any], modules: list[Module], raw: str, sink: Sink) -> None:
    credit = float(settings["max_credit"])
    total = sum(m.minutes for m in modules)
    allowed = int(total / 60 * 4) / 4
    line = _line_of(raw, "max_credit")
    if credit <= 0 or (credit * 4) != int(credit * 4):
        sink.error(
            line,
            1,
            "C007",
            f"max_credit {credit:g} is not a positive multiple of 0.25",
            "credit is claimed in quarter hours: 0.25, 0.5, 0.75, ...",
        )
    elif credit > allowed:
        sink.error(
            line,
            1,
            "C007",
            f"max_credit {credit:g} exceeds the {total} estimated minutes ({allowed:g} hours)",
            f"lower max_credit to at most {allowed:g}, or check the modules' minutes",
        )


def _course(root: Path, data: dict[str, Any], modules: list[Module], names: list[str]) -> Course:
    provider = data["provider"]
    digest = hashlib.sha256("\n".join(m.content_hash for m in modules).encode()).hexdigest()
    return Course(
        id=strip_controls(data["id"]),
        title=strip_controls(data["title"]),
        version=strip_controls(data["version"]),
        audience=strip_controls(data["audience"]),
        passing_score=float(data["passing_score"]) / 100,
        learning_format=strip_controls(data["learning_format"]),
        max_credit=float(data["max_credit"]),
        provider=strip_controls(provider["name"]),
        designation=strip_controls(provider["designation"]),
        modules=tuple(modules),
        evaluation=tuple(
            EvalQuestion(e["id"], strip_controls(e["prompt"]), e.get("kind", "rating"))
            for e in data.get("evaluation", [])
        ),
        root=root,
        content_hash=digest,
        module_files=tuple(names),
    )


def _line_of(raw: str, needle: str) -> int:
    index = raw.find(needle)
    return raw.count("\n", 0, index) + 1 if index >= 0 else 1


def _col_of(raw: str, needle: str, line: int) -> int:
    text = raw.split("\n")[line - 1] if raw else ""
    return max(text.find(needle), 0) + 1
