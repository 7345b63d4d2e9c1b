"""The exchange folders and Unix groups of the hub's courses, prepared by the hub (as root).

    <exchange_root>/                      root 0755   course names are no secret
      <course>/                           root:sgkit-<course> 0750   course members only
        outbound/                         root 0755   released assignments (read-only)
        inbound/                          root:sgkit-<course> 1730   drop box: members create
                                                      entries, cannot list, rename or delete
                                                      others' (sticky)
        feedback/                         root:sgkit-<course> 0710   members fetch their own
                                                      feedback by its (unguessable) name

Learners of another course cannot enter the course folder at all.
"""

from __future__ import annotations

import grp
import os
import subprocess
from pathlib import Path

from kit.errors import ConfigError
from kit.hub.settings import HubCourse, HubSettings

ROOT_MODE = 0o755
COURSE_MODE = 0o750
OUTBOUND_MODE = 0o755
INBOUND_MODE = 0o1730
FEEDBACK_MODE = 0o710


def ensure_group(name: str, members: list[str]) -> int:
    """Create the Unix group `name` if missing and make `members` exactly its members; its gid."""
    try:
        grp.getgrnam(name)
    except KeyError:
        _run(["groupadd", "--system", name], name)
    _run(["gpasswd", "--members", ",".join(members), name], name)
    return grp.getgrnam(name).gr_gid


def _run(argv: list[str], group: str) -> None:
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "failed"
        raise ConfigError(
            f"{argv[0]}: {detail} (the hub must run as root to manage course groups)",
            where=f"group {group}",
        )


def _folder(path: Path, mode: int, gid: int = 0) -> None:
    path.mkdir(parents=True, exist_ok=True)
    os.chown(path, 0, gid)
    path.chmod(mode)


def prepare_course(exchange_root: Path, course: HubCourse) -> Path:
    """Create one course's exchange folders with their owners and modes; the course folder."""
    gid = ensure_group(course.unix_group, list(course.learners))
    folder = exchange_root / course.id
    _folder(folder, COURSE_MODE, gid)
    _folder(folder / "outbound", OUTBOUND_MODE)
    _folder(folder / "inbound", INBOUND_MODE, gid)
    _folder(folder / "feedback", FEEDBACK_MODE, gid)
    return folder


def prepare_exchange(settings: HubSettings) -> None:
    """Create the exchange root and every course's folders (idempotent; run as root)."""
    missing = [
        user for course in settings.courses for user in course.learners if not _user_exists(user)
    ]
    if missing:
        raise ConfigError(
            f"learner {missing[0]!r} has no Unix user; create it (useradd -m {missing[0]})",
            where="hub settings",
        )
    _folder(settings.exchange_root, ROOT_MODE)
    for course in settings.courses:
        prepare_course(settings.exchange_root, course)


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
