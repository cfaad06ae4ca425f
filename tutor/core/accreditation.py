"""What course.toml says for CME records beyond the designation: the provider's
accreditation statement and contact, an optional signatory, and the ACCME PARS
settings (issue 11).

Read by tutor.core.course from the already-parsed TOML; every value is optional,
so a course without them loads as before. The lead folds these declarations into
the course.toml msgspec declaration (issue 13); until then `read()` is the one
place they are checked.

    [provider]
    name = "..."                      # existing
    designation = "..."               # existing
    accreditation = "The Example Institute is accredited by the ACCME to provide ..."
    contact = "cme@example.org, +1 555 0100"
    signatory_name = "Jane Roe, MD"
    signatory_title = "Director, Continuing Medical Education"

    [pars]
    activity_id = "202611223344"      # the activity's ID in PARS (text, as PARS shows it)
    credit_type = "AMA PRA Category 1 Credit"
    moc_boards = ["ABIM", "ABP"]      # boards the activity is registered with for MOC
    [pars.moc_points]                 # only where a board's points differ from credit claimed
    ABP = 0.25
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from tutor.core.boards import BY_ABBREVIATION, PARS_MOC_BOARDS
from tutor.core.text import strip_controls

DEFAULT_CREDIT_TYPE = "AMA PRA Category 1 Credit"
_PROVIDER_TEXT = ("accreditation", "contact", "signatory_name", "signatory_title")


@dataclass(frozen=True, slots=True)
class Pars:
    activity_id: str = ""
    credit_type: str = DEFAULT_CREDIT_TYPE
    moc_boards: tuple[str, ...] = ()
    moc_points: dict[str, float] = field(default_factory=dict)

    def points_for(self, board: str, claimed: float) -> float | None:
        """MOC points for a learner of `board` who claimed `claimed` credit; None: no MOC."""
        if board not in self.moc_boards:
            return None
        return self.moc_points.get(board, claimed)


@dataclass(frozen=True, slots=True)
class Accreditation:
    accreditation: str = ""  # the provider's ACCME accreditation statement
    contact: str = ""  # how a learner or a board reaches the provider
    signatory_name: str = ""
    signatory_title: str = ""
    pars: Pars = field(default_factory=Pars)


#: (key path as written in course.toml, what is wrong, what to write)
Problem = tuple[str, str, str]


def _text(table: dict[str, Any], key: str, where: str, problems: list[Problem]) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        problems.append((f"{where}.{key}", f"{where}.{key} should be text", f'write {key} = "..."'))
        return ""
    return strip_controls(value).strip()


def read(data: dict[str, Any]) -> tuple[Accreditation, list[Problem]]:
    """The settings in a parsed course.toml, and what is wrong with them (nothing: [])."""
    problems: list[Problem] = []
    provider = data.get("provider")
    provider = provider if isinstance(provider, dict) else {}
    texts = {key: _text(provider, key, "provider", problems) for key in _PROVIDER_TEXT}
    pars_t = data.get("pars", {})
    if not isinstance(pars_t, dict):
        problems.append(("pars", "[pars] should be a table", "write [pars] with activity_id"))
        pars_t = {}
    activity_id = _text(pars_t, "activity_id", "pars", problems)
    credit_type = _text(pars_t, "credit_type", "pars", problems) or DEFAULT_CREDIT_TYPE
    boards_v = pars_t.get("moc_boards", [])
    boards: list[str] = []
    if not isinstance(boards_v, list) or not all(isinstance(b, str) for b in boards_v):
        problems.append(
            ("pars.moc_boards", "moc_boards should be a list of board abbreviations",
             'write moc_boards = ["ABIM"]')
        )  # fmt: skip
    else:
        for b in boards_v:
            if b not in PARS_MOC_BOARDS:
                what = "an ABMS member board" if b in BY_ABBREVIATION else "an ABMS board"
                problems.append(
                    ("pars.moc_boards", f"{b!r} is {what} that does not take MOC through PARS"
                     if b in BY_ABBREVIATION else f"{b!r} is not {what}",
                     "use " + ", ".join(sorted(PARS_MOC_BOARDS)))
                )  # fmt: skip
            elif b not in boards:
                boards.append(b)
    points_v = pars_t.get("moc_points", {})
    points: dict[str, float] = {}
    if not isinstance(points_v, dict):
        problems.append(
            ("pars.moc_points", "[pars.moc_points] should be a table of board = points",
             "write ABIM = 1.0 under [pars.moc_points]")
        )  # fmt: skip
    else:
        for b, value in points_v.items():
            if b not in boards:
                problems.append(
                    (f"pars.moc_points.{b}", f"MOC points for {b}, which is not in moc_boards",
                     f'add "{b}" to moc_boards, or remove this line')
                )  # fmt: skip
            elif (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
                or value <= 0
            ):
                problems.append(
                    (f"pars.moc_points.{b}", f"MOC points for {b} should be a number above 0",
                     f"write {b} = 1.0")
                )  # fmt: skip
            else:
                points[b] = float(value)
    if boards and not activity_id:
        problems.append(
            ("pars.activity_id", "moc_boards is set but [pars] has no activity_id",
             'write activity_id = "..." as PARS shows it')
        )  # fmt: skip
    pars = Pars(activity_id, credit_type, tuple(boards), points)
    settings = Accreditation(
        accreditation=texts["accreditation"],
        contact=texts["contact"],
        signatory_name=texts["signatory_name"],
        signatory_title=texts["signatory_title"],
        pars=pars,
    )
    return settings, problems
