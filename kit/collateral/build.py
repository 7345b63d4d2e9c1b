"""`sgkit collateral build`: every customer's enablement assets in `build/collateral/<customer>/`.

Today a customer's folder holds its kickoff e-mail (Markdown, HTML, `.eml` with the plan's
calendar) and the query-language cheat sheet (HTML and PDF, built once per run with every
example executed on the practice corpus).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kit.collateral.cheatsheet import build_cheatsheet
from kit.collateral.kickoff import KickoffFiles, kickoff_email, write_kickoff
from kit.courses import load_catalog
from kit.plans import build_plan, load_plan_template
from kit.project import Project
from kit.variants.profile import CustomerProfile

PLAN_TEMPLATE = Path("plans") / "90-day.yaml"


@dataclass(frozen=True)
class CustomerCollateral:
    """What was built for one customer."""

    customer: CustomerProfile
    folder: Path
    kickoff: KickoffFiles
    cheatsheet: tuple[Path, Path]

    @property
    def files(self) -> list[Path]:
        """Every file in the customer's folder."""
        return sorted(p for p in self.folder.rglob("*") if p.is_file())


def collateral_steps(profiles: Sequence[CustomerProfile]) -> int:
    """How many steps `build_collateral` reports: the cheat sheet, then one per customer."""
    return 1 + len(profiles)


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
    template = load_plan_template(project.courses_dir / PLAN_TEMPLATE, catalog)
    shared = out / ".cheatsheet"
    sheet = build_cheatsheet(shared)
    on_step(f"cheat sheet: {len(sheet.counts)} examples ran")
    built: list[CustomerCollateral] = []
    for profile in profiles:
        folder = out / profile.slug
        folder.mkdir(parents=True, exist_ok=True)
        kickoff = write_kickoff(kickoff_email(build_plan(profile, template, catalog)), folder)
        copies = (
            Path(shutil.copy2(sheet.html, folder / sheet.html.name)),
            Path(shutil.copy2(sheet.pdf, folder / sheet.pdf.name)),
        )
        built.append(CustomerCollateral(profile, folder, kickoff, copies))
        on_step(f"{profile.name}: kickoff e-mail and cheat sheet")
    shutil.rmtree(shared)
    return built
