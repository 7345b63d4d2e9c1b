"""What a released check holds without showing it: the expected fingerprint and the near-miss hints.

A visible check needs the fingerprint of the expected effect (which names the expected count) and
the advice for each near miss. Written in plain text, the check cell gives both away before the
learner tries. Here:

- the expected fingerprint is *sealed*: stored compressed and encoded (`fp1.`), read back by the
  check when it judges. It is not secret (the kit can read it, so a determined learner can too),
  only not readable at a glance.
- each hint is *encrypted* (AES-GCM) with a key derived from the near miss's own fingerprint, and
  filed under a one-way id of that fingerprint. Only an answer that does exactly what the near miss
  does has the fingerprint, so only it can read the hint; the notebook holds no hint text.

Sealing is deterministic, so `sgkit exercises sync` and `make release` give the same cells each time.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from collections.abc import Mapping

SEALED_EXPECTED = "fp1."
HINT_ID = "hint-"
HINT_CIPHERTEXT = "v1."
_NONCE = bytes(12)  # every key encrypts exactly one hint, so one fixed nonce is safe
_BODY_ONLY = ("graphql", "report")  # GraphQL fingerprints are compared without their kind


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def seal_expected(fingerprint: str) -> str:
    """The expected fingerprint as a released check holds it."""
    return SEALED_EXPECTED + _b64(zlib.compress(fingerprint.encode(), 9))


def reveal_expected(expected: str) -> str:
    """The fingerprint a check judges against (a plain fingerprint is given back as it is)."""
    if not expected.startswith(SEALED_EXPECTED):
        return expected
    try:
        return zlib.decompress(_unb64(expected[len(SEALED_EXPECTED) :])).decode()
    except (ValueError, zlib.error):
        return expected  # not one of ours: the judge then says it cannot read it


def _canonical(fingerprint: str) -> bytes:
    kind, _, body = fingerprint.partition(":")
    return (body if kind in _BODY_ONLY else fingerprint).encode()


def hint_id(fingerprint: str) -> str:
    """The one-way id a near miss's hint is filed under."""
    return HINT_ID + hashlib.sha256(b"sgkit hint id\0" + _canonical(fingerprint)).hexdigest()[:24]


def _key(fingerprint: str) -> bytes:
    return hashlib.sha256(b"sgkit hint key\0" + _canonical(fingerprint)).digest()


def seal_hint(fingerprint: str, advice: str) -> tuple[str, str]:
    """(id, ciphertext) of `advice` for answers whose effect has `fingerprint`."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    sealed = AESGCM(_key(fingerprint)).encrypt(_NONCE, advice.encode(), None)
    return hint_id(fingerprint), HINT_CIPHERTEXT + _b64(sealed)


def seal_hints(hints: Mapping[str, str]) -> dict[str, str]:
    """Near-miss fingerprint -> advice, as a released check holds them."""
    return dict(seal_hint(fingerprint, advice) for fingerprint, advice in hints.items())


def is_sealed_hint(key: str) -> bool:
    """Whether a `hints=` key is a sealed hint's id (never a near miss to run)."""
    return key.startswith(HINT_ID)


def sealed_advice(fingerprint: str, hints: Mapping[str, str]) -> str | None:
    """The advice sealed for answers with `fingerprint`, when `hints` holds one."""
    sealed = hints.get(hint_id(fingerprint))
    if sealed is None or not sealed.startswith(HINT_CIPHERTEXT):
        return None
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        plain = AESGCM(_key(fingerprint)).decrypt(
            _NONCE, _unb64(sealed[len(HINT_CIPHERTEXT) :]), None
        )
    except (InvalidTag, ValueError):
        return None
    return plain.decode()
