"""Fixtures for the LMS hand-off: a stand-in LRS, the LRS key and secret in the environment, and a
small cohort with real scores and recorded credentials (one revoked)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kit.courses import Catalog
from kit.grading.grades import AssignmentScore
from kit.lms.send import KEY_ENV, SECRET_ENV
from kit.records import IssuedCredential, Records
from tests.lms.lrs_standin import StandinLrs, standin_lrs

KEY = "lrs-key-7f3a"
SECRET = "lrs-secret-c91e0b"
ISSUED = datetime(2026, 11, 20, 12, tzinfo=UTC)


@pytest.fixture
def lrs() -> Iterator[StandinLrs]:
    """A running stand-in LRS that knows KEY and SECRET."""
    with standin_lrs(KEY, SECRET) as running:
        yield running


@pytest.fixture
def lrs_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The LRS key and secret in the environment, where the kit reads them."""
    monkeypatch.setenv(KEY_ENV, KEY)
    monkeypatch.setenv(SECRET_ENV, SECRET)


def course_scores(
    catalog: Catalog,
    learner: str,
    percent: float,
    *,
    course: str = "sourcegraph-101",
    day: int = 10,
) -> list[AssignmentScore]:
    """One score per assignment of the course at `percent`, a day apart from November `day`."""
    found = catalog.course(course)
    return [
        AssignmentScore(
            learner, found.id, a.id, percent, 100.0, datetime(2026, 11, day + i, 9, tzinfo=UTC)
        )
        for i, a in enumerate(found.assignments)
    ]


def credential(
    number: int, learner: str, certification: str = "certified-user"
) -> IssuedCredential:
    """A recorded credential (the token is not checked here)."""
    return IssuedCredential(
        id=f"urn:uuid:00000000-0000-4000-8000-{number:012d}",
        learner=learner,
        certification=certification,
        issued_at=ISSUED + timedelta(hours=number),
        valid_until=ISSUED + timedelta(days=730),
        status_index=number,
        token="header.payload.signature",
        evidence=(),
    )


@pytest.fixture
def records(tmp_path: Path) -> Iterator[Records]:
    """A records database with three credentials; the third (kai's) is revoked."""
    with Records(f"sqlite:///{tmp_path / 'records.db'}") as store:
        for number, learner in enumerate(("ada", "dev", "kai"), start=1):
            store.add_credential(credential(number, learner))
        store.revoke(credential(3, "kai").id, "issued by mistake", at=ISSUED + timedelta(days=2))
        yield store
