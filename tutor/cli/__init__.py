"""The `tutor` command (filled in by the CLI module)."""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    from tutor.cli.main import run

    return run(argv)
