"""The records database behaves the same on SQLite (the default) and PostgreSQL (multi-user), and
its schema is exactly what the Alembic migrations build."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from kit.errors import RecordsError
from kit.records import IssuedCredential, Records
from kit.records.assessments import Assessment, RubricSession
from kit.records.schema import RecordsBase

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'records.db'}"
        return
    base: str = request.getfixturevalue("postgres_url")
    name = f"records_{abs(hash(request.node.name)) % 10**8}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    yield base.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture
def records(url: str) -> Iterator[Records]:
    with Records(url) as store:
        yield store


def session(learner: str = "nia", day: int = 5, manager_score: int = 3) -> RubricSession:
    return RubricSession(
        learner,
        "ce-demo",
        date(2026, 10, day),
        (
            Assessment("shadow-ce", "Tomas Reyes", {"discovery": 3}),
            Assessment("ce-manager", "Priya Lund", {"discovery": manager_score}, "watched it"),
        ),
    )


def credential(index: int, learner: str = "nia") -> IssuedCredential:
    return IssuedCredential(
        id=f"urn:uuid:00000000-0000-0000-0000-{index:012d}",
        learner=learner,
        certification="ce-demo-certified",
        issued_at=NOW,
        valid_until=NOW + timedelta(days=1095),
        status_index=index,
        token="header.payload.signature",
        evidence=({"type": ["Evidence"], "narrative": "all 3s"},),
    )


def test_the_migrated_schema_matches_the_models(url: str) -> None:
    Records(url).close()
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"version_table": "sgkit_records_version"}
            )
            assert compare_metadata(context, RecordsBase.metadata) == []
            assert context.get_current_revision() == "0001"
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {
        "learners",
        "enrolments",
        "rubric_sessions",
        "rubric_assessments",
        "credentials",
        "revocations",
    } <= tables


def test_opening_twice_migrates_once(url: str) -> None:
    with Records(url) as first:
        first.ensure_learner("nia", "Nia Adeyemi")
    with Records(url) as again:
        assert again.learner_names() == {"nia": "Nia Adeyemi"}


def test_sessions_round_trip(records: Records) -> None:
    records.record_sessions([session(day=12), session(day=5)])
    stored = records.sessions("ce-demo")
    assert [s.held_on.day for s in stored] == [5, 12]
    assert {a.role: a.notes for a in stored[0].assessments} == {
        "ce-manager": "watched it",
        "shadow-ce": "",
    }
    assert stored[0].assessments[0].scores == {"discovery": 3}


def test_a_failed_import_records_nothing(records: Records) -> None:
    records.record_sessions([session("nia")])
    with pytest.raises(RecordsError, match="already has a ce-manager assessment"):
        records.record_sessions([session("omar"), session("nia", manager_score=2)])
    assert [s.learner for s in records.sessions()] == ["nia"]


def test_credentials_and_revocations(records: Records) -> None:
    assert records.next_status_index() == 0
    records.add_credential(credential(0))
    records.add_credential(credential(1, "omar"))
    assert records.next_status_index() == 2
    stored = records.credential(credential(1).id)
    assert stored == credential(1, "omar")
    assert stored.issued_at.tzinfo is not None

    first = records.revoke(credential(0).id, "issued in error", at=NOW)
    again = records.revoke(credential(0).id, "another reason")
    assert again == first
    assert set(records.revocations()) == {credential(0).id}
    with pytest.raises(RecordsError, match="no credential 'urn:uuid:nope'"):
        records.revoke("urn:uuid:nope", "typo")
    with pytest.raises(RecordsError, match="needs a reason"):
        records.revoke(credential(1).id, "  ")


def test_enrolments_are_kept_once_per_cohort(records: Records) -> None:
    records.enrol("nia", "sourcegraph-101", "acme-2026", date(2026, 9, 1))
    records.enrol("nia", "sourcegraph-101", "acme-2026", date(2026, 9, 2))
    records.enrol("nia", "sourcegraph-102", "acme-2026", date(2026, 10, 1))
    assert records.enrolments("sourcegraph-101") == [
        ("nia", "sourcegraph-101", "acme-2026", date(2026, 9, 1))
    ]


def test_a_bad_url_is_one_clear_error() -> None:
    with pytest.raises(RecordsError, match="cannot open records database 'nosuchdb://x'"):
        Records("nosuchdb://x")
