"""What the issuer publishes for verifiers: the public JWKS and the signed revocation status list."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from kit.certify.credentials import sign, status_list_credential
from kit.certify.keys import IssuerKey
from kit.courses import Catalog
from kit.records import Records

JWKS_FILE = "jwks.json"
STATUS_LIST_FILE = "status-list.jwt"


def publish(
    catalog: Catalog, records: Records, key: IssuerKey, out_dir: Path, now: datetime
) -> None:
    """Write the public JWKS and a freshly signed revocation status list to `out_dir`."""
    issuer = catalog.require_issuer()
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / JWKS_FILE).write_text(json.dumps(key.jwks(), indent=2) + "\n", encoding="utf-8")
    revoked_ids = set(records.revocations())
    revoked = [c.status_index for c in records.credentials() if c.id in revoked_ids]
    listing = status_list_credential(issuer, revoked, now)
    token = sign(listing, key)
    (out_dir / STATUS_LIST_FILE).write_text(token + "\n", encoding="utf-8")
