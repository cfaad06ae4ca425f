"""The learner's app: start-up, page turns, focus and quitting, each next to a baseline.

    uv run python bench/bench_ui.py [--repeat N] [--size 120x40] [--only NAME ...]

Every figure is the median of N runs (min in brackets), printed beside a
baseline measured in the same run, with the ratio and the target:

start-up, headless   launch (load and lint the built-in course, lock and open a
                     fresh progress file, App.run_test) until the home screen is
                     mounted and idle; imports are warm. Baseline: a minimal app
                     (Header, Static, Footer) until mounted and idle. Target 1.3x.
start-up, process    spawn `tutor` in a pseudo-terminal with TUTOR_HOME in a temp
                     folder, until the home screen's text ("Course progress")
                     reaches the terminal. Baseline: the minimal app as a script,
                     until its text appears. Target 1.3x.
page turn            Next pressed on a short page until the target page is shown
                     and the app is idle (parse, build and mount the blocks, lay
                     out, render, and save the progress file with fsync).
                     Baseline: Textual's stock Markdown widget (default parser)
                     in a minimal app, updated from a short page to the same text.
                     Target 300 ms for a 5 KB page.
focus change         Tab with the 5 KB page mounted, until idle. Baseline: Tab
                     between two buttons in a minimal app. Target 100 ms.
quit                 Ctrl+Q with the 5 KB page mounted until run_test returns
                     (headless), or until the process exits (from a page).
                     Baseline: the minimal app. Target 100 ms.

No asserts: the numbers are for reading. Tests never time anything.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import fcntl
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
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Markdown, Static

from tutor.core.course import load_course
from tutor.core.model import Course, Module, Page
from tutor.core.paths import builtin_course
from tutor.core.progress.store import ProgressStore
from tutor.ui.app import TutorApp
from tutor.ui.launch import prepare_app
from tutor.ui.screens.home import HomeScreen
from tutor.ui.screens.reader import ReaderScreen

ROOT = Path(__file__).resolve().parent.parent
MINIMAL_TEXT = "Hello from a minimal Textual app"
HOME_TEXT = "Course progress"
PAGE_TEXT = "page 1 of"


# -- what is measured ----------------------------------------------------------------


class Minimal(App[None]):
    """The baseline app: a Header, a Static and a Footer."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(MINIMAL_TEXT)
        yield Footer()


class MinimalButtons(App[None]):
    """The focus baseline: two buttons to Tab between."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Button("One", id="one")
        yield Button("Two", id="two")
        yield Footer()


class StockMarkdown(App[None]):
    """The page-turn baseline: Textual's Markdown widget as it comes."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Markdown("# Short\n\nA short page.")
        yield Footer()


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


def dense_page(size: int = 5000) -> str:
    """Synthetic lesson text with many small blocks: the worst case for the widget."""
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


def real_pages(course: Course) -> list[Page]:
    return [p for m in course.modules for p in m.pages]


def realistic_page(course: Course, size: int = 5000) -> str:
    """Real lesson pages, largest first, joined until the text reaches `size` bytes."""
    text = ""
    for page in sorted(real_pages(course), key=lambda p: -len(p.markdown)):
        text += page.markdown.strip() + "\n\n"
        if len(text.encode()) >= size:
            break
    return text


def bench_course(course: Course) -> tuple[Course, dict[str, Module]]:
    """The built-in course with a module in front for each target: a short page, then it."""
    pages = sorted(real_pages(course), key=lambda p: len(p.markdown))
    base = pages[0]
    first = course.modules[0]
    targets = {
        "5 KB dense synthetic page": dense_page(),
        "5 KB realistic page (joined lessons)": realistic_page(course),
        f"largest lesson page ({len(pages[-1].markdown.encode()) / 1000:.1f} KB)": pages[
            -1
        ].markdown,
        f"median lesson page ({len(pages[len(pages) // 2].markdown.encode()) / 1000:.1f} KB)": (
            pages[len(pages) // 2].markdown
        ),
    }
    short = dataclasses.replace(base, id="short", title="Short", markdown="## Short\n\nA.")
    made = {
        name: dataclasses.replace(
            first,
            id=f"bench-{n}",
            items=(short, dataclasses.replace(base, id="target", title=name, markdown=text)),
        )
        for n, (name, text) in enumerate(targets.items())
    }
    return dataclasses.replace(course, modules=(*made.values(), *course.modules)), made


# -- timing helpers ----------------------------------------------------------------


@dataclasses.dataclass
class Row:
    name: str
    ours: list[float]
    base: list[float] | None
    base_name: str
    target: str

    @staticmethod
    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:7.1f} ({min(values) * 1000:6.1f})"

    def verdict(self) -> str:
        median = statistics.median(self.ours)
        if self.target.endswith("x") and self.base:
            limit = float(self.target[:-1])
            ok = median <= limit * statistics.median(self.base)
        else:
            ok = median * 1000 <= float(self.target.removesuffix(" ms"))
        return "ok" if ok else "OVER"


def fresh_home() -> str:
    home = tempfile.mkdtemp(prefix="tutor-bench-")
    os.environ["TUTOR_HOME"] = home
    return home


# -- headless ------------------------------------------------------------------------


async def startup_tutor(size: tuple[int, int]) -> float:
    home = fresh_home()
    try:
        start = time.perf_counter()
        prepared = prepare_app(builtin_course())
        assert not isinstance(prepared, int), f"tutor did not start: exit {prepared}"
        app = prepared.app
        async with app.run_test(size=size):
            while not isinstance(app.screen, HomeScreen):
                await asyncio.sleep(0)
            await drawn(app.screen)
            elapsed = time.perf_counter() - start
        prepared.store.close()
        return elapsed
    finally:
        shutil.rmtree(home, ignore_errors=True)


async def startup_minimal(size: tuple[int, int]) -> float:
    start = time.perf_counter()
    app = Minimal()
    async with app.run_test(size=size):
        await drawn(app.screen)
        elapsed = time.perf_counter() - start
    return elapsed


class PageBench:
    """One app on the bench course, with the reader open: page turns, focus, quit."""

    def __init__(self, course: Course, size: tuple[int, int]) -> None:
        self.course = course
        self.size = size

    async def session(
        self,
        module: Module,
        measure: Callable[[TutorApp, ReaderScreen, Pilot[int]], Awaitable[list[float]]],
    ) -> list[float]:
        home = fresh_home()
        store = ProgressStore(Path(home) / "bench.progress.toml")
        try:
            progress = store.open(self.course)
            app = TutorApp(self.course, store=store, progress=progress)
            async with app.run_test(size=self.size) as pilot:
                app.open_item(module.id, module.items[0].id)
                await pilot.pause()
                await app.workers.wait_for_complete()
                await pilot.pause()
                reader = app.screen
                assert isinstance(reader, ReaderScreen)
                return await measure(app, reader, pilot)
        finally:
            store.close()
            shutil.rmtree(home, ignore_errors=True)


async def drawn(screen: Screen[object]) -> None:
    """Wait until what was started has been laid out and drawn (the screen refreshed)."""
    await screen.wait_for_refresh()


async def turn_to(bench: PageBench, module: Module, repeat: int) -> tuple[list[float], list[float]]:
    """Times of Next from the module's short page to its target page, and of Previous.

    Each is timed from the key press until the reader has shown the page (parsed,
    mounted, progress saved) and the screen has been laid out and drawn again.
    """
    short, target = module.pages
    there: list[float] = []
    back: list[float] = []

    async def measure(app: TutorApp, reader: ReaderScreen, pilot: Pilot[int]) -> list[float]:
        shown = asyncio.Event()
        show_page = reader.show_page

        async def show_and_tell(page: Page, anchor: str = "") -> None:
            await show_page(page, anchor)
            shown.set()

        reader.show_page = show_and_tell  # type: ignore[method-assign]
        for _ in range(repeat):
            for key, page, times in (("right", target, there), ("left", short, back)):
                await pilot.pause()  # (untimed) let the last turn finish everything
                shown.clear()
                start = time.perf_counter()
                app.simulate_key(key)
                await shown.wait()
                await drawn(reader)
                times.append(time.perf_counter() - start)
                assert reader.page is page
        return there

    await bench.session(module, measure)
    return there, back


async def focus_change(app: App[object], key: str) -> float:
    """Seconds from `key` until the focus has moved and the screen is drawn again."""
    before = app.focused
    start = time.perf_counter()
    app.simulate_key(key)
    while app.focused is before:
        await asyncio.sleep(0)
    await drawn(app.screen)
    return time.perf_counter() - start


async def focus_and_quit(
    bench: PageBench, module: Module, repeat: int
) -> tuple[list[float], float]:
    """Tab and Shift+Tab with the module's target page shown, then the time Ctrl+Q takes."""
    page = module.pages[1]
    times: list[float] = []
    quit_start = 0.0

    async def measure(app: TutorApp, reader: ReaderScreen, pilot: Pilot[int]) -> list[float]:
        nonlocal quit_start
        await reader.show_page(page)
        for _ in range(repeat):
            for key in ("tab", "shift+tab"):
                await pilot.pause()
                times.append(await focus_change(app, key))
        await pilot.pause()
        quit_start = time.perf_counter()
        app.simulate_key("ctrl+q")
        return times

    await bench.session(module, measure)
    return times, time.perf_counter() - quit_start


async def stock_turn(size: tuple[int, int], text: str, repeat: int) -> list[float]:
    """Textual's Markdown widget as it comes, updated from a short page to `text`."""
    app = StockMarkdown()
    times: list[float] = []
    async with app.run_test(size=size) as pilot:
        markdown = app.query_one(Markdown)
        for _ in range(repeat):
            await markdown.update("# Short\n\nA short page.")
            await pilot.pause()
            start = time.perf_counter()
            await markdown.update(text)
            await drawn(app.screen)
            times.append(time.perf_counter() - start)
    return times


async def minimal_focus_and_quit(size: tuple[int, int], repeat: int) -> tuple[list[float], float]:
    app = MinimalButtons()
    times: list[float] = []
    async with app.run_test(size=size) as pilot:
        for _ in range(repeat):
            for key in ("tab", "shift+tab"):
                await pilot.pause()
                times.append(await focus_change(app, key))
        await pilot.pause()
        quit_start = time.perf_counter()
        app.simulate_key("ctrl+q")
    return times, time.perf_counter() - quit_start


# -- whole processes -----------------------------------------------------------------

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
        except OSError:  # the process has gone and the terminal with it
            return False
        if not chunk:
            return False
        self.raw += chunk
        return True

    def wait_for(self, text: str, timeout: float = 30.0) -> float:
        """Seconds from the spawn until `text` has been drawn."""
        needle = text.encode()
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if needle in _ESCAPES.sub(b"", bytes(self.raw)):
                return time.perf_counter() - self.started
            if not self._read(0.05):
                break
        tail = _ESCAPES.sub(b"", bytes(self.raw))[-800:].decode(errors="replace")
        raise SystemExit(f"{text!r} never appeared; the terminal ends with:\n{tail}")

    def send(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def quit(self, timeout: float = 30.0) -> float:
        """Ctrl+Q, then seconds until the process has exited."""
        start = time.perf_counter()
        self.send(b"\x11")
        deadline = start + timeout
        while self.proc.poll() is None and time.perf_counter() < deadline:
            if not self._read(0.01):
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
    """The environment of a learner's terminal, with TUTOR_HOME in a temporary folder.

    Bytecode is written and read as on a learner's machine: with
    PYTHONDONTWRITEBYTECODE set (as in some sandboxes) every start would compile
    Textual from source, which is most of what a start-up would then measure.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env.update(TUTOR_HOME=home, TERM="xterm-256color", COLORTERM="truecolor")
    for name in ("TUTOR_COURSE", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


def tutor_command() -> list[str]:
    script = Path(sys.executable).with_name("tutor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tutor"]


def process_tutor(size: tuple[int, int]) -> tuple[float, float]:
    """(start-up until the home screen is drawn, quit from a page)."""
    home = tempfile.mkdtemp(prefix="tutor-bench-")
    try:
        term = Terminal(tutor_command(), process_env(home), size)
        try:
            startup = term.wait_for(HOME_TEXT)
            term.send(b"c")  # Continue: the first module
            term.wait_for("In this module")
            term.send(b"c")  # its first page
            term.wait_for(PAGE_TEXT)
            time.sleep(0.2)  # let it settle
        except BaseException:
            term.close()
            raise
        return startup, term.quit()
    finally:
        shutil.rmtree(home, ignore_errors=True)


def process_minimal(script: Path, size: tuple[int, int]) -> tuple[float, float]:
    home = tempfile.mkdtemp(prefix="tutor-bench-")
    try:
        term = Terminal([sys.executable, str(script)], process_env(home), size)
        try:
            startup = term.wait_for(MINIMAL_TEXT)
            time.sleep(0.2)
        except BaseException:
            term.close()
            raise
        return startup, term.quit()
    finally:
        shutil.rmtree(home, ignore_errors=True)


# -- report --------------------------------------------------------------------------


def report(rows: list[Row]) -> None:
    print()
    print(f"{'measure':44s} {'median (min) ms':>17s}   {'baseline':>17s}  ratio  target")
    for row in rows:
        ratio = (
            f"{statistics.median(row.ours) / statistics.median(row.base):5.2f}x"
            if row.base
            else "     "
        )
        base = Row.ms(row.base) if row.base else " " * 17
        print(
            f"{row.name:44s} {Row.ms(row.ours):>17s}   {base:>17s}  {ratio}  "
            f"{row.target:>7s} {row.verdict()}"
        )
        if row.base:
            print(f"{'':44s} {'':17s}   {'(' + row.base_name + ')':>17s}")
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--size", default="120x40", help="terminal size, COLSxROWS")
    parser.add_argument(
        "--only",
        nargs="*",
        choices=["startup", "process", "pages", "focus"],
        help="run only these groups",
    )
    args = parser.parse_args()
    cols, rows_ = (int(n) for n in args.size.split("x"))
    size = (cols, rows_)
    repeat = args.repeat
    groups = set(args.only or ["startup", "process", "pages", "focus"])
    os.environ.pop("TUTOR_COURSE", None)

    load = load_course(builtin_course())
    assert load.course is not None, "the built-in course does not load"
    course, targets = bench_course(load.course)
    bench = PageBench(course, size)
    rows: list[Row] = []
    print(
        f"textual bench, {size[0]}x{size[1]}, {repeat} runs each, "
        f"{dt.datetime.now().isoformat(timespec='seconds')}",
        flush=True,
    )

    if "startup" in groups:
        asyncio.run(startup_minimal(size))  # warm the imports of both
        asyncio.run(startup_tutor(size))
        ours: list[float] = []
        base: list[float] = []
        for _ in range(repeat):  # interleaved, so drift hits both alike
            base.append(asyncio.run(startup_minimal(size)))
            ours.append(asyncio.run(startup_tutor(size)))
        rows.append(Row("start-up, headless (to idle home)", ours, base, "minimal app", "1.3x"))
        print("  start-up, headless: done", flush=True)

    if "process" in groups:
        with tempfile.TemporaryDirectory(prefix="tutor-bench-") as tmp:
            script = Path(tmp) / "minimal_app.py"
            script.write_text(textwrap.dedent(MINIMAL_SCRIPT), encoding="utf-8")
            process_minimal(script, size)  # warm the file cache and bytecode
            process_tutor(size)
            starts: list[float] = []
            quits: list[float] = []
            base_starts: list[float] = []
            base_quits: list[float] = []
            for _ in range(repeat):
                s, q = process_minimal(script, size)
                base_starts.append(s)
                base_quits.append(q)
                s, q = process_tutor(size)
                starts.append(s)
                quits.append(q)
        rows.append(
            Row("start-up, process (home drawn)", starts, base_starts, "minimal app", "1.3x")
        )
        rows.append(Row("quit, process (from a page)", quits, base_quits, "minimal app", "100 ms"))
        print("  start-up and quit, process: done", flush=True)

    if "pages" in groups:
        for name, module in targets.items():
            there, back = asyncio.run(turn_to(bench, module, repeat))
            stock = asyncio.run(stock_turn(size, module.pages[1].markdown, repeat))
            rows.append(Row(f"page turn: {name}", there, stock, "stock Markdown", "300 ms"))
            if name.startswith("5 KB dense"):
                rows.append(Row("  ...and back to a short page", back, None, "", "300 ms"))
            print(f"  page turn, {name}: done", flush=True)

    if "focus" in groups:
        five_kb = next(m for n, m in targets.items() if n.startswith("5 KB dense"))
        focus: list[float] = []
        quits_h: list[float] = []
        base_focus: list[float] = []
        base_quits_h: list[float] = []
        for _ in range(max(3, repeat // 2)):
            times, q = asyncio.run(focus_and_quit(bench, five_kb, 3))
            focus += times
            quits_h.append(q)
            times, q = asyncio.run(minimal_focus_and_quit(size, 3))
            base_focus += times
            base_quits_h.append(q)
        rows.append(Row("focus change (Tab), 5 KB page", focus, base_focus, "2 buttons", "100 ms"))
        rows.append(
            Row("quit, headless, 5 KB page", quits_h, base_quits_h, "minimal app", "100 ms")
        )
        print("  focus and quit, headless: done", flush=True)

    report(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
