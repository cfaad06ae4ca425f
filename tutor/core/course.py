"""Load a course folder: `course.toml` plus one markdown file per module."""

from __future__ import annotations

import gc
import hashlib
import math
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from tutor.core import accreditation
from tutor.core.diagnostics import Diagnostic, Severity, Sink
from tutor.core.locate import locate
from tutor.core.model import Course, EvalQuestion, Module
from tutor.core.parser import MAX_FILE as MAX_FILE
from tutor.core.parser import ParsedModule, parse_module
from tutor.core.text import find_line, strip_controls, toml_error

COURSE_FILE = "course.toml"
NOT_MODULES = {"readme.md", "changelog.md", "license.md"}
_MODULE_NAME = re.compile(r"[^/\\:]+\.md")


@dataclass(slots=True)
class CourseLoad:
    """A course (None when it cannot be built) and everything found wrong on the way."""

    root: Path
    course: Course | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    parsed: list[ParsedModule] = field(default_factory=list)
    missing: bool = False  # there is no course.toml at all

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
        load.missing = True
        return load
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        sink.error(1, 1, "C002", f"cannot read {COURSE_FILE}: {exc}", "save it as UTF-8 text")
        load.diagnostics = sink.items
        return load
    data = _parse_toml(raw, sink)
    settings = _settings(data, raw, sink) if data is not None else None
    names: list[str] = settings["modules"] if settings else []
    files: list[Path] = []
    modules_line = cache(lambda: _key_line(raw, "modules"))
    for name in names:
        file = root / name
        if not file.is_file():
            hit = find_line(raw.split("\n"), f'"{name}"', modules_line() - 1)
            line, col = hit or (modules_line(), 1)
            sink.error(
                line,
                col,
                "C004",
                f'module "{name}" is listed but there is no such file',
                f"create {file}, or remove it from modules in {COURSE_FILE}",
            )
            continue
        files.append(file)
    load.parsed = parse_modules(files)
    listed = {n.lower() for n in names}
    for file in sorted(root.glob("*.md")) if settings else ():
        if file.name.lower() not in listed and file.name.lower() not in NOT_MODULES:
            sink.warning(
                modules_line(),
                1,
                "C005",
                f'module file "{file.name}" is not listed in modules',
                f"add it to modules in {COURSE_FILE} so learners can reach it, or delete it",
            )
    modules = [p.module for p in load.parsed if p.module is not None]
    seen: dict[str, Module] = {}
    for parsed in load.parsed:
        module = parsed.module
        if module is None:
            continue
        if module.id in seen:
            at = parsed.key_pos("id") or module.pos
            sink.items.append(
                Diagnostic(
                    at.file,
                    at.line,
                    at.col,
                    Severity.ERROR,
                    "C006",
                    f'module id "{module.id}" is also used by {seen[module.id].pos.file.name}',
                    "give each module its own id in its front matter",
                )
            )
        seen.setdefault(module.id, module)
    if settings is not None:
        # the minutes are only known when every listed module could be read
        _check_credit(settings, modules if len(modules) == len(names) else None, raw, sink)
    load.diagnostics = sink.items + [d for p in load.parsed for d in p.diagnostics]
    if settings is not None and len(modules) == len(load.parsed) == len(names):
        load.course = _course(root, settings, modules, names)
    return load


def parse_modules(files: list[Path]) -> list[ParsedModule]:
    """Parse many module files.

    Each parse makes thousands of short-lived objects, which start garbage
    collections; a collection of the oldest generation would walk every module
    parsed so far, again and again. Parsed modules hold no reference cycles, so
    they are moved out of the collector's sight (gc.freeze) while the rest load.
    """
    if gc.get_freeze_count():  # someone else froze objects: leave the collector be
        return [parse_module(f) for f in files]
    parsed: list[ParsedModule] = []
    try:
        for file in files:
            parsed.append(parse_module(file))
            gc.freeze()
    finally:
        gc.unfreeze()
    return parsed


def _read(path: Path) -> str:
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise ValueError("the file is larger than 4 MiB")
    return data.decode("utf-8").removeprefix("\ufeff")


def _parse_toml(raw: str, sink: Sink) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(raw)
        return data
    except tomllib.TOMLDecodeError as exc:
        found = toml_error(exc, raw)
        line, col, message = found[:3] if found else (1, 1, str(exc))
        sink.error(
            line,
            col,
            "C002",
            f"{COURSE_FILE} is not valid TOML: {message}",
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

    def bad(key: str, message: str, hint: str) -> None:
        nonlocal ok
        sink.error(_key_line(raw, key), 1, "C003", message, hint)
        ok = False

    for key, (kind, example) in _REQUIRED.items():
        value = data.get(key)
        if value is None:
            sink.error(1, 1, "C003", f'"{key}" is missing', f"write {example}")
            ok = False
        elif not isinstance(value, kind) or isinstance(value, bool):
            bad(key, f'"{key}" has the wrong type', f"write {example}")
        elif isinstance(value, float) and not math.isfinite(value):
            bad(key, f'"{key}" must be a finite number', f"write {example}")
    provider = data.get("provider", {})
    if not isinstance(provider, dict) or not all(
        isinstance(provider.get(k), str) for k in ("name", "designation")
    ):
        bad(
            "provider",
            "[provider] needs name and designation",
            'add [provider] with name = "..." and designation = "..."',
        )
    modules = data.get("modules")
    if isinstance(modules, list) and not all(
        isinstance(m, str) and _MODULE_NAME.fullmatch(m) for m in modules
    ):
        bad(
            "modules",
            "modules must be a list of markdown file names in this folder",
            'write modules = ["01-intro.md", "02-next.md"]',
        )
    score = data.get("passing_score")
    if isinstance(score, int | float) and not isinstance(score, bool) and not 0 < score <= 100:
        bad(
            "passing_score",
            "passing_score must be a percentage above 0 and at most 100",
            "write passing_score = 80",
        )
    credit = data.get("max_credit")
    if isinstance(credit, int) and not isinstance(credit, bool) and not 0 <= credit <= 1000:
        bad("max_credit", "max_credit is out of range", "write max_credit = 2.5")
    evaluation = data.get("evaluation", [])
    if not isinstance(evaluation, list) or not all(
        isinstance(e, dict)
        and isinstance(e.get("id"), str)
        and isinstance(e.get("prompt"), str)
        and e.get("kind", "rating") in ("rating", "text")
        for e in evaluation
    ):
        bad(
            "evaluation",
            "each [[evaluation]] item needs id, prompt and kind (rating or text)",
            'write id = "useful", prompt = "...", kind = "rating"',
        )
    for key, message, hint in accreditation.read(data)[1]:
        bad(key.split(".")[0], message, hint)
    return data if ok else None


def _check_credit(
    settings: dict[str, Any], modules: list[Module] | None, raw: str, sink: Sink
) -> None:
    credit = float(settings["max_credit"])
    total = sum(m.minutes for m in modules or ())
    allowed = int(total / 60 * 4) / 4
    line = _key_line(raw, "max_credit")
    if credit <= 0 or (credit * 4) != int(credit * 4):
        sink.error(
            line,
            1,
            "C007",
            f"max_credit {credit:g} is not a positive multiple of 0.25",
            "credit is claimed in quarter hours: 0.25, 0.5, 0.75, ...",
        )
    elif modules is not None and credit > allowed:
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
        records=accreditation.read(data)[0],
    )


def _key_line(raw: str, key: str) -> int:
    """The line where a top-level key (or a [table] / [[array]] of that name) is set."""
    hit = locate(raw, (key,))
    return hit[0] if hit else 1
