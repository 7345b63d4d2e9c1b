"""`sgkit report`: the training-outcomes report from CSV files, or from the sample data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from kit.cli_common import ProjectOption, RecordsOption, console, find_project
from kit.errors import ConfigError


def register_outcomes_commands(app: typer.Typer) -> None:
    """Add `report` to the CLI."""

    @app.command("report")
    def report(
        out: Annotated[
            Path, typer.Option("--out", help="Folder for index.html and plotly.min.js.")
        ],
        customers: Annotated[
            Path | None,
            typer.Option(
                help="customers.csv: customer,name,seats,contract_date[,production_setup_date,air_gapped]."
            ),
        ] = None,
        usage: Annotated[
            Path | None, typer.Option(help="usage.csv: customer,date,dau,mau,seats (daily).")
        ] = None,
        feedback: Annotated[
            Path | None,
            typer.Option(
                help="feedback.csv: date,customer,kind,session,trainer,rating[,comment,collateral]."
            ),
        ] = None,
        roster: Annotated[
            Path | None,
            typer.Option(help="CE roster: id,name,level,start_date,weeks_done[,milestones_met]."),
        ] = None,
        completions: Annotated[
            Path | None, typer.Option(help="Training completions: customer,course,date.")
        ] = None,
        as_of: Annotated[
            str | None, typer.Option("--as-of", help="Report day, YYYY-MM-DD (default: today).")
        ] = None,
        records: RecordsOption = None,
        project: ProjectOption = None,
    ) -> None:
        """Write the training-outcomes report (sample data when no input files are given)."""
        from kit.courses import load_catalog
        from kit.outcomes.inputs import InputPaths
        from kit.outcomes.run import outcomes_report

        day = _day(as_of)
        given = [feedback, roster, completions]
        if customers is None and usage is None and not any(given) and not records:
            inputs = None
        elif customers is None or usage is None:
            raise ConfigError(
                "give both --customers and --usage (or no input files for the sample)"
            )
        else:
            inputs = InputPaths(customers, usage, feedback, roster, completions)
        blocks = load_catalog(find_project(project).courses_dir).training_blocks.values()
        page = outcomes_report(out, inputs, as_of=day, blocks=blocks, records_url=records)
        kind = "sample data" if inputs is None else "your data"
        console.print(f"Report from {kind}: {page}")


def _day(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f'--as-of: bad date "{text}" (use YYYY-MM-DD)') from None
