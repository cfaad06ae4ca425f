"""`tutor certificate PROGRESS -o FILE.pdf`: a learner's certificate of completion."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tutor.cli.exit_codes import CliError, Exit
from tutor.cli.records_cli import add_course_option, load_course_arg, one_line


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "certificate",
        help="make a learner's certificate of completion (PDF)",
        description="Make the certificate of completion for a finished course from the "
        "learner's progress file: name, provider, activity, learning format, completion "
        "date, the credit the learner claimed, the designation statement and a verification "
        "code. Refused (exit 1) until the course is complete and credit has been claimed.",
    )
    parser.add_argument("progress", metavar="PROGRESS", help="the learner's progress file")
    parser.add_argument(
        "-o", "--output", metavar="FILE.pdf", required=True, help="where to write the PDF"
    )
    add_course_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tutor.core.progress import ProgressError, read_progress
    from tutor.core.records import CertificateError, write_certificate

    course = load_course_arg(args)
    try:
        progress = read_progress(args.progress, course_id=course.id)
    except ProgressError as e:
        raise CliError(f"certificate: {one_line(str(e))}") from None
    out = Path(args.output)
    if out.is_dir():
        raise CliError(f"certificate: {out}: is a folder; give a file name with -o")
    try:
        result = write_certificate(course, progress, out)
    except CertificateError as e:
        print(f"tutor certificate: cannot issue a certificate: {one_line(str(e))}", file=sys.stderr)
        return int(Exit.PROBLEMS)
    if result.lossy:
        print(
            "tutor certificate: note: some characters cannot be shown in the PDF's built-in "
            "fonts and are approximated on the page; the exact text is in the document "
            "properties",
            file=sys.stderr,
        )
    print(f"tutor certificate: wrote {out} (verification code {result.code})", file=sys.stderr)
    return int(Exit.OK)
