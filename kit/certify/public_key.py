"""An issuer's Ed25519 public key as a JWK (RFC 8037) and the check of a compact JWS signed with it,
with `cryptography` alone: what a verifier needs, without loading the JOSE library the issuer signs
with (so `sgkit verify` starts quickly).

Only the JWS the kit issues is accepted: `alg` EdDSA, a base64url payload, no `crit` header.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kit.errors import CredentialError

SIGNING_ALGORITHM = "EdDSA"  # the JOSE name OB 3.0 verifiers expect for Ed25519
ED25519_KEY_BYTES = 32
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


@dataclass(frozen=True)
class PublicKey:
    """An Ed25519 public key, held as its JWK `x` member (base64url, unpadded)."""

    x: str

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> PublicKey:
        """The public key of an OKP/Ed25519 JWK (its private part, if any, is ignored); a
        ValueError saying why when it is not one."""
        if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
            raise ValueError(f"not an Ed25519 key (kty {jwk.get('kty')!r}, crv {jwk.get('crv')!r})")
        x = jwk.get("x")
        if not isinstance(x, str) or len(b64url_decode(x)) != ED25519_KEY_BYTES:
            raise ValueError("its 'x' is not a 32-byte base64url value")
        return cls(x)

    def as_jwk(self) -> dict[str, str]:
        """The public JWK (required members only)."""
        return {"crv": "Ed25519", "kty": "OKP", "x": self.x}

    def thumbprint(self) -> str:
        """The RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order."""
        canonical = json.dumps(self.as_jwk(), separators=(",", ":"), sort_keys=True)
        return b64url_encode(hashlib.sha256(canonical.encode("ascii")).digest())

    def signed(self, signing_input: bytes, signature: bytes) -> bool:
        """Whether `signature` is this key's Ed25519 signature of `signing_input`."""
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        try:
            Ed25519PublicKey.from_public_bytes(b64url_decode(self.x)).verify(
                signature, signing_input
            )
        except InvalidSignature:
            return False
        return True


def jws_header(token: str, what: str) -> dict[str, Any]:
    """The protected header of a compact JWS, checked to be one the kit accepts."""
    parts = token.split(".")
    if len(parts) != 3 or not all(parts):
        raise CredentialError(f"the {what} is not a signed JWT (expected header.payload.signature)")
    header = _json_part(parts[0], f"{what} header")
    if header.get("alg") != SIGNING_ALGORITHM:
        raise CredentialError(
            f"the {what} is signed with {header.get('alg')!r}; only EdDSA (Ed25519) is accepted"
        )
    if "crit" in header or "b64" in header:
        raise CredentialError(f"the {what}'s header asks for JWS extensions; refused")
    return header


def jws_payload(token: str, key: PublicKey, what: str) -> bytes:
    """The payload of a compact JWS whose header `jws_header` accepted, if `key` signed it."""
    header, payload, signature = token.split(".")
    try:
        signature_bytes = b64url_decode(signature)
        payload_bytes = b64url_decode(payload)
    except ValueError:
        signature_bytes, payload_bytes = b"", b""
    if not signature_bytes or not key.signed(
        f"{header}.{payload}".encode("ascii"), signature_bytes
    ):
        raise CredentialError(
            f"the {what}'s signature does not match the issuer's key: it was changed after "
            "signing or signed with another key"
        )
    return payload_bytes


def b64url_decode(text: str) -> bytes:
    """base64url without padding (RFC 7515), strictly: a ValueError for any other character."""
    if not _BASE64URL.fullmatch(text):
        raise ValueError("not base64url (RFC 7515: A-Z a-z 0-9 - _, no padding)")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except binascii.Error as exc:
        raise ValueError(f"not base64url ({exc})") from None


def b64url_encode(data: bytes) -> str:
    """base64url without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _json_part(part: str, what: str) -> dict[str, Any]:
    try:
        value = json.loads(b64url_decode(part))
    except ValueError:
        raise CredentialError(f"the {what} is not base64url-encoded JSON") from None
    if not isinstance(value, dict):
        raise CredentialError(f"the {what} is not a JSON object")
    return value
