"""`sgkit report` and `sgkit dashboard`: the training outcomes from CSV files, the gradebooks and
the records database, or from the sample data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kit.cli_common import ProjectOption, RecordsOption, console, find_project
from kit.errors import ConfigError
from kit.project import Project

if TYPE_CHECKING:  # pandas and the plan models load only when a command runs
    from kit.outcomes.inputs import InputPaths
    from kit.plans.tracker import Completion

CustomersOption = Annotated[
    Path | None,
    typer.Option(
        help="customers.csv: customer,name,seats,contract_date[,production_setup_date,air_gapped]."
    ),
]
UsageOption = Annotated[
    Path | None, typer.Option(help="usage.csv: customer,date,dau,mau,seats (daily).")
]
FeedbackOption = Annotated[
    Path | None,
    typer.Option(
        help="feedback.csv: date,customer,kind,session,trainer,rating[,comment,collateral]."
    ),
]
RosterOption = Annotated[
    Path | None,
    typer.Option(help="CE roster: id,name,level,start_date,weeks_done[,milestones_met]."),
]
CompletionsOption = Annotated[
    Path | None, typer.Option(help="Training completions: customer,course,date.")
]
LearnersOption = Annotated[
    Path | None,
    typer.Option(
        help="learners.csv (learner,customer): adds the course completions in the gradebooks."
    ),
]
GradingOption = Annotated[
    Path | None,
    typer.Option(help="Grading folder with the gradebooks (default: <checkout>/grading)."),
]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="Report day, YYYY-MM-DD (default: today).")
]


def register_outcomes_commands(app: typer.Typer) -> None:
    """Add `report` and `dashboard` to the CLI."""

    @app.command("report")
    def report(
        out: Annotated[
            Path, typer.Option("--out", help="Folder for index.html and plotly.min.js.")
        ],
        customers: CustomersOption = None,
        usage: UsageOption = None,
        feedback: FeedbackOption = None,
        roster: RosterOption = None,
        completions: CompletionsOption = None,
        learners: LearnersOption = None,
        grading: GradingOption = None,
        as_of: AsOfOption = None,
        records: RecordsOption = None,
        project: ProjectOption = None,
    ) -> None:
        """Write the training-outcomes report (sample data when no input files are given)."""
        from kit.courses import load_catalog
        from kit.outcomes.run import outcomes_report

        checkout = find_project(project)
        inputs = _inputs(customers, usage, feedback, roster, completions, learners, records)
        blocks = load_catalog(checkout.courses_dir).training_blocks.values()
        page = outcomes_report(
            out,
            inputs,
            as_of=_day(as_of),
            blocks=blocks,
            records_url=records,
            gradebook_completions=_graded(checkout, learners, grading),
        )
        kind = "sample data" if inputs is None else "your data"
        console.print(f"Report from {kind}: {page}")

    @app.command("dashboard")
    def dashboard(
        customers: CustomersOption = None,
        usage: UsageOption = None,
        feedback: FeedbackOption = None,
        roster: RosterOption = None,
        completions: CompletionsOption = None,
        learners: LearnersOption = None,
        grading: GradingOption = None,
        as_of: AsOfOption = None,
        records: RecordsOption = None,
        port: Annotated[int, typer.Option(min=1, max=65535, help="Port on 127.0.0.1.")] = 8866,
        browser: Annotated[
            bool, typer.Option("--browser/--no-browser", help="Open a web browser.")
        ] = True,
        project: ProjectOption = None,
    ) -> None:
        """Serve the interactive outcomes dashboard (Voila) on localhost until Ctrl-C."""
        from kit.outcomes.dashboard import DashboardSources
        from kit.outcomes.serve import serve_dashboard

        checkout = find_project(project)
        inputs = _inputs(customers, usage, feedback, roster, completions, learners, records)
        sources = DashboardSources(
            courses_dir=checkout.courses_dir,
            sample_dir=checkout.build_dir / "dashboard" / "sample-data",
            inputs=inputs,
            records_url=records,
            as_of=_day(as_of),
            gradebook_completions=tuple(_graded(checkout, learners, grading)),
        )
        kind = "sample data" if inputs is None else "your data"
        console.print(f"Dashboard from {kind} on http://127.0.0.1:{port}/ (Ctrl-C stops it)")
        raise typer.Exit(serve_dashboard(sources, port=port, open_browser=browser))


def _inputs(
    customers: Path | None,
    usage: Path | None,
    feedback: Path | None,
    roster: Path | None,
    completions: Path | None,
    learners: Path | None,
    records: str | None,
) -> InputPaths | None:
    """The input files, or None for the sample when none is given."""
    from kit.outcomes.inputs import InputPaths

    given = [feedback, roster, completions, learners]
    if customers is None and usage is None and not any(given) and not records:
        return None
    if customers is None or usage is None:
        raise ConfigError("give both --customers and --usage (or no input files for the sample)")
    return InputPaths(customers, usage, feedback, roster, completions)


def _graded(checkout: Project, learners: Path | None, grading: Path | None) -> list[Completion]:
    """The course completions in the gradebooks of the learners on the roster (none without)."""
    if learners is None:
        return []
    from kit.courses import load_catalog
    from kit.plans.completions import gradebook_completions, read_learner_roster

    catalog = load_catalog(checkout.courses_dir)
    graded = gradebook_completions(
        checkout, catalog, read_learner_roster(learners), grading_dir=grading
    )
    console.print(f"{len(graded)} course completions in the gradebooks")
    return graded


def _day(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f'--as-of: bad date "{text}" (use YYYY-MM-DD)') from None
