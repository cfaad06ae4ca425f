"""`tutor export FILES... [--format csv|json|xapi] [-o OUT]`: records for a coordinator."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tutor.cli.exit_codes import Exit
from tutor.cli.records_cli import (
    add_batch_options,
    exit_for,
    load_course_arg,
    read_batch,
    report_skipped,
    write_output,
)


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
        choices=["csv", "json", "xapi"],
        default="csv",
        help="csv (UTF-8 with BOM, for Excel and PARS), json, or xapi statements (JSON array)",
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
    batch = read_batch(args, course, "export", detail=args.format == "xapi")
    report_skipped("export", batch)
    if args.strict and batch.skipped:
        print(
            f"tutor export: {len(batch.skipped)} file(s) skipped; --strict: nothing written",
            file=sys.stderr,
        )
        return int(Exit.PROBLEMS)
    if args.format == "xapi":
        result = xapi.statements(course, batch.learners, args.activity_base or xapi.DEFAULT_BASE)
        data = rows.dumps_json(result.statements).encode()
        count = f"{len(result.statements)} statement(s) for {len(batch.learners)} learner(s)"
        if result.unknown_questions:
            print(
                f"tutor export: note: {result.unknown_questions} answer(s) to questions this "
                f"course version ({course.version}) no longer has were left out",
                file=sys.stderr,
            )
    else:
        records = rows.build_records(batch, complete_only=args.complete_only)
        if args.format == "json":
            data = rows.dumps_json(rows.to_json_document(course, records)).encode()
        else:
            data = rows.to_csv_text(course, records).encode("utf-8")
        count = f"{len(records)} record(s)"
    write_output(args.output, data, "export")
    print(
        f"tutor export: {count} from {batch.files} file(s)"
        + (f"; {len(batch.skipped)} skipped" if batch.skipped else ""),
        file=sys.stderr,
    )
    return exit_for(batch)
