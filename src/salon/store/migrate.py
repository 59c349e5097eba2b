"""Bringing a database to the schema this version of Salon expects, at `Store.open`.

The Alembic scripts ship inside the package (`salon/store/migrations/`) and are found through the
package, not a path on disk, so an installed copy migrates its database the same way a checkout does.
Migrations run on the store's own connection (Alembic's connection-sharing recipe, through
`run_sync`), inside one transaction:

- PostgreSQL takes a transaction-scoped advisory lock first, so workers starting together migrate one
  after the other, the later ones finding nothing to do. Its DDL is transactional: a failed migration
  leaves the schema as it was.
- SQLite runs under `BEGIN IMMEDIATE` (see `engine.py`), which serialises the same way; its DDL is
  transactional too.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import text
from sqlalchemy.engine import Connection

from salon.errors import StoreError
from salon.store.engine import Database

SCRIPT_LOCATION = "salon.store:migrations"

_MIGRATION_LOCK = 0x5A10_0001
"""The PostgreSQL advisory lock key held while migrating (any constant unlikely to clash)."""


def alembic_config() -> Config:
    """Alembic's configuration for Salon's migrations, with no `alembic.ini` needed."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    return config


def head_revision() -> str | None:
    """The newest revision this version of Salon ships."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def upgrade(database: Database) -> None:
    """Migrate `database` to the head revision; raises `StoreError` when that cannot be done."""
    try:
        async with database.write() as connection:
            await connection.run_sync(_upgrade_to_head)
    except CommandError as exc:
        raise StoreError(
            f"Cannot migrate the database at {database.display_url}: {exc}. If another version of Salon "
            "created it (a newer one, say), run that version or point this one at another database.",
            code="store_schema",
        ) from exc


def _upgrade_to_head(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
