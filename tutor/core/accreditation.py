"""What course.toml says for CME records beyond the designation: the provider's
accreditation statement and contact, an optional signatory, and the ACCME PARS
settings. `Pars` is part of the course.toml declaration (tutor.core.settings);
`check_pars` adds the rules a type cannot say (a board must take MOC through PARS,
points only for listed boards, an activity id once boards are listed).

    [provider]
    name = "..."
    designation = "..."
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

from typing import Annotated

import msgspec
from msgspec import Meta

from tutor.core.boards import BY_ABBREVIATION, PARS_MOC_BOARDS

DEFAULT_CREDIT_TYPE = "AMA PRA Category 1 Credit"


class Pars(msgspec.Struct, frozen=True, gc=False):
    """The `[pars]` table of course.toml."""

    activity_id: str = ""
    credit_type: str = DEFAULT_CREDIT_TYPE
    moc_boards: tuple[str, ...] = ()
    moc_points: dict[str, Annotated[float, Meta(gt=0, le=1000)]] = {}

    def points_for(self, board: str, claimed: float) -> float | None:
        """MOC points for a learner of `board` who claimed `claimed` credit; None: no MOC."""
        if board not in self.moc_boards:
            return None
        return self.moc_points.get(board, claimed)


#: (key path as written in course.toml, what is wrong, what to write)
Problem = tuple[str, str, str]


def check_pars(pars: Pars) -> list[Problem]:
    """What the `[pars]` table gets wrong beyond its types (nothing: [])."""
    problems: list[Problem] = []
    for board in pars.moc_boards:
        if board in PARS_MOC_BOARDS:
            continue
        if board in BY_ABBREVIATION:
            message = f"{board!r} is an ABMS member board that does not take MOC through PARS"
        else:
            message = f"{board!r} is not an ABMS board"
        problems.append(("pars.moc_boards", message, "use " + ", ".join(sorted(PARS_MOC_BOARDS))))
    for board in pars.moc_points:
        if board not in pars.moc_boards:
            problems.append(
                (
                    f"pars.moc_points.{board}",
                    f"MOC points for {board}, which is not in moc_boards",
                    f'add "{board}" to moc_boards, or remove this line',
                )
            )
    if pars.moc_boards and not pars.activity_id.strip():
        problems.append(
            (
                "pars.activity_id",
                "moc_boards is set but [pars] has no activity_id",
                'write activity_id = "..." as PARS shows it',
            )
        )
    return problems


class Accreditation(msgspec.Struct, frozen=True, gc=False):
    """What a certificate and the PARS export need from the provider's settings."""

    accreditation: str = ""  # the provider's ACCME accreditation statement
    contact: str = ""  # how a learner or a board reaches the provider
    signatory_name: str = ""
    signatory_title: str = ""
    pars: Pars = msgspec.field(default_factory=Pars)
