"""The credential issuer declared in `courses/certifications.yaml`, and reading it alone: what
verifying a credential needs. It is a plain dataclass checked here, not a pydantic model, so that
`sgkit verify` loads neither pydantic nor the course models."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from kit.errors import ConfigError, did_you_mean
from kit.yaml_io import read_yaml

CERTIFICATIONS_FILE = "certifications.yaml"

_HTTPS = re.compile(r"https://\S+")
_HTTPS_DOCUMENT = re.compile(r"https://[^#\s]+")


@dataclass(frozen=True)
class Issuer:
    """Who issues the credentials, and where verifiers find its public keys and status list: the
    trust anchor `sgkit verify` checks credentials against."""

    id: str
    """The issuer a credential must name (https)."""
    name: str
    url: str
    verify_url: str
    """The page a certificate's QR code opens."""
    status_list_url: str
    """Where the signed revocation list is published."""
    jwks_url: str
    """Where the public JWKS is published; key ids are '<jwks_url>#<thumbprint>'."""


_DOCUMENT_FIELDS = ("status_list_url", "jwks_url")
"""Published documents: their URLs become key ids and mirror paths, so no '#' or spaces."""


def issuer_from(declared: Any, where: Path) -> Issuer:
    """The `issuer` mapping of `courses/certifications.yaml` as an Issuer; a ConfigError naming
    the field when it is not one."""
    if not isinstance(declared, dict):
        raise ConfigError("field 'issuer': expected a mapping of the issuer's fields", where=where)
    names = [f.name for f in fields(Issuer)]
    for key in declared:
        if key not in names:
            hint = did_you_mean(str(key), names, what="fields")
            raise ConfigError(f"field 'issuer.{key}': unknown field{hint}", where=where)
    for name in names:
        value = declared.get(name)
        pattern = _HTTPS_DOCUMENT if name in _DOCUMENT_FIELDS else _HTTPS
        if name not in declared:
            problem = "missing"
        elif not isinstance(value, str) or not value.strip():
            problem = "must be text"
        elif name != "name" and not pattern.fullmatch(value):
            problem = "must be an https:// address" + (
                " with no '#' or spaces" if name in _DOCUMENT_FIELDS else " with no spaces"
            )
        else:
            continue
        raise ConfigError(f"field 'issuer.{name}': {problem} (got {value!r})", where=where)
    return Issuer(**declared)


def load_issuer(courses_dir: Path) -> Issuer:
    """The issuer declared in `courses/certifications.yaml`, read without the courses (the rest
    of the file is checked by `load_catalog`)."""
    cert_file = courses_dir / CERTIFICATIONS_FILE
    declared = read_yaml(cert_file)
    issuer = declared.get("issuer") if isinstance(declared, dict) else None
    if issuer is None:
        raise ConfigError(f"no 'issuer' declared in courses/{CERTIFICATIONS_FILE}")
    return issuer_from(issuer, cert_file)
