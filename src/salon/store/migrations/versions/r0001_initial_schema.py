"""Initial schema: conversations, messages, tool calls, confirmations, installed apps, tool
definitions and grants.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.JSON:
    return sa.JSON(none_as_null=True)


def _when() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("updated_at", _when(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
    )
    op.create_index(op.f("ix_conversations_updated_at"), "conversations", ["updated_at"])

    op.create_table(
        "messages",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("tool_calls", _json(), nullable=True),
        sa.Column("tool_call_id", sa.String(length=255), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("data", _json(), nullable=True),
        sa.Column("created_at", _when(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_messages_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
        sa.UniqueConstraint("conversation_id", "seq", name=op.f("uq_messages_conversation_id_seq")),
    )

    op.create_table(
        "tool_calls",
        sa.Column("id", sa.String(length=255), nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=False),
        sa.Column("app", sa.String(length=255), nullable=False),
        sa.Column("tool", sa.String(length=255), nullable=False),
        sa.Column("arguments", _json(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("result_text", sa.Text(), nullable=True),
        sa.Column("result_structured", _json(), nullable=True),
        sa.Column("result_meta", _json(), nullable=True),
        sa.Column("is_error", sa.Boolean(), nullable=False),
        sa.Column("error_code", sa.String(length=64), nullable=True),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("finished_at", _when(), nullable=True),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_tool_calls_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tool_calls")),
    )
    op.create_index(
        op.f("ix_tool_calls_conversation_id_created_at"), "tool_calls", ["conversation_id", "created_at"]
    )

    op.create_table(
        "confirmations",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=False),
        sa.Column("call_id", sa.String(length=255), nullable=False),
        sa.Column("app", sa.String(length=255), nullable=False),
        sa.Column("tool", sa.String(length=255), nullable=False),
        sa.Column("arguments", _json(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("payload", _json(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("decided_at", _when(), nullable=True),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_confirmations_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_confirmations")),
    )
    op.create_index(op.f("ix_confirmations_call_id"), "confirmations", ["call_id"])
    op.create_index(
        op.f("ix_confirmations_conversation_id_status"), "confirmations", ["conversation_id", "status"]
    )

    op.create_table(
        "apps",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("transport", sa.String(length=16), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("command", _json(), nullable=True),
        sa.Column("env", _json(), nullable=False),
        sa.Column("cwd", sa.Text(), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_apps")),
    )

    op.create_table(
        "tool_definitions",
        sa.Column("app", sa.String(length=255), nullable=False),
        sa.Column("tool", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=128), nullable=False),
        sa.Column("definition", _json(), nullable=False),
        sa.Column("pending_fingerprint", sa.String(length=128), nullable=True),
        sa.Column("pending_definition", _json(), nullable=True),
        sa.Column("approved_at", _when(), nullable=False),
        sa.ForeignKeyConstraint(
            ["app"], ["apps.name"], name=op.f("fk_tool_definitions_app_apps"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("app", "tool", name=op.f("pk_tool_definitions")),
    )

    op.create_table(
        "grants",
        sa.Column("app", sa.String(length=255), nullable=False),
        sa.Column("tool", sa.String(length=255), nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.ForeignKeyConstraint(["app"], ["apps.name"], name=op.f("fk_grants_app_apps"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("app", "tool", name=op.f("pk_grants")),
    )


def downgrade() -> None:
    op.drop_table("grants")
    op.drop_table("tool_definitions")
    op.drop_table("apps")
    op.drop_index(op.f("ix_confirmations_conversation_id_status"), table_name="confirmations")
    op.drop_index(op.f("ix_confirmations_call_id"), table_name="confirmations")
    op.drop_table("confirmations")
    op.drop_index(op.f("ix_tool_calls_conversation_id_created_at"), table_name="tool_calls")
    op.drop_table("tool_calls")
    op.drop_table("messages")
    op.drop_index(op.f("ix_conversations_updated_at"), table_name="conversations")
    op.drop_table("conversations")
