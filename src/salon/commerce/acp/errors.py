"""The protocol-level error body of 4xx/5xx answers, and the codes this merchant uses.

`Error` is what a response carries when there is no valid session to return (malformed request,
idempotency violations, unknown session, server failure). Problems with a session that still exists
are `MessageError`s inside the session instead.
"""

from __future__ import annotations

from typing import Literal

from salon.commerce.acp._base import AcpModel

ErrorType = Literal["invalid_request", "processing_error", "service_unavailable"]


class Error(AcpModel):
    type: ErrorType
    code: str
    message: str
    param: str | None = None
    supported_versions: list[str] | None = None


__all__ = ["Error", "ErrorType"]
