"""Views: the view a tool call renders into, view state per call, the context a view shares with the
model, and the cache of views' HTML.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.JSON:
    return sa.JSON(none_as_null=True)


def _when() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("tool_calls") as batch:
        batch.add_column(sa.Column("view_uri", sa.Text(), nullable=True))
        batch.add_column(sa.Column("view_call_id", sa.String(length=255), nullable=True))

    op.create_table(
        "view_states",
        sa.Column("call_id", sa.String(length=255), nullable=False),
        sa.Column("state", _json(), nullable=True),
        sa.Column("updated_at", _when(), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["tool_calls.id"],
            name=op.f("fk_view_states_call_id_tool_calls"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("call_id", name=op.f("pk_view_states")),
    )

    op.create_table(
        "model_contexts",
        sa.Column("conversation_id", sa.String(length=32), nullable=False),
        sa.Column("app", sa.String(length=255), nullable=False),
        sa.Column("call_id", sa.String(length=255), nullable=False),
        sa.Column("content", _json(), nullable=True),
        sa.Column("structured", _json(), nullable=True),
        sa.Column("updated_at", _when(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_model_contexts_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("conversation_id", name=op.f("pk_model_contexts")),
    )

    op.create_table(
        "view_resources",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("app", sa.String(length=255), nullable=False),
        sa.Column("uri", sa.Text(), nullable=False),
        sa.Column("version", sa.String(length=128), nullable=False),
        sa.Column("mime_type", sa.String(length=255), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("meta", _json(), nullable=True),
        sa.Column("fetched_at", _when(), nullable=False),
        sa.ForeignKeyConstraint(
            ["app"], ["apps.name"], name=op.f("fk_view_resources_app_apps"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_view_resources")),
    )
    op.create_index(op.f("ix_view_resources_app"), "view_resources", ["app"])


def downgrade() -> None:
    op.drop_index(op.f("ix_view_resources_app"), table_name="view_resources")
    op.drop_table("view_resources")
    op.drop_table("model_contexts")
    op.drop_table("view_states")
    with op.batch_alter_table("tool_calls") as batch:
        batch.drop_column("view_call_id")
        batch.drop_column("view_uri")
