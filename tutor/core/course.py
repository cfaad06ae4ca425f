"""Load a course folder: `course.toml` plus one markdown file per module."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from tutor.core.accreditation import Accreditation
from tutor.core.diagnostics import Diagnostic, Sink
from tutor.core.files import SAYS, Kind, kind_of
from tutor.core.model import Course, EvalQuestion, Module
from tutor.core.parser import ParsedModule, parse_module
from tutor.core.settings import (
    COURSE_FILE,
    CourseSettings,
    Disclosure,
    read_settings,
)
from tutor.core.text import find_line, strip_controls

NOT_MODULES = {"readme.md", "changelog.md", "license.md"}


@dataclass(slots=True)
class CourseLoad:
    """A course (None when it cannot be built) and everything found wrong on the way."""

    root: Path
    course: Course | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    parsed: list[ParsedModule] = field(default_factory=list)
    missing: bool = False  # there is no course.toml at all
    settings: CourseSettings | None = None
    settings_text: str = ""  # course.toml as read, for positions in diagnostics

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


def load_course(root: Path) -> CourseLoad:
    """Parse every module of the course in `root`. Never raises for bad content."""
    read = read_settings(root)
    load = CourseLoad(
        root, None, missing=read.missing, settings=read.settings, settings_text=read.text
    )
    settings = read.settings
    sink = Sink(read.path)
    # each module once: a name listed twice is C011 (settings.py), not a second module
    names = list(dict.fromkeys(settings.modules)) if settings is not None else []
    files: list[Path] = []
    lines = read.text.split("\n")
    for name in names:
        file = root / name
        if kind_of(file) in (Kind.MISSING, Kind.DANGLING):  # anything else: F001 says what
            modules_line = read.key_line("modules")
            hit = find_line(lines, f'"{name}"', modules_line - 1)
            line, col = hit or (modules_line, 1)
            what = (
                "there is no such file"
                if kind_of(file) is Kind.MISSING
                else f"it is {SAYS[Kind.DANGLING]}"
            )
            sink.add(
                line,
                col,
                "C004",
                f'module "{name}" is listed but {what}',
                f"create {file}, or remove it from modules in {COURSE_FILE}",
            )
            continue
        files.append(file)
    load.parsed = [parse_module(f) for f in files]
    listed = {n.lower() for n in names}
    for file in sorted(root.glob("*.md")) if settings is not None else ():
        if file.name.lower() not in listed and file.name.lower() not in NOT_MODULES:
            sink.add(
                read.key_line("modules"),
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
            sink.add(
                at.line,
                at.col,
                "C006",
                f'module id "{module.id}" is also used by {seen[module.id].pos.file.name}',
                "give each module its own id in its front matter",
                file=at.file,
            )
        seen.setdefault(module.id, module)
    load.diagnostics = (
        read.diagnostics + sink.items + [d for p in load.parsed for d in p.diagnostics]
    )
    if settings is not None and len(modules) == len(load.parsed) == len(names):
        load.course = _course(root, settings, modules)
    return load


def _course(root: Path, settings: CourseSettings, modules: list[Module]) -> Course:
    provider = settings.provider
    digest = hashlib.sha256("\n".join(m.content_hash for m in modules).encode()).hexdigest()
    return Course(
        id=strip_controls(settings.id),
        title=strip_controls(settings.title),
        version=strip_controls(settings.version),
        audience=strip_controls(settings.audience),
        passing_score=settings.passing_score / 100,
        learning_format=strip_controls(settings.learning_format),
        max_credit=settings.max_credit,
        provider=strip_controls(provider.name) if provider is not None else "",
        designation=strip_controls(provider.designation) if provider is not None else "",
        modules=tuple(modules),
        evaluation=tuple(
            EvalQuestion(e.id, strip_controls(e.prompt), e.kind) for e in settings.evaluation
        ),
        root=root,
        content_hash=digest,
        module_files=tuple(settings.modules),
        records=Accreditation(
            accreditation=_text(provider.accreditation) if provider else "",
            contact=_text(provider.contact) if provider else "",
            signatory_name=_text(provider.signatory_name) if provider else "",
            signatory_title=_text(provider.signatory_title) if provider else "",
            pars=settings.pars,
        ),
        objectives=tuple(_text(o) for o in settings.objectives),
        practice_gap=_text(settings.practice_gap),
        release_date=settings.release_date,
        review_date=settings.review_date,
        expiry_date=settings.expiry_date,
        disclosures=tuple(
            Disclosure(_text(d.name), _text(d.role), _text(d.relationships))
            for d in settings.disclosures
        ),
        commercial_support=_text(settings.commercial_support),
        lrs=settings.lrs,
    )


def _text(value: str) -> str:
    return strip_controls(value).strip()
