"""The app directory: listings, versions, reviews, audit log, installs with consent.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.JSON:
    return sa.JSON(none_as_null=True)


def _when() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "directory_listings",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("owner", sa.String(length=255), nullable=False),
        sa.Column("reviewing", sa.String(length=32), nullable=True),
        sa.Column("created_at", _when(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_directory_listings")),
    )
    op.create_table(
        "directory_versions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("app", sa.String(length=255), nullable=False),
        sa.Column("version", sa.String(length=255), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("manifest", _json(), nullable=False),
        sa.Column("server", _json(), nullable=False),
        sa.Column("report", _json(), nullable=True),
        sa.Column("tool_definitions", _json(), nullable=True),
        sa.Column("fingerprints", _json(), nullable=True),
        sa.Column("reasons", sa.Text(), nullable=True),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("updated_at", _when(), nullable=False),
        sa.Column("reviewed_at", _when(), nullable=True),
        sa.Column("published_at", _when(), nullable=True),
        sa.ForeignKeyConstraint(
            ["app"],
            ["directory_listings.name"],
            name=op.f("fk_directory_versions_app_directory_listings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_versions")),
        sa.UniqueConstraint("app", "version", name=op.f("uq_directory_versions_app_version")),
    )
    op.create_index(
        op.f("ix_directory_versions_state_updated_at"), "directory_versions", ["state", "updated_at"]
    )
    op.create_index(op.f("ix_directory_versions_updated_at"), "directory_versions", ["updated_at"])
    op.create_table(
        "directory_audit",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("app", sa.String(length=255), nullable=False),
        sa.Column("version", sa.String(length=255), nullable=True),
        sa.Column("actor", sa.String(length=255), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("from_state", sa.String(length=16), nullable=True),
        sa.Column("to_state", sa.String(length=16), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("at", _when(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_audit")),
    )
    op.create_index(op.f("ix_directory_audit_app_at"), "directory_audit", ["app", "at"])
    op.create_index(op.f("ix_directory_audit_at"), "directory_audit", ["at"])
    op.create_table(
        "directory_installs",
        sa.Column("app", sa.String(length=255), nullable=False),
        sa.Column("listing", sa.String(length=255), nullable=False),
        sa.Column("version_id", sa.String(length=32), nullable=False),
        sa.Column("version", sa.String(length=255), nullable=False),
        sa.Column("data_types", _json(), nullable=False),
        sa.Column("revoked_tools", _json(), nullable=False),
        sa.Column("consented_at", _when(), nullable=False),
        sa.Column("updated_at", _when(), nullable=False),
        sa.ForeignKeyConstraint(
            ["app"], ["apps.name"], name=op.f("fk_directory_installs_app_apps"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["listing"],
            ["directory_listings.name"],
            name=op.f("fk_directory_installs_listing_directory_listings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("app", name=op.f("pk_directory_installs")),
        sa.UniqueConstraint("listing", name=op.f("uq_directory_installs_listing")),
    )


def downgrade() -> None:
    op.drop_table("directory_installs")
    op.drop_index(op.f("ix_directory_audit_at"), table_name="directory_audit")
    op.drop_index(op.f("ix_directory_audit_app_at"), table_name="directory_audit")
    op.drop_table("directory_audit")
    op.drop_index(op.f("ix_directory_versions_updated_at"), table_name="directory_versions")
    op.drop_index(op.f("ix_directory_versions_state_updated_at"), table_name="directory_versions")
    op.drop_table("directory_versions")
    op.drop_table("directory_listings")
