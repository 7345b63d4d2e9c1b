"""nbgrader's file-system exchange, hardened for learners who share one machine.

nbgrader's default exchange is one world-writable folder (nbgrader #1225, #1174): submissions are
hidden only by unguessable names, each left mode 0777, and collect merely warns when a
submission filed under one learner's name belongs to another's Unix user. Here:

- the exchange folders are prepared once by the hub (kit.hub.folders), so no step chmods the
  exchange root or needs to write into it (`ensure_root` only checks it can be entered);
- a submission is its learner's and the course grader's only (folders 0750, files 0640, in the
  grader's private group: kit.hub.folders); collect runs as that grader, the formgrader's user;
- collect takes a learner's submissions only from that learner's own Unix user, and reads them
  by `kit.grading.intake`'s rules (regular files owned by the learner, checked on what was opened,
  valid notebooks): a learner who breaks one is refused with one line, the others are collected.

Select them with `ExchangeFactory` settings (kit.hub.nbgrader does).
"""

from __future__ import annotations

import fnmatch
import os
import pwd
from collections import defaultdict
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from nbgrader.exchange import ExchangeError
from nbgrader.exchange.default import (
    ExchangeCollect,
    ExchangeFetchAssignment,
    ExchangeFetchFeedback,
    ExchangeList,
    ExchangeReleaseAssignment,
    ExchangeReleaseFeedback,
    ExchangeSubmit,
)
from nbgrader.utils import check_directory, parse_utc

from kit.errors import NotebookError
from kit.grading.intake import LEARNER_ID, Refusal, SubmittedFolder, read_tree
from kit.hub.folders import share_with_grader

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def make_private(path: Path) -> None:
    """Make a folder tree readable and writable by its owner only."""
    for folder, _, files in os.walk(path):
        for name in files:
            Path(folder, name).chmod(PRIVATE_FILE)
        Path(folder).chmod(PRIVATE_DIR)


def owner_name(path: Path) -> str | None:
    """The Unix user owning `path`, or None for an unknown uid."""
    try:
        return pwd.getpwuid(path.lstat().st_uid).pw_name
    except KeyError:
        return None


class _PreparedRoot:
    """The exchange root exists already, prepared by the hub: check it, never chmod it."""

    root: str

    def ensure_root(self) -> None:
        if not check_directory(self.root, execute=True):
            self.fail(  # type: ignore[attr-defined]
                f"exchange folder {self.root} missing or not reachable; ask your trainer"
            )


class KitReleaseAssignment(_PreparedRoot, ExchangeReleaseAssignment):  # type: ignore[misc]
    """Release into the prepared course folder."""


class KitReleaseFeedback(_PreparedRoot, ExchangeReleaseFeedback):  # type: ignore[misc]
    """Release feedback into the prepared course folder."""


class KitFetchAssignment(_PreparedRoot, ExchangeFetchAssignment):  # type: ignore[misc]
    """Fetch a released assignment (learners cannot write the exchange root)."""


class KitFetchFeedback(_PreparedRoot, ExchangeFetchFeedback):  # type: ignore[misc]
    """Fetch feedback (learners cannot write the exchange root)."""


class KitList(_PreparedRoot, ExchangeList):  # type: ignore[misc]
    """List assignments (learners cannot write the exchange root)."""


class KitSubmit(_PreparedRoot, ExchangeSubmit):  # type: ignore[misc]
    """Submit, then make the submission readable by the learner and the course's grader only."""

    def copy_files(self) -> None:
        super().copy_files()
        inbound = Path(self.inbound_path)
        share_with_grader(inbound / self.assignment_filename, inbound)


class KitCollect(_PreparedRoot, ExchangeCollect):  # type: ignore[misc]
    """Collect each learner's newest submission, filed by their own Unix user, by intake's rules.

    A submission is read once, through descriptors (`kit.grading.intake`), and what was read is
    what is written to the course's submitted folder. A learner whose submission breaks a rule is
    refused with one logged line; the others are collected, then collect fails listing how many.
    """

    MAX_TIMESTAMP_BYTES = 100

    def init_src(self) -> None:
        if not self.coursedir.course_id:
            self.fail("No course id specified. Re-run with --course flag.")
        inbound = Path(self.root) / self.coursedir.course_id / "inbound"
        self.course_path, self.inbound_path = str(inbound.parent), str(inbound)  # nbgrader's
        if not inbound.is_dir():
            self.fail(f"Course not found: {inbound}")
        self.duedate = self._duedate()
        self.refused: list[Refusal] = []
        self.snapshots: dict[str, dict[PurePosixPath, bytes]] = {}
        with SubmittedFolder.grader(inbound) as folder:
            self.src_records = [r for r in self._newest_per_learner() if self._read(folder, r)]

    def copy_files(self) -> None:
        super().copy_files()
        if self.refused:
            self.fail(f"refused {len(self.refused)} submissions (listed above); collected the rest")

    def do_copy(self, src: str, dest: str, log: Any = None) -> None:
        """Write the submission as read at intake; the learner's folder is never read again."""
        target = Path(dest)
        target.mkdir(parents=True, exist_ok=True)
        for relative, data in self.snapshots[Path(src).name].items():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            (target / relative).write_bytes(data)
        make_private(target)

    def _duedate(self) -> datetime | None:
        from nbgrader.api import Gradebook, MissingEntry

        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gradebook:
            try:
                duedate: datetime | None = gradebook.find_assignment(
                    self.coursedir.assignment_id
                ).duedate
            except MissingEntry:
                return None
        return duedate

    def _newest_per_learner(self) -> list[dict[str, Any]]:
        """Per learner, the newest submission filed by their own Unix user (in time, if due)."""
        pattern = f"{self.coursedir.student_id or '*'}+{self.coursedir.assignment_id}+*"
        genuine: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for path in sorted(Path(self.inbound_path).glob(pattern)):
            try:
                record = self._path_to_record(str(path))
            except (ExchangeError, ValueError, OverflowError):
                record = None
            if record is None or not LEARNER_ID.match(record["username"]):
                self.log.warning("%r is not named user+assignment+time: not collected", path.name)
                continue
            owner = owner_name(path)
            if owner != record["username"]:
                self.log.warning(
                    "%s is filed under %s but belongs to %s: not collected",
                    path.name, record["username"], owner,
                )  # fmt: skip
                continue
            genuine[record["username"]].append(record)
        chosen = []
        for records in genuine.values():
            newest_first = self._sort_by_timestamp(records)
            in_time = [
                r for r in newest_first
                if self.duedate is not None and self.before_duedate and r["timestamp"] <= self.duedate
            ]  # fmt: skip
            chosen.append(in_time[0] if in_time else newest_first[0])
        return chosen

    def _read(self, inbound: SubmittedFolder, record: dict[str, Any]) -> bool:
        """Read one submission as its learner's files into `snapshots`; False if refused."""
        learner = record["username"]
        try:
            uid = pwd.getpwnam(learner).pw_uid
            with inbound.folder(record["filename"], owner=uid) as folder:
                files = read_tree(folder, skip=self._skipped)
                self._check_timestamp(files, folder.path / "timestamp.txt")
        except NotebookError as exc:
            refusal = Refusal.of(learner, exc)
            self.log.error("refused %s", refusal)
            self.refused.append(refusal)
            return False
        self.snapshots[record["filename"]] = files
        return True

    def _skipped(self, name: str, is_folder: bool) -> bool:
        """What nbgrader's copy leaves out: ignored names, and files not included."""
        if any(fnmatch.fnmatch(name, glob) for glob in self.coursedir.ignore):
            return True
        return not is_folder and not any(fnmatch.fnmatch(name, g) for g in self.coursedir.include)

    def _check_timestamp(self, files: dict[PurePosixPath, bytes], where: Path) -> None:
        """nbgrader parses timestamp.txt on the next collect: a bad one must not stop that."""
        stamp = files.get(PurePosixPath("timestamp.txt"))
        if stamp is None:
            return
        try:
            if len(stamp) > self.MAX_TIMESTAMP_BYTES:
                raise ValueError
            parse_utc(stamp.decode("utf-8").strip())
        except (ValueError, OverflowError):
            raise NotebookError("not a timestamp", where=where) from None


FACTORY_CLASSES = {
    "release_assignment": KitReleaseAssignment,
    "release_feedback": KitReleaseFeedback,
    "fetch_assignment": KitFetchAssignment,
    "fetch_feedback": KitFetchFeedback,
    "list": KitList,
    "submit": KitSubmit,
    "collect": KitCollect,
}
"""`ExchangeFactory` trait name -> the kit's class."""
