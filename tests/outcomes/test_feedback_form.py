"""The feedback form: each answer is checked as the CSV import checks it and appended to
feedback.csv whole, or refused with the field named and nothing written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kit.errors import ConfigError
from kit.outcomes.feedback_form import FeedbackForm, append_feedback, validate_answer
from kit.outcomes.inputs import read_feedback
from kit.outcomes.models import Customer

CUSTOMERS = ["helix-health", "tallgrass-logistics"]
DAY = dt.date(2026, 11, 20)


def _customers() -> list[Customer]:
    return [
        Customer.model_validate(
            {"customer": c, "name": c, "seats": 100, "contract_date": "2026-01-05"}
        )
        for c in CUSTOMERS
    ]


@pytest.fixture
def form(tmp_path: Path) -> FeedbackForm:
    return FeedbackForm(
        tmp_path / "feedback.csv",
        customers=CUSTOMERS,
        sessions=["sourcegraph-101", "sourcegraph-102"],
        trainers=["Trainer A"],
        today=DAY,
    )


def fill(form: FeedbackForm, **values: object) -> None:
    form.customer.value = values.get("customer", "helix-health")
    form.kind.value = values.get("kind", "training")
    form.session.value = values.get("session", "sourcegraph-101")
    form.trainer.value = values.get("trainer", "Trainer A")
    form.rating.value = values.get("rating", 9)
    form.comment.value = values.get("comment", "More regex, please")
    form.collateral.value = values.get("collateral", "a regex cheat sheet")


def test_a_sent_answer_is_appended_and_reads_back_as_the_import_reads_it(
    form: FeedbackForm,
) -> None:
    fill(form)
    form.submit.click()
    fill(form, customer="tallgrass-logistics", kind="webinar", session="What's new", rating=6)
    form.submit.click()
    rows = read_feedback(form.path, _customers())
    assert [(r.customer, r.kind, r.session, r.rating) for r in rows] == [
        ("helix-health", "training", "sourcegraph-101", 9),
        ("tallgrass-logistics", "webinar", "What's new", 6),
    ]
    assert rows[0].collateral == "a regex cheat sheet" and rows[0].date == DAY
    assert "Thank you" in form.status.value
    assert form.comment.value == "", "the form is ready for the next answer"


def test_an_answer_missing_a_field_is_refused_naming_it_and_nothing_is_written(
    form: FeedbackForm,
) -> None:
    fill(form)
    form.submit.click()
    before = form.path.read_bytes()
    fill(form, trainer="")
    assert form.send() is None
    assert "Not sent: trainer" in form.status.value
    assert form.path.read_bytes() == before


def test_a_comment_with_commas_quotes_and_lines_survives_the_csv(form: FeedbackForm) -> None:
    fill(form, comment='Great, but "structural" was fast;\nmore time for batch changes')
    form.submit.click()
    (row,) = read_feedback(form.path, _customers())
    assert row.comment.startswith('Great, but "structural" was fast;')


def test_an_unknown_customer_is_refused_like_the_import_refuses_it() -> None:
    answer = {
        "date": DAY,
        "customer": "nobody",
        "kind": "training",
        "session": "s",
        "trainer": "t",
        "rating": 5,
    }
    with pytest.raises(ConfigError, match=r'customer: unknown customer "nobody"'):
        validate_answer(answer, CUSTOMERS)


def test_a_file_with_another_header_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "feedback.csv"
    path.write_text("when,who\n2026-01-01,x\n")
    row = validate_answer(
        {
            "date": DAY,
            "customer": "helix-health",
            "kind": "training",
            "session": "s",
            "trainer": "t",
            "rating": 5,
        },
        CUSTOMERS,
    )
    with pytest.raises(ConfigError, match="nothing was written"):
        append_feedback(path, row)
    assert path.read_text() == "when,who\n2026-01-01,x\n"
