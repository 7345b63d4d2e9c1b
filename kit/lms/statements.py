"""xAPI 1.0.3 statements of course completions and certifications (pure: facts in, JSON out).

Each statement's `id` is a UUIDv5 of the fact it states (verb, learner account, activity, time,
score), so building the statements again gives the same ids and the same content, and an LRS
that already holds a statement keeps it unchanged (xAPI Communication 2.1.2: a known id is not
stored again). Learners are `account` agents (the kit's learner id at a configurable home page):
no e-mail address is ever put in a statement.

- A completion is two statements: `completed` (result.completion) and `passed` (result.success,
  the best submissions' points as score raw/min/max/scaled), timed at the last of those
  submissions.
- A credential is an `earned` statement (verb from the Tin Can registry: "the actor has earned
  or has been awarded the object") about the certification's Open Badges achievement, timed at
  issue. A revoked credential's `earned` statement is not sent; a `voided` statement naming its
  id is sent instead (an LRS voids the statement if it holds it and must not reject the voiding
  statement when it does not, Data 2.3.2), so revocation reaches the LRS whether or not the
  credential had been sent before.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kit.certify.credentials import achievement, iso
from kit.courses import Catalog, Issuer
from kit.lms.facts import CredentialFact, LearnerCompletion

XAPI_VERSION = "1.0.3"
PLATFORM = "Sourcegraph Training & Certification Kit"
LANGUAGE = "en-US"
# Fixed forever: changing it changes every statement id, and an LRS would store the whole
# history a second time.
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:sgkit:xapi:statements")

COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"
CERTIFICATE_TYPE = "http://id.tincanapi.com/activitytype/certificate"


@dataclass(frozen=True)
class Verb:
    """An xAPI verb: its IRI and the word shown for it."""

    id: str
    word: str

    def json(self) -> dict[str, Any]:
        """The verb as a statement carries it."""
        return {"id": self.id, "display": {LANGUAGE: self.word}}


COMPLETED = Verb("http://adlnet.gov/expapi/verbs/completed", "completed")
PASSED = Verb("http://adlnet.gov/expapi/verbs/passed", "passed")
EARNED = Verb("http://id.tincanapi.com/verb/earned", "earned")
VOIDED = Verb("http://adlnet.gov/expapi/verbs/voided", "voided")


@dataclass(frozen=True)
class XapiSettings:
    """Where statements point: the learners' account home page and the issuer, whose URL is the
    base of the course activity IRIs."""

    home_page: str
    issuer: Issuer

    @property
    def activity_base(self) -> str:
        """The base IRI of course activities and extensions."""
        return self.issuer.url.rstrip("/")

    def course_iri(self, course_id: str) -> str:
        """The activity IRI of a course."""
        return f"{self.activity_base}/courses/{course_id}"

    def extension_iri(self, name: str) -> str:
        """The IRI of one of the kit's statement extensions."""
        return f"{self.activity_base}/xapi/extensions/{name}"


def xapi_settings(catalog: Catalog, home_page: str | None = None) -> XapiSettings:
    """Settings from the catalog's issuer; learners' accounts live at `home_page` (default: the
    issuer's URL)."""
    issuer = catalog.require_issuer()
    return XapiSettings(home_page or issuer.url, issuer)


@dataclass(frozen=True)
class Statement:
    """One xAPI statement: its id, a short label for messages, and the JSON to send."""

    id: str
    label: str
    body: Mapping[str, Any] = field(compare=False, hash=False)


def statement_id(*parts: str) -> str:
    """The UUIDv5 naming a fact given as its parts."""
    return str(uuid.uuid5(ID_NAMESPACE, "\n".join(parts)))


def learner_agent(learner: str, settings: XapiSettings) -> dict[str, Any]:
    """The learner as an Agent with one identifier: an account at the home page."""
    return {"objectType": "Agent", "account": {"homePage": settings.home_page, "name": learner}}


def _context() -> dict[str, Any]:
    return {"platform": PLATFORM, "language": LANGUAGE}


def _statement(sid: str, label: str, actor: dict[str, Any], verb: Verb, **rest: Any) -> Statement:
    body = {"id": sid, "actor": actor, "verb": verb.json(), **rest}
    return Statement(sid, label, body)


def completion_statements(
    done: LearnerCompletion, catalog: Catalog, settings: XapiSettings
) -> list[Statement]:
    """`completed` and `passed` statements of one learner's course completion."""
    course = catalog.course(done.course)
    activity_id = settings.course_iri(course.id)
    activity = {
        "objectType": "Activity",
        "id": activity_id,
        "definition": {"name": {LANGUAGE: course.title}, "type": COURSE_TYPE},
    }
    actor = learner_agent(done.learner, settings)
    when = iso(done.completed_at)
    points = f"{done.score:g}/{done.max_score:g}"
    score: dict[str, Any] = {}
    if done.max_score > 0:
        scaled = round(min(done.score / done.max_score, 1.0), 4)
        score = {"score": {"scaled": scaled, "raw": done.score, "min": 0, "max": done.max_score}}
    out = []
    for verb, result in (
        (COMPLETED, {"completion": True}),
        (PASSED, {"success": True, "completion": True, **score}),
    ):
        sid = statement_id(verb.id, settings.home_page, done.learner, activity_id, when, points)
        out.append(
            _statement(
                sid,
                f"{done.learner} {verb.word} {course.id}",
                actor,
                verb,
                object=activity,
                result=result,
                context=_context(),
                timestamp=when,
            )
        )
    return out


def earned_statement_id(credential_id: str, settings: XapiSettings) -> str:
    """The id of the `earned` statement of a credential."""
    return statement_id(EARNED.id, settings.home_page, credential_id)


def credential_statement(
    fact: CredentialFact, catalog: Catalog, settings: XapiSettings
) -> Statement:
    """The `earned` statement of a credential, or the `voided` statement of a revoked one's."""
    credential = fact.credential
    earned_id = earned_statement_id(credential.id, settings)
    label = f"{credential.learner} earned {credential.certification}"
    if fact.revocation is not None:
        return _statement(
            statement_id(VOIDED.id, earned_id),
            f"revocation of {label} (credential {credential.id})",
            issuer_agent(settings.issuer),
            VOIDED,
            object={"objectType": "StatementRef", "id": earned_id},
            timestamp=iso(fact.revocation.revoked_at),
        )
    path = catalog.certification(credential.certification)
    badge = achievement(settings.issuer, path)
    activity = {
        "objectType": "Activity",
        "id": badge["id"],
        "definition": {
            "name": {LANGUAGE: path.title},
            "description": {LANGUAGE: path.description},
            "type": CERTIFICATE_TYPE,
        },
    }
    context = _context() | {
        "extensions": {
            settings.extension_iri("credential-id"): credential.id,
            settings.extension_iri("valid-until"): iso(credential.valid_until),
        }
    }
    return _statement(
        earned_id,
        label,
        learner_agent(credential.learner, settings),
        EARNED,
        object=activity,
        result={"success": True, "completion": True},
        context=context,
        timestamp=iso(credential.issued_at),
    )


def issuer_agent(issuer: Issuer) -> dict[str, Any]:
    """The issuer as the Agent that voids a revoked credential's statement."""
    return {
        "objectType": "Agent",
        "name": issuer.name,
        "account": {"homePage": issuer.url, "name": "issuer"},
    }


def build_statements(
    completions: Iterable[LearnerCompletion],
    credentials: Iterable[CredentialFact],
    catalog: Catalog,
    settings: XapiSettings,
) -> list[Statement]:
    """Every statement of these facts, in time order (at the same time: `completed` before
    `passed`, completions before credentials)."""
    out = [s for done in completions for s in completion_statements(done, catalog, settings)]
    out += [credential_statement(fact, catalog, settings) for fact in credentials]
    return sorted(out, key=_instant)  # stable: ties keep the order built


def _instant(statement: Statement) -> datetime:
    return datetime.fromisoformat(str(statement.body["timestamp"]))
