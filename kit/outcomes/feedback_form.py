"""The feedback form learners fill in after a training or webinar: ipywidgets in a notebook
(`notebooks/feedback/feedback-form.ipynb`), each answer validated exactly as the CSV import
validates it (`FeedbackRow`) and appended to `feedback.csv`, the file `sgkit report` reads.

An answer is appended whole or not at all (written to a temporary file beside the CSV, then moved
over it), so a crash or a bad answer never loses the answers already recorded.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kit.errors import ConfigError
from kit.outcomes.inputs import FEEDBACK_COLUMNS
from kit.outcomes.models import KNOWN_CUSTOMERS, FeedbackRow

ALL_COLUMNS = (*FEEDBACK_COLUMNS, "comment", "collateral")


def validate_answer(answer: dict[str, Any], customers: Sequence[str]) -> FeedbackRow:
    """The answer as a feedback row, or a ConfigError naming the first bad field."""
    try:
        return FeedbackRow.model_validate(answer, context={KNOWN_CUSTOMERS: frozenset(customers)})
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(p) for p in error["loc"]) or "answer"
        message = str(error["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{field}: {message}") from None


def append_feedback(path: Path, row: FeedbackRow) -> None:
    """Append one row to the feedback CSV (with its header when the file is new), atomically."""
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    if existing and not existing.endswith("\n"):
        existing += "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if not existing:
        writer.writerow(ALL_COLUMNS)
    elif existing.splitlines()[0].split(",")[: len(ALL_COLUMNS)] != list(ALL_COLUMNS):
        raise ConfigError(
            f"the header is not {','.join(ALL_COLUMNS)}; nothing was written", where=path
        )
    writer.writerow(
        [
            row.date.isoformat(),
            row.customer,
            row.kind,
            row.session,
            row.trainer,
            row.rating,
            row.comment,
            row.collateral,
        ]
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(prefix=".feedback-", dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
        out.write(existing + buffer.getvalue())
    Path(scratch).replace(path)


class FeedbackForm:
    """The form: customer, training or webinar, session, trainer, a 0-10 rating, a comment and
    any collateral wanted; Submit validates and appends the answer to `path`."""

    def __init__(
        self,
        path: Path,
        *,
        customers: Sequence[str],
        sessions: Sequence[str],
        trainers: Sequence[str] = (),
        today: dt.date | None = None,
    ) -> None:
        import ipywidgets as w

        self.path = Path(path)
        self.customers = list(customers)
        style = {"description_width": "10em"}
        wide = w.Layout(width="36em")
        self.customer = w.Dropdown(options=self.customers, description="Your company", style=style)
        self.kind = w.ToggleButtons(options=["training", "webinar"], description="It was a")
        self.session = w.Combobox(
            options=list(sessions),
            description="Which one",
            placeholder="course id or webinar title",
            style=style,
            layout=wide,
        )
        self.trainer = w.Combobox(
            options=list(trainers), description="Trainer", style=style, layout=wide
        )
        self.day = w.DatePicker(value=today or dt.date.today(), description="Date", style=style)
        self.rating = w.IntSlider(
            value=8,
            min=0,
            max=10,
            description="Recommend (0-10)",
            style=style,
            layout=wide,
        )
        self.comment = w.Textarea(
            description="What should change", style=style, layout=w.Layout(width="36em")
        )
        self.collateral = w.Text(
            description="Material you want",
            placeholder="a cheat sheet, a handout, a recording...",
            style=style,
            layout=wide,
        )
        self.submit = w.Button(description="Send feedback", button_style="primary")
        self.status = w.HTML()
        self.submit.on_click(lambda _: self.send())
        self.widget = w.VBox(
            [
                self.customer,
                self.kind,
                self.session,
                self.trainer,
                self.day,
                self.rating,
                self.comment,
                self.collateral,
                self.submit,
                self.status,
            ]
        )

    def answer(self) -> dict[str, Any]:
        """The form's current values, as a feedback row's fields."""
        return {
            "date": self.day.value,
            "customer": self.customer.value or "",
            "kind": self.kind.value,
            "session": self.session.value,
            "trainer": self.trainer.value,
            "rating": self.rating.value,
            "comment": self.comment.value,
            "collateral": self.collateral.value,
        }

    def send(self) -> FeedbackRow | None:
        """Validate and record the answer; say what happened in the form. Returns the row
        recorded, or None when the answer was refused (and nothing was written)."""
        try:
            row = validate_answer(self.answer(), self.customers)
            append_feedback(self.path, row)
        except ConfigError as exc:
            self.status.value = f'<span style="color:#c62828">Not sent: {exc}</span>'
            return None
        self.status.value = (
            '<span style="color:#1a7f37">Thank you: your feedback is recorded.</span>'
        )
        self.comment.value = ""
        self.collateral.value = ""
        return row

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """Show the form's widgets when the form is a cell's value."""
        return self.widget._repr_mimebundle_(**kwargs)
