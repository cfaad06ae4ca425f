"""Benchmark: `tutor export` of many progress files against a bare read + tomllib.load.

    uv run python bench/bench_export.py [--files 10000] [--dir DIR] [--jobs 1 2] [--repeat 3]

Generates the files once (into DIR, reused when it already holds them), then,
in the same run and alternating, times:

- the floor: open, read and `tomllib.load` every file, nothing else;
- `tutor export FILES --format csv -o OUT` in this process, for each --jobs value
  (read, check the chain and credit, merge, completion rules, CSV, atomic write).

It prints the best time of each and the ratio to the floor (target <= 1.5x, single
process, with flat memory), and
the median of the ratios of each round (an export against the floor measured just
before it), which other work on the machine skews less than it skews either time.
The learners are simulated through the real Session on the small fixture course
in tests/fixtures/records/course, at mixed levels of progress.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "records"))

from records_factory import COURSE_DIR, fixture_course, learner_files  # noqa: E402

from tutor.cli.main import run  # noqa: E402

TEMPLATES = 200


def generate(folder: Path, count: int) -> list[Path]:
    """`count` progress files in `folder`: simulated templates, cloned as new learners."""
    return learner_files(folder, count, fixture_course(), templates=TEMPLATES, seed=42)


Timing = tuple[float, float]  # (wall seconds, CPU seconds of this process)


def floor(paths: list[Path]) -> Timing:
    start, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        with open(path, "rb") as handle:
            tomllib.load(handle)
    return time.perf_counter() - start, time.process_time() - cpu


def export(folder: Path, out: Path, jobs: int) -> Timing:
    argv = ["export", str(folder), "--course", str(COURSE_DIR), "-o", str(out)]
    argv += ["--jobs", str(jobs)]
    err = io.StringIO()
    start, cpu = time.perf_counter(), time.process_time()
    with contextlib.redirect_stderr(err):
        code = run(argv)
    elapsed = time.perf_counter() - start, time.process_time() - cpu
    if code != 0:
        raise SystemExit(f"export failed ({code}): {err.getvalue()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--dir", type=Path, default=None, help="where to keep the files")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.gettempdir()) / f"tutor-bench-export-{args.files}"
    start = time.perf_counter()
    paths = generate(folder, args.files)
    size = sum(p.stat().st_size for p in paths) / len(paths)
    print(
        f"{len(paths)} files in {folder}, {size / 1024:.1f} KB on average "
        f"(ready in {time.perf_counter() - start:.1f} s); {os.cpu_count()} CPU(s)"
    )
    out = folder.parent / f"{folder.name}.csv"
    floors: list[Timing] = []
    exports: dict[int, list[Timing]] = {j: [] for j in args.jobs}
    for _ in range(args.repeat):
        floors.append(floor(paths))
        for jobs in args.jobs:
            exports[jobs].append(export(folder, out, jobs))
    wall0 = min(t[0] for t in floors)
    cpu0 = min(t[1] for t in floors)
    print(f"load average {os.getloadavg()[0]:.2f} (other work on the machine skews wall times)")
    print(f"floor  read + tomllib.load      {wall0:7.2f} s wall            {cpu0:7.2f} s CPU")
    for jobs, times in exports.items():
        wall = min(t[0] for t in times)
        paired = statistics.median(t[0] / f[0] for t, f in zip(times, floors, strict=True))
        line = f"export --jobs {jobs:<2} (csv, -o)    {wall:7.2f} s wall  {wall / wall0:.2f}x"
        if jobs == 1:  # with workers, their CPU time is not this process's
            cpu = min(t[1] for t in times)
            paired_cpu = statistics.median(t[1] / f[1] for t, f in zip(times, floors, strict=True))
            line += f"   {cpu:7.2f} s CPU  {cpu / cpu0:.2f}x"
            line += f"   (median per round: {paired:.2f}x wall, {paired_cpu:.2f}x CPU)"
        else:
            line += f"{'':27}(median per round: {paired:.2f}x wall)"
        print(line)
    rows = out.read_text(encoding="utf-8-sig").count("\n") - 1
    print(f"({rows} rows in {out}; best of {args.repeat} runs each; target <= 1.5x)")


if __name__ == "__main__":
    main()
