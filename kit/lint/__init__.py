"""`sgkit lint`: check courses and their assignment notebooks against the course template.

The template is `courses/TEMPLATE.md`; each of its rules has an id (T101 ...) that violations name.
"""

from kit.lint.catalog import lint_catalog, lint_course, lint_scope
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
