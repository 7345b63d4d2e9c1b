"""nbgrader's file-system exchange, hardened for learners who share one machine.

nbgrader's default exchange is one world-writable folder (nbgrader #1225, #1174): submissions are
hidden only by unguessable names, each left mode 0777, and collect merely warns when a
submission filed under one learner's name belongs to another's Unix user. Here:

- the exchange folders are prepared once by the hub (kit.hub.folders), so no step chmods the
  exchange root or needs to write into it (`ensure_root` only checks it can be entered);
- a submission is private to its learner (folders 0700, files 0600); collect runs as the grader
  (root), which reads it anyway;
- collect takes a learner's submissions only from that learner's own Unix user.

Select them with `ExchangeFactory` settings (kit.hub.nbgrader does).
"""

from __future__ import annotations

import os
import pwd
from collections import defaultdict
from pathlib import Path
from typing import Any

from nbgrader.exchange.default import (
    ExchangeCollect,
    ExchangeFetchAssignment,
    ExchangeFetchFeedback,
    ExchangeList,
    ExchangeReleaseAssignment,
    ExchangeReleaseFeedback,
    ExchangeSubmit,
)
from nbgrader.utils import check_directory

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
    """Submit, then make the submission private to the learner."""

    def copy_files(self) -> None:
        super().copy_files()
        make_private(Path(self.inbound_path) / self.assignment_filename)


class KitCollect(_PreparedRoot, ExchangeCollect):  # type: ignore[misc]
    """Collect only submissions owned by the Unix user of the learner they are filed under."""

    def init_src(self) -> None:
        super().init_src()
        pattern = f"{self.coursedir.student_id or '*'}+{self.coursedir.assignment_id}+*"
        genuine: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for path in Path(self.inbound_path).glob(pattern):
            record = self._path_to_record(str(path))
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
        self.src_records = chosen


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
