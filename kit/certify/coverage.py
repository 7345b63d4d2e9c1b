"""Train-the-trainer coverage: the share of the CE team certified to deliver each training block
(the team's goal is 100%), and who is missing."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kit.courses import TrainingBlock
from kit.errors import RecordsError
from kit.records import IssuedCredential, RevocationRecord

GOAL_PERCENT = 100.0


@dataclass(frozen=True)
class TeamMember:
    """One Customer Engineer on the roster."""

    id: str
    name: str


@dataclass(frozen=True)
class BlockCoverage:
    """How much of the team can deliver one block."""

    block: TrainingBlock
    trained: tuple[TeamMember, ...]
    missing: tuple[TeamMember, ...]

    @property
    def percent(self) -> float:
        """Trained share of the roster, in percent (0 for an empty roster)."""
        total = len(self.trained) + len(self.missing)
        return 100.0 * len(self.trained) / total if total else 0.0

    @property
    def on_goal(self) -> bool:
        """Whether the block reached the 100% goal."""
        return self.percent >= GOAL_PERCENT


def read_roster(path: Path) -> list[TeamMember]:
    """Read the CE roster (CSV with columns `id` and `name`); one error per bad row."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in reader.fieldnames or []]
            for column in ("id", "name"):
                if column not in header:
                    raise RecordsError(f"missing column {column!r}", where=path)
            reader.fieldnames = header
            members: list[TeamMember] = []
            seen: set[str] = set()
            for number, row in enumerate(reader, start=2):
                member_id = (row.get("id") or "").strip()
                name = (row.get("name") or "").strip()
                if not member_id:
                    raise RecordsError(f"row {number}: missing id", where=path)
                if member_id in seen:
                    raise RecordsError(f"row {number}: id {member_id!r} listed twice", where=path)
                seen.add(member_id)
                members.append(TeamMember(member_id, name or member_id))
    except FileNotFoundError:
        raise RecordsError("file not found", where=path) from None
    return members


def trainer_coverage(
    blocks: Iterable[TrainingBlock],
    roster: Iterable[TeamMember],
    credentials: Iterable[IssuedCredential],
    revocations: Mapping[str, RevocationRecord],
    now: datetime,
) -> list[BlockCoverage]:
    """Per block: who on the roster holds a current (unexpired, unrevoked) trainer credential."""
    team = list(roster)
    current = {
        (c.learner, c.certification)
        for c in credentials
        if c.id not in revocations and c.valid_until > now
    }
    out = []
    for block in blocks:
        trained = tuple(m for m in team if (m.id, block.trainer_certification) in current)
        missing = tuple(m for m in team if (m.id, block.trainer_certification) not in current)
        out.append(BlockCoverage(block, trained, missing))
    return out
