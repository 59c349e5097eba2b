"""Salon's settings: one validated object, read from `SALON_*` environment variables or given in code.

Every setting has a default that runs the embedded, offline setup: a SQLite file under `data_dir`, the
embedded model, loopback only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SALON_", frozen=True, extra="ignore")

    data_dir: Path = Field(default=Path(".salon"), description="Where the SQLite file and app data live.")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; default: a SQLite file in data_dir. PostgreSQL: postgresql://...",
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8760, ge=0, le=65535)

    model: Literal["embedded", "openai", "scripted"] = Field(
        default="embedded",
        description="Model provider: the offline embedded brain, or any OpenAI-compatible endpoint.",
    )
    model_base_url: str | None = Field(
        default=None, description="OpenAI-compatible endpoint, e.g. http://localhost:11434/v1"
    )
    model_api_key: str | None = None
    model_name: str | None = Field(default=None, description="Model name at the endpoint, e.g. gpt-4.1-mini")

    call_timeout: float = Field(
        default=30.0, gt=0, description="Seconds an app call may go without progress."
    )
    connect_timeout: float = Field(default=10.0, gt=0)
    tools_offered: int = Field(
        default=8, ge=1, le=128, description="How many ranked tools the model sees per turn."
    )
    max_tool_rounds: int = Field(default=4, ge=1, le=16, description="Model↔tool round trips per turn.")
    timezone: str | None = Field(
        default=None, description="The person's IANA time zone; default: the machine's."
    )

    @field_validator("model_base_url")
    @classmethod
    def _strip_slash(cls, value: str | None) -> str | None:
        return value.rstrip("/") if value else value

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'salon.db').as_posix()}"
