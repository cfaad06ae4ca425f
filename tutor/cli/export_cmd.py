"""`tutor export FILES... [--format pars|xlsx|csv|json|evaluation|xapi] [-o OUT]`: records for
a coordinator, streamed: files are read and checked once, then written learner by learner."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, BinaryIO

from tutor.cli.errors import CliError, say
from tutor.cli.records_cli import (
    OutputKind,
    add_batch_options,
    load_course_arg,
    open_output,
    read_plan,
    report_skipped_list,
)
from tutor.core.exits import Exit
from tutor.core.text import one_line

if TYPE_CHECKING:
    from tutor.core.model import Course
    from tutor.core.records.rows import Record
    from tutor.core.records.stream import Plan

FORMATS = ("csv", "json", "xapi", "xapi-jsonl", "pars", "xlsx", "evaluation")
#: Formats that are binary workbooks: written to a file given with -o, never to a terminal.
WORKBOOKS = ("pars", "xlsx")
#: Formats built from each learner's whole history (pass 2), not from their record alone.
HISTORIES = ("xapi", "xapi-jsonl", "evaluation")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="merge progress files into CME records (PARS workbook, xlsx, CSV, JSON, xAPI)",
        description="Merge progress files into one record per learner: the ACCME PARS "
        "learner workbook (pars, .xlsx), an .xlsx workbook for spreadsheets (xlsx), CSV for "
        "other programs (open it with a spreadsheet's import, not by double-clicking), "
        "JSON, the course evaluation (evaluation, JSON), or xAPI 1.0.3 statements. A file "
        "that cannot be used is skipped with one line on stderr, and the exit code is then "
        "1; the records of the other files are still written, whole (use --strict to write "
        "nothing). See docs/records.md for the columns, the merge rule and the JSON schema.",
    )
    add_batch_options(parser)
    parser.add_argument(
        "--format",
        choices=list(FORMATS),
        default="csv",
        help="pars (ACCME learner upload, .xlsx, needs -o), xlsx (records and evaluation "
        "for spreadsheets, needs -o), csv (UTF-8 with BOM; import it, do not double-click), "
        "json, evaluation (JSON), xapi statements (a JSON array, one statement a line) or "
        "xapi-jsonl (JSON lines)",
    )
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help="with --format xapi: JSON lines instead of an array (the same as xapi-jsonl)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write to this file, replacing it in one step (default: stdout)",
    )
    parser.add_argument(
        "--complete-only",
        action="store_true",
        help="only learners who completed the course (csv, json and xlsx)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="write nothing at all if any file is skipped",
    )
    parser.add_argument(
        "--activity-base",
        metavar="IRI",
        default=None,
        help="xapi: the IRI that activity ids start with (default: course.toml [lrs] "
        "activity_base, else https://tutor.invalid/xapi/)",
    )
    parser.set_defaults(handler=run)


@contextlib.contextmanager
def plan_closed(plan: Plan) -> Iterator[Plan]:
    try:
        yield plan
    finally:
        plan.close()


def run(args: argparse.Namespace) -> int:
    fmt = "xapi-jsonl" if args.format == "xapi" and args.jsonl else args.format
    if args.jsonl and not fmt.startswith("xapi"):
        raise CliError("export: --jsonl goes with --format xapi")
    if fmt in WORKBOOKS and (args.output is None or args.output == "-"):
        raise CliError(
            f"export: --format {fmt} writes an .xlsx workbook; give a file name "
            "with -o, e.g. -o learners.xlsx"
        )
    course = load_course_arg(args)
    # Statements go to an LRS: a learner whose details the app would refuse is refused here
    # too (the other formats keep every record; the CSV neutralises dangerous cells instead).
    plan = read_plan(
        args,
        course,
        "export",
        records=fmt not in HISTORIES,
        check_learner=fmt.startswith("xapi"),
        keep=fmt in HISTORIES,
    )
    report_skipped_list("export", plan.skipped)
    if args.strict and plan.skipped:
        plan.close()
        say("export", f"{len(plan.skipped)} file(s) skipped; --strict: nothing written")
        return int(Exit.PROBLEMS)
    kind: OutputKind = "binary" if fmt in WORKBOOKS else "text" if fmt == "csv" else "json"
    with plan_closed(plan), open_output(args.output, "export", kind) as out:
        count = _write(fmt, args, course, plan, out)
    skipped = len(plan.skipped)
    say(
        "export", f"{count} from {plan.files} file(s)" + (f"; {skipped} skipped" if skipped else "")
    )
    return int(Exit.PROBLEMS if skipped else Exit.OK)


def _write(fmt: str, args: argparse.Namespace, course: Course, plan: Plan, out: BinaryIO) -> str:
    """Write the export to `out`; what to say about it."""
    from tutor.core.records import stream, writers

    if fmt.startswith("xapi"):
        from tutor.core.records import xapi

        base = args.activity_base or course.lrs.activity_base
        builder = xapi.Statements(course, base or xapi.DEFAULT_BASE)
        entries = builder.entries(stream.learners(plan))
        n = writers.xapi_statements(out, entries, lines=fmt == "xapi-jsonl")
        return f"{n} statement(s) for {plan.learner_count} learner(s)"
    if fmt == "evaluation":
        from tutor.core.records.evaluation import evaluation_document
        from tutor.core.records.rows import dumps_json

        document = evaluation_document(course, stream.learners(plan))
        out.write(dumps_json(document).encode())
        return f"{document['submitted']} evaluation(s) from {plan.learner_count} learner(s)"
    records = stream.records(plan, complete_only=args.complete_only)
    if fmt == "json":
        return f"{writers.json_records(out, course, records)} record(s)"
    if fmt == "xlsx":
        from tutor.core.records.workbook import write_workbook

        return f"{write_workbook(course, records, out)} record(s)"
    if fmt == "pars":
        return _pars(course, records, out)
    return f"{writers.csv_records(out, course, records)} record(s)"


def _pars(course: Course, records: Iterator[Record], out: BinaryIO) -> str:
    """Write the PARS workbook; notes about left-out learners on stderr."""
    from tutor.core.records.pars import write_pars

    stats = write_pars(course, records, out)
    if stats.left_out:
        say(
            "export",
            f"{stats.left_out} learner(s) left out of the PARS upload: "
            f"{stats.not_complete} not complete, {stats.no_claim} without a credit claim, "
            f"{stats.no_consent} without consent to share"
            + (f", {stats.broken} with a broken chain" if stats.broken else ""),
        )
    if stats.unknown_boards:
        say(
            "export",
            "note: boards that are not ABMS member boards: "
            + ", ".join(one_line(b) for b in stats.unknown_boards)
            + "; correct them in the learners' profiles",
        )
    if stats.no_identifier:
        say(
            "export",
            f"note: {stats.no_identifier} learner(s) have no board ID, licence "
            "number or NPI; PARS cannot match them",
        )
    if not course.records.pars.activity_id:
        say(
            "export", "note: course.toml has no [pars] activity_id; the Activity ID column is empty"
        )
    return f"{stats.learners} learner(s) in {stats.rows} PARS row(s)"
