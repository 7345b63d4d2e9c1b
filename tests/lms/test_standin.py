"""The stand-in LRS enforces the xAPI 1.0.3 rules it claims to, so the kit's statements passing
it means something: a valid statement is stored; each broken rule is a 400 naming it."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.lms.conftest import KEY, SECRET
from tests.lms.lrs_standin import StandinLrs

VALID: dict[str, Any] = {
    "id": "6f1d3f0e-3c1b-4b7e-9a53-2f0c9d1e8a10",
    "actor": {"objectType": "Agent", "account": {"homePage": "https://lms.example", "name": "ada"}},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/passed", "display": {"en-US": "passed"}},
    "object": {
        "objectType": "Activity",
        "id": "https://training.example.com/courses/sourcegraph-101",
        "definition": {
            "name": {"en-US": "Sourcegraph 101"},
            "type": "http://adlnet.gov/expapi/activities/course",
        },
    },
    "result": {"success": True, "score": {"scaled": 0.9, "raw": 90, "min": 0, "max": 100}},
    "context": {"platform": "Sourcegraph Training & Certification Kit", "language": "en-US"},
    "timestamp": "2026-11-14T09:00:00Z",
}
HEADERS = {"X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"}


def post(lrs: StandinLrs, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.post(
        lrs.endpoint + "/statements",
        content=json.dumps(body),
        headers=HEADERS if headers is None else headers,
        auth=(KEY, SECRET),
    )


def changed(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    statement = copy.deepcopy(VALID)
    change(statement)
    return statement


def test_a_valid_statement_is_stored_and_its_id_returned(lrs: StandinLrs) -> None:
    answer = post(lrs, [VALID])
    assert answer.status_code == 200
    assert answer.json() == [VALID["id"]]
    assert lrs.statements == {VALID["id"]: VALID}


BROKEN: list[tuple[str, Callable[[dict[str, Any]], object], str]] = [
    ("no actor", lambda s: s.pop("actor"), "actor is missing"),
    ("no verb", lambda s: s.pop("verb"), "verb is missing"),
    ("no object", lambda s: s.pop("object"), "object is missing"),
    ("actor without IFI", lambda s: s["actor"].pop("account"), "0 inverse functional"),
    (
        "actor with two IFIs",
        lambda s: s["actor"].update(mbox="mailto:ada@example.com"),
        "2 inverse functional",
    ),
    ("mbox not mailto", lambda s: s.update(actor={"mbox": "ada@example.com"}), "not a mailto"),
    ("account without name", lambda s: s["actor"]["account"].pop("name"), "homePage and name"),
    ("relative homePage", lambda s: s["actor"]["account"].update(homePage="lms"), "homePage"),
    ("verb id not an IRI", lambda s: s["verb"].update(id="passed"), "verb.id is not"),
    ("object id not an IRI", lambda s: s["object"].update(id="sourcegraph 101"), "object.id"),
    ("type not an IRI", lambda s: s["object"]["definition"].update(type="course"), "type"),
    ("display not a map", lambda s: s["verb"].update(display="passed"), "language map"),
    ("id not a UUID", lambda s: s.update(id="statement-1"), "id is not a UUID"),
    ("timestamp not ISO 8601", lambda s: s.update(timestamp="14/11/2026 09:00"), "ISO 8601"),
    ("timestamp -00:00", lambda s: s.update(timestamp="2026-11-14T09:00:00-00:00"), "-00:00"),
    ("scaled above 1", lambda s: s["result"]["score"].update(scaled=1.5), "outside [-1, 1]"),
    ("raw above max", lambda s: s["result"]["score"].update(raw=101), "raw > max"),
    ("min above max", lambda s: s["result"]["score"].update(min=100, max=0), "min is not below"),
    ("success a string", lambda s: s["result"].update(success="yes"), "not true or false"),
    ("unknown property", lambda s: s.update(grade="A"), "unknown properties"),
    ("null value", lambda s: s["context"].update(platform=None), "is null"),
    ("registration not UUID", lambda s: s["context"].update(registration="r1"), "registration"),
    (
        "voiding an activity",
        lambda s: s.update(verb={"id": "http://adlnet.gov/expapi/verbs/voided"}),
        "not a StatementRef",
    ),
    (
        "platform with an Agent object",
        lambda s: s.update(
            object={"objectType": "Agent", "account": {"homePage": "https://x", "name": "b"}}
        ),
        "platform is not allowed",
    ),
    (
        "extension key not an IRI",
        lambda s: s["context"].update(extensions={"credential": "x"}),
        "not an absolute IRI",
    ),
]


@pytest.mark.parametrize(
    ("change", "message"), [(c, m) for _, c, m in BROKEN], ids=[name for name, _, _ in BROKEN]
)
def test_a_statement_breaking_a_rule_is_rejected_with_400_naming_it(
    lrs: StandinLrs, change: Callable[[dict[str, Any]], object], message: str
) -> None:
    answer = post(lrs, [VALID, changed(change)])
    assert answer.status_code == 400
    assert message in answer.json()["message"]
    assert lrs.statements == {}  # the whole batch is refused


@pytest.mark.parametrize(
    ("headers", "status", "message"),
    [
        ({"Content-Type": "application/json"}, 400, "X-Experience-API-Version"),
        ({**HEADERS, "X-Experience-API-Version": "0.95"}, 400, "is not 1.0.x"),
        ({"X-Experience-API-Version": "1.0.3", "Content-Type": "text/plain"}, 400, "Content-Type"),
    ],
)
def test_a_request_without_the_version_header_or_json_is_rejected(
    lrs: StandinLrs, headers: dict[str, str], status: int, message: str
) -> None:
    answer = post(lrs, [VALID], headers)
    assert (answer.status_code, message in answer.json()["message"]) == (status, True)


def test_wrong_credentials_are_a_401(lrs: StandinLrs) -> None:
    answer = httpx.post(
        lrs.endpoint + "/statements", json=[VALID], headers=HEADERS, auth=(KEY, "guess")
    )
    assert answer.status_code == 401
    assert lrs.statements == {}


def test_a_known_id_with_the_same_content_is_accepted_once_and_other_content_is_a_409(
    lrs: StandinLrs,
) -> None:
    assert post(lrs, [VALID]).status_code == 200
    assert post(lrs, [VALID]).status_code == 200
    assert len(lrs.statements) == 1
    other = changed(lambda s: s["result"]["score"].update(raw=80, scaled=0.8))
    answer = post(lrs, [other])
    assert answer.status_code == 409
    assert lrs.statements[VALID["id"]] == VALID


def test_a_batch_holding_an_id_twice_is_rejected(lrs: StandinLrs) -> None:
    assert post(lrs, [VALID, VALID]).status_code == 400


def test_a_voiding_statement_may_target_an_absent_statement_but_not_a_voiding_one(
    lrs: StandinLrs,
) -> None:
    voiding = {
        "id": "0b7c8f47-13d4-4a35-8f0e-6a3b1c2d4e5f",
        "actor": VALID["actor"],
        "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
        "object": {"objectType": "StatementRef", "id": VALID["id"]},
    }
    assert post(lrs, [voiding]).status_code == 200
    assert lrs.voided() == {VALID["id"]}
    again = {**voiding, "id": "1c8d9f58-24e5-4b46-9f1f-7b4c2d3e5f60"}
    again["object"] = {"objectType": "StatementRef", "id": voiding["id"]}
    assert post(lrs, [again]).status_code == 400
