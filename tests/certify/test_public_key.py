"""A verifier checks Ed25519 signatures with `cryptography` alone; it must agree with the JOSE
library the issuer signs with, and refuse what that library would refuse."""

from __future__ import annotations

import json

import pytest
from joserfc import jws
from joserfc.jwk import OKPKey

from kit.certify.keys import eddsa_allowed
from kit.certify.public_key import PublicKey, b64url_encode, jws_header, jws_payload
from kit.errors import CredentialError

FORGED = b'{"a": 2}'


def _signed(payload: bytes, key: OKPKey, **header: object) -> str:
    with eddsa_allowed():
        return jws.serialize_compact({"alg": "EdDSA", **header}, payload, key, algorithms=["EdDSA"])


@pytest.fixture
def key() -> OKPKey:
    return OKPKey.generate_key("Ed25519", private=True)


@pytest.mark.parametrize("round", range(5))
def test_the_thumbprint_is_the_one_the_signing_library_computes(round: int) -> None:
    issuer_key = OKPKey.generate_key("Ed25519", private=True)
    assert PublicKey.from_jwk(issuer_key.as_dict()).thumbprint() == issuer_key.thumbprint()


def test_a_jws_signed_by_the_key_gives_its_payload(key: OKPKey) -> None:
    token = _signed(b'{"a": 1}', key)
    jws_header(token, "credential")
    assert json.loads(jws_payload(token, PublicKey.from_jwk(key.as_dict()), "credential")) == {
        "a": 1
    }


def test_another_key_or_a_changed_payload_is_refused(key: OKPKey) -> None:
    token = _signed(b'{"a": 1}', key)
    other = PublicKey.from_jwk(OKPKey.generate_key("Ed25519", private=True).as_dict())
    with pytest.raises(CredentialError, match="signature does not match"):
        jws_payload(token, other, "credential")
    header, _, signature = token.split(".")
    changed = f"{header}.{b64url_encode(FORGED)}.{signature}"
    with pytest.raises(CredentialError, match="signature does not match"):
        jws_payload(changed, PublicKey.from_jwk(key.as_dict()), "credential")


@pytest.mark.parametrize("bad", ["+", "/", "=", " ", "!"])
def test_a_signature_outside_the_base64url_alphabet_is_refused(key: OKPKey, bad: str) -> None:
    header, payload, signature = _signed(b"{}", key).split(".")
    with pytest.raises(CredentialError, match="signature does not match"):
        jws_payload(f"{header}.{payload}.{signature}{bad}", PublicKey.from_jwk(key.as_dict()), "x")


@pytest.mark.parametrize(
    ("extra", "message"),
    [({"crit": ["exp"], "exp": 1}, "extensions"), ({"b64": False, "crit": ["b64"]}, "extensions")],
)
def test_a_header_asking_for_jws_extensions_is_refused(
    key: OKPKey, extra: dict[str, object], message: str
) -> None:
    header = b64url_encode(json.dumps({"alg": "EdDSA", **extra}).encode())
    with pytest.raises(CredentialError, match=message):
        jws_header(f"{header}.e30.c2ln", "credential")


@pytest.mark.parametrize("alg", ["none", "HS256", "ES256", None])
def test_only_eddsa_is_accepted(alg: str | None) -> None:
    header = b64url_encode(json.dumps({"alg": alg}).encode())
    with pytest.raises(CredentialError, match="only EdDSA"):
        jws_header(f"{header}.e30.c2ln", "credential")


@pytest.mark.parametrize(
    "jwk",
    [
        {"kty": "EC", "crv": "P-256", "x": "AAAA"},
        {"kty": "OKP", "crv": "X25519", "x": "A" * 43},
        {"kty": "OKP", "crv": "Ed25519", "x": "A" * 10},
        {"kty": "OKP", "crv": "Ed25519"},
    ],
)
def test_a_jwk_that_is_not_an_ed25519_public_key_is_refused(jwk: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        PublicKey.from_jwk(jwk)
