"""One test per diagnostic code: a small broken fixture, and the exact code, line and column.

Module bodies written with `module()` start on line 14 (the front matter is lines 1-12).
"""

from __future__ import annotations

import pytest
from lint_helpers import COURSE, FRONT, PROVIDED, QUIZ15, Lint, front, module

from tutor.core.diagnostics import Diagnostic

QUESTION = """\
### A fine question?

- [x] Yes
  > Right.
- [ ] No
  > Wrong.
"""

DRILL_END = """\
### Ending: End

**Debrief.** Done [ama-2-3-2].
"""


def only(diagnostics: list[Diagnostic], code: str) -> list[tuple[str, int, int, str]]:
    """Where `code` was reported (file name, line, col, severity); nothing else may be."""
    others = [d.format() for d in diagnostics if d.code != code]
    assert not others, others
    found = [(d.file.name, d.line, d.col, d.severity.value) for d in diagnostics]
    assert found, f"{code} was not reported"
    return found


# -- course.toml -------------------------------------------------------------------------


def test_c001_course_toml_missing(lint_course: Lint) -> None:
    found = lint_course({"01-a.md": module()})
    assert only(found, "C001") == [("course.toml", 1, 1, "error")]


def test_c002_course_toml_is_bad_toml(lint_course: Lint) -> None:
    bad = COURSE.replace('audience = "Tests"', 'audience = "Tests')
    found = lint_course({"course.toml": bad, "01-a.md": module()})
    assert only(found, "C002") == [("course.toml", 4, 18, "error")]
    assert 'closing " missing' in found[0].message


def test_c003_course_key_missing(lint_course: Lint) -> None:
    bad = COURSE.replace('audience = "Tests"\n', "")
    found = lint_course({"course.toml": bad, "01-a.md": module()})
    assert only(found, "C003") == [("course.toml", 1, 1, "error")]
    assert found[0].message == '"audience" is missing'


def test_c003_course_key_has_the_wrong_type(lint_course: Lint) -> None:
    bad = COURSE.replace("passing_score = 80", 'passing_score = "80"')
    found = lint_course({"course.toml": bad, "01-a.md": module()})
    assert only(found, "C003") == [("course.toml", 5, 1, "error")]


def test_c004_listed_module_has_no_file(lint_course: Lint) -> None:
    bad = COURSE.replace('  "01-a.md",\n', '  "01-a.md",\n  "02-b.md",\n')
    found = lint_course({"course.toml": bad, "01-a.md": module()})
    assert only(found, "C004") == [("course.toml", 10, 3, "error")]


def test_c005_module_file_not_listed(lint_course: Lint) -> None:
    found = lint_course({"course.toml": COURSE, "01-a.md": module(), "02-extra.md": module()})
    assert only(found, "C005") == [("course.toml", 8, 1, "warning")]
    assert "02-extra.md" in found[0].message


def test_c006_two_modules_share_an_id(lint_course: Lint) -> None:
    two = COURSE.replace('  "01-a.md",\n', '  "01-a.md",\n  "02-b.md",\n')
    found = lint_course({"course.toml": two, "01-a.md": module(), "02-b.md": module()})
    assert only(found, "C006") == [("02-b.md", 2, 1, "error")]
    assert found[0].message == 'module id "m" is also used by 01-a.md'


@pytest.mark.parametrize(
    ("credit", "words"),
    [("0.6", "multiple of 0.25"), ("1", "more than the content's estimated time allows")],
)
def test_c007_max_credit(lint_course: Lint, credit: str, words: str) -> None:
    bad = COURSE.replace("max_credit = 0", f"max_credit = {credit}")
    found = lint_course({"course.toml": bad, "01-a.md": module()})
    assert only(found, "C007") == [("course.toml", 7, 1, "error")]
    assert words in found[0].message


def test_c007_decides_with_the_content_estimate_not_the_stated_minutes(lint_course: Lint) -> None:
    # 15 questions are a quarter hour: 0.25 is allowed, whatever `minutes` says ...
    quarter = module(QUIZ15)
    assert lint_course({"course.toml": PROVIDED, "01-a.md": quarter}) == []
    # ... and 0.5 is not, even when the module claims an hour (T001 says so too)
    half = PROVIDED.replace("0.25", "0.5")
    found = lint_course(
        {"course.toml": half, "01-a.md": quarter.replace("minutes = 15", "minutes = 60")}
    )
    assert sorted((d.code, d.file.name, d.line) for d in found) == [
        ("C007", "course.toml", 7),
        ("T001", "01-a.md", 4),
    ]
    credit = next(d for d in found if d.code == "C007")
    assert "about 15 minutes, so at most 0.25 hours" in credit.message


def test_c007_a_course_with_a_provider_offers_credit(lint_course: Lint) -> None:
    none = PROVIDED.replace("max_credit = 0.25", "max_credit = 0").replace("0.25 AMA", "0 AMA")
    found = lint_course({"course.toml": none, "01-a.md": module(QUIZ15)})
    assert only(found, "C007") == [("course.toml", 7, 1, "error")]


# -- front matter and review dates ------------------------------------------------------------


def test_f001_no_front_matter(lint_module: Lint) -> None:
    found = lint_module("# Title\n\n## A page\n\nText.\n")
    assert only(found, "F001") == [("01-a.md", 1, 1, "error")]


def test_f002_front_matter_is_bad_toml(lint_module: Lint) -> None:
    found = lint_module(module(front=front(minutes="")))
    assert only(found, "F002") == [("01-a.md", 4, 11, "error")]
    assert found[0].message == 'front matter is not valid TOML: a value is missing after "="'


def test_f003_front_matter_key_missing(lint_module: Lint) -> None:
    found = lint_module(module(front=front(minutes=None)))
    assert only(found, "F003") == [("01-a.md", 1, 1, "error")]
    assert found[0].message == 'front matter key "minutes" is missing'


def test_f003_front_matter_key_has_the_wrong_type(lint_module: Lint) -> None:
    found = lint_module(module(front=front(minutes='"20"')))
    assert only(found, "F003") == [("01-a.md", 4, 1, "error")]


def test_f004_unknown_front_matter_key(lint_module: Lint) -> None:
    found = lint_module(module(front=front(add='author = "Dr A"')))
    assert only(found, "F004") == [("01-a.md", 7, 1, "warning")]


def test_r001_last_reviewed_missing(lint_module: Lint) -> None:
    found = lint_module(module(front=front(last_reviewed=None)))
    assert only(found, "R001") == [("01-a.md", 1, 1, "warning")]


def test_r002_last_reviewed_too_old(lint_module: Lint) -> None:
    found = lint_module(module(front=front(last_reviewed="2025-05-31")))
    assert only(found, "R002") == [("01-a.md", 6, 1, "warning")]


def test_r002_not_reported_at_twelve_months(lint_module: Lint) -> None:
    assert lint_module(module(front=front(last_reviewed="2025-06-01"))) == []


def test_r003_last_reviewed_in_the_future(lint_module: Lint) -> None:
    found = lint_module(module(front=front(last_reviewed="2026-06-02")))
    assert only(found, "R003") == [("01-a.md", 6, 1, "error")]


# -- ids -------------------------------------------------------------------------------------


def test_i001_two_options_share_an_id(lint_module: Lint) -> None:
    body = "## Quiz\n\n### Pick one\n\n- [x] Same\n  > Yes.\n- [ ] Same\n  > No.\n"
    found = lint_module(module(body))
    assert only(found, "I001") == [("01-a.md", 20, 1, "error")]


def test_i001_two_pages_pin_the_same_id(lint_module: Lint) -> None:
    body = "## One\n<!-- id: same -->\n\nText.\n\n## Two\n<!-- id: same -->\n\nText.\n"
    found = lint_module(module(body))
    assert only(found, "I001") == [("01-a.md", 19, 1, "error")]


def test_i002_invalid_pinned_id(lint_module: Lint) -> None:
    found = lint_module(module("## A page\n<!-- id: Not_Valid -->\n\nText.\n"))
    assert only(found, "I002") == [("01-a.md", 15, 1, "error")]


# -- quizzes ---------------------------------------------------------------------------------


def test_q001_question_without_options(lint_module: Lint) -> None:
    body = f"## Quiz\n\n### No options here?\n\nJust text.\n\n{QUESTION}"
    found = lint_module(module(body))
    assert only(found, "Q001") == [("01-a.md", 16, 1, "error")]


def test_q001_options_without_a_question(lint_module: Lint) -> None:
    body = f"## Quiz\n\n{QUESTION}\n```text\nnot a question\n```\n\n- [x] A\n  > Yes.\n"
    found = lint_module(module(body))
    assert only(found, "Q001") == [("01-a.md", 27, 1, "error")]


def test_q002_no_correct_option(lint_module: Lint) -> None:
    body = "## Quiz\n\n### Pick one\n\n- [ ] A\n  > No.\n- [ ] B\n  > No.\n"
    found = lint_module(module(body))
    assert only(found, "Q002") == [("01-a.md", 16, 1, "error")]


def test_q003_single_choice_with_two_correct(lint_module: Lint) -> None:
    body = "## Quiz\n\nPick one.\n\n- [x] A\n  > Yes.\n- [x] B\n  > Yes.\n- [ ] C\n  > No.\n"
    found = lint_module(module(body))
    assert only(found, "Q003") == [("01-a.md", 16, 1, "error")]
    assert found[0].message == "single-choice question has 2 correct options"


def test_q004_option_without_feedback(lint_module: Lint) -> None:
    body = "## Quiz\n\n### Pick one\n\n- [x] A\n  > Yes.\n- [ ] B\n"
    found = lint_module(module(body))
    assert only(found, "Q004") == [("01-a.md", 20, 1, "warning")]


def test_q005_two_quizzes(lint_module: Lint) -> None:
    body = f"## Quiz\n\n{QUESTION}\n## Quiz again\n\n{QUESTION.replace('fine', 'other')}"
    found = lint_module(module(body))
    assert only(found, "Q005") == [("01-a.md", 23, 1, "error")]


def test_q006_quiz_without_questions(lint_module: Lint) -> None:
    found = lint_module(module("## Quiz\n\nNo questions yet.\n"))
    assert only(found, "Q006") == [("01-a.md", 14, 1, "error")]


# -- drills ----------------------------------------------------------------------------------


def drill(steps: str) -> str:
    return module(f"## Drill: D\n\n{steps}\n{DRILL_END}")


def test_d001_choice_to_a_missing_step(lint_module: Lint) -> None:
    steps = (
        "### Start\n\n- [Go](#ending-end)\n  > **Best.** Good.\n"
        "- [Lost](#nowhere)\n  > **Poor.** Lost.\n"
    )
    found = lint_module(drill(steps))
    assert only(found, "D001") == [("01-a.md", 20, 10, "error")]  # the column of the target


def test_d002_step_cannot_be_reached(lint_module: Lint) -> None:
    steps = (
        "### Start\n\n- [Go](#ending-end)\n  > **Best.** Good.\n\n"
        "### Orphan\n\n- [Go](#ending-end)\n  > **Best.** Good.\n"
    )
    found = lint_module(drill(steps))
    assert only(found, "D002") == [("01-a.md", 21, 1, "error")]


def test_d003_no_path_to_an_ending(lint_module: Lint) -> None:
    steps = (
        "### Start\n\n- [Go](#ending-end)\n  > **Best.** Good.\n- [Loop](#loop)\n"
        "  > **Poor.** Round and round.\n\n### Loop\n\n- [Again](#loop)\n  > **Poor.** Again.\n"
    )
    found = lint_module(drill(steps))
    assert only(found, "D003") == [("01-a.md", 23, 1, "error")]
    assert found[0].message == 'no path leads from step "Loop" to an ending'


def test_d003_dead_end_step(lint_module: Lint) -> None:
    steps = (
        "### Start\n\n- [Go](#ending-end)\n  > **Best.** Good.\n- [Stuck](#stuck)\n"
        "  > **Poor.** Stuck.\n\n### Stuck\n\nNothing to choose.\n"
    )
    found = lint_module(drill(steps))
    assert only(found, "D003") == [("01-a.md", 23, 1, "error")]
    assert found[0].message == 'step "Stuck" is a dead end'


def test_d004_ending_without_debrief(lint_module: Lint) -> None:
    steps = "### Start\n\n- [Go](#ending-end)\n  > **Best.** Good.\n\n"
    text = module(f"## Drill: D\n\n{steps}### Ending: End\n")
    found = lint_module(text)
    assert only(found, "D004") == [("01-a.md", 21, 1, "error")]


def test_d005_choice_without_quality_mark(lint_module: Lint) -> None:
    found = lint_module(drill("### Start\n\n- [Go](#ending-end)\n  > Good.\n"))
    assert only(found, "D005") == [("01-a.md", 18, 1, "error")]


def test_d006_drill_without_steps(lint_module: Lint) -> None:
    found = lint_module(module("## Drill: D\n\nOnly an introduction.\n"))
    assert only(found, "D006") == [("01-a.md", 14, 1, "error")]


def test_d006_drill_starting_at_an_ending(lint_module: Lint) -> None:
    found = lint_module(module(f"## Drill: D\n\n{DRILL_END}"))
    assert only(found, "D006") == [("01-a.md", 14, 1, "error")]


# -- pages and content -----------------------------------------------------------------------


def test_p001_empty_page(lint_module: Lint) -> None:
    body = "## Empty\n<!-- a comment is not content -->\n\n## A page\n\nText.\n"
    found = lint_module(module(body))
    assert only(found, "P001") == [("01-a.md", 14, 1, "error")]


def test_p002_page_over_10_kb(lint_module: Lint) -> None:
    paragraph = "A paragraph of about a hundred characters, written again and again. " * 2
    long = "\n\n".join([paragraph] * 80)
    found = lint_module(module(f"## A long page\n\n{long}\n"))
    assert only(found, "P002") == [("01-a.md", 14, 1, "warning")]


def test_p003_broken_anchor_in_the_file(lint_module: Lint) -> None:
    found = lint_module(module("## A page\n\nSee [nothing](#nowhere).\n"))
    assert only(found, "P003") == [("01-a.md", 16, 15, "error")]


def test_p003_link_to_a_file_not_in_the_course(lint_course: Lint) -> None:
    text = module("## A page\n\nSee\n[the other module](02-b.md).\n")
    found = lint_course({"course.toml": COURSE, "01-a.md": text})
    assert only(found, "P003") == [("01-a.md", 17, 20, "error")]


def test_p003_missing_anchor_in_another_module(lint_course: Lint) -> None:
    two = COURSE.replace('  "01-a.md",\n', '  "01-a.md",\n  "02-b.md",\n')
    text = module("## A page\n\n[Fine](02-b.md#b-page) but [not](02-b.md#nowhere).\n")
    other = module("## B page\n\nText.\n", front=FRONT.replace('id = "m"', 'id = "b"', 1))
    found = lint_course({"course.toml": two, "01-a.md": text, "02-b.md": other})
    assert only(found, "P003") == [("01-a.md", 16, 34, "error")]


def test_p004_cited_source_not_listed(lint_module: Lint) -> None:
    found = lint_module(module("## A page\n\nText [no-such-source].\n"))
    assert only(found, "P004") == [("01-a.md", 16, 6, "error")]


# -- unsafe content --------------------------------------------------------------------------


def test_s001_terminal_control_characters(lint_module: Lint) -> None:
    found = lint_module(module("## A page\n\nText \x1b[31mred\x07.\n"))
    assert only(found, "S001") == [("01-a.md", 16, 6, "error"), ("01-a.md", 16, 14, "error")]


def test_s002_raw_inline_html(lint_module: Lint) -> None:
    found = lint_module(module("## A page\n\nText <b>bold</b>.\n"))
    assert only(found, "S002") == [("01-a.md", 16, 6, "error"), ("01-a.md", 16, 13, "error")]


def test_s002_raw_html_block(lint_module: Lint) -> None:
    found = lint_module(module("## A page\n\nText.\n\n  <div>\n  x\n  </div>\n"))
    assert only(found, "S002") == [("01-a.md", 18, 3, "error")]


def test_s003_link_neither_https_nor_in_course(lint_module: Lint) -> None:
    found = lint_module(module("## A page\n\nSee [site](http://example.org).\n"))
    assert only(found, "S003") == [("01-a.md", 16, 12, "error")]


def test_s003_source_url_not_https(lint_module: Lint) -> None:
    text = module(front=FRONT.replace("https://example.org/ama", "http://example.org/ama"))
    found = lint_module(text)
    assert only(found, "S003") == [("01-a.md", 11, 8, "error")]


def test_s004_not_utf8(lint_module: Lint) -> None:
    data = module("## A page\n\nCaf\xe9 au lait.\n").encode("latin-1")
    found = lint_module(data)
    assert only(found, "S004") == [("01-a.md", 16, 4, "error")]
