"""Bitstring Status List (W3C): the revocation list verifiers check, one bit per credential.

The list is a GZIP-compressed bitstring, most significant bit first, base64url-encoded without
padding and prefixed with 'u' (multibase); at least 131,072 bits so a list does not reveal how many
credentials exist.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import io
import zlib
from collections.abc import Iterable

from kit.errors import CredentialError

MIN_BITS = 131_072
MAX_BYTES = 5 * 1024 * 1024


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
