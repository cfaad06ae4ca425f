"""A course of one module, for `tutor preview`: the module's own course settings where
it sits in a course folder, else defaults."""

from __future__ import annotations

from pathlib import Path

from tutor.core.model import Course, Module
from tutor.core.settings import read_settings

DEFAULT_PASSING = 0.8


def passing_score(folder: Path) -> float:
    """The pass mark of the course in `folder`, if it has usable settings; else 80%."""
    settings = read_settings(folder).settings
    return settings.passing_score / 100 if settings is not None else DEFAULT_PASSING


def single_module_course(path: Path, module: Module | None = None) -> Course:
    """A course of just `module` (the file at `path`), held in memory only.

    Without a module (before the file is first read) the course is empty, with
    the file's name for a title and the default pass mark.
    """
    modules = (module,) if module is not None else ()
    return Course(
        id="preview",
        title=f"Preview: {module.title if module is not None else path.name}",
        version="preview",
        audience="",
        passing_score=passing_score(path.parent) if module is not None else DEFAULT_PASSING,
        learning_format="",
        max_credit=0.0,
        provider="",
        designation="",
        modules=modules,
        evaluation=(),
        root=path.parent,
        content_hash=module.content_hash if module is not None else "",
        module_files=(path.name,) if module is not None else (),
    )
