"""The hand-off as one call: read the gradebooks and the records database, build the statements,
then write them to a file (a dry run) or send the new ones to an LRS."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from pathlib import Path

from kit.courses import Catalog
from kit.lms.facts import credential_facts, learner_completions
from kit.lms.statements import Statement, XapiSettings, build_statements
from kit.project import Project
from kit.records import Records


def gather_statements(
    project: Project,
    catalog: Catalog,
    records: Records,
    settings: XapiSettings,
    *,
    grading_dir: Path | None = None,
    courses: Collection[str] = (),
    certifications: Collection[str] = (),
    learners: Collection[str] | None = None,
) -> list[Statement]:
    """The statements of every completion in the gradebooks and every credential in the
    records; `courses`, `certifications` and `learners` narrow them."""
    from kit.evidence.gradebooks import gradebook_scores  # nbgrader: only when a command runs

    scores = gradebook_scores(project, catalog, grading_dir=grading_dir, courses=courses)
    completions = learner_completions(scores, catalog, courses=courses)
    credentials = credential_facts(records, certifications=certifications)
    if learners is not None:
        completions = [c for c in completions if c.learner in learners]
        credentials = [c for c in credentials if c.credential.learner in learners]
    return build_statements(completions, credentials, catalog, settings)


def write_statements(statements: Sequence[Statement], path: Path) -> Path:
    """Write the statements as one JSON array (what would be POSTed), and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = [dict(s.body) for s in statements]
    path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
