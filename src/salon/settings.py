"""Salon's settings: one validated object, read from `SALON_*` environment variables or given in code.

Every setting has a default that runs the embedded, offline setup: a SQLite file under `data_dir`, the
embedded model, loopback only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator
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
    sandbox_port: int = Field(
        default=8761,
        ge=0,
        le=65535,
        description="Port of the sandbox origin that serves app views; default: port + 1.",
    )
    sandbox_url: str | None = Field(
        default=None,
        description="Public origin of the sandbox when a proxy serves it, e.g. https://views.example.com.",
    )

    model: Literal["embedded", "openai", "scripted", "needle", "tiered", "llama", "heavy"] = Field(
        default="embedded",
        description=(
            "Model provider: the offline embedded brain (default, compiler-free), any OpenAI-compatible "
            "endpoint, or an optional offline tier: needle / tiered (the `needle` extra), llama / heavy "
            "(the `heavy` extra; weights assembled under data_dir on first use)."
        ),
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
    payments_allow_non_physical: bool = Field(
        default=False,
        description="Let the wallet pay for digital goods and services too; default: physical goods only.",
    )
    payments_database_url: str | None = Field(
        default=None,
        description="Database of the local test payment provider; default: payments.db in data_dir.",
    )
    commerce_merchants: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description=(
            "Merchants the host may check out with: name → {api_base_url, bearer_token, webhook_secret, "
            'apps, merchant_id, display_name}, e.g. {"shop": {"api_base_url": "http://127.0.0.1:8104", ...}}'
        ),
    )
    commerce_ship_to: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "The person's delivery details for checkouts: {name, email, phone_number, address: {name, "
            "line_one, city, state, country, postal_code}}; given to a merchant whose checkout lacks them."
        ),
    )
    checkout_confirm_lease_s: float = Field(
        default=120.0,
        gt=0,
        description="Seconds after which a checkout left mid-payment (a host that died) may be paid again.",
    )
    directory_reviewer_token: str | None = Field(
        default=None,
        min_length=16,
        description="Bearer token for the directory's review queue and operator actions; unset: closed.",
    )
    directory_publisher_tokens: dict[str, str] = Field(
        default_factory=dict,
        description='Publisher namespace → bearer token for submitting over the API: {"io.example": "..."}',
    )

    @model_validator(mode="before")
    @classmethod
    def _sandbox_port_follows_port(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("sandbox_port") is None:
            try:
                port = int(data.get("port", 8760))
            except (TypeError, ValueError):
                return data  # the port's own validation says what is wrong
            data = {**data, "sandbox_port": 0 if port == 0 else (port + 1 if port < 65535 else port - 1)}
        return data

    @model_validator(mode="after")
    def _distinct_origins(self) -> Settings:
        if self.port and self.sandbox_port == self.port:
            raise ValueError(
                f"sandbox_port must differ from port ({self.port}): views are served from their own origin; "
                "leave SALON_SANDBOX_PORT unset to use port + 1"
            )
        return self

    @field_validator("sandbox_url")
    @classmethod
    def _origin_only(cls, value: str | None) -> str | None:
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
            raise ValueError("must be an origin such as https://views.example.com (no path)")
        return f"{parts.scheme}://{parts.netloc}"

    @field_validator("model_base_url")
    @classmethod
    def _strip_slash(cls, value: str | None) -> str | None:
        return value.rstrip("/") if value else value

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'salon.db').as_posix()}"

    @property
    def resolved_payments_database_url(self) -> str:
        if self.payments_database_url:
            return self.payments_database_url
        return f"sqlite:///{(self.data_dir / 'payments.db').as_posix()}"

    @property
    def sandbox_origin(self) -> str:
        """The origin views are served from, as the chat page's CSP and the view URLs name it.

        `sandbox_url` when set; otherwise this machine's sandbox port. Listening on every interface
        (`0.0.0.0`), the host name is whatever the browser used, so the origin is written `http://*:port`
        (a CSP source that matches only that port); the API then builds view URLs from the request.
        """
        if self.sandbox_url:
            return self.sandbox_url
        return f"http://{_url_host(self.host)}:{self.sandbox_port}"


WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})


def _url_host(host: str) -> str:
    if host in WILDCARD_HOSTS:
        return "*"
    return f"[{host}]" if ":" in host else host
