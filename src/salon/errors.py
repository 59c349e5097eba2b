"""One exception tree for Salon.

    SalonError                      base; carries a stable `code` for errors that cross an API
    ├── ConfigurationError          settings or arguments that cannot work; the message says the fix
    ├── NotFoundError               an id that does not exist (conversation, app, confirmation...)
    ├── StoreError                  the database failed (locked, gone, migration missing)
    ├── AppError                    something went wrong with an app (always names the app)
    │   ├── AppUnavailableError     the app could not be reached or started
    │   ├── AppTimeoutError         the app did not answer in time
    │   └── AppProtocolError        the app answered something that breaks the protocol
    ├── ToolDefinitionError         an SDK tool declaration is incomplete (raised at registration)
    ├── PolicyError                 a call the policy refuses (changed definition, denied...)
    └── ModelError                  the model provider failed

Messages say what happened and what to do about it.
"""

from __future__ import annotations


class SalonError(Exception):
    """Base of every error Salon raises on purpose."""

    code: str = "salon_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class ConfigurationError(SalonError):
    code = "configuration"


class NotFoundError(SalonError):
    code = "not_found"


class StoreError(SalonError):
    code = "store_unavailable"


class AppError(SalonError):
    code = "app_error"

    def __init__(self, app: str, message: str, *, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.app = app


class AppUnavailableError(AppError):
    code = "app_unavailable"


class AppTimeoutError(AppError):
    code = "app_timeout"


class AppProtocolError(AppError):
    code = "app_protocol"


class ToolDefinitionError(SalonError):
    code = "tool_definition"


class PolicyError(SalonError):
    code = "policy"


class ModelError(SalonError):
    code = "model_error"


__all__ = [
    "AppError",
    "AppProtocolError",
    "AppTimeoutError",
    "AppUnavailableError",
    "ConfigurationError",
    "ModelError",
    "NotFoundError",
    "PolicyError",
    "SalonError",
    "StoreError",
    "ToolDefinitionError",
]
