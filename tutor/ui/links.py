"""Where a link in a lesson leads. Pure: no Textual here, so it is easy to test.

A lesson may link to a heading in the same module (`#anchor`), to another
module (`02-x.md` or `02-x.md#anchor`), or out of the course (`https://...`,
opened only after the learner confirms). Anything else is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.core.model import Course, Drill, Module, Page, Quiz
from tutor.core.text import slugify


@dataclass(frozen=True, slots=True)
class Internal:
    """A place in the course: a module, an item in it, and maybe a heading on a page."""

    module: str
    item: str = ""  # "" = the module's overview
    anchor: str = ""  # a heading within the page, "" = the top


@dataclass(frozen=True, slots=True)
class External:
    url: str


@dataclass(frozen=True, slots=True)
class Refused:
    href: str
    reason: str


Target = Internal | External | Refused


def find_anchor(module: Module, anchor: str) -> Internal | None:
    """The item (and heading) of `module` that `anchor` names, if any."""
    if not anchor:
        return Internal(module.id)
    for item in module.items:
        if item.id == anchor:
            return Internal(module.id, item.id)
    for item in module.items:
        if isinstance(item, Page) and anchor in item.anchors:
            return Internal(module.id, item.id, anchor)
        if isinstance(item, Quiz | Drill) and slugify(item.title) == anchor:
            return Internal(module.id, item.id)
    return None


def module_for_file(course: Course, name: str) -> Module | None:
    name = name.removeprefix("./")
    for file, module in zip(course.module_files, course.modules, strict=False):
        if file == name:
            return module
    return None


def resolve(course: Course, module: Module, href: str) -> Target:
    """What following `href` from a page of `module` should do."""
    href = href.strip()
    if href.lower().startswith("https://"):
        return External(href)
    if href.startswith("#"):
        found = find_anchor(module, href[1:])
        if found is None:
            return Refused(href, "This link points to a heading that is not in this module.")
        return found
    name, _, anchor = href.partition("#")
    if ":" in name or name.startswith(("/", "\\")) or not name.endswith(".md"):
        return Refused(href, "Only https links and links within the course can be opened.")
    target = module_for_file(course, name)
    if target is None:
        return Refused(href, "This link points to a module that is not in this course.")
    found = find_anchor(target, anchor)
    return found if found is not None else Internal(target.id)
