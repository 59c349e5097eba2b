"""Checkouts the host showed, the orders they became, and the order webhooks received.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "checkouts",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=True),
        sa.Column("call_id", sa.String(length=255), nullable=True),
        sa.Column("app", sa.String(length=255), nullable=False),
        sa.Column("merchant", sa.String(length=255), nullable=False),
        sa.Column("session_id", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("card", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("ledger_id", sa.String(length=32), nullable=True),
        sa.Column("token_id", sa.String(length=255), nullable=True),
        sa.Column("token_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("order_id", sa.String(length=255), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkouts")),
        sa.UniqueConstraint("merchant", "session_id", name=op.f("uq_checkouts_merchant_session_id")),
    )
    op.create_index(
        op.f("ix_checkouts_conversation_id_created_at"), "checkouts", ["conversation_id", "created_at"]
    )
    op.create_table(
        "orders",
        sa.Column("merchant", sa.String(length=255), nullable=False),
        sa.Column("order_id", sa.String(length=255), nullable=False),
        sa.Column("checkout_session_id", sa.String(length=255), nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=64), nullable=True),
        sa.Column("data", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("merchant", "order_id", name=op.f("pk_orders")),
    )
    op.create_index(op.f("ix_orders_updated_at"), "orders", ["updated_at"])
    op.create_table(
        "order_events",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("merchant", sa.String(length=255), nullable=False),
        sa.Column("order_id", sa.String(length=255), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=64), nullable=True),
        sa.Column("signature", sa.String(length=64), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_events")),
        sa.UniqueConstraint("merchant", "signature", name=op.f("uq_order_events_merchant_signature")),
    )
    op.create_index(
        op.f("ix_order_events_merchant_order_id_signed_at"),
        "order_events",
        ["merchant", "order_id", "signed_at"],
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_order_events_merchant_order_id_signed_at"), table_name="order_events")
    op.drop_table("order_events")
    op.drop_index(op.f("ix_orders_updated_at"), table_name="orders")
    op.drop_table("orders")
    op.drop_index(op.f("ix_checkouts_conversation_id_created_at"), table_name="checkouts")
    op.drop_table("checkouts")
