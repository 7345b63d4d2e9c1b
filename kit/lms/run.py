"""What `sgkit lms xapi` runs: the project's statements, then written to a file (a dry run) or
the new ones sent to a learning record store, with a ledger of what it accepted."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from kit.lms.handoff import gather_statements, write_statements
from kit.lms.ledger import Ledger, ledger_path
from kit.lms.send import (
    BATCH_SIZE,
    SendReport,
    credentials_from_env,
    send_statements,
    statements_url,
)
from kit.lms.statements import xapi_settings
from kit.project import Project


@dataclass(frozen=True)
class XapiHandoff:
    """What to hand off and where: `lrs` None with `dry_run` set writes the statements there."""

    lrs: str | None = None
    dry_run: Path | None = None
    courses: Collection[str] = ()
    certifications: Collection[str] = ()
    roster: Path | None = None
    home_page: str | None = None
    grading_dir: Path | None = None
    ledger_dir: Path | None = None
    records_url: str | None = None
    batch_size: int = BATCH_SIZE


@dataclass(frozen=True)
class HandoffResult:
    """A hand-off done: how many statements there were, and the dry-run file or the send report."""

    statements: int
    written: int = 0
    dry_run: Path | None = None
    report: SendReport | None = None
    ledger: Path | None = None


def hand_off(
    project: Project,
    handoff: XapiHandoff,
    *,
    on_planned: Callable[[int], None] | None = None,
    on_sent: Callable[[int], None] | None = None,
) -> HandoffResult:
    """Every completion and credential not yet sent to the LRS, as xAPI statements: written to
    `handoff.dry_run`, or sent (a bad endpoint or missing LRS credentials fail before any
    reading). Running it again sends nothing new."""
    from kit.courses import load_catalog
    from kit.customers.roster import read_learner_roster
    from kit.records import Records, records_url

    lrs = handoff.lrs
    credentials = None
    if handoff.dry_run is None:
        if lrs is None:
            raise ValueError("a hand-off needs an LRS endpoint or a dry-run file")
        statements_url(lrs)
        credentials = credentials_from_env()
    catalog = load_catalog(project.courses_dir)
    roster = set(read_learner_roster(handoff.roster)) if handoff.roster else None
    with Records(records_url(project, handoff.records_url)) as store:
        statements = gather_statements(
            project,
            catalog,
            store,
            xapi_settings(catalog, handoff.home_page),
            grading_dir=handoff.grading_dir,
            courses=handoff.courses,
            certifications=handoff.certifications,
            learners=roster,
        )
    folder = handoff.ledger_dir or (handoff.grading_dir or project.grading_dir) / "lms"
    book = Ledger(ledger_path(folder, lrs), lrs) if lrs else None
    if handoff.dry_run is not None:
        new = book.unsent(statements) if book else statements
        target = write_statements(new, handoff.dry_run)
        return HandoffResult(len(statements), written=len(new), dry_run=target)
    assert lrs is not None and credentials is not None and book is not None
    if on_planned:
        on_planned(len(book.unsent(statements)))
    report = send_statements(
        statements, lrs, credentials, book, batch_size=handoff.batch_size, on_sent=on_sent
    )
    return HandoffResult(len(statements), report=report, ledger=book.path)
