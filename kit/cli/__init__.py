"""`sgkit`: the kit's command line. Each command parses its arguments, calls one library function
and renders the result.

Commands are registered lazily: `REGISTRY` names each command's module, attribute and one-line
help, so `sgkit --help` lists them all without importing any, and running a command imports only
its own module (and what its library function needs).
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

# command name -> (module, attribute: a command function or a typer.Typer group, one-line help)
REGISTRY: dict[str, tuple[str, str, str]] = {
    "search": ("kit.cli.search", "search", "Search the practice corpus, or a live Sourcegraph, with Sourcegraph's query language."),
    "corpus": ("kit.cli.search", "corpus_app", "The practice corpus."),
    "release": ("kit.cli.grading", "release", "Generate learner notebooks (release/) from the instructor notebooks, with nbgrader."),
    "collect": ("kit.cli.grading", "collect", "Import learners' submitted notebooks from a folder into nbgrader's submitted/ folder."),
    "autograde": ("kit.cli.autograde", "autograde", "Autograde submissions (answers judged in the trusted process); scores go to the gradebook."),
    "status": ("kit.cli.status", "status", "List every learner of an assignment: graded (score), not graded (why), waiting, missing."),
    "feedback": ("kit.cli.grading", "feedback", "Write HTML feedback for autograded submissions (hidden tests never shown)."),
    "fingerprint": ("kit.cli.search", "fingerprint", "Print the fingerprint an exercise's visible check needs, for instructors writing exercises."),
    "demo": ("kit.cli.demo", "demo", "Run the whole path on a simulated cohort: release, autograde, certify, report."),
    "certify": ("kit.cli.certify", "certify", "Decide every certification path and issue signed credentials and certificates to everyone newly certified (running it again issues nothing new)."),
    "verify": ("kit.cli.verify", "verify", "Verify a credential against the declared issuer's keys: signature, key id, claims, dates and revocation. Exit 0 only if it is valid."),
    "revoke": ("kit.cli.certify", "revoke", "Revoke a credential and republish the signed status list verifiers check."),
    "roster": ("kit.cli.roster", "roster_app", "The class list: learners' names."),
    "rubric": ("kit.cli.rubric", "rubric_app", "Rubric-assessed sessions (CE demos, trainer deliveries, practicals)."),
    "trainers": ("kit.cli.trainers", "trainers_app", "Train-the-trainer coverage of the CE team."),
    "keys": ("kit.cli.keys", "keys_app", "The issuer's signing key."),
    "batch": ("kit.cli.batch", "batch_app", "Batch changes on the practice Sourcegraph (like src batch)."),
    "graphql": ("kit.cli.graphql", "graphql_app", "The practice Sourcegraph's GraphQL API."),
    "site-config": ("kit.cli.site_config", "site_config_app", "Site configuration of the practice Sourcegraph."),
    "code-host": ("kit.cli.site_config", "code_host_app", "Code host connections of the practice Sourcegraph."),
    "variants": ("kit.cli.variants", "variants_app", "Courses in each customer's own terms."),
    "plan": ("kit.cli.plans", "plan", "Write each customer's plan as HTML and an iCalendar file: the 90-day enablement plan, or the trial plan for a profile at `stage: trial`. With --completions or --learners, each session is marked done, late or upcoming."),
    "catalog": ("kit.cli.catalog", "catalog", "Render the training catalog (courses, certifications, offerings) as one HTML page."),
    "report": ("kit.cli.outcomes", "report", "Write the training-outcomes report (sample data when no input files are given)."),
    "dashboard": ("kit.cli.outcomes", "dashboard", "Serve the interactive outcomes dashboard (Voila) on localhost until Ctrl-C."),
    "lint": ("kit.cli.lint", "lint", "Check every course and assignment notebook against courses/TEMPLATE.md."),
    "exercises": ("kit.cli.exercises", "exercises_app", "Author exercises: keep visible checks in step with the references."),
    "cheatsheet": ("kit.cli.collateral", "cheatsheet", "Build the query-language cheat sheet; every example runs on the practice corpus first."),
    "collateral": ("kit.cli.collateral", "collateral_app", "Enablement assets per customer."),
    "lab": ("kit.cli.lab", "lab", "Copy the released notebooks into your workspace (your changes are kept) and open it in JupyterLab; `make release` never touches the workspace."),
    "hub": ("kit.cli.hub", "hub", "Run JupyterHub on 127.0.0.1 with a formgrader per course (as root)."),
    "lms": ("kit.cli.lms", "lms_app", "Hand-off to a learning management system."),
    "portal": ("kit.cli.portal", "portal", "Serve the learning portal: public credential verification (the page a certificate's QR code opens), the issuer's keys, status list and profile."),
}  # fmt: skip


def load_command(name: str) -> Any:
    """The click command `name` runs, built from its registered function or typer group."""
    module, attribute, _ = REGISTRY[name]
    target = getattr(importlib.import_module(module), attribute)
    holder = typer.Typer()
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name)
    else:
        holder.command(name)(target)
    return typer.main.get_group(holder).commands[name]


class LazyGroup(TyperGroup):
    """The root group: lists the registry's commands from their help alone, imports on use."""

    listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(REGISTRY)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in REGISTRY:
            return None
        if self.listing:  # the help page needs each command's name and help, nothing more
            return TyperCommand(cmd_name, help=REGISTRY[cmd_name][2])
        if cmd_name not in self.commands:
            self.commands[cmd_name] = load_command(cmd_name)
        return self.commands[cmd_name]

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False


app = typer.Typer(
    name="sgkit",
    cls=LazyGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def sgkit() -> None:
    """Sourcegraph Training & Certification Kit: courses, practice search, grading, certification."""


def main() -> None:
    """Entry point: run the app, turning KitError into one line on stderr and exit status 2."""
    from kit.cli.common import err_console
    from kit.errors import KitError

    try:
        status = app(standalone_mode=False)  # click hands back `typer.Exit(n)` as n here
    except KitError as exc:
        err_console.print(f"[red]{exc.label}:[/red] {exc}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        sys.exit(130)
    except typer.TyperException as exc:  # usage errors: typer shows them itself
        exc.show()  # type: ignore[attr-defined]
        sys.exit(getattr(exc, "exit_code", 2))
    if isinstance(status, int) and status:
        sys.exit(status)
