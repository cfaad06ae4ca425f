"""Benchmark: peak memory and time of `tutor export --format xapi`, and `report --lrs`.

    uv run python bench/bench_xapi.py [--learners 1000 10000] [--lrs-learners 200] [--dir DIR]

Learners are simulated through the real Session on the **built-in course** (the
realistic size: a complete learner's file is about 30 KB), at mixed levels, then
cloned as new learners (new id, name and e-mail; the chain restarted) up to each
count. Files are generated once into DIR and reused.

1. `tutor export FILES --format xapi -o OUT` runs in a subprocess per count; its
   wall time and peak resident memory (ru_maxrss from wait4) are printed, with
   statements, output size, and the ratios between the counts (memory should stay
   flat: the export holds one learner at a time).
2. On `--lrs-learners` of the same files: a Ralph LRS is started on 127.0.0.1
   (tools/ralph_lrs.py), `tutor send` loads it, then `tutor report --lrs` is timed
   against `tutor report FILES`, and their numbers are compared. This part is kept
   small: Ralph's file-system backend (the one that runs here without a database
   server) reads its whole file for every request; an LRS on a database indexes.

Figures only; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "records"))

from records_factory import learner_files  # noqa: E402

from tutor.core.course import load_course  # noqa: E402
from tutor.core.paths import builtin_course  # noqa: E402

TEMPLATES = 60


def generate(folder: Path, count: int) -> list[Path]:
    course = load_course(builtin_course()).course
    assert course is not None
    return learner_files(folder, count, course, templates=TEMPLATES, seed=7)


def timed(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, int, str, str]:
    """(seconds, peak RSS in MB, stdout, stderr) of a subprocess."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env or os.environ.copy()
    )
    # read the pipes first, then reap with wait4 for the child's own rusage
    out, err = process.stdout.read(), process.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    return seconds, usage.ru_maxrss // 1024, out.decode(), err.decode()


def tutor(*args: str) -> list[str]:
    return [sys.executable, "-m", "tutor", *args, "--course", str(builtin_course())]


def bench_export(root: Path, counts: list[int]) -> None:
    print("export --format xapi (built-in course, one process each)")
    print(
        f"{'learners':>9} {'files MB':>9} {'statements':>11} {'out MB':>8} {'time s':>8} "
        f"{'peak MB':>8}"
    )
    rows = []
    for count in counts:
        folder = root / f"x{count}"
        paths = generate(folder, count)
        size = sum(p.stat().st_size for p in paths) / 1e6
        out = root / f"out-{count}.json"
        seconds, peak, _, err = timed(
            tutor("export", str(folder), "--format", "xapi", "-o", str(out))
        )
        summary = err.strip().splitlines()[-1]
        statements = int(summary.split("export: ")[1].split(" ")[0])
        rows.append((count, seconds, peak))
        print(
            f"{count:>9} {size:>9.1f} {statements:>11} {out.stat().st_size / 1e6:>8.1f} "
            f"{seconds:>8.1f} {peak:>8}"
        )
        out.unlink()
    if len(rows) > 1:
        (n0, t0, m0), (n1, t1, m1) = rows[0], rows[-1]
        print(
            f"ratios {n1}/{n0} learners: time x{t1 / t0:.2f} (learners x{n1 / n0:.0f}), "
            f"peak memory x{m1 / m0:.2f}"
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def comparable(report: dict) -> dict:  # type: ignore[type-arg]
    report = dict(report)
    report.pop("time_on_task")
    report.pop("source", None)
    report["modules"] = [
        {k: v for k, v in m.items() if k != "median_seconds"} for m in report["modules"]
    ]
    return report


def bench_report(root: Path, count: int) -> None:
    folder = root / f"x{count}"
    generate(folder, count)
    port = free_port()
    lrs_dir = Path(tempfile.mkdtemp(prefix="bench-lrs-"))
    password = "bench-password"
    env = {
        **os.environ,
        "RALPH_TEST_PASSWORD": password,
        "TUTOR_LRS_USER": "tutor",
        "TUTOR_LRS_PASSWORD": password,
        "TUTOR_HOME": str(lrs_dir / "home"),
    }
    log = (lrs_dir / "server.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tools" / "ralph_lrs.py"),
            "--dir",
            str(lrs_dir),
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        url = ""
        for _ in range(600):
            text = (lrs_dir / "server.log").read_text()
            if "READY " in text:
                url = text.split("READY ")[1].split()[0]
                break
            time.sleep(0.1)
        if not url:
            print(
                "report --lrs: the Ralph LRS did not start:", (lrs_dir / "server.log").read_text()
            )
            return
        seconds, peak, _, err = timed(
            tutor("send", str(folder), "--lrs", url, "--batch", "500"), env
        )
        print(
            f"\nsend {count} learners to Ralph (fs backend): {seconds:.1f} s, peak {peak} MB; "
            + err.strip().splitlines()[-1]
        )
        t_files, m_files, out_files, _ = timed(
            tutor("report", str(folder), "--format", "json"), env
        )
        t_lrs, m_lrs, out_lrs, err = timed(tutor("report", "--lrs", url, "--format", "json"), env)
        a, b = comparable(json.loads(out_files)), comparable(json.loads(out_lrs))
        differ = [k for k in a if a[k] != b.get(k)]
        print(f"report FILES: {t_files:.2f} s, peak {m_files} MB ({a['learners']} learners)")
        print(
            f"report --lrs: {t_lrs:.2f} s, peak {m_lrs} MB ({b['learners']} learners with "
            f"statements; x{t_lrs / t_files:.2f} the time of report FILES)"
        )
        # Learners who only read pages have sent no statement: the files count them.
        print("keys that differ, time on task aside: " + (", ".join(differ) or "none"))
        active = [p for p in folder.glob("*.toml") if "[[modules" in p.read_text()]
        print(f"  ({len(active)} of the files hold a quiz attempt or drill run)")
    finally:
        server.terminate()
        server.wait(10)
        log.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--lrs-learners", type=int, default=200)
    parser.add_argument(
        "--dir", type=Path, default=Path(tempfile.gettempdir()) / "tutor-bench-xapi"
    )
    args = parser.parse_args()
    bench_export(args.dir, args.learners)
    if args.lrs_learners:
        bench_report(args.dir, args.lrs_learners)
    return 0


if __name__ == "__main__":
    sys.exit(main())
