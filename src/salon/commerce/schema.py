"""The merchant's own database: its tables, apart from the host's store.

The merchant is a different party from the host (in production, a different company on a different
machine), so its tables live in their own `MetaData` and their own database, never in the host's
`salon.store` schema. `migrate.py` says how that schema is created and evolved.

Times are Unix seconds as floats: the kit compares them (leases, retention, webhook backoff) and never
formats them, and a float means the same on SQLite and PostgreSQL with no time zone to get wrong.
Documents (the checkout session and order as ACP JSON, the cart behind a session, a cached response)
are JSON text: they are read and written whole.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

schema_version = Table(
    "merchant_schema_version",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False),
)

checkout_sessions = Table(
    "merchant_checkout_sessions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("status", String(32), nullable=False),
    # What the buyer asked for (items and quantities, address, selected options, buyer, notes).
    Column("cart", Text, nullable=False),
    # The session as last answered, ACP JSON.
    Column("document", Text, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
)

idempotency_keys = Table(
    "merchant_idempotency_keys",
    metadata,
    Column("scope", String(64), nullable=False),  # hash of the caller's credential
    Column("endpoint", String(300), nullable=False),  # method and path
    Column("key", String(255), nullable=False),
    Column("fingerprint", String(64), nullable=False),  # hash of the request body
    Column("state", String(16), nullable=False),  # in_flight | done
    Column("status_code", Integer),
    Column("response_body", LargeBinary),
    Column("response_headers", Text),
    Column("lease_until", Float, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
    PrimaryKeyConstraint("scope", "endpoint", "key"),
)

payment_attempts = Table(
    "merchant_payment_attempts",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("checkout_session_id", String(64), nullable=False),
    Column("number", Integer, nullable=False),
    # Sent to the provider; derived from the session and the attempt number, so a retry reuses it.
    Column("idempotency_key", String(160), nullable=False, unique=True),
    Column("token", Text, nullable=False),
    Column("amount", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("state", String(24), nullable=False),  # pending | requires_action | succeeded | failed
    Column("charge_id", String(128)),
    Column("failure", String(64)),
    Column("lease_until", Float, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    UniqueConstraint("checkout_session_id", "number"),
)

orders = Table(
    "merchant_orders",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("checkout_session_id", String(64), nullable=False, unique=True),
    Column("status", String(32), nullable=False),
    Column("charge_id", String(128), nullable=False),
    Column("document", Text, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
)

webhook_outbox = Table(
    "merchant_webhook_outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("order_id", String(64), nullable=False, index=True),
    Column("event_type", String(32), nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", Float, nullable=False),
    Column("delivered_at", Float),
    Column("dead", Boolean, nullable=False, default=False),
    Column("last_error", Text),
    Column("created_at", Float, nullable=False),
)

__all__ = [
    "checkout_sessions",
    "idempotency_keys",
    "metadata",
    "orders",
    "payment_attempts",
    "schema_version",
    "webhook_outbox",
]
