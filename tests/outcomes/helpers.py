"""Small builders for outcome tests."""

from __future__ import annotations

import datetime as dt

from kit.records import IssuedCredential


def credential(
    learner: str, certification: str, issued: dt.date, cid: str = ""
) -> IssuedCredential:
    """A recorded credential issued at noon UTC on `issued`, valid for a year."""
    at = dt.datetime.combine(issued, dt.time(12), tzinfo=dt.UTC)
    return IssuedCredential(
        id=cid or f"urn:uuid:{learner}-{certification}",
        learner=learner,
        certification=certification,
        issued_at=at,
        valid_until=at + dt.timedelta(days=365),
        status_index=0,
        token="",
        evidence=(),
    )
