"""Bad input never crashes: any text or bytes give a model or diagnostics, never an exception."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from tutor.core.course import load_course
from tutor.core.diagnostics import CODES, Diagnostic
from tutor.core.lint import lint_module, lint_path
from tutor.core.model import Module
from tutor.core.parser import parse_module
from tutor.core.scaffold import ScaffoldError, clean_title, new_module
from tutor.core.text import slugify

TODAY = dt.date(2026, 6, 1)
# TUTOR_EXAMPLES=5000 uv run pytest tests/lint/test_parser_properties.py hunts longer
EXAMPLES = int(os.environ.get("TUTOR_EXAMPLES", "300"))
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=12)
ident = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)
inline = st.one_of(
    words,
    st.builds("[{}](#{})".format, words, ident),
    st.builds("[{}]({}.md#{})".format, words, ident, ident),
    st.builds("[{}](https://{})".format, words, ident),
    st.builds("[{}](http://{})".format, words, ident),
    st.builds("![{}]({})".format, words, words),
    st.builds("[{}]".format, ident),  # a citation, maybe
    st.builds("<{}>".format, words),  # html, or an autolink
    st.builds("<!-- id: {} -->".format, words),
    st.builds("**{}**".format, words),
    st.builds("`{}`".format, words),
    st.sampled_from(["**Best.**", "**Acceptable.**", "**Poor.**", "\x1b[31m", "\x07", "&amp;"]),
    st.sampled_from(["(select all that apply)", "True", "False", "\\", "  ", "\t"]),
)
line = st.lists(inline, max_size=5).map(" ".join)
fragment = st.one_of(
    line,
    st.builds("{} {}".format, st.sampled_from(["#", "##", "###", "####"]), line),
    st.builds("## Quiz{}".format, line),
    st.builds("## Drill: {}".format, line),
    st.builds("### Ending: {}".format, line),
    st.builds("- [{}] {}".format, st.sampled_from([" ", "x", "X", "y", ""]), line),
    st.builds("  > {}".format, line),
    st.builds("> {}".format, line),
    st.builds("- [{}](#{})".format, words, ident),
    st.builds("{}. {}".format, st.integers(0, 12), line),
    st.builds("```{}\n{}\n```".format, st.sampled_from(["", "toml", "text"]), line),
    st.sampled_from(["```", "~~~", "---", "===", "***", "", "    code", "<div>", "</div>"]),
    st.builds("<!-- id: {} -->".format, st.one_of(ident, words)),
    st.builds("[{}]: {}".format, ident, words),  # a link reference definition
    st.builds("{} = {}".format, ident, words),
)
FRONT = """\
```toml
id = "m"
title = "M"
minutes = 20
objectives = ["x"]
last_reviewed = 2026-05-01
sources = [{id = "ama-2-3-2", title = "AMA"}]
```
"""
markdownish = st.lists(fragment, max_size=30).map("\n".join)

# -- structured sections: quizzes with options, drills whose choices lead to real steps ------

#: Mostly plain text (so sections survive and anchors land), sometimes anything.
title = st.one_of(st.from_regex(r"[A-Za-z][A-Za-z0-9 ]{0,15}", fullmatch=True), line)
prose = st.one_of(st.from_regex(r"[A-Za-z][A-Za-z0-9 ,.]{0,30}", fullmatch=True), line)
option_line = st.builds(
    "- [{}] {}\n  > {}".format, st.sampled_from(["x", " ", " ", "X"]), title, prose
)
question = st.builds(
    "### {}\n\n{}\n\n{}".format,
    title,
    st.lists(option_line, min_size=0, max_size=5).map("\n".join),
    prose,  # the explanation
)
quiz = st.builds(
    "## Quiz\n\n{}\n\n{}".format, prose, st.lists(question, max_size=5).map("\n\n".join)
)
quality = st.sampled_from(["**Best.**", "**Acceptable.**", "**Poor.**", ""])


@st.composite
def drill(draw: st.DrawFn) -> str:
    """A drill whose choices mostly link to its own step headings (anchors by slugify)."""
    steps = draw(
        st.lists(
            st.tuples(title, st.booleans()).map(lambda t: f"Ending: {t[0]}" if t[1] else t[0]),
            min_size=1,
            max_size=6,
        )
    )
    anchors = [slugify(s) for s in steps]
    target = st.one_of(st.sampled_from(anchors), ident)  # sometimes a broken link
    out = [f"## Drill: {draw(title)}", draw(prose)]
    for heading in steps:
        out += [f"### {heading}", draw(prose)]
        if not heading.startswith("Ending: "):
            choices = [
                f"- [{draw(title)}](#{draw(target)})\n  > {draw(quality)} {draw(prose)}"
                for _ in range(draw(st.integers(0, 3)))
            ]
            out.append("\n".join(choices))
    return "\n\n".join(out)


page = st.builds("## {}\n\n{}".format, title, prose)
section = st.one_of(page, quiz, drill())
structured = st.one_of(
    st.lists(section, min_size=1, max_size=5),
    st.lists(st.one_of(section, fragment), max_size=8),  # and stray lines between them
).map("\n\n".join)
module_text = st.one_of(
    st.text(),
    markdownish,
    markdownish.map(lambda body: FRONT + "\n" + body),
    st.builds("```toml\n{}\n```\n{}".format, st.text(), markdownish),
    structured.map(lambda body: FRONT + "\n" + body),
)


def check(parsed_module: Module | None, diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        assert d.line >= 1 and d.col >= 1, d
        assert d.code in CODES, d
        d.format()
        d.as_dict()


def parse_and_lint(path: Path, data: bytes) -> None:
    parsed = parse_module(path, data)
    check(parsed.module, parsed.diagnostics)
    found = lint_module(parsed, {path.name: parsed.anchors}, TODAY)
    check(parsed.module, found)
    if parsed.module is not None:
        for drill in parsed.module.drills:
            if drill.steps:  # a drill without steps is D006 (Drill.start needs a step)
                drill.best_path()


@FAST
@given(module_text)
def test_any_text_parses_to_a_module_or_diagnostics(text: str) -> None:
    parse_and_lint(Path("01-a.md"), text.encode("utf-8"))


structured_module = structured.map(lambda body: FRONT + "\n" + body)


@FAST
@given(structured_module)
def test_quizzes_and_drills_parse_to_a_module_or_diagnostics(text: str) -> None:
    parse_and_lint(Path("01-a.md"), text.encode("utf-8"))


def _reaches(text: str) -> bool:
    """A quiz question with options and a drill whose choice leads to another step."""
    module = parse_module(Path("01-a.md"), text.encode("utf-8")).module
    if module is None or module.quiz is None:
        return False
    options = any(len(q.options) >= 2 for q in module.quiz.questions)
    linked = any(
        c.target != step.id and c.target in {s.id for s in drill.steps}
        for drill in module.drills
        for step in drill.steps
        for c in step.choices
    )
    return options and linked


def test_the_structured_strategy_reaches_options_and_linked_steps() -> None:
    """Guards the strategy itself: the tests above must see real quizzes and drills."""
    found = find(
        structured_module,
        _reaches,
        settings=settings(max_examples=2000, deadline=None, database=None, phases=[Phase.generate]),
    )
    assert _reaches(found)


@FAST
@given(st.binary(max_size=400))
def test_any_bytes_parse_to_a_module_or_diagnostics(data: bytes) -> None:
    parse_and_lint(Path("01-a.md"), data)


@FAST
@given(module_text.map(lambda t: t.encode("utf-8")), st.binary(max_size=40))
def test_text_with_broken_bytes(text: bytes, junk: bytes) -> None:
    middle = len(text) // 2
    parse_and_lint(Path("01-a.md"), text[:middle] + junk + text[middle:])


course_keys = st.sampled_from(
    ["id", "title", "version", "audience", "passing_score", "learning_format", "max_credit"]
)
toml_value = st.one_of(
    st.just('"x"'),
    st.just("80"),
    st.just("0.5"),
    st.sampled_from(["inf", "nan", "-1", "1e400", "9" * 400, "true", "2026-01-01", "[]", "{}"]),
    st.builds('"{}"'.format, words),
)
course_toml = st.one_of(
    st.text(),
    st.lists(st.builds("{} = {}".format, course_keys, toml_value), max_size=10).map(
        lambda lines: "\n".join(
            [
                *lines,
                'modules = ["01-a.md", "../x.md", "02-b.md", 3]',
                "[provider]",
                'name = "p"',
            ]
        )
    ),
    st.builds(
        "{}\nmodules = {}\n[[evaluation]]\n{}".format,
        st.lists(st.builds("{} = {}".format, course_keys, toml_value), max_size=8).map("\n".join),
        st.sampled_from(['["01-a.md"]', "[]", '"01-a.md"', '["a/b.md"]', '[""]']),
        st.sampled_from(['id = "a"\nprompt = "b"', 'kind = "x"', "", 'id = 1\nprompt = "p"']),
    ),
)


@settings(max_examples=EXAMPLES // 2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(course_toml, module_text)
def test_any_course_toml_loads_to_a_course_or_diagnostics(toml_text: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "course.toml").write_text(toml_text, encoding="utf-8")
        (root / "01-a.md").write_text(text, encoding="utf-8")
        load = load_course(root)
        check(None, load.diagnostics)
        check(None, lint_path(root, today=TODAY))


@settings(max_examples=EXAMPLES // 3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=60))
def test_any_title_scaffolds_a_module_that_passes_lint(title: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if not clean_title(title):
            with pytest.raises(ScaffoldError):
                new_module(Path(tmp), title, today=TODAY)
            return
        path, _ = new_module(Path(tmp), title, today=TODAY)
        # the template's text is there to replace (P007), and nothing else is wrong
        assert [d.code for d in lint_path(path, today=TODAY)] == ["P007"]
