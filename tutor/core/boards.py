"""Certifying boards and the identifiers boards and licensing authorities match learners by.

Data, plus small pure checks, for the learner's profile and the ACCME PARS
export. A learner picks certifying boards from `ABMS_BOARDS` (a list, not free
text), each with the ID that board gave them; a state licence (state and
number) or an NPI identify them to state medical boards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Board:
    abbreviation: str  # as ACCME and the boards write it, e.g. "ABIM", "ABPath"
    name: str  # the board's official name


#: The 24 member boards of the American Board of Medical Specialties, alphabetical by name.
ABMS_BOARDS: tuple[Board, ...] = (
    Board("ABAI", "American Board of Allergy and Immunology"),
    Board("ABA", "American Board of Anesthesiology"),
    Board("ABCRS", "American Board of Colon and Rectal Surgery"),
    Board("ABD", "American Board of Dermatology"),
    Board("ABEM", "American Board of Emergency Medicine"),
    Board("ABFM", "American Board of Family Medicine"),
    Board("ABIM", "American Board of Internal Medicine"),
    Board("ABMGG", "American Board of Medical Genetics and Genomics"),
    Board("ABNS", "American Board of Neurological Surgery"),
    Board("ABNM", "American Board of Nuclear Medicine"),
    Board("ABOG", "American Board of Obstetrics and Gynecology"),
    Board("ABO", "American Board of Ophthalmology"),
    Board("ABOS", "American Board of Orthopaedic Surgery"),
    Board("ABOHNS", "American Board of Otolaryngology – Head and Neck Surgery"),
    Board("ABPath", "American Board of Pathology"),
    Board("ABP", "American Board of Pediatrics"),
    Board("ABPMR", "American Board of Physical Medicine and Rehabilitation"),
    Board("ABPS", "American Board of Plastic Surgery"),
    Board("ABPM", "American Board of Preventive Medicine"),
    Board("ABPN", "American Board of Psychiatry and Neurology"),
    Board("ABR", "American Board of Radiology"),
    Board("ABS", "American Board of Surgery"),
    Board("ABTS", "American Board of Thoracic Surgery"),
    Board("ABU", "American Board of Urology"),
)

BY_ABBREVIATION: dict[str, Board] = {b.abbreviation: b for b in ABMS_BOARDS}

#: Boards that take MOC completions through ACCME's PARS (ACCME, "Submit data via batch
#: upload or web services"; the same eight in ../shared/reference/facts.md).
PARS_MOC_BOARDS: frozenset[str] = frozenset(
    {"ABA", "ABIM", "ABOS", "ABOHNS", "ABPath", "ABP", "ABS", "ABTS"}
)

#: Where a US medical licence can be issued: the states, DC and the territories (USPS codes).
LICENSE_STATES: frozenset[str] = frozenset(
    (
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
        "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE",
        "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD",
        "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "AS", "GU", "MP", "PR", "VI",
    )
)  # fmt: skip

_NPI = re.compile(r"^[0-9]{10}$")


def board(abbreviation: str) -> Board | None:
    """The ABMS board with this abbreviation (exact, as listed), or None."""
    return BY_ABBREVIATION.get(abbreviation.strip())


def npi_valid(npi: str) -> bool:
    """Whether `npi` is a well-formed National Provider Identifier.

    Ten digits whose last is the Luhn check digit computed over the prefix 80840
    and the first nine digits (CMS, "Requirements for National Provider Identifier
    check digit"). Says nothing about whether the number was ever issued.
    """
    if not _NPI.match(npi):
        return False
    digits = [int(c) for c in "80840" + npi[:9]]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10 == int(npi[9])


def id_problems(
    boards: list[tuple[str, str]], license_state: str, license_number: str, npi: str
) -> list[str]:
    """What is wrong with a learner's identifiers, in plain words; empty when nothing is.

    `boards` is (abbreviation, the board's ID for the learner) pairs. For the app's
    profile form and for the export's notes; the progress reader does not refuse a
    file for these (a coordinator still gets the record, with a note).
    """
    problems: list[str] = []
    seen: set[str] = set()
    for abbreviation, board_id in boards:
        if board(abbreviation) is None:
            problems.append(
                f"{abbreviation!r} is not an ABMS member board; choose one of "
                + ", ".join(b.abbreviation for b in ABMS_BOARDS)
            )
        elif abbreviation in seen:
            problems.append(f"{abbreviation} is listed twice")
        seen.add(abbreviation)
        if not board_id.strip():
            problems.append(f"give your {abbreviation} ID (your board's number for you)")
    if license_state and license_state not in LICENSE_STATES:
        problems.append(f"{license_state!r} is not a US state code such as CA or NY")
    if bool(license_state) != bool(license_number.strip()):
        problems.append("give both the licence's state and its number, or neither")
    if npi and not npi_valid(npi):
        problems.append("an NPI is 10 digits with a valid check digit; check the number")
    return problems
