"""Statements of completions and credentials: who (an account, never an e-mail), what (ADL and
registry verbs, course and certification activities), when, how well; ids that name the fact,
so building them again gives the same statements; a revoked credential is voided."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from kit.courses import Catalog
from kit.lms.facts import CredentialFact, credential_facts, learner_completions
from kit.lms.statements import (
    COMPLETED,
    EARNED,
    PASSED,
    VOIDED,
    build_statements,
    earned_statement_id,
    xapi_settings,
)
from kit.plans.completions import course_completions
from kit.plans.tracker import Completion
from kit.records import Records, RevocationRecord
from tests.lms.conftest import course_scores, credential
from tests.lms.lrs_standin import check_statement

HOME = "https://lms.example.org"


def test_a_learner_completes_a_course_when_every_assignment_passes_on_the_last_day(
    catalog: Catalog,
) -> None:
    scores = course_scores(catalog, "ada", 80.0) + course_scores(catalog, "ben", 69.0)
    (done,) = learner_completions(scores, catalog)
    assert (done.learner, done.course) == ("ada", "sourcegraph-101")
    assert done.completed_at == datetime(2026, 11, 14, 9, tzinfo=UTC)
    assert (done.score, done.max_score) == (400.0, 500.0)


def test_the_best_submission_counts_and_a_missing_assignment_completes_nothing(
    catalog: Catalog,
) -> None:
    retry = course_scores(catalog, "ada", 40.0) + course_scores(catalog, "ada", 90.0, day=20)
    (done,) = learner_completions(retry, catalog)
    assert (done.completed_at.day, done.score) == (24, 450.0)
    assert learner_completions(course_scores(catalog, "ben", 100.0)[:-1], catalog) == []


@pytest.mark.parametrize("percents", [(70.0, 69.9, 100.0), (40.0, 95.0, 71.0), (100.0, 0.0, 70.0)])
def test_per_learner_completions_agree_with_the_plan_tracker_s_per_customer_ones(
    catalog: Catalog, percents: tuple[float, float, float]
) -> None:
    learners = ("ada", "ben", "cleo")
    scores = [
        s
        for learner, p in zip(learners, percents, strict=True)
        for s in course_scores(catalog, learner, p)
    ]
    roster = {learner: f"customer-of-{learner}" for learner in learners}
    ours = {
        Completion(roster[c.learner], c.course, c.completed_at.date())
        for c in learner_completions(scores, catalog)
    }
    assert ours == set(course_completions(scores, catalog, roster))


def test_a_completion_is_a_completed_and_a_passed_statement_about_the_course(
    catalog: Catalog,
) -> None:
    settings = xapi_settings(catalog, HOME)
    completions = learner_completions(course_scores(catalog, "ada", 90.0), catalog)
    completed, passed = build_statements(completions, [], catalog, settings)
    for statement in (completed, passed):
        body = statement.body
        check_statement(body)
        assert body["actor"] == {
            "objectType": "Agent",
            "account": {"homePage": HOME, "name": "ada"},
        }
        assert "mbox" not in str(body)
        assert body["object"]["id"] == "https://training.example.com/courses/sourcegraph-101"
        assert body["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/course"
        assert body["timestamp"] == "2026-11-14T09:00:00Z"
        assert body["context"]["platform"] == "Sourcegraph Training & Certification Kit"
        assert uuid.UUID(statement.id).version == 5
    assert (
        completed.body["verb"]["id"] == COMPLETED.id == "http://adlnet.gov/expapi/verbs/completed"
    )
    assert completed.body["result"] == {"completion": True}
    assert passed.body["verb"]["id"] == PASSED.id == "http://adlnet.gov/expapi/verbs/passed"
    assert passed.body["result"] == {
        "success": True,
        "completion": True,
        "score": {"scaled": 0.9, "raw": 450.0, "min": 0, "max": 500.0},
    }
    assert completed.label == "ada completed sourcegraph-101"


def test_the_same_facts_give_the_same_ids_and_another_fact_another_id(catalog: Catalog) -> None:
    settings = xapi_settings(catalog, HOME)
    once = build_statements(
        learner_completions(course_scores(catalog, "ada", 90.0), catalog), [], catalog, settings
    )
    again = build_statements(
        learner_completions(course_scores(catalog, "ada", 90.0), catalog), [], catalog, settings
    )
    assert [s.body for s in once] == [s.body for s in again]
    later = build_statements(
        learner_completions(course_scores(catalog, "ada", 90.0, day=20), catalog),
        [],
        catalog,
        settings,
    )
    elsewhere = build_statements(
        learner_completions(course_scores(catalog, "ada", 90.0), catalog),
        [],
        catalog,
        xapi_settings(catalog, "https://other.example"),
    )
    ids = {s.id for s in once}
    assert len(ids) == 2
    assert ids.isdisjoint(s.id for s in later)
    assert ids.isdisjoint(s.id for s in elsewhere)


def test_the_home_page_defaults_to_the_issuer_s_url(catalog: Catalog) -> None:
    assert xapi_settings(catalog).home_page == "https://training.example.com"


def test_a_credential_is_an_earned_statement_about_the_certification(
    catalog: Catalog, records: Records
) -> None:
    settings = xapi_settings(catalog, HOME)
    ada = next(f for f in credential_facts(records) if f.credential.learner == "ada")
    (earned,) = build_statements([], [ada], catalog, settings)
    body = earned.body
    check_statement(body)
    assert body["verb"] == {"id": EARNED.id, "display": {"en-US": "earned"}}
    assert EARNED.id == "http://id.tincanapi.com/verb/earned"
    assert body["object"]["id"] == "https://training.example.com/achievements/certified-user"
    assert body["object"]["definition"]["name"] == {"en-US": "Sourcegraph Certified User"}
    assert body["timestamp"] == "2026-11-20T13:00:00Z"
    extensions = body["context"]["extensions"]
    assert (
        extensions["https://training.example.com/xapi/extensions/credential-id"]
        == ada.credential.id
    )
    assert (
        extensions["https://training.example.com/xapi/extensions/valid-until"]
        == "2028-11-19T12:00:00Z"
    )
    assert earned.id == earned_statement_id(ada.credential.id, settings)


def test_a_revoked_credential_is_a_voiding_statement_of_its_earned_statement(
    catalog: Catalog, records: Records
) -> None:
    settings = xapi_settings(catalog, HOME)
    facts = credential_facts(records)
    assert [f.credential.learner for f in facts if f.revocation] == ["kai"]
    statements = build_statements([], facts, catalog, settings)
    assert [s.body["verb"]["id"] for s in statements] == [EARNED.id, EARNED.id, VOIDED.id]
    voiding = statements[-1].body
    check_statement(voiding)
    kai = earned_statement_id(credential(3, "kai").id, settings)
    assert voiding["object"] == {"objectType": "StatementRef", "id": kai}
    assert kai not in {s.id for s in statements}  # the revoked credential is never announced
    assert voiding["timestamp"] == "2026-11-22T12:00:00Z"
    assert voiding["actor"]["account"] == {
        "homePage": "https://training.example.com",
        "name": "issuer",
    }


def test_revoking_a_sent_credential_keeps_its_earned_id_for_the_voiding_statement(
    catalog: Catalog,
) -> None:
    settings = xapi_settings(catalog, HOME)
    issued = credential(7, "lee")
    (earned,) = build_statements([], [CredentialFact(issued)], catalog, settings)
    revoked = CredentialFact(
        issued, RevocationRecord(issued.id, datetime(2027, 1, 2, tzinfo=UTC), "x")
    )
    (voiding,) = build_statements([], [revoked], catalog, settings)
    assert voiding.body["object"]["id"] == earned.id


def test_certifications_filter_by_path(records: Records) -> None:
    assert credential_facts(records, certifications=["certified-admin"]) == []
    assert len(credential_facts(records, certifications=["certified-user"])) == 3


def test_statements_come_in_time_order(catalog: Catalog, records: Records) -> None:
    settings = xapi_settings(catalog, HOME)
    completions = learner_completions(course_scores(catalog, "ada", 90.0, day=25), catalog)
    statements = build_statements(completions, credential_facts(records), catalog, settings)
    stamps = [s.body["timestamp"] for s in statements]
    assert stamps == sorted(stamps)
    assert date.fromisoformat(stamps[-1][:10]) == date(2026, 11, 29)
