"""CE Demo Certification: a CE is Demo Certified at the first session where BOTH the shadow CE and
the CE manager scored EVERY core competency 3; until then, the focus areas and session history."""

from __future__ import annotations

from datetime import date

import pytest

from kit.certify import evaluate_rubric
from kit.courses import Catalog, Rubric
from kit.records.assessments import Assessment, RubricSession

CORE = (
    "discovery",
    "value-story",
    "code-search",
    "code-navigation",
    "batch-changes",
    "insights-and-monitors",
    "positioning",
    "questions",
    "pacing-and-next-steps",
)


@pytest.fixture(scope="module")
def rubric(catalog: Catalog) -> Rubric:
    return catalog.rubric("ce-demo")


def scores(default: int = 3, **overrides: int) -> dict[str, int]:
    out = dict.fromkeys(CORE, default)
    out.update({k.replace("_", "-"): v for k, v in overrides.items()})
    return out


def session(
    day: int, shadow: dict[str, int] | None, manager: dict[str, int] | None, ce: str = "nia"
) -> RubricSession:
    assessments = []
    if shadow is not None:
        assessments.append(Assessment("shadow-ce", "Tomas Reyes", shadow))
    if manager is not None:
        assessments.append(Assessment("ce-manager", "Priya Lund", manager))
    return RubricSession(ce, "ce-demo", date(2026, 10, day), tuple(assessments))


def test_the_shipped_rubric_has_the_seeds_scale_and_two_roles(rubric: Rubric) -> None:
    assert rubric.scale == {
        1: "Insufficiently demonstrated",
        2: "Partially demonstrated",
        3: "Fully demonstrated",
    }
    assert [r.id for r in rubric.assessor_roles] == ["shadow-ce", "ce-manager"]
    assert tuple(c.id for c in rubric.core_competencies) == CORE


@pytest.mark.parametrize(
    ("sessions", "certified_on", "explanation"),
    [
        pytest.param(
            [session(5, scores(), scores())],
            date(2026, 10, 5),
            "ce-demo: passed on 2026-10-05",
            id="both-assessors-all-3",
        ),
        pytest.param(
            [session(5, scores(), scores(positioning=2))],
            None,
            "ce-demo: not yet (1 session); latest 2026-10-05: ce-manager: positioning 2",
            id="one-assessor-all-3-other-a-2",
        ),
        pytest.param(
            [
                session(5, scores(discovery=2), scores()),
                session(12, scores(), scores(batch_changes=2)),
            ],
            None,
            "ce-demo: not yet (2 sessions); latest 2026-10-12: ce-manager: batch-changes 2",
            id="3s-spread-over-two-sessions-do-not-add-up",
        ),
        pytest.param(
            [
                session(5, scores(), scores()),
                session(19, scores(1), scores(2)),
            ],
            date(2026, 10, 5),
            "ce-demo: passed on 2026-10-05",
            id="later-weaker-session-keeps-the-certification",
        ),
        pytest.param(
            [session(19, scores(), scores()), session(5, scores(2), scores(2))],
            date(2026, 10, 19),
            "ce-demo: passed on 2026-10-19",
            id="sessions-are-judged-in-date-order",
        ),
        pytest.param(
            [session(5, scores(), None)],
            None,
            "ce-demo: not yet (1 session); latest 2026-10-05: no ce-manager assessment",
            id="manager-has-not-scored-yet",
        ),
        pytest.param(
            [session(5, {k: 3 for k in CORE if k != "questions"}, scores())],
            None,
            "ce-demo: not yet (1 session); latest 2026-10-05: shadow-ce: questions not scored",
            id="an-unscored-core-competency-is-not-a-3",
        ),
        pytest.param(
            [
                session(
                    5,
                    {**scores(), "deployment-questions": 1},
                    {**scores(), "api-and-integrations": 1},
                )
            ],
            date(2026, 10, 5),
            "ce-demo: passed on 2026-10-05",
            id="non-core-competencies-do-not-block",
        ),
        pytest.param(
            [session(5, scores(), scores(), ce="omar")],
            None,
            "ce-demo: no assessed session yet",
            id="another-ces-sessions-never-count",
        ),
        pytest.param(
            [session(5, scores(discovery=1, value_story=2), scores(code_search=2))],
            None,
            "ce-demo: not yet (1 session); latest 2026-10-05: "
            "shadow-ce: discovery 1, value-story 2; ce-manager: code-search 2",
            id="focus-areas-per-assessor",
        ),
    ],
)
def test_demo_certification(
    rubric: Rubric, sessions: list[RubricSession], certified_on: date | None, explanation: str
) -> None:
    decision = evaluate_rubric(rubric, "nia", sessions)
    assert decision.passed_on == certified_on
    assert decision.passed is (certified_on is not None)
    assert decision.explain() == explanation


def test_history_lists_every_session_and_focus_areas_name_the_assessor(rubric: Rubric) -> None:
    decision = evaluate_rubric(
        rubric,
        "nia",
        [session(12, scores(), scores(positioning=2)), session(5, scores(discovery=2), scores(1))],
    )
    assert [v.session.held_on.day for v in decision.history] == [5, 12]
    assert [v.passed for v in decision.history] == [False, False]
    assert [(a.role, a.assessor, a.competency, a.score) for a in decision.focus_areas] == [
        ("ce-manager", "Priya Lund", "positioning", 2)
    ]
    assert len(decision.history[0].focus_areas) == 1 + len(CORE)


def test_once_certified_there_are_no_focus_areas(rubric: Rubric) -> None:
    decision = evaluate_rubric(
        rubric, "nia", [session(5, scores(), scores()), session(12, scores(1), scores(1))]
    )
    assert decision.focus_areas == ()
