"""An iCalendar file (RFC 5545) of a customer's plan, written by hand: CRLF line ends, content
lines folded at 75 octets, TEXT values escaped, a stable UID per session and a DTSTAMP.

Times are written in UTC (`DTSTART:20261005T080000Z`), converted from the session's time in the
customer's time zone, so every calendar app places a session at the same instant without a
VTIMEZONE; `X-WR-TIMEZONE` names the customer's zone for apps that show the calendar in it.
The calendar holds the sessions still to come as of the plan's day: a past date is never offered
as an appointment.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from kit.plans.schedule import EnablementPlan, PlannedSession

PRODID = "-//Sourcegraph Training Kit//sgkit plan//EN"
MAX_OCTETS = 75
CRLF = "\r\n"


def escape_text(value: str) -> str:
    """A TEXT value escaped: backslash, semicolon, comma and newlines (RFC 5545 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """One content line folded into CRLF-separated pieces of at most 75 octets (3.1).

    Continuation lines start with one space, which counts toward their 75 octets; a UTF-8
    character is never split between two lines.
    """
    pieces: list[str] = []
    current, size, limit = "", 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, MAX_OCTETS - 1
        current += char
        size += width
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def utc_stamp(moment: datetime) -> str:
    """An aware `moment` as an iCalendar UTC date-time (`YYYYMMDDTHHMMSSZ`)."""
    if moment.tzinfo is None:
        raise ValueError(f"{moment.isoformat()} has no time zone; sessions are dated in one")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(plan: EnablementPlan, session: PlannedSession, stamp: datetime) -> list[str]:
    who = ", ".join(str(a) for a in session.audiences) or "customer champion and CE"
    parts = [f"Outcome: {session.outcome}", f"Audience: {who}"]
    if session.course:
        parts.insert(0, f"Course: {session.course}")
    if session.later:
        parts.append("Later view, beyond the 90-day plan.")
    return [
        "BEGIN:VEVENT",
        f"UID:{plan.customer.slug}-{plan.template_id}-{session.id}@sgkit",
        f"DTSTAMP:{utc_stamp(stamp)}",
        f"DTSTART:{utc_stamp(session.start)}",
        f"DTEND:{utc_stamp(session.start + timedelta(minutes=session.minutes))}",
        f"SUMMARY:{escape_text(f'{plan.customer.name}: {session.title}')}",
        f"DESCRIPTION:{escape_text(chr(10).join(parts))}",
        f"CATEGORIES:{escape_text(session.kind)}",
        "END:VEVENT",
    ]


def plan_calendar(plan: EnablementPlan, *, stamp: datetime | None = None) -> str:
    """The plan as an iCalendar document, one VEVENT per session and check-point still to come
    as of the plan's day."""
    moment = stamp or datetime.now(UTC)
    lines: list[str] = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(f'{plan.customer.name}: {plan.title}')}",
        f"X-WR-TIMEZONE:{plan.time_zone}",
    ]
    for session in plan.upcoming:
        lines.extend(_event(plan, session, moment))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def unfold(document: str) -> Iterable[str]:
    """The content lines of an iCalendar document, folding undone (for readers and tests)."""
    return document.replace(CRLF + " ", "").replace(CRLF + "\t", "").split(CRLF)[:-1]
