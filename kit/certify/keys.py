"""The issuer's Ed25519 signing key: kept outside the repository and outside anything learner code
can read (the grading sandbox binds neither the home folder nor the key folder), published as a
JWKS for verifiers.

The key folder is `$SGKIT_KEY_DIR`, else `<user config>/sgkit/keys` (for example
`~/.config/sgkit/keys`). The private key file is created with mode 0600 in a 0700 folder. Beside
it, `published/` mirrors what the issuer publishes (its JWKS and status list, laid out as
`<host>/<path>` of their URLs) and `verifier-state.json` is what this machine's verifier has seen.
"""

from __future__ import annotations

import json
import os
import stat
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from platformdirs import user_config_path

from kit.certify.public_key import SIGNING_ALGORITHM, PublicKey
from kit.errors import ConfigError
from kit.project import Project

if TYPE_CHECKING:
    from joserfc.jwk import OKPKey

KEY_DIR_ENV = "SGKIT_KEY_DIR"
KEY_FILE = "issuer-ed25519.jwk"
PUBLISHED_DIR = "published"


@contextmanager
def eddsa_allowed() -> Iterator[None]:
    """joserfc warns that RFC 9864 deprecates 'EdDSA' in favour of 'Ed25519'; OB 3.0 verifiers
    (and its conformance suite) still expect 'EdDSA', so the kit signs and verifies with it."""
    from joserfc.errors import SecurityWarning

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=SecurityWarning)
        yield


def key_dir(project: Project | None = None) -> Path:
    """Where the signing key lives; never inside the checkout."""
    configured = os.environ.get(KEY_DIR_ENV)
    folder = Path(configured) if configured else user_config_path("sgkit") / "keys"
    folder = folder.expanduser().resolve()
    if project is not None and folder.is_relative_to(project.root.resolve()):
        raise ConfigError(
            f"the signing key folder {folder} is inside the checkout; keep keys out of the "
            f"repository (set {KEY_DIR_ENV} to a folder elsewhere)"
        )
    return folder


@dataclass(frozen=True)
class IssuerKey:
    """The issuer's private signing key and the folder it lives in."""

    key: OKPKey
    folder: Path

    @property
    def thumbprint(self) -> str:
        """The key's RFC 7638 thumbprint: the fragment of its key id."""
        return str(self.key.thumbprint())

    @property
    def public_key(self) -> PublicKey:
        """The public half, as a verifier holds it."""
        return PublicKey.from_jwk(self.key.as_dict(private=False))

    @property
    def published_dir(self) -> Path:
        """The local mirror of what this issuer publishes (JWKS, status list)."""
        return self.folder / PUBLISHED_DIR

    def key_id(self, jwks_url: str) -> str:
        """The key id: a URI naming this key in the issuer's published key set."""
        return f"{jwks_url}#{self.thumbprint}"

    def public_jwk(self, jwks_url: str) -> dict[str, Any]:
        """The public half as a JWK, with its id, use and algorithm."""
        public = dict(self.key.as_dict(private=False))
        public.update(kid=self.key_id(jwks_url), use="sig", alg=SIGNING_ALGORITHM)
        return public

    def jwks(self, jwks_url: str) -> dict[str, Any]:
        """The JWK Set to publish at `jwks_url` for verifiers."""
        return {"keys": [self.public_jwk(jwks_url)]}


def load_key(folder: Path) -> IssuerKey | None:
    """The issuer key in `folder`, or None if there is none (nothing is created)."""
    from joserfc.jwk import OKPKey

    data = _read_key_file(folder)
    if data is None:
        return None
    try:
        key = OKPKey.import_key(data)
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"not an Ed25519 private JWK ({exc})", where=folder / KEY_FILE) from None
    if not key.is_private:
        raise ConfigError("not an Ed25519 private JWK", where=folder / KEY_FILE)
    return IssuerKey(key, folder)


def load_public_key(folder: Path) -> PublicKey | None:
    """The public half of the issuer key in `folder` (what a verifier on the issuing machine
    trusts), read without the JOSE library; None if there is no key."""
    data = _read_key_file(folder)
    if data is None:
        return None
    try:
        return PublicKey.from_jwk(data)
    except ValueError as exc:
        raise ConfigError(f"not an Ed25519 private JWK ({exc})", where=folder / KEY_FILE) from None


def _read_key_file(folder: Path) -> dict[str, Any] | None:
    """The key file's JWK members (refused when others can read it or it is not an Ed25519
    private JWK), None when there is no key file."""
    path = folder / KEY_FILE
    if not path.exists():
        return None
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise ConfigError(
            f"signing key is readable by others (mode {mode:o}); run chmod 600 on it", where=path
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:
        raise ConfigError(f"not an Ed25519 private JWK ({exc})", where=path) from None
    if not isinstance(data, dict) or data.get("crv") != "Ed25519" or not data.get("d"):
        raise ConfigError("not an Ed25519 private JWK", where=path)
    return data


def load_or_create_key(folder: Path) -> IssuerKey:
    """Load the issuer key from `folder`, creating one (0600, in a 0700 folder) the first time."""
    found = load_key(folder)
    if found is not None:
        return found
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)
    from joserfc.jwk import OKPKey

    key = OKPKey.generate_key("Ed25519", private=True)
    descriptor = os.open(folder / KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(key.as_dict(private=True), handle)
    return IssuerKey(key, folder)
