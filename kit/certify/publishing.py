"""What the issuer publishes for verifiers: the public JWKS and the signed revocation status list,
written to the folder to upload and kept in the issuer's local publication mirror (beside its key),
which the local `sgkit verify` reads in place of the issuer's web addresses."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from kit.certify.credentials import sign, status_list_credential
from kit.certify.keys import IssuerKey
from kit.certify.trust import write_published
from kit.courses import Catalog
from kit.records import Records

JWKS_FILE = "jwks.json"
STATUS_LIST_FILE = "status-list.jwt"


def publish(
    catalog: Catalog, records: Records, key: IssuerKey, out_dir: Path, now: datetime
) -> None:
    """Write the public JWKS and a freshly signed revocation status list to `out_dir`, to serve at
    the issuer's `jwks_url` and `status_list_url`, and to the key's publication mirror."""
    issuer = catalog.require_issuer()
    revoked_ids = set(records.revocations())
    revoked = [c.status_index for c in records.credentials() if c.id in revoked_ids]
    documents = {
        JWKS_FILE: (issuer.jwks_url, json.dumps(key.jwks(issuer.jwks_url), indent=2) + "\n"),
        STATUS_LIST_FILE: (
            issuer.status_list_url,
            sign(status_list_credential(issuer, revoked, now), key, issuer) + "\n",
        ),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, (url, text) in documents.items():
        (out_dir / name).write_text(text, encoding="utf-8")
        write_published(key.published_dir, url, text)
