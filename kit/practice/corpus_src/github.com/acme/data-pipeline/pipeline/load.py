"""Load rows into the warehouse."""

import logging
import time

import psycopg2

log = logging.getLogger(__name__)
RETRY_TIMEOUT = 60


def load(rows: list[tuple], dsn: str) -> None:
    """Insert the rows, retrying while the warehouse is starting up."""
    deadline = time.monotonic() + RETRY_TIMEOUT
    while True:
        try:
            connection = psycopg2.connect(dsn)
            break
        except psycopg2.OperationalError:
            if time.monotonic() > deadline:
                raise
            log.warning("warehouse connection refused, retrying")
            time.sleep(2)
    # TODO: batch the inserts; one statement per row is slow.
    with connection, connection.cursor() as cursor:
        for row in rows:
            cursor.execute("INSERT INTO orders VALUES (%s, %s, %s)", row)
