from datetime import datetime


def run_label() -> str:
    """The label of tonight's run, such as 2026-05-04T01:00Z."""
    return datetime.utcnow().strftime("%Y-%m-%dT%H:%MZ")
