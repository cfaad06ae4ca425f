"""`tutor export FILES... [--format csv|json|xapi] [-o OUT]`: records for a coordinator."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tutor.cli.errors import CliError, say
from tutor.cli.records_cli import (
    OutputKind,
    add_batch_options,
    exit_for,
    load_course_arg,
    read_batch,
    report_skipped,
    write_output,
)
from tutor.core.exits import Exit
from tutor.core.text import one_line

if TYPE_CHECKING:
    from tutor.core.model import Course
    from tutor.core.records.rows import Record


FORMATS = ("csv", "json", "xapi", "pars", "xlsx", "evaluation")
#: Formats that are binary workbooks: written to a file given with -o, never to a terminal.
WORKBOOKS = ("pars", "xlsx")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="merge progress files into CME records (PARS workbook, xlsx, CSV, JSON, xAPI)",
        description="Merge progress files into one record per learner: the ACCME PARS "
        "learner workbook (pars, .xlsx), an .xlsx workbook for spreadsheets (xlsx), CSV for "
        "other programs (open it with a spreadsheet's import, not by double-clicking), "
        "JSON, the course evaluation (evaluation, JSON), or xAPI 1.0.3 statements. A file "
        "that cannot be used "
        "is skipped with one line on stderr, and the exit code is then 1; the records of "
        "the other files are still written, whole (use --strict to write nothing). See "
        "docs/records.md for the columns, the merge rule and the JSON schema.",
    )
    add_batch_options(parser)
    parser.add_argument(
        "--format",
        choices=list(FORMATS),
        default="csv",
        help="pars (ACCME learner upload, .xlsx, needs -o), xlsx (records and evaluation "
        "for spreadsheets, needs -o), csv (UTF-8 with BOM; import it, do not double-click), "
        "json, evaluation (JSON), or xapi statements (JSON array)",
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
        help="only learners who completed the course (csv and json)",
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
        help="xapi: the IRI that activity ids start with (default https://tutor.invalid/xapi/)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tutor.core.records import rows, xapi

    course = load_course_arg(args)
    if args.format in WORKBOOKS and (args.output is None or args.output == "-"):
        raise CliError(
            f"export: --format {args.format} writes an .xlsx workbook; give a file name "
            "with -o, e.g. -o learners.xlsx"
        )
    batch = read_batch(args, course, "export", detail=args.format == "xapi")
    report_skipped("export", batch)
    if args.strict and batch.skipped:
        say(
            "export",
            f"{len(batch.skipped)} file(s) skipped; --strict: nothing written",
        )
        return int(Exit.PROBLEMS)
    if args.format == "xapi":
        from tutor.core.records.xapi_evaluation import evaluation_statements

        base = args.activity_base or xapi.DEFAULT_BASE
        result = xapi.statements(course, batch.learners, base)
        # the evaluation's statements follow every learner's other statements
        statements = result.statements + evaluation_statements(course, batch.learners, base)
        data = rows.dumps_json(statements).encode()
        count = f"{len(statements)} statement(s) for {len(batch.learners)} learner(s)"
        if result.unknown_questions:
            say(
                "export",
                f"note: {result.unknown_questions} answer(s) to questions this "
                f"course version ({course.version}) no longer has were left out",
            )
    elif args.format == "evaluation":
        from tutor.core.records.evaluation import evaluation_document

        document = evaluation_document(course, batch.learners)
        data = rows.dumps_json(document).encode()
        count = f"{document['submitted']} evaluation(s) from {len(batch.learners)} learner(s)"
    elif args.format in WORKBOOKS:
        records = rows.build_records(batch, complete_only=args.complete_only)
        data, count = _workbook(args.format, course, records)
    else:
        records = rows.build_records(batch, complete_only=args.complete_only)
        if args.format == "json":
            data = rows.dumps_json(rows.to_json_document(course, records)).encode()
        else:
            data = rows.to_csv_text(course, records).encode("utf-8")
        count = f"{len(records)} record(s)"
    kind: OutputKind = (
        "binary" if args.format in WORKBOOKS else "text" if args.format == "csv" else "json"
    )
    write_output(args.output, data, "export", kind)
    say(
        "export",
        f"{count} from {batch.files} file(s)"
        + (f"; {len(batch.skipped)} skipped" if batch.skipped else ""),
    )
    return exit_for(batch)


def _workbook(fmt: str, course: Course, records: list[Record]) -> tuple[bytes, str]:
    """The workbook's bytes and what to say about it; notes about left-out learners on stderr."""
    import io

    out = io.BytesIO()
    if fmt == "xlsx":
        from tutor.core.records.workbook import write_workbook

        written = write_workbook(course, records, out)
        return out.getvalue(), f"{written} record(s)"
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
            "export",
            "note: course.toml has no [pars] activity_id; the Activity ID column is empty",
        )
    return out.getvalue(), f"{stats.learners} learner(s) in {stats.rows} PARS row(s)"
