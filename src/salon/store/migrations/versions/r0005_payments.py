"""The person's payment vault and spend caps (owned by the payments work).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "payment_methods",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("person", sa.String(length=255), nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=False),
        sa.Column("token", sa.String(length=255), nullable=False),
        sa.Column("brand", sa.String(length=32), nullable=False),
        sa.Column("last4", sa.String(length=4), nullable=False),
        sa.Column("exp_month", sa.Integer(), nullable=False),
        sa.Column("exp_year", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_methods")),
        sa.UniqueConstraint("provider", "token", name=op.f("uq_payment_methods_provider_token")),
    )
    op.create_index(op.f("ix_payment_methods_person_created_at"), "payment_methods", ["person", "created_at"])
    op.create_table(
        "spend_caps",
        sa.Column("person", sa.String(length=255), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("per_purchase", sa.Integer(), nullable=True),
        sa.Column("per_day", sa.Integer(), nullable=True),
        sa.Column("per_month", sa.Integer(), nullable=True),
        sa.Column("per_merchant", sa.Integer(), nullable=True),
        sa.Column("confirm_above", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("person", name=op.f("pk_spend_caps")),
    )
    op.create_table(
        "spend_ledger",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("person", sa.String(length=255), nullable=False),
        sa.Column("merchant_id", sa.String(length=256), nullable=False),
        sa.Column("checkout_session_id", sa.Text(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("payment_method_id", sa.String(length=32), nullable=False),
        sa.Column("token_id", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spend_ledger")),
    )
    op.create_index(op.f("ix_spend_ledger_person_created_at"), "spend_ledger", ["person", "created_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_spend_ledger_person_created_at"), table_name="spend_ledger")
    op.drop_table("spend_ledger")
    op.drop_table("spend_caps")
    op.drop_index(op.f("ix_payment_methods_person_created_at"), table_name="payment_methods")
    op.drop_table("payment_methods")
