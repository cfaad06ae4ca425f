"""The core never pulls in Textual (or Rich), and the CLI's light paths never pull in Textual.

Each check runs in a fresh interpreter, so nothing imported by the test process
itself (pytest plugins, other tests) can hide or fake an import.
"""

from __future__ import annotations

import argparse
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import tutor.core
from tutor.cli.main import build_parser

ROOT = Path(__file__).resolve().parent.parent


def core_modules() -> list[str]:
    found = ["tutor.core"]
    for info in pkgutil.walk_packages(tutor.core.__path__, prefix="tutor.core."):
        found.append(info.name)
    return sorted(found)


def loaded_after(code: str, tmp: Path | None = None) -> set[str]:
    """Run `code` in a fresh interpreter and return the top-level packages it loaded."""
    probe = (
        "import sys, json\n"
        f"{code}\n"
        "print('\\n' + json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=tmp or ROOT,
        env={"PATH": "/usr/bin:/bin", "TUTOR_HOME": str(tmp or ROOT / ".no-such-home")},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("name", core_modules())
def test_core_module_imports_neither_textual_nor_rich(name: str) -> None:
    loaded = loaded_after(f"import {name}")
    assert "textual" not in loaded
    assert "rich" not in loaded


def test_cli_main_does_not_import_textual() -> None:
    assert "textual" not in loaded_after("import tutor.cli.main")


def run_cli(args: list[str]) -> str:
    return (
        "import sys\n"
        "from tutor.cli.main import run\n"
        "try:\n"
        f"    code = run({args!r})\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        "print('exit', code)\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["lint", "--help"],
        ["lint", str(ROOT / "lessons")],
        ["lint", "--format", "json", str(ROOT / "tests" / "fixtures" / "lint" / "clean")],
        ["new", "--help"],
    ],
    ids=lambda a: " ".join(a[:2]).replace(str(ROOT), "."),
)
def test_cli_paths_do_not_import_textual(args: list[str]) -> None:
    assert "textual" not in loaded_after(run_cli(args))


def test_new_module_does_not_import_textual(tmp_path: Path) -> None:
    code = run_cli(["new", "module", "A title", "--dir", str(tmp_path)])
    assert "textual" not in loaded_after(code, tmp_path)
    assert (tmp_path / "01-a-title.md").is_file()


def subcommands() -> list[str]:
    """Every subcommand the parser knows, found at run time (others add their own)."""
    parser = build_parser()
    names: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            names.extend(action.choices)
    return names


def test_there_are_subcommands() -> None:
    assert {"lint", "new"} <= set(subcommands())


@pytest.mark.parametrize("command", subcommands())
def test_every_subcommand_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: tutor " + command)
    assert len(out) > 300  # says what the command does, not just its usage line


@pytest.mark.parametrize("command", subcommands())
def test_every_subcommand_help_exits_0_in_a_process(command: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tutor", command, "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout
