"""A real issuer for the portal's tests: its own signing key (never the user's, never another
test's), a records database and credentials `certify` issued (one valid, one expired, one to
revoke), and the portal on them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from kit.certify.issue import Evidence, certify
from kit.certify.keys import load_or_create_key
from kit.courses import Catalog
from kit.portal import PortalSettings, create_app, load_settings
from kit.project import Project
from kit.records import Records
from kit.records.assessments import Assessment, RubricSession

PATH = "ce-demo-certified"
NAMES = {
    "ada": "Ada Quinn",
    "grace": "Grace Okafor",
    "linus": "Linus Berg",
    "mei": "Mei Tanaka",
}


@dataclass(frozen=True)
class Issued:
    """The issuer's folders and the ids of what it issued, by learner."""

    key_dir: Path
    records_url: str
    credentials: Path
    ids: dict[str, str]

    def token(self, learner: str) -> str:
        """The learner's signed credential as `certify` wrote it."""
        return (self.credentials / learner / f"{PATH}.jwt").read_text(encoding="utf-8").strip()


def session(catalog: Catalog, learner: str, day: date) -> RubricSession:
    """A CE demo session in which every assessor scored every competency at the top."""
    rubric = catalog.rubric("ce-demo")
    scores = {c.id: 3 for c in rubric.competencies}
    return RubricSession(
        learner,
        "ce-demo",
        day,
        tuple(Assessment(r.id, f"{r.id} assessor", scores) for r in rubric.assessor_roles),
    )


@pytest.fixture(scope="session")
def issued(tmp_path_factory: pytest.TempPathFactory, project: Project, catalog: Catalog) -> Issued:
    """Grace's credential issued 1,100 days ago (expired), then Ada's, Linus's and Mei's an hour
    ago (Linus's and Mei's are revoked by the tests that need them revoked)."""
    folder = tmp_path_factory.mktemp("portal-issuer")
    key = load_or_create_key(folder / "keys")
    url = f"sqlite:///{folder / 'records.db'}"
    out = folder / "credentials"
    now = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    long_ago = now - timedelta(days=1100)
    rounds = [(long_ago, ["grace"]), (now, ["ada", "linus", "mei"])]
    with Records(url) as records:
        for moment, learners in rounds:
            sessions = [
                session(catalog, who, moment.date() - timedelta(days=1)) for who in learners
            ]
            certify(
                project, catalog, records, key, out,
                path_ids=[PATH], evidence=Evidence([], sessions, NAMES), now=moment,
            )  # fmt: skip
        ids = {c.learner: c.id for c in records.credentials()}
    return Issued(folder / "keys", url, out, ids)


@pytest.fixture(autouse=True)
def _issuer_key(issued: Issued, monkeypatch: pytest.MonkeyPatch) -> None:
    """The portal (and `revoke`) use this issuer's key folder and its publication mirror."""
    monkeypatch.setenv("SGKIT_KEY_DIR", str(issued.key_dir))
    monkeypatch.delenv("SGKIT_VERIFIER_STATE", raising=False)


@pytest.fixture
def settings(project: Project, issued: Issued) -> PortalSettings:
    """The portal over the issuer's records database and credentials folder."""
    return load_settings(project, records=issued.records_url, credentials=issued.credentials)


@pytest.fixture
def client(settings: PortalSettings) -> Iterator[TestClient]:
    """An anonymous visitor's browser on the portal."""
    with visit(settings) as visitor:
        yield visitor


def visit(settings: PortalSettings) -> TestClient:
    """A visitor's browser on the portal for `settings`, at the issuer's address."""
    return TestClient(create_app(settings), base_url="https://training.example.com")
