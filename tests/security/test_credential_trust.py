"""Credential trust anchors, tried as an attacker would: `sgkit verify` trusts only the declared
issuer's keys (the kit's own, or JWKS given with --trust), never a key or status list found beside
the credential; the key id must name the issuer's key set; a status list older than the newest
one seen, or than a recorded revocation, is refused; the JWT's claims must agree with the
credential.

The issuer below issues to two CEs and revokes nia's credential; omar's stays valid. Every attack
is built with joserfc directly (the attacker's own tools), not with the kit's signing code.
"""

from __future__ import annotations

import base64
import json
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from joserfc import jwt
from joserfc.jwk import OKPKey

from kit.certify.issue import Evidence, certify
from kit.certify.keys import eddsa_allowed, load_or_create_key
from kit.certify.publishing import publish
from kit.courses import Catalog, Issuer
from kit.errors import CredentialError
from kit.project import Project
from kit.records import Records
from kit.records.assessments import Assessment, RubricSession
from tests.conftest import sgkit

PATH = "ce-demo-certified"
ISSUED = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)
REVOKED = ISSUED + timedelta(hours=1)


@dataclass(frozen=True)
class Issuing:
    """One issuer's state after issuing to nia and omar and revoking nia's credential."""

    keys: Path  # the signing key and its publication mirror
    records: Path  # the records database
    out: Path  # what certify wrote: credentials, jwks.json, status-list.jwt
    before_revocation: str  # the status list as published before nia was revoked

    def credential(self, learner: str) -> Path:
        return self.out / learner / f"{PATH}.jwt"

    @property
    def records_url(self) -> str:
        return f"sqlite:///{self.records}"


def _session(catalog: Catalog, ce: str) -> RubricSession:
    rubric = catalog.rubric("ce-demo")
    return RubricSession(
        ce,
        "ce-demo",
        date(2026, 10, 5),
        tuple(
            Assessment(role.id, f"{role.id} assessor", {c.id: 3 for c in rubric.competencies})
            for role in rubric.assessor_roles
        ),
    )


@pytest.fixture(scope="module")
def issuer(catalog: Catalog) -> Issuer:
    return catalog.require_issuer()


@pytest.fixture(scope="module")
def issued_once(
    project: Project, catalog: Catalog, tmp_path_factory: pytest.TempPathFactory
) -> Issuing:
    root = tmp_path_factory.mktemp("issuer")
    key = load_or_create_key(root / "keys")
    out = root / "credentials"
    evidence = Evidence(
        [], [_session(catalog, "nia"), _session(catalog, "omar")], {"nia": "Nia", "omar": "Omar"}
    )
    with Records(f"sqlite:///{root / 'records.db'}") as records:
        run = certify(
            project, catalog, records, key, out, path_ids=[PATH], evidence=evidence, now=ISSUED
        )
        before = (out / "status-list.jwt").read_text()
        nia = next(i for i in run.issued if i.credential.learner == "nia")
        records.revoke(nia.credential.id, "left the team", at=REVOKED)
        publish(catalog, records, key, out, REVOKED)  # as `sgkit revoke` does
    return Issuing(root / "keys", root / "records.db", out, before)


@pytest.fixture
def issuing(issued_once: Issuing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Issuing:
    """A private copy of the issuer's state; `sgkit verify` runs as that issuer's machine, with its
    own verifier state."""
    root = tmp_path / "issuer"
    shutil.copytree(issued_once.keys.parent, root)
    monkeypatch.setenv("SGKIT_KEY_DIR", str(root / "keys"))
    monkeypatch.setenv("SGKIT_VERIFIER_STATE", str(tmp_path / "verifier-state.json"))
    return Issuing(
        root / "keys", root / "records.db", root / "credentials", issued_once.before_revocation
    )


def verify(project: Project, *args: str) -> tuple[bool, str]:
    """Run `sgkit verify` in the checkout: (valid?, what it said)."""
    done = sgkit("verify", *args, cwd=project.root)
    return done.returncode == 0, done.stdout + done.stderr


def _payload(token: str) -> dict[str, Any]:
    body = token.strip().split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))))


def _forge(payload: dict[str, Any], key: OKPKey, kid: str | None) -> str:
    """A compact JWS over `payload`, as any attacker can make with their own key."""
    header = {"alg": "EdDSA", "typ": "JWT", **({"kid": kid} if kid is not None else {})}
    with eddsa_allowed():
        return jwt.encode(header, payload, key, algorithms=["EdDSA"])


def _jwks(key: OKPKey, kid: str | None) -> str:
    public = {**key.as_dict(private=False), **({"kid": kid} if kid is not None else {})}
    return json.dumps({"keys": [public]})


def _stranger() -> OKPKey:
    return OKPKey.generate_key("Ed25519", private=True)


def _lay_out_forgery(
    folder: Path, issuing: Issuing, stranger: OKPKey, kid: str | None, **changes: Any
) -> Path:
    """omar's credential, changed and re-signed by a stranger, with the stranger's jwks.json and
    a status list the stranger signed beside it, as the old verifier looked for them."""
    forged = {**_payload(issuing.credential("omar").read_text()), **changes}
    listing = _payload((issuing.out / "status-list.jwt").read_text())
    target = folder / "omar" / f"{PATH}.jwt"
    target.parent.mkdir(parents=True)
    target.write_text(_forge(forged, stranger, kid))
    (folder / "jwks.json").write_text(_jwks(stranger, kid))
    (folder / "status-list.jwt").write_text(_forge(listing, stranger, kid))
    return target


# (a) a stranger's key beside the credential


def test_a_credential_re_signed_by_a_stranger_with_their_jwks_beside_it_is_refused(
    project: Project, issuer: Issuer, issuing: Issuing, tmp_path: Path
) -> None:
    stranger = _stranger()
    kid = f"{issuer.jwks_url}#{stranger.thumbprint()}"  # claims a place in our key set
    forged = _lay_out_forgery(tmp_path / "attack", issuing, stranger, kid, name="Grand Master")
    valid, said = verify(project, str(forged))
    assert not valid
    assert "NOT VALID" in said and "signed by a key the issuer does not publish" in said
    assert len(said.strip().splitlines()) == 1


# (b) a revoked credential with an older status list


def test_a_revoked_credential_with_the_older_status_list_beside_it_is_refused(
    project: Project, issuing: Issuing, tmp_path: Path
) -> None:
    attack = tmp_path / "attack"
    (attack / "nia").mkdir(parents=True)
    shutil.copy(issuing.credential("nia"), attack / "nia")
    shutil.copy(issuing.out / "jwks.json", attack)
    (attack / "status-list.jwt").write_text(issuing.before_revocation)
    valid, said = verify(project, str(attack / "nia" / f"{PATH}.jwt"))
    assert not valid
    assert "revoked by the issuer" in said


@pytest.mark.parametrize("served_as", ["mirror", "--status-list"])
def test_a_revoked_credential_with_a_status_list_older_than_the_recorded_revocation_is_refused(
    project: Project, issuer: Issuer, issuing: Issuing, tmp_path: Path, served_as: str
) -> None:
    old = tmp_path / "status-list.jwt"
    old.write_text(issuing.before_revocation)
    args = [str(issuing.credential("nia")), "--records", issuing.records_url]
    if served_as == "mirror":  # a stale copy where the verifier reads the issuer's list
        where = urlsplit(issuer.status_list_url)
        shutil.copy(old, issuing.keys / "published" / where.netloc / where.path.lstrip("/"))
    else:
        args += ["--status-list", str(old)]
    valid, said = verify(project, *args)
    assert not valid
    assert "before this credential's revocation recorded on" in said
    assert len(said.strip().splitlines()) == 1


# (c) a status list older than the newest seen


def test_a_status_list_older_than_the_newest_seen_is_refused(
    project: Project, issuing: Issuing, tmp_path: Path
) -> None:
    valid, said = verify(project, str(issuing.credential("omar")))  # sees the current list
    assert valid, said
    replayed = tmp_path / "status-list.jwt"
    replayed.write_text(issuing.before_revocation)  # the issuer's own signature, but older
    valid, said = verify(project, str(issuing.credential("nia")), "--status-list", str(replayed))
    assert not valid
    assert "before the newest one this verifier has seen" in said
    assert len(said.strip().splitlines()) == 1


# (d) JWT claims that disagree with the credential


def _with_claims(token: str, **claims: Any) -> dict[str, Any]:
    payload = _payload(token)
    for claim, value in claims.items():
        if value is None:
            payload.pop(claim, None)
        else:
            payload[claim] = value
    return payload


@pytest.mark.parametrize(
    ("claims", "claim"),
    [
        ({"nbf": "shift"}, "nbf"),
        ({"exp": "extend"}, "exp"),
        ({"exp": None}, "exp"),
        ({"sub": "urn:sgkit:learner:mallory"}, "sub"),
        ({"iss": "https://evil.example/issuer"}, "iss"),
        ({"jti": "urn:uuid:00000000-0000-0000-0000-000000000000"}, "jti"),
    ],
)
def test_jwt_claims_that_disagree_with_the_credential_are_refused(
    project: Project, issuer: Issuer, issuing: Issuing, claims: dict[str, Any], claim: str
) -> None:
    from kit.certify.trust import configured_trust
    from kit.certify.verify import verify_credential

    key = load_or_create_key(issuing.keys)
    token = issuing.credential("omar").read_text()
    original = _payload(token)
    shifted = {
        "nbf": original["nbf"] - 86_400,
        "exp": original["exp"] + 10 * 365 * 86_400,
    }
    changed = {c: shifted[c] if v in ("shift", "extend") else v for c, v in claims.items()}
    resigned = _forge(
        _with_claims(token, **changed), key.key, f"{issuer.jwks_url}#{key.thumbprint}"
    )
    with pytest.raises(CredentialError, match=rf"JWT claim '{claim}' .* disagrees with its"):
        verify_credential(resigned, configured_trust(project, issuer))


def test_an_expiry_claim_beyond_validuntil_is_refused_by_sgkit_verify(
    project: Project, issuer: Issuer, issuing: Issuing, tmp_path: Path
) -> None:
    key = load_or_create_key(issuing.keys)
    token = issuing.credential("omar").read_text()
    later = _with_claims(token, exp=_payload(token)["exp"] + 10 * 365 * 86_400)
    resigned = tmp_path / "omar.jwt"
    resigned.write_text(_forge(later, key.key, f"{issuer.jwks_url}#{key.thumbprint}"))
    valid, said = verify(project, str(resigned))
    assert not valid
    assert "JWT claim 'exp'" in said and "disagrees with its validUntil" in said


# (e) a key id that does not resolve to the trusted issuer


@pytest.mark.parametrize(
    ("kid", "refusal"),
    [
        ("https://evil.example/credentials/jwks.json#{thumbprint}", "not in a trusted issuer's"),
        ("{thumbprint}", "does not name an issuer's key set"),
        (None, "does not name an issuer's key set"),
    ],
)
def test_a_key_id_that_does_not_resolve_to_the_trusted_issuer_is_refused(
    project: Project, issuing: Issuing, tmp_path: Path, kid: str | None, refusal: str
) -> None:
    stranger = _stranger()
    named = kid.format(thumbprint=stranger.thumbprint()) if kid else None
    forged = _lay_out_forgery(tmp_path / "attack", issuing, stranger, named)
    valid, said = verify(project, str(forged))
    assert not valid
    assert refusal in said


def test_a_key_of_one_trusted_issuer_cannot_sign_for_another(
    issuer: Issuer, issuing: Issuing
) -> None:
    from kit.certify.public_key import PublicKey
    from kit.certify.trust import Trust, TrustedIssuer
    from kit.certify.verify import verify_credential

    theirs = _stranger()
    ours = load_or_create_key(issuing.keys).key
    their_set = "https://partner.example/jwks.json"
    trust = Trust(
        (
            TrustedIssuer(issuer.id, issuer.jwks_url, (PublicKey.from_jwk(ours.as_dict()),)),
            TrustedIssuer(
                "https://partner.example/issuer", their_set, (PublicKey.from_jwk(theirs.as_dict()),)
            ),
        )
    )
    token = issuing.credential("omar").read_text()
    as_us = _forge(_payload(token), theirs, f"{their_set}#{theirs.thumbprint()}")
    with pytest.raises(CredentialError, match=r"names issuer .* but is signed with a key of"):
        verify_credential(as_us, trust, (issuing.out / "status-list.jwt").read_text())


# (f) an honest credential verifies


def test_an_honest_credential_verifies_by_the_issuers_own_key_or_one_given_with_trust(
    project: Project, issuing: Issuing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    credential = str(issuing.credential("omar"))
    valid, said = verify(project, credential)  # on the issuer's machine: its key and mirror
    assert valid, said
    assert "valid: CE Demo Certified, issued to Omar" in said

    # Another machine: no signing key, no mirror; the verifier was handed the issuer's files.
    monkeypatch.setenv("SGKIT_KEY_DIR", str(tmp_path / "no-keys"))
    given = tmp_path / "from-the-issuer"
    given.mkdir()
    shutil.copy(issuing.out / "jwks.json", given)
    shutil.copy(issuing.out / "status-list.jwt", given)
    trust = ["--trust", str(given / "jwks.json")]
    valid, said = verify(
        project, credential, *trust, "--status-list", str(given / "status-list.jwt")
    )
    assert valid, said
    assert "issued to Omar" in said
