"""The tables, as SQLAlchemy Core metadata. The Alembic migrations create exactly this schema (a test
compares them), so a change here needs a new revision in `migrations/versions/`.

Design notes:
- Ids are text: uuid4 hex for what the store creates; tool call ids come from the model provider and
  must be unique across conversations.
- Message order is `messages.seq`, numbered per conversation from `conversations.last_seq`, which a
  write bumps with one `UPDATE ... RETURNING`; the row lock (PostgreSQL) or write lock (SQLite) makes
  concurrent appends from several workers take distinct numbers.
- Tool definitions and grants belong to an installed app and are deleted with it (`ON DELETE
  CASCADE`). Tool calls and confirmations are history and only name the app.
- Constraint names follow one naming convention so migrations name them the same on every backend.
- Views (revision 0002): a tool call names the view it renders into (`view_uri`) and, when a view made
  the call itself, that view's call (`view_call_id`). A view's state is one row per call
  (`view_states`, deleted with the call); the context a view shares with the model is one row per
  conversation (`model_contexts`, last one wins). `view_resources` caches the views' HTML per app
  version, so every worker serves the same document under one id.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from salon.store.columns import JSONValue, UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

_ID = 32  # uuid4 hex
_NAME = 255  # app names, tool names, caller-given ids

conversations = Table(
    "conversations",
    metadata,
    Column("id", String(_ID), primary_key=True),
    Column("title", Text, nullable=False),
    Column("last_seq", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index(None, "updated_at"),
)

messages = Table(
    "messages",
    metadata,
    Column("id", String(_ID), primary_key=True),
    Column(
        "conversation_id",
        String(_ID),
        ForeignKey("conversations.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("seq", Integer, nullable=False),
    Column("role", String(16), nullable=False),
    Column("content", Text, nullable=False),
    Column("tool_calls", JSONValue, nullable=True),
    Column("tool_call_id", String(_NAME), nullable=True),
    Column("name", String(_NAME), nullable=True),
    Column("data", JSONValue, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("conversation_id", "seq"),
)

tool_calls = Table(
    "tool_calls",
    metadata,
    Column("id", String(_NAME), primary_key=True),
    Column(
        "conversation_id",
        String(_ID),
        ForeignKey("conversations.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("app", String(_NAME), nullable=False),
    Column("tool", String(_NAME), nullable=False),
    Column("arguments", JSONValue, nullable=False),
    Column("status", String(16), nullable=False),
    Column("result_text", Text, nullable=True),
    Column("result_structured", JSONValue, nullable=True),
    Column("result_meta", JSONValue, nullable=True),
    Column("is_error", Boolean, nullable=False),
    Column("error_code", String(64), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=True),
    Column("view_uri", Text, nullable=True),
    Column("view_call_id", String(_NAME), nullable=True),
    Index(None, "conversation_id", "created_at"),
)

confirmations = Table(
    "confirmations",
    metadata,
    Column("id", String(_ID), primary_key=True),
    Column(
        "conversation_id",
        String(_ID),
        ForeignKey("conversations.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("call_id", String(_NAME), nullable=False),
    Column("app", String(_NAME), nullable=False),
    Column("tool", String(_NAME), nullable=False),
    Column("arguments", JSONValue, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("payload", JSONValue, nullable=True),
    Column("status", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("decided_at", UTCDateTime, nullable=True),
    Index(None, "conversation_id", "status"),
    Index(None, "call_id"),
)

apps = Table(
    "apps",
    metadata,
    Column("name", String(_NAME), primary_key=True),
    Column("title", Text, nullable=False),
    Column("transport", String(16), nullable=False),
    Column("url", Text, nullable=True),
    Column("command", JSONValue, nullable=True),
    Column("env", JSONValue, nullable=False),
    Column("cwd", Text, nullable=True),
    Column("enabled", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

tool_definitions = Table(
    "tool_definitions",
    metadata,
    Column("app", String(_NAME), ForeignKey("apps.name", ondelete="CASCADE"), primary_key=True),
    Column("tool", String(_NAME), primary_key=True),
    Column("fingerprint", String(128), nullable=False),
    Column("definition", JSONValue, nullable=False),
    Column("pending_fingerprint", String(128), nullable=True),
    Column("pending_definition", JSONValue, nullable=True),
    Column("approved_at", UTCDateTime, nullable=False),
)

grants = Table(
    "grants",
    metadata,
    Column("app", String(_NAME), ForeignKey("apps.name", ondelete="CASCADE"), primary_key=True),
    Column("tool", String(_NAME), primary_key=True),
    Column("created_at", UTCDateTime, nullable=False),
)

view_states = Table(
    "view_states",
    metadata,
    Column("call_id", String(_NAME), ForeignKey("tool_calls.id", ondelete="CASCADE"), primary_key=True),
    Column("state", JSONValue, nullable=True),
    Column("updated_at", UTCDateTime, nullable=False),
)

model_contexts = Table(
    "model_contexts",
    metadata,
    Column(
        "conversation_id",
        String(_ID),
        ForeignKey("conversations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("app", String(_NAME), nullable=False),
    Column("call_id", String(_NAME), nullable=False),
    Column("content", JSONValue, nullable=True),
    Column("structured", JSONValue, nullable=True),
    Column("updated_at", UTCDateTime, nullable=False),
)

view_resources = Table(
    "view_resources",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("app", String(_NAME), ForeignKey("apps.name", ondelete="CASCADE"), nullable=False),
    Column("uri", Text, nullable=False),
    Column("version", String(128), nullable=False),
    Column("mime_type", String(_NAME), nullable=False),
    Column("html", Text, nullable=False),
    Column("meta", JSONValue, nullable=True),
    Column("fetched_at", UTCDateTime, nullable=False),
    Index(None, "app"),
)
