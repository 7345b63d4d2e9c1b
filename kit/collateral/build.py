"""`sgkit collateral build`: every customer's enablement assets in `build/collateral/<customer>/`.

A customer's folder holds its kickoff e-mail (Markdown, HTML, `.eml` with the plan's calendar),
the query-language cheat sheet, a one-page handout (HTML and PDF) for each published course
in the customer's plan, and the standard demo notebook with the customer's parameters injected
(as papermill does; the CE runs it live). The cheat sheet and the handouts are built once per run, every query on
them executed on the practice corpus, and copied into each customer's folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kit.collateral.cheatsheet import build_cheatsheet
from kit.collateral.handouts import build_handout, write_handout
from kit.collateral.kickoff import KickoffFiles, kickoff_email, write_kickoff
from kit.courses import load_catalog
from kit.customers.profile import CustomerProfile
from kit.notebook_io import read_notebook, write_notebook
from kit.plans import TrialPlan, dated_plan
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
    """How many steps `build_collateral` reports: the cheat sheet, each published course's
    handout, then one per customer."""
    return 1 + len(load_catalog(project.courses_dir).published_courses) + len(profiles)


def build_collateral(
    profiles: Sequence[CustomerProfile],
    project: Project,
    out: Path,
    *,
    on_step: Callable[[str], None] = lambda _: None,
) -> list[CustomerCollateral]:
    """Build the cheat sheet once, then each customer's kickoff e-mail, into `out/<slug>/`;
    `on_step` is called after each step with what was done."""
    catalog = load_catalog(project.courses_dir)
    shared = out / ".cheatsheet"
    sheet = build_cheatsheet(shared)
    on_step(f"cheat sheet: {len(sheet.counts)} examples ran")
    sg = PracticeSourcegraph(practice().index)  # key queries run on the practice corpus
    handouts: dict[str, tuple[Path, Path]] = {}
    for course in catalog.published_courses:
        handouts[course.id] = write_handout(
            build_handout(course, catalog, project, sg), shared / "handouts"
        )
        on_step(f"handout: {course.title}")
    built: list[CustomerCollateral] = []
    for profile in profiles:
        folder = out / profile.slug
        folder.mkdir(parents=True, exist_ok=True)
        dated = dated_plan(profile, project.courses_dir, catalog)
        if isinstance(dated, TrialPlan):
            plan, email = dated.plan, kickoff_email(dated.plan, criteria=dated.criteria)
        else:
            plan, email = dated, kickoff_email(dated)
        kickoff = write_kickoff(email, folder)
        copies = (
            Path(shutil.copy2(sheet.html, folder / sheet.html.name)),
            Path(shutil.copy2(sheet.pdf, folder / sheet.pdf.name)),
        )
        courses = dict.fromkeys(s.course for s in plan.sessions if s.course in handouts)
        (folder / "handouts").mkdir(exist_ok=True)
        given = tuple(
            Path(shutil.copy2(path, folder / "handouts" / path.name))
            for course in courses
            for path in handouts[str(course)]
            if path.suffix == ".pdf"
        )
        demo = _write_demo(project.notebooks_dir / DEMO_NOTEBOOK, profile, folder)
        built.append(CustomerCollateral(profile, folder, kickoff, copies, given, demo))
        on_step(f"{profile.name}: kickoff e-mail, cheat sheet, {len(given)} handouts, demo")
    shutil.rmtree(shared)
    return built


def _write_demo(source: Path, profile: CustomerProfile, folder: Path) -> Path:
    """The standard demo notebook with the customer's parameters injected."""
    notebook = read_notebook(source)
    values = parameters_for(notebook, profile, source)
    target = folder / source.name
    write_notebook(inject_parameters(notebook, values, source), target)
    return target
