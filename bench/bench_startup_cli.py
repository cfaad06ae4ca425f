"""How fast does the `tutor` command start, compared with importing markdown-it?

Times whole processes, each run several times (interleaved), keeping the best:

- floor:  python -c "import markdown_it"
- tutor --help, tutor new --help, tutor lint --help
- tutor lint on a one-module course (parse + lint included)

and prints each figure with its ratio to the floor. The target is at most 2x,
and none of these may import Textual (tests/test_import_hygiene.py checks that).

    uv run python bench/bench_startup_cli.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 2.0
ROOT = Path(__file__).resolve().parent.parent


def run_once(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, env=env, cwd=ROOT, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode()[-500:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    python = sys.executable
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    with tempfile.TemporaryDirectory(prefix="tutor-startup-") as tmp:
        env["TUTOR_HOME"] = tmp
        course = Path(tmp) / "course"
        course.mkdir()
        from tutor.core.scaffold import new_module

        (course / "course.toml").write_text(
            'id = "c"\ntitle = "C"\nversion = "1"\naudience = "A"\npassing_score = 80\n'
            'learning_format = "enduring material"\nmax_credit = 0.25\nmodules = []\n'
            '[provider]\nname = "P"\ndesignation = "D"\n',
            encoding="utf-8",
        )
        new_module(course, "A module")
        tutor = [python, "-m", "tutor"]
        cases = {
            'python -c "import markdown_it"': [python, "-c", "import markdown_it"],
            "tutor --help": [*tutor, "--help"],
            "tutor new --help": [*tutor, "new", "--help"],
            "tutor lint --help": [*tutor, "lint", "--help"],
            "tutor lint COURSE (1 module)": [*tutor, "lint", str(course)],
        }
        for argv in cases.values():  # warm the file cache and the bytecode
            run_once(argv, {**os.environ})
        best = dict.fromkeys(cases, float("inf"))
        for _ in range(args.repeat):
            for name, argv in cases.items():
                best[name] = min(best[name], run_once(argv, env))

    floor = best['python -c "import markdown_it"']
    worst = 0.0
    for name, seconds in best.items():
        ratio = seconds / floor
        worst = max(worst, ratio)
        print(f"{name:32s} {seconds * 1000:7.1f} ms   {ratio:4.2f}x")
    verdict = "met" if worst <= TARGET else "MISSED"
    print(f"worst ratio {worst:.2f}x (target <= {TARGET}x: {verdict}); best of {args.repeat}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
