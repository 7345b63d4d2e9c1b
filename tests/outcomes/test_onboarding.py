"""CE onboarding: six weeks, 30/60/90-day milestones, Demo Certification by day 60, and the share
of CEs certified to deliver each training block."""

from __future__ import annotations

import datetime as dt

import pytest

from kit.courses import Catalog
from kit.outcomes.models import CeRow
from kit.outcomes.onboarding import (
    DEMO_CERTIFICATION,
    MILESTONES,
    ce_progress,
    current_credentials,
    track_name,
    trained_per_block,
)
from kit.records import RevocationRecord
from tests.outcomes.helpers import credential

AS_OF = dt.date(2026, 6, 30)


def ce(days_in: int, weeks: int, milestones: tuple[int, ...] = (), level: int = 1) -> CeRow:
    return CeRow(
        id="kai",
        name="Kai",
        level=level,
        start_date=AS_OF - dt.timedelta(days=days_in),
        weeks_done=weeks,
        milestones_met=milestones,
    )


@pytest.mark.parametrize(
    ("days_in", "weeks", "milestones", "certified_after", "status", "behind"),
    [
        (10, 1, (), None, "on track", []),
        (24, 2, (), None, "behind", ["onboarding week 2 of 6 done, 3 expected by day 24"]),
        (45, 6, (30,), None, "on track", []),
        (45, 6, (), None, "behind", ["missed the 30-day milestones"]),
        (70, 6, (30, 60), None, "behind", ["not Demo Certified by day 60"]),
        (70, 6, (30, 60), 50, "on track", []),
        (120, 6, (30, 60, 90), 40, "ramped", []),
        (120, 6, (30,), 80, "behind", ["missed the 60-day, 90-day milestones"]),
    ],
)
def test_ce_progress_against_the_plan(
    days_in: int,
    weeks: int,
    milestones: tuple[int, ...],
    certified_after: int | None,
    status: str,
    behind: list[str],
) -> None:
    member = ce(days_in, weeks, milestones)
    creds = []
    if certified_after is not None:
        creds = [
            credential(
                "kai", DEMO_CERTIFICATION, member.start_date + dt.timedelta(days=certified_after)
            )
        ]
    progress = ce_progress(member, AS_OF, creds)
    assert progress.status == status
    assert list(progress.behind) == behind
    assert progress.days_to_demo_certification == certified_after


def test_other_certifications_and_later_ones_do_not_count_as_demo_certification() -> None:
    member = ce(70, 6, (30, 60))
    creds = [
        credential("kai", "certified-user", AS_OF - dt.timedelta(days=5)),
        credential("kai", DEMO_CERTIFICATION, AS_OF + dt.timedelta(days=1)),
    ]
    assert ce_progress(member, AS_OF, creds).demo_certified_on is None


def test_levels_choose_the_milestone_plan() -> None:
    assert track_name(ce(10, 1, level=2)) == "CE (level 1-2)"
    assert track_name(ce(10, 1, level=3)) == "Senior CE (level 3-4)"
    assert set(MILESTONES["Senior CE (level 3-4)"]) == {30, 60, 90}


def test_revoked_and_expired_credentials_are_not_current() -> None:
    kept = credential("kai", "x", AS_OF - dt.timedelta(days=10), "a")
    revoked = credential("kai", "x", AS_OF - dt.timedelta(days=10), "b")
    expired = credential("kai", "x", AS_OF - dt.timedelta(days=400), "c")
    revocations = {"b": RevocationRecord("b", dt.datetime(2026, 6, 1, tzinfo=dt.UTC), "test")}
    assert current_credentials([kept, revoked, expired], revocations, AS_OF) == [kept]


def test_trained_percent_per_block_counts_current_trainer_credentials(catalog: Catalog) -> None:
    blocks = list(catalog.training_blocks.values())
    roster = [
        ce(200, 6, (30, 60, 90)),
        ce(200, 6, (30, 60, 90)).model_copy(update={"id": "lee", "name": "Lee"}),
    ]
    foundations = catalog.training_blocks["foundations"].trainer_certification
    creds = [
        credential("kai", foundations, AS_OF - dt.timedelta(days=30)),
        credential("lee", foundations, AS_OF + dt.timedelta(days=3)),  # not yet on AS_OF
    ]
    coverage = {b.block.id: b for b in trained_per_block(blocks, roster, creds, {}, AS_OF)}
    assert coverage["foundations"].percent == 50.0
    assert [m.id for m in coverage["foundations"].missing] == ["lee"]
    assert coverage["code-security"].percent == 0.0
