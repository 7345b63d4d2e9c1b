"""The template's rules for a published course's trainer's guide (`courses/<course>/trainer-guide.md`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from kit.courses import Course
from kit.lint.violations import Violation

GUIDE_NAME = "trainer-guide.md"
GUIDE_SECTIONS = (
    "Agenda",
    "Before the session",
    "Talking points",
    "Live demo script",
    "Common learner mistakes",
    "Train-the-trainer checklist",
)
MIN_CHECKLIST_ITEMS = 3
_HEADING = re.compile(r"^## +(.+?)\s*$", re.MULTILINE)
_CHECKBOX = re.compile(r"^\s*- \[ \] +\S", re.MULTILINE)


def guide_path(course: Course, courses_dir: Path) -> Path:
    """Where the trainer's guide of `course` lives."""
    return courses_dir / course.id / GUIDE_NAME


def trainer_guide(course: Course, courses_dir: Path) -> Iterator[Violation]:
    """T601 and T602: the guide exists with the six sections in order, and its train-the-trainer
    checklist has checkbox items a trainer ticks."""
    path = guide_path(course, courses_dir)
    if not path.is_file():
        yield Violation(path, None, "T601", "write the course's trainer's guide (see TEMPLATE.md)")
        return
    text = path.read_text(encoding="utf-8")
    headings = _HEADING.findall(text)
    present = [h for h in headings if h in GUIDE_SECTIONS]
    for section in GUIDE_SECTIONS:
        if section not in headings:
            yield Violation(path, None, "T601", f"add the section '## {section}'", field=section)
    if present != [s for s in GUIDE_SECTIONS if s in present]:
        yield Violation(path, None, "T601", f"order the sections: {', '.join(GUIDE_SECTIONS)}")
    checklist = _section(text, "Train-the-trainer checklist")
    if checklist is not None and len(_CHECKBOX.findall(checklist)) < MIN_CHECKLIST_ITEMS:
        yield Violation(
            path,
            None,
            "T602",
            f"list at least {MIN_CHECKLIST_ITEMS} '- [ ] ...' items a trainer completes",
            field="Train-the-trainer checklist",
        )


def _section(text: str, heading: str) -> str | None:
    """The text under `## heading`, up to the next `## ` heading."""
    match = re.search(rf"^## +{re.escape(heading)}\s*$", text, re.MULTILINE)
    if match is None:
        return None
    following = _HEADING.search(text, match.end())
    return text[match.end() : following.start() if following else len(text)]
