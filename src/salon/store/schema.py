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
- Router index (revision 0003): one `router_tools` row per indexed tool of an installed app, deleted
  with the app: the entry the router indexed (JSON), a digest of the texts embedded for it and of the
  embedder, and their vectors (float32 bytes, one row per text). A worker restarts without
  embedding anything whose digest still matches.
- Directory (revision 0004): `directory_listings` (one per app name, its owner, and `reviewing`: the
  one version being reviewed, claimed with a conditional UPDATE so two submissions cannot both take
  it), `directory_versions` (the manifest, state, server location, review report, the approved tool
  definitions and their fingerprints), `directory_audit` (who moved what from which state to which,
  and why) and `directory_installs` (the consent a person gave when installing a listing: the data
  types shown, the tools they revoked).
- Directory search index (revision 0007): one `directory_index` row per router entry of an app version
  (its tools and the app's own entry), deleted with the version: a digest of the texts embedded for
  it, the embedder and the index's row format, and the router's dense row for it (float32 bytes).
  Versions never change, so a row is written once and every worker that starts loads it instead of
  embedding.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
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

router_tools = Table(
    "router_tools",
    metadata,
    Column("app", String(_NAME), ForeignKey("apps.name", ondelete="CASCADE"), primary_key=True),
    Column("tool", String(_NAME), primary_key=True),
    Column("digest", String(64), nullable=False),
    Column("embedder", String(_NAME), nullable=False),
    Column("entry", JSONValue, nullable=False),
    Column("text_count", Integer, nullable=False),
    Column("vectors", LargeBinary, nullable=False),
    Column("indexed_at", UTCDateTime, nullable=False),
)

directory_listings = Table(
    "directory_listings",
    metadata,
    Column("name", String(_NAME), primary_key=True),
    Column("owner", String(_NAME), nullable=False),
    Column("reviewing", String(_ID), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
)

directory_versions = Table(
    "directory_versions",
    metadata,
    Column("id", String(_ID), primary_key=True),
    Column("app", String(_NAME), ForeignKey("directory_listings.name", ondelete="CASCADE"), nullable=False),
    Column("version", String(_NAME), nullable=False),
    Column("state", String(16), nullable=False),
    Column("manifest", JSONValue, nullable=False),
    Column("server", JSONValue, nullable=False),
    Column("report", JSONValue, nullable=True),
    Column("tool_definitions", JSONValue, nullable=True),
    Column("fingerprints", JSONValue, nullable=True),
    Column("reasons", Text, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("reviewed_at", UTCDateTime, nullable=True),
    Column("published_at", UTCDateTime, nullable=True),
    UniqueConstraint("app", "version"),
    Index(None, "state", "updated_at"),
    Index(None, "updated_at"),
)

directory_index = Table(
    "directory_index",
    metadata,
    Column(
        "version_id", String(_ID), ForeignKey("directory_versions.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("entry", String(_NAME), primary_key=True),
    Column("digest", String(64), nullable=False),
    Column("embedder", String(_NAME), nullable=False),
    Column("vector", LargeBinary, nullable=False),
    Column("indexed_at", UTCDateTime, nullable=False),
)

directory_audit = Table(
    "directory_audit",
    metadata,
    Column("id", String(_ID), primary_key=True),
    Column("app", String(_NAME), nullable=False),
    Column("version", String(_NAME), nullable=True),
    Column("actor", String(_NAME), nullable=False),
    Column("action", String(32), nullable=False),
    Column("from_state", String(16), nullable=True),
    Column("to_state", String(16), nullable=True),
    Column("reason", Text, nullable=True),
    Column("at", UTCDateTime, nullable=False),
    Index(None, "app", "at"),
    Index(None, "at"),
)

directory_installs = Table(
    "directory_installs",
    metadata,
    Column("app", String(_NAME), ForeignKey("apps.name", ondelete="CASCADE"), primary_key=True),
    Column(
        "listing", String(_NAME), ForeignKey("directory_listings.name", ondelete="CASCADE"), nullable=False
    ),
    Column("version_id", String(_ID), nullable=False),
    Column("version", String(_NAME), nullable=False),
    Column("data_types", JSONValue, nullable=False),
    Column("revoked_tools", JSONValue, nullable=False),
    Column("consented_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    UniqueConstraint("listing"),
)

# Payments (revision 0005): the person's payment methods as provider tokens (never a card number), their
# spend caps (one row per person, also the row a purchase locks so concurrent purchases check caps one
# after the other), and the ledger of purchases those caps count.
payment_methods = Table(
    "payment_methods",
    metadata,
    Column("id", String(_ID), primary_key=True),
    Column("person", String(_NAME), nullable=False),
    Column("provider", String(64), nullable=False),
    Column("token", String(_NAME), nullable=False),
    Column("brand", String(32), nullable=False),
    Column("last4", String(4), nullable=False),
    Column("exp_month", Integer, nullable=False),
    Column("exp_year", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("provider", "token"),
    Index(None, "person", "created_at"),
)

spend_caps = Table(
    "spend_caps",
    metadata,
    Column("person", String(_NAME), primary_key=True),
    Column("currency", String(3), nullable=False),
    Column("per_purchase", Integer, nullable=True),
    Column("per_day", Integer, nullable=True),
    Column("per_month", Integer, nullable=True),
    Column("per_merchant", Integer, nullable=True),
    Column("confirm_above", Integer, nullable=True),
    Column("updated_at", UTCDateTime, nullable=False),
)

spend_ledger = Table(
    "spend_ledger",
    metadata,
    Column("id", String(_ID), primary_key=True),
    Column("person", String(_NAME), nullable=False),
    Column("merchant_id", String(256), nullable=False),
    Column("checkout_session_id", Text, nullable=False),
    Column("amount", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("status", String(16), nullable=False),
    Column("payment_method_id", String(_ID), nullable=False),
    Column("token_id", String(_NAME), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Index(None, "person", "created_at"),
)

# Orders (revision 0006): the host's side of a checkout in the conversation. `checkouts` is one row per
# merchant checkout session the host showed the person: what was shown (amount, the card), and the
# state of paying it, claimed with a conditional UPDATE so two confirms cannot both pay. `orders` holds
# the newest state of each order the merchant reported (complete's answer, then `order_create` /
# `order_update` webhooks); `order_events` is every accepted webhook, unique by its signature, so a
# replayed delivery is recognised and refused.
checkouts = Table(
    "checkouts",
    metadata,
    Column("id", String(_ID), primary_key=True),
    Column("conversation_id", String(_ID), nullable=True),
    Column("call_id", String(_NAME), nullable=True),
    Column("app", String(_NAME), nullable=False),
    Column("merchant", String(_NAME), nullable=False),
    Column("session_id", String(_NAME), nullable=False),
    Column("status", String(16), nullable=False),
    Column("amount", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("card", JSONValue, nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("ledger_id", String(_ID), nullable=True),
    Column("token_id", String(_NAME), nullable=True),
    Column("token_expires_at", UTCDateTime, nullable=True),
    Column("claimed_at", UTCDateTime, nullable=True),
    Column("order_id", String(_NAME), nullable=True),
    Column("message", Text, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    UniqueConstraint("merchant", "session_id"),
    Index(None, "conversation_id", "created_at"),
)

orders = Table(
    "orders",
    metadata,
    Column("merchant", String(_NAME), primary_key=True),
    Column("order_id", String(_NAME), primary_key=True),
    Column("checkout_session_id", String(_NAME), nullable=False),
    Column("conversation_id", String(_ID), nullable=True),
    Column("status", String(64), nullable=True),
    Column("data", JSONValue, nullable=False),
    Column("signed_at", UTCDateTime, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index(None, "updated_at"),
)

order_events = Table(
    "order_events",
    metadata,
    Column("id", String(_ID), primary_key=True),
    Column("merchant", String(_NAME), nullable=False),
    Column("order_id", String(_NAME), nullable=False),
    Column("type", String(32), nullable=False),
    Column("status", String(64), nullable=True),
    Column("signature", String(64), nullable=False),
    Column("signed_at", UTCDateTime, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    UniqueConstraint("merchant", "signature"),
    Index(None, "merchant", "order_id", "signed_at"),
)
