"""Trust anchors: the issuers a verifier trusts, the keys it trusts for each, and where it reads what
they publish. Nothing found beside a credential is trusted.

- An issuer is trusted only if it is declared in `courses/certifications.yaml` (`issuer`). Its keys
  are the kit's own signing key (from the key folder), JWKS given explicitly with `--trust` (a file
  or an https URL), and the JWKS published at its `jwks_url`, read when a key id names none of those.
- A key id is `<jwks_url>#<RFC 7638 thumbprint>`: it names the issuer's key set and the key in it.
  Thumbprints are computed from the trusted keys, never taken from a JWKS's own `kid` labels.
- Published documents (the JWKS, the status list) are read from the publication mirror, a folder
  laid out as `<host>/<path>` of their URLs (as `wget -x` saves them; `sgkit certify` and
  `sgkit revoke` keep the local issuer's in `<key folder>/published/`), else over HTTPS.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from kit.certify.keys import PUBLISHED_DIR, IssuerKey, key_dir, load_public_key
from kit.certify.public_key import PublicKey
from kit.certify.status_list import MAX_BYTES, VERIFIER_STATE_ENV, SeenStatusLists
from kit.errors import ConfigError, CredentialError

if TYPE_CHECKING:
    from kit.courses import Issuer
    from kit.project import Project

VERIFIER_STATE_FILE = "verifier-state.json"
FETCH_TIMEOUT_SECONDS = 10

Fetch = Callable[[str], str]
"""Reads a published document (JWKS, status list) by its URL."""


@dataclass(frozen=True)
class TrustedIssuer:
    """An issuer this verifier trusts: its id, where its key set is published, the keys it trusts."""

    id: str
    jwks_url: str
    keys: tuple[PublicKey, ...] = ()

    def key(self, thumbprint: str) -> PublicKey | None:
        """The trusted key with this RFC 7638 thumbprint, or None."""
        return next((k for k in self.keys if k.thumbprint() == thumbprint), None)


@dataclass(frozen=True)
class Trust:
    """What a verifier trusts: issuers and their keys, where it reads what they publish (None: only
    what it is given), the newest status lists it has seen, and revocations it knows of."""

    issuers: tuple[TrustedIssuer, ...]
    fetch: Fetch | None = None
    seen: SeenStatusLists | None = None
    revocations: Mapping[str, datetime] = field(default_factory=dict)

    def resolve(self, kid: Any, what: str) -> tuple[TrustedIssuer, PublicKey]:
        """The trusted issuer and key a JWS `kid` names; a CredentialError if it names neither."""
        if not isinstance(kid, str) or "#" not in kid:
            raise CredentialError(
                f"the {what}'s key id {kid!r} does not name an issuer's key set (expected "
                "<jwks_url>#<thumbprint>); ask the issuer to re-issue it"
            )
        base, _, thumbprint = kid.partition("#")
        issuer = next((i for i in self.issuers if i.jwks_url == base), None)
        if issuer is None:
            trusted = ", ".join(i.jwks_url for i in self.issuers) or "none"
            raise CredentialError(
                f"the {what} is signed with key {kid!r}, which is not in a trusted issuer's key "
                f"set (trusted: {trusted}); only issuers declared in courses/certifications.yaml "
                "are trusted"
            )
        key = issuer.key(thumbprint)
        if key is None and self.fetch is not None:
            try:
                published = public_keys(self.fetch(issuer.jwks_url), issuer.jwks_url)
            except (CredentialError, ConfigError) as exc:
                raise CredentialError(
                    f"the {what} is signed by a key that is not among {issuer.id}'s trusted "
                    f"keys, and its published key set cannot be read ({exc}); pass it with --trust"
                ) from None
            key = TrustedIssuer(issuer.id, issuer.jwks_url, published).key(thumbprint)
        if key is None:
            raise CredentialError(
                f"the {what} is signed by a key the issuer does not publish (kid {kid!r}): it is "
                f"forged, or the key set you trust for {issuer.id} is out of date"
            )
        return issuer, key


def trusted_issuer(issuer: Issuer, keys: Sequence[PublicKey] = ()) -> TrustedIssuer:
    """The declared issuer as a trust anchor with these keys."""
    return TrustedIssuer(issuer.id, issuer.jwks_url, tuple(keys))


def issuer_trust(issuer: Issuer, key: IssuerKey) -> Trust:
    """Trust in the issuer's own key only: how the issuing run checks what it has just signed."""
    return Trust((trusted_issuer(issuer, [key.public_key]),))


def configured_trust(
    project: Project, issuer: Issuer, *, extra: Sequence[str] = (), records: str | None = None
) -> Trust:
    """The trust `sgkit verify` uses: the declared issuer with the kit's own key and the `extra`
    JWKS (files or https URLs), the local publication mirror then HTTPS for published documents,
    the verifier state, and the revocations in the records database if there is one."""
    folder = key_dir(project)
    own = load_public_key(folder)
    keys = [own] if own else []
    for source in extra:
        if source.startswith("https://"):
            keys.extend(public_keys(download(source), source))
        elif "://" in source:
            raise ConfigError(f"--trust takes a JWKS file or an https:// URL, not {source!r}")
        else:
            keys.extend(public_keys(_read_file(Path(source)), source))
    state = os.environ.get(VERIFIER_STATE_ENV)
    return Trust(
        (trusted_issuer(issuer, keys),),
        fetch=partial(fetch_published, mirrors=[folder / PUBLISHED_DIR]),
        seen=SeenStatusLists(Path(state) if state else folder / VERIFIER_STATE_FILE),
        revocations=recorded_revocations(project, records),
    )


def public_keys(text: str, where: str | Path) -> tuple[PublicKey, ...]:
    """The Ed25519 public keys of a JWK Set (private parts and other key types are ignored)."""
    try:
        data = json.loads(text)
    except ValueError:
        raise ConfigError("not a JSON Web Key Set (not JSON)", where=where) from None
    entries = data.get("keys") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ConfigError("not a JSON Web Key Set (no 'keys' list)", where=where)
    keys = []
    for entry in entries:
        if isinstance(entry, dict) and entry.get("kty") == "OKP" and entry.get("crv") == "Ed25519":
            try:
                keys.append(PublicKey.from_jwk(entry))
            except ValueError as exc:
                raise ConfigError(f"a key is not an Ed25519 JWK ({exc})", where=where) from None
    if not keys:
        raise ConfigError("the JSON Web Key Set has no Ed25519 key", where=where)
    return tuple(keys)


def mirror_path(mirror: Path, url: str) -> Path:
    """Where `url` is kept in a mirror folder: `<mirror>/<host>/<path>`."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if parts.scheme != "https" or not parts.hostname or not segments:
        raise ConfigError(f"{url!r} is not an https:// address of a file")
    if any(s in (".", "..") for s in [parts.netloc, *segments]):
        raise ConfigError(f"{url!r} has '.' or '..' in its path")
    return mirror.joinpath(parts.netloc.lower(), *segments)


def write_published(mirror: Path, url: str, text: str) -> Path:
    """Keep a copy of a document published at `url` in a mirror folder; returns where."""
    target = mirror_path(mirror, url)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial_file = target.with_name(f".{target.name}.{os.getpid()}")
    partial_file.write_text(text, encoding="utf-8")
    partial_file.replace(target)
    return target


def fetch_published(url: str, mirrors: Sequence[Path] = ()) -> str:
    """A published document: from the first mirror that has it, else downloaded over HTTPS."""
    for mirror in mirrors:
        copy = mirror_path(mirror, url)
        if copy.is_file():
            return _read_file(copy)
    return download(url)


def download(url: str) -> str:
    """The text at an https:// URL (at most 5 MiB, 10 s); a CredentialError saying why not."""
    if not url.startswith("https://"):
        raise CredentialError(f"{url!r} is not an https:// address; refusing to fetch it")
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_SECONDS) as response:
            if not str(response.geturl()).startswith("https://"):
                raise CredentialError(f"{url} redirects away from https; refusing it")
            body = response.read(MAX_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise CredentialError(
            f"cannot fetch {url} ({reason}); check the network, or verify offline with --trust "
            "and --status-list"
        ) from None
    if len(body) > MAX_BYTES:
        raise CredentialError(f"{url} is larger than 5 MiB; refusing it")
    try:
        return bytes(body).decode("utf-8")
    except UnicodeDecodeError:
        raise CredentialError(f"{url} is not text") from None


def recorded_revocations(project: Project, given: str | None = None) -> dict[str, datetime]:
    """Credential id -> revocation time from the records database (`given`, else the default one);
    empty when the default SQLite database does not exist (this is not the issuing machine)."""
    from kit.records.location import missing_sqlite_file, records_url

    url = records_url(project, given)
    missing = missing_sqlite_file(url)
    if missing is not None:
        if given:
            raise ConfigError("no records database here", where=missing)
        return {}
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from kit.records import Records

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(f"not a database URL: {url!r}") from None
    database = parsed.database or ""
    if parsed.get_backend_name() == "sqlite" and not Path(database).is_file():
        if given:
            raise ConfigError("no records database here", where=database or url)
        return {}
    with Records(url) as store:
        return {cid: r.revoked_at for cid, r in store.revocations().items()}


def _read_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("file not found", where=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read it ({exc})", where=path) from None
