"""`tutor report`: the numbers, and text from files drawn safely with rich."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from records_factory import simulate, write
from records_helpers import PROGRESS, Cli
from rich.console import Console

from tutor.cli.report_cmd import render
from tutor.core.model import Course
from tutor.core.records import collect
from tutor.core.records.report import build_report


def _report(course: Course, folder: Path) -> dict[str, object]:
    return build_report(course, collect([folder], course).learners)


def test_numbers_on_a_hand_made_batch(course: Course, tmp_path: Path) -> None:
    module = course.modules[0]
    assert module.quiz is not None
    first_q = module.quiz.questions[0]
    wrong = [o.id for o in first_q.options if not o.correct]
    from tutor.core.session import Session

    for i, (chosen, finish) in enumerate(
        [
            ({first_q.options[1].id}, True),
            ({wrong[0]}, True),
            ({wrong[0]}, False),
            ({wrong[1]}, False),
        ]
    ):
        progress = simulate(course, seed=i, level="none", email=f"l{i}@example.org")
        session = Session(course, progress, save=lambda p: None)
        session.start_quiz(module.id)
        session.answer(module.id, first_q.id, chosen)
        if finish:
            session.finish_quiz(module.id)
        write(tmp_path, f"l{i}", progress)
    data = _report(course, tmp_path)
    q = next(x for x in data["questions"] if x["id"] == first_q.id)  # type: ignore[attr-defined]
    assert q["answered"] == 4
    assert q["correct"] == 1
    assert q["difficulty"] == 0.25
    assert [(o["id"], o["count"]) for o in q["wrong_options"]] == [(wrong[0], 2), (wrong[1], 1)]
    mod = data["modules"][0]  # type: ignore[index]
    assert mod["scored"] == 2  # only finished attempts have a score
    counts = [b["count"] for b in mod["distribution"]]
    assert counts[3] == 1 and counts[0] == 1  # 1/3 right -> 30-39; 0/3 -> 0-9
    assert data["learners"] == 4 and data["complete"] == 0
    assert data["completion_rate"] == 0.0


def test_drill_endings_list_unreached_ones(course: Course) -> None:
    data = build_report(course, [])
    assert data["learners"] == 0 and data["completion_rate"] is None
    endings = data["drills"][0]["endings"]
    assert [e["count"] for e in endings] == [0, 0]


def test_text_from_files_is_never_markup(course: Course) -> None:
    data = build_report(course, collect([PROGRESS], course).learners)
    evil = copy.deepcopy(data)
    evil["course"]["title"] = "[bold]Boom[/] \x1b[2J[@click=app.quit]quit[/]"
    evil["questions"][0]["prompt"] = "[TODO] Q3 \x1b]52;c;ZXZpbA==\x07"
    evil["questions"][0]["wrong_options"][0]["text"] = "[/]"
    evil["drills"][0]["endings"][0]["title"] = "\x1b]8;;https://x\x07link\x1b]8;;\x07 [red]"
    console = Console(record=True, width=120, force_terminal=True)
    render(console, evil, ("items", "drills"))
    text = console.export_text(styles=False)
    assert "[bold]Boom[/]" in text
    assert "[@click=app.quit]quit[/]" in text
    assert "[TODO] Q3" in text
    assert "[/]" in text
    assert "link [red]" in text
    raw = console.export_text(styles=True)
    for bad in ("\x1b[2J", "\x1b]52", "\x1b]8", "ZXZpbA=="):
        assert bad not in raw


def test_cli_report_text_and_json(cli: Cli) -> None:
    text = cli("report", str(PROGRESS))
    assert text.code == 0
    assert "Completed" in text.out and "Ready for PARS" in text.out
    assert "--section" in text.out  # says how to see more
    assert len(text.out.splitlines()) <= 24  # one screen
    items = cli("report", str(PROGRESS), "--section", "items")
    assert "most often missed first" in items.out and "% answered right" in items.out
    data = json.loads(cli("report", str(PROGRESS), "--format", "json").out)
    assert data["format"] == "tutor-report"
    assert data["learners"] == 8  # 9 files; Samir's two are one learner


def test_cli_report_skips_like_export(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text("schema_version = 1\n")
    result = cli("report", str(tmp_path), "--format", "json")
    assert result.code == 1
    assert result.err_lines[0].startswith("tutor: report: skipped ")


def test_bad_usage_is_one_line(cli: Cli) -> None:
    result = cli("export", str(PROGRESS), "--format", "xml")
    assert result.code == 2
    assert len(result.err_lines) == 1
    assert cli("export", str(PROGRESS), "--jobs", "-1").code == 2
    missing_course = cli("export", str(PROGRESS), course=Path("/nonexistent/course"))
    assert missing_course.code == 2
    assert "no such course folder" in missing_course.err


def test_summary_counts_what_a_coordinator_needs(course: Course) -> None:
    data = build_report(course, collect([PROGRESS], course).learners)
    summary = data["summary"]
    assert summary["learners"] == 8 and summary["complete"] == 5
    assert summary["credit"] == {"learners": 4, "total_hours": 1.25}
    assert summary["pars_ready"] == 3  # Ada, Samir, Zoë; Wang claimed without consent
    assert summary["consented"] == 4
    assert summary["boards"] == {"ABIM": 2, "ABP": 2, "ABS": 2}
    over = next(f for f in summary["flags"] if f["id"] == "claims-exceed-measured-time")
    # every claim is checked against the seconds the app counted on the modules
    learners = collect([PROGRESS], course).learners
    expected = sum(
        1
        for lf in learners
        if lf.progress.credit
        and lf.progress.credit.claimed * 3600 > sum(m.seconds for m in lf.progress.modules.values())
    )
    assert (over["count"], over["of"]) == (expected, 4) and expected >= 1
    assert data["evaluation"]["submitted"] == 5


def test_items_are_sorted_by_how_often_they_are_missed(cli: Cli) -> None:
    out = cli("report", str(PROGRESS), "--section", "items").out
    rates = [int(m) for m in re.findall(r"│\s+(\d+)% │", out)]
    assert rates and rates == sorted(rates)


def test_drill_endings_are_marked_good_or_poor(course: Course) -> None:
    data = build_report(course, [])
    assert {e["quality"] for e in data["drills"][0]["endings"]} <= {"good", "fair", "poor"}
    assert "good" in {e["quality"] for e in data["drills"][0]["endings"]}


def test_html_needs_an_output_file(cli: Cli) -> None:
    result = cli("report", str(PROGRESS), "--format", "html")
    assert result.code == 2
    assert result.err_lines == [
        "tutor: report: --format html writes a page; give a file name with -o"
    ]
