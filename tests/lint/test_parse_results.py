"""What the parser builds from valid input, a clean course, and `tutor new module`."""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from pathlib import Path

import pytest
from lint_helpers import TODAY, module

from tutor.cli.main import run
from tutor.core.course import load_course
from tutor.core.diagnostics import Diagnostic
from tutor.core.lint import lint_path
from tutor.core.markdown import Heading, Paragraph, Run, Style, text_of
from tutor.core.model import Course, Drill, Kind, Page, Quality, Quiz
from tutor.core.parser import parse_module
from tutor.core.scaffold import module_text, new_module

CLEAN = Path(__file__).parent.parent / "fixtures" / "lint" / "clean"


@pytest.fixture(scope="module")
def course() -> Course:
    load = load_course(CLEAN)
    assert load.course is not None, [d.format() for d in load.diagnostics]
    return load.course


def test_clean_course_has_no_diagnostics() -> None:
    assert [d.format() for d in lint_path(CLEAN, today=TODAY)] == []


def test_clean_course_settings(course: Course) -> None:
    assert course.id == "clean-course"
    assert course.passing_score == pytest.approx(0.8)
    assert course.max_credit == 0.25
    assert course.module_files == ("01-basics.md", "02-drills.md")
    assert [(e.id, e.kind) for e in course.evaluation] == [
        ("met-objectives", "rating"),
        ("one-change", "text"),
    ]
    assert course.minutes == 16


def test_items_in_order_with_ids(course: Course) -> None:
    basics = course.modules[0]
    assert [(type(i).__name__, i.id) for i in basics.items] == [
        ("Page", "introduction"),
        ("Page", "the-audience-selector"),
        ("Page", "pages"),  # pinned with <!-- id: pages -->
        ("Quiz", "quiz"),
        ("Page", "background-reading"),  # after the quiz: any order is allowed
    ]
    assert basics.last_reviewed == dt.date(2026, 5, 1)
    assert [s.id for s in basics.sources] == ["fb-audience", "ama-2-3-2"]
    assert basics.objectives == ("Choose the audience for a post", "Tell a profile from a Page")


def test_page_doc_is_its_own_slice(course: Course) -> None:
    pages = course.modules[0].pages
    intro, selector, profiles, _reading = pages
    assert intro.title == "The basics"  # the front matter's title
    assert text_of(intro.doc) == "A short welcome before the first page."
    first, second = selector.doc[:2]
    assert isinstance(first, Heading) and (first.level, text_of(first.text)) == (
        2,
        "The audience selector",
    )
    assert isinstance(second, Paragraph) and text_of(second.text).startswith("Every post")
    last = selector.doc[-1]
    assert isinstance(last, Paragraph)
    assert text_of(last.text) == "Text under it, with code and bold."
    assert [(r.text, r.style) for r in last.text[1:]] == [
        ("code", Style.CODE),
        (" and ", Style.PLAIN),
        ("bold", Style.BOLD),
        (".", Style.PLAIN),
    ]
    assert any(isinstance(b, Heading) and text_of(b.text) == "A sub-heading" for b in selector.doc)
    top = profiles.doc[0]
    assert isinstance(top, Heading) and text_of(top.text) == "Pages and profiles"
    assert (selector.pos.line, selector.pos.col) == (25, 1)


def test_quiz_questions(course: Course) -> None:
    quiz = course.modules[0].quiz
    assert isinstance(quiz, Quiz)
    assert text_of(quiz.intro) == "Answer all four questions."
    kinds = [(q.id, q.kind) for q in quiz.questions]
    assert kinds == [
        ("who-can-see-a-comment-you-leave-on-a-friends-pos", Kind.SINGLE),  # 48 characters
        ("identifiers", Kind.MULTIPLE),  # pinned
        ("likes-on-x-are-public-to-everyone", Kind.TRUE_FALSE),  # a paragraph question
        ("new-post-audience", Kind.SINGLE),  # a paragraph question, pinned
    ]
    first = quiz.questions[0]
    assert first.prompt == "Who can see a comment you leave on a friend's post?"
    assert (first.pos.line, first.pos.col) == (47, 1)
    assert [(o.id, o.correct) for o in first.options] == [
        ("only-your-own-friends", False),
        ("everyone-who-can-see-your-friends-post", True),
        ("just-the-friend", False),  # pinned at the end of the option
    ]
    assert first.options[2].text == "Only the friend who posted"
    assert text_of(first.options[1].feedback) == "Right. The post's author chose that audience."
    assert text_of(first.explanation) == (
        "The audience of a comment is set by the post, not by the commenter."
    )
    assert first.correct_ids == {"everyone-who-can-see-your-friends-post"}


def test_multiple_select_and_true_false(course: Course) -> None:
    quiz = course.modules[0].quiz
    assert quiz is not None
    multi = quiz.question("identifiers")
    assert multi is not None
    assert multi.correct_ids == {"a-full-face-photograph", "the-date-of-admission"}  # [X] too
    assert multi.is_correct({"a-full-face-photograph", "the-date-of-admission"})
    assert not multi.is_correct({"a-full-face-photograph"})
    truth = quiz.question("likes-on-x-are-public-to-everyone")
    assert truth is not None
    assert truth.prompt == "Likes on X are public to everyone."
    assert [o.id for o in truth.options] == ["true", "false"]
    assert text_of(truth.explanation) == (
        "Some explanation for the true/false question.\n\nIt has two paragraphs."
    )


def test_paragraph_question_feedback_is_the_first_quote(course: Course) -> None:
    quiz = course.modules[0].quiz
    assert quiz is not None
    question = quiz.question("new-post-audience")
    assert question is not None
    assert question.prompt == "Which audience does a new post use?"
    assert text_of(question.options[0].feedback) == "Right: Facebook remembers it."
    assert (question.pos.line, question.options[1].pos.line) == (79, 86)


def test_drill_steps_choices_and_endings(course: Course) -> None:
    drill = course.modules[1].drills[0]
    assert isinstance(drill, Drill)
    assert (drill.id, drill.title) == ("drill-a-friend-request", "A friend request")
    assert text_of(drill.intro) == "You are a family physician. It is 9 pm."
    assert [(s.id, s.ending) for s in drill.steps] == [
        ("the-request-arrives", False),
        ("a-silent-decline", False),
        ("ending-a-warm-decline", True),
        ("ending-a-repaired-relationship", True),
    ]
    start = drill.start
    assert (
        text_of(start.situation) == "A patient you saw this afternoon sends you a friend request."
    )
    assert [(c.id, c.target, c.quality) for c in start.choices] == [
        ("decline-it-without-a-word", "a-silent-decline", Quality.POOR),
        ("decline-and-tell-her-about-your-practice-page", "ending-a-warm-decline", Quality.BEST),
    ]
    assert text_of(start.choices[1].feedback) == (
        "It keeps the boundary and offers a professional channel."
    )
    assert start.choices[0].text == "Decline it without a word"
    silent = drill.step("a-silent-decline")
    assert silent is not None
    assert [c.quality.points for c in silent.choices] == [1, 0]
    warm = drill.endings[0]
    assert warm.title == "A warm decline"
    assert text_of(warm.situation).startswith("Debrief. You kept the boundary")
    opening = warm.situation[0]
    assert isinstance(opening, Paragraph) and opening.text[0] == Run("Debrief.", Style.BOLD)
    assert drill.best_path() == ("the-request-arrives", "ending-a-warm-decline")
    second = course.modules[1].drills[1]
    assert second.best_path() == ("start-here", "the-end", "ending-done")


def test_choice_links_are_not_page_links() -> None:
    parsed = parse_module(CLEAN / "02-drills.md")
    hrefs = [link.href for link in parsed.links]
    assert hrefs == ["01-basics.md", "./01-basics.md#quiz"]


def test_content_hash_is_stable_across_line_endings(tmp_path: Path) -> None:
    text = (CLEAN / "01-basics.md").read_text(encoding="utf-8")
    lf = parse_module(tmp_path / "lf.md", text.encode())
    crlf = parse_module(tmp_path / "crlf.md", text.replace("\n", "\r\n").encode())
    cr = parse_module(tmp_path / "cr.md", text.replace("\n", "\r").encode())
    bom = parse_module(tmp_path / "bom.md", b"\xef\xbb\xbf" + text.encode())
    assert lf.module is not None and crlf.module is not None and cr.module is not None
    assert lf.module.content_hash == crlf.module.content_hash == cr.module.content_hash
    assert bom.module is not None and bom.module.content_hash == lf.module.content_hash
    assert crlf.diagnostics == cr.diagnostics == []
    changed = parse_module(tmp_path / "x.md", text.replace("short welcome", "welcome").encode())
    assert changed.module is not None and changed.module.content_hash != lf.module.content_hash


def test_positions_under_crlf_match_lf(tmp_path: Path) -> None:
    text = (CLEAN / "01-basics.md").read_text(encoding="utf-8")
    lf = parse_module(tmp_path / "a.md", text.encode())
    crlf = parse_module(tmp_path / "a.md", text.replace("\n", "\r\n").encode())
    assert lf.module == crlf.module


def test_heading_anchors_follow_github(tmp_path: Path) -> None:
    body = "## Same\n\nText.\n\n## Same\n\nText.\n\n## Émigré & co. `code`!\n\nText.\n"
    parsed = parse_module(tmp_path / "a.md", module(body, cite=False).encode())
    assert parsed.module is not None
    assert [p.id for p in parsed.module.pages] == ["same", "same-1", "émigré--co-code"]
    assert {"same", "same-1", "émigré--co-code"} <= parsed.anchors


# -- tutor new module ---------------------------------------------------------------------------


def template_left(found: list[Diagnostic]) -> list[tuple[str, int]]:
    """Everything lint reports for a new module: only the warning that the template's
    text is still there (P007), once."""
    assert [d.code for d in found] == ["P007"], [d.format() for d in found]
    return [(d.file.name, d.line) for d in found]


def test_new_module_text_passes_lint_alone(tmp_path: Path) -> None:
    path, listed = new_module(tmp_path, "Replying to reviews", today=TODAY)
    assert (path.name, bool(listed)) == ("01-replying-to-reviews.md", False)
    assert template_left(lint_path(path, today=TODAY)) == [(path.name, 6)]
    parsed = parse_module(path)
    assert parsed.module is not None
    assert parsed.module.id == "replying-to-reviews"
    assert parsed.module.quiz is not None and parsed.module.drills
    kinds = {q.kind for q in parsed.module.quiz.questions}
    assert kinds == {Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE}


def test_new_module_joins_a_course_and_passes_lint(tmp_path: Path) -> None:
    shutil.copytree(CLEAN, tmp_path, dirs_exist_ok=True)
    path, listed = new_module(tmp_path, "Tags & mentions: <the basics>", today=TODAY)
    assert listed
    assert path.name == "03-tags-mentions-the-basics.md"
    modules = tomllib.loads((tmp_path / "course.toml").read_text(encoding="utf-8"))["modules"]
    assert modules == ["01-basics.md", "02-drills.md", "03-tags-mentions-the-basics.md"]
    assert template_left(lint_path(tmp_path, today=TODAY)) == [(path.name, 6)]
    load = load_course(tmp_path)
    assert load.course is not None
    assert load.course.modules[-1].title == "Tags & mentions: <the basics>"


def test_new_module_keeps_course_toml_comments(tmp_path: Path) -> None:
    (tmp_path / "course.toml").write_text(
        'id = "c"\nmodules = [\n  "01-a.md",  # the first\n]  # the list\n', encoding="utf-8"
    )
    (tmp_path / "01-a.md").write_text("x", encoding="utf-8")
    _, listed = new_module(tmp_path, "Second", today=TODAY)
    assert listed
    text = (tmp_path / "course.toml").read_text(encoding="utf-8")
    assert text == (
        'id = "c"\nmodules = [\n  "01-a.md",  # the first\n  "02-second.md",\n]  # the list\n'
    )


def test_new_module_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(CLEAN, tmp_path, dirs_exist_ok=True)
    assert run(["new", "module", "Direct messages", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "created" in out
    assert f"edited {tmp_path / 'course.toml'}: added 03-direct-messages.md to the end" in out
    assert run(["lint", str(tmp_path)]) in (0, 1)  # today's date may make the fixture old
    found = lint_path(tmp_path, today=dt.date.today())
    assert [d.code for d in found if d.file.name.startswith("03-")] == ["P007"]


def test_module_text_escapes_the_title() -> None:
    text = module_text('A "quoted" \\ title *with* <html>', TODAY)
    assert 'title = "A \\"quoted\\" \\\\ title *with* <html>"' in text
    assert '# A "quoted" \\\\ title \\*with\\* \\<html\\>' in text


def test_pages_of_a_module(course: Course) -> None:
    assert all(isinstance(p, Page) for p in course.modules[1].pages)
    assert [p.id for p in course.modules[1].pages] == ["before-you-start"]


def test_a_drill_choice_id_can_be_pinned(tmp_path: Path) -> None:
    body = """## Drill: Pins

### Start

Choose.

- [Apologize, and accept](#ending-one) <!-- id: apologise-and-accept -->
  > **Best.** Fine.
- [Decline](#ending-one)
  > **Poor.** No.

### Ending: One

Debrief here.
"""
    path = tmp_path / "pin.md"
    path.write_text(module(body), encoding="utf-8")
    parsed = parse_module(path)
    assert parsed.module is not None
    (drill,) = parsed.module.drills
    assert [(c.id, c.text) for c in drill.start.choices] == [
        ("apologise-and-accept", "Apologize, and accept"),
        ("decline", "Decline"),
    ]


def test_new_module_goes_before_the_final_assessment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A course ending in a final assessment keeps it last; the output says what changed."""
    shutil.copytree(CLEAN, tmp_path, dirs_exist_ok=True)
    settings = tmp_path / "course.toml"
    text = settings.read_text(encoding="utf-8")
    (tmp_path / "02-drills.md").rename(tmp_path / "09-final-assessment.md")
    settings.write_text(text.replace('"02-drills.md"', '"09-final-assessment.md"'), "utf-8")
    assert run(["new", "module", "Direct messages", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"edited {settings}" in out and "before 09-final-assessment.md" in out
    modules = tomllib.loads(settings.read_text(encoding="utf-8"))["modules"]
    assert modules[-1] == "09-final-assessment.md"
    assert modules[-2].endswith("direct-messages.md")
