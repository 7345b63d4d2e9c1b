"""The exchange folders of the hub's courses, prepared by the hub (as root).

    <exchange_root>/                      root 0755   course names are no secret
      <course>/                           grade-<course>:sgkit-<course> 0750   course members
                                                      and the course's grader only
        outbound/                         grade-<course> 0755   released assignments (learners
                                                      read them, only the grader writes)
        inbound/                          grade-<course>:grade-<course> 3703   drop box: learners
                                                      create entries, cannot list, rename or
                                                      delete others' (sticky); what they create
                                                      belongs to the grader's private group
                                                      (set-group-ID), so the grader reads
                                                      submissions (0750/0640) and no learner does
        feedback/                         grade-<course>:sgkit-<course> 0710   learners fetch
                                                      their own feedback by its (unguessable) name

The formgrader runs as `grade-<course>` (kit.hub.accounts): nbgrader's release and collect insist
on owning the course's folders. Learners of another course cannot enter the course folder at all.
"""

from __future__ import annotations

import os
import pwd
import tempfile
from pathlib import Path

from kit.errors import ConfigError
from kit.hub.accounts import ensure_group, user_exists
from kit.hub.settings import HubCourse, HubSettings

ROOT_MODE = 0o755
COURSE_MODE = 0o750
OUTBOUND_MODE = 0o755
INBOUND_MODE = 0o3703
FEEDBACK_MODE = 0o710
SUBMITTED_DIR = 0o750
SUBMITTED_FILE = 0o640


def _folder(path: Path, mode: int, uid: int = 0, gid: int = 0) -> None:
    path.mkdir(parents=True, exist_ok=True)
    os.chown(path, uid, gid)
    path.chmod(mode)


def prepare_course(exchange_root: Path, course: HubCourse, grader: pwd.struct_passwd) -> Path:
    """Create one course's exchange folders with their owners and modes; the course folder."""
    gid = ensure_group(course.unix_group, list(course.learners))
    folder = exchange_root / course.id
    uid = grader.pw_uid
    _folder(folder, COURSE_MODE, uid, gid)
    _folder(folder / "outbound", OUTBOUND_MODE, uid, gid)
    _folder(folder / "inbound", INBOUND_MODE, uid, grader.pw_gid)
    _folder(folder / "feedback", FEEDBACK_MODE, uid, gid)
    return folder


def prepare_exchange(settings: HubSettings, graders: dict[str, pwd.struct_passwd]) -> None:
    """Create the exchange root and every course's folders (idempotent; run as root).

    `graders` maps each course id to its grader's account (kit.hub.accounts.ensure_graders).
    """
    missing = [
        user for course in settings.courses for user in course.learners if not user_exists(user)
    ]
    if missing:
        raise ConfigError(
            f"learner {missing[0]!r} has no Unix user; create it (useradd -m {missing[0]})",
            where="hub settings",
        )
    _folder(settings.exchange_root, ROOT_MODE)
    for course in settings.courses:
        prepare_course(settings.exchange_root, course, graders[course.id])


def share_with_grader(submission: Path, inbound: Path) -> None:
    """Make a submission its learner's and the course grader's only: folders 0750, files 0640.

    Run as the learner, after nbgrader's submit. What nbgrader copied into the drop box inherited
    the grader's group from it (set-group-ID). The files nbgrader writes after copying the
    folder's mode (`timestamp.txt`, `submission_secret.txt`) did not: a learner's chmod drops
    that bit. They are written again through the drop box, which gives them the grader's group.
    """
    gid = inbound.stat().st_gid
    for folder, _, files in os.walk(submission):
        for name in files:
            path = Path(folder, name)
            if path.is_symlink():  # collect refuses it anyway; never chmod what it points to
                continue
            if path.stat().st_gid != gid:
                _rewrite_in_group(path, inbound)
            path.chmod(SUBMITTED_FILE)
        Path(folder).chmod(SUBMITTED_DIR)


def _rewrite_in_group(path: Path, inbound: Path) -> None:
    descriptor, made = tempfile.mkstemp(dir=inbound, prefix=".submitting-")
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(path.read_bytes())
    Path(made).replace(path)
