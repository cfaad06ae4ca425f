"""The learner's app against a bare Textual app, in the same run: issue 9's budgets.

    uv run python bench/bench_ui.py [--repeat N] [--size 80x24] [--only GROUP ...]

The floor is a bare app (a Header, a Static and a Footer), measured the same way
in the same run, interleaved with tutor so that load on the machine hits both.
Every figure is printed as a median (and p90 or min where it says), with its ratio
to the floor and the budget. No asserts: tests never time anything.

startup    whole processes. "terminal": spawned in a pseudo-terminal until the home
           screen's text ("Course progress") has been drawn (the learner has begun, so
           the home screen is the first; the bare app: until its text is drawn).
           "headless": a process that runs the app with Textual's headless driver and
           prints a line once the home screen is drawn. Budget 1.3x.
           Also the first line a learner sees: `tutor` prints "opening the course"
           before it loads anything (budget 0.3 s).
answer     a quiz answer's key press until the feedback is drawn, over every question
           of the built-in course (p90 budget 100 ms). Floor: a key press that
           updates a Static in the bare app.
pages      Next pressed until the next page is drawn, for every page of the built-in
           course (budget 150 ms each), and a dense 5 KB page (budget 300 ms). Floor:
           the bare app's Static updated with the same page text.
quit       Ctrl+Q until the process has exited, from home, a page, quiz feedback and a
           drill's ending (budget 150 ms). Floor: the bare app.
memory     peak resident memory (VmHWM) of the process with the home screen drawn
           (budget 1.2x the bare app), and, in one process, the memory and live widgets
           after each of three full passes through the course (budget: flat within
           2 MiB).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import fcntl
import gc
import os
import pty
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import textwrap
import time
from pathlib import Path

import msgspec

ROOT = Path(__file__).resolve().parent.parent
MINIMAL_TEXT = "Hello from a bare Textual app"
HOME_TEXT = "Course progress"
READY = "READY"

MINIMAL_SCRIPT = f"""
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static({MINIMAL_TEXT!r})
        yield Footer()

Minimal().run()
"""

#: The bare app, headless: prints READY once drawn, then reports its peak memory.
MINIMAL_HEADLESS = f"""
import asyncio
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static({MINIMAL_TEXT!r})
        yield Footer()

async def main():
    app = Minimal()
    async with app.run_test(size=SIZE) as pilot:
        await app.screen.wait_for_refresh()
        print({READY!r}, flush=True)

asyncio.run(main())
"""

TUTOR_HEADLESS = f"""
import asyncio
from pathlib import Path
from tutor.core.paths import builtin_course
from tutor.ui.launch import prepare_app

async def main():
    prepared = prepare_app(builtin_course())
    app = prepared.app
    async with app.run_test(size=SIZE) as pilot:
        from tutor.ui.screens.home import HomeScreen
        while not isinstance(app.screen, HomeScreen):
            await asyncio.sleep(0)
        await app.screen.wait_for_refresh()
        print({READY!r}, flush=True)
    prepared.store.close()

asyncio.run(main())
"""


# -- figures --------------------------------------------------------------------------------


@dataclasses.dataclass
class Row:
    name: str
    ours: list[float]
    base: list[float] | None
    budget: str  # "1.3x", "150 ms" or "p90 100 ms"
    p90: bool = False
    unit: str = "ms"

    def value(self, values: list[float]) -> float:
        if self.p90:
            return statistics.quantiles(values, n=10)[-1] if len(values) > 1 else values[0]
        return statistics.median(values)

    def verdict(self) -> str:
        ours = self.value(self.ours)
        if self.budget.endswith("x"):
            if not self.base:
                return ""
            return "ok" if ours <= float(self.budget[:-1]) * self.value(self.base) else "OVER"
        limit = float(self.budget.split()[-2])
        scale = 1000 if self.unit == "ms" else 1
        return "ok" if ours * scale <= limit else "OVER"


def fmt(value: float, unit: str) -> str:
    return f"{value * 1000:8.1f} ms" if unit == "ms" else f"{value:8.1f} {unit}"


def report(rows: list[Row]) -> None:
    print()
    print(f"{'measure':46s} {'tutor':>11s} {'bare app':>11s}  {'ratio':>6s}  budget")
    for row in rows:
        ours = row.value(row.ours)
        base = row.value(row.base) if row.base else None
        ratio = f"{ours / base:5.2f}x" if base else "      "
        base_text = fmt(base, row.unit) if base is not None else " " * 11
        kind = "p90" if row.p90 else "med"
        print(
            f"{row.name + f' ({kind})':46s} {fmt(ours, row.unit)} {base_text}  {ratio}  "
            f"{row.budget} {row.verdict()}"
        )
    print()


# -- processes in a terminal ------------------------------------------------------------------

_ESCAPES = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


class Terminal:
    """A process in a pseudo-terminal of a given size, whose screen text we can wait for."""

    def __init__(self, argv: list[str], env: dict[str, str], size: tuple[int, int]) -> None:
        master, slave = pty.openpty()
        cols, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.fd = master
        self.raw = bytearray()

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        self.raw += chunk
        return True

    def text(self) -> bytes:
        return _ESCAPES.sub(b"", bytes(self.raw))

    def wait_for(self, text: str, timeout: float = 60.0) -> float:
        """Seconds from the spawn until `text` has been drawn."""
        needle = text.encode()
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if needle in self.text():
                return time.perf_counter() - self.started
            if not self._read(0.02):
                break
        tail = self.text()[-800:].decode(errors="replace")
        raise SystemExit(f"{text!r} never appeared; the terminal ends with:\n{tail}")

    def send(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def peak_memory(self) -> float:
        """The process's peak resident memory so far, in MiB."""
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        found = re.search(r"VmHWM:\s+(\d+) kB", status)
        return int(found.group(1)) / 1024 if found else float("nan")

    def quit(self, timeout: float = 30.0) -> float:
        """Ctrl+Q, then seconds until the process has exited."""
        start = time.perf_counter()
        self.send(b"\x11")
        deadline = start + timeout
        self.restored = float("nan")
        while self.proc.poll() is None and time.perf_counter() < deadline:
            alive = self._read(0.002)
            if self.restored != self.restored and b"\x1b[?1049l" in self.raw:
                self.restored = time.perf_counter() - start
            if not alive:
                self.proc.wait(timeout=max(0.0, deadline - time.perf_counter()))
                break
        elapsed = time.perf_counter() - start
        self.close()
        return elapsed

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.fd)


def process_env(home: str) -> dict[str, str]:
    """A learner's terminal, with TUTOR_HOME in a temporary folder and bytecode as usual."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env.update(TUTOR_HOME=home, TERM="xterm-256color", COLORTERM="truecolor")
    for name in ("TUTOR_COURSE", "PYTHONDONTWRITEBYTECODE", "NO_COLOR"):
        env.pop(name, None)
    return env


def tutor_command() -> list[str]:
    script = Path(sys.executable).with_name("tutor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tutor"]


def begun_home(where: str = "home", *, warm: bool = True) -> str:
    """A TUTOR_HOME whose built-in course progress has begun and rests `where`: on the
    home screen, a page, a quiz question or a drill's ending (the app opens there)."""
    from tutor.core.course import load_course
    from tutor.core.model import Course
    from tutor.core.paths import builtin_course, progress_path
    from tutor.core.progress.store import ProgressStore
    from tutor.core.session import Session

    home = tempfile.mkdtemp(prefix="tutor-bench-")
    os.environ["TUTOR_HOME"] = home
    course = load_course(builtin_course()).course
    assert course is not None
    with ProgressStore(progress_path(course.id)) as store:
        session = Session(course, store.open(course), store.save)
        first = course.modules[0]
        session.view_page(first.id, first.pages[0].id)
        if where == "home":
            session.set_position()
        elif where == "page":
            session.view_page(first.id, first.pages[1].id)
        elif where == "quiz feedback":
            assert first.quiz is not None
            session.start_quiz(first.id)
        elif where == "drill":
            drill = first.drills[0]
            session.start_drill(first.id, drill.id)
            while session.current_run(first.id, drill.id) is not None:
                step = session.current_step(first.id, drill.id)
                session.choose(first.id, drill.id, step.choices[0].id)
    if warm:  # the course checked and cached, as after the learner's first start
        from tutor.ui.launch import open_course

        assert isinstance(open_course(builtin_course(), sys.stderr), Course)
    return home


#: What each place shows once drawn, and the keys that finish getting there.
PLACES = {
    "home": (HOME_TEXT, b""),
    "page": ("page 2 of", b""),
    "quiz feedback": ("Question 1 of", b"1"),
    "drill": ("Replay the drill", b""),
}


def startup_process(size: tuple[int, int], repeat: int) -> list[Row]:
    first_line: list[float] = []
    cold: list[float] = []
    restored: list[float] = []
    base_restored: list[float] = []
    starts: list[float] = []
    base_starts: list[float] = []
    peaks: list[float] = []
    base_peaks: list[float] = []
    heads: list[float] = []
    base_heads: list[float] = []
    quits: dict[str, list[float]] = {w: [] for w in ("home", "page", "quiz feedback", "drill")}
    base_quits: list[float] = []
    with tempfile.TemporaryDirectory(prefix="tutor-bench-") as tmp:
        minimal = Path(tmp) / "minimal.py"
        minimal.write_text(textwrap.dedent(MINIMAL_SCRIPT), encoding="utf-8")
        headless_min = Path(tmp) / "minimal_headless.py"
        headless_min.write_text(MINIMAL_HEADLESS.replace("SIZE", repr(size)), encoding="utf-8")
        headless_tutor = Path(tmp) / "tutor_headless.py"
        headless_tutor.write_text(TUTOR_HEADLESS.replace("SIZE", repr(size)), encoding="utf-8")
        for n in range(repeat + 1):  # the first round warms caches and bytecode; not counted
            home = begun_home()
            env = process_env(home)
            try:
                term = Terminal([sys.executable, str(minimal)], env, size)
                s = term.wait_for(MINIMAL_TEXT)
                time.sleep(0.2)
                m = term.peak_memory()
                q, qr = term.quit(), term.restored
                term = Terminal(tutor_command(), env, size)
                line = term.wait_for("opening the course")
                t = term.wait_for(HOME_TEXT)
                time.sleep(0.2)
                tm = term.peak_memory()
                tq, tr = term.quit(), term.restored
                cold_home = begun_home(warm=False)
                try:
                    term = Terminal(tutor_command(), process_env(cold_home), size)
                    c = term.wait_for(HOME_TEXT)
                    term.close()
                finally:
                    shutil.rmtree(cold_home, ignore_errors=True)
                hb = headless(headless_min, env)
                ht = headless(headless_tutor, env)
            finally:
                shutil.rmtree(home, ignore_errors=True)
            where = list(quits)[n % len(quits)]
            wq = quit_from(where, size)
            if n == 0:
                continue
            base_starts.append(s)
            base_peaks.append(m)
            base_quits.append(q)
            base_restored.append(qr)
            restored.append(tr)
            cold.append(c)
            first_line.append(line)
            starts.append(t)
            peaks.append(tm)
            quits["home"].append(tq)
            quits[where].append(wq)
            base_heads.append(hb)
            heads.append(ht)
        print("  startup, memory and quit (processes): done", flush=True)
    rows = [
        Row("start-up, terminal, to home drawn", starts, base_starts, "1.3x"),
        Row("first start-up (course not cached yet)", cold, base_starts, "1.3x"),
        Row("start-up, headless process, to home drawn", heads, base_heads, "1.3x"),
        Row('first line on screen ("opening the course")', first_line, None, "at most 300 ms"),
        Row("peak memory, home drawn", peaks, base_peaks, "1.2x", unit="MiB"),
    ]
    rows.append(Row("quit, from home, to terminal restored", restored, base_restored, "1.3x"))
    for where, values in quits.items():
        if values:
            rows.append(
                Row(f"quit, from {where}, to process exit", values, base_quits, "at most 150 ms")
            )
    return rows


def headless(script: Path, env: dict[str, str]) -> float:
    """Seconds from spawning `script` until it prints READY."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait()
    if READY.encode() not in line:
        raise SystemExit(
            f"{script.name} failed: {proc.stderr.read().decode()[-800:] if proc.stderr else ''}"
        )
    return elapsed


def quit_from(where: str, size: tuple[int, int]) -> float:
    """Ctrl+Q from `where` (home, a page, quiz feedback, a drill's ending), until exit."""
    home = begun_home(where)
    try:
        term = Terminal(tutor_command(), process_env(home), size)
        try:
            text, keys = PLACES[where]
            term.wait_for(text)
            if keys:
                term.send(keys)
                term.wait_for("Next question")  # the feedback is drawn
            time.sleep(0.3)
            return term.quit()
        except BaseException:
            term.close()
            raise
    finally:
        shutil.rmtree(home, ignore_errors=True)


# -- in one process: answers, page turns, passes --------------------------------------------


def in_process(size: tuple[int, int], repeat: int, groups: set[str]) -> list[Row]:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    from tutor.core.course import load_course
    from tutor.core.markdown import text_of, to_doc
    from tutor.core.paths import builtin_course

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static(MINIMAL_TEXT, id="text")
            yield Footer()

    course = load_course(builtin_course()).course
    assert course is not None
    rows: list[Row] = []

    async def bare_updates(texts: list[str]) -> list[float]:
        """A key press that updates a Static in the bare app, until drawn, per text."""
        app = Bare()
        times: list[float] = []
        async with app.run_test(size=size) as pilot:
            static = app.query_one("#text", Static)
            for text in texts:
                await pilot.pause()
                start = time.perf_counter()
                static.update(text)
                await app.screen.wait_for_refresh()
                times.append(time.perf_counter() - start)
        return times

    if "answer" in groups:
        answers, feedback_texts = asyncio.run(quiz_answers(course, size, repeat))
        base = asyncio.run(bare_updates(feedback_texts))
        rows.append(Row("quiz answer to feedback drawn", answers, base, "p90 100 ms", p90=True))
        rows.append(Row("quiz answer to feedback drawn", answers, base, "at most 100 ms"))
        print("  quiz answers: done", flush=True)

    if "pages" in groups:
        rounds = [asyncio.run(page_turns(course, size)) for _ in range(3)]
        texts = rounds[0][1]
        turns = [statistics.median(r[0][n] for r in rounds) for n in range(len(texts))]
        base = asyncio.run(bare_updates(texts))
        rows.append(Row("page turn, every built-in page", turns, base, "at most 150 ms"))
        rows.append(Row("page turn, every built-in page", turns, base, "p90 150 ms", p90=True))
        worst = max(turns)  # of each page's median over three rounds
        rows.append(Row("page turn, slowest built-in page", [worst], None, "at most 150 ms"))
        dense = dense_page()
        dense_times = asyncio.run(dense_turns(course, dense, size, repeat))
        base = asyncio.run(bare_updates([text_of(to_doc(dense))] * repeat))
        rows.append(Row("page turn, dense 5 KB page", dense_times, base, "at most 300 ms"))
        print("  page turns: done", flush=True)

    if "quit" in groups:
        ours: dict[str, list[float]] = {w: [] for w in PLACES}
        bare: list[float] = []
        for _ in range(repeat):
            for where in PLACES:
                ours[where].append(asyncio.run(headless_quit(course, where, size)))
            bare.append(asyncio.run(bare_quit(Bare, size)))
        for where, values in ours.items():
            rows.append(Row(f"quit, headless, from {where}", values, bare, "at most 150 ms"))
        print("  quit, headless: done", flush=True)

    if "passes" in groups:
        rows += asyncio.run(passes(course, size))
        print("  three passes: done", flush=True)
    return rows


async def headless_quit(course, where, size) -> float:  # type: ignore[no-untyped-def]
    """Ctrl+Q at `where` until the app has shut down (Textual's headless driver)."""
    from tutor.core.paths import builtin_course
    from tutor.ui.launch import prepare_app

    home = begun_home(where)
    try:
        prepared = prepare_app(builtin_course())
        assert not isinstance(prepared, int)
        app = prepared.app
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            if where == "quiz feedback":
                await pilot.press("1")
                await settle(pilot)
            await pilot.pause(0.1)
            start = time.perf_counter()
            app.simulate_key("ctrl+q")
            while app.is_running:
                await asyncio.sleep(0)
        elapsed = time.perf_counter() - start
        prepared.store.close()
        return elapsed
    finally:
        shutil.rmtree(home, ignore_errors=True)


async def bare_quit(bare, size) -> float:  # type: ignore[no-untyped-def]
    app = bare()
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.1)
        start = time.perf_counter()
        app.simulate_key("ctrl+q")
        while app.is_running:
            await asyncio.sleep(0)
    return time.perf_counter() - start


def fresh_app(course, size):  # type: ignore[no-untyped-def]
    """The app on `course` with a fresh progress file (and its store, to close)."""
    from tutor.core.paths import progress_path
    from tutor.core.progress.store import ProgressStore
    from tutor.ui.app import TutorApp

    home = tempfile.mkdtemp(prefix="tutor-bench-")
    os.environ["TUTOR_HOME"] = home
    store = ProgressStore(progress_path(course.id))
    progress = store.open(course)
    progress.learner.first_name = "Bench"  # begun: no first-run welcome
    app = TutorApp(course, store=store, progress=progress)
    return app, store, home


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def quiz_answers(course, size, repeat):  # type: ignore[no-untyped-def]
    """Every question of every quiz, answered (right) by its number key, until drawn."""
    from tutor.core.markdown import text_of
    from tutor.ui.screens.quiz import QuizScreen, QuizView

    times: list[float] = []
    texts: list[str] = []
    for _ in range(max(1, repeat // 3)):
        app, store, home = fresh_app(course, size)
        try:
            async with app.run_test(size=size) as pilot:
                await settle(pilot)
                for module in course.modules:
                    if module.quiz is None:
                        continue
                    app.open_item(module.id, module.quiz.id)
                    await settle(pilot)
                    screen = app.screen
                    assert isinstance(screen, QuizScreen)
                    await pilot.press("n")
                    await settle(pilot)
                    while screen.view is QuizView.QUESTION:
                        question = screen.question
                        assert question is not None
                        right = [str(n) for n, o in enumerate(screen.options, 1) if o.correct]
                        if question.kind.value == "multiple":
                            for key in right:
                                await pilot.press(key)
                            await pilot.pause()
                            key = "s"
                        else:
                            key = right[0]
                        start = time.perf_counter()
                        app.simulate_key(key)
                        while screen.view is not QuizView.FEEDBACK:
                            await asyncio.sleep(0)
                        await screen.wait_for_refresh()
                        times.append(time.perf_counter() - start)
                        texts.append(
                            "\n".join(text_of(o.feedback) for o in screen.options)
                            + text_of(question.explanation)
                        )
                        await settle(pilot)  # (untimed) the save in the background, if any
                        await pilot.press("enter")
                        await settle(pilot)
                await pilot.press("ctrl+q")
        finally:
            store.close()
            shutil.rmtree(home, ignore_errors=True)
    return times, texts


async def page_turns(course, size):  # type: ignore[no-untyped-def]
    """Next from each page to the following one, every page of the course, until drawn."""
    from tutor.core.markdown import text_of
    from tutor.ui.screens.reader import ReaderScreen

    times: list[float] = []
    texts: list[str] = []
    app, store, home = fresh_app(course, size)
    try:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            for module in course.modules:
                pages = module.pages
                app.open_item(module.id, pages[0].id)
                await settle(pilot)
                reader = app.screen
                assert isinstance(reader, ReaderScreen)
                for page in pages[1:]:
                    # only pages that follow a page in the module's order are turned to
                    index = module.items.index(page)
                    if module.items[index - 1] is not reader.page:
                        app.pop_screen()
                        app.open_item(module.id, page.id)
                        await settle(pilot)
                        reader = app.screen
                        continue
                    await settle(pilot)
                    start = time.perf_counter()
                    app.simulate_key("right")
                    while reader.page is not page:
                        await asyncio.sleep(0)
                    await reader.wait_for_refresh()
                    times.append(time.perf_counter() - start)
                    texts.append(text_of(page.doc))
            await pilot.press("ctrl+q")
    finally:
        store.close()
        shutil.rmtree(home, ignore_errors=True)
    return times, texts


def dense_page(size: int = 5000) -> str:
    """Synthetic lesson text with many small blocks: the worst case for drawing."""
    parts: list[str] = []
    n = 0
    while sum(len(p) + 2 for p in parts) < size:
        n += 1
        parts += [
            f"### Point {n}",
            f"A short paragraph with **bold**, *italic* and a [link](#point-{n}).",
            "- one thing to check\n- another, with `code`\n- a third",
            f"> A quote to remember, number {n}.",
        ]
    return "\n\n".join(parts)[:size].rsplit("\n\n", 1)[0] + "\n"


async def dense_turns(course, text, size, repeat):  # type: ignore[no-untyped-def]
    """Next from a short page to a dense 5 KB page, until drawn."""
    from tutor.core.markdown import to_doc
    from tutor.ui.screens.reader import ReaderScreen

    first = course.modules[0]
    short = msgspec.structs.replace(
        first.pages[0], id="short", title="Short", doc=to_doc("## Short\n\nA.")
    )
    dense = msgspec.structs.replace(first.pages[0], id="dense", title="Dense", doc=to_doc(text))
    module = msgspec.structs.replace(first, id="bench", items=(short, dense))
    bench_course = msgspec.structs.replace(course, modules=(module, *course.modules))
    times: list[float] = []
    app, store, home = fresh_app(bench_course, size)
    try:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            app.open_item("bench", "short")
            await settle(pilot)
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            for _ in range(repeat):
                await settle(pilot)
                start = time.perf_counter()
                app.simulate_key("right")
                while reader.page.id != "dense":
                    await asyncio.sleep(0)
                await reader.wait_for_refresh()
                times.append(time.perf_counter() - start)
                await settle(pilot)
                await pilot.press("left")
                await settle(pilot)
            await pilot.press("ctrl+q")
    finally:
        store.close()
        shutil.rmtree(home, ignore_errors=True)
    return times


def rss() -> float:
    status = Path("/proc/self/status").read_text()
    found = re.search(r"VmRSS:\s+(\d+) kB", status)
    return int(found.group(1)) / 1024 if found else float("nan")


def live_widgets() -> int:
    from textual.widget import Widget

    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, Widget))


async def passes(course, size) -> list[Row]:  # type: ignore[no-untyped-def]
    """Three full passes through the course in one app: memory and live widgets after each."""
    from tutor.core.model import Quality
    from tutor.ui.screens.drill import DrillScreen, DrillView
    from tutor.ui.screens.quiz import QuizScreen, QuizView
    from tutor.ui.screens.reader import ReaderScreen

    app, store, home = fresh_app(course, size)
    memory: list[float] = []
    widgets: list[float] = []
    try:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            for _ in range(4):
                for module in course.modules:
                    for item in module.items:
                        app.open_item(module.id, item.id)
                        await settle(pilot)
                        screen = app.screen
                        if isinstance(screen, ReaderScreen):
                            await pilot.press("pagedown")
                        elif isinstance(screen, QuizScreen):
                            if screen.view is QuizView.RESULTS:
                                await pilot.press("r")
                            else:
                                await pilot.press("n")
                            await settle(pilot)
                            while screen.view is QuizView.QUESTION:
                                await pilot.press("1")
                                if screen.view is QuizView.QUESTION:
                                    await pilot.press("s")
                                await settle(pilot)
                                await pilot.press("enter")
                                await settle(pilot)
                        elif isinstance(screen, DrillScreen):
                            await pilot.press("n" if screen.view is DrillView.INTRO else "r")
                            await settle(pilot)
                            while screen.view is DrillView.STEP and screen.step is not None:
                                best = max(screen.step.choices, key=lambda c: c.quality.points)
                                assert best.quality in Quality
                                await pilot.press(str(screen.step.choices.index(best) + 1))
                                await settle(pilot)
                    app.open_home()
                    await settle(pilot)
                memory.append(rss())
                widgets.append(float(live_widgets()))
            await pilot.press("ctrl+q")
    finally:
        store.close()
        shutil.rmtree(home, ignore_errors=True)
    # the first pass warms caches; the three after it must stay flat
    growth = [m - memory[0] for m in memory[1:]]
    print(
        f"  after each pass: memory {', '.join(f'{m:.1f}' for m in memory)} MiB; "
        f"live widgets {', '.join(str(int(w)) for w in widgets)}",
        flush=True,
    )
    return [
        Row("memory growth over three passes", [max(growth)], None, "at most 2 MiB", unit="MiB"),
        Row(
            "live widgets gained over three passes",
            [widgets[-1] - widgets[0]],
            None,
            "at most 0 widgets",
            unit="widgets",
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--size", default="80x24", help="terminal size, COLSxROWS")
    groups = ["startup", "answer", "pages", "quit", "passes"]
    parser.add_argument("--only", nargs="*", choices=groups, help="run only these groups")
    args = parser.parse_args()
    cols, lines = (int(n) for n in args.size.split("x"))
    size = (cols, lines)
    chosen = set(args.only or groups)
    os.environ.pop("TUTOR_COURSE", None)
    print(
        f"tutor UI bench, {cols}x{lines}, {args.repeat} runs, "
        f"{dt.datetime.now().isoformat(timespec='seconds')}, load {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    rows: list[Row] = []
    if "startup" in chosen:
        rows += startup_process(size, args.repeat)
    rows += in_process(size, args.repeat, chosen)
    report(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
