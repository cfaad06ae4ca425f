"""How fast is `tutor lint` compared with bare markdown-it parsing of the same text?

Generates 1,000 realistic modules of about 5 KB each (front matter, pages with
lists, links and citations, a quiz and a branching drill) into a temporary
course folder, then times, in the same run:

- lint: `lint_path(folder)`, which reads course.toml and every module, parses
  them and runs every rule;
- bare: `tutor.core.markdown.parser().parse(text)` (the one markdown configuration
  the core parses with: CommonMark, tables, strikethrough) over the same texts,
  already in memory.

Each is run several times, interleaved, and the best time is kept. Times are
CPU time of this process (time.process_time), so that other work on a shared
machine does not skew the ratio; --wall uses wall-clock time instead. The
target is a ratio of at most 1.5: every rule lint runs (structure, slips, links,
sources, time, sizes, text) costs at most half again what parsing the markdown does.

    uv run python bench/bench_lint.py [--modules N] [--repeat N] [--profile] [--gc-off]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tutor.core.estimate import estimate
from tutor.core.lint import lint_path
from tutor.core.markdown import parser as markdown_parser
from tutor.core.parser import parse_module

TARGET = 1.5
WORDS = (
    "patient", "physician", "privacy", "audience", "post", "comment", "profile", "message",
    "review", "boundary", "clinic", "practice", "colleague", "portal", "record", "guidance",
    "friend", "request", "public", "share", "tag", "photo", "reply", "setting", "account",
    "page", "follower", "screenshot", "consent", "trust", "advice",
)  # fmt: skip


def words(seed: int, count: int) -> str:
    return " ".join(WORDS[(seed * 7 + n * 13) % len(WORDS)] for n in range(count))


def paragraph(seed: int, cite: str = "") -> str:
    lines = [words(seed + n, 9).capitalize() + "." for n in range(3)]
    text = "\n".join(lines)
    return f"{text} {cite}".rstrip() if cite else text


def module_text(n: int) -> str:
    """Module n, with its minutes the content estimate (as a trainer following lint has)."""
    text = _module_text(n, 1)
    parsed = parse_module(Path(f"{n}.md"), text.encode("utf-8"))
    assert parsed.module is not None
    return _module_text(n, max(1, round(estimate(parsed.module).minutes)))


def _module_text(n: int, minutes: int) -> str:
    today = dt.date.today().isoformat()
    parts = [
        f"""```toml
id = "bench-module-{n}"
title = "Bench module {n}"
minutes = {minutes}
objectives = [
  "Choose the audience for a post before you publish it",
  "Move a clinical question from a public comment to the portal",
]
last_reviewed = {today}

[[sources]]
id = "ama-2-3-2"
title = "AMA Code of Medical Ethics, Opinion 2.3.2"
url = "https://code-medical-ethics.ama-assn.org/ethics-opinions/professionalism-use-social-media"

[[sources]]
id = "fb-audience"
title = "Facebook Help Center: Choose who can see your posts"
url = "https://www.facebook.com/help/120939471321735"
```

# Bench module {n}
""",
    ]
    for page in range(2):
        parts.append(f"## Page {page + 1} of module {n}\n")
        parts.append(paragraph(n + page, "[ama-2-3-2]"))
        parts.append(
            f"- **{words(n + page, 2)}**: {words(n + page + 1, 8)};\n"
            f"- *{words(n + page + 2, 2)}*: {words(n + page + 3, 8)};\n"
            f"- `{words(n + page + 4, 1)}`: {words(n + page + 5, 8)} [fb-audience]."
        )
        parts.append(
            paragraph(n + page + 9) + f"\nSee [the first page](#page-1-of-module-{n}) and "
            "[the help page](https://www.facebook.com/help/120939471321735)."
        )
    parts.append("## Quiz\n\nAnswer every question.\n")
    for q in range(3):
        parts.append(f"### Question {q + 1}: {words(n + q, 7)}?\n")
        parts.append(
            f"- [x] {words(n + q, 5)}\n  > Right: {words(n + q + 1, 9)}.\n"
            f"- [ ] {words(n + q + 2, 5)}\n  > No: {words(n + q + 3, 9)}.\n"
            f"- [ ] {words(n + q + 4, 5)}\n  > No: {words(n + q + 5, 9)}."
        )
        parts.append(f"{words(n + q + 6, 12).capitalize()}.")
    parts.append(f"## Drill: A scenario for module {n}\n\n{paragraph(n + 20)}\n")
    parts.append(
        f"""### The request arrives

{paragraph(n + 21)}

- [Decline it without a word](#a-silent-decline)
  > **Poor.** {words(n + 22, 12)}.
- [Decline, and tell her about your Page](#ending-a-warm-decline)
  > **Best.** {words(n + 23, 12)}.

### A silent decline

{paragraph(n + 24)}

- [Explain your policy kindly](#ending-a-repaired-relationship)
  > **Acceptable.** {words(n + 25, 10)}.
- [Say nothing](#ending-a-cold-silence)
  > **Poor.** {words(n + 26, 10)}.

### Ending: A warm decline

**Debrief.** {paragraph(n + 27, "[ama-2-3-2]")}

### Ending: A repaired relationship

**Debrief.** {paragraph(n + 28, "[ama-2-3-2]")}

### Ending: A cold silence

**Debrief.** {paragraph(n + 29, "[ama-2-3-2]")}
"""
    )
    return "\n\n".join(parts)


def course_toml(names: list[str]) -> str:
    listed = "".join(f'  "{name}",\n' for name in names)
    return f"""id = "bench"
title = "Bench course"
version = "1"
audience = "Benchmarks"
passing_score = 80
learning_format = "enduring material"
max_credit = 1
modules = [
{listed}]

[provider]
name = "Bench"
designation = "Bench"
"""


def timed(fn: Callable[[], object], clock: Callable[[], float]) -> float:
    start = clock()
    fn()
    return clock() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print a profile of one lint run")
    parser.add_argument("--wall", action="store_true", help="wall-clock time, not CPU time")
    parser.add_argument(
        "--gc-off",
        action="store_true",
        help="time both with the garbage collector off, to see its share (lint keeps the "
        "whole course's model alive, which the collector walks; a bare parse keeps nothing)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tutor-bench-") as tmp:
        root = Path(tmp)
        names = [f"{n:04d}-module.md" for n in range(args.modules)]
        texts = [module_text(n) for n in range(args.modules)]
        for name, text in zip(names, texts, strict=True):
            (root / name).write_text(text, encoding="utf-8")
        (root / "course.toml").write_text(course_toml(names), encoding="utf-8")
        size = sum(len(t.encode()) for t in texts)

        found = lint_path(root)
        if found:
            print("the generated course is not lint-clean:", file=sys.stderr)
            for d in found[:10]:
                print(d.format(), file=sys.stderr)
            return 1

        md = markdown_parser()

        def bare() -> None:
            for text in texts:
                md.parse(text)

        def lint() -> None:
            lint_path(root)

        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(lint)
            pstats.Stats(profile).sort_stats("tottime").print_stats(25)

        clock = time.perf_counter if args.wall else time.process_time
        if args.gc_off:
            gc.disable()
        bare_s = lint_s = float("inf")
        for _ in range(args.repeat):  # interleaved, so drift hits both alike
            bare_s = min(bare_s, timed(bare, clock))
            lint_s = min(lint_s, timed(lint, clock))

    ratio = lint_s / bare_s
    mb = size / 1e6
    print(f"modules:      {args.modules} ({size / args.modules / 1024:.1f} KB each, {mb:.1f} MB)")
    print(f"bare parse:   {bare_s:.3f} s  ({mb / bare_s:.2f} MB/s)  markdown.parser().parse")
    print(f"tutor lint:   {lint_s:.3f} s  ({mb / lint_s:.2f} MB/s)  lint_path(folder)")
    collector = ", garbage collector off" if args.gc_off else ""
    print(f"clock:        {'wall' if args.wall else 'CPU'} time, best of {args.repeat}{collector}")
    verdict = "met" if ratio <= TARGET else "MISSED"
    print(f"ratio:        {ratio:.2f}x  (target <= {TARGET}x: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
