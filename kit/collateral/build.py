"""`sgkit collateral build`: every customer's enablement assets in `build/collateral/<customer>/`.

A customer's folder holds its kickoff e-mail (Markdown, HTML, `.eml` with the calendar of the
sessions still to come), the query-language cheat sheet, a one-page handout (HTML and PDF) for
each published course in the customer's plan, and the standard demo notebook with the customer's
parameters injected (as papermill does; the CE runs it live). The cheat sheet's examples and the
handouts' key queries run once per build on the practice corpus; each customer's copy carries
their name, queries on their own repositories, and in "Where next" only what their audiences can
take (`courses/plans/audiences.yaml`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kit.collateral.cheatsheet import check_coverage, run_examples, write_cheatsheet
from kit.collateral.handouts import Handout, build_handout, for_customer, write_handout
from kit.collateral.kickoff import KickoffFiles, kickoff_email, write_kickoff
from kit.collateral.sheet_entries import SECTIONS
from kit.courses import load_catalog
from kit.customers.profile import CustomerProfile
from kit.notebook_io import read_notebook, write_notebook
from kit.plans import TrialPlan, dated_plan
from kit.plans.offer import load_offer
from kit.practice import practice
from kit.practice.instances import PracticeSourcegraph
from kit.project import Project
from kit.variants.parameters import inject_parameters, parameters_for

DEMO_NOTEBOOK = Path("demo-flow") / "standard-demo.ipynb"


@dataclass(frozen=True)
class CustomerCollateral:
    """What was built for one customer."""

    customer: CustomerProfile
    folder: Path
    kickoff: KickoffFiles
    cheatsheet: tuple[Path, Path]
    handouts: tuple[Path, ...]
    demo: Path

    @property
    def files(self) -> list[Path]:
        """Every file in the customer's folder."""
        return sorted(p for p in self.folder.rglob("*") if p.is_file())


def collateral_steps(profiles: Sequence[CustomerProfile], project: Project) -> int:
    """How many steps `build_collateral` reports: the cheat sheet's examples, each published
    course's key queries, then one per customer."""
    return 1 + len(load_catalog(project.courses_dir).published_courses) + len(profiles)


def build_collateral(
    profiles: Sequence[CustomerProfile],
    project: Project,
    out: Path,
    *,
    as_of: date | None = None,
    on_step: Callable[[str], None] = lambda _: None,
) -> list[CustomerCollateral]:
    """Run the cheat sheet's examples and each course's key queries once, then write each
    customer's kickoff e-mail (worded for where they are as of `as_of`, default today), cheat
    sheet, handouts and demo into `out/<slug>/`; `on_step` is called after each step."""
    catalog = load_catalog(project.courses_dir)
    offer = load_offer(project.courses_dir, catalog)
    check_coverage(SECTIONS)
    backend = practice()
    counts = run_examples(SECTIONS, backend)
    on_step(f"cheat sheet: {len(counts)} examples ran")
    sg = PracticeSourcegraph(backend.index)  # key queries run on the practice corpus
    handouts: dict[str, Handout] = {}
    for course in catalog.published_courses:
        handouts[course.id] = build_handout(course, catalog, project, sg)
        on_step(f"handout: {course.title}")
    built: list[CustomerCollateral] = []
    for profile in profiles:
        folder = out / profile.slug
        folder.mkdir(parents=True, exist_ok=True)
        dated = dated_plan(profile, project.courses_dir, catalog, as_of=as_of)
        if isinstance(dated, TrialPlan):
            plan, email = dated.plan, kickoff_email(dated.plan, criteria=dated.criteria)
        else:
            plan, email = dated, kickoff_email(dated)
        kickoff = write_kickoff(email, folder)
        sheet = write_cheatsheet(folder, SECTIONS, counts, profile)
        courses = dict.fromkeys(str(s.course) for s in plan.sessions if s.course in handouts)
        given = tuple(
            write_handout(for_customer(handouts[c], profile, offer, catalog), folder / "handouts")
            for c in courses
        )
        demo = _write_demo(project.notebooks_dir / DEMO_NOTEBOOK, profile, folder)
        built.append(
            CustomerCollateral(
                profile, folder, kickoff, (sheet.html, sheet.pdf), tuple(p for _, p in given), demo
            )
        )
        on_step(f"{profile.name}: kickoff e-mail, cheat sheet, {len(given)} handouts, demo")
    return built


def _write_demo(source: Path, profile: CustomerProfile, folder: Path) -> Path:
    """The standard demo notebook with the customer's parameters injected."""
    notebook = read_notebook(source)
    values = parameters_for(notebook, profile, source)
    target = folder / source.name
    write_notebook(inject_parameters(notebook, values, source), target)
    return target
