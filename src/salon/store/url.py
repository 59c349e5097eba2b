"""Which databases the store accepts, and how a person's URL becomes the one the engine uses.

People write the URLs they know (`sqlite:///.salon/salon.db`, `postgresql://user@host/db`); the store
runs on asyncio, so each is mapped onto the async driver Salon ships with: `sqlite+aiosqlite` and
`postgresql+psycopg` (psycopg 3 speaks both sync and async, so `postgresql+psycopg2` URLs map too). A
bare path with no scheme is taken as a SQLite file, so `--db .salon/salon.db` works.

The URL shown back (`Store.url`, error messages) never carries the password.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from salon.errors import ConfigurationError

DEFAULT_URL = "sqlite:///.salon/salon.db"
"""The embedded default: a SQLite file under `.salon/` in the working directory."""

_SQLITE_DRIVERS = {"sqlite", "sqlite+pysqlite", "sqlite+aiosqlite"}
_POSTGRES_DRIVERS = {"postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2"}
_MEMORY_NAMES = {"", ":memory:"}

_ACCEPTED = (
    "sqlite:///path/to/salon.db, sqlite+aiosqlite:///path/to/salon.db, "
    "postgresql://user@host:5432/dbname or postgresql+psycopg://user@host:5432/dbname"
)


def normalise_url(raw: str) -> URL:
    """Parse `raw` and return it with the async driver Salon uses for its backend.

    Raises `ConfigurationError` for anything that is not SQLite or PostgreSQL.
    """
    text = raw.strip()
    if not text:
        raise ConfigurationError(f"The database URL is empty; use one of {_ACCEPTED}.")
    if "://" not in text:
        return URL.create("sqlite+aiosqlite", database=text)
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise ConfigurationError(
            f"{display(text)!r} is not a database URL Salon can read; use one of {_ACCEPTED}."
        ) from exc
    driver = url.drivername.lower()
    if driver in _SQLITE_DRIVERS:
        return url.set(drivername="sqlite+aiosqlite")
    if driver in _POSTGRES_DRIVERS:
        return url.set(drivername="postgresql+psycopg")
    raise ConfigurationError(
        f"Salon stores its data in SQLite or PostgreSQL, not {url.drivername!r}; use one of {_ACCEPTED}."
    )


def display(url: URL | str) -> str:
    """The URL as it may be shown to people and written to logs: without the password."""
    if isinstance(url, str):
        try:
            url = make_url(url)
        except ArgumentError:
            return "<unreadable database URL>"
    # `URL.set(password=None)` means "leave the password as it is", so build the URL afresh.
    bare = URL.create(
        url.drivername,
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    return bare.render_as_string(hide_password=False)


def is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def is_memory(url: URL) -> bool:
    """A SQLite database that lives only as long as the process (`sqlite://`)."""
    return is_sqlite(url) and (url.database or "") in _MEMORY_NAMES


def sqlite_file(url: URL) -> Path | None:
    """The file a SQLite URL points at, or `None` for PostgreSQL and in-memory databases."""
    if not is_sqlite(url) or is_memory(url) or url.database is None:
        return None
    if url.database.startswith("file:"):
        # A SQLite URI filename (`?uri=true`); the path part is what lands on disk.
        return Path(url.database.removeprefix("file:").split("?", 1)[0])
    return Path(url.database)
