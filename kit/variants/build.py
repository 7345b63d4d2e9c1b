"""Build every customer's course variants into `build/variants/<customer>/`, all or nothing.

    build_variants(profiles, project)  ->  build/variants/<slug>/<course>/<assignment>/<nb>.ipynb

Each variant starts from the *released* learner notebook (never the instructor's), gets the
customer's parameters injected as papermill does (prepare only: the learner copy is not run) and
is customized (markdown placeholders, a note on the customer's set-up, the live connection). A
customer's notebooks are written into a hidden staging folder that replaces `<slug>/` only when
all of them are built (and proved, with `check=True`, see `kit.variants.verify`): a failure
leaves no half-written folder for that customer, and every other customer is still built.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.courses import Catalog, load_catalog
from kit.customers.profile import CustomerProfile, Stage
from kit.errors import ConfigError, KitError, NotebookError, SearchError
from kit.notebook_io import read_notebook, write_notebook
from kit.plans.offer import AUDIENCES_FILE, load_offer
from kit.project import Project
from kit.variants.customize import customize
from kit.variants.parameters import inject_parameters, parameters_for
from kit.variants.verify import VariantCheck, check_variant

MANIFEST = "variant.json"


@dataclass(frozen=True)
class NotebookTask:
    """One learner notebook of one customer: where it comes from and where it goes."""

    profile: CustomerProfile
    course: str
    assignment: str
    notebook: str
    released: Path
    source_assignment: Path
    staging: Path
    check: bool
    live_checks: bool = True

    @property
    def relative(self) -> Path:
        """`<course>/<assignment>/<notebook>.ipynb`, under the customer's folder."""
        return Path(self.course, self.assignment, f"{self.notebook}.ipynb")


@dataclass(frozen=True)
class BuiltNotebook:
    """A variant notebook written, with its parameters and, when asked, its check."""

    customer: str
    relative: Path
    parameters: dict[str, Any]
    check: VariantCheck | None = None
    live: LiveCount | None = None


@dataclass(frozen=True)
class CustomerVariants:
    """One customer's variant folder and what is in it."""

    customer: CustomerProfile
    folder: Path
    notebooks: list[BuiltNotebook] = field(default_factory=list)


def variant_notebook(released: Any, profile: CustomerProfile, where: str | Path) -> Any:
    """The customer's copy of one released notebook: parameters injected, then customized."""
    injected = inject_parameters(released, parameters_for(released, profile, where), where)
    return customize(injected, profile, where)


@dataclass(frozen=True)
class LiveCount:
    """How many of a notebook's search exercises check on the customer's instance, and how
    many stay on the practice corpus."""

    live: int
    practice: int


def _point_at_live(task: NotebookTask, variant: Any) -> tuple[Any, LiveCount]:
    """The variant with its search checks computed on the customer's instance (live mode)."""
    from kit.search.live import TOKEN_ENV, LiveBackend
    from kit.variants.live import live_checks, point_checks_at_live

    endpoint = task.profile.endpoint
    assert endpoint is not None
    source = task.source_assignment / f"{task.notebook}.ipynb"
    try:
        checks = live_checks(source, LiveBackend(endpoint, os.environ.get(TOKEN_ENV)))
    except SearchError as exc:
        raise SearchError(
            f"{task.profile.name}: live mode runs each exercise's reference on {endpoint}, "
            f"which failed: {exc} (or build with --practice-checks)"
        ) from None
    live = sum(1 for c in checks.values() if c.live)
    return point_checks_at_live(variant, checks), LiveCount(live, len(checks) - live)


def build_one(task: NotebookTask) -> BuiltNotebook:
    """Write one variant notebook into its staging folder (and check it when asked)."""
    released = read_notebook(task.released)
    variant = variant_notebook(released, task.profile, task.released)
    live = None
    if task.profile.live and task.live_checks:
        variant, live = _point_at_live(task, variant)
    write_notebook(variant, task.staging / task.relative)
    check = None
    if task.check:
        # Proved in practice mode: the tests compute expected results on the practice corpus,
        # and a customer's instance may not be reachable from the build machine.
        practice_profile = task.profile.model_copy(update={"sourcegraph_url": None})
        check = check_variant(
            variant_notebook(released, practice_profile, task.released),
            source=read_notebook(task.source_assignment / f"{task.notebook}.ipynb"),
            standard=released,
            where=f"{task.profile.slug}: {task.relative.as_posix()}",
        )
    params = dict(variant.metadata["papermill"]["parameters"])
    return BuiltNotebook(task.profile.slug, task.relative, params, check, live)


def plan_tasks(
    profiles: Sequence[CustomerProfile],
    project: Project,
    staging: dict[str, Path],
    *,
    courses: Iterable[str] | None = None,
    assignments: Iterable[str] | None = None,
    check: bool = False,
    live_checks: bool = True,
) -> list[NotebookTask]:
    """Every (customer, published course notebook) pair, with the released notebook it needs:
    only the courses the customer's audiences can take (`kit.plans.offer`; internal courses
    never), only the `assignments` named, when given; a playbook lab only for the customers whose
    deployment type it is for; for a customer in trial, only the trial's assignments."""
    catalog = load_catalog(project.courses_dir)
    offer = load_offer(project.courses_dir, catalog)
    offered = {p.slug: {c.id for c in offer.courses_for(p.audiences, catalog)} for p in profiles}
    customer_facing = {k for o in offer.root.values() for k in o.courses}
    wanted = list(courses) if courses else [c.id for c in catalog.published_courses]
    only = set(assignments) if assignments is not None else None
    in_trial = _trial_assignments(profiles, project, catalog)
    tasks: list[NotebookTask] = []
    for course_id in wanted:
        course = catalog.course(course_id)
        if course.status != "published":
            raise ConfigError(f"course {course_id!r} is planned, not written yet: no notebooks")
        if course_id not in customer_facing:
            if not courses:
                continue  # internal: never built for a customer
            raise ConfigError(
                f"course {course_id!r} is not offered to customers (no audience in "
                f"courses/{AUDIENCES_FILE.as_posix()} lists it): it has no customer variants"
            )
        for assignment in course.assignments:
            if only is not None and assignment.id not in only:
                continue
            takers = [
                profile
                for profile in profiles
                if course.id in offered[profile.slug]
                and assignment.suits(profile.deployment, isolated=profile.isolated)
                and (
                    profile.slug not in in_trial
                    or assignment.id in in_trial[profile.slug].get(course.id, ())
                )
            ]
            folder = project.release_dir / course.id / assignment.id
            for name in assignment.notebooks if takers else ():
                released = folder / f"{name}.ipynb"
                if not released.is_file():
                    raise NotebookError(
                        "not released yet: run `sgkit release --all`", where=released
                    )
                tasks.extend(
                    NotebookTask(
                        profile=profile,
                        course=course.id,
                        assignment=assignment.id,
                        notebook=name,
                        released=released,
                        source_assignment=project.notebooks_dir / course.id / assignment.id,
                        staging=staging[profile.slug],
                        check=check,
                        live_checks=live_checks,
                    )
                    for profile in takers
                )
    return tasks


def _trial_assignments(
    profiles: Sequence[CustomerProfile], project: Project, catalog: Catalog
) -> dict[str, dict[str, tuple[str, ...]]]:
    """For each customer at the trial stage, the assignments its trial gives, per course: its
    variants hold only those (the trial track's parts of 101 and of its use-case courses)."""
    trials = [p for p in profiles if p.stage is Stage.TRIAL]
    if not trials:
        return {}
    from kit.plans import TRIAL_TEMPLATE, load_trial_template, trial_trainings

    template = load_trial_template(project.courses_dir / TRIAL_TEMPLATE, catalog)
    return {p.slug: trial_trainings(p, template) for p in trials}


@dataclass(frozen=True)
class FailedNotebook:
    """A variant notebook that could not be built or proved, and why."""

    customer: str
    relative: Path
    error: KitError


class VariantsIncompleteError(NotebookError):
    """Some customers' variants failed; the others were written (`built`)."""

    def __init__(self, failures: list[FailedNotebook], built: list[CustomerVariants]) -> None:
        first = failures[0]
        customers = sorted({f.customer for f in failures})
        kept = f"; {len(built)} other customers' variants are written" if built else ""
        super().__init__(
            f"{first.error} ({len(customers)} customer(s) not built: {', '.join(customers)}; "
            f"their previous variants are kept{kept})"
        )
        self.failures = failures
        self.built = built


Outcome = BuiltNotebook | FailedNotebook


def _attempt(task: NotebookTask) -> Outcome:
    """Build one notebook; a failure the kit can explain is returned, not raised, so the other
    customers' notebooks go on."""
    try:
        return build_one(task)
    except KitError as exc:
        return FailedNotebook(task.profile.slug, task.relative, exc)


def _start_judge() -> None:
    """A worker's judge starts loading the practice index while the worker imports the rest."""
    from kit.grading.judging import start_judge

    start_judge()


def _run(
    tasks: list[NotebookTask], workers: int, on_done: Callable[[BuiltNotebook], None]
) -> list[Outcome]:
    """Every task's outcome; after a customer's first failure, its tasks not started are
    skipped (that customer is not written anyway)."""
    failed: set[str] = set()
    outcomes: list[Outcome] = []

    def record(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if isinstance(outcome, FailedNotebook):
            failed.add(outcome.customer)
        else:
            on_done(outcome)

    if workers <= 1 or len(tasks) <= 1:
        if any(t.check for t in tasks):
            _start_judge()
        for task in tasks:
            if task.profile.slug not in failed:
                record(_attempt(task))
        return outcomes
    context = multiprocessing.get_context("spawn")
    starter = _start_judge if any(t.check for t in tasks) else None
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=starter) as pool:
        futures = {pool.submit(_attempt, t): t for t in tasks}
        try:
            for future in as_completed(futures):
                if future.cancelled():
                    continue
                record(future.result())
                if outcomes and isinstance(outcomes[-1], FailedNotebook):
                    for other, task in futures.items():
                        if task.profile.slug == outcomes[-1].customer:
                            other.cancel()
        except BrokenProcessPool:
            raise NotebookError(
                "a variant worker process died (out of memory, or killed); "
                "run again, or with --workers 1 to see the error"
            ) from None
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return outcomes


def _replace(staging: Path, final: Path) -> None:
    """Swap `staging` in for `final` with renames (the old folder is removed afterwards)."""
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old-{staging.name}")
        final.rename(old)
    staging.rename(final)
    if old is not None:
        shutil.rmtree(old)


def build_variants(
    profiles: Sequence[CustomerProfile],
    project: Project,
    *,
    out: Path | None = None,
    courses: Iterable[str] | None = None,
    assignments: Iterable[str] | None = None,
    workers: int = 2,
    check: bool = True,
    live_checks: bool = True,
    on_done: Callable[[BuiltNotebook], None] | None = None,
    on_planned: Callable[[int], None] | None = None,
) -> list[CustomerVariants]:
    """Build each customer's variants of every published course (or of `courses`, and of their
    `assignments` when named) into `out/<slug>/`.

    With `check` (the default), each notebook is executed and autograded first (see
    `kit.variants.verify`). With `live_checks` (the default), a live customer's search checks are
    computed on its instance (`kit.variants.live`); without, on the practice corpus. Returns one
    record per customer. A customer whose build failed gets nothing new in `out` (its previous
    folder stays); the others are written, then VariantsIncompleteError names the first failure
    (notebook and cell) and lists the customers not built.
    """
    target = out or project.build_dir / "variants"
    target.mkdir(parents=True, exist_ok=True)
    staging: dict[str, Path] = {}
    try:
        for profile in profiles:
            folder = Path(tempfile.mkdtemp(prefix=f".{profile.slug}-", dir=target))
            folder.chmod(0o755)  # mkdtemp's 0700 would make the published folder private
            staging[profile.slug] = folder
        tasks = plan_tasks(
            profiles,
            project,
            staging,
            courses=courses,
            assignments=assignments,
            check=check,
            live_checks=live_checks,
        )
        if on_planned is not None:
            on_planned(len(tasks))
        outcomes = _run(tasks, workers, on_done or (lambda _: None))
        failures = [o for o in outcomes if isinstance(o, FailedNotebook)]
        failed = {f.customer for f in failures}
        results = []
        for profile in profiles:
            if profile.slug in failed:
                continue  # its staging folder is removed below; a previous build stays
            mine = sorted(
                (
                    o
                    for o in outcomes
                    if isinstance(o, BuiltNotebook) and o.customer == profile.slug
                ),
                key=lambda b: b.relative,
            )
            _write_manifest(staging[profile.slug], profile, mine)
            _replace(staging.pop(profile.slug), target / profile.slug)
            results.append(CustomerVariants(profile, target / profile.slug, mine))
        if failures:
            raise VariantsIncompleteError(failures, results)
        return results
    finally:
        for folder in staging.values():
            shutil.rmtree(folder, ignore_errors=True)


def _write_manifest(folder: Path, profile: CustomerProfile, built: list[BuiltNotebook]) -> None:
    manifest = {
        "customer": profile.name,
        "slug": profile.slug,
        "live": profile.live,
        "notebooks": [
            {
                "path": b.relative.as_posix(),
                "parameters": b.parameters,
                "live_checks": None
                if b.live is None
                else {"live": b.live.live, "practice": b.live.practice},
                "check": None
                if b.check is None
                else {
                    "max_score": b.check.max_score,
                    "solution_score": b.check.solution_score,
                    "blank_score": b.check.blank_score,
                },
            }
            for b in built
        ],
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
