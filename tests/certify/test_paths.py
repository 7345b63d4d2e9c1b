"""Every shipped certification path, evaluated over grade and rubric records: who is certified,
and exactly why not, requirement by requirement."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kit.certify import Decision, evaluate
from kit.courses import Catalog
from kit.grading.grades import AssignmentScore
from kit.records.assessments import Assessment, RubricSession

LEARNER = "kim"
EARLY = datetime(2026, 3, 1, tzinfo=UTC)
LATE = datetime(2026, 9, 1, tzinfo=UTC)


def passed(
    catalog: Catalog, course: str, percent: float = 100, when: datetime = EARLY
) -> list[AssignmentScore]:
    """A score of `percent` on every assignment of `course`."""
    return [
        AssignmentScore(LEARNER, course, a.id, percent / 10, 10, when)
        for a in catalog.course(course).assignments
    ]


def rubric_session(
    catalog: Catalog,
    rubric: str,
    score: int = 3,
    subject: str | None = None,
    day: date = date(2026, 4, 1),
) -> RubricSession:
    definition = catalog.rubric(rubric)
    assessments = tuple(
        Assessment(role.id, f"Assessor {n}", {c.id: score for c in definition.competencies})
        for n, role in enumerate(definition.assessor_roles)
    )
    return RubricSession(LEARNER, rubric, day, assessments, subject=subject)


def decide(
    catalog: Catalog,
    path: str,
    scores: list[AssignmentScore],
    sessions: list[RubricSession] = [],  # noqa: B006 (never mutated)
    after: datetime | None = None,
) -> Decision:
    return evaluate(
        catalog.certification(path),
        LEARNER,
        catalog.courses,
        scores,
        rubrics=catalog.rubrics,
        sessions=sessions,
        after=after,
    )


def test_the_catalog_declares_every_path_the_seeds_name(catalog: Catalog) -> None:
    assert set(catalog.certifications) == {
        "certified-user",
        "certified-power-user",
        "certified-admin",
        "code-security-specialist",
        "certified-trainer-foundations",
        "certified-trainer-code-security",
        "certified-partner",
        "certified-integrator",
        "ce-demo-certified",
    }
    assert all(p.valid_for_days > 0 for p in catalog.certifications.values())


def test_a_path_is_offered_once_every_course_it_requires_is_published(catalog: Catalog) -> None:
    for path in catalog.certifications.values():
        needed = [r.course for r in path.requires if r.course is not None]
        published = all(catalog.course(c).status == "published" for c in needed)
        assert catalog.offered(path) == published, path.id
    offered = {p.id for p in catalog.certifications.values() if catalog.offered(p)}
    assert {"certified-user", "certified-power-user", "ce-demo-certified"} <= offered


@pytest.mark.parametrize(
    ("path", "courses", "rubrics", "certified"),
    [
        ("certified-user", ["sourcegraph-101"], [], True),
        ("certified-power-user", ["sourcegraph-101"], [], False),
        ("certified-power-user", ["sourcegraph-101", "sourcegraph-102"], [], True),
        ("certified-admin", ["admin"], [], True),
        ("code-security-specialist", ["code-security"], [], False),
        ("code-security-specialist", ["sourcegraph-101", "code-security"], [], True),
        ("certified-partner", ["admin", "graphql-for-admins"], [], False),
        ("certified-partner", ["admin", "graphql-for-admins"], ["partner-practical"], True),
        ("certified-partner", ["admin", "graphql-for-admins"], ["integrator-practical"], False),
        ("certified-integrator", ["admin", "graphql-for-admins"], ["integrator-practical"], True),
        ("certified-integrator", ["admin"], ["integrator-practical"], False),
        ("ce-demo-certified", [], ["ce-demo"], True),
        ("ce-demo-certified", ["sourcegraph-101"], [], False),
    ],
)
def test_each_path_needs_exactly_its_requirements(
    catalog: Catalog, path: str, courses: list[str], rubrics: list[str], certified: bool
) -> None:
    scores = [s for c in courses for s in passed(catalog, c)]
    sessions = [rubric_session(catalog, r) for r in rubrics]
    assert decide(catalog, path, scores, sessions).certified is certified


def test_the_shortfall_names_course_assignment_score_and_bar(catalog: Catalog) -> None:
    scores = passed(catalog, "sourcegraph-101")
    scores += [
        AssignmentScore(LEARNER, "sourcegraph-102", a.id, 10, 10)
        for a in catalog.course("sourcegraph-102").assignments
        if a.id != "structural-search"
    ]
    scores.append(AssignmentScore(LEARNER, "sourcegraph-102", "structural-search", 55, 100))
    decision = decide(catalog, "certified-power-user", scores)
    assert decision.explain() == (
        "missing: sourcegraph-102 structural-search: scored 55/100 (55%), needs 70%"
    )


@pytest.mark.parametrize(
    ("percent", "subject", "delivery_score", "explanation"),
    [
        (95, "code-security", 3, "certified"),
        (
            85,
            "code-security",
            3,
            "missing: code-security secrets: scored 8.5/10 (85%), needs 90%; "
            "code-security risky-patterns: scored 8.5/10 (85%), needs 90%; "
            "code-security vulnerable-dependencies: scored 8.5/10 (85%), needs 90%",
        ),
        (
            95,
            "foundations",
            3,
            "missing: training-delivery (code-security): no assessed session yet",
        ),
        (
            95,
            "code-security",
            2,
            "missing: training-delivery (code-security): not yet (1 session); latest "
            "2026-04-01: supervising-trainer: objectives 2, standard-template 2, "
            "hands-on-labs 2, product-accuracy 2, questions 2, pacing 2",
        ),
    ],
)
def test_a_trainer_passes_the_course_at_a_higher_bar_and_a_supervised_delivery_of_it(
    catalog: Catalog, percent: float, subject: str, delivery_score: int, explanation: str
) -> None:
    scores = passed(catalog, "code-security", percent)
    sessions = [rubric_session(catalog, "training-delivery", delivery_score, subject)]
    decision = decide(catalog, "certified-trainer-code-security", scores, sessions)
    assert decision.explain() == explanation


def test_evidence_records_what_satisfied_each_requirement(catalog: Catalog) -> None:
    decision = decide(
        catalog,
        "certified-trainer-code-security",
        passed(catalog, "code-security", 95),
        [rubric_session(catalog, "training-delivery", subject="code-security")],
    )
    assert [e.requirement for e in decision.evidence] == [
        "code-security secrets",
        "code-security risky-patterns",
        "code-security vulnerable-dependencies",
        "training-delivery code-security",
    ]
    assert "95%, pass mark 90%" in decision.evidence[0].narrative
    assert "Assessor 0 (Supervising certified trainer)" in decision.evidence[-1].narrative


def test_for_renewal_only_evidence_after_the_last_credential_counts(catalog: Catalog) -> None:
    old = passed(catalog, "sourcegraph-101", when=EARLY)
    cutoff = datetime(2026, 6, 1, tzinfo=UTC)
    assert decide(catalog, "certified-user", old).certified
    assert not decide(catalog, "certified-user", old, after=cutoff).certified
    retake = passed(catalog, "sourcegraph-101", when=LATE)
    assert decide(catalog, "certified-user", old + retake, after=cutoff).certified

    demo = rubric_session(catalog, "ce-demo", day=date(2026, 4, 1))
    assert not decide(catalog, "ce-demo-certified", [], [demo], after=cutoff).certified
