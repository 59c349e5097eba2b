"""Alembic's environment for Salon: migrations run on a connection the store hands over.

`salon.store.migrate.upgrade` puts its open connection in `config.attributes["connection"]`; there is
no URL or `alembic.ini` here, so running this environment any other way is refused with a message.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from salon.store.schema import metadata


def _run() -> None:
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError(
            "Salon's migrations run on the store's own connection; open the database with "
            "salon.store.Store.open (or salon.store.migrate.upgrade) instead of the alembic command."
        )
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


_run()
