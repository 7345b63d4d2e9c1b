"""A class list with real names (`sgkit roster import learners.csv`): nbgrader's students in each
course gradebook there is, and the records database, so feedback, the formgrader and certificates
show names, not ids.

Columns: `id,first_name,last_name,email` and, optionally, `customer`. Every row is checked before
anything is written; a bad row is one error naming the file, the line and the column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kit.csv_io import csv_rows
from kit.errors import ConfigError
from kit.grading.gradebook_db import gradebook_exists
from kit.grading.intake import LEARNER_ID
from kit.grading.layout import CourseLayout
from kit.records import Records

COLUMNS = ("id", "first_name", "last_name", "email")


@dataclass(frozen=True)
class Person:
    """One learner on the class list."""

    id: str
    first_name: str
    last_name: str
    email: str
    customer: str = ""

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class RosterImport:
    """What an import wrote: learners, and the course gradebooks they went into."""

    learners: int
    gradebooks: tuple[str, ...]


def read_roster(path: Path) -> list[Person]:
    """The class list at `path`, every row checked (ids unique, names and e-mail given)."""
    people: dict[str, Person] = {}
    for line, row in csv_rows(path, COLUMNS):
        values = {k: (row.get(k) or "").strip() for k in (*COLUMNS, "customer")}
        if not LEARNER_ID.match(values["id"]):
            raise ConfigError(
                f"line {line}, column id: {values['id']!r} is not a learner id "
                "(letters, digits, . _ -)",
                where=path,
            )
        for column in ("first_name", "last_name"):
            if not values[column]:
                raise ConfigError(f"line {line}, column {column}: empty", where=path)
        if "@" not in values["email"]:
            raise ConfigError(f"line {line}, column email: not an e-mail address", where=path)
        if values["id"] in people:
            raise ConfigError(f"line {line}, column id: {values['id']!r} listed twice", where=path)
        people[values["id"]] = Person(
            values["id"], values["first_name"], values["last_name"], values["email"],
            values["customer"],
        )  # fmt: skip
    if not people:
        raise ConfigError("no learners listed", where=path)
    return list(people.values())


def import_roster(
    people: Sequence[Person], layouts: Sequence[CourseLayout], records: Records
) -> RosterImport:
    """Write the names into the records database and into each course gradebook that exists
    (a course's gradebook is created by its first release or grading, not by a class list)."""
    from nbgrader.api import Gradebook

    for person in people:
        records.ensure_learner(person.id, person.name, person.email)
    written = []
    for layout in layouts:
        if not gradebook_exists(layout.db_url):
            continue
        with Gradebook(layout.db_url, layout.course_id) as gradebook:
            for person in people:
                gradebook.update_or_create_student(
                    person.id,
                    first_name=person.first_name,
                    last_name=person.last_name,
                    email=person.email,
                )
        written.append(layout.course_id)
    return RosterImport(len(people), tuple(written))
