"""`tutor report FILES... [--format text|json]`: a summary for coordinators and trainers.

The numbers come from tutor.core.records.report; this module only draws them
with rich. Every piece of text from a lesson or a progress file goes in as a
`rich.text.Text` with control sequences stripped, never as markup.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from tutor.cli.exit_codes import CliError, Exit
from tutor.cli.records_cli import (
    add_batch_options,
    exit_for,
    load_course_arg,
    read_batch,
    report_skipped,
    write_output,
)

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

BAR_WIDTH = 30


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        help="summarise progress files: completion, scores, item analysis, drill endings",
        description="Summarise progress files for coordinators and trainers: the completion "
        "rate, each module's score distribution, time on task, an item analysis of every "
        "question (difficulty and the wrong options chosen most) and the drill endings "
        "reached. --format json gives the same data. Skipped files are reported as by "
        "`tutor export`.",
    )
    add_batch_options(parser, files_optional=True)
    parser.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text (a terminal summary) or json",
    )
    parser.add_argument(
        "--lrs",
        metavar="URL",
        default=None,
        help="report from an LRS's statements instead of files (credentials as for "
        "`tutor send`: TUTOR_LRS_USER/TUTOR_LRS_PASSWORD or --credentials FILE)",
    )
    parser.add_argument(
        "--since",
        metavar="DATE",
        default=None,
        help="with --lrs: only statements since this date or time (ISO 8601, UTC)",
    )
    parser.add_argument(
        "--credentials", metavar="FILE", default=None, help="with --lrs: user:password file"
    )
    parser.add_argument(
        "--activity-base",
        metavar="IRI",
        default=None,
        help="with --lrs: the activity base the statements were sent with",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tutor.core.records.report import build_report

    if args.lrs is not None or args.since is not None:
        data = _from_lrs(args)
        _show(args, data)
        return int(Exit.OK)
    if not args.files:
        raise CliError("report: give progress FILES, or --lrs URL")
    course = load_course_arg(args)
    batch = read_batch(args, course, "report")
    report_skipped("report", batch)
    data = build_report(course, batch.learners)
    _show(args, data)
    return exit_for(batch)


def _show(args: argparse.Namespace, data: dict[str, Any]) -> None:
    from tutor.core.records.rows import dumps_json

    if args.format == "json":
        write_output(None, dumps_json(data).encode(), "report")
    else:
        from rich.console import Console

        render(Console(highlight=False), data)


def _since(text: str) -> str:
    import datetime as dt

    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise CliError(f"report: --since {text}: not a date (YYYY-MM-DD or ISO 8601)") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _from_lrs(args: argparse.Namespace) -> dict[str, Any]:
    from tutor.core.lrs.client import LrsAuthError, LrsClient, LrsError, endpoint_problem
    from tutor.core.lrs.config import ConfigError, course_lrs, credentials
    from tutor.core.lrs.report import ReportFromStatements
    from tutor.core.records import xapi

    if args.lrs is None:
        raise CliError("report: --since goes with --lrs URL")
    if args.files:
        raise CliError("report: give progress FILES or --lrs URL, not both")
    problem = endpoint_problem(args.lrs)
    if problem:
        raise CliError(f"report: --lrs {args.lrs}: {problem}")
    since = _since(args.since) if args.since else None
    try:
        creds = credentials(args.credentials)
    except ConfigError as e:
        raise CliError(f"report: {e}") from None
    course = load_course_arg(args)
    base = args.activity_base or course_lrs(course.root).get("activity_base") or xapi.DEFAULT_BASE
    builder = ReportFromStatements(course, base)
    client = LrsClient(args.lrs, creds)
    try:
        # Pass 1: the voided ids. A conformant LRS leaves voided statements out of a query;
        # Ralph 5.1.0 lists them, and its `verb` filter finds no voiding statement (seen),
        # so every statement is read and the voiding ones picked here. Pass 2 counts.
        builder.void(
            str(s.get("object", {}).get("id", ""))
            for s in client.statements()
            if s.get("verb", {}).get("id") == xapi.VOIDED
        )
        builder.add_all(client.statements(since=since))
    except LrsAuthError as e:
        raise CliError(f"report: {e}") from None
    except LrsError as e:
        raise CliError(f"report: {e}", Exit.PROBLEMS) from None
    finally:
        client.close()
    return builder.report()


def _text(value: object, style: str = "") -> Text:
    """Untrusted text, safe to show: controls stripped, never parsed as markup."""
    from rich.text import Text

    from tutor.core.text import one_line

    return Text(one_line(str(value)), style=style)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def _bar(count: int, largest: int) -> Text:
    from rich.text import Text

    width = round(BAR_WIDTH * count / largest) if largest else 0
    if count and not width:
        width = 1
    return Text("█" * width, style="cyan")


def render(console: Console, data: dict[str, Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    course = data["course"]
    title = _text(course["title"], "bold")
    title.append("  ")
    title.append_text(_text(f"version {course['version']}", "dim"))
    console.print(title)
    summary = Text()
    summary.append(f"{data['learners']} learner(s); ")
    summary.append(f"{data['complete']} complete ({_percent(data['completion_rate'])})", "bold")
    console.print(summary)
    time = data["time_on_task"]
    if time.get("available") is False:
        console.print(Text("Time on task: not recorded in xAPI statements (report from files)"))
    else:
        console.print(
            Text(
                f"Time on task: median {_duration(time['median_seconds'])}, "
                f"mean {_duration(time['mean_seconds'])}, "
                f"total {_duration(time['total_seconds'])} "
                f"over {time['learners']} learner(s) who started"
            )
        )
    parts: list[RenderableType] = []
    for module in data["modules"]:
        heading = Text("Best quiz scores: ", style="bold")
        heading.append_text(_text(module["title"], "bold"))
        chart = Table(
            title=heading,
            title_justify="left",
            show_header=True,
            box=None,
            padding=(0, 1),
        )
        chart.add_column("score %", justify="right")
        chart.add_column("learners", justify="left")
        chart.add_column("", justify="right")
        largest = max((b["count"] for b in module["distribution"]), default=0)
        for band in module["distribution"]:
            chart.add_row(
                Text(band["band"]), _bar(band["count"], largest), Text(str(band["count"]))
            )
        caption = Text(
            f"{module['started']} started, {module['complete']} complete, "
            f"median best score {_percent(module['median_score'])}, "
            f"median time {_duration(module['median_seconds'])}",
            style="dim",
        )
        chart.caption = caption
        chart.caption_justify = "left"
        parts.append(chart)
    for part in parts:
        console.print()
        console.print(part)
    if data["questions"]:
        console.print()
        items = Table(
            title=Text("Item analysis (first answers)", style="bold"), title_justify="left"
        )
        items.add_column("module")
        items.add_column("question", ratio=3)
        items.add_column("answered", justify="right")
        items.add_column("difficulty\n(% right)", justify="right")
        items.add_column("most-chosen wrong options", ratio=2)
        for q in data["questions"]:
            wrong = Text()
            for i, option in enumerate(q["wrong_options"]):
                if i:
                    wrong.append("; ")
                wrong.append_text(_text(option["text"] or option["id"]))
                wrong.append(f" ({option['count']})", style="dim")
            items.add_row(
                _text(q["module"]),
                _text(q["prompt"]),
                Text(str(q["answered"])),
                Text(_percent(q["difficulty"])),
                wrong,
            )
        console.print(items)
    for drill in data["drills"]:
        console.print()
        heading = Text("Drill endings: ", style="bold")
        heading.append_text(_text(drill["title"], "bold"))
        table = Table(title=heading, title_justify="left", box=None, padding=(0, 1))
        table.add_column("ending")
        table.add_column("runs")
        table.add_column("", justify="right")
        largest = max((e["count"] for e in drill["endings"]), default=0)
        for ending in drill["endings"]:
            table.add_row(
                _text(ending["title"] or ending["id"]),
                _bar(ending["count"], largest),
                Text(str(ending["count"])),
            )
        table.caption = Text(f"{drill['runs']} finished run(s)", style="dim")
        table.caption_justify = "left"
        console.print(table)
    if not data["learners"]:
        print("tutor report: no learners to report on", file=sys.stderr)
