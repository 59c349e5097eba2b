"""`Store`: Salon's persistence, one object per database, with one repository per concept.

    store = await Store.open("sqlite:///.salon/salon.db")   # or postgresql://user@host/db
    conversation = await store.conversations.create()
    await store.messages.append(conversation.id, "user", "Find me a hotel in Lisbon")
    await store.aclose()

`Store.open` connects and migrates the schema to this version's head before returning, so a store
that opened is ready to use. Every method raises `StoreError` (with a message saying what to do) when
the database fails, `NotFoundError` for ids that do not exist, and returns frozen records. Nothing is
cached in process memory: several workers can share one PostgreSQL database.
"""

from __future__ import annotations

from types import TracebackType

from salon.errors import StoreError
from salon.store import url as urls
from salon.store.app_versions import AppVersions
from salon.store.apps import Apps
from salon.store.audit import AuditLog
from salon.store.clock import Clock
from salon.store.confirmations import Confirmations
from salon.store.conversations import Conversations
from salon.store.engine import DEFAULT_BUSY_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, Database
from salon.store.grants import Grants
from salon.store.installs import Installs
from salon.store.listings import Listings
from salon.store.messages import Messages
from salon.store.migrate import upgrade
from salon.store.model_contexts import ModelContexts
from salon.store.orders import Orders
from salon.store.payment_methods import PaymentMethods
from salon.store.router_index import DirectoryIndexRows, RouterIndexRows
from salon.store.spend_caps import Caps
from salon.store.spend_ledger import SpendLedger
from salon.store.tool_calls import ToolCalls
from salon.store.tool_definitions import ToolDefinitions
from salon.store.view_resources import ViewResources
from salon.store.view_states import ViewStates


class Store:
    """An open database. Build one with `await Store.open(url)`; close it with `await store.aclose()`."""

    def __init__(self, database: Database) -> None:
        self._db = database
        clock = Clock()
        self.conversations = Conversations(database, clock)
        self.messages = Messages(database, clock)
        self.tool_calls = ToolCalls(database, clock)
        self.confirmations = Confirmations(database, clock)
        self.apps = Apps(database, clock)
        self.tool_definitions = ToolDefinitions(database, clock)
        self.grants = Grants(database, clock)
        self.view_states = ViewStates(database, clock)
        self.model_contexts = ModelContexts(database, clock)
        self.view_resources = ViewResources(database, clock)
        self.listings = Listings(database, clock)
        self.app_versions = AppVersions(database, clock)
        self.audit = AuditLog(database, clock)
        self.installs = Installs(database, clock)
        self.router_index = RouterIndexRows(database, clock)
        self.directory_index = DirectoryIndexRows(database, clock)
        self.payment_methods = PaymentMethods(database, clock)
        self.spend_caps = Caps(database, clock)
        self.spend_ledger = SpendLedger(database, clock)
        self.orders = Orders(database, clock)

    @classmethod
    async def open(
        cls,
        url: str = urls.DEFAULT_URL,
        *,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    ) -> Store:
        """Connect to the database at `url`, create or migrate its schema, and return the store.

        `url` is a SQLite or PostgreSQL URL (`sqlite:///path.db`, `postgresql://user@host/db`, with or
        without an async driver named) or a bare path to a SQLite file, whose directory is created.
        `busy_timeout` is how long a SQLite writer waits for another process's lock; `connect_timeout`
        how long to wait for a PostgreSQL server. Raises `ConfigurationError` for a URL Salon cannot
        use and `StoreError` when the database cannot be reached, is locked, or cannot be written.
        """
        normalised = urls.normalise_url(url)
        path = urls.sqlite_file(normalised)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"Cannot create the directory {str(path.parent)!r} for the database at "
                    f"{urls.display(normalised)} ({exc.strerror or exc}). Choose a path in a writable "
                    "directory.",
                ) from exc
        database = Database(normalised, busy_timeout=busy_timeout, connect_timeout=connect_timeout)
        try:
            await database.probe()
            await upgrade(database)
        except BaseException:
            await database.aclose()
            raise
        return cls(database)

    @property
    def url(self) -> str:
        """The database URL in use, with its async driver and without the password."""
        return self._db.display_url

    async def aclose(self) -> None:
        """Close every connection. The store cannot be used afterwards."""
        await self._db.aclose()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
