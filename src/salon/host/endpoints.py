"""Where an app lives, and the shapes of what the host gets back from it.

`AppEndpoint` is configuration: an app reached over Streamable HTTP (`url`) or started as a child process
that speaks MCP over stdio (`command`). `CallOutcome` and `ResourceContent` are the host's transport-free
view of a `tools/call` result and a `resources/read` result; nothing of the `mcp` package leaks past
`salon.host.connections`.
"""

from __future__ import annotations

import shlex
from collections.abc import Awaitable, Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from salon.host.tools import QUALIFIER

ProgressCallback = Callable[[float, float | None, str | None], Awaitable[None]]
"""`async def on_progress(progress, total, message)`: called for each progress notification of a call."""


class AppEndpoint(BaseModel):
    """How to reach one app.

    `transport="http"` needs `url` (the app's Streamable HTTP endpoint, usually ending in `/mcp`);
    `transport="stdio"` needs `command` (argv, no shell), and takes `env` (merged over a minimal safe
    environment) and `cwd`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    transport: Literal["http", "stdio"]
    url: str | None = None
    command: list[str] | None = None
    env: dict[str, str] = Field(default_factory=dict)
    cwd: str | None = None

    @model_validator(mode="after")
    def _check_target(self) -> AppEndpoint:
        if QUALIFIER in self.name:
            raise ValueError(
                f"app name {self.name!r} contains {QUALIFIER!r}, which separates app and tool in the names "
                "the model sees; choose a name without it"
            )
        if self.transport == "http":
            if not self.url or not self.url.startswith(("http://", "https://")):
                raise ValueError(
                    f"app {self.name!r} uses transport 'http' and needs url= set to its MCP endpoint "
                    "(for example 'http://127.0.0.1:8801/mcp')"
                )
            if self.command is not None:
                raise ValueError(
                    f"app {self.name!r} uses transport 'http'; remove command= (it is for 'stdio')"
                )
        else:
            if not self.command or not self.command[0]:
                raise ValueError(
                    f"app {self.name!r} uses transport 'stdio' and needs command= set to the program and its "
                    "arguments (for example ['python', '-m', 'mcp_server_time'])"
                )
            if self.url is not None:
                raise ValueError(f"app {self.name!r} uses transport 'stdio'; remove url= (it is for 'http')")
        return self

    @property
    def target(self) -> str:
        """Where the app is, as people write it: the URL, or the command line."""
        if self.transport == "http":
            return str(self.url)
        return shlex.join(self.command or [])


class CallOutcome(BaseModel):
    """What a tool call returned.

    `text` is every text content block joined (for the model and text-only clients), `structured` the
    result's `structuredContent` (for the view), `meta` the result's `_meta` (view only), and `is_error`
    whether the tool reported a failure of its own (the call itself worked).
    """

    model_config = ConfigDict(frozen=True)

    text: str = ""
    structured: Any = None
    meta: dict[str, Any] = Field(default_factory=dict)
    is_error: bool = False


class ResourceContent(BaseModel):
    """One resource the app served, such as a view's HTML (`ui://hotels/results.html`).

    `text` holds text resources, and binary ones of a `text/*` type decoded as UTF-8; other binary
    resources are in `blob`.
    """

    model_config = ConfigDict(frozen=True)

    uri: str
    mime_type: str | None = None
    text: str = ""
    blob: bytes | None = None
    meta: dict[str, Any] = Field(default_factory=dict)


__all__ = ["AppEndpoint", "CallOutcome", "ProgressCallback", "ResourceContent"]
