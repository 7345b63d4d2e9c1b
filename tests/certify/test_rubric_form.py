"""The assessor's form: an assessor fills it in, clicks Record, and the session is recorded only if
it fits the rubric; the message says what happened and what the CE should work on."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kit.certify.rubric_form import RubricForm, RubricHistory
from kit.courses import Catalog
from kit.records import Records


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'records.db'}"


def filled(catalog: Catalog, url: str, role: str, assessor: str, score: int = 3) -> RubricForm:
    form = RubricForm(catalog.rubric("ce-demo"), lambda: Records(url))
    form.learner.value = "nia"
    form.held_on.value = date(2026, 10, 5)
    form.role.value = role
    form.assessor.value = assessor
    for competency in catalog.rubric("ce-demo").core_competencies:
        form.scores[competency.id].value = score
    return form


def test_two_assessors_fill_in_the_form_and_the_ce_is_certified(catalog: Catalog, url: str) -> None:
    shadow = filled(catalog, url, "shadow-ce", "Tomas Reyes")
    shadow.submit_button.click()
    assert "Recorded." in shadow.message.value
    assert "no ce-manager assessment" in shadow.message.value
    assert all(w.value == 0 for w in shadow.scores.values())  # cleared for the next session

    manager = filled(catalog, url, "ce-manager", "Priya Lund")
    assert manager.submit()
    assert "ce-demo: passed on 2026-10-05" in manager.message.value
    with Records(url) as records:
        [session] = records.sessions("ce-demo")
    assert {a.role for a in session.assessments} == {"shadow-ce", "ce-manager"}
    assert all(a.source == "assessor form" for a in session.assessments)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: setattr(f.role, "value", None), "missing assessor role"),
        (lambda f: setattr(f.assessor, "value", " "), "missing assessor name"),
        (lambda f: setattr(f.learner, "value", ""), "missing learner"),
        (lambda f: setattr(f.held_on, "value", None), "pick the session date"),
    ],
)
def test_an_incomplete_form_records_nothing(
    catalog: Catalog, url: str, change, message: str
) -> None:  # type: ignore[no-untyped-def]
    form = filled(catalog, url, "shadow-ce", "Tomas Reyes")
    change(form)
    assert not form.submit()
    assert "Not recorded" in form.message.value and message in form.message.value
    if Path(url.removeprefix("sqlite:///")).exists():
        with Records(url) as records:
            assert records.sessions() == []


def test_the_same_person_cannot_fill_in_both_roles(catalog: Catalog, url: str) -> None:
    assert filled(catalog, url, "shadow-ce", "Tomas Reyes").submit()
    second = filled(catalog, url, "ce-manager", "tomas reyes", score=2)
    assert not second.submit()
    assert "as both shadow-ce and ce-manager" in second.message.value
    with Records(url) as records:
        assert len(records.sessions()[0].assessments) == 1


def test_the_history_shows_focus_areas_until_certified(catalog: Catalog, url: str) -> None:
    filled(catalog, url, "shadow-ce", "Tomas Reyes", score=2).submit()
    with Records(url) as records:
        page = RubricHistory(catalog.rubric("ce-demo"), records.sessions())._repr_html_()
    assert "shadow-ce: discovery 2" in page
    assert "no ce-manager assessment" in page
