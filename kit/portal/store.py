"""Issued credentials found by id, and the revocations recorded, read per request: from the
records database when there is one, else from the credentials folder `sgkit certify` wrote."""

from __future__ import annotations

import json
import uuid
from base64 import urlsafe_b64decode
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType

from kit.errors import RecordsError
from kit.portal.settings import PortalSettings
from kit.records import Records
from kit.records.assessments import RubricSession

CREDENTIAL_SUFFIX = ".jwt"
CERTIFICATE_SUFFIX = ".pdf"


@dataclass(frozen=True)
class HeldCredential:
    """One credential issued to a learner, as stored: its id, path, signed token, and the
    certificate PDF `sgkit certify` rendered from exactly this credential (None if there is none)."""

    id: str
    certification: str
    token: str
    pdf: Path | None


def credential_urn(verification_id: str) -> str | None:
    """The credential id (`urn:uuid:...`) a verification id names (the UUID printed on a
    certificate, with or without `urn:uuid:`), or None when it is not a UUID."""
    text = verification_id.strip().removeprefix("urn:uuid:")
    try:
        parsed = uuid.UUID(text)
    except ValueError:
        return None
    if str(parsed) != text.lower():  # braces, 'urn:' forms and the like: not what we print
        return None
    return f"urn:uuid:{parsed}"


class CredentialStore:
    """Where the portal finds issued credentials; open it once, query it per request."""

    def __init__(self, settings: PortalSettings) -> None:
        self.folder = settings.credentials_dir
        self.records = Records(settings.records_url) if settings.records_url else None

    def close(self) -> None:
        """Release the database connections."""
        if self.records is not None:
            self.records.close()

    def __enter__(self) -> CredentialStore:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def token(self, credential_id: str) -> str | None:
        """The signed credential with this id, or None if this issuer has not issued it."""
        if self.records is not None:
            try:
                return self.records.credential(credential_id).token
            except RecordsError:
                pass
        return next((t for t in self._folder_tokens() if _token_id(t) == credential_id), None)

    def revocations(self) -> dict[str, datetime]:
        """Credential id -> when it was revoked, as recorded now (empty without a database)."""
        if self.records is None:
            return {}
        return {cid: r.revoked_at for cid, r in self.records.revocations().items()}

    def held_by(self, learner: str) -> list[HeldCredential]:
        """Every credential issued to `learner`, newest first: the records database's, and any
        in the learner's folder the database does not have."""
        files = self._learner_files(learner)
        found: list[HeldCredential] = []
        if self.records is not None:
            for issued in reversed(self.records.credentials(learner=learner)):
                pdf = files.get(issued.id, (None, None))[1]
                found.append(HeldCredential(issued.id, issued.certification, issued.token, pdf))
        known = {c.id for c in found}
        for credential_id, (token_file, pdf) in files.items():
            if credential_id not in known and token_file is not None:
                token = token_file.read_text(encoding="utf-8").strip()
                found.append(HeldCredential(credential_id, token_file.stem, token, pdf))
        return found

    def sessions(self, learner: str) -> list[RubricSession]:
        """`learner`'s assessed rubric sessions (none without a database)."""
        return [] if self.records is None else self.records.sessions(learner=learner)

    def _learner_files(self, learner: str) -> dict[str, tuple[Path | None, Path | None]]:
        """Credential id -> (its .jwt, the certificate PDF beside it) in the learner's folder,
        found by listing the folder (a learner id never becomes part of a path)."""
        if not self.folder.is_dir():
            return {}
        folders = [p for p in self.folder.iterdir() if p.is_dir() and p.name == learner]
        out: dict[str, tuple[Path | None, Path | None]] = {}
        for folder in folders:
            for token_file in sorted(folder.glob(f"*{CREDENTIAL_SUFFIX}")):
                credential_id = _token_id(token_file.read_text(encoding="utf-8").strip())
                if credential_id is None:
                    continue
                pdf = token_file.with_suffix(CERTIFICATE_SUFFIX)
                out[credential_id] = (token_file, pdf if pdf.is_file() else None)
        return out

    def _folder_tokens(self) -> Iterator[str]:
        for path in sorted(self.folder.glob(f"*/*{CREDENTIAL_SUFFIX}")):
            yield path.read_text(encoding="utf-8").strip()


def _token_id(token: str) -> str | None:
    """The `jti` a compact JWT's payload claims, read unverified (only to find it; what is shown
    is verified)."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        payload = json.loads(urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except ValueError:
        return None
    found = payload.get("jti") if isinstance(payload, dict) else None
    return found if isinstance(found, str) else None
