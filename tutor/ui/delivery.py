"""A file handed to the learner (a certificate): where it went."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Delivery:
    """A path in a terminal, or a download when the app is served to a browser."""

    filename: str
    path: Path | None  # None: the learner's browser downloads it

    def describe(self) -> str:
        if self.path is None:
            return f"Your browser is downloading {self.filename}"
        return f"Saved to {self.path}"


#: `TutorApp.deliver`: (the file's bytes, its name, its MIME type) -> where it went
Deliver = Callable[[bytes, str, str], Delivery]
