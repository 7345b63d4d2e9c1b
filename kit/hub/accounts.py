"""The Unix accounts the hub manages (as root): a group per course, a grader user per course.

    sgkit-<course>      group   the course's learners: they may enter its exchange folder
    grade-<course>      user    runs the course's formgrader; owns its course root and exchange
                                folders; its own private group is the group of every submission
    sgkit-graders       group   every grader user: may enter the checkout and read the
                                instructor notebooks (kit.hub.lockdown)

Learners' Unix users are the administrator's to create; grader users are created when missing.
"""

from __future__ import annotations

import grp
import os
import pwd
import subprocess
from pathlib import Path

from kit.errors import ConfigError
from kit.hub.settings import HubCourse, HubSettings

GRADERS_GROUP = "sgkit-graders"
NO_LOGIN = "/usr/sbin/nologin"


def ensure_group(name: str, members: list[str]) -> int:
    """Create the Unix group `name` if missing and make `members` exactly its members; its gid."""
    try:
        grp.getgrnam(name)
    except KeyError:
        _run(["groupadd", "--system", name], f"group {name}")
    _run(["gpasswd", "--members", ",".join(members), name], f"group {name}")
    return grp.getgrnam(name).gr_gid


def ensure_grader(settings: HubSettings, course: HubCourse) -> pwd.struct_passwd:
    """Create the course's grader user if missing, with a home in the hub's state; its account.

    Refused (ConfigError) when the account is root's or shares its primary group with anyone:
    that group can read every submission of the course.
    """
    name, home = course.grader_user, settings.grader_home(course)
    try:
        account = pwd.getpwnam(name)
    except KeyError:
        _run(["useradd", "--system", "--user-group", "--no-create-home", "--home-dir", str(home),
              "--shell", NO_LOGIN, name], f"user {name}")  # fmt: skip
        account = pwd.getpwnam(name)
    if Path(account.pw_dir) != home:  # the hub's state folder moved since the user was made
        _run(["usermod", "--home", str(home), name], f"user {name}")
        account = pwd.getpwnam(name)
    _check_private_group(account)
    home.parent.mkdir(parents=True, exist_ok=True)
    home.parent.chmod(0o711)
    home.mkdir(exist_ok=True)
    os.chown(home, account.pw_uid, account.pw_gid)
    home.chmod(0o700)
    return account


def _check_private_group(account: pwd.struct_passwd) -> None:
    if account.pw_uid == 0 or account.pw_gid == 0:
        raise ConfigError("must not be root", where=f"user {account.pw_name}")
    group = grp.getgrgid(account.pw_gid)
    others = {m for m in group.gr_mem if m != account.pw_name}
    others |= {u.pw_name for u in pwd.getpwall() if u.pw_gid == account.pw_gid} - {account.pw_name}
    if others:
        raise ConfigError(
            f"its primary group {group.gr_name} also holds {sorted(others)[0]}, who could read "
            "every submission; give it a group of its own (usermod --gid)",
            where=f"user {account.pw_name}",
        )


def ensure_graders(settings: HubSettings) -> dict[str, pwd.struct_passwd]:
    """Every course's grader user, all in the `sgkit-graders` group; course id -> account."""
    accounts = {course.id: ensure_grader(settings, course) for course in settings.courses}
    ensure_group(GRADERS_GROUP, sorted(a.pw_name for a in accounts.values()))
    return accounts


def user_exists(name: str) -> bool:
    """Whether the Unix user `name` exists."""
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _run(argv: list[str], where: str) -> None:
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "failed"
        raise ConfigError(
            f"{argv[0]}: {detail} (the hub must run as root to manage its accounts)", where=where
        )
