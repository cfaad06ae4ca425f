"""`tutor lint`: the rules that look at parsed modules, over a course or one file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

from tutor.core import lint_content
from tutor.core.course import CourseLoad, load_course
from tutor.core.diagnostics import Diagnostic, Sink, cap
from tutor.core.files import FileProblem, Kind, kind_of, list_folder
from tutor.core.limits import PAGE_LIMIT, PAGE_WARN
from tutor.core.model import Drill, Module, Pos, Quiz
from tutor.core.model import Kind as QuestionKind
from tutor.core.parser import ParsedModule, parse_module
from tutor.core.parser.slips import anchor_suggestion
from tutor.core.settings import COURSE_FILE, CourseSettings, read_settings
from tutor.core.text import slugify

REVIEW_DAYS = 365


def lint_path(path: Path, today: dt.date | None = None) -> list[Diagnostic]:
    """Lint a course folder, or a single module file with its folder as context.

    A folder without a `course.toml` gets C001, and its markdown files are
    still checked one by one. `course.toml` itself stands for its folder.
    """
    if path.name == COURSE_FILE and kind_of(path) is Kind.FILE:
        path = path.parent
    if kind_of(path) is Kind.FOLDER:
        return lint_load(load_course(path), today)
    return lint_parsed(parse_module(path), today)


def lint_load(load: CourseLoad, today: dt.date | None = None) -> list[Diagnostic]:
    """Everything `lint_path` reports for a course folder, given the folder's load.

    Without a `course.toml` (C001), the folder's markdown files are parsed and
    checked one by one.
    """
    today = today or dt.date.today()
    found = list(load.diagnostics)
    parsed = load.parsed
    if load.missing:
        parsed = [parse_module(f) for f in _markdown_files(load.root)]
        found.extend(d for p in parsed for d in p.diagnostics)
    # every module the course lists is a link target, read or not (C004 or F001 says why)
    known: dict[str, frozenset[str] | None] = dict.fromkeys(
        load.settings.modules if load.settings is not None else ()
    )
    known.update((p.path.name, p.anchors if p.module is not None else None) for p in parsed)
    estimated: dict[int, float] = {}  # id() of a module -> its content estimate, in minutes
    for item in parsed:
        found.extend(lint_module(item, known, today, load.settings, estimated))
    found.extend(lint_content.shared_sources(parsed))
    settings = load.settings
    if settings is not None and load.course is not None:
        sink = Sink(load.root / COURSE_FILE)
        total = sum(estimated.get(id(m), 0.0) for m in load.course.modules)
        lint_content.credit(settings, load.settings_text, total, sink)
        found.extend(sink.items)
    return cap(found)


def lint_parsed(parsed: ParsedModule, today: dt.date | None = None) -> list[Diagnostic]:
    """Everything `lint_path` reports for one module file, given it parsed: its own
    diagnostics and the rules, with the other files of its folder as link targets (and
    its course.toml, if the folder has one, for the settings the text may state)."""
    today = today or dt.date.today()
    path = parsed.path
    folder = path.parent
    known: dict[str, frozenset[str] | None] = {p.name: None for p in _markdown_files(folder)}
    known[path.name] = parsed.anchors
    settings = None
    if kind_of(folder / COURSE_FILE) is Kind.FILE:
        settings = read_settings(folder).settings
    found = list(parsed.diagnostics)
    found.extend(lint_module(parsed, known, today, settings))
    return cap(found)


def _markdown_files(folder: Path) -> list[Path]:
    try:
        return list_folder(folder, ".md")
    except FileProblem:
        return []


def lint_module(
    parsed: ParsedModule,
    known: Mapping[str, frozenset[str] | None],
    today: dt.date,
    settings: CourseSettings | None = None,
    estimated: dict[int, float] | None = None,
) -> list[Diagnostic]:
    """The rules over one parsed module. `known` maps the course's file names to their
    anchors (None when they are not known), for links between modules; `settings` are
    the course's, when known; the module's content estimate goes into `estimated`."""
    sink = Sink(parsed.path)
    _links(parsed, known, sink)
    _pages(parsed, sink)
    lint_content.sizes(parsed, sink)
    lint_content.images(parsed, sink)
    lint_content.template_text(parsed, sink)
    module = parsed.module
    if module is not None:
        _review(parsed, module, today, sink)
        if any(d.is_error for d in parsed.diagnostics):
            # a structural slip (a lost quiz, say) is the one thing to fix: no estimate
            # until then, so no follow-on T001 here or C007 in course.toml
            minutes = float(module.minutes)
        else:
            minutes = lint_content.minutes(parsed, module, sink)
        if estimated is not None:
            estimated[id(module)] = minutes
    if parsed.sources is not None:
        lint_content.sources(parsed, parsed.sources, sink)
    if settings is not None:
        lint_content.stated_settings(parsed, settings, sink)
    for item in parsed.items:
        if isinstance(item, Quiz):
            _quiz(item, sink)
        elif isinstance(item, Drill):
            _drill(item, sink, parsed)
    return sink.items


def _review(parsed: ParsedModule, module: Module, today: dt.date, sink: Sink) -> None:
    reviewed = module.last_reviewed
    if reviewed is not None and today - dt.timedelta(days=REVIEW_DAYS) <= reviewed <= today:
        return
    at = parsed.key_pos("last_reviewed") or Pos(parsed.path, parsed.front_line, 1)
    line, col = at.line, at.col
    if module.last_reviewed is None:
        sink.add(
            line,
            col,
            "R001",
            "last_reviewed is missing",
            "add last_reviewed = YYYY-MM-DD to the front matter after checking the facts",
        )
    elif module.last_reviewed > today:
        sink.add(
            line,
            col,
            "R003",
            f"last_reviewed {module.last_reviewed} is in the future",
            "use the date you last checked the facts",
        )
    elif (today - module.last_reviewed).days > REVIEW_DAYS:
        sink.add(
            line,
            col,
            "R002",
            f"last reviewed {module.last_reviewed}, more than 12 months ago",
            "check the facts and sources again, then update last_reviewed",
        )


def _pages(parsed: ParsedModule, sink: Sink) -> None:
    for page in parsed.pages:
        size = page.size
        if not page.doc:
            sink.add(
                page.pos.line,
                page.pos.col,
                "P001",
                f'page "{page.title}" is empty',
                "write its text, or delete the heading",
            )
        elif PAGE_WARN < size <= PAGE_LIMIT:
            sink.add(
                page.pos.line,
                page.pos.col,
                "P002",
                f'page "{page.title}" is {size // 1024} KB, over the {PAGE_WARN // 1024} KB a '
                "learner reads comfortably on one page",
                "split it into two pages at a new ## heading",
            )


def _links(parsed: ParsedModule, known: Mapping[str, frozenset[str] | None], sink: Sink) -> None:
    for pos, label, target in parsed.spaced_links:
        fixed = "#" + slugify(target[1:]) if target.startswith("#") else target.replace(" ", "%20")
        sink.add(
            pos.line,
            pos.col,
            "P003",
            f'"[{label[:30]}]({target[:40]})" is not a link: its target has a space, so '
            "learners see it as typed",
            f"write the target without spaces: ({fixed})",
        )
    for link in parsed.links:
        href, pos = link.href, link.pos
        if href.startswith("https://"):
            continue
        if href.startswith("#"):
            if href[1:] not in parsed.anchors:
                meant = anchor_suggestion(href[1:], parsed.anchors)
                sink.add(
                    pos.line,
                    pos.col,
                    "P003",
                    f'no heading in this file has anchor "{href}"',
                    f"did you mean #{meant}? (anchors are lower case, punctuation dropped, "
                    "spaces as hyphens)"
                    if meant
                    else "check the heading's anchor: lower case, punctuation dropped, "
                    "spaces as hyphens",
                )
            continue
        name, _, anchor = href.partition("#")
        if ":" in name or name.startswith(("/", "\\")) or not name.endswith(".md"):
            sink.add(
                pos.line,
                pos.col,
                "S003",
                f'link "{href[:60]}" is neither https nor within the course',
                "link to https:// pages, or to a module file and anchor",
            )
            continue
        name = name.removeprefix("./")
        if name not in known:
            sink.add(
                pos.line,
                pos.col,
                "P003",
                f'link to "{name}", which is not in the course',
                "check the file name against the modules in " + COURSE_FILE,
            )
        elif anchor and (anchors := known[name]) is not None and anchor not in anchors:
            meant = anchor_suggestion(anchor, anchors)
            sink.add(
                pos.line,
                pos.col,
                "P003",
                f'"{name}" has no heading with anchor "#{anchor}"',
                f"did you mean {name}#{meant}?"
                if meant
                else "check the heading's anchor in that file",
            )


def _quiz(quiz: Quiz, sink: Sink) -> None:
    for q in quiz.questions:
        correct = sum(o.correct for o in q.options)
        if len(q.options) == 1:
            sink.add(
                q.pos.line,
                q.pos.col,
                "Q009",
                "question has only one option, so every learner gets it right",
                "add the wrong answers a real physician might choose, each with feedback",
            )
        elif correct == 0:
            sink.add(
                q.pos.line,
                q.pos.col,
                "Q002",
                "question has no correct option",
                "mark the correct option with [x]",
            )
        elif correct > 1 and q.kind is not QuestionKind.MULTIPLE:
            what = "true/false" if q.kind is QuestionKind.TRUE_FALSE else "single-choice"
            sink.add(
                q.pos.line,
                q.pos.col,
                "Q003",
                f"{what} question has {correct} correct options",
                'mark only one option [x], or add "(select all that apply)" to make it '
                "multiple select",
            )
        for o in q.options:
            if not o.feedback:
                sink.add(
                    o.pos.line,
                    o.pos.col,
                    "Q004",
                    f'option "{o.text[:40]}" has no feedback',
                    "add a blockquote under it (indented, starting with >) saying why",
                )


def _drill(drill: Drill, sink: Sink, parsed: ParsedModule) -> None:
    if not drill.steps or drill.start.ending:
        sink.add(
            drill.pos.line,
            drill.pos.col,
            "D006",
            "the drill has no steps" if not drill.steps else "the drill starts at an ending",
            "begin the drill with a ### step that offers choices",
        )
        return
    ids = {s.id for s in drill.steps}
    for step in drill.steps:
        for choice in step.choices:
            if choice.target not in ids and choice.target not in parsed.reported_targets:
                meant = anchor_suggestion(choice.target, frozenset(ids))
                sink.add(
                    choice.pos.line,
                    lint_content.link_column(parsed, choice.pos),
                    "D001",
                    f'choice links to "#{choice.target}", which is not a step of this drill',
                    f"did you mean #{meant}?"
                    if meant
                    else "link to the anchor of a ### step heading in the same drill",
                )
        if step.ending and not step.situation:
            sink.add(
                step.pos.line,
                step.pos.col,
                "D004",
                f'ending "{step.title}" has no debrief',
                "write the debrief under the ending's heading, citing the guidance",
            )
        if not step.ending and not step.choices:
            sink.add(
                step.pos.line,
                step.pos.col,
                "D003",
                f'step "{step.title}" is a dead end',
                'add choices, or make it an ending: "### Ending: ..."',
            )
    reachable = _reach(drill.start.id, _edges(drill))
    for step in drill.steps:
        if step.id not in reachable:
            sink.add(
                step.pos.line,
                step.pos.col,
                "D002",
                f'step "{step.title}" cannot be reached',
                "link to it from a choice in another step, or delete it",
            )
    back: dict[str, set[str]] = {s.id: set() for s in drill.steps}
    for source, targets in _edges(drill).items():
        for target in targets:
            back.setdefault(target, set()).add(source)
    # a link to no step was reported already (D001, H001): it counts as leading on, so that
    # the steps before it are not reported too
    ends = [e.id for e in drill.endings] + [t for t in back if t not in ids]
    finishing = set().union(*(_reach(e, back) for e in ends)) if ends else set()
    for step in drill.steps:
        if step.id in reachable and step.id not in finishing and step.choices:
            sink.add(
                step.pos.line,
                step.pos.col,
                "D003",
                f'no path leads from step "{step.title}" to an ending',
                "make sure some choice from here leads, step by step, to an ending",
            )


def _edges(drill: Drill) -> dict[str, set[str]]:
    return {s.id: {c.target for c in s.choices} for s in drill.steps}


def _reach(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen = {start}
    todo = [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)
