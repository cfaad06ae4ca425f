"""Write the fixture progress files in tests/fixtures/records/progress/.

Run `uv run python tests/records/make_fixtures.py` after changing the fixture
course, then `UPDATE_GOLDEN=1 uv run pytest tests/records` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import shutil

from records_factory import FIXTURES, fixture_course, simulate, write

from tutor.core.progress.model import BoardId

OUT = FIXTURES / "progress"
T0 = dt.datetime(2026, 11, 3, 8, 0, tzinfo=dt.UTC)


def main() -> None:
    course = fixture_course()
    if OUT.exists():
        shutil.rmtree(OUT)
    learners = {
        "ada-complete": dict(
            seed=1,
            level="claimed",
            first_name="Ada",
            last_name="Lovelace",
            email="ada@example.org",
            board="ABIM",
            board_id="123456",
            birth_month=12,
            birth_day=10,
            consent_to_share=True,
            start=T0,
        ),
        "grace-no-claim": dict(
            seed=2,
            level="complete",
            first_name="Grace",
            last_name="Hopper",
            email="grace@example.org",
            board="ABP",
            board_id="654321",
            birth_month=12,
            birth_day=9,
            consent_to_share=True,
            start=T0 + dt.timedelta(days=1),
        ),
        "chidi-partial": dict(
            seed=3,
            level="partial",
            first_name="Chidi",
            last_name="Okafor",
            email="chidi@example.org",
            accuracy=0.6,
            start=T0 + dt.timedelta(days=2),
        ),
        "mei-not-started": dict(
            seed=4,
            level="none",
            first_name="Mei",
            last_name="Tanaka",
            email="mei@example.org",
            start=T0 + dt.timedelta(days=3),
        ),
        "wang-no-consent": dict(
            seed=5,
            level="claimed",
            first_name="小明",
            last_name="王",
            email="wang@example.org",
            board="ABS",
            board_id="999000",
            birth_month=3,
            birth_day=4,
            consent_to_share=False,
            start=T0 + dt.timedelta(days=4),
        ),
        "jose-started": dict(
            seed=6,
            level="started",
            first_name="José",
            last_name="Núñez",
            email="jose@example.org",
            start=T0 + dt.timedelta(days=5),
        ),
        # The same learner on two machines: the laptop finished first and claimed credit.
        "samir-laptop": dict(
            seed=7,
            level="claimed",
            first_name="Samir",
            last_name="Haddad",
            email="Samir@Example.org",
            start=T0 + dt.timedelta(days=6),
        ),
        "samir-desktop": dict(
            seed=8,
            level="partial",
            first_name="Samir",
            last_name="Haddad",
            email=" samir@example.org",
            start=T0 + dt.timedelta(days=9),
        ),
    }
    # Identifiers a spreadsheet would rewrite, several boards, a licence and an NPI (issue 11).
    ids = {
        "ada-complete": dict(
            boards=[BoardId("ABIM", "0012345"), BoardId("ABP", "2026.10")],
            license_state="CA",
            license_number="A0012345",
            npi="1234567893",
        ),
        "samir-laptop": dict(boards=[BoardId("ABS", "1E5")], consent_to_share=True),
        "zoe-hostile": dict(
            boards=[BoardId("ABIM", "=1+2")], license_state="NY", license_number="-042"
        ),
    }
    learners["zoe-hostile"] = dict(
        seed=9,
        level="claimed",
        first_name="'Zoë",
        last_name="@Ångström=SUM(A1)",
        email="zoe@example.org",
        birth_month=2,
        birth_day=29,
        consent_to_share=True,
        start=T0 + dt.timedelta(days=10),
    )
    for name, kwargs in learners.items():
        progress = simulate(course, **kwargs)  # type: ignore[arg-type]
        for key, value in ids.get(name, {}).items():
            setattr(progress.learner, key, value)
        write(OUT, name, progress)
    print(f"wrote {len(learners)} files to {OUT}")


if __name__ == "__main__":
    main()
