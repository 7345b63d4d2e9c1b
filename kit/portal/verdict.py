"""A credential judged as a verifier sees it: valid, expired, revoked or invalid, with what it
says when its signature is the issuer's. `kit.certify.verify.verify_credential` decides valid;
only when it refuses does this tell expired and revoked apart from forged or malformed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from kit.certify.status_list import is_set
from kit.certify.trust import Trust
from kit.certify.verify import verified_payload, verify_credential
from kit.errors import ConfigError, CredentialError


class Status(StrEnum):
    """The verdict a visitor reads."""

    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    INVALID = "invalid"


@dataclass(frozen=True)
class Summary:
    """What a credential signed by the issuer says: shown for every verdict but invalid."""

    id: str
    title: str
    description: str
    holder: str
    issuer_id: str
    issuer_name: str
    valid_from: datetime
    valid_until: datetime | None


@dataclass(frozen=True)
class Verdict:
    """The verdict, why (for any but valid), what the credential says, when it was revoked."""

    status: Status
    reason: str = ""
    credential: Summary | None = None
    revoked_on: datetime | None = None


def judge(token: str, trust: Trust, *, now: datetime | None = None) -> Verdict:
    """Verify `token` (signature, claims, dates, revocation) and say what a visitor should read."""
    now = now or datetime.now(UTC)
    try:
        verified = verify_credential(token, trust, now=now)
    except CredentialError as exc:
        refusal = exc.message
    else:
        return Verdict(Status.VALID, credential=summarize(verified.payload))
    try:
        _, payload = verified_payload(token.strip(), trust, "credential")
        summary = summarize(payload)
    except CredentialError:
        return Verdict(Status.INVALID, refusal)
    revoked_on = trust.revocations.get(summary.id)
    if revoked_on is not None or _revoked_in_status_list(payload, trust):
        return Verdict(Status.REVOKED, refusal, summary, revoked_on)
    if summary.valid_until is not None and now >= summary.valid_until:
        return Verdict(Status.EXPIRED, refusal, summary)
    return Verdict(Status.INVALID, refusal)


def summarize(payload: dict[str, Any]) -> Summary:
    """The fields a visitor reads from a signed credential; a CredentialError if one is missing."""
    try:
        subject = payload["credentialSubject"]
        achievement = subject["achievement"]
        issuer = payload["issuer"]
        names = [i["identityHash"] for i in subject.get("identifier", []) if not i.get("hashed")]
        return Summary(
            id=str(payload["id"]),
            title=str(payload.get("name") or achievement["name"]),
            description=str(achievement.get("description", "")),
            holder=str(names[0]) if names else str(subject.get("id", "")),
            issuer_id=str(issuer["id"] if isinstance(issuer, dict) else issuer),
            issuer_name=str(issuer.get("name", "")) if isinstance(issuer, dict) else "",
            valid_from=_date(payload["validFrom"]),
            valid_until=_date(payload["validUntil"]) if "validUntil" in payload else None,
        )
    except (KeyError, TypeError, AttributeError, ValueError):
        raise CredentialError("the credential lacks the fields of an Open Badge") from None


def _revoked_in_status_list(payload: dict[str, Any], trust: Trust) -> bool:
    """Whether the issuer's signed status list has the credential's bit set (a verifier without
    the records database learns a revocation only there)."""
    entries = payload.get("credentialStatus", [])
    for entry in entries if isinstance(entries, list) else [entries]:
        try:
            listing_token = trust.fetch(entry["statusListCredential"]) if trust.fetch else None
            if listing_token is None:
                continue
            _, listing = verified_payload(listing_token.strip(), trust, "status list")
            encoded = str(listing["credentialSubject"]["encodedList"])
            if is_set(encoded, int(entry["statusListIndex"])):
                return True
        except (CredentialError, ConfigError, KeyError, TypeError, ValueError):
            continue
    return False


def _date(text: Any) -> datetime:
    moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
