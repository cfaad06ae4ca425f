"""`tutor preview FILE`: one module, reloaded on save, diagnostics instead of a crash."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.ui.conftest import COURSE, press, screen_text, settle
from tutor.ui.preview import PreviewApp
from tutor.ui.screens.diagnostics import DiagnosticsScreen
from tutor.ui.screens.module import ModuleScreen
from tutor.ui.screens.reader import ReaderScreen


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "course"
    shutil.copytree(COURSE, folder)
    return folder / "01-first-steps.md"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


async def _wait_reload(pilot, app: PreviewApp, before: int) -> None:  # type: ignore[no-untyped-def]
    for _ in range(50):
        await pilot.pause(0.05)
        if app.reloads > before:
            break
    await settle(pilot)


async def test_preview_reloads_on_save_and_shows_diagnostics(
    tmp_path: Path, private_home: Path
) -> None:
    path = _copy(tmp_path)
    app = PreviewApp(path, poll=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ModuleScreen) and screen.root
        assert "Back to modules" not in screen_text(app)
        await press(pilot, "c")
        assert isinstance(app.screen, ReaderScreen)
        await press(pilot, "right")
        assert "Every post has an audience" in screen_text(app)

        before = app.reloads
        _edit(path, "Every post has an **audience**.", "Each post has an **audience**, always.")
        await _wait_reload(pilot, app, before)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.page.id == "who-sees-a-post"
        assert "Each post has an audience, always." in screen_text(app)

        before = app.reloads
        _edit(path, "- [x] Everyone who can see", "- [ ] Everyone who can see")
        await _wait_reload(pilot, app, before)
        assert isinstance(app.screen, DiagnosticsScreen)
        text = screen_text(app)
        assert f"{path}:" in text and "Q002" in text and "question has no correct option" in text

        before = app.reloads
        _edit(path, "- [ ] Everyone who can see", "- [x] Everyone who can see")
        await _wait_reload(pilot, app, before)
        assert isinstance(app.screen, ModuleScreen)

        app.open_item("first-steps", "quiz")
        await settle(pilot)
        await press(pilot, "n", "2")
        assert "Correct." in screen_text(app)
    assert not private_home.exists() or not any(private_home.rglob("*.toml"))


async def test_preview_of_unreadable_toml_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_text("```toml\nid = \n```\n\n## A page\n\nText.\n")
    app = PreviewApp(path, poll=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DiagnosticsScreen)
        assert f"{path}:2:" in screen_text(app)
        await press(pilot, "q")
    assert app.return_value is None


async def test_preview_survives_the_file_disappearing(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    text = path.read_text()
    app = PreviewApp(path, poll=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = app.reloads
        path.unlink()
        await _wait_reload(pilot, app, before)
        assert isinstance(app.screen, DiagnosticsScreen)
        assert str(path) in screen_text(app)
        before = app.reloads
        path.write_text(text)
        await _wait_reload(pilot, app, before)
        assert isinstance(app.screen, ModuleScreen)
        assert app.is_running
