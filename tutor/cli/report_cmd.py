"""`tutor report FILES... [--format text|json|html] [--section NAME]`: for coordinators.

The numbers come from tutor.core.records.report; this module only draws them
with rich. Every piece of text from a lesson or a progress file goes in as a
`rich.text.Text` with control sequences stripped, never as markup.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tutor.cli.errors import CliError, say
from tutor.cli.records_cli import (
    add_batch_options,
    exit_for,
    load_course_arg,
    read_batch,
    report_skipped,
    write_output,
)
from tutor.core.exits import Exit
from tutor.core.records.evaluation import COMMERCIAL_BIAS_ID

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

BAR_WIDTH = 30


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        help="summarise progress files: completion, credit, PARS readiness, evaluation, items",
        description="Summarise progress files for coordinators and trainers. The text report "
        "opens with a one-screen summary (completion, credit claimed, learners ready for "
        "PARS, consent and boards, the evaluation, flags); --section adds sections: scores, "
        "time, items (questions by how often they are missed), drills (endings marked good "
        "or poor), evaluation, flags, or all. --format json gives every number; --format "
        "html -o report.html writes one self-contained page with charts. Skipped files are "
        "reported as by `tutor export`.",
    )
    add_batch_options(parser, files_optional=True)
    parser.add_argument(
        "--format",
        choices=["text", "json", "html"],
        default="text",
        help="text (a terminal summary), json, or html (a page with charts; needs -o)",
    )
    parser.add_argument(
        "--section",
        action="append",
        choices=[*SECTIONS[1:], "all"],
        default=[],
        metavar="NAME",
        help="text: add a section after the summary: "
        + ", ".join(SECTIONS[1:])
        + " or all (may be repeated)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write to this file, replacing it in one step (html: required)",
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


SECTIONS = ("summary", "scores", "time", "items", "drills", "evaluation", "flags")


def run(args: argparse.Namespace) -> int:
    from tutor.core.records.report import build_report

    if args.format == "html" and (args.output is None or args.output == "-"):
        raise CliError("report: --format html writes a page; give a file name with -o")
    if args.lrs is not None or args.since is not None:
        _show(args, _from_lrs(args))
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
        write_output(args.output, dumps_json(data).encode(), "report", "json")
    elif args.format == "html":
        from tutor.core.records.report_html import render_html

        write_output(args.output, render_html(data).encode(), "report")
        say("report", f"wrote {args.output}")
    else:
        from rich.console import Console

        sections = SECTIONS[1:] if "all" in args.section else tuple(args.section)
        if args.output and args.output != "-":
            import io

            buffer = io.StringIO()
            render(Console(file=buffer, highlight=False, width=120), data, sections)
            write_output(args.output, buffer.getvalue().encode(), "report")
        else:
            render(Console(highlight=False), data, sections)
    if not data["learners"]:
        say("report", "no learners to report on")


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
    from tutor.core.lrs.config import ConfigError, credentials
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
    base = args.activity_base or course.lrs.activity_base or xapi.DEFAULT_BASE
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


def _passed_share(module: dict[str, Any], passing: float) -> str:
    """The share of scored learners at or above the pass mark, from the bands."""
    scored = module["scored"]
    if not scored:
        return "-"
    first = int(passing * 10 + 1e-9)
    above = sum(b["count"] for b in module["distribution"][first:])
    return f"{above * 100 / scored:.0f}%"


SPARK = " ▁▂▃▄▅▆▇█"


def _spark(counts: list[int], mark: int | None = None) -> Text:
    """Counts as one character each; `mark` puts a bar before that band (the pass mark)."""
    from rich.text import Text

    largest = max(counts, default=0)
    out = Text()
    for i, n in enumerate(counts):
        if i == mark:
            out.append("|", style="bold red")
        level = 0 if not n else max(1, round(8 * n / largest))
        out.append(SPARK[level], style="cyan")
    return out


QUALITY_STYLE = {"good": "green", "fair": "yellow", "poor": "red", "unknown": "dim"}


def render(console: Console, data: dict[str, Any], sections: tuple[str, ...] = ()) -> None:
    """The one-screen summary, then each section asked for, in the order of SECTIONS."""
    from rich.text import Text

    _summary(console, data)
    drawers = {
        "scores": _scores,
        "time": _time,
        "items": _items,
        "drills": _drills,
        "evaluation": _evaluation,
        "flags": _flags,
    }
    for name in SECTIONS[1:]:
        if name in sections:
            console.print()
            drawers[name](console, data)
    if not sections:
        console.print()
        console.print(
            Text(
                "More: --section scores, time, items, drills, evaluation, flags, or all; "
                "--format html -o report.html for charts",
                style="dim",
            )
        )


def _summary(console: Console, data: dict[str, Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    course = data["course"]
    summary = data["summary"]
    title = _text(course["title"], "bold")
    title.append("  ")
    title.append_text(_text(f"version {course['version']}", "dim"))
    console.print(title)
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    total = summary["learners"]
    table.add_row(
        "Completed",
        f"{summary['complete']} of {total} learners ({_percent(summary['completion_rate'])})",
    )
    credit = summary["credit"]
    table.add_row(
        "Credit claimed",
        f"{credit['learners']} learners, {credit['total_hours']:g} hours in all",
    )
    if summary.get("available") is not False:
        table.add_row(
            "Ready for PARS",
            f"{summary['pars_ready']} learners (complete, credit claimed, consented to sharing)",
        )
    if summary.get("available") is False:
        table.add_row(
            "Ready for PARS",
            "not in the LRS's statements (consent, boards and IDs are never sent)",
        )
    else:
        boards = ", ".join(f"{b} {n}" for b, n in summary["boards"].items()) or "none given"
        consent = Text(f"{summary['consented']} of {total} consented to sharing; boards: ")
        consent.append_text(_text(boards))
        table.add_row("Consent, boards", consent)
    evaluation = data["evaluation"]
    line = Text(f"{evaluation['submitted']} submitted")
    rated = [q for q in evaluation["questions"] if q["kind"] == "rating" and q["answered"]]
    bias = next((q for q in rated if q["id"] == COMMERCIAL_BIAS_ID), None)
    others = sorted((q for q in rated if q is not bias), key=lambda q: q["agree_rate"])
    for label, q in (("free of commercial bias", bias), ("lowest of the rest", None)):
        if label.startswith("lowest") and others:
            q = others[0]
            line.append("; lowest agreement: ")
            line.append_text(_text(q["prompt"].rstrip(".")))
            line.append(f" {_percent(q['agree_rate'])} agree", style="bold")
        elif q is not None:
            line.append(f"; {label}: ")
            line.append(f"{_percent(q['agree_rate'])} agree", style="bold")
    table.add_row("Evaluation", line)
    console.print(table)
    flags = summary["flags"]
    if flags:
        console.print(Text("Flags", style="bold red"))
        for flag in flags:
            console.print(Text("  ! ").append_text(_text(flag["text"])))
    else:
        console.print(Text("Flags: none", style="bold green"))


def _scores(console: Console, data: dict[str, Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    passing = data["course"]["passing_score"]
    table = Table(
        title=Text(f"Best quiz scores (pass mark {passing * 100:g}%)", style="bold"),
        title_justify="left",
        caption=Text(
            "distribution: ten bands, 0-9% to 90-100%; | marks the pass mark", style="dim"
        ),
        caption_justify="left",
    )
    table.add_column("module")
    table.add_column("learners scored", justify="right")
    table.add_column("median best score", justify="right")
    table.add_column("% at or above pass mark", justify="right")
    table.add_column("distribution")
    mark = int(passing * 10 + 1e-9)
    for module in data["modules"]:
        if not module["scored"] and not any(b["count"] for b in module["distribution"]):
            continue
        table.add_row(
            _text(module["title"]),
            Text(str(module["scored"])),
            Text(_percent(module["median_score"])),
            Text(_passed_share(module, passing)),
            _spark([b["count"] for b in module["distribution"]], mark),
        )
    console.print(table)


def _time(console: Console, data: dict[str, Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    time = data["time_on_task"]
    if time.get("available") is False:
        console.print(Text("Time on task: not in the LRS's statements (report from files for it)"))
        return
    console.print(
        Text(
            f"Time on task: median {_duration(time['median_seconds'])}, "
            f"mean {_duration(time['mean_seconds'])}, "
            f"total {_duration(time['total_seconds'])} "
            f"over {time['learners']} learner(s) who started",
            style="bold",
        )
    )
    table = Table(box=None, padding=(0, 2))
    table.add_column("module")
    table.add_column("started", justify="right")
    table.add_column("complete", justify="right")
    table.add_column("median time", justify="right")
    for module in data["modules"]:
        table.add_row(
            _text(module["title"]),
            Text(str(module["started"])),
            Text(str(module["complete"])),
            Text(_duration(module["median_seconds"])),
        )
    console.print(table)


def _items(console: Console, data: dict[str, Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    answered = [q for q in data["questions"] if q["answered"]]
    answered.sort(key=lambda q: (q["difficulty"], -q["answered"], q["module"], q["id"]))
    items = Table(
        title=Text("Questions, most often missed first (first answers only)", style="bold"),
        title_justify="left",
    )
    items.add_column("% answered right", justify="right")
    items.add_column("answered", justify="right")
    items.add_column("module")
    items.add_column("question", ratio=3)
    items.add_column("wrong answers chosen most (times)", ratio=2)
    for q in answered:
        wrong = Text()
        for i, option in enumerate(q["wrong_options"]):
            if i:
                wrong.append("; ")
            wrong.append_text(_text(option["text"] or option["id"]))
            wrong.append(f" ({option['count']})", style="dim")
        items.add_row(
            Text(_percent(q["difficulty"])),
            Text(str(q["answered"])),
            _text(q["module"]),
            _text(q["prompt"]),
            wrong,
        )
    console.print(items)
    unanswered = len(data["questions"]) - len(answered)
    if unanswered:
        console.print(Text(f"{unanswered} question(s) not answered by anyone yet", style="dim"))


def _drills(console: Console, data: dict[str, Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    for i, drill in enumerate(data["drills"]):
        if i:
            console.print()
        heading = Text("Drill endings: ", style="bold")
        heading.append_text(_text(drill["title"], "bold"))
        table = Table(title=heading, title_justify="left", box=None, padding=(0, 1))
        table.add_column("ending")
        table.add_column("ending is")
        table.add_column("runs that ended here")
        table.add_column("", justify="right")
        largest = max((e["count"] for e in drill["endings"]), default=0)
        for ending in drill["endings"]:
            quality = ending.get("quality", "unknown")
            table.add_row(
                _text(ending["title"] or ending["id"]),
                Text(quality, style=QUALITY_STYLE.get(quality, "")),
                _bar(ending["count"], largest),
                Text(str(ending["count"])),
            )
        table.caption = Text(f"{drill['runs']} finished run(s)", style="dim")
        table.caption_justify = "left"
        console.print(table)


def _evaluation(console: Console, data: dict[str, Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    evaluation = data["evaluation"]
    table = Table(
        title=Text(
            f"Course evaluation ({evaluation['submitted']} submitted; ratings 1 = strongly "
            "disagree to 5 = strongly agree)",
            style="bold",
        ),
        title_justify="left",
    )
    table.add_column("question", ratio=3)
    table.add_column("answered", justify="right")
    table.add_column("% agree (4-5)", justify="right")
    table.add_column("mean", justify="right")
    table.add_column("1 2 3 4 5")
    for q in evaluation["questions"]:
        if q["kind"] == "rating":
            counts = [q["distribution"][r] for r in ("1", "2", "3", "4", "5")]
            table.add_row(
                _text(q["prompt"]),
                Text(str(q["answered"])),
                Text(_percent(q["agree_rate"])),
                Text("-" if q["mean"] is None else f"{q['mean']:.1f}"),
                Text(" ".join(str(n) for n in counts)),
            )
        else:
            table.add_row(
                _text(q["prompt"]), Text(str(q["answered"])), Text("text"), Text(""), Text("")
            )
    console.print(table)


def _flags(console: Console, data: dict[str, Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    flags = data["summary"]["flags"]
    if not flags:
        console.print(Text("Flags: none", style="bold green"))
        return
    for flag in flags:
        console.print(Text("! ", style="bold red").append_text(_text(flag["text"], "bold")))
        learners = flag.get("learners")
        if learners:
            table = Table(box=None, padding=(0, 2))
            table.add_column("learner")
            table.add_column("credit claimed", justify="right")
            table.add_column("time measured", justify="right")
            for item in learners:
                table.add_row(
                    _text(item["name"] or item["learner_id"]),
                    Text(f"{item['claimed_hours']:g} h"),
                    Text(_duration(item["measured_seconds"])),
                )
            console.print(table)
