"""Bitstring Status List (W3C): the revocation list verifiers check, one bit per credential.

The list is a GZIP-compressed bitstring, most significant bit first, base64url-encoded without
padding and prefixed with 'u' (multibase); at least 131,072 bits so a list does not reveal how many
credentials exist.

A verifier also remembers the newest version it has seen of each status list (`SeenStatusLists`;
the kit's issuer publishes one), so an older version, replayed to hide a later revocation, is
refused.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import io
import json
import os
import zlib
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from kit.errors import ConfigError, CredentialError

MIN_BITS = 131_072
MAX_BYTES = 5 * 1024 * 1024
VERIFIER_STATE_ENV = "SGKIT_VERIFIER_STATE"


def encode_status_list(revoked: Iterable[int], size_bits: int = MIN_BITS) -> str:
    """The `encodedList` value with the bits of `revoked` set."""
    indices = list(revoked)
    size_bits = max([size_bits, MIN_BITS, *(i + 1 for i in indices)])
    size_bits += -size_bits % 8
    bits = bytearray(size_bits // 8)
    for index in indices:
        if index < 0:
            raise ValueError(f"status list index {index} is negative")
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def is_set(encoded: str, index: int) -> bool:
    """Whether bit `index` of an `encodedList` is set; a CredentialError if it is malformed."""
    if not encoded.startswith("u"):
        raise CredentialError("status list is not multibase base64url ('u' prefix)")
    try:
        body = encoded[1:]
        compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        bits = gzip.GzipFile(fileobj=io.BytesIO(compressed)).read(MAX_BYTES + 1)
    except (binascii.Error, OSError, EOFError, zlib.error) as exc:
        raise CredentialError(f"status list cannot be decoded ({exc})") from None
    if len(bits) > MAX_BYTES:
        raise CredentialError("status list is larger than 5 MiB")
    if index < 0 or index // 8 >= len(bits):
        raise CredentialError(f"status list index {index} is outside the list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


class SeenStatusLists:
    """The issue time (`validFrom`) of the newest version of each status list (by its URL, one per
    issuer here) this verifier has accepted, kept in a small JSON file (`$SGKIT_VERIFIER_STATE`,
    else beside the signing key)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def newest(self, status_list: str) -> datetime | None:
        """When the newest version seen of the list at this URL was issued; None if none seen."""
        return self._read().get(status_list)

    def record(self, status_list: str, issued: datetime) -> None:
        """Remember a version of the list at this URL issued at `issued`, if newer than any seen."""
        state = self._read()
        if status_list in state and state[status_list] >= issued:
            return
        state[status_list] = issued
        text = json.dumps({k: v.astimezone(UTC).isoformat() for k, v in sorted(state.items())})
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")
            partial.write_text(text + "\n", encoding="utf-8")
            partial.replace(self.path)
        except OSError as exc:
            raise ConfigError(
                f"cannot keep the verifier state ({exc.strerror}); set {VERIFIER_STATE_ENV} to a "
                "writable file",
                where=self.path,
            ) from None

    def _read(self) -> dict[str, datetime]:
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
            return {str(k): _aware(datetime.fromisoformat(v)) for k, v in state.items()}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, TypeError, AttributeError):
            raise ConfigError(
                "verifier state is not a JSON object of status list URL -> ISO time; delete it (replay "
                "protection restarts from the next status list seen)",
                where=self.path,
            ) from None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
