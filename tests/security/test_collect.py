"""Collect takes regular files only, and one bad submission never costs another learner their grade.

Each attacker below shares an inbox with honest learners. `sgkit collect` (and the hub's collect,
running as root) must refuse the attacker with one line naming learner and file, import the honest
learners, and exit 1 listing the refused ones.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kit.errors import NotebookError
from kit.grading import CourseGrading, course_layout, nbgrader_config
from kit.grading.gradebook_db import prepare_gradebook
from kit.grading.intake import LEARNER_ID, MAX_FILE_BYTES, RefusedSubmissionsError, SubmittedFolder
from kit.hub.nbgrader import apply_exchange
from kit.project import Project

COURSE = "sourcegraph-101"
ASSIGNMENT = "search-basics"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
HONEST = ["ada", "ben"]
CliRun = tuple[subprocess.CompletedProcess[str], Project, Path, set[str]]
"""`sgkit collect`'s run, the checkout copy, the inbox, and the attackers whose payload was made."""
HubRun = tuple[dict[str, Any], dict[str, str], Path, Path]
"""nbgrader's collect result, role -> learner account, the inbound folder, the submitted folder."""


def released(project: Project) -> Path:
    return project.release_dir / COURSE / ASSIGNMENT / NOTEBOOK


def instructor(project: Project) -> Path:
    return project.notebooks_dir / COURSE / ASSIGNMENT / NOTEBOOK


def tampered(project: Project, change: Callable[[dict[str, Any]], None]) -> str:
    """The released notebook with one nbgrader field changed."""
    nb = json.loads(released(project).read_text())
    change(next(c["metadata"]["nbgrader"] for c in nb["cells"] if "nbgrader" in c["metadata"]))
    return json.dumps(nb)


# The attacks: each makes its learner folder `mine` in the inbox. False: this machine cannot.


def link_instructor(mine: Path, project: Project) -> None:
    mine.mkdir()
    (mine / NOTEBOOK).symlink_to(instructor(project))


def link_peer(mine: Path, project: Project) -> None:
    mine.mkdir()
    (mine / NOTEBOOK).symlink_to(mine.parent / "ada" / NOTEBOOK)


def link_learner_folder(mine: Path, project: Project) -> None:
    mine.symlink_to(mine.parent / "ada", target_is_directory=True)


def link_assignment_folder(mine: Path, project: Project) -> None:
    mine.mkdir()
    (mine / ASSIGNMENT).symlink_to(instructor(project).parent, target_is_directory=True)


def hard_link(mine: Path, project: Project) -> None:
    mine.mkdir()
    outside = shutil.copy(instructor(project), mine.parent.parent / f"{mine.name}-solutions.ipynb")
    (mine / NOTEBOOK).hardlink_to(outside)


def fifo(mine: Path, project: Project) -> None:
    mine.mkdir()
    os.mkfifo(mine / NOTEBOOK)


def device(mine: Path, project: Project) -> bool:
    mine.mkdir()
    try:
        os.mknod(mine / NOTEBOOK, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # /dev/null's numbers
    except PermissionError:
        return False
    return True


def oversized(mine: Path, project: Project) -> None:
    mine.mkdir()
    os.truncate(shutil.copy(released(project), mine / NOTEBOOK), MAX_FILE_BYTES + 1)


def list_grade_id(mine: Path, project: Project) -> None:
    mine.mkdir()
    changed = tampered(project, lambda meta: meta.update(grade_id=["intro", "setup"]))
    (mine / NOTEBOOK).write_text(changed)


def string_points(mine: Path, project: Project) -> None:
    mine.mkdir()
    (mine / NOTEBOOK).write_text(
        tampered(project, lambda meta: meta.update(grade=True, points="2"))
    )


@dataclass(frozen=True)
class Attack:
    make: Callable[[Path, Project], bool | None]
    file: str  # the file the refusal names, below the inbox
    reason: str  # words the refusal must contain


ATTACKS = {
    "link-instructor": Attack(link_instructor, f"link-instructor/{NOTEBOOK}",
                              "a symbolic link; only regular files are taken"),
    "link-peer": Attack(link_peer, f"link-peer/{NOTEBOOK}",
                        "a symbolic link; only regular files are taken"),
    "link-learner-folder": Attack(link_learner_folder, "link-learner-folder",
                                  "a symbolic link, not a folder"),
    "link-assignment-folder": Attack(link_assignment_folder, f"link-assignment-folder/{ASSIGNMENT}",
                                     "a symbolic link, not a folder"),
    "hard-link": Attack(hard_link, f"hard-link/{NOTEBOOK}", "has 2 hard links"),
    "fifo": Attack(fifo, f"fifo/{NOTEBOOK}", "a FIFO (named pipe); only regular files are taken"),
    "device": Attack(device, f"device/{NOTEBOOK}", "a device; only regular files are taken"),
    "oversized": Attack(oversized, f"oversized/{NOTEBOOK}", "over the 16 MiB limit"),
    "list-grade-id": Attack(list_grade_id, f"list-grade-id/{NOTEBOOK}",
                            "cell 1 (id 'intro'): nbgrader field 'grade_id' must be a string, not list"),
    "string-points": Attack(string_points, f"string-points/{NOTEBOOK}",
                            "cell 1 (id 'intro'): nbgrader field 'points' must be a number, not str"),
}  # fmt: skip


def make_inbox(project: Project, root: Path) -> tuple[Path, set[str]]:
    """Honest learners and every attacker in one inbox; the attackers whose payload could be made."""
    inbox = root / "inbox"
    (inbox / "ada").mkdir(parents=True)
    shutil.copy(released(project), inbox / "ada" / NOTEBOOK)
    (inbox / "ben" / ASSIGNMENT).mkdir(parents=True)  # the <learner>/<assignment>/ layout
    shutil.copy(released(project), inbox / "ben" / ASSIGNMENT / NOTEBOOK)
    made = set()
    for name, attack in ATTACKS.items():
        if attack.make(inbox / name, project) is not False:
            made.add(name)
        else:
            shutil.rmtree(inbox / name)
    return inbox, made


@pytest.fixture(scope="module")
def collected(project: Project, tmp_path_factory: pytest.TempPathFactory) -> CliRun:
    """`sgkit collect` run once, as a grader would, on a checkout copy and the shared inbox."""
    root = tmp_path_factory.mktemp("collect")
    checkout = Project(root / "checkout")
    for folder in ("courses", "notebooks", "release"):
        shutil.copytree(project.root / folder, checkout.root / folder)
    (checkout.root / "grading").mkdir()
    shutil.copy(project.root / "grading" / "nbgrader_config.py", checkout.root / "grading")
    inbox, attackers = make_inbox(checkout, root)
    done = subprocess.run(
        [sys.executable, "-m", "kit", "collect", ASSIGNMENT, "--from", str(inbox),
         "--project", str(checkout.root)],
        capture_output=True, text=True, timeout=300,  # a FIFO must not hang it
    )  # fmt: skip
    return done, checkout, inbox, attackers


def test_collect_imports_the_honest_learners_and_exits_1(
    collected: CliRun,
) -> None:
    done, checkout, _, _ = collected
    assert done.returncode == 1, done.stderr
    assert "imported 2 submissions: ada, ben" in done.stdout
    submitted = checkout.grading_dir / COURSE / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == HONEST
    assert (submitted / "ben" / ASSIGNMENT / NOTEBOOK).is_file()


def test_collect_lists_each_refused_learner_on_one_line(
    collected: CliRun,
) -> None:
    done, _, _, attackers = collected
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == len(attackers), done.stderr
    assert all(line.startswith("refused ") for line in lines)
    assert {line.split()[1].rstrip(":") for line in lines} == attackers


@pytest.mark.parametrize("attacker", ATTACKS)
def test_each_attack_is_refused_naming_learner_and_file(collected: CliRun, attacker: str) -> None:
    done, checkout, inbox, attackers = collected
    if attacker not in attackers:
        pytest.skip(f"{attacker}: this machine cannot make the payload (no CAP_MKNOD)")
    (line,) = [x for x in done.stderr.splitlines() if x.startswith(f"refused {attacker}: ")]
    assert line.startswith(f"refused {attacker}: {inbox / ATTACKS[attacker].file}: ")
    assert ATTACKS[attacker].reason in line
    assert not (checkout.grading_dir / COURSE / "submitted" / attacker).exists()


def test_the_library_imports_the_rest_then_raises_with_the_refusals(
    project: Project, tmp_path: Path
) -> None:
    inbox, attackers = make_inbox(project, tmp_path)
    grading = CourseGrading.for_project(project, COURSE, grading_dir=tmp_path / "grading")
    with pytest.raises(RefusedSubmissionsError) as caught:
        grading.import_submissions(ASSIGNMENT, inbox, [ASSIGNMENT])
    assert caught.value.imported == tuple(HONEST)
    assert {r.learner for r in caught.value.refused} == attackers
    assert caught.value.exit_code == 1
    assert grading.submitted_learners(ASSIGNMENT) == HONEST


@pytest.mark.parametrize("name", ["..", "../ada/search-basics.ipynb", "a/b", ""])
def test_a_name_with_path_parts_is_refused(tmp_path: Path, name: str) -> None:
    (tmp_path / "ada").mkdir()
    with (
        SubmittedFolder.grader(tmp_path) as root,
        root.folder("ada") as folder,
        pytest.raises(NotebookError, match="has path parts"),
    ):
        folder.read(name)


# The hub's collect: nbgrader's exchange with the kit's KitCollect, run as root as the formgrader does.


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Raise TimeoutError if the block takes longer (a FIFO must not hang collect)."""

    def expire(*_: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def unix_users(count: int) -> list[pwd.struct_passwd]:
    """Existing unprivileged accounts to play learners (files are chowned to them, nothing runs)."""
    found = [u for u in sorted(pwd.getpwall(), key=lambda u: u.pw_uid)
             if u.pw_uid != 0 and LEARNER_ID.match(u.pw_name)]  # fmt: skip
    if os.geteuid() != 0 or len(found) < count:
        pytest.fail("the hub collect test chowns files to learners' accounts: run it as root")
    return found[:count]


def chown_tree(path: Path, uid: int) -> None:
    os.lchown(path, uid, -1)
    if path.is_dir() and not path.is_symlink():
        for child in path.iterdir():
            chown_tree(child, uid)


HUB_ATTACKS = ["honest", "linked-submission", "link-instructor", "hard-link", "foreign-owner",
               "fifo", "list-grade-id", "bad-name"]  # fmt: skip


@pytest.fixture(scope="module")
def hub_collected(project: Project, tmp_path_factory: pytest.TempPathFactory) -> HubRun:
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    root = tmp_path_factory.mktemp("hub-collect")
    users = dict(zip(HUB_ATTACKS, unix_users(len(HUB_ATTACKS)), strict=True))
    inbound = root / "exchange" / COURSE / "inbound"
    inbound.mkdir(parents=True)
    stamp = "2026-01-05 10:00:00.000000 UTC"

    def submission(role: str) -> Path:
        folder = inbound / f"{users[role].pw_name}+{ASSIGNMENT}+{stamp}+{role}"
        folder.mkdir()
        (folder / "timestamp.txt").write_text(stamp)
        return folder

    honest = submission("honest")
    shutil.copy(released(project), honest / NOTEBOOK)
    linked = inbound / f"{users['linked-submission'].pw_name}+{ASSIGNMENT}+{stamp}+linked"
    linked.symlink_to(honest, target_is_directory=True)  # B files A's submission as their own
    (submission("link-instructor") / NOTEBOOK).symlink_to(instructor(project))
    solutions = shutil.copy(instructor(project), root / "solutions.ipynb")
    (submission("hard-link") / NOTEBOOK).hardlink_to(solutions)
    foreign = submission("foreign-owner") / NOTEBOOK
    shutil.copy(released(project), foreign)
    os.mkfifo(submission("fifo") / NOTEBOOK)
    (submission("list-grade-id") / NOTEBOOK).write_text(
        tampered(project, lambda meta: meta.update(grade_id=["intro"]))
    )
    bad_name = inbound / f"{users['bad-name'].pw_name}+{ASSIGNMENT}+not-a-time"
    bad_name.mkdir()
    for user in users.values():
        for entry in inbound.glob(f"{user.pw_name}+*"):
            chown_tree(entry, user.pw_uid)
    os.chown(foreign, users["honest"].pw_uid, -1)  # another learner's file in their folder
    os.chown(root / "solutions.ipynb", 0, -1)

    layout = course_layout(COURSE, notebooks_dir=project.notebooks_dir,
                           release_dir=project.release_dir, grading_dir=root / "grading")  # fmt: skip
    layout.course_root.mkdir(parents=True)
    prepare_gradebook(layout.db_url)
    config = nbgrader_config(layout)
    apply_exchange(config, root / "exchange")
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    with pytest.MonkeyPatch.context() as patch, deadline(120):
        # nbgrader runs `alembic` from PATH, as on the hub: this environment's.
        patch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
        result = api.collect(ASSIGNMENT)
    names = {role: user.pw_name for role, user in users.items()}
    return result, names, inbound, layout.course_root / "submitted"


def test_hub_collect_takes_the_honest_learner_and_reports_the_refused(
    hub_collected: HubRun, project: Project
) -> None:
    result, names, _, submitted = hub_collected
    assert not result["success"]
    assert "refused 6 submissions (listed above); collected the rest" in result["log"]
    assert [p.name for p in submitted.iterdir()] == [names["honest"]]
    copy = submitted / names["honest"] / ASSIGNMENT / NOTEBOOK
    assert copy.read_bytes() == released(project).read_bytes()
    assert copy.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("role", "file", "reason"),
    [
        ("linked-submission", "", "a symbolic link, not a folder"),
        ("link-instructor", NOTEBOOK, "a symbolic link; only regular files are taken"),
        ("hard-link", NOTEBOOK, "has 2 hard links"),
        ("foreign-owner", NOTEBOOK, "not by the learner"),
        ("fifo", NOTEBOOK, "a FIFO (named pipe)"),
        ("list-grade-id", NOTEBOOK, "nbgrader field 'grade_id' must be a string, not list"),
    ],
)
def test_hub_collect_refuses_each_attack_in_one_line(
    hub_collected: HubRun,
    role: str,
    file: str,
    reason: str,
) -> None:
    result, names, inbound, _ = hub_collected
    (entry,) = inbound.glob(f"{names[role]}+*")
    where = entry / file if file else entry
    (line,) = [x for x in result["log"].splitlines() if f"refused {names[role]}: " in x]
    assert f"refused {names[role]}: {where}: " in line and reason in line


def test_hub_collect_skips_a_badly_named_entry_without_stopping(
    hub_collected: HubRun,
) -> None:
    result, names, _, _ = hub_collected
    assert f"'{names['bad-name']}+{ASSIGNMENT}+not-a-time' is not named" in result["log"]
