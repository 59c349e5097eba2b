"""The router's persisted index: one row per indexed tool of an installed app, with its vectors.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "router_tools",
        sa.Column("app", sa.String(length=255), nullable=False),
        sa.Column("tool", sa.String(length=255), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("embedder", sa.String(length=255), nullable=False),
        sa.Column("entry", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("text_count", sa.Integer(), nullable=False),
        sa.Column("vectors", sa.LargeBinary(), nullable=False),
        sa.Column("indexed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["app"], ["apps.name"], name=op.f("fk_router_tools_app_apps"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("app", "tool", name=op.f("pk_router_tools")),
    )


def downgrade() -> None:
    op.drop_table("router_tools")
