"""The kickoff e-mail a Customer Engineer sends when a customer's enablement starts: built from
the customer's profile and dated plan, as Markdown, HTML and a `.eml` draft (with the plan's
calendar attached) that opens in a mail client ready to address and send.

Nothing secret is ever in it: a profile holds no token (its model refuses one), and the e-mail
tells admins to keep code host and Sourcegraph tokens out of e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import jinja2

from kit.customers.profile import CODE_HOST_TITLES, Stage
from kit.plans import EnablementPlan, plan_calendar
from kit.plans.render import DAY_90_SHARE
from kit.plans.schedule import required_users
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


def _context(plan: EnablementPlan, criteria: tuple[str, ...]) -> dict[str, object]:
    customer = plan.customer
    facts = deployment_facts(customer.deployment)
    return {
        "plan": plan,
        "customer": customer,
        "trial": customer.stage is Stage.TRIAL,
        "code_hosts": [CODE_HOST_TITLES[h] for h in customer.code_hosts],
        "deployment": facts,
        "target_users": required_users(customer.seats, DAY_90_SHARE),
        "meetings": [s for s in plan.sessions if s.kind != "checkpoint"],
        "checkpoints": [s for s in plan.sessions if s.kind == "checkpoint" and not s.later],
        "criteria": criteria,
        "docs": DOCS,
        "url": customer.endpoint,
    }


def _subject(plan: EnablementPlan) -> str:
    customer = plan.customer
    what = "trial" if customer.stage is Stage.TRIAL else "enablement plan"
    return (
        f"Sourcegraph training for {customer.name}: your {what} starts "
        f"{plan.kickoff.strftime('%A %d %B %Y').replace(' 0', ' ')}"
    )


def _markdown_templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("kit.collateral", "templates"),
        autoescape=False,  # Markdown: nothing to escape; the HTML form is rendered escaped
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def kickoff_email(plan: EnablementPlan, *, criteria: tuple[str, ...] = ()) -> KickoffEmail:
    """The kickoff e-mail for a customer's dated plan (a trial's, with its success `criteria`)."""
    context = _context(plan, criteria)
    markdown = _markdown_templates().get_template("kickoff.md.j2").render(context)
    html = html_templates("kit.collateral").get_template("kickoff.html.j2").render(context)
    return KickoffEmail(_subject(plan), markdown, html, plan_calendar(plan))


def write_kickoff(email: KickoffEmail, folder: Path) -> KickoffFiles:
    """Write `kickoff.md`, `kickoff.html` and `kickoff.eml` into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    files = KickoffFiles(folder / "kickoff.md", folder / "kickoff.html", folder / "kickoff.eml")
    files.markdown.write_text(email.markdown, encoding="utf-8")
    files.html.write_text(email.html, encoding="utf-8")
    files.eml.write_bytes(email.message().as_bytes())
    return files
