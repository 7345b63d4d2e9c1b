"""`sgkit lint`: check courses and their assignment notebooks against the course template.

The template is `courses/TEMPLATE.md`; each of its rules has an id (T101 ...) that violations name.
"""

from typing import TYPE_CHECKING

from kit.lazy import lazy_exports

if TYPE_CHECKING:
    from kit.lint.courses import lint_catalog, lint_course, lint_scope
    from kit.lint.notebook_rules import NotebookUnderLint, lint_notebook
    from kit.lint.violations import RULES, Rule, Violation

__all__ = [
    "RULES",
    "NotebookUnderLint",
    "Rule",
    "Violation",
    "lint_catalog",
    "lint_course",
    "lint_notebook",
    "lint_scope",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "RULES": ".violations",
        "NotebookUnderLint": ".notebook_rules",
        "Rule": ".violations",
        "Violation": ".violations",
        "lint_catalog": ".courses",
        "lint_course": ".courses",
        "lint_notebook": ".notebook_rules",
        "lint_scope": ".courses",
    },
)
