"""What learners must never read, closed by file modes at each hub start (as root).

    <checkout>/               its owner, group sgkit-graders, 0750: graders enter, learners
                              cannot, so they read nothing there (kit/, courses/' trainer guides,
                              tests/) and cannot import the kit from it
      notebooks/              its owner, group sgkit-graders, 0750: solutions and hidden tests
      grading/                0700: gradebooks, grading/records.db, the hub's configuration
    the key folder            0700, its files 0600 ($SGKIT_KEY_DIR, else ~/.config/sgkit/keys)
    the records database      0600 when it is an SQLite file outside grading/
    the hub settings file     group and others' bits off: it may hold the gradebook's password
    each hub user's home      group and others' bits off: learners cannot read each other's work
    <state_dir>/courses/<c>/  grade-<c>, 0700, all of it: the course's gradebook and submissions

Learners run an installed copy of the kit (kit.hub.learner_env), so nothing of theirs needs the
checkout. Root-run grading hands the course root back to its grader (`hand_over`).
"""

from __future__ import annotations

import grp
import os
import pwd
import stat
from pathlib import Path

from kit.hub.accounts import GRADERS_GROUP
from kit.project import Project

CHECKOUT_MODE = 0o750
NOTEBOOKS_MODE = 0o750
GRADING_MODE = 0o700
KEY_DIR_MODE = 0o700
SECRET_FILE_MODE = 0o600
COURSE_ROOT_MODE = 0o700


def lock_checkout(project: Project) -> None:
    """Close the checkout to everyone but its owner and the graders; grading/ to its owner."""
    graders_gid = grp.getgrnam(GRADERS_GROUP).gr_gid
    for folder, mode in ((project.root, CHECKOUT_MODE), (project.notebooks_dir, NOTEBOOKS_MODE)):
        if folder.is_dir():
            os.chown(folder, -1, graders_gid)
            folder.chmod(mode)
    if project.grading_dir.is_dir():
        project.grading_dir.chmod(GRADING_MODE)


def lock_secrets(project: Project, settings_file: Path) -> None:
    """The issuer's key folder, an SQLite records database and the hub settings: owner only."""
    from kit.certify.keys import key_dir
    from kit.records.location import records_url

    keys = key_dir()
    if keys.is_dir() and not keys.is_symlink():
        keys.chmod(KEY_DIR_MODE)
        for entry in keys.iterdir():
            if stat.S_ISREG(entry.lstat().st_mode):
                entry.chmod(SECRET_FILE_MODE)
    records = _sqlite_file(records_url(project))
    if records is not None and records.is_file() and not records.is_symlink():
        records.chmod(SECRET_FILE_MODE)
    mode = stat.S_IMODE(settings_file.stat().st_mode)
    settings_file.chmod(mode & 0o700)


def _sqlite_file(url: str) -> Path | None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:  # the records commands say what is wrong with it
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


def close_homes(users: list[str]) -> None:
    """Take group and others' permissions off each user's home folder (when it is theirs).

    Hub users without a Unix account (graders under the test authenticator) are skipped.
    """
    for user in users:
        try:
            account = pwd.getpwnam(user)
        except KeyError:
            continue
        home = Path(account.pw_dir)
        try:
            info = home.lstat()
        except FileNotFoundError:
            continue
        if stat.S_ISDIR(info.st_mode) and info.st_uid == account.pw_uid:
            home.chmod(stat.S_IMODE(info.st_mode) & 0o700)


def hand_over(course_root: Path, account: pwd.struct_passwd) -> None:
    """Make a course root and everything in it the grader's, the root itself 0700.

    Walks by descriptor without following links (os.fwalk): the grader owns the folders and
    could swap one for a link to a system file while root walks them.
    """
    uid, gid = account.pw_uid, account.pw_gid
    course_root.mkdir(parents=True, exist_ok=True)
    os.chown(course_root, uid, gid)
    course_root.chmod(COURSE_ROOT_MODE)
    for _, folders, files, fd in os.fwalk(course_root, follow_symlinks=False):
        for name in (*folders, *files):
            os.chown(name, uid, gid, dir_fd=fd, follow_symlinks=False)
