"""`tutor export FILES... [--format csv|json|xapi] [-o OUT]`: records for a coordinator."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from tutor.cli.exit_codes import CliError, Exit
from tutor.cli.records_cli import (
    add_batch_options,
    load_course_arg,
    open_output,
    read_plan,
    report_skipped_list,
)

if TYPE_CHECKING:
    from tutor.core.records.stream import Plan


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="merge progress files into CME records (CSV, JSON or xAPI)",
        description="Merge progress files into one record per learner: CSV for Excel and "
        "the ACCME PARS upload, JSON, or xAPI 1.0.3 statements. A file that cannot be used "
        "is skipped with one line on stderr, and the exit code is then 1; the records of "
        "the other files are still written, whole (use --strict to write nothing). See "
        "docs/records.md for the columns, the merge rule and the JSON schema.",
    )
    add_batch_options(parser)
    parser.add_argument(
        "--format",
        choices=["csv", "json", "xapi", "xapi-jsonl"],
        default="csv",
        help="csv (UTF-8 with BOM, for Excel and PARS), json, xapi statements (a JSON array, "
        "one statement a line) or xapi-jsonl (JSON lines)",
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
    from tutor.core.records import stream, writers, xapi

    fmt = "xapi-jsonl" if args.format == "xapi" and args.jsonl else args.format
    if args.jsonl and not fmt.startswith("xapi"):
        raise CliError("export: --jsonl goes with --format xapi")
    course = load_course_arg(args)
    # Statements go to an LRS: a learner whose details the app would refuse is refused here
    # too (CSV and JSON keep every record; the CSV neutralises dangerous cells instead).
    plan = read_plan(
        args,
        course,
        "export",
        records=fmt in ("csv", "json"),
        check_learner=fmt.startswith("xapi"),
        keep=fmt.startswith("xapi"),
    )
    report_skipped_list("export", plan.skipped)
    if args.strict and plan.skipped:
        plan.close()
        print(
            f"tutor export: {len(plan.skipped)} file(s) skipped; --strict: nothing written",
            file=sys.stderr,
        )
        return int(Exit.PROBLEMS)
    with plan_closed(plan), open_output(args.output, "export") as out:
        if fmt.startswith("xapi"):
            from tutor.core.lrs.config import course_lrs

            base = args.activity_base or course_lrs(course.root).get("activity_base")
            builder = xapi.Statements(course, base or xapi.DEFAULT_BASE)
            entries = builder.entries(stream.learners(plan))
            n = writers.xapi_statements(out, entries, lines=fmt == "xapi-jsonl")
            count = f"{n} statement(s) for {plan.learner_count} learner(s)"
        elif fmt == "json":
            n = writers.json_records(
                out, course, stream.records(plan, complete_only=args.complete_only)
            )
            count = f"{n} record(s)"
        else:
            n = writers.csv_records(
                out, course, stream.records(plan, complete_only=args.complete_only)
            )
            count = f"{n} record(s)"
    skipped = len(plan.skipped)
    print(
        f"tutor export: {count} from {plan.files} file(s)"
        + (f"; {skipped} skipped" if skipped else ""),
        file=sys.stderr,
    )
    return int(Exit.PROBLEMS if skipped else Exit.OK)
