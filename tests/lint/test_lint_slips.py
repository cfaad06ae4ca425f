"""The rules added for issues 8, 10 and 14: one broken fixture each, and the exact code,
line and column of the one diagnostic it gives (the line the trainer must edit).

Module bodies written with `module()` start on line 14 (the front matter is lines 1-12).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lint_helpers import COURSE, FRONT, PROVIDED, QUIZ15, Lint, front, module

from tutor.core.diagnostics import Diagnostic
from tutor.core.limits import MAX_OPTIONS, PAGE_LIMIT

CLEAN = Path(__file__).parent.parent / "fixtures" / "lint" / "clean"

END = "### Ending: End\n\n**Debrief.** Done [ama-2-3-2].\n"


def only(diagnostics: list[Diagnostic], code: str) -> list[tuple[str, int, int, str]]:
    """Where `code` was reported (file name, line, col, severity); nothing else may be."""
    others = [d.format() for d in diagnostics if d.code != code]
    assert not others, others
    found = [(d.file.name, d.line, d.col, d.severity.value) for d in diagnostics]
    assert found, f"{code} was not reported"
    return found


def course_with(extra: str = "", **changes: str) -> str:
    text = COURSE
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    return text + extra


# -- course.toml -------------------------------------------------------------------------


def test_c002_every_syntax_error_at_once_in_plain_words(lint_course: Lint) -> None:
    bad = course_with(
        **{
            'title = "C"': "title = “C”",
            "passing_score = 80": "passing_score = 75%",
            '"01-a.md",\n]': '"01-a.md"\n  "02-b.md",\n]',
        }
    )
    found = lint_course({"course.toml": bad, "01-a.md": module()})
    assert [(d.code, d.line, d.col) for d in found] == [
        ("C002", 2, 9),  # at the curly quote
        ("C002", 5, 19),  # at the % sign
        ("C002", 9, 12),  # after "01-a.md", where the comma is missing (not on line 10)
    ]
    assert "curly quote" in found[0].message and "straight double quote" in found[0].message
    assert "without a % sign" in found[1].message
    assert "comma is missing after this list entry" in found[2].message


def test_c008_unknown_key_in_a_table_with_a_suggestion(lint_course: Lint) -> None:
    bad = PROVIDED + 'signatory_nme = "Dr A"\n'
    found = lint_course({"course.toml": bad, "01-a.md": module(QUIZ15)})
    assert only(found, "C008") == [("course.toml", 15, 1, "warning")]
    assert found[0].message == 'unknown key "provider.signatory_nme"'
    assert found[0].hint.startswith('did you mean "signatory_name"?')


def test_c009_placeholder_provider_says_what_learners_get(lint_course: Lint) -> None:
    bad = PROVIDED.replace('name = "P"', 'name = "[Provider: replace before use]"')
    found = lint_course({"course.toml": bad, "01-a.md": module(QUIZ15)})
    assert only(found, "C009") == [("course.toml", 13, 1, "warning")]
    assert "certificate of completion" in found[0].message


def test_c009_no_provider_is_silent(lint_course: Lint) -> None:
    assert lint_course({"course.toml": COURSE, "01-a.md": module()}) == []


def test_c010_designation_states_another_credit(lint_course: Lint) -> None:
    bad = PROVIDED.replace("maximum of 0.25", "maximum of 0.75")
    found = lint_course({"course.toml": bad, "01-a.md": module(QUIZ15)})
    assert only(found, "C010") == [("course.toml", 14, 1, "error")]
    assert "states 0.75 credits, but max_credit is 0.25" in found[0].message


def test_c011_module_listed_twice(lint_course: Lint) -> None:
    bad = course_with(**{'  "01-a.md",\n': '  "01-a.md",\n  "01-a.md",\n'})
    found = lint_course({"course.toml": bad, "01-a.md": module()})
    assert only(found, "C011") == [("course.toml", 10, 3, "error")]


def test_o001_course_objective(lint_course: Lint) -> None:
    bad = COURSE + 'objectives = [\n  "Choose the audience",\n  "Be aware of the risks",\n]\n'
    found = lint_course({"course.toml": bad, "01-a.md": module()})
    assert only(found, "O001") == [("course.toml", 13, 3, "warning")]
    assert '"be aware of"' in found[0].message


def test_s005_escaped_control_in_course_toml(lint_course: Lint) -> None:
    bad = course_with(**{'title = "C"': 'title = "C\\u001b]0;owned\\u0007"'})
    found = lint_course({"course.toml": bad, "01-a.md": module()})
    assert only(found, "S005") == [("course.toml", 2, 1, "error")]
    assert "\x1b" not in found[0].format()


# -- front matter ------------------------------------------------------------------------


def test_f002_and_f003_every_front_matter_error_at_once(lint_module: Lint) -> None:
    bad = front(title="“M”", minutes="30 minutes", id='"Not An Id"')
    found = lint_module(module(front=bad))
    assert [(d.code, d.line, d.col) for d in found] == [
        ("F003", 2, 1),  # id
        ("F002", 3, 9),  # the curly quote
        ("F002", 4, 14),  # the text after the number
    ]


def test_f004_unknown_key_in_a_source(lint_module: Lint) -> None:
    bad = FRONT.replace('url = "https://example.org/ama"', 'ulr = "https://example.org/ama"')
    found = lint_module(module(front=bad))
    codes = sorted((d.code, d.line, d.col) for d in found)
    # the typo, and so no url (F006) on the source it belongs to
    assert codes == [("F004", 11, 1), ("F006", 9, 1)]
    assert next(d for d in found if d.code == "F004").hint.startswith('did you mean "url"?')


def test_f005_source_never_cited(lint_module: Lint) -> None:
    two = FRONT.replace(
        "```\n", '\n[[sources]]\nid = "fsmb-2019"\ntitle = "F"\nprint_only = true\n```\n'
    )
    found = lint_module(module(front=two))
    assert only(found, "F005") == [("01-a.md", 14, 1, "warning")]


def test_f006_source_without_url(lint_module: Lint) -> None:
    bad = FRONT.replace('url = "https://example.org/ama"\n', "")
    assert only(lint_module(module(front=bad)), "F006") == [("01-a.md", 9, 1, "warning")]


def test_f007_one_source_id_two_titles_across_the_course(lint_course: Lint) -> None:
    two = course_with(**{'"01-a.md",\n]': '"01-a.md",\n  "02-b.md",\n]'})
    drifted = FRONT.replace('id = "m"', 'id = "n"').replace(
        'title = "AMA Opinion 2.3.2"', 'title = "AMA: Professionalism in social media"'
    )
    found = lint_course({"course.toml": two, "01-a.md": module(), "02-b.md": module(front=drifted)})
    # reported in the second module, at its source, naming the first
    assert only(found, "F007") == [("02-b.md", 9, 1, "warning")]
    assert "different title in 01-a.md" in found[0].message


def test_f007_a_different_url_and_the_same_source_twice(lint_course: Lint) -> None:
    three = course_with(**{'"01-a.md",\n]': '"01-a.md",\n  "02-b.md",\n  "03-c.md",\n]'})
    moved = FRONT.replace('id = "m"', 'id = "n"').replace("example.org/ama", "example.org/ama2")
    same = FRONT.replace('id = "m"', 'id = "o"')
    files = {"course.toml": three, "01-a.md": module(), "02-b.md": module(front=moved)}
    found = lint_course(files | {"03-c.md": module(front=same)})
    assert only(found, "F007") == [("02-b.md", 9, 1, "warning")]
    assert "different url in 01-a.md" in found[0].message


def test_f006_print_only_source_needs_no_url(lint_module: Lint) -> None:
    ok = FRONT.replace('url = "https://example.org/ama"', "print_only = true")
    assert lint_module(module(front=ok)) == []


@pytest.mark.parametrize(
    "objective",
    ["Understand HIPAA", "Know when to decline", "By the end, you will be able to learn X"],
)
def test_o001_module_objective(lint_module: Lint, objective: str) -> None:
    found = lint_module(module(front=front(objectives=f'["Choose a channel", "{objective}"]')))
    assert only(found, "O001") == [("01-a.md", 5, 35, "warning")]  # its opening quote


def test_o001_observable_verbs_pass(lint_module: Lint) -> None:
    good = '["Explain what learners need to know", "Decline a request kindly"]'
    assert lint_module(module(front=front(objectives=good))) == []


def test_s005_escaped_control_in_front_matter(lint_module: Lint) -> None:
    found = lint_module(module(front=front(title='"M\\u009b2J"')))
    assert only(found, "S005") == [("01-a.md", 3, 1, "error")]


def test_t001_minutes_far_from_the_estimate(lint_module: Lint) -> None:
    found = lint_module(module(front=front(minutes="30"), fit=False))
    assert only(found, "T001") == [("01-a.md", 4, 1, "warning")]
    assert found[0].hint.startswith("set minutes = 1")


def test_t001_within_a_quarter_is_fine(lint_module: Lint) -> None:
    text = module(QUIZ15)  # fifteen minutes
    assert lint_module(text.replace("minutes = 15", "minutes = 18")) == []


# -- structure ---------------------------------------------------------------------------


def test_h001_drill_heading_without_colon(lint_module: Lint) -> None:
    body = f"## Drill - A review\n\n### Start\n\n- [Go](#ending-end)\n  > **Best.** Yes.\n\n{END}"
    found = lint_module(module(body))
    assert only(found, "H001") == [("01-a.md", 14, 1, "error")]
    assert found[0].hint.startswith('write "## Drill: A review"')


def test_h001_post_test_heading_holds_the_quiz(lint_module: Lint) -> None:
    body = "## Post-test\n\n### Q?\n\n- [x] Yes\n  > Right.\n- [ ] No\n  > Wrong.\n"
    found = lint_module(module(body))
    assert only(found, "H001") == [("01-a.md", 14, 1, "error")]


def test_h001_quiz_heading_one_level_too_deep(lint_module: Lint) -> None:
    body = (
        "## A page\n\nText [ama-2-3-2].\n\n### Quiz\n\n"
        "Which?\n\n- [x] Yes\n  > R.\n- [ ] No\n  > W.\n"
    )
    found = lint_module(module(body))
    assert only(found, "H001") == [("01-a.md", 18, 1, "error")]
    assert '"### Quiz"' in found[0].message


def test_h001_ending_heading_without_colon(lint_module: Lint) -> None:
    body = (
        "## Drill: D\n\n### Start\n\n- [Go](#ending-end)\n  > **Best.** Yes.\n\n"
        "### Ending - End\n\n**Debrief.** Done [ama-2-3-2].\n"
    )
    found = lint_module(module(body))
    assert only(found, "H001") == [("01-a.md", 21, 1, "error")]  # and no D001 on the link


def test_q007_task_list_on_a_page(lint_module: Lint) -> None:
    body = "## A page\n\nText [ama-2-3-2].\n\n- [x] Right\n- [ ] Wrong\n"
    found = lint_module(module(body))
    assert only(found, "Q007") == [("01-a.md", 18, 1, "error")]  # one, for both items


def test_q007_task_list_in_a_drill(lint_module: Lint) -> None:
    body = (
        f"## Drill: D\n\n### Start\n\n- [Go](#ending-end)\n  > **Best.** Yes.\n\n{END}\n- [x] A\n"
    )
    found = lint_module(module(body))
    assert only(found, "Q007") == [("01-a.md", 25, 1, "error")]


QUIZ_HEAD = "## Quiz\n\n### Q?\n\n"


@pytest.mark.parametrize(
    ("options", "line", "col"),
    [
        ("- [x] Yes\n> Right.\n- [ ] No\n  > Wrong.\n", 19, 1),  # feedback not indented
        ("- [x] Yes\n  > Right.\n* [ ] No\n  > Wrong.\n", 20, 1),  # * among -
        ("- [x] Yes\n  > Right.\n  - [ ] No\n    > Wrong.\n", 20, 3),  # indented under
        ("- [x]Yes\n  > Right.\n- [ ] No\n  > Wrong.\n", 18, 1),  # no space after the mark
    ],
)
def test_q008_option_layout_one_error_and_the_question_kept(
    lint_module: Lint, options: str, line: int, col: int
) -> None:
    found = lint_module(module(QUIZ_HEAD + options))
    assert only(found, "Q008") == [("01-a.md", line, col, "error")]


def test_q008_options_indented_as_code(lint_module: Lint) -> None:
    found = lint_module(module(QUIZ_HEAD + "    - [x] Yes\n      > Right.\n"))
    assert only(found, "Q008") == [("01-a.md", 18, 5, "error")]


def test_q009_single_option(lint_module: Lint) -> None:
    found = lint_module(module(QUIZ_HEAD + "- [x] Yes\n  > Right.\n"))
    assert only(found, "Q009") == [("01-a.md", 16, 1, "error")]


def test_d001_link_with_spaces_is_one_error_at_the_target(lint_module: Lint) -> None:
    body = f"## Drill: D\n\n### Start\n\n- [Go](#ending end)\n  > **Best.** Yes.\n\n{END}"
    found = lint_module(module(body))
    assert only(found, "D001") == [("01-a.md", 18, 8, "error")]
    assert found[0].hint == "write it as an anchor, with hyphens: (#ending-end)"


def test_d001_capitals_get_a_suggestion(lint_module: Lint) -> None:
    body = f"## Drill: D\n\n### Start\n\n- [Go](#Ending-End)\n  > **Best.** Yes.\n\n{END}"
    found = lint_module(module(body))
    assert only(found, "D001") == [("01-a.md", 18, 8, "error")]
    assert found[0].hint == "did you mean #ending-end?"


def test_d007_choices_on_a_page(lint_module: Lint) -> None:
    body = "## A page\n\nText [ama-2-3-2].\n\n- [Go](#a-page)\n  > **Best.** Yes.\n"
    found = lint_module(module(body))
    assert only(found, "D007") == [("01-a.md", 18, 1, "error")]


def test_d008_choices_under_an_ending(lint_module: Lint) -> None:
    body = (
        f"## Drill: D\n\n### Start\n\n- [Go](#ending-end)\n  > **Best.** Yes.\n\n{END}\n"
        "- [Again](#start)\n  > **Poor.** No.\n"
    )
    found = lint_module(module(body))
    assert only(found, "D008") == [("01-a.md", 25, 1, "error")]


def test_d009_same_step_heading_in_two_drills(lint_module: Lint) -> None:
    one = f"## Drill: One\n\n### Start\n\n- [Go](#ending-end)\n  > **Best.** Yes.\n\n{END}\n"
    two = f"## Drill: Two\n\n### Begin\n\n- [Go](#ending-end)\n  > **Best.** Yes.\n\n{END}"
    found = lint_module(module(one + two))
    assert only(found, "D009") == [("01-a.md", 32, 1, "error")]  # the second "Ending: End"
    assert '"#ending-end-1"' in found[0].message


# -- links, citations, text --------------------------------------------------------------


def test_p003_non_english_anchors_and_steps_work(lint_module: Lint) -> None:
    body = (
        "## Überblick\n\nSiehe [oben](#überblick) [ama-2-3-2].\n\n## 概要\n\n[上へ](#概要)\n\n"
        "## Drill: Übung\n\n### Anfang\n\n- [Weiter](#ending-schluss)\n  > **Best.** Ja.\n\n"
        "### Ending: Schluss\n\n**Debrief.** Gut.\n"
    )
    assert lint_module(module(body)) == []


def test_p003_curly_apostrophe_link_is_shown_decoded_with_a_suggestion(lint_module: Lint) -> None:
    body = "## Don’t panic\n\nSee [above](#don’t-panic) [ama-2-3-2].\n"
    found = lint_module(module(body))
    assert only(found, "P003") == [("01-a.md", 16, 13, "error")]
    assert found[0].message == 'no heading in this file has anchor "#don’t-panic"'
    assert found[0].hint.startswith("did you mean #dont-panic?")


def test_p003_capitals_in_a_link_get_a_suggestion(lint_module: Lint) -> None:
    body = "## A pause to plan\n\nSee [it](#A-pause-to-plan) [ama-2-3-2].\n"
    found = lint_module(module(body))
    assert only(found, "P003") == [("01-a.md", 16, 10, "error")]
    assert found[0].hint.startswith("did you mean #a-pause-to-plan?")


def test_p003_link_with_a_space_is_not_silent(lint_module: Lint) -> None:
    body = "## A page\n\nSee [it](#a page) [ama-2-3-2].\n"
    found = lint_module(module(body))
    assert only(found, "P003") == [("01-a.md", 16, 10, "error")]
    assert found[0].hint == "write the target without spaces: (#a-page)"


@pytest.mark.parametrize("written", ["AMA-2-3-2", "ama_2_3_2", "ama"])
def test_p004_citation_near_a_listed_source(lint_module: Lint, written: str) -> None:
    found = lint_module(module(f"## A page\n\nGuidance says so [{written}].\n"))
    assert only(found, "P004") == [("01-a.md", 16, 18, "error")]
    assert found[0].hint.startswith("cite the listed source as [ama-2-3-2]")


def test_p004_plain_brackets_are_text(lint_module: Lint) -> None:
    body = "## A page\n\nHe said [sic] and [TODO] and [Name] [ama-2-3-2].\n"
    assert lint_module(module(body)) == []


def test_p005_page_over_the_app_limit(lint_module: Lint) -> None:
    body = "## Huge\n\n" + "\n\n".join(["Some text [ama-2-3-2]. " * 9] * (PAGE_LIMIT // 200 + 20))
    found = [d for d in lint_module(module(body)) if d.code != "T001"]
    assert only(found, "P005") == [("01-a.md", 14, 1, "error")]


def test_p005_too_many_options(lint_module: Lint) -> None:
    options = "".join(
        f"- [{'x' if n == 0 else ' '}] O{n}\n  > F{n}.\n" for n in range(MAX_OPTIONS + 1)
    )
    found = lint_module(module(QUIZ_HEAD + options))
    assert only(found, "P005") == [("01-a.md", 16, 1, "error")]


def test_p006_local_image(lint_course: Lint) -> None:
    body = "## A page\n\nText [ama-2-3-2].\n\n![The selector](shot.png)\n"
    found = lint_course({"course.toml": COURSE, "01-a.md": module(body), "shot.png": "png"})
    assert only(found, "P006") == [("01-a.md", 18, 17, "warning")]
    assert "[image: The selector]" in found[0].message


def test_p006_missing_local_image_is_a_broken_link(lint_course: Lint) -> None:
    body = "## A page\n\nText [ama-2-3-2].\n\n![The selector](shot.png)\n"
    found = lint_course({"course.toml": COURSE, "01-a.md": module(body)})
    assert only(found, "P003") == [("01-a.md", 18, 17, "error")]


def test_p007_template_text_left(lint_module: Lint) -> None:
    body = (
        "## A page\n\nText [ama-2-3-2].\n\n"
        "Describe the situation. Then offer the choices a real physician might make.\n"
    )
    found = lint_module(module(body))
    assert only(found, "P007") == [("01-a.md", 18, 1, "warning")]


@pytest.mark.parametrize(
    ("text", "col", "says"),
    [
        ("You need 75% to pass.", 10, "pass mark of 75%"),
        ("Answer all three questions.", 12, "states 3 questions, but the quiz has 1"),
    ],
)
def test_p008_quiz_intro_states_another_setting(
    lint_course: Lint, text: str, col: int, says: str
) -> None:
    body = f"## Quiz\n\n{text}\n\n### Q?\n\n- [x] Yes\n  > R [ama-2-3-2].\n- [ ] No\n  > W.\n"
    found = lint_course({"course.toml": COURSE, "01-a.md": module(body)})
    assert only(found, "P008") == [("01-a.md", 16, col, "warning")]
    assert says in found[0].message


def test_p008_the_real_pass_mark_is_fine(lint_course: Lint) -> None:
    body = (
        "## Quiz\n\nYou need 80% to pass.\n\n"
        "### Q?\n\n- [x] Yes\n  > R [ama-2-3-2].\n- [ ] No\n  > W.\n"
    )
    assert lint_course({"course.toml": COURSE, "01-a.md": module(body)}) == []


@pytest.mark.parametrize(("char", "col"), [("\u202e", 10), ("\u200b", 10), ("\u2066", 10)])
def test_s006_invisible_characters(lint_module: Lint, char: str, col: int) -> None:
    found = lint_module(module(f"## A page\n\nSome text{char} [ama-2-3-2].\n"))
    assert only(found, "S006") == [("01-a.md", 16, col, "warning")]
    assert char not in found[0].format()


def test_s006_invisible_character_in_course_toml(lint_course: Lint) -> None:
    bad = COURSE.replace('title = "C"', 'title = "C\u202e"')
    found = lint_course({"course.toml": bad, "01-a.md": module()})
    assert only(found, "S006") == [("course.toml", 2, 11, "warning")]


def test_s006_joiners_in_emoji_and_persian_are_fine(lint_module: Lint) -> None:
    body = "## A page\n\nA health worker 👩\u200d⚕️ and می\u200cخواهم [ama-2-3-2].\n"
    assert lint_module(module(body)) == []


def test_a_lost_quiz_is_one_diagnostic_not_a_cascade(tmp_path: Path) -> None:
    """`### Quiz` in a real module changes its content estimate too; the slip is the one
    thing reported (no follow-on T001 for the module's minutes, nor C007 for the credit)."""
    from tutor.core.lint import lint_path

    course = tmp_path / "course"
    shutil.copytree(CLEAN, course)
    module = course / "01-basics.md"
    lines = module.read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index("## Quiz\n")
    lines[at] = "### Quiz\n"
    module.write_text("".join(lines), encoding="utf-8")
    assert only(lint_path(course), "H001") == [("01-basics.md", at + 1, 1, "error")]


def test_a_missing_comma_in_a_long_list_is_one_diagnostic(tmp_path: Path) -> None:
    """The rest of the list after the slip is not reported again as an unclosed array."""
    from tutor.core.lint import lint_path

    course = tmp_path / "course"
    shutil.copytree(CLEAN, course)
    settings = course / "course.toml"
    text = settings.read_text(encoding="utf-8")
    listed = '  "01-basics.md",\n  "02-drills.md",\n'
    assert listed in text
    settings.write_text(
        text.replace(listed, '  "01-basics.md"\n  "02-drills.md",\n  "03-more.md",\n'),
        encoding="utf-8",
    )
    line = text[: text.index(listed)].count("\n") + 1
    found = only(lint_path(course), "C002")
    assert found == [("course.toml", line, len('  "01-basics.md"') + 1, "error")]
