"""Train-the-trainer coverage: the share of the CE team holding a current trainer certification per
training block (goal 100%), and who is missing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kit.certify.coverage import TeamMember, read_roster, trainer_coverage
from kit.courses import Catalog
from kit.errors import RecordsError
from kit.records import IssuedCredential, Records, RevocationRecord
from tests.conftest import sgkit

NOW = datetime(2026, 11, 1, tzinfo=UTC)
TEAM = [
    TeamMember("nia", "Nia Adeyemi"),
    TeamMember("omar", "Omar Haddad"),
    TeamMember("lee", "Lee Chen"),
]


def held(learner: str, certification: str, index: int, days_left: int = 300) -> IssuedCredential:
    return IssuedCredential(
        id=f"urn:uuid:{index}",
        learner=learner,
        certification=certification,
        issued_at=NOW - timedelta(days=30),
        valid_until=NOW + timedelta(days=days_left),
        status_index=index,
        token="t",
        evidence=(),
    )


@pytest.mark.parametrize(
    ("credentials", "revoked", "foundations", "security"),
    [
        ([], [], (0, ["nia", "omar", "lee"]), (0, ["nia", "omar", "lee"])),
        (
            [
                held("nia", "certified-trainer-foundations", 1),
                held("omar", "certified-trainer-foundations", 2),
            ],
            [],
            (67, ["lee"]),
            (0, ["nia", "omar", "lee"]),
        ),
        (
            [held(m.id, "certified-trainer-code-security", n) for n, m in enumerate(TEAM)],
            [],
            (0, ["nia", "omar", "lee"]),
            (100, []),
        ),
        (  # an expired or revoked trainer certification does not count
            [
                held("nia", "certified-trainer-foundations", 1, days_left=-1),
                held("omar", "certified-trainer-foundations", 2),
                held("lee", "certified-trainer-foundations", 3),
            ],
            ["urn:uuid:3"],
            (33, ["nia", "lee"]),
            (0, ["nia", "omar", "lee"]),
        ),
        (  # a user certification is not a trainer certification
            [held("nia", "certified-user", 1)],
            [],
            (0, ["nia", "omar", "lee"]),
            (0, ["nia", "omar", "lee"]),
        ),
    ],
)
def test_coverage_per_training_block(
    catalog: Catalog,
    credentials: list[IssuedCredential],
    revoked: list[str],
    foundations: tuple[int, list[str]],
    security: tuple[int, list[str]],
) -> None:
    revocations = {r: RevocationRecord(r, NOW, "test") for r in revoked}
    found = trainer_coverage(catalog.training_blocks.values(), TEAM, credentials, revocations, NOW)
    assert [b.block.id for b in found] == ["foundations", "code-security"]
    assert [(round(b.percent), [m.id for m in b.missing]) for b in found] == [foundations, security]
    assert [b.on_goal for b in found] == [foundations[0] == 100, security[0] == 100]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name\nNia\n", "missing column 'id'"),
        ("id,name\nnia,Nia\n,Omar\n", "row 3: missing id"),
        ("id,name\nnia,Nia\nnia,Nia again\n", "row 3: id 'nia' listed twice"),
    ],
)
def test_a_bad_roster_is_refused(tmp_path: Path, text: str, message: str) -> None:
    roster = tmp_path / "team.csv"
    roster.write_text(text)
    with pytest.raises(RecordsError, match=message):
        read_roster(roster)


def test_sgkit_trainers_coverage_names_who_is_missing(project_copy, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    roster = tmp_path / "team.csv"
    roster.write_text("id,name\nnia,Nia Adeyemi\nomar,Omar Haddad\n")
    with Records(f"sqlite:///{project_copy.grading_dir / 'records.db'}") as records:
        records.add_credential(held("nia", "certified-trainer-code-security", 1, days_left=9999))
    done = sgkit("trainers", "coverage", str(roster), "--project", str(project_copy.root))
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())
    assert "1/2 (50%)" in text and "Omar Haddad" in text
    assert "0/2 (0%)" in text
