from datetime import datetime, timezone


def audit_line(step: str, rows: int) -> str:
    """One line of the run's audit log: when, which step, how many rows."""
    return f"{datetime.now(timezone.utc).isoformat()} {step} {rows}"
