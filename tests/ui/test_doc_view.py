"""Lesson text drawn from the core's doc: one widget, lists that hang, links and citations
that work, and nothing parsed as markup."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widget import Widget

from tutor.core.parser import parse_module
from tutor.ui.widgets.doc_view import DocView

TEXT = """\
```toml
id = "m"
title = "M"
minutes = 5
objectives = ["Read"]
last_reviewed = 2026-11-01

[[sources]]
id = "ama-2-3-2"
title = "AMA Opinion 2.3.2"
url = "https://example.org/ama"
```

## A page

Before, citing the AMA [ama-2-3-2].

- **Expert Determination**: a qualified expert finds the chance of re-identification very small.
- A [link](#target) in a list.

3. Three.
4. Four, which is long enough that it has to wrap onto a second line here.

- Outer
  - inner one
  - inner two

> A quote with **bold**.

Brackets stay: [@click=app.quit]not an action[/] and [b]not bold[/b].

## Target

After.
"""


class Page(App[None]):
    def __init__(self, tmp: Path) -> None:
        super().__init__()
        path = tmp / "01-m.md"
        path.write_text(TEXT, encoding="utf-8")
        parsed = parse_module(path)
        assert parsed.module is not None, [d.format() for d in parsed.diagnostics]
        self.page = parsed.module.pages[0]
        self.clicked: list[str] = []
        self.cited: list[str] = []

    def compose(self) -> ComposeResult:
        yield DocView(self.page.doc, numbering=lambda key: 1 if key == "ama-2-3-2" else None)

    def on_doc_view_link_clicked(self, event: DocView.LinkClicked) -> None:
        self.clicked.append(event.href)

    def on_doc_view_citation_clicked(self, event: DocView.CitationClicked) -> None:
        self.cited.append(event.source)


def drawn(widget: Widget) -> list[str]:
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return [strip.text.rstrip() for strip in strips]


async def test_a_page_is_one_widget_with_lists_that_hang(tmp_path: Path) -> None:
    app = Page(tmp_path)
    async with app.run_test(size=(60, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(DocView)
        assert not view.children
        lines = drawn(view)
        assert lines[0] == "A page"
        start = lines.index("• Expert Determination: a qualified expert finds the chance")
        assert lines[start : start + 3] == [
            "• Expert Determination: a qualified expert finds the chance",
            "  of re-identification very small.",
            "• A link in a list.",
        ]
        start = lines.index("3. Three.")
        assert lines[start : start + 3] == [
            "3. Three.",
            "4. Four, which is long enough that it has to wrap onto a",
            "   second line here.",
        ]
        start = lines.index("• Outer")
        assert lines[start : start + 3] == ["• Outer", "  ◦ inner one", "  ◦ inner two"]
        assert "▌ A quote with bold." in lines


async def test_text_is_never_markup_and_citations_are_numbers(tmp_path: Path) -> None:
    app = Page(tmp_path)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        lines = drawn(app.query_one(DocView))
        assert "Before, citing the AMA [1]." in lines
        assert "Brackets stay: [@click=app.quit]not an action[/] and [b]not bold[/b]." in lines
        assert not any("ama-2-3-2" in line for line in lines)


async def test_links_and_citations_post_messages_when_clicked(tmp_path: Path) -> None:
    app = Page(tmp_path)
    async with app.run_test(size=(60, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(DocView)
        lines = drawn(view)
        row = next(n for n, line in enumerate(lines) if "A link in a list" in line)
        await pilot.click(view, offset=(lines[row].index("link") + 1, row))
        row = next(n for n, line in enumerate(lines) if "[1]" in line)
        await pilot.click(view, offset=(lines[row].index("[1]") + 1, row))
        row = next(n for n, line in enumerate(lines) if "not an action" in line)
        await pilot.click(view, offset=(lines[row].index("not an action") + 1, row))
        await pilot.pause()
        assert app.clicked == ["#target"]
        assert app.cited == ["ama-2-3-2"]
        assert app.is_running  # the bracketed text was not an action


async def test_anchor_lines_follow_the_layout(tmp_path: Path) -> None:
    app = Page(tmp_path)
    async with app.run_test(size=(60, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(DocView)
        lines = drawn(view)
        assert view.anchor_line("a-page") == 0
        assert view.anchor_line("target") is None  # another page's heading
        assert lines[0] == "A page"
