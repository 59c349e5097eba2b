"""The local test provider's own database schema.

The provider is a different party from Salon's host and from the merchant: in production its state
lives in the PSP's systems, not in Salon's store. So its tables have their own `MetaData` (prefixed
`psp_`), are never part of the store's Alembic history, and may live in a separate database (the
default is its own SQLite file). The schema is six small tables that change rarely; instead of a
second Alembic tree, `ensure_schema` runs `create_all` and then checks a schema version row in
`psp_meta`. A database written by another version is refused with a message, never altered silently;
when the schema changes, `SCHEMA_VERSION` goes up and an upgrade step goes here. On PostgreSQL an
advisory lock makes several workers opening one database together create it once.

What the provider keeps of a card: a keyed hash of the number (HMAC-SHA256 under a random key kept in
`psp_meta`, so two tokenizations of one card share a fingerprint without the number being
recoverable), brand, last four digits, expiry, and the behaviour its test number selected. Never the
number, never the CVC.

Single use and idempotency are constraints, not checks in Python: a token is spent by a conditional
`UPDATE psp_tokens SET charge_id = … WHERE charge_id IS NULL`, and `(merchant_id, idempotency_key)` is
unique among charges, as `(charge_id, idempotency_key)` is among refunds.
"""

from __future__ import annotations

import secrets

from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from salon.errors import StoreError
from salon.store.columns import JSONValue, UTCDateTime

SCHEMA_VERSION = "1"

metadata = MetaData()

meta = Table(
    "psp_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

payment_methods = Table(
    "psp_payment_methods",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("fingerprint", String(64), nullable=False, index=True),
    Column("brand", String(32), nullable=False),
    Column("last4", String(4), nullable=False),
    Column("exp_month", Integer, nullable=False),
    Column("exp_year", Integer, nullable=False),
    Column("funding", String(16), nullable=False),
    Column("behaviour", String(32), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

tokens = Table(
    "psp_tokens",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("payment_method_id", String(64), ForeignKey("psp_payment_methods.id"), nullable=False),
    Column("max_amount", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("checkout_session_id", Text, nullable=False),
    Column("merchant_id", String(256), nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("metadata", JSONValue, nullable=False),
    Column("charge_id", String(64), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
)

charges = Table(
    "psp_charges",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("token_id", String(64), ForeignKey("psp_tokens.id"), nullable=False),
    Column("payment_method_id", String(64), nullable=False),
    Column("amount", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("merchant_id", String(256), nullable=False),
    Column("checkout_session_id", Text, nullable=False),
    Column("idempotency_key", String(255), nullable=False),
    Column("status", String(32), nullable=False),
    Column("failure_code", String(64), nullable=True),
    Column("amount_refunded", Integer, nullable=False, server_default="0"),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("merchant_id", "idempotency_key", name="uq_psp_charges_idempotency"),
)

refunds = Table(
    "psp_refunds",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("charge_id", String(64), ForeignKey("psp_charges.id"), nullable=False),
    Column("amount", Integer, nullable=False),
    Column("requested", Integer, nullable=True),
    Column("idempotency_key", String(255), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("charge_id", "idempotency_key", name="uq_psp_refunds_idempotency"),
)

# Idempotency of the ACP `delegate_payment` endpoint: one row per (API key identity, Idempotency-Key),
# `in_flight` while the first request runs, then the token it minted. Failures are not kept, so a
# retry after an error runs again (ACP: 5xx responses are never cached).
delegate_requests = Table(
    "psp_delegate_requests",
    metadata,
    Column("scope", String(128), primary_key=True),
    Column("idempotency_key", String(255), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("token_id", String(64), ForeignKey("psp_tokens.id"), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
)


async def ensure_schema(connection: AsyncConnection) -> bytes:
    """Create the tables if missing, check the schema version, and return the card-hash key."""
    if connection.dialect.name == "postgresql":
        await connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('salon.payments.local'))"))
    await connection.run_sync(metadata.create_all)
    rows = {row.key: row.value for row in await connection.execute(select(meta.c.key, meta.c.value))}
    version = rows.get("schema_version")
    if version is None:
        key = secrets.token_hex(32)
        await connection.execute(
            meta.insert(),
            [{"key": "schema_version", "value": SCHEMA_VERSION}, {"key": "card_hash_key", "value": key}],
        )
        return bytes.fromhex(key)
    if version != SCHEMA_VERSION:
        raise StoreError(
            f"The payment provider's database has schema version {version}, and this Salon expects "
            f"{SCHEMA_VERSION}. Point the local provider at a fresh database, or upgrade Salon.",
            code="store_schema",
        )
    return bytes.fromhex(rows["card_hash_key"])


__all__ = [
    "SCHEMA_VERSION",
    "charges",
    "delegate_requests",
    "ensure_schema",
    "metadata",
    "payment_methods",
    "refunds",
    "tokens",
]
