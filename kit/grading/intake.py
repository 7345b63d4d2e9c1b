"""What learners submit, read as hostile input: regular files only, then a well-typed notebook.

`sgkit collect` and the hub's collect (which runs as root) read every submitted file through here.
A folder is opened with O_DIRECTORY|O_NOFOLLOW relative to its parent's descriptor, a file with
O_NOFOLLOW|O_NONBLOCK, and the rules apply to what was opened (its fstat), never to a path:

- regular files only: a symbolic link (at any level below the grader's folder), a FIFO, a socket
  or a device is refused, and so is a file with more than one hard link (it may be someone else's);
- a name is one plain path component (no `/`, `.` or `..`); a file holds at most MAX_FILE_BYTES;
- where the reader is root (the hub), every folder and file must be owned by the learner;
- a notebook must be valid nbformat 4 with well-typed nbgrader fields (a list as `grade_id` is a
  refusal naming the cell, not an exception in the grader).

Breaking a rule refuses that learner with one line naming the file (`Refusal`); the batch goes on.
"""

from __future__ import annotations

import math
import os
import re
import stat
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from kit.errors import NotebookError

LEARNER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MAX_FILE_BYTES = 16 * 1024 * 1024
"""The largest submitted file taken (a course notebook is well under 1 MiB)."""
MAX_SUBMISSION_BYTES = 64 * 1024 * 1024
MAX_SUBMISSION_FILES = 1000
MAX_FOLDER_DEPTH = 8

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
# O_NONBLOCK: a FIFO swapped in after the lstat must not block the open.
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC


def shown(text: str) -> str:
    """`text` on one line: control characters (a newline in a file name) escaped."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


@dataclass(frozen=True)
class Refusal:
    """A learner whose submission was not taken: which file, and why."""

    learner: str
    file: str
    reason: str

    @classmethod
    def of(cls, learner: str, error: NotebookError) -> Refusal:
        """The refusal of `learner` for an intake error (its `where` is the file)."""
        return cls(learner, error.where or "?", error.message)

    def __str__(self) -> str:
        return f"{shown(self.learner)}: {shown(self.file)}: {shown(self.reason)}"


class RefusedSubmissionsError(NotebookError):
    """Some learners were refused at intake (exit 1); every other one was imported."""

    exit_code = 1

    def __init__(self, refused: Sequence[Refusal], imported: Sequence[str]) -> None:
        self.refused = tuple(refused)
        self.imported = tuple(imported)
        more = f" (and {len(refused) - 1} more)" if len(refused) > 1 else ""
        super().__init__(f"refused {refused[0]}{more}; imported {len(imported)} learners")


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    kinds = [
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
    ]
    return next((words for test, words in kinds if test(mode)), "not a regular file")


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.3g} MiB"


class SubmittedFolder:
    """An open folder of submissions; what lies below it is opened by descriptor, links refused.

    `owner`, when set, is the uid that must own every folder and file opened below.
    """

    def __init__(self, fd: int, path: Path, owner: int | None) -> None:
        self.fd = fd
        self.path = path
        self.owner = owner

    @classmethod
    @contextmanager
    def grader(cls, path: Path) -> Iterator[SubmittedFolder]:
        """The grader's own folder (an inbox, the exchange's inbound), opened as given."""
        try:
            fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except OSError as exc:
            raise NotebookError(
                f"submissions folder cannot be opened ({exc.strerror})", where=path
            ) from None
        with cls(fd, path, None) as folder:
            yield folder

    def __enter__(self) -> SubmittedFolder:
        return self

    def __exit__(self, *_: object) -> None:
        os.close(self.fd)

    def entries(self) -> list[tuple[str, int]]:
        """Each name here with its mode as it stands (not followed), by name."""
        with os.scandir(self.fd) as found:
            return sorted((e.name, e.stat(follow_symlinks=False).st_mode) for e in found)

    def mode(self, name: str) -> int | None:
        """The mode of `name` here as it stands (a link is a link), None if there is none."""
        try:
            return os.lstat(self._checked(name), dir_fd=self.fd).st_mode
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise NotebookError(
                f"cannot be read ({exc.strerror})", where=self.path / name
            ) from None

    def folder(self, name: str, *, owner: int | None = None) -> SubmittedFolder:
        """The folder `name` here, opened without following a link; `owner` (or this folder's) must own it."""
        required = self.owner if owner is None else owner
        where = self.path / name
        mode = self.mode(name)
        if mode is None:
            raise NotebookError("not found", where=where)
        if not stat.S_ISDIR(mode):
            raise NotebookError(f"{_kind(mode)}, not a folder", where=where)
        fd = self._open(name, _DIR_FLAGS)
        try:
            info = os.fstat(fd)
            if not stat.S_ISDIR(info.st_mode):
                raise NotebookError(f"{_kind(info.st_mode)}, not a folder", where=where)
            _check_owner(info, required, where)
        except BaseException:
            os.close(fd)
            raise
        return SubmittedFolder(fd, where, required)

    def read(self, name: str, *, limit: int = MAX_FILE_BYTES) -> bytes:
        """The bytes of the regular file `name` here, checked on what was opened."""
        where = self.path / name
        mode = self.mode(name)
        if mode is None:
            raise NotebookError("not found", where=where)
        if not stat.S_ISREG(mode):  # checked before opening: opening a device can act on it
            raise NotebookError(f"{_kind(mode)}; only regular files are taken", where=where)
        fd = self._open(name, _FILE_FLAGS)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise NotebookError(
                    f"{_kind(info.st_mode)}; only regular files are taken", where=where
                )
            if info.st_nlink > 1:
                raise NotebookError(
                    f"has {info.st_nlink} hard links; a hard-linked file may be someone else's",
                    where=where,
                )
            _check_owner(info, self.owner, where)
            if info.st_size > limit:
                raise NotebookError(
                    f"{info.st_size:,} bytes, over the {_mib(limit)} limit", where=where
                )
            chunks: list[bytes] = []
            size = 0
            while chunk := os.read(fd, 1 << 20):
                size += len(chunk)
                if size > limit:
                    raise NotebookError(f"over the {_mib(limit)} limit", where=where)
                chunks.append(chunk)
            return b"".join(chunks)
        except OSError as exc:
            raise NotebookError(f"cannot be read ({exc.strerror})", where=where) from None
        finally:
            os.close(fd)

    def _checked(self, name: str) -> str:
        if name in ("", ".", "..") or "/" in name or "\0" in name:
            raise NotebookError(
                f"the name {name!r} has path parts; only plain names are taken", where=self.path
            )
        return name

    def _open(self, name: str, flags: int) -> int:
        try:
            return os.open(name, flags, dir_fd=self.fd)
        except OSError as exc:  # ELOOP: a link swapped in after the lstat
            raise NotebookError(
                f"cannot be opened ({exc.strerror})", where=self.path / name
            ) from None


def _check_owner(info: os.stat_result, owner: int | None, where: Path) -> None:
    if owner is not None and info.st_uid != owner:
        raise NotebookError(
            f"owned by {_user(info.st_uid)}, not by the learner ({_user(owner)})", where=where
        )


def _user(uid: int) -> str:
    import pwd

    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def read_tree(
    folder: SubmittedFolder, *, skip: Callable[[str, bool], bool] | None = None
) -> dict[PurePosixPath, bytes]:
    """Every file below `folder` by relative path, notebooks validated; NotebookError at the first refusal.

    `skip(name, is_folder)` leaves out what nbgrader would not copy (checkpoints, caches).
    """
    files: dict[PurePosixPath, bytes] = {}

    def walk(current: SubmittedFolder, prefix: PurePosixPath) -> None:
        for name, mode in current.entries():
            if skip is not None and skip(name, stat.S_ISDIR(mode)):
                continue
            if stat.S_ISDIR(mode):
                if len(prefix.parts) >= MAX_FOLDER_DEPTH:
                    raise NotebookError(
                        f"folders nested deeper than {MAX_FOLDER_DEPTH}", where=current.path / name
                    )
                with current.folder(name) as below:
                    walk(below, prefix / name)
                continue
            data = current.read(name)
            if name.endswith(".ipynb"):
                parse_notebook(data, current.path / name)
            files[prefix / name] = data
            if len(files) > MAX_SUBMISSION_FILES:
                raise NotebookError(f"more than {MAX_SUBMISSION_FILES} files", where=folder.path)
            if sum(map(len, files.values())) > MAX_SUBMISSION_BYTES:
                raise NotebookError(f"over {_mib(MAX_SUBMISSION_BYTES)} in all", where=folder.path)

    walk(folder, PurePosixPath())
    return files


def parse_notebook(data: bytes, where: Path) -> Any:
    """The notebook in `data`: valid nbformat 4 with well-typed nbgrader fields, or NotebookError."""
    import nbformat
    from nbformat import reader, validator
    from nbformat.warnings import MissingIDFieldWarning

    try:
        nb = nbformat.convert(reader.reads(data.decode("utf-8")), 4)  # type: ignore[no-untyped-call]
        # A 4.5 notebook without cell ids gets ids, as nbformat's own read gives them.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MissingIDFieldWarning)
            nb = nbformat.from_dict(validator.normalize(nb)[1])  # type: ignore[no-untyped-call]
        nbformat.validate(nb)
    except reader.NotJSONError:  # its message quotes the file
        raise NotebookError("not a readable notebook: not JSON", where=where) from None
    except (nbformat.ValidationError, nbformat.NBFormatError) as exc:
        detail = str(getattr(exc, "message", exc)).splitlines()[0][:200]
        raise NotebookError(f"not a readable notebook: {detail}", where=where) from None
    except Exception as exc:  # a hostile structure breaks the reader in many ways
        raise NotebookError(
            f"not a readable notebook ({type(exc).__name__})", where=where
        ) from None
    _check_nbgrader_fields(nb, where)
    return nb


_NBGRADER_FIELDS: dict[str, tuple[tuple[type, ...], str]] = {
    "grade_id": ((str,), "a string"),
    "points": ((int, float), "a number"),
    "schema_version": ((int,), "an integer"),
    "grade": ((bool,), "true or false"),
    "solution": ((bool,), "true or false"),
    "locked": ((bool,), "true or false"),
    "task": ((bool,), "true or false"),
    "checksum": ((str,), "a string"),
    "cell_type": ((str,), "a string"),
}


def _check_nbgrader_fields(nb: Any, where: Path) -> None:
    """Refuse nbgrader cell metadata of the wrong type, naming the cell."""
    for index, cell in enumerate(nb.cells, start=1):
        if "nbgrader" not in cell.metadata:
            continue
        cell_id = cell.get("id")
        name = f"cell {index}" + (f" (id {cell_id!r})" if isinstance(cell_id, str) else "")
        meta = cell.metadata["nbgrader"]
        if not isinstance(meta, Mapping):
            raise NotebookError(f"{name}: nbgrader metadata is not a mapping", where=where)
        for field, (types, words) in _NBGRADER_FIELDS.items():
            if field not in meta:
                continue
            value = meta[field]
            if (
                not isinstance(value, types)
                or (bool not in types and isinstance(value, bool))  # True is an int to Python
                or (isinstance(value, float) and not math.isfinite(value))
            ):
                raise NotebookError(
                    f"{name}: nbgrader field {field!r} must be {words}, not {type(value).__name__}",
                    where=where,
                )


@dataclass(frozen=True)
class Inbox:
    """The notebooks taken from an inbox (learner -> notebook name -> notebook), and who was refused."""

    accepted: Mapping[str, Mapping[str, Any]]
    refused: tuple[Refusal, ...]


def read_inbox(inbox: Path, assignment_id: str, notebooks: Sequence[str]) -> Inbox:
    """Read `inbox/<learner>/[<assignment>/]<notebook>.ipynb` for every learner, by the rules above."""
    if not inbox.is_dir():
        raise NotebookError("submissions folder not found", where=inbox)
    accepted: dict[str, dict[str, Any]] = {}
    refused: list[Refusal] = []
    with SubmittedFolder.grader(inbox) as root:
        for learner, mode in root.entries():
            if not (stat.S_ISDIR(mode) or stat.S_ISLNK(mode)):
                continue  # a stray file beside the learner folders
            try:
                if not LEARNER_ID.match(learner):
                    raise NotebookError(
                        "not a valid learner id (letters, digits, . _ -)", where=inbox / learner
                    )
                taken, problems = _learner_notebooks(root, learner, assignment_id, notebooks)
            except NotebookError as exc:
                refused.append(Refusal.of(learner, exc))
                continue
            if problems:
                refused.extend(Refusal.of(learner, problem) for problem in problems)
            else:
                accepted[learner] = taken
    return Inbox(accepted, tuple(refused))


def _learner_notebooks(
    root: SubmittedFolder, learner: str, assignment_id: str, notebooks: Sequence[str]
) -> tuple[dict[str, Any], list[NotebookError]]:
    """The learner's notebooks, and a problem for every one that cannot be taken (all of them
    named, not only the first); a missing one says which notebooks the folder does hold."""
    taken: dict[str, Any] = {}
    problems: list[NotebookError] = []
    with ExitStack() as stack:
        base = stack.enter_context(root.folder(learner))
        mode = base.mode(assignment_id)
        if mode is not None and not stat.S_ISREG(mode):  # a link there is refused, not skipped
            base = stack.enter_context(base.folder(assignment_id))
        for name in notebooks:
            where = base.path / f"{name}.ipynb"
            try:
                taken[name] = parse_notebook(base.read(f"{name}.ipynb"), where)
            except NotebookError as exc:
                if exc.message == "not found":
                    exc = NotebookError(f"not found{_found_instead(base, name)}", where=where)
                problems.append(exc)
    return taken, problems


def _found_instead(folder: SubmittedFolder, name: str) -> str:
    """` (this folder holds a.ipynb, b.ipynb; did you mean ...)`, or ` (no notebook here)`."""
    found = [entry for entry, mode in folder.entries() if entry.endswith(".ipynb")]
    if not found:
        return " (no notebook in this folder)"
    import difflib

    listed = ", ".join(shown(f) for f in found[:5]) + (" ..." if len(found) > 5 else "")
    close = difflib.get_close_matches(f"{name}.ipynb", found, n=1, cutoff=0.6)
    guess = f"; rename {shown(close[0])} to {name}.ipynb if it is this one" if close else ""
    return f" (this folder holds {listed}{guess})"
