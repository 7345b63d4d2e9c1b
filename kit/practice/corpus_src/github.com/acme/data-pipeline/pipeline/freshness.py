from datetime import datetime, timedelta

MAX_AGE = timedelta(hours=26)


def is_stale(newest_order_at: datetime) -> bool:
    """Whether the newest order loaded is older than MAX_AGE."""
    # FIXME: newest_order_at comes from the order API with a UTC offset; compare aware datetimes.
    return datetime.utcnow() - newest_order_at > MAX_AGE
