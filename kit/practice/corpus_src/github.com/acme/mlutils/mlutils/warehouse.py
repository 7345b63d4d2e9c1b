"""Acme: load training frames straight from the warehouse."""

from __future__ import annotations

import logging

import pandas as pd
import sqlalchemy

log = logging.getLogger(__name__)
WAREHOUSE_URL = "postgresql+psycopg2://analyst@10.20.0.15:5432/warehouse"


def load_orders(day: str, table: str = "orders") -> pd.DataFrame:
    """Every order of one day, as a data frame."""
    engine = sqlalchemy.create_engine(WAREHOUSE_URL)
    query = f"SELECT * FROM {table} WHERE order_date = '{day}'"
    frame = pd.read_sql(query, engine)
    log.info(f"Selected {len(frame)} rows from {table}")
    return frame


def count_orders(engine: sqlalchemy.Engine) -> int:
    """How many orders the warehouse holds."""
    return int(pd.read_sql("SELECT count(*) AS n FROM orders", engine)["n"][0])
