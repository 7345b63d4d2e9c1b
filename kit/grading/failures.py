"""Submissions whose grading failed, remembered beside the gradebook so that every place tells the
same story: "not graded: <reason>" in autograde's summary, `sgkit status`, the learner's feedback
page and certification, never a silent 0%.

nbgrader's gradebook records scores, not failures; the kit keeps one small JSON file per failed
submission under `<course root>/failed/<assignment>/<learner>.json`, removed when it is graded.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kit.grading.grades import AutogradeOutcome

FAILED_DIR = "failed"


@dataclass(frozen=True)
class FailedGrading:
    """One submission that could not be graded, and why."""

    learner: str
    assignment: str
    reason: str
    at: datetime


def _marker(course_root: Path, assignment: str, learner: str) -> Path:
    return course_root / FAILED_DIR / assignment / f"{learner}.json"


def record_outcomes(
    course_root: Path,
    assignment: str,
    outcomes: Iterable[AutogradeOutcome],
    *,
    at: datetime | None = None,
) -> None:
    """Remember each failed grading (with its reason) and forget the ones now graded."""
    when = at or datetime.now(UTC)
    for outcome in outcomes:
        marker = _marker(course_root, assignment, outcome.learner)
        if outcome.ok:
            marker.unlink(missing_ok=True)
            continue
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(
            json.dumps({"reason": outcome.message or "grading failed", "at": when.isoformat()})
        )


def keep_listed(db_url: str, course_id: str, assignment: str, learner: str) -> None:
    """Make sure nbgrader's gradebook (what the formgrader lists) holds the learner's submission
    of `assignment` even though grading it failed; it holds no score until it is graded."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url, course_id) as gradebook:
        try:
            gradebook.find_submission(assignment, learner)
        except MissingEntry:
            gradebook.update_or_create_student(learner)
            gradebook.add_submission(assignment, learner)


def failed_gradings(course_root: Path, assignments: Sequence[str] = ()) -> list[FailedGrading]:
    """The failed gradings of `assignments` (all when empty), by assignment then learner."""
    root = course_root / FAILED_DIR
    found: list[FailedGrading] = []
    for folder in sorted(root.glob("*")) if root.is_dir() else []:
        if assignments and folder.name not in assignments:
            continue
        for marker in sorted(folder.glob("*.json")):
            try:
                data = json.loads(marker.read_text(encoding="utf-8"))
                reason, at = str(data["reason"]), datetime.fromisoformat(str(data["at"]))
            except (ValueError, KeyError, TypeError):
                reason, at = "grading failed", datetime.fromtimestamp(marker.stat().st_mtime, UTC)
            found.append(FailedGrading(marker.stem, folder.name, reason, at))
    return found


def not_graded_page(failure: FailedGrading, course_title: str) -> str:
    """The feedback page of a submission that could not be graded."""
    reason = html.escape(failure.reason)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(failure.assignment)}: not graded</title></head>"
        "<body style='font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto'>"
        f"<h1>{html.escape(course_title)}: {html.escape(failure.assignment)}</h1>"
        "<p><strong>Not graded.</strong> Your submission could not be graded, so it has no score "
        "yet (it is not a zero).</p>"
        f"<p>Why: {reason}</p>"
        "<p>Your submission is kept. Your grader has been told; submit again if they ask you "
        "to.</p></body></html>\n"
    )
