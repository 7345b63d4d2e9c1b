"""`sgkit report` and `sgkit dashboard`: the training outcomes from the customer profiles and CSV
files, the gradebooks and the records database, or from the sample data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kit.cli.common import (
    AsOfOption,
    GradingOption,
    LearnersOption,
    ProjectOption,
    RecordsOption,
    as_of_day,
    console,
    find_project,
)

CUSTOMERS = (
    "customers.csv: customer,name,seats,contract_date[,production_setup_date,air_gapped], for "
    "customers without a profile (a row for a profiled customer must agree with it; it may add "
    "the contract date)."
)
PROFILES = (
    "Customer profile file or folder (repeatable; default: <checkout>/courses/customers when no "
    "--customers is given). Seats, production set-up date, air-gapped from the deployment; the "
    "contract date is the kick-off date. Trials are left out."
)
USAGE = "usage.csv: customer,date,dau,mau,seats (daily)."
FEEDBACK = "feedback.csv: date,customer,kind,session,trainer,rating[,comment,collateral]."
ROSTER = "CE roster: id,name,level,start_date,weeks_done[,milestones_met]."
COMPLETIONS = "Training completions: customer,course,date."
FEATURE_USAGE = (
    "feature-usage.csv: customer,date,searches,code_navigation,code_monitors,batch_changes,"
    "code_insights,notebooks,api_calls (daily, from Sourcegraph's usage statistics)."
)
PRODUCT_NPS = "product-nps.csv: date,customer,rating[,respondent] (product NPS survey)."
CONTRACTS = "contracts.csv: customer,start,end,seats_before,renewed,seats_after."
COLLATERAL = "collateral-requests.csv: requested,ce,asset,delivered (CE-requested assets)."
CustomersOption = Annotated[Path | None, typer.Option(help=CUSTOMERS)]
FeatureUsageOption = Annotated[Path | None, typer.Option(help=FEATURE_USAGE)]
ProductNpsOption = Annotated[Path | None, typer.Option(help=PRODUCT_NPS)]
ContractsOption = Annotated[Path | None, typer.Option(help=CONTRACTS)]
CollateralOption = Annotated[Path | None, typer.Option(help=COLLATERAL)]
UsageOption = Annotated[Path | None, typer.Option(help=USAGE)]
FeedbackOption = Annotated[Path | None, typer.Option(help=FEEDBACK)]
RosterOption = Annotated[Path | None, typer.Option(help=ROSTER)]
CompletionsOption = Annotated[Path | None, typer.Option(help=COMPLETIONS)]
ProfilesOption = Annotated[list[Path] | None, typer.Option("--profiles", help=PROFILES)]


def _health(*files: Path | None) -> dict[str, Path | None]:
    """The optional health inputs by the names the library takes."""
    from kit.outcomes.inputs import HEALTH_INPUTS

    return dict(zip(HEALTH_INPUTS, files, strict=True))


def report(
    out: Annotated[Path, typer.Option("--out", help="Folder for index.html and plotly.min.js.")],
    profiles: ProfilesOption = None,
    customers: CustomersOption = None,
    usage: UsageOption = None,
    feedback: FeedbackOption = None,
    roster: RosterOption = None,
    completions: CompletionsOption = None,
    feature_usage: FeatureUsageOption = None,
    product_nps: ProductNpsOption = None,
    contracts: ContractsOption = None,
    collateral_requests: CollateralOption = None,
    learners: LearnersOption = None,
    grading: GradingOption = None,
    as_of: AsOfOption = None,
    records: RecordsOption = None,
    project: ProjectOption = None,
) -> None:
    """Write the training-outcomes report (sample data when no input files are given)."""
    from kit.outcomes.run import write_outcomes_report

    files = (customers, usage, feedback, roster, completions)
    health = _health(feature_usage, product_nps, contracts, collateral_requests)
    written = write_outcomes_report(
        find_project(project), out, files, profiles=profiles or (), learners=learners,
        grading_dir=grading, records_url=records, as_of=as_of_day(as_of), health=health,
    )  # fmt: skip
    if learners is not None:
        console.print(f"{written.graded} course completions in the gradebooks")
    console.print(f"Report from {written.kind}: {written.page}")


def dashboard(
    profiles: ProfilesOption = None,
    customers: CustomersOption = None,
    usage: UsageOption = None,
    feedback: FeedbackOption = None,
    roster: RosterOption = None,
    completions: CompletionsOption = None,
    feature_usage: FeatureUsageOption = None,
    product_nps: ProductNpsOption = None,
    contracts: ContractsOption = None,
    collateral_requests: CollateralOption = None,
    learners: LearnersOption = None,
    grading: GradingOption = None,
    as_of: AsOfOption = None,
    records: RecordsOption = None,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port on 127.0.0.1.")] = 8866,
    browser: Annotated[bool, typer.Option("--browser/--no-browser", help="Open a browser.")] = True,
    project: ProjectOption = None,
) -> None:
    """Serve the interactive outcomes dashboard (Voila) on localhost until Ctrl-C."""
    from kit.outcomes.run import dashboard_sources
    from kit.outcomes.serve import serve_dashboard

    files = (customers, usage, feedback, roster, completions)
    health = _health(feature_usage, product_nps, contracts, collateral_requests)
    sources = dashboard_sources(
        find_project(project), files, profiles=profiles or (), learners=learners,
        grading_dir=grading, records_url=records, as_of=as_of_day(as_of), health=health,
    )  # fmt: skip
    kind = "sample data" if sources.inputs is None else "your data"
    console.print(f"Dashboard from {kind} on http://127.0.0.1:{port}/ (Ctrl-C stops it)")
    raise typer.Exit(serve_dashboard(sources, port=port, open_browser=browser))
