"""A real issuer for the portal's tests: its own signing key (never the user's, never another
test's), a records database and credentials `certify` issued (one valid, one expired, one to
revoke), and the portal on them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from kit.certify.issue import Evidence, certify
from kit.certify.keys import load_or_create_key
from kit.courses import Catalog
from kit.portal import PortalSettings, create_app, load_settings
from kit.portal.identity import DevIdentity
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


# The learner's side: a gradebook with scores, and the portal with an identity.

COURSE = "sourcegraph-101"
POINTS = {"search-basics": 12, "filters-and-scoping": 10}
"""Points each assignment's one graded cell is worth (10 when not listed)."""
SCORES = {
    # learner -> assignment -> (points, day in November 2026)
    "ada": {"search-basics": (10, 2), "filters-and-scoping": (4, 3)},
    "grace": {"search-basics": (12, 1)},
}


@pytest.fixture(scope="session")
def grading_dir(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog) -> Path:
    """A course root with an nbgrader gradebook for Sourcegraph 101, written with nbgrader's
    own models (its `Gradebook` class runs `alembic` in a subprocess: seconds): Ada passed one
    assignment and is below the pass mark on another, Grace passed one."""
    from nbgrader import api as nb
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    folder = tmp_path_factory.mktemp("portal-grading")
    (folder / COURSE).mkdir()
    engine = create_engine(f"sqlite:///{folder / COURSE / 'gradebook.db'}")
    nb.Base.metadata.create_all(engine)
    course = nb.Course(id=COURSE)
    notebooks, cells = {}, {}
    for assignment in catalog.course(COURSE).assignments:
        task = nb.Assignment(name=assignment.id, course=course)
        notebooks[assignment.id] = nb.Notebook(name=assignment.notebooks[0], assignment=task)
        cells[assignment.id] = nb.GradeCell(
            name="total", notebook=notebooks[assignment.id], cell_type="code",
            max_score=POINTS.get(assignment.id, 10),
        )  # fmt: skip
    rows: list[Any] = [course]
    for learner, graded in SCORES.items():
        first, last = NAMES[learner].split()
        student = nb.Student(id=learner, first_name=first, last_name=last)
        for assignment_id, (points, day) in graded.items():
            submitted = nb.SubmittedAssignment(
                assignment=notebooks[assignment_id].assignment, student=student,
                timestamp=datetime(2026, 11, day, 9),
            )  # fmt: skip
            notebook = nb.SubmittedNotebook(assignment=submitted, notebook=notebooks[assignment_id])
            rows.append(nb.Grade(cell=cells[assignment_id], notebook=notebook, auto_score=points))
    with Session(engine) as session:
        session.add_all(rows)
        session.commit()
    engine.dispose()
    return folder


@pytest.fixture
def learner_settings(project: Project, issued: Issued, grading_dir: Path) -> PortalSettings:
    """The portal over the issuer's records and credentials and the Sourcegraph 101 gradebook."""
    return load_settings(
        project, records=issued.records_url, credentials=issued.credentials, grading=grading_dir
    )


def as_learner(settings: PortalSettings, learner: str) -> TestClient:
    """A browser on a portal started with `--dev-learner learner` (identity not checked)."""
    return TestClient(
        create_app(settings, DevIdentity(learner)), base_url="https://training.example.com"
    )
