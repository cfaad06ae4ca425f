"""Saving benchmark: run with `uv run python bench/bench_save.py [--repeat N]`.

Prints, each next to a baseline measured in the same run:

1. A save of a progress file holding 10,000 quiz attempts (5 answers each), with
   `ProgressStore.save` (to_builtins of the declaration, tomli-w, the C1 escape pass, temp file,
   fsync, os.replace, fsync the folder), against `tomli_w.dumps` of the same
   dict plus write and fsync. Target: at most 2x the baseline.
2. A typical per-answer save: `Session.answer` on a file with a few modules'
   worth of work (answer, chain, build the TOML, save atomically).
   Target: at most 10 ms.

Figures are medians of several runs, in a temporary folder on the same file
system as TUTOR_BENCH_DIR (default: the system temp folder). No asserts: the
numbers are for reading.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import tomli_w

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "core"))

from progress_course import FakeClock, make_course

from tutor.core.progress import (
    Answer,
    ModuleProgress,
    Progress,
    ProgressStore,
    QuizAttempt,
    to_toml_dict,
)
from tutor.core.session import Session

T0 = dt.datetime(2026, 11, 21, 16, 0, tzinfo=dt.UTC)


def big_progress(attempts: int, answers: int = 5, modules: int = 10) -> Progress:
    course = make_course()
    progress = Progress.new(course, T0)
    for m in range(modules):
        module_id = f"module-{m:02d}-facebook-basics"
        mp = progress.modules[module_id] = ModuleProgress(
            content_hash="a" * 64, started=T0, seconds=1234, pages_viewed=["intro", "audience"]
        )
        for n in range(attempts // modules):
            at = T0 + dt.timedelta(minutes=n)
            attempt = QuizAttempt(
                number=n + 1, started=at, seed=n * 7919 % 100003, content_hash="a" * 64
            )
            mp.quiz_attempts.append(attempt)
            for q in range(answers):
                answer = Answer(
                    question=f"who-can-see-a-comment-{q}",
                    chosen=("everyone-who-can-see-your-friends-post",),
                    correct=q % 3 != 0,
                    at=at + dt.timedelta(seconds=q),
                )
                attempt.answers.append(answer)
                progress.seal_answer(module_id, attempt, answer)
            attempt.finished = at + dt.timedelta(seconds=answers)
            attempt.score = 0.6
            attempt.passed = False
            progress.seal_attempt(module_id, attempt)
    return progress


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of `fn`, in seconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def baseline_write(path: Path, data: dict[str, object]) -> None:
    text = tomli_w.dumps(data)
    with open(path, "wb") as f:
        f.write(text.encode("utf-8"))
        f.flush()
        os.fsync(f.fileno())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--attempts", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tutor-bench-", dir=os.environ.get("TUTOR_BENCH_DIR")))
    course = make_course()

    # 1. the big file
    progress = big_progress(args.attempts)
    store = ProgressStore(folder / "big.progress.toml")
    store.open(course)  # creates a small file; the saves below replace it
    data = to_toml_dict(progress)
    size = len(tomli_w.dumps(data).encode())
    ours = timed(lambda: store.save(progress), args.repeat)
    base = timed(lambda: baseline_write(folder / "baseline.toml", data), args.repeat)
    store.close()
    ours_size = (folder / "big.progress.toml").stat().st_size
    print(f"save, {args.attempts:,} attempts of 5 answers")
    print(f"  file size: ours {ours_size / 1e6:.1f} MB, tomli_w's {size / 1e6:.1f} MB")
    print(f"  ProgressStore.save                 {ours * 1000:8.1f} ms")
    print(f"  baseline tomli_w.dumps+write+fsync {base * 1000:8.1f} ms")
    print(f"  ratio {ours / base:.2f}x   (target <= 2x)")

    # 2. a typical answer: a learner part-way through a course
    store = ProgressStore(folder / "typical.progress.toml")
    progress = store.open(course)
    for m in range(6):  # six modules' worth of earlier work
        mid = f"earlier-{m}"
        mp = progress.modules[mid] = ModuleProgress(started=T0, pages_viewed=["intro", "audience"])
        for n in range(2):
            attempt = QuizAttempt(number=n + 1, started=T0)
            mp.quiz_attempts.append(attempt)
            for q in range(5):
                answer = Answer(f"q{q}", ("a",), True, T0)
                attempt.answers.append(answer)
                progress.seal_answer(mid, attempt, answer)
    session = Session(course, progress, store.save, FakeClock())
    quiz = course.modules[0].quiz
    assert quiz is not None
    questions = [(q.id, {q.options[0].id}) for q in quiz.questions]
    per_answer: list[float] = []
    for _ in range(max(args.repeat, 20)):
        session.start_quiz("basics")
        for qid, chosen in questions:
            t = time.perf_counter()
            session.answer("basics", qid, chosen)
            per_answer.append(time.perf_counter() - t)
        session.finish_quiz("basics")
    store.close()
    size = (folder / "typical.progress.toml").stat().st_size
    fsync_only = timed(lambda: baseline_write(folder / "tiny.toml", {"a": 1}), 20)
    print(f"per-answer save ({size / 1e3:.0f} KB file, {len(per_answer)} answers)")
    print(f"  Session.answer median              {statistics.median(per_answer) * 1000:8.2f} ms")
    print(f"  Session.answer max                 {max(per_answer) * 1000:8.2f} ms")
    print(f"  baseline: write+fsync of 6 bytes   {fsync_only * 1000:8.2f} ms")
    print("  target <= 10 ms")


if __name__ == "__main__":
    main()
