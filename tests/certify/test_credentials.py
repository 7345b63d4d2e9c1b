"""Signed Open Badges 3.0 credentials: they verify against the declared issuer's key, and a
credential changed by one byte, signed by another key, expired or revoked fails verification with
the reason."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from openbadgeslib.ob3 import OB3Verifier
from openbadgeslib.ob3.verifier import OB3VerificationError

from kit.certify import evaluate
from kit.certify.credentials import Recipient, build_credential, sign, status_list_credential
from kit.certify.keys import IssuerKey, key_dir, load_or_create_key
from kit.certify.status_list import MIN_BITS, SeenStatusLists, encode_status_list, is_set
from kit.certify.trust import Trust, issuer_trust
from kit.certify.verify import verify_credential
from kit.courses import Catalog, Issuer
from kit.errors import ConfigError, CredentialError
from kit.project import Project
from kit.records.assessments import Assessment, RubricSession

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def issuer(catalog: Catalog) -> Issuer:
    return catalog.require_issuer()


@pytest.fixture(scope="module")
def key(tmp_path_factory: pytest.TempPathFactory) -> IssuerKey:
    return load_or_create_key(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="module")
def other_key(tmp_path_factory: pytest.TempPathFactory) -> IssuerKey:
    return load_or_create_key(tmp_path_factory.mktemp("other-keys"))


@pytest.fixture(scope="module")
def trust(issuer: Issuer, key: IssuerKey) -> Trust:
    """Trust in the declared issuer, with `key` its only key."""
    return issuer_trust(issuer, key)


@pytest.fixture(scope="module")
def credential(catalog: Catalog) -> dict:  # type: ignore[type-arg]
    rubric = catalog.rubric("ce-demo")
    session = RubricSession(
        "nia",
        "ce-demo",
        date(2026, 10, 5),
        tuple(
            Assessment(r.id, name, {c.id: 3 for c in rubric.competencies})
            for r, name in zip(rubric.assessor_roles, ["Tomas Reyes", "Priya Lund"], strict=True)
        ),
    )
    path = catalog.certification("ce-demo-certified")
    decision = evaluate(
        path, "nia", catalog.courses, [], rubrics=catalog.rubrics, sessions=[session]
    )
    return build_credential(
        catalog.require_issuer(),
        path,
        Recipient("nia", "Nia Adeyemi"),
        decision,
        issued_at=NOW,
        status_index=7,
    )


@pytest.fixture(scope="module")
def token(credential: dict, key: IssuerKey, issuer: Issuer) -> str:  # type: ignore[type-arg]
    return sign(credential, key, issuer)


@pytest.fixture(scope="module")
def status_list(issuer: Issuer, key: IssuerKey) -> str:
    return revoked_list(issuer, key)


def revoked_list(issuer: Issuer, key: IssuerKey, *indices: int, now: datetime = NOW) -> str:
    return sign(status_list_credential(issuer, indices, now), key, issuer)


def test_a_signed_credential_verifies_and_says_what_it_certifies(
    token: str, trust: Trust, status_list: str
) -> None:
    verified = verify_credential(token, trust, status_list, now=NOW)
    assert verified.title == "CE Demo Certified"
    assert verified.recipient == "Nia Adeyemi"
    assert verified.issuer == "https://training.example.com/issuer"
    assert verified.valid_until == NOW + timedelta(days=1095)
    assert (
        "every core competency scored 3 by Tomas Reyes (Tenured shadow CE)" in verified.evidence[0]
    )


def test_the_credential_has_the_open_badges_shape(credential: dict) -> None:  # type: ignore[type-arg]
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    achievement = credential["credentialSubject"]["achievement"]
    assert {"id", "type", "name", "description", "criteria"} <= set(achievement)
    assert credential["credentialStatus"]["statusListIndex"] == "7"
    assert credential["validFrom"] == "2026-11-01T12:00:00Z"


def test_the_key_id_names_the_key_in_the_issuers_published_key_set(
    token: str, key: IssuerKey, issuer: Issuer
) -> None:
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header["kid"] == f"{issuer.jwks_url}#{key.thumbprint}"
    assert key.jwks(issuer.jwks_url)["keys"][0]["kid"] == header["kid"]


def _recode(token: str, change) -> str:  # type: ignore[no-untyped-def]
    header, payload, signature = token.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    change(data)
    body = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    return f"{header}.{body}.{signature}"


def _flip_one_byte(token: str, at: int) -> str:
    flipped = chr(ord(token[at]) ^ 1)
    return token[:at] + flipped + token[at + 1 :]


def test_a_credential_changed_after_signing_fails(
    token: str, trust: Trust, status_list: str
) -> None:
    renamed = _recode(
        token, lambda d: d["credentialSubject"]["identifier"][0].update(identityHash="Eve")
    )
    with pytest.raises(CredentialError, match="signature does not match the issuer's key"):
        verify_credential(renamed, trust, status_list, now=NOW)
    payload_start = token.index(".") + 1
    for at in (payload_start + 40, len(token) - 5):
        with pytest.raises(CredentialError, match=r"signature does not match|not base64url|JSON"):
            verify_credential(_flip_one_byte(token, at), trust, status_list, now=NOW)


def test_a_credential_signed_by_another_key_fails(
    credential: dict,  # type: ignore[type-arg]
    issuer: Issuer,
    key: IssuerKey,
    other_key: IssuerKey,
    trust: Trust,
    status_list: str,
) -> None:
    forged = sign(credential, other_key, issuer)
    with pytest.raises(CredentialError, match="a key the issuer does not publish"):
        verify_credential(forged, trust, status_list, now=NOW)
    # Claiming the issuer's key id does not help the forger.
    header = (
        base64.urlsafe_b64encode(
            json.dumps({"alg": "EdDSA", "kid": key.key_id(issuer.jwks_url), "typ": "JWT"}).encode()
        )
        .decode()
        .rstrip("=")
    )
    spoofed = ".".join([header, *forged.split(".")[1:]])
    with pytest.raises(CredentialError, match="signature does not match"):
        verify_credential(spoofed, trust, status_list, now=NOW)


def test_an_unsigned_credential_fails(
    credential: dict,  # type: ignore[type-arg]
    token: str,
    trust: Trust,
    status_list: str,
) -> None:
    none = base64.urlsafe_b64encode(b'{"alg":"none"}').decode().rstrip("=")
    with pytest.raises(CredentialError, match="signed with 'none'; only EdDSA"):
        verify_credential(f"{none}.{token.split('.')[1]}.x", trust, status_list, now=NOW)
    with pytest.raises(CredentialError, match="not a signed JWT"):
        verify_credential(json.dumps(credential), trust, status_list, now=NOW)


def test_an_expired_or_not_yet_valid_credential_fails(
    token: str, trust: Trust, issuer: Issuer, key: IssuerKey
) -> None:
    later = NOW + timedelta(days=1096)
    fresh_list = revoked_list(issuer, key, now=later)
    with pytest.raises(CredentialError, match="expired on 2029-10-31 12:00 UTC"):
        verify_credential(token, trust, fresh_list, now=later)
    with pytest.raises(CredentialError, match="not valid before 2026-11-01"):
        verify_credential(token, trust, fresh_list, now=NOW - timedelta(days=1))


def test_a_revoked_credential_fails(
    token: str, trust: Trust, issuer: Issuer, key: IssuerKey
) -> None:
    with pytest.raises(CredentialError, match=r"revoked by the issuer \(status list index 7"):
        verify_credential(token, trust, revoked_list(issuer, key, 3, 7), now=NOW)
    verify_credential(token, trust, revoked_list(issuer, key, 3, 8), now=NOW)


def test_revocation_is_checked_fail_closed(
    token: str, trust: Trust, issuer: Issuer, key: IssuerKey, other_key: IssuerKey
) -> None:
    with pytest.raises(CredentialError, match="cannot check revocation: no status list"):
        verify_credential(token, trust, None, now=NOW)
    forged_list = revoked_list(issuer, other_key)
    with pytest.raises(CredentialError, match="status list is signed by a key the issuer"):
        verify_credential(token, trust, forged_list, now=NOW)
    stale = NOW + timedelta(days=31)
    with pytest.raises(CredentialError, match="status list expired"):
        verify_credential(token, trust, revoked_list(issuer, key), now=stale)


def test_a_verifier_refuses_a_status_list_older_than_one_it_has_seen(
    token: str, issuer: Issuer, key: IssuerKey, trust: Trust, tmp_path: Path
) -> None:
    seen = SeenStatusLists(tmp_path / "state.json")
    remembering = replace(trust, seen=seen)
    hour = timedelta(hours=1)
    verify_credential(token, remembering, revoked_list(issuer, key, now=NOW + hour), now=NOW + hour)
    assert seen.newest(issuer.status_list_url) == NOW + hour
    with pytest.raises(CredentialError, match="before the newest one this verifier has seen"):
        verify_credential(token, remembering, revoked_list(issuer, key), now=NOW + hour)
    tomorrow = revoked_list(issuer, key, now=NOW + 24 * hour)
    with pytest.raises(CredentialError, match="in the future; check this machine's clock"):
        verify_credential(token, remembering, tomorrow, now=NOW + hour)
    assert seen.newest(issuer.status_list_url) == NOW + hour


@pytest.mark.parametrize("indices", [[], [0], [5, 7, 9], [MIN_BITS - 1], [MIN_BITS + 100]])
def test_the_status_list_sets_exactly_the_revoked_bits(indices: list[int]) -> None:
    encoded = encode_status_list(indices)
    probe = {0, 1, 5, 6, 7, 8, 9, MIN_BITS - 1, *indices}
    assert {i for i in probe if is_set(encoded, i)} == set(indices)


def test_an_independent_open_badges_verifier_accepts_the_credential(
    credential: dict,  # type: ignore[type-arg]
    token: str,
    issuer: Issuer,
    key: IssuerKey,
) -> None:
    """openbadgeslib (OB 3.0 VC-JWT) checks our credential with just the public key."""
    verifier = OB3Verifier(key.key.as_pem(private=False))
    # Its own revocation check fetches the status list from the issuer's URL; serve it locally.
    served = {issuer.status_list_url: revoked_list(issuer, key, now=datetime.now(UTC)).encode()}
    checked = verifier.verify(token, check_status=True, download=served.__getitem__)
    assert checked.achievement.name == "CE Demo Certified"
    assert checked.recipient_id == credential["credentialSubject"]["id"]

    revoked = {issuer.status_list_url: revoked_list(issuer, key, 7, now=datetime.now(UTC)).encode()}
    with pytest.raises(OB3VerificationError, match="revocation"):
        verifier.verify(token, check_status=True, download=revoked.__getitem__)
    with pytest.raises(OB3VerificationError):
        OB3Verifier(key.key.as_pem(private=False)).verify(
            _recode(token, lambda d: d.update(name="Forged"))
        )


def test_the_signing_key_is_private_to_its_owner(tmp_path: Path, issuer: Issuer) -> None:
    folder = tmp_path / "keys"
    key = load_or_create_key(folder)
    private = folder / "issuer-ed25519.jwk"
    assert private.stat().st_mode & 0o777 == 0o600
    assert folder.stat().st_mode & 0o777 == 0o700
    assert load_or_create_key(folder).thumbprint == key.thumbprint
    assert "d" not in key.jwks(issuer.jwks_url)["keys"][0]  # the private part is never published
    assert "d" in json.loads(private.read_text())


def test_the_signing_key_may_not_live_in_the_checkout(
    project_copy: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SGKIT_KEY_DIR", str(project_copy.root / "keys"))
    with pytest.raises(
        ConfigError, match="is inside the checkout; keep keys out of the repository"
    ):
        key_dir(project_copy)
