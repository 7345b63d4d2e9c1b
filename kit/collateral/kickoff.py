"""The kickoff e-mail a Customer Engineer sends when a customer's enablement starts (or, for a
customer already in production, the welcome to ongoing enablement): built from the customer's
profile and dated plan as of a day, as Markdown, HTML (the Markdown rendered) and a `.eml` draft
(with the calendar of the sessions still to come attached) that opens in a mail client ready to
address and send.

Nothing secret is ever in it: a profile holds no token (its model refuses one), and the e-mail
tells admins to keep code host and Sourcegraph tokens out of e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import jinja2
from markupsafe import Markup

from kit.collateral.markdown import markdown_html, table_cell
from kit.customers.profile import CODE_HOST_TITLES, Deployment
from kit.plans import EnablementPlan, plan_calendar
from kit.plans.render import DAY_90_SHARE
from kit.plans.schedule import required_users
from kit.plans.stage import Phase, Standing, standing
from kit.templating import html_templates
from kit.variants.deployments import deployment_facts

SENDER = "Sourcegraph Customer Training <training@sourcegraph.example>"
"""A placeholder sender: the CE sets their own address in the mail client."""
DOCS = "https://sourcegraph.com/docs"


@dataclass(frozen=True)
class KickoffEmail:
    """One customer's kickoff e-mail in its three forms."""

    subject: str
    markdown: str
    html: str
    calendar: str

    def message(self) -> EmailMessage:
        """A draft message: plain text (the Markdown), HTML, and the plan as `plan.ics`."""
        message = EmailMessage(policy=SMTP)
        message["Subject"] = self.subject
        message["From"] = SENDER
        message["To"] = "undisclosed-recipients:;"
        message["X-Unsent"] = "1"  # mail clients open the file as a draft to edit and send
        message.set_content(self.markdown)
        message.add_alternative(self.html, subtype="html")
        message.add_attachment(
            self.calendar.encode("utf-8"),
            maintype="text",
            subtype="calendar",
            filename="plan.ics",
            params={"method": "PUBLISH"},
        )
        return message


@dataclass(frozen=True)
class KickoffFiles:
    """Where a kickoff e-mail was written."""

    markdown: Path
    html: Path
    eml: Path


INSTALL_GUIDES: dict[Deployment, str] = {
    Deployment.SINGLE_CONTAINER: f"{DOCS}/self-hosted/deploy/docker-single-container",
    Deployment.DOCKER_COMPOSE: f"{DOCS}/self-hosted/deploy/docker-compose",
    Deployment.HELM: f"{DOCS}/self-hosted/deploy/kubernetes/helm",
    Deployment.KUSTOMIZE: f"{DOCS}/self-hosted/deploy/kubernetes/kustomize",
    Deployment.AIR_GAPPED: f"{DOCS}/self-hosted/deploy",
}
"""The install guide per deployment type: the e-mail links to it rather than quoting commands
with `<version>` placeholders an admin must fill in."""


def long_day(day: date) -> str:
    """`day` as the e-mail writes it: 'Monday 5 October 2026'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_day(day: date) -> str:
    """`day` as a table cell: 'Mon 5 Oct 2026'."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def _preparation_title(where: Standing) -> str:
    if where.phase is Phase.IN_PRODUCTION:
        return "Your instance"
    if not where.started:
        return "Before the kick-off"
    return "During the trial" if where.phase is Phase.TRIAL else "Before production"


def _context(plan: EnablementPlan, criteria: tuple[str, ...]) -> dict[str, object]:
    customer = plan.customer
    where = standing(customer, plan.as_of)
    upcoming = plan.upcoming
    return {
        "plan": plan,
        "customer": customer,
        "standing": where,
        "phase": where.phase.value,
        "as_of": plan.as_of,
        "code_hosts": [CODE_HOST_TITLES[h] for h in customer.code_hosts],
        "deployment": deployment_facts(customer.deployment),
        "install_guide": INSTALL_GUIDES[customer.deployment],
        "preparation_title": _preparation_title(where),
        "target_users": required_users(customer.seats, DAY_90_SHARE),
        "day_90": plan.production + timedelta(days=90),
        "meetings": [s for s in upcoming if s.kind != "checkpoint"],
        "checkpoints": [s for s in upcoming if s.kind == "checkpoint" and not s.later],
        "earlier": [s for s in plan.earlier if s.kind == "training"],
        "criteria": criteria,
        "docs": DOCS,
        "url": customer.endpoint,
    }


def _subject(plan: EnablementPlan) -> str:
    customer = plan.customer
    where = standing(customer, plan.as_of)
    what = "trial" if where.phase is Phase.TRIAL else "enablement plan"
    if where.phase is Phase.IN_PRODUCTION:
        news = "welcome to ongoing enablement"
    elif where.started:
        news = f"your {what}, the sessions still to come"
    else:
        news = f"your {what} starts {long_day(plan.kickoff)}"
    return f"Sourcegraph training for {customer.name}: {news}"


def _markdown_templates() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("kit.collateral", "templates"),
        autoescape=False,  # Markdown: markdown-it escapes any HTML when it renders the HTML form
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["long_day"] = long_day
    environment.filters["short_day"] = short_day
    environment.filters["cell"] = table_cell
    environment.filters["audience"] = lambda audience: str(audience).replace("-", " ")
    return environment


def kickoff_email(plan: EnablementPlan, *, criteria: tuple[str, ...] = ()) -> KickoffEmail:
    """The kickoff e-mail for a customer's dated plan (a trial's, with its success `criteria`),
    worded for where the customer is on the plan's as-of day: before the kick-off, under way, or
    already in production (a welcome to ongoing enablement). Only sessions still to come are
    dated; the HTML form is the Markdown rendered."""
    markdown = _markdown_templates().get_template("kickoff.md.j2").render(_context(plan, criteria))
    subject = _subject(plan)
    html = (
        html_templates("kit.collateral")
        .get_template("kickoff.html.j2")
        .render(subject=subject, body=Markup(markdown_html(markdown)))
    )
    return KickoffEmail(subject, markdown, html, plan_calendar(plan))


def write_kickoff(email: KickoffEmail, folder: Path) -> KickoffFiles:
    """Write `kickoff.md`, `kickoff.html` and `kickoff.eml` into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    files = KickoffFiles(folder / "kickoff.md", folder / "kickoff.html", folder / "kickoff.eml")
    files.markdown.write_text(email.markdown, encoding="utf-8")
    files.html.write_text(email.html, encoding="utf-8")
    files.eml.write_bytes(email.message().as_bytes())
    return files
