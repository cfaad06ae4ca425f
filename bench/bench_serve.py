"""Benchmark: many learners answering quizzes in `tutor serve` at once, on 127.0.0.1 only.

    uv run python bench/bench_serve.py [--sessions 5 10 20] [--seconds 40] [--think 2.0]

Starts the real server (hospital mode, trusted proxy 127.0.0.1, one user per session, the
small test course) and, for each --sessions level, opens that many websocket clients that
speak textual-serve's protocol exactly as the page's textual.js does (tests/serve/client.py).
Each goes to the first quiz and answers questions, retries, and answers again, pausing
about --think seconds between keys (uniformly 0.5x-1.5x), like a person. It prints:

- keypress-to-screen-update latency, p50 and p90: from sending a key on the websocket to
  the first screen bytes that follow it (the browser then draws them; not included);
- CPU per key (app + server, less the idle use) and idle CPU per open session, measured
  from /proc: machine load from others moves latency much more than it moves these;
- memory per session: the RSS and PSS (shared pages split fairly) of each app process,
  and the server's own RSS;
- the answers saved: read back from every user's progress file.

The levels run one after another on the same server, every client starting at once.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

from tests.serve.client import TermClient  # noqa: E402
from tests.serve.serving import Served  # noqa: E402
from tutor.core.paths import user_progress_path  # noqa: E402
from tutor.core.progress.store import read_progress  # noqa: E402

COURSE = ROOT / "tests" / "fixtures" / "ui_course"
COURSE_ID = "ui-test-course"
TO_QUIZ = [  # (key, what the screen then shows): the welcome, 3 pages, the quiz's start
    ("c", "page 1 of 3"), ("n", "page 2 of 3"), ("n", "page 3 of 3"),
    ("n", "Three questions"), ("n", "Question 1 of 3"),
]  # fmt: skip
IDLE_WINDOW = 5.0  # seconds with every session open and nobody typing
ROUND = ["2", "n", "1", "2", "s", "n", "2", "n", "r"]  # answer all three, results, retry


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in kB, from /proc."""
    rss = pss = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1])
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            pss = int(line.split()[1])
    return rss, pss


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far."""
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


async def arrive(base: str, user: str) -> tuple[aiohttp.ClientSession, TermClient]:
    """Open the course and walk to the first quiz's first question (not measured)."""
    session = aiohttp.ClientSession()
    client = await TermClient.connect(session, base, headers={"X-Remote-User": user})
    await client.wait_for("About this course", timeout=180)
    for key, shown in TO_QUIZ:
        await client.key(key)
        await client.wait_for(shown, timeout=60)
        await asyncio.sleep(0.1)
    return session, client


async def answer(
    client: TermClient, user: str, seconds: float, think: float, latencies: list[float],
    misses: list[str],
) -> None:  # fmt: skip
    keys = iter(ROUND * 10_000)
    rng = random.Random(user)
    await asyncio.sleep(think * rng.uniform(0, 1))  # not all in step
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        key = next(keys)
        try:
            latencies.append(await client.key_latency(key, timeout=10))
        except AssertionError:
            misses.append(f"{user}: no update after {key!r}")
        await asyncio.sleep(think * rng.uniform(0.5, 1.5))


async def level(served: Served, data: Path, count: int, seconds: float, think: float) -> dict:
    latencies: list[float] = []
    misses: list[str] = []
    users = [f"learner-{count}-{n:03d}@example.org" for n in range(count)]
    arrived = await asyncio.gather(*(arrive(served.base, u) for u in users))
    pids = served.app_pids()
    everyone = [*pids, served.process.pid]
    idle_start = cpu_seconds(everyone)
    await asyncio.sleep(IDLE_WINDOW)
    idle = (cpu_seconds(everyone) - idle_start) / IDLE_WINDOW / count
    busy_start = cpu_seconds(everyone)
    server_start = cpu_seconds([served.process.pid])
    start = time.monotonic()
    await asyncio.gather(
        *(
            answer(c, u, seconds, think, latencies, misses)
            for u, (_, c) in zip(users, arrived, strict=True)
        )
    )
    elapsed = time.monotonic() - start
    cpu = cpu_seconds(everyone) - busy_start
    server_cpu = cpu_seconds([served.process.pid]) - server_start
    memory = [memory_kb(pid) for pid in pids]
    server_rss = memory_kb(served.process.pid)[0]
    for session, client in arrived:
        await client.close()
        await session.close()
    answers = 0
    for user in users:
        progress = read_progress(user_progress_path(data, user, COURSE_ID))
        module = progress.modules.get("first-steps")
        answers += sum(len(a.answers) for a in module.quiz_attempts) if module else 0
    return {
        "sessions": count,
        "apps": len(pids),
        "keys": len(latencies),
        "p50": percentile(latencies, 0.5) * 1000,
        "p90": percentile(latencies, 0.9) * 1000,
        "max": max(latencies) * 1000,
        "rss": statistics.mean(m[0] for m in memory) / 1024,
        "pss": statistics.mean(m[1] for m in memory) / 1024,
        "server": server_rss / 1024,
        "answers": answers,
        "misses": len(misses),
        "cpu_per_key": (cpu - idle * count * elapsed) / max(1, len(latencies)) * 1000,
        "idle": idle * 1000,
        "server_per_key": server_cpu / max(1, len(latencies)) * 1000,
        "load": cpu / elapsed,
    }


def wait_apps_gone(served: Served, timeout: float = 120) -> float:
    """Seconds until the server has no app process left (they count against capacity)."""
    start = time.monotonic()
    while served.app_pids() and time.monotonic() - start < timeout:
        time.sleep(0.1)
    return time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[5, 10, 20])
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--think", type=float, default=2.0, help="mean pause between keys")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    served = Served.start(
        "--course", str(COURSE), "--trusted-proxy", "127.0.0.1", "--user-header",
        "X-Remote-User", "--data-dir", str(data), "--port", "0",
        "--max-sessions", str(max(args.sessions)),
    )  # fmt: skip
    print(f"tutor serve on {served.base}, think time {args.think} s, {args.seconds:.0f} s a level")
    print(
        f"{'sessions':>8} {'keys':>5} {'p50 ms':>7} {'p90 ms':>7} {'max ms':>7} "
        f"{'RSS MB':>7} {'PSS MB':>7} {'server':>7} {'answers':>7} {'misses':>6} "
        f"{'cpu/key ms':>10} {'server':>6} {'idle ms/s':>9} {'cores':>5}"
    )
    try:
        for count in args.sessions:
            r = asyncio.run(level(served, data, count, args.seconds, args.think))
            print(
                f"{r['sessions']:>8} {r['keys']:>5} {r['p50']:>7.0f} {r['p90']:>7.0f} "
                f"{r['max']:>7.0f} {r['rss']:>7.0f} {r['pss']:>7.0f} {r['server']:>7.0f} "
                f"{r['answers']:>7} {r['misses']:>6} {r['cpu_per_key']:>10.1f} "
                f"{r['server_per_key']:>6.1f} "
                f"{r['idle']:>9.1f} {r['load']:>5.2f}",
                flush=True,
            )
            print(f"{'':>8} apps of this level gone {wait_apps_gone(served):.1f} s after closing")
    finally:
        served.stop()


if __name__ == "__main__":
    main()
