"""Salon's persistence: SQLAlchemy 2 (async) over SQLite by default or PostgreSQL, with Alembic
migrations shipped in the package and run at `Store.open`.

    engine.py / url.py / failures.py   the connection: URLs, SQLite settings, errors → StoreError
    schema.py / columns.py             the tables (and the migrations under migrations/)
    records.py                         the frozen records every method returns
    conversations.py, messages.py, tool_calls.py, confirmations.py,
    apps.py, tool_definitions.py, grants.py,
    view_states.py, model_contexts.py, view_resources.py   one repository per concept
    store.py                           `Store`, which opens the database and holds the repositories
"""

from salon.store.records import (
    Confirmation,
    ConfirmationKind,
    ConfirmationStatus,
    Conversation,
    Grant,
    InstalledApp,
    Message,
    ModelContext,
    Role,
    ToolCallRecord,
    ToolCallStatus,
    ToolDefinition,
    Transport,
    ViewResource,
    ViewState,
)
from salon.store.store import Store
from salon.store.url import DEFAULT_URL

__all__ = [
    "DEFAULT_URL",
    "Confirmation",
    "ConfirmationKind",
    "ConfirmationStatus",
    "Conversation",
    "Grant",
    "InstalledApp",
    "Message",
    "ModelContext",
    "Role",
    "Store",
    "ToolCallRecord",
    "ToolCallStatus",
    "ToolDefinition",
    "Transport",
    "ViewResource",
    "ViewState",
]
