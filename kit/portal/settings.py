"""What the portal serves, checked once when it starts: the declared issuer, the records
database, the credentials folder and the issuer's publication mirror."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kit.certify.keys import PUBLISHED_DIR, key_dir
from kit.courses.issuer import Issuer, load_issuer
from kit.errors import ConfigError
from kit.project import Project
from kit.records.location import missing_sqlite_file, records_url


@dataclass(frozen=True)
class PortalSettings:
    """The portal's inputs."""

    project: Project
    issuer: Issuer
    records_url: str | None
    """The records database (issued credentials, revocations); None when there is none here."""
    credentials_dir: Path
    """Where `sgkit certify` wrote the credentials (`<learner>/<path>.jwt`, jwks.json, status list)."""
    mirror: Path
    """The issuer's publication mirror (`<key folder>/published`), laid out as `<host>/<path>`."""
    grading_dir: Path
    """The course roots whose gradebooks learners' progress is read from (`grading/`)."""


def load_settings(
    project: Project,
    *,
    records: str | None = None,
    credentials: Path | None = None,
    grading: Path | None = None,
) -> PortalSettings:
    """The settings for `project`: `records` (default: `$SGKIT_RECORDS_URL`, else
    grading/records.db, skipped when that file does not exist), `credentials` (default:
    build/credentials) and `grading`, the gradebooks' course roots (default: grading/); a
    ConfigError naming what is missing when a given one does not exist."""
    issuer = load_issuer(project.courses_dir)
    url: str | None = records_url(project, records)
    missing = missing_sqlite_file(url) if url else None
    if missing is not None:
        if records:
            raise ConfigError("no records database here (run `sgkit certify` first)", where=missing)
        url = None
    folder = credentials or project.build_dir / "credentials"
    if credentials is not None and not credentials.is_dir():
        raise ConfigError("no credentials folder here (run `sgkit certify` first)", where=folder)
    if grading is not None and not grading.is_dir():
        raise ConfigError(
            "no grading folder here (the course roots `sgkit autograde` fills)", where=grading
        )
    return PortalSettings(
        project=project,
        issuer=issuer,
        records_url=url,
        credentials_dir=folder.resolve(),
        mirror=key_dir(project) / PUBLISHED_DIR,
        grading_dir=(grading or project.grading_dir).resolve(),
    )
