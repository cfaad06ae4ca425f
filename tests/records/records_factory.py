"""Make realistic progress files for the records tests and the export benchmark.

A learner is simulated through the real `Session` with a fake clock and a seeded
random generator, so the same arguments always give the same file.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterator
from pathlib import Path

from tests.support.clock import FakeClock
from tutor.core.course import load_course
from tutor.core.model import Course, Kind, Question
from tutor.core.progress import Progress, dumps, loads
from tutor.core.session import Session

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures" / "records"
COURSE_DIR = FIXTURES / "course"

#: How far a simulated learner gets.
LEVELS = ("none", "started", "partial", "complete", "claimed")


def fixture_course() -> Course:
    load = load_course(COURSE_DIR)
    assert load.course is not None, [str(d) for d in load.diagnostics]
    return load.course


def _wrong(question: Question, rng: random.Random) -> set[str]:
    wrong = [o.id for o in question.options if not o.correct]
    if question.kind is Kind.MULTIPLE:
        right = sorted(question.correct_ids)
        return {right[0], *wrong[:1]} if wrong else {right[0]}
    return {rng.choice(wrong)}


def simulate(
    course: Course,
    *,
    seed: int,
    level: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    start: dt.datetime | None = None,
    accuracy: float = 0.75,
    learner_id: str | None = None,
    **learner: str | int | bool,
) -> Progress:
    """One learner's progress, as far as `level` (see LEVELS)."""
    assert level in LEVELS, level
    rng = random.Random(seed)
    start = start or dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC) + dt.timedelta(
        hours=rng.randrange(0, 24 * 20)
    )
    progress = Progress.new(course, start)
    progress.learner.id = learner_id or uuid.UUID(int=rng.getrandbits(128), version=4).hex
    progress.restart_chain("new")
    clock = FakeClock(start, step=rng.randrange(20, 90))
    session = Session(course, progress, save=lambda p: None, clock=clock, new_seed=lambda: 7)
    session.update_learner(first_name=first_name, last_name=last_name, email=email, **learner)
    if level == "none":
        return progress
    modules = course.modules
    if level in ("started", "partial"):
        modules = modules[: 1 if level == "started" else max(1, len(modules) - 1)]
    for module in modules:
        session.add_time(module.id, rng.randrange(120, 900))
        for page in module.pages:
            session.view_page(module.id, page.id)
        if level == "started":
            break
        quiz = module.quiz
        if quiz is not None:
            for attempt in range(3 if level in ("complete", "claimed") else 1):
                session.start_quiz(module.id)
                for question in quiz.questions:
                    good = attempt == 2 or rng.random() < accuracy
                    session.answer(
                        module.id,
                        question.id,
                        question.correct_ids if good else _wrong(question, rng),
                    )
                if session.finish_quiz(module.id).passed:
                    break
        for drill in module.drills:
            session.start_drill(module.id, drill.id)
            while session.current_run(module.id, drill.id) is not None:
                step = session.current_step(module.id, drill.id)
                session.choose(module.id, drill.id, rng.choice(step.choices).id)
    if level in ("complete", "claimed") and course.evaluation:
        ratings = {q.id: str(rng.randint(3, 5)) for q in course.evaluation}
        session.submit_evaluation(
            {
                q.id: ratings[q.id] if q.kind == "rating" else _CHANGES[int(ratings[q.id]) - 3]
                for q in course.evaluation
            }
        )
    if level == "claimed":
        quarters = int(course.max_credit * 4)
        session.attest_credit(rng.randint(1, quarters) / 4)
    return progress


_CHANGES = (
    "Check a photo for identifiers before posting it",
    "Move patient questions from DMs to the portal",
    "Separate my personal and professional accounts",
)

NAMES = [
    ("Ada", "Lovelace"),
    ("Grace", "Hopper"),
    ("Rosalind", "Franklin"),
    ("Chidi", "Okafor"),
    ("Mei", "Tanaka"),
    ("José", "Núñez"),
    ("Zoë", "Ångström"),
    ("Olek", "Łukasiewicz"),
    ("Priya", "Raman"),
    ("Samir", "Haddad"),
]


def learners(count: int, course: Course, seed: int = 1) -> Iterator[tuple[str, Progress]]:
    """`count` different learners (file stem, progress), at mixed levels."""
    rng = random.Random(seed)
    for i in range(count):
        first, last = NAMES[i % len(NAMES)]
        level = rng.choices(LEVELS, weights=[1, 2, 3, 3, 6])[0]
        progress = simulate(
            course,
            seed=seed * 1_000_003 + i,
            level=level,
            first_name=first,
            last_name=f"{last}{i}",
            email=f"learner{i}@example.org",
            board=rng.choice(["ABIM", "ABP", "ABS"]),
            board_id=f"{rng.randrange(10**6, 10**7)}",
            birth_month=rng.randint(1, 12),
            birth_day=rng.randint(1, 28),
            consent_to_share=rng.random() < 0.7,
        )
        yield f"learner-{i:05d}", progress


def write(folder: Path, name: str, progress: Progress) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.progress.toml"
    path.write_text(dumps(progress), encoding="utf-8")
    return path


def learner_files(
    folder: Path, count: int, course: Course, *, templates: int, seed: int
) -> list[Path]:
    """`count` progress files in `folder` for benchmarks: `templates` simulated learners,
    cloned as new learners (own id, name, e-mail and chain). Kept when already there."""
    existing = sorted(folder.glob("*.progress.toml"))
    if len(existing) == count:
        return existing
    for old in existing:
        old.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    texts = [dumps(p) for _, p in learners(min(templates, count), course, seed=seed)]
    paths = []
    for i in range(count):
        progress = loads(texts[i % len(texts)])
        progress.learner.id = f"{i:032x}"
        progress.learner.last_name = f"Learner{i}"
        progress.learner.email = f"learner{i}@example.org"
        progress.restart_chain("new")
        path = folder / f"learner-{i:05d}.progress.toml"
        path.write_text(dumps(progress), encoding="utf-8")
        paths.append(path)
    return paths
