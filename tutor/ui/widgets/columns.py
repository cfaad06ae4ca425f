"""One row of a list drawn as columns by a single widget.

A home-screen row was a Horizontal of four Labels; as one widget the home
screen has about half as many widgets to style and lay out at start-up
(see bench/bench_ui.py). One column takes the width the others leave and wraps.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual


class Columns(Visual):
    """Cells side by side: `(content, width)`, where a width of None takes the rest.

    Fixed-width cells are cut short with "…" if they do not fit; the flexible
    cell wraps, and the other cells stay on its first line.
    """

    def __init__(self, cells: Sequence[tuple[Content, int | None]]) -> None:
        self.cells = list(cells)
        self._drawn: tuple[int, Content, int] | None = None

    def __str__(self) -> str:
        return "  ".join(content.plain for content, _ in self.cells)

    def lines(self, width: int) -> tuple[Content, int]:
        """The row laid out at `width`, and its height in lines."""
        if self._drawn is not None and self._drawn[0] == width:
            return self._drawn[1], self._drawn[2]
        fixed = sum(w for _, w in self.cells if w is not None)
        flexible = max(1, width - fixed)
        wrapped = next(
            (c.wrap(flexible) or [Content("")] for c, w in self.cells if w is None),
            [Content("")],
        )
        out: list[Content] = []
        for n, part in enumerate(wrapped):
            pieces: list[Content] = []
            for content, cell_width in self.cells:
                if cell_width is None:
                    pieces.append(part.truncate(flexible, pad=True))
                elif n == 0:
                    pieces.append(content.truncate(cell_width, ellipsis=True, pad=True))
                else:
                    pieces.append(Content(" " * cell_width))
            out.append(Content.assemble(*pieces))
        drawn = Content("\n").join(out)
        self._drawn = (width, drawn, len(out))
        return drawn, len(out)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.lines(width)[0].render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.lines(width)[1]
