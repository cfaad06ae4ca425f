"""The report as one self-contained HTML page (`tutor report --format html -o FILE`).

It lives in the core because it is only a string built from the report's data
(build_report): no terminal, no Textual, no Rich; `tutor serve` or any other
front end can hand the same page out. Nothing in it reaches the network when it
is viewed: the styles are inline, the charts are inline SVG drawn here, there is
no script at all, and a Content-Security-Policy forbids loading anything.

Charts: completion (a funnel from learners to PARS-ready), each module's best
quiz scores with the pass mark drawn as a line, the hardest questions with their
most-chosen wrong answers, drill endings coloured good, fair or poor, and the
evaluation's ratings. Every text from a lesson or a progress file is escaped and
stripped of control characters.
"""

from __future__ import annotations

from html import escape
from typing import Any

from tutor.core.text import one_line

HARDEST = 10
COLOURS = {"good": "#2e7d32", "fair": "#f9a825", "poor": "#c62828", "unknown": "#9e9e9e"}
RATING_COLOURS = ("#c62828", "#ef6c00", "#bdbdbd", "#7cb342", "#2e7d32")
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto;
       max-width: 60rem; color: #212121; line-height: 1.4; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
.version { color: #757575; }
dl.summary { display: grid; grid-template-columns: 12rem 1fr; gap: 0.3rem 1rem; }
dl.summary dt { font-weight: 600; }
dl.summary dd { margin: 0; }
.flags li { color: #b71c1c; }
.none { color: #2e7d32; }
figure { margin: 1rem 0; }
figcaption { font-size: 0.9rem; color: #616161; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 0.25rem 0.5rem; border-bottom: 1px solid #eee;
         vertical-align: top; }
td.num, th.num { text-align: right; }
svg text { font-family: inherit; }
"""


def _t(value: object) -> str:
    """Untrusted text, safe in HTML: one line, controls stripped, escaped."""
    return escape(one_line(str(value)), quote=True)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _funnel(summary: dict[str, Any], started: int) -> str:
    steps = [
        ("Learners", summary["learners"]),
        ("Started", started),
        ("Completed", summary["complete"]),
        ("Claimed credit", summary["credit"]["learners"]),
        ("Ready for PARS", summary["pars_ready"]),
    ]
    largest = max((n for _, n in steps), default=0) or 1
    width, bar_h, gap, label_w = 640, 26, 8, 140
    height = len(steps) * (bar_h + gap)
    parts = [
        f'<svg class="chart" id="chart-completion" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        "<title>Completion: learners, started, completed, claimed credit, ready for PARS</title>",
    ]
    for i, (label, n) in enumerate(steps):
        y = i * (bar_h + gap)
        w = max(2.0, (width - label_w - 60) * n / largest) if n else 0
        parts.append(
            f'<text x="0" y="{y + bar_h * 0.7:.1f}" font-size="14">{escape(label)}</text>'
            f'<rect class="bar" x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" '
            f'fill="#1565c0"><title>{escape(label)}: {n}</title></rect>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + bar_h * 0.7:.1f}" font-size="14">{n}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _histogram(module: dict[str, Any], passing: float, index: int) -> str:
    counts = [b["count"] for b in module["distribution"]]
    largest = max(counts, default=0) or 1
    width, height, left, bottom, top = 320, 150, 30, 24, 16
    plot_w, plot_h = width - left - 10, height - bottom - top
    bar_w = plot_w / len(counts)
    parts = [
        f'<svg class="chart" id="chart-scores-{index}" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>Best quiz scores: {_t(module['title'])}</title>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="#9e9e9e"/>',
    ]
    for i, n in enumerate(counts):
        h = plot_h * n / largest
        x = left + i * bar_w
        band = module["distribution"][i]["band"]
        parts.append(
            f'<rect class="bar" x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" '
            f'width="{bar_w - 2:.1f}" height="{max(h, 0.5):.1f}" fill="#1565c0">'
            f"<title>{escape(band)}%: {n} learner(s)</title></rect>"
        )
        if i % 2 == 0:
            parts.append(f'<text x="{x:.1f}" y="{height - 8}" font-size="10">{i * 10}</text>')
    mark_x = left + plot_w * passing
    parts.append(
        f'<line class="pass-mark" x1="{mark_x:.1f}" y1="{top - 6}" x2="{mark_x:.1f}" '
        f'y2="{top + plot_h}" stroke="#c62828" stroke-width="2" stroke-dasharray="4 3"/>'
        f'<text x="{mark_x - 3:.1f}" y="{top - 2}" font-size="10" fill="#c62828" '
        f'text-anchor="end">pass mark {passing * 100:g}%</text>'
        f'<text x="0" y="{top + 10}" font-size="10">{largest}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _hbar_chart(
    ident: str, title: str, rows: list[tuple[str, float, str, str]], label_w: int = 300
) -> str:
    """Horizontal bars: (label, fraction 0-1 of the bar width, colour, text after the bar)."""
    width, bar_h, gap = 760, 20, 8
    height = max(1, len(rows)) * (bar_h + gap)
    parts = [
        f'<svg class="chart" id="{ident}" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    plot = width - label_w - 120
    for i, (label, fraction, colour, after) in enumerate(rows):
        y = i * (bar_h + gap)
        w = max(2.0, plot * fraction) if fraction else 0
        short = label if len(label) <= 48 else label[:47] + "…"
        parts.append(
            f'<text x="0" y="{y + bar_h * 0.75:.1f}" font-size="12">{_t(short)}'
            f"<title>{_t(label)}</title></text>"
            f'<rect class="bar" x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" '
            f'fill="{colour}"><title>{_t(label)}: {_t(after)}</title></rect>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + bar_h * 0.75:.1f}" font-size="12">'
            f"{_t(after)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _ratings_chart(questions: list[dict[str, Any]]) -> str:
    rated = [q for q in questions if q["kind"] == "rating"]
    width, bar_h, gap, label_w = 760, 22, 10, 300
    height = max(1, len(rated)) * (bar_h + gap) + 24
    plot = width - label_w - 80
    parts = [
        f'<svg class="chart" id="chart-evaluation" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        "<title>Evaluation ratings, 1 (strongly disagree) to 5 (strongly agree)</title>",
    ]
    for i, q in enumerate(rated):
        y = i * (bar_h + gap)
        total = sum(q["distribution"].values()) or 1
        x = float(label_w)
        prompt = q["prompt"] if len(q["prompt"]) <= 48 else q["prompt"][:47] + "…"
        parts.append(
            f'<text x="0" y="{y + bar_h * 0.75:.1f}" font-size="12">{_t(prompt)}'
            f"<title>{_t(q['prompt'])}</title></text>"
        )
        for r, colour in zip(("1", "2", "3", "4", "5"), RATING_COLOURS, strict=True):
            n = q["distribution"][r]
            w = plot * n / total
            if n:
                parts.append(
                    f'<rect class="bar" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                    f'fill="{colour}"><title>rating {r}: {n}</title></rect>'
                )
            x += w
        parts.append(
            f'<text x="{label_w + plot + 6}" y="{y + bar_h * 0.75:.1f}" font-size="12">'
            f"{_pct(q['agree_rate'])} agree</text>"
        )
    y = len(rated) * (bar_h + gap) + 14
    x = label_w
    for r, colour in zip(("1", "2", "3", "4", "5"), RATING_COLOURS, strict=True):
        parts.append(
            f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="{y}" font-size="11">{r}</text>'
        )
        x += 44
    parts.append(
        f'<text x="{x + 10}" y="{y}" font-size="11">1 strongly disagree … 5 strongly agree</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def render_html(data: dict[str, Any]) -> str:
    """The whole page, from build_report's data."""
    course = data["course"]
    summary = data["summary"]
    passing = course["passing_score"]
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Report: {_t(course['title'])}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{_t(course['title'])}</h1>",
        f'<p class="version">Course version {_t(course["version"])}</p>',
        '<h2 id="summary">Summary</h2><dl class="summary">',
    ]
    total = summary["learners"]
    credit = summary["credit"]
    boards = ", ".join(f"{_t(b)} {n}" for b, n in summary["boards"].items()) or "none given"
    rows = [
        ("Completed", f"{summary['complete']} of {total} ({_pct(summary['completion_rate'])})"),
        (
            "Credit claimed",
            f"{credit['learners']} learners, {credit['total_hours']:g} hours in all",
        ),
        ("Ready for PARS", f"{summary['pars_ready']} (complete, claimed, consented)"),
        ("Consented to sharing", f"{summary['consented']} of {total}"),
        ("Certifying boards", boards),
        ("Evaluations submitted", str(data["evaluation"]["submitted"])),
    ]
    out += [f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in rows]
    out.append("</dl>")
    if summary["flags"]:
        out.append('<ul class="flags">')
        out += [f"<li>{_t(flag['text'])}</li>" for flag in summary["flags"]]
        out.append("</ul>")
    else:
        out.append('<p class="none">No flags.</p>')
    out += [
        '<h2 id="completion">Completion</h2><figure>',
        _funnel(summary, data["time_on_task"]["learners"]),
        "<figcaption>Each bar counts learners; ready for PARS means complete, credit claimed, "
        "consented to sharing and an intact record.</figcaption></figure>",
        f'<h2 id="scores">Best quiz scores (pass mark {passing * 100:g}%)</h2>',
    ]
    for i, module in enumerate(data["modules"]):
        if not module["scored"]:
            continue
        out += [
            "<figure>",
            _histogram(module, passing, i),
            f"<figcaption>{_t(module['title'])}: {module['scored']} learner(s) with a finished "
            f"quiz; median best score {_pct(module['median_score'])}. Bars: learners per band "
            "of ten percentage points; the red line is the pass mark.</figcaption></figure>",
        ]
    answered = [q for q in data["questions"] if q["answered"]]
    answered.sort(key=lambda q: (q["difficulty"], -q["answered"], q["module"], q["id"]))
    hardest = answered[:HARDEST]
    out.append('<h2 id="items">Hardest questions (first answers)</h2>')
    if hardest:
        out += [
            "<figure>",
            _hbar_chart(
                "chart-items",
                "Hardest questions: % answered right on the first try",
                [
                    (q["prompt"], q["difficulty"], "#1565c0", f"{_pct(q['difficulty'])} right")
                    for q in hardest
                ],
            ),
            "<figcaption>% answered right: of each learner's first answer to the question. "
            "Most missed first.</figcaption></figure>",
            '<table><thead><tr><th class="num">% answered right</th><th class="num">answered'
            "</th><th>question</th><th>wrong answers chosen most (times)</th></tr></thead>"
            "<tbody>",
        ]
        for q in hardest:
            wrong = "; ".join(
                f"{_t(o['text'] or o['id'])} ({o['count']})" for o in q["wrong_options"]
            )
            out.append(
                f'<tr><td class="num">{_pct(q["difficulty"])}</td>'
                f'<td class="num">{q["answered"]}</td><td>{_t(q["prompt"])}</td>'
                f"<td>{wrong or '-'}</td></tr>"
            )
        out.append("</tbody></table>")
    else:
        out.append("<p>No question has been answered yet.</p>")
    out.append('<h2 id="drills">Drill endings</h2>')
    for i, drill in enumerate(data["drills"]):
        largest = max((e["count"] for e in drill["endings"]), default=0) or 1
        rows_d = [
            (
                f"{e['title'] or e['id']} ({e.get('quality', 'unknown')})",
                e["count"] / largest,
                COLOURS.get(e.get("quality", "unknown"), COLOURS["unknown"]),
                f"{e['count']} run(s)",
            )
            for e in drill["endings"]
        ]
        out += [
            "<figure>",
            _hbar_chart(f"chart-drill-{i}", f"Drill endings: {drill['title']}", rows_d),
            f"<figcaption>{_t(drill['title'])}: {drill['runs']} finished run(s). Green: a "
            "good ending, amber: fair, red: poor.</figcaption></figure>",
        ]
    evaluation = data["evaluation"]
    out += [
        f'<h2 id="evaluation">Evaluation ({evaluation["submitted"]} submitted)</h2><figure>',
        _ratings_chart(evaluation["questions"]),
        "<figcaption>Share of answers at each rating; agree counts 4 and 5.</figcaption></figure>",
        '<table><thead><tr><th>question</th><th class="num">answered</th>'
        '<th class="num">% agree</th><th class="num">mean</th></tr></thead><tbody>',
    ]
    for q in evaluation["questions"]:
        if q["kind"] == "rating":
            mean = "-" if q["mean"] is None else f"{q['mean']:.1f}"
            cells = f'<td class="num">{_pct(q["agree_rate"])}</td><td class="num">{mean}</td>'
        else:
            cells = '<td class="num">text</td><td></td>'
        out.append(
            f'<tr><td>{_t(q["prompt"])}</td><td class="num">{q["answered"]}</td>{cells}</tr>'
        )
    out += ["</tbody></table>", "</body></html>", ""]
    return "\n".join(out)
