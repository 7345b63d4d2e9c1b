"""Sending to an LRS: the kit's statements pass the stand-in's checks; a second run sends nothing
new; a server error is retried; a rejected statement is named in one line; the key and secret
come from the environment only and never appear in output."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from kit.courses import Catalog
from kit.errors import ConfigError
from kit.lms.facts import credential_facts, learner_completions
from kit.lms.ledger import Ledger, ledger_path
from kit.lms.send import (
    LrsCredentials,
    LrsError,
    credentials_from_env,
    send_statements,
    statements_url,
)
from kit.lms.statements import Statement, build_statements, xapi_settings
from kit.records import Records
from tests.lms.conftest import KEY, SECRET, course_scores
from tests.lms.lrs_standin import StandinLrs

AUTH = LrsCredentials(KEY, SECRET)


@pytest.fixture
def statements(catalog: Catalog, records: Records) -> list[Statement]:
    """Two learners' completions and three credentials (one revoked): 7 statements."""
    scores = course_scores(catalog, "ada", 95.0) + course_scores(catalog, "dev", 72.0, day=12)
    completions = learner_completions(scores, catalog)
    settings = xapi_settings(catalog)
    return build_statements(completions, credential_facts(records), catalog, settings)


def _ledger(tmp_path: Path, lrs: StandinLrs) -> Ledger:
    return Ledger(ledger_path(tmp_path / "lms", lrs.endpoint), lrs.endpoint)


def test_the_kit_s_statements_pass_the_stand_in_and_are_stored_as_sent(
    lrs: StandinLrs, statements: list[Statement], tmp_path: Path
) -> None:
    report = send_statements(statements, lrs.endpoint, AUTH, _ledger(tmp_path, lrs), batch_size=3)
    assert (report.sent, report.already_sent, report.requests, report.retries) == (7, 0, 3, 0)
    assert [lrs.statements[s.id] for s in statements] == [dict(s.body) for s in statements]
    assert all(r.status == 200 for r in lrs.received)
    assert all(r.headers["x-experience-api-version"] == "1.0.3" for r in lrs.received)
    assert [len(json.loads(r.body)) for r in lrs.received] == [3, 3, 1]
    assert lrs.voided() == {
        s.body["object"]["id"] for s in statements if "StatementRef" in str(s.body)
    }


def test_a_second_run_sends_nothing_new_and_a_new_fact_alone(
    lrs: StandinLrs, statements: list[Statement], tmp_path: Path, catalog: Catalog
) -> None:
    send_statements(statements, lrs.endpoint, AUTH, _ledger(tmp_path, lrs))
    requests = len(lrs.received)
    again = send_statements(statements, lrs.endpoint, AUTH, _ledger(tmp_path, lrs))
    assert (again.sent, again.already_sent, again.requests) == (0, 7, 0)
    assert len(lrs.received) == requests
    newcomer = build_statements(
        learner_completions(course_scores(catalog, "ben", 88.0), catalog),
        [],
        catalog,
        xapi_settings(catalog),
    )
    more = send_statements(statements + newcomer, lrs.endpoint, AUTH, _ledger(tmp_path, lrs))
    assert (more.sent, more.already_sent) == (2, 7)
    assert len(lrs.statements) == 9


def test_a_lost_ledger_resends_and_the_lrs_stores_nothing_twice(
    lrs: StandinLrs, statements: list[Statement], tmp_path: Path
) -> None:
    send_statements(statements, lrs.endpoint, AUTH, _ledger(tmp_path, lrs))
    stored = dict(lrs.statements)
    report = send_statements(
        statements, lrs.endpoint, AUTH, Ledger(tmp_path / "new.jsonl", lrs.endpoint)
    )
    assert report.sent == 7  # same ids, same content: the LRS accepts them without a conflict
    assert lrs.statements == stored


def test_each_lrs_has_its_own_ledger(tmp_path: Path) -> None:
    one = ledger_path(tmp_path, "https://lrs.one.example/xapi")
    assert one == ledger_path(tmp_path, "https://lrs.one.example/xapi/")
    assert one != ledger_path(tmp_path, "https://lrs.two.example/xapi")
    one.write_text(json.dumps({"id": "x", "lrs": "https://lrs.two.example/xapi"}) + "\n")
    with pytest.raises(ConfigError, match=re.escape("records LRS https://lrs.two.example/xapi")):
        Ledger(one, "https://lrs.one.example/xapi")


def test_a_torn_last_ledger_line_is_ignored(
    lrs: StandinLrs, statements: list[Statement], tmp_path: Path
) -> None:
    book = _ledger(tmp_path, lrs)
    book.record(statements[:2])
    with book.path.open("a") as handle:
        handle.write('{"id": "' + statements[2].id[:10])  # a crash mid-append
    reread = _ledger(tmp_path, lrs)
    assert len(reread) == 2 and statements[1].id in reread and statements[2].id not in reread


def test_server_errors_are_retried_until_the_batch_is_stored(
    lrs: StandinLrs, statements: list[Statement], tmp_path: Path
) -> None:
    lrs.fail_next(503, times=2)
    report = send_statements(statements, lrs.endpoint, AUTH, _ledger(tmp_path, lrs), backoff=0)
    assert (report.sent, report.retries, report.requests) == (7, 2, 3)
    assert [r.status for r in lrs.received] == [503, 503, 200]


def test_a_server_that_keeps_failing_stops_the_run_and_records_nothing_unsent(
    lrs: StandinLrs, statements: list[Statement], tmp_path: Path
) -> None:
    lrs.fail_next(502, times=8)
    book = _ledger(tmp_path, lrs)
    with pytest.raises(LrsError) as caught:
        send_statements(statements, lrs.endpoint, AUTH, book, backoff=0, attempts=3)
    message = str(caught.value)
    assert "still fails after 3 attempts (502 forced 502)" in message
    assert statements[0].id in message and "\n" not in message
    assert len(book) == 0


def test_a_rejected_statement_is_named_and_the_ones_before_it_are_recorded(
    lrs: StandinLrs, statements: list[Statement], tmp_path: Path
) -> None:
    broken = Statement(
        statements[4].id, statements[4].label, {**statements[4].body, "timestamp": "yesterday"}
    )
    batch = [*statements[:4], broken, *statements[5:]]
    book = _ledger(tmp_path, lrs)
    with pytest.raises(LrsError) as caught:
        send_statements(batch, lrs.endpoint, AUTH, book)
    message = str(caught.value)
    assert message.startswith(f"the LRS rejected statement {broken.id} ({broken.label}): 400 ")
    assert "timestamp is not ISO 8601" in message and "\n" not in message
    assert [s.id in book for s in batch] == [True] * 4 + [False] * 3
    assert set(lrs.statements) == {s.id for s in statements[:4]}


def test_a_conflicting_statement_is_a_named_409(
    lrs: StandinLrs, statements: list[Statement], tmp_path: Path
) -> None:
    first = statements[0]
    send_statements([first], lrs.endpoint, AUTH, _ledger(tmp_path, lrs))
    changed = Statement(first.id, first.label, {**first.body, "timestamp": "2027-01-01T00:00:00Z"})
    with pytest.raises(LrsError, match=f"rejected statement {first.id} .*: 409 "):
        send_statements(
            [changed], lrs.endpoint, AUTH, Ledger(tmp_path / "other.jsonl", lrs.endpoint)
        )


def test_wrong_credentials_say_which_variables_to_check_without_showing_them(
    lrs: StandinLrs, statements: list[Statement], tmp_path: Path
) -> None:
    with pytest.raises(LrsError) as caught:
        send_statements(
            statements,
            lrs.endpoint,
            LrsCredentials(KEY, "wrong-secret-5521"),
            _ledger(tmp_path, lrs),
        )
    message = str(caught.value)
    assert "refused the credentials (401" in message
    assert "$SGKIT_LRS_KEY and $SGKIT_LRS_SECRET" in message
    assert "wrong-secret-5521" not in message and KEY not in message
    assert len(lrs.received) == 1  # an auth failure is not retried or split


def test_credentials_come_from_the_environment_and_hide_in_reprs() -> None:
    found = credentials_from_env({"SGKIT_LRS_KEY": KEY, "SGKIT_LRS_SECRET": SECRET})
    assert (found.key, found.secret) == (KEY, SECRET)
    assert KEY not in repr(found) and SECRET not in repr(found)
    with pytest.raises(LrsError, match="set SGKIT_LRS_SECRET to"):
        credentials_from_env({"SGKIT_LRS_KEY": KEY})


def test_basic_auth_carries_the_key_and_secret(
    lrs: StandinLrs, statements: list[Statement], tmp_path: Path
) -> None:
    send_statements(statements[:1], lrs.endpoint, AUTH, _ledger(tmp_path, lrs))
    (request,) = lrs.received
    assert (
        request.headers["authorization"]
        == "Basic " + base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
    )


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        ("lrs.example.org/xapi", "not an http(s) URL"),
        ("ftp://lrs.example.org/xapi", "not an http(s) URL"),
        ("http://lrs.example.org/xapi", "plain http"),
    ],
)
def test_an_endpoint_must_be_https_except_on_this_machine(endpoint: str, message: str) -> None:
    with pytest.raises(LrsError, match=re.escape(message)):
        statements_url(endpoint)
    assert (
        statements_url("https://lrs.example.org/xapi/") == "https://lrs.example.org/xapi/statements"
    )
    assert statements_url("http://127.0.0.1:8080/xapi") == "http://127.0.0.1:8080/xapi/statements"
