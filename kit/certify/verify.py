"""Verify a credential the way any outside verifier would: with the issuer's published JWKS and
revocation list only. Every failure says why, in one line."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from kit.certify.keys import SIGNING_ALGORITHM, eddsa_allowed
from kit.certify.status_list import is_set
from kit.errors import CredentialError


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
    jwks: Mapping[str, Any],
    status_list: str | None,
    *,
    now: datetime | None = None,
) -> VerifiedCredential:
    """Check signature, shape, validity dates and revocation; raise CredentialError saying why not.

    `status_list` is the issuer's signed status list (a compact JWT); None fails closed for a
    credential that has a `credentialStatus`.
    """
    now = now or datetime.now(UTC)
    payload = verified_payload(token.strip(), jwks, "credential")
    credential = _check_shape(payload)
    valid_from = _date(credential, "validFrom")
    valid_until = _date(credential, "validUntil") if "validUntil" in credential else None
    if now < valid_from:
        raise CredentialError(f"not valid before {_day(valid_from)}")
    if valid_until is not None and now >= valid_until:
        raise CredentialError(f"expired on {_day(valid_until)}")
    _check_status(credential, jwks, status_list, now)
    subject = credential["credentialSubject"]
    names = [i.get("identityHash") for i in subject.get("identifier", []) if not i.get("hashed")]
    issuer = credential["issuer"]
    return VerifiedCredential(
        id=credential["id"],
        title=str(credential.get("name") or subject["achievement"].get("name")),
        recipient=str(names[0]) if names else str(subject.get("id", "")),
        issuer=_issuer_id(issuer),
        issuer_name=str(issuer.get("name", "")) if isinstance(issuer, dict) else "",
        valid_from=valid_from,
        valid_until=valid_until,
        evidence=tuple(str(e.get("narrative", "")) for e in credential.get("evidence", [])),
        payload=credential,
    )


def verified_payload(token: str, jwks: Mapping[str, Any], what: str) -> dict[str, Any]:
    """The JSON payload of a compact JWS whose EdDSA signature checks against a key in `jwks`."""
    parts = token.split(".")
    if len(parts) != 3 or not all(parts):
        raise CredentialError(f"the {what} is not a signed JWT (expected header.payload.signature)")
    header = _json_part(parts[0], f"{what} header")
    if header.get("alg") != SIGNING_ALGORITHM:
        raise CredentialError(
            f"the {what} is signed with {header.get('alg')!r}; only EdDSA (Ed25519) is accepted"
        )
    key = _key(jwks, header.get("kid"), what)
    try:
        with eddsa_allowed():
            verified = jws.deserialize_compact(token, key, algorithms=[SIGNING_ALGORITHM])
    except JoseError:
        raise CredentialError(
            f"the {what}'s signature does not match the issuer's key: it was changed after "
            "signing or signed with another key"
        ) from None
    try:
        payload = json.loads(verified.payload)
    except ValueError:
        raise CredentialError(f"the {what}'s payload is not JSON") from None
    if not isinstance(payload, dict):
        raise CredentialError(f"the {what}'s payload is not a JSON object")
    return payload


def _key(jwks: Mapping[str, Any], kid: Any, what: str) -> OKPKey:
    keys = [k for k in jwks.get("keys", []) if isinstance(k, dict)]
    matching = [k for k in keys if k.get("kid") == kid] if kid else keys[:1]
    if not matching:
        raise CredentialError(
            f"the {what} is signed by a key the issuer does not publish (kid {kid!r})"
        )
    try:
        return OKPKey.import_key({k: v for k, v in matching[0].items() if k != "d"})
    except (ValueError, KeyError, TypeError) as exc:
        raise CredentialError(f"the issuer's published key is not an Ed25519 JWK ({exc})") from None


def _json_part(part: str, what: str) -> dict[str, Any]:
    try:
        value = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (binascii.Error, ValueError):
        raise CredentialError(f"the {what} is not base64url-encoded JSON") from None
    if not isinstance(value, dict):
        raise CredentialError(f"the {what} is not a JSON object")
    return value


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
    if payload.get("iss") != _issuer_id(payload["issuer"]):
        raise CredentialError("the JWT 'iss' does not match the credential's issuer")
    if payload.get("jti") != payload["id"]:
        raise CredentialError("the JWT 'jti' does not match the credential's id")
    return payload


def _check_status(
    credential: dict[str, Any], jwks: Mapping[str, Any], status_list: str | None, now: datetime
) -> None:
    entries = credential.get("credentialStatus")
    if entries is None:
        return
    for entry in entries if isinstance(entries, list) else [entries]:
        if entry.get("type") != "BitstringStatusListEntry":
            raise CredentialError(f"unsupported credentialStatus type {entry.get('type')!r}")
        if status_list is None:
            raise CredentialError(
                "cannot check revocation: no status list given (the issuer publishes it at "
                f"{entry.get('statusListCredential')})"
            )
        listing = verified_payload(status_list.strip(), jwks, "status list")
        if listing.get("id") != entry.get("statusListCredential"):
            raise CredentialError(
                f"the status list is {listing.get('id')!r}, but the credential points at "
                f"{entry.get('statusListCredential')!r}"
            )
        if _issuer_id(listing.get("issuer")) != _issuer_id(credential["issuer"]):
            raise CredentialError("the status list was issued by someone else")
        if "validUntil" in listing and now >= _date(listing, "validUntil"):
            raise CredentialError(
                f"the status list expired on {_day(_date(listing, 'validUntil'))}; fetch a "
                f"fresh one from {listing.get('id')}"
            )
        subject = listing.get("credentialSubject") or {}
        purpose = entry.get("statusPurpose", "revocation")
        if subject.get("statusPurpose") != purpose:
            raise CredentialError(f"the status list is not a {purpose} list")
        try:
            index = int(entry.get("statusListIndex"))
        except (TypeError, ValueError):
            raise CredentialError("the credential's statusListIndex is not a number") from None
        if is_set(str(subject.get("encodedList", "")), index):
            raise CredentialError(f"revoked by the issuer (status list index {index} is set)")


def _issuer_id(issuer: Any) -> str:
    return str(issuer.get("id")) if isinstance(issuer, dict) else str(issuer)


def _date(document: Mapping[str, Any], field: str) -> datetime:
    try:
        moment = datetime.fromisoformat(str(document[field]).replace("Z", "+00:00"))
    except (KeyError, ValueError):
        raise CredentialError(f"{field!r} is not a date") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _day(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
