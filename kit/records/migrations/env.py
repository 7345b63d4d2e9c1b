"""Alembic environment for the records database: run on the connection the kit hands over."""

from __future__ import annotations

from alembic import context

from kit.records.schema import RecordsBase

VERSION_TABLE = "sgkit_records_version"

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=RecordsBase.metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
