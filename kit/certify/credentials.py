"""Open Badges 3.0 credentials: an `OpenBadgeCredential` (a W3C Verifiable Credential 2.0) per
certification, secured as a VC-JWT signed with the issuer's Ed25519 key.

The JWT payload is the credential itself with the registered claims beside it (`iss` = issuer id,
`sub` = subject id, `jti` = credential id, `nbf` = validFrom, `exp` = validUntil), as OB 3.0's
VC-JWT format asks.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from joserfc import jwt

from kit.certify.keys import IssuerKey, eddsa_allowed
from kit.certify.public_key import SIGNING_ALGORITHM
from kit.certify.rules import Decision
from kit.certify.status_list import encode_status_list
from kit.courses import CertificationPath, Issuer

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
STATUS_LIST_VALID_DAYS = 30


@dataclass(frozen=True)
class Recipient:
    """Who the credential is about: the kit's learner id and the name shown on the certificate."""

    learner: str
    name: str

    @property
    def subject_id(self) -> str:
        """A URN naming the learner at this issuer (no e-mail address in the credential)."""
        return f"urn:sgkit:learner:{quote(self.learner, safe='')}"


def iso(moment: datetime) -> str:
    """UTC, to the second, with a Z: the form VC dates take."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def achievement(issuer: Issuer, path: CertificationPath) -> dict[str, Any]:
    """The OB 3.0 Achievement a certification path stands for."""
    criteria = "; ".join(
        f"every assignment of {r.course} at {r.min_score:g}%"
        if r.course and r.min_score
        else f"every assignment of {r.course} at the course's passing score"
        if r.course
        else f"a {r.rubric} session{' on ' + r.subject if r.subject else ''} where every "
        f"assessor scored every core competency at the top of the scale"
        for r in path.requires
    )
    return {
        "id": f"{issuer.url}/achievements/{path.id}",
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": path.title,
        "description": path.description.strip(),
        "criteria": {"narrative": f"Requires {criteria}."},
    }


def build_credential(
    issuer: Issuer,
    path: CertificationPath,
    recipient: Recipient,
    decision: Decision,
    *,
    issued_at: datetime,
    status_index: int,
    credential_id: str | None = None,
) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential for a positive decision."""
    if not decision.certified:
        raise ValueError(f"{decision.learner} is not certified for {path.id}")
    valid_until = issued_at + timedelta(days=path.valid_for_days)
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_id or f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": path.title,
        "issuer": {
            "id": issuer.id,
            "type": ["Profile"],
            "name": issuer.name,
            "url": issuer.url,
        },
        "validFrom": iso(issued_at),
        "validUntil": iso(valid_until),
        "credentialSubject": {
            "id": recipient.subject_id,
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": recipient.name,
                }
            ],
            "achievement": achievement(issuer, path),
        },
        "evidence": [
            {"type": ["Evidence"], "name": e.requirement, "narrative": e.narrative}
            for e in decision.evidence
        ],
        "credentialStatus": status_entry(issuer, status_index),
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }


def status_entry(issuer: Issuer, index: int) -> dict[str, Any]:
    """The `credentialStatus` that ties a credential to its bit in the revocation list."""
    return {
        "id": f"{issuer.status_list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": issuer.status_list_url,
    }


def sign(document: dict[str, Any], key: IssuerKey, issuer: Issuer) -> str:
    """A credential (or status list) of `issuer` as a compact VC-JWT signed with its key; the key
    id is the URI of that key in the issuer's published key set (`<jwks_url>#<thumbprint>`)."""
    named = document["issuer"]
    if (named["id"] if isinstance(named, dict) else named) != issuer.id:
        raise ValueError(f"the document is issued by {named!r}, not {issuer.id}")
    payload = dict(document)
    payload["iss"] = issuer.id
    payload["jti"] = document["id"]
    payload["nbf"] = int(_parse(document["validFrom"]).timestamp())
    if "validUntil" in document:
        payload["exp"] = int(_parse(document["validUntil"]).timestamp())
    subject_id = document["credentialSubject"].get("id")
    if subject_id:
        payload["sub"] = subject_id
    header = {"alg": SIGNING_ALGORITHM, "kid": key.key_id(issuer.jwks_url), "typ": "JWT"}
    with eddsa_allowed():
        return jwt.encode(header, payload, key.key, algorithms=[SIGNING_ALGORITHM])


def status_list_credential(
    issuer: Issuer, revoked: Iterable[int], now: datetime | None = None
) -> dict[str, Any]:
    """The unsigned BitstringStatusListCredential with the revoked indices set; valid 30 days,
    so a stale copy cannot hide a later revocation."""
    now = now or datetime.now(UTC)
    return {
        "@context": [VC_CONTEXT],
        "id": issuer.status_list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.id,
        "validFrom": iso(now),
        "validUntil": iso(now + timedelta(days=STATUS_LIST_VALID_DAYS)),
        "credentialSubject": {
            "id": f"{issuer.status_list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_status_list(revoked),
        },
    }


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
