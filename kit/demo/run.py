"""The main job on the sample data: release, simulated learners, nbgrader autograde, certify, report."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kit.certify import Decision, evaluate_all
from kit.certify.coverage import read_roster
from kit.certify.issue import Issued, certify
from kit.certify.keys import key_dir, load_or_create_key
from kit.certify.rubric_input import read_rubric_csv
from kit.courses import load_catalog
from kit.demo.learners import load_demo_script, write_submissions
from kit.grading import CourseGrading
from kit.grading.grades import assignment_scores
from kit.grading.run import autograde_assignment
from kit.outcomes.cohort import CohortReport, build_cohort_report, write_html
from kit.project import Project
from kit.records import Records


@dataclass(frozen=True)
class DemoRun:
    """What the demo produced."""

    report: CohortReport
    report_path: Path
    feedback: tuple[Path, ...]
    decisions: tuple[Decision, ...]
    issued: tuple[Issued, ...]
    credentials_dir: Path


DEMO_SESSIONS = Path(__file__).with_name("ce-demo-sessions.csv")
DEMO_TEAM = Path(__file__).with_name("ce-team.csv")


def run_demo(project: Project, out_dir: Path, console: Console | None = None) -> DemoRun:
    """Run the whole path once on the shipped sample cohort, in `out_dir` (replaced each run)."""
    console = console or Console(quiet=True)
    catalog = load_catalog(project.courses_dir)
    script = load_demo_script()
    course = catalog.course(script.course)
    certification = catalog.certification(script.certification)
    for assignment_id in script.assignments:
        catalog.assignment(course.id, assignment_id)

    shutil.rmtree(out_dir, ignore_errors=True)
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )
    with progress:
        step = progress.add_task("Releasing learner notebooks", total=len(course.assignments))
        grading = CourseGrading.for_project(project, course.id, grading_dir=out_dir / "grading")
        for assignment in course.assignments:
            grading.release(assignment.id)
            progress.advance(step)

        step = progress.add_task("Simulating learners", total=len(script.assignments))
        inbox = out_dir / "inbox"
        submitted: dict[str, list[str]] = {}
        for assignment_id, notebook in script.assignments.items():
            released = grading.layout.release_dir / assignment_id / f"{notebook}.ipynb"
            write_submissions(script, assignment_id, released, inbox)
            submitted[assignment_id] = grading.import_submissions(assignment_id, inbox, [notebook])
            progress.advance(step)

        total = sum(len(learners) for learners in submitted.values())
        step = progress.add_task("Autograding with nbgrader", total=total)
        for assignment_id, learners in submitted.items():
            autograde_assignment(
                grading.layout, assignment_id, learners, workers=1,
                on_done=lambda _: progress.advance(step),
            )  # fmt: skip

        step = progress.add_task("Writing feedback", total=len(submitted))
        feedback: list[Path] = []
        for assignment_id in submitted:
            feedback += grading.feedback(assignment_id)
            progress.advance(step)

        scores = grading.scores([a.id for a in course.assignments])
        decisions = evaluate_all(certification, catalog.courses, assignment_scores(scores))
        report = build_cohort_report(course, certification, scores, decisions)
        report_path = write_html(report, out_dir / "report.html")

        paths = [certification.id, "ce-demo-certified"]
        step = progress.add_task("Issuing signed credentials", total=len(paths))
        credentials_dir = out_dir / "credentials"
        with Records(f"sqlite:///{out_dir / 'records.db'}") as records:
            for learner in script.learners:
                records.ensure_learner(learner.id, learner.name)
            for member in read_roster(DEMO_TEAM):
                records.ensure_learner(member.id, member.name)
            records.record_sessions(read_rubric_csv(DEMO_SESSIONS, catalog.rubric("ce-demo")))
            run = certify(
                project,
                catalog,
                records,
                load_or_create_key(key_dir(project)),
                credentials_dir,
                path_ids=paths,
                grading_dir=out_dir / "grading",
                on_decided=lambda _: progress.advance(step),
            )
    return DemoRun(
        report,
        report_path,
        tuple(feedback),
        tuple(decisions),
        tuple(run.issued),
        credentials_dir,
    )
