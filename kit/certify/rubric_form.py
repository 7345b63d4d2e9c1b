"""The assessor's form (ipywidgets): score one session on a rubric, in one role, and record it.

Nothing is recorded unless the whole assessment fits the rubric; the message under the form says
what was recorded, or the one thing to fix. The records database is opened on submit only.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from pathlib import Path

import ipywidgets as widgets

from kit.certify.rubric_input import check_session
from kit.certify.rubric_rules import evaluate_rubric
from kit.courses import Rubric
from kit.errors import KitError, RecordsError
from kit.records import Records
from kit.records.assessments import Assessment, RubricSession

NOT_OBSERVED = "not observed"


class RubricForm:
    """One assessor's scores for one session: learner, date, role, name, a score per competency."""

    def __init__(self, rubric: Rubric, open_records: Callable[[], Records]) -> None:
        self.rubric = rubric
        self._open_records = open_records
        wide = widgets.Layout(width="28em")
        self.learner = widgets.Text(description="Learner", placeholder="learner id", layout=wide)
        self.held_on = widgets.DatePicker(description="Session", value=date.today())
        self.label = widgets.Text(description="Label", placeholder="optional, e.g. second demo")
        self.subject = widgets.Text(description="Subject", placeholder="optional, e.g. foundations")
        self.role = widgets.Dropdown(
            description="Your role",
            options=[(r.title, r.id) for r in rubric.assessor_roles],
            value=None,
            layout=wide,
        )
        self.assessor = widgets.Text(description="Your name", layout=wide)
        levels = [(NOT_OBSERVED, 0)] + [(f"{n} {label}", n) for n, label in rubric.scale.items()]
        self.scores = {
            c.id: widgets.ToggleButtons(
                options=levels,
                value=0,
                description="",
                style={"button_width": "11em"},
            )
            for c in rubric.competencies
        }
        self.notes = widgets.Textarea(description="Notes", layout=widgets.Layout(width="40em"))
        self.submit_button = widgets.Button(description="Record scores", button_style="primary")
        self.submit_button.on_click(lambda _: self.submit())
        self.message = widgets.HTML()
        rows = [
            widgets.HTML(
                f"<b>{html.escape(c.title)}</b>{'' if c.core else ' (not core)'}"
                f"<br><small>{html.escape(c.description)}</small>"
            )
            for c in rubric.competencies
        ]
        self.widget = widgets.VBox(
            [
                widgets.HTML(f"<h3>{html.escape(rubric.title)}</h3>"),
                self.learner,
                widgets.HBox([self.held_on, self.label]),
                self.subject,
                self.role,
                self.assessor,
                *[
                    widgets.VBox([row, self.scores[c.id]])
                    for row, c in zip(rows, rubric.competencies, strict=True)
                ],
                self.notes,
                self.submit_button,
                self.message,
            ]
        )

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)  # type: ignore[no-untyped-call]

    def session(self) -> RubricSession:
        """The session the form describes now (checked against the rubric)."""
        if self.held_on.value is None:
            raise RecordsError("pick the session date")
        assessment = Assessment(
            role=self.role.value or "",
            assessor=self.assessor.value.strip(),
            scores={k: w.value for k, w in self.scores.items() if w.value},
            notes=self.notes.value.strip(),
            source="assessor form",
        )
        session = RubricSession(
            learner=self.learner.value.strip(),
            rubric=self.rubric.id,
            held_on=self.held_on.value,
            assessments=(assessment,),
            session=self.label.value.strip(),
            subject=self.subject.value.strip() or None,
        )
        check_session(self.rubric, session)
        return session

    def submit(self) -> bool:
        """Check and record the assessment; say what happened under the form."""
        try:
            session = self.session()
            with self._open_records() as records:
                result = records.record_sessions([session])
                stored = records.sessions(self.rubric.id, session.learner)
        except KitError as exc:
            self.message.value = (
                f'<span style="color:#c62828">Not recorded: {html.escape(str(exc))}</span>'
            )
            return False
        decision = evaluate_rubric(self.rubric, session.learner, stored)
        what = "Recorded" if result.added else "Already recorded"
        self.message.value = (
            f'<span style="color:#2e7d32">{what}.</span> {html.escape(decision.explain())}'
        )
        for widget in self.scores.values():
            widget.value = 0
        self.notes.value = ""
        return True


def rubric_form(rubric_id: str, records_url: str | None = None) -> RubricForm:
    """The form for a rubric of this checkout, recording into its records database."""
    from kit.courses import load_catalog
    from kit.project import Project
    from kit.records import records_url as default_url

    project = Project.discover()
    rubric = load_catalog(project.courses_dir).rubric(rubric_id)
    url = default_url(project, records_url)
    return RubricForm(rubric, lambda: Records(url))


class RubricHistory:
    """Every learner's sessions on a rubric, as an HTML table (for the assessor notebook)."""

    def __init__(self, rubric: Rubric, sessions: list[RubricSession]) -> None:
        self.rubric = rubric
        self.sessions = sessions

    def _repr_html_(self) -> str:
        if not self.sessions:
            return "<p>No sessions recorded yet.</p>"
        rows = []
        for learner in sorted({s.learner for s in self.sessions}):
            decision = evaluate_rubric(self.rubric, learner, self.sessions)
            for verdict in decision.history:
                here = verdict is decision.passing
                text = "passed: certified here" if here else verdict.explain() or "passed"
                colour = "#2e7d32" if verdict.passed else "#b26a00"
                rows.append(
                    f"<tr><td>{html.escape(learner)}</td>"
                    f"<td>{html.escape(verdict.session.label())}</td>"
                    f'<td style="color:{colour}">{html.escape(text)}</td></tr>'
                )
        return (
            f"<table><thead><tr><th>Learner</th><th>Session</th><th>Verdict and focus areas"
            f"</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )


def rubric_history(rubric_id: str, records_url: str | None = None) -> RubricHistory:
    """The recorded sessions of a rubric in this checkout's records database."""
    from kit.courses import load_catalog
    from kit.project import Project
    from kit.records import records_url as default_url

    project = Project.discover()
    rubric = load_catalog(project.courses_dir).rubric(rubric_id)
    url = default_url(project, records_url)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return RubricHistory(rubric, [])  # looking must not create a database
    with Records(url) as records:
        return RubricHistory(rubric, records.sessions(rubric_id))
