"""The course evaluation reaches the provider: JSON, the xlsx sheet, xAPI and the report."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from records_helpers import PROGRESS, Cli
from test_records_xapi import validate

from tutor.core.model import Course
from tutor.core.records import collect
from tutor.core.records.xapi import statements as xapi_statements

BIAS = "free-of-commercial-bias"


def test_evaluation_export_has_every_answer_and_a_summary(cli: Cli, course: Course) -> None:
    result = cli("export", str(PROGRESS), "--format", "evaluation")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert document["format"] == "tutor-evaluation"
    learners = collect([PROGRESS], course).learners
    submitted = [lf.progress for lf in learners if lf.progress.evaluation is not None]
    assert document["submitted"] == len(submitted) == 5
    bias = next(q for q in document["questions"] if q["id"] == BIAS)
    ratings = [p.evaluation.answers[BIAS] for p in submitted if p.evaluation]
    assert bias["distribution"] == {r: ratings.count(r) for r in "12345"}
    assert bias["agree"] == sum(1 for r in ratings if r in "45")
    # names and e-mails stay out of the evaluation export
    assert "@example.org" not in result.out and "Lovelace" not in result.out
    answers = {r["learner_id"]: r["answers"] for r in document["responses"]}
    for p in submitted:
        assert p.evaluation is not None
        assert answers[p.learner.id] == p.evaluation.answers


def test_records_json_and_xlsx_carry_the_evaluation(cli: Cli, tmp_path: Path) -> None:
    records = json.loads(cli("export", str(PROGRESS), "--format", "json").out)
    ada = next(r for r in records["records"] if r["learner"]["first_name"] == "Ada")
    assert set(ada["evaluation"]["answers"]) == {"met-objectives", BIAS, "one-change"}
    assert [q["id"] for q in records["course"]["evaluation"]] == [
        "met-objectives",
        BIAS,
        "one-change",
    ]
    out = tmp_path / "r.xlsx"
    assert cli("export", str(PROGRESS), "--format", "xlsx", "-o", str(out)).code == 0
    sheet = openpyxl.load_workbook(out)["Evaluation"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][4:] == (
        "The activity met its stated learning objectives.",
        "The content was balanced and free of commercial bias.",
        "What is one thing you will do differently?",
    )
    assert len(rows) == 1 + 5
    ada_row = next(r for r in rows if r[1] == "Ada")
    assert ada_row[4] in range(1, 6) and isinstance(ada_row[6], str)


def test_evaluation_xapi_statements(course: Course) -> None:
    learners = collect([PROGRESS], course).learners
    every = xapi_statements(course, learners, "https://cme.example.org/x/").statements
    assert every == xapi_statements(course, learners, "https://cme.example.org/x/").statements
    statements = [s for s in every if "/evaluation" in s["object"]["id"]]
    for statement in statements:
        validate(statement)
    bias = [s for s in statements if s["object"]["id"].endswith("/evaluation/" + BIAS)]
    assert len(bias) == 5
    definition = bias[0]["object"]["definition"]
    assert definition["interactionType"] == "likert"
    assert [c["id"] for c in definition["scale"]] == ["1", "2", "3", "4", "5"]
    assert all(s["result"]["response"] in "12345" for s in bias)
    completed = [s for s in statements if s["verb"]["id"].endswith("/completed")]
    assert len(completed) == 5
    assert len({s["id"] for s in statements}) == len(statements)


def test_cli_xapi_includes_the_evaluation(cli: Cli) -> None:
    out = json.loads(cli("export", str(PROGRESS), "--format", "xapi").out)
    assert any(s["object"]["id"].endswith("/evaluation/" + BIAS) for s in out)
