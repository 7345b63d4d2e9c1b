"""Verify a credential the way any outside verifier would: against the keys of issuers it trusts
(`kit.certify.trust`), with the issuer's own published status list, and the JWT's registered
claims agreeing with the credential. Every failure says why, in one line."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from kit.certify.public_key import jws_header, jws_payload
from kit.certify.status_list import is_set
from kit.certify.trust import Trust, TrustedIssuer
from kit.errors import CredentialError

CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class VerifiedCredential:
    """What a verified credential says."""

    id: str
    title: str
    recipient: str
    issuer: str
    issuer_name: str
    valid_from: datetime
    valid_until: datetime | None
    evidence: tuple[str, ...]
    payload: dict[str, Any]


def verify_credential(
    token: str,
    trust: Trust,
    status_list: str | None = None,
    *,
    now: datetime | None = None,
) -> VerifiedCredential:
    """Check signature, issuer, claims, shape, validity dates and revocation; raise CredentialError
    saying why not.

    `status_list` is a copy of the issuer's signed status list (a compact JWT); None reads it from
    where the credential says it is published (through `trust.fetch`), and fails closed without it.
    """
    now = now or datetime.now(UTC)
    issuer, payload = verified_payload(token.strip(), trust, "credential")
    credential = _check_shape(payload)
    _check_claims(credential, "credential")
    valid_from = _date(credential, "validFrom")
    valid_until = _date(credential, "validUntil") if "validUntil" in credential else None
    if now < valid_from:
        raise CredentialError(f"not valid before {_day(valid_from)}")
    if valid_until is not None and now >= valid_until:
        raise CredentialError(f"expired on {_day(valid_until)}")
    _check_status(credential, issuer, trust, status_list, now)
    subject = credential["credentialSubject"]
    names = [i.get("identityHash") for i in subject.get("identifier", []) if not i.get("hashed")]
    declared = credential["issuer"]
    return VerifiedCredential(
        id=credential["id"],
        title=str(credential.get("name") or subject["achievement"].get("name")),
        recipient=str(names[0]) if names else str(subject.get("id", "")),
        issuer=issuer.id,
        issuer_name=str(declared.get("name", "")) if isinstance(declared, dict) else "",
        valid_from=valid_from,
        valid_until=valid_until,
        evidence=tuple(str(e.get("narrative", "")) for e in credential.get("evidence", [])),
        payload=credential,
    )


def verified_payload(token: str, trust: Trust, what: str) -> tuple[TrustedIssuer, dict[str, Any]]:
    """The trusted issuer whose key signed a compact JWS (EdDSA), and its JSON payload, which must
    name that issuer. Checked with `cryptography` directly (`kit.certify.public_key`)."""
    header = jws_header(token, what)
    issuer, key = trust.resolve(header.get("kid"), what)
    signed = jws_payload(token, key, what)
    try:
        payload = json.loads(signed)
    except ValueError:
        raise CredentialError(f"the {what}'s payload is not JSON") from None
    if not isinstance(payload, dict):
        raise CredentialError(f"the {what}'s payload is not a JSON object")
    named = _issuer_id(payload.get("issuer"))
    if named != issuer.id:
        raise CredentialError(
            f"the {what} names issuer {named!r} but is signed with a key of {issuer.id}: "
            "one issuer cannot sign for another; refused"
        )
    return issuer, payload


def _check_shape(payload: dict[str, Any]) -> dict[str, Any]:
    types = payload.get("type") or []
    if "VerifiableCredential" not in types or not (
        {"OpenBadgeCredential", "AchievementCredential"} & set(types)
    ):
        raise CredentialError("not an Open Badges 3.0 credential (type lacks OpenBadgeCredential)")
    for field in ("@context", "id", "issuer", "validFrom", "credentialSubject"):
        if field not in payload:
            raise CredentialError(f"the credential has no {field!r}")
    subject = payload["credentialSubject"]
    if not isinstance(subject, dict) or not isinstance(subject.get("achievement"), dict):
        raise CredentialError("the credential's subject has no achievement")
    return payload


def _check_claims(document: dict[str, Any], what: str) -> None:
    """The JWT's registered claims must say what the document says (VC-JWT): `iss` its issuer,
    `jti` its id, `sub` its subject's id, `nbf`/`exp` its validFrom/validUntil in seconds; a claim
    is absent exactly when its field is."""
    subject = document.get("credentialSubject")
    expected: dict[str, tuple[str, Any]] = {
        "iss": ("issuer", _issuer_id(document.get("issuer"))),
        "jti": ("id", document.get("id")),
        "sub": ("credentialSubject id", subject.get("id") if isinstance(subject, dict) else None),
        "nbf": ("validFrom", _seconds(document, "validFrom")),
        "exp": ("validUntil", _seconds(document, "validUntil")),
    }
    for claim, (field, want) in expected.items():
        got = document.get(claim)
        if type(got) is not type(want) or got != want:  # type(): True is not 1
            raise CredentialError(
                f"the {what}'s JWT claim {claim!r} ({got!r}) disagrees with its {field} "
                f"({want!r}); refused: ask the issuer to re-issue it"
            )


def _check_status(
    credential: dict[str, Any],
    issuer: TrustedIssuer,
    trust: Trust,
    status_list: str | None,
    now: datetime,
) -> None:
    entries = credential.get("credentialStatus", [])
    revoked_at = trust.revocations.get(credential["id"])
    for entry in entries if isinstance(entries, list) else [entries]:
        if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
            kind = entry.get("type") if isinstance(entry, dict) else entry
            raise CredentialError(f"unsupported credentialStatus type {kind!r}")
        url = entry.get("statusListCredential")
        if not isinstance(url, str) or not url.startswith("https://"):
            raise CredentialError(f"the credential's statusListCredential {url!r} is not https")
        token = status_list
        if token is None and trust.fetch is not None:
            token = trust.fetch(url)
        if token is None:
            raise CredentialError(
                f"cannot check revocation: no status list given (the issuer publishes it at {url})"
            )
        lister, listing = verified_payload(token.strip(), trust, "status list")
        if lister.id != issuer.id:
            raise CredentialError("the status list was issued by someone else")
        if listing.get("id") != url:
            raise CredentialError(
                f"the status list is {listing.get('id')!r}, but the credential points at {url!r}"
            )
        _check_claims(listing, "status list")
        issued = _date(listing, "validFrom")
        if "validUntil" in listing and now >= _date(listing, "validUntil"):
            raise CredentialError(
                f"the status list expired on {_day(_date(listing, 'validUntil'))}; fetch a "
                f"fresh one from {url}"
            )
        if issued > now + CLOCK_SKEW:
            raise CredentialError(
                f"the status list is dated {_time(issued)}, in the future; check this machine's "
                "clock and the issuer's"
            )
        _check_fresh(issued, revoked_at, trust, url)
        subject = listing.get("credentialSubject") or {}
        purpose = entry.get("statusPurpose", "revocation")
        if subject.get("statusPurpose") != purpose:
            raise CredentialError(f"the status list is not a {purpose} list")
        try:
            index = int(entry.get("statusListIndex", ""))
        except (TypeError, ValueError):
            raise CredentialError("the credential's statusListIndex is not a number") from None
        if is_set(str(subject.get("encodedList", "")), index):
            raise CredentialError(f"revoked by the issuer (status list index {index} is set)")
    if revoked_at is not None:
        raise CredentialError(
            f"revoked on {_day(revoked_at)} (recorded in the records database), though its "
            "status list does not show it; republish the status list (sgkit revoke)"
        )


def _check_fresh(issued: datetime, revoked_at: datetime | None, trust: Trust, url: str) -> None:
    """Refuse a status list older than the newest one seen at its address, or than the
    credential's recorded revocation; otherwise remember it as seen."""
    newest = trust.seen.newest(url) if trust.seen else None
    if newest is not None and issued < newest:
        raise CredentialError(
            f"the status list was issued {_time(issued)}, before the newest one this verifier has "
            f"seen ({_time(newest)}): it is stale or replayed; fetch the current one from {url}"
        )
    # Lists carry whole seconds: one issued in the second of the revocation may include it.
    if revoked_at is not None and issued < revoked_at.replace(microsecond=0):
        raise CredentialError(
            f"the status list was issued {_time(issued)}, before this credential's revocation "
            f"recorded on {_time(revoked_at)}: it is stale; republish it (sgkit revoke)"
        )
    if trust.seen is not None:
        trust.seen.record(url, issued)


def _issuer_id(issuer: Any) -> str:
    return str(issuer.get("id")) if isinstance(issuer, dict) else str(issuer)


def _seconds(document: Mapping[str, Any], field: str) -> int | None:
    """A date field as whole seconds since the epoch (a JWT NumericDate), None if absent."""
    return int(_date(document, field).timestamp()) if field in document else None


def _date(document: Mapping[str, Any], field: str) -> datetime:
    try:
        moment = datetime.fromisoformat(str(document[field]).replace("Z", "+00:00"))
    except (KeyError, ValueError):
        raise CredentialError(f"{field!r} is not a date") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _day(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
