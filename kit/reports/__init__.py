"""Reports people look at: training outcomes as HTML and terminal tables."""

from kit.reports.outcomes import OutcomeReport, build_outcome_report, render_html, write_html
from kit.reports.terminal import outcome_table

__all__ = ["OutcomeReport", "build_outcome_report", "outcome_table", "render_html", "write_html"]
