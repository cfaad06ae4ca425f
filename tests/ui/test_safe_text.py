"""Hostile text stays inert: shown as plain text, no action fires, no escape reaches the terminal.

Every string of the course in tests/ui/hostile.py, and the learner's name and CME
details, carry markup that Textual would act on and terminal control sequences.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from rich.segment import Segment
from textual.geometry import Region
from textual.widget import Widget

from tests.ui.conftest import screen_text, settle
from tests.ui.hostile import FORBIDDEN, hostile_app, visible, walk

ROOT = Path(__file__).resolve().parents[2]

#: Every label whose text must appear, literally, somewhere on the way.
LABELS = [
    "module-title",
    "objective",
    "page-title-1",
    "heading",
    "paragraph",
    "bullet",
    "quote",
    "code",
    "quiz-title",
    "quiz-intro",
    "prompt-1",
    "option-1",
    "feedback-o1",
    "explanation-1",
    "prompt-2",
    "option-m1",
    "drill-title",
    "step-title",
    "situation",
    "choice-1",
    "cfb-1",
    "ending-title",
    "debrief",
    "first-name",
    "last-name",
    "email",
    "board",
    "notify",
    "notify-title",
    "eval-prompt",
    "designation",
    "progress-error",
    "diag",
    "course-objective",
    "practice-gap",
    "disclosure-name",
    "disclosed",
    "commercial-support",
]


def _segments(widget: Widget) -> list[Segment]:
    width, height = widget.size
    if not width or not height:
        return []
    lines = widget.render_lines(Region(0, 0, width, height))
    return [segment for strip in lines for segment in strip]


def _bad_segment(segment: Segment) -> str | None:
    if any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in segment.text):
        return f"control character in {segment.text!r}"
    meta = segment.style.meta if segment.style is not None else {}
    action = str(meta.get("@click", ""))
    # the lesson's own links and citations, and the keys bar's keys (made from bindings)
    if action and not action.startswith(("follow(", "cite(", "press(")):
        return f"a clickable action {action!r} in {segment.text!r}"
    return None


async def test_hostile_text_is_shown_plain_and_stays_inert() -> None:
    app = hostile_app()
    seen: list[str] = []
    problems: list[str] = []
    async with app.run_test(size=(120, 40), notifications=True) as pilot:

        async def check() -> None:
            await settle(pilot)
            assert app.is_running and app.return_value is None
            screen = app.screen
            seen.append(screen_text(app))
            seen.append(str(app.title) + str(screen.sub_title))
            for widget in screen.query("*"):
                if not widget.display:
                    continue
                for segment in _segments(widget):
                    problem = _bad_segment(segment)
                    if problem:
                        problems.append(f"{type(screen).__name__}/{widget!r}: {problem}")
            # Click on the hostile text: a live [@click=app.quit] would end the app.
            for widget in screen.query("Static"):
                if widget.display and widget.region.area and "@click" in str(widget.render()):
                    await pilot.click(widget, offset=(2, 0))
            await settle(pilot)
            assert app.is_running and app.return_value is None

        await walk(app, pause=check)
    assert problems == []
    text = "\n".join(seen)
    missing = [label for label in LABELS if visible(label) not in text]
    assert missing == []


def _run_in_pty(args: list[str], timeout: float = 60) -> tuple[int, bytes]:
    """Run a program in a pseudo-terminal; return its exit code and every byte it wrote."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = dict(os.environ, TERM="xterm-256color")
    proc = subprocess.Popen(
        args, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, close_fds=True
    )
    os.close(slave)
    out = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not data:
                    break
                out += data
            elif proc.poll() is not None:
                break
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(5)
        os.close(master)
    return proc.returncode, bytes(out)


def test_no_control_sequence_reaches_the_terminal() -> None:
    code, out = _run_in_pty([sys.executable, "-m", "tests.ui.hostile"])
    assert code == 0, out[-2000:]
    assert b"\x1b[?1049h" in out  # it really drew, full screen
    found = {seq: out.count(seq) for seq in FORBIDDEN if seq in out}
    assert found == {}


def test_the_terminal_check_catches_a_leak() -> None:
    """Control run: one widget showing a raw ESC[2J is seen by the same check."""
    code, out = _run_in_pty([sys.executable, "-m", "tests.ui.hostile", "--unsafe"])
    assert code == 0, out[-2000:]
    assert b"raw \x1b[2J clear" in out
