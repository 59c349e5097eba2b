"""Tool declarations: the hints every Salon tool must state, checked when the tool is registered.

MCP treats a tool without annotations as the worst case (it may write, destroy, and reach the open
world), and the directory's review and the host's confirmation policy both read these hints. So the SDK
makes them part of the declaration instead of an afterthought: `read_only`, `destructive` and
`open_world` have no defaults, and a missing or contradictory one is a `ToolDefinitionError` raised
at import time whose message says exactly what to add.

`ToolSpec` is the checked declaration. `ToolSpec.handler()` wraps the author's function so that it keeps
its parameters (the input schema is derived from them, `Context` injection included) while its return
value goes through `salon.sdk.results.to_call_tool_result`.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import anyio.to_thread
from mcp.server.apps import EXTENSION_ID as _APPS_EXTENSION_ID
from mcp_types import CallToolResult, InputRequiredResult, ToolAnnotations

from salon.errors import ToolDefinitionError
from salon.sdk.results import to_call_tool_result

Visibility = Literal["model", "app"]
"""Who may call a tool (MCP Apps `_meta.ui.visibility`): the model, the app's own view, or both."""

ACTIVITY_META_KEY = "salon/activity"
"""`_meta` key of the short status line a host shows while the tool runs ("Searching hotels…")."""

_HINTS = ("read_only", "destructive", "open_world")
_HINT_ADVICE = {
    "read_only": "read_only=True if it only reads, False if it changes anything",
    "destructive": "destructive=False unless it deletes or overwrites data (then True)",
    "open_world": "open_world=False unless it reaches services beyond your own app (then True)",
}


@dataclass(frozen=True, slots=True)
class ToolSpec:
    """One checked tool declaration, ready to be registered on an `MCPServer`."""

    fn: Callable[..., Any]
    name: str
    title: str | None
    description: str
    annotations: ToolAnnotations
    meta: Mapping[str, Any] | None
    view: str | None

    @classmethod
    def declare(
        cls,
        fn: Callable[..., Any],
        *,
        read_only: bool | None,
        destructive: bool | None,
        open_world: bool | None,
        idempotent: bool | None = None,
        title: str | None = None,
        activity: str | None = None,
        view: str | None = None,
        visibility: Sequence[Visibility] | None = None,
        meta: Mapping[str, Any] | None = None,
        name: str | None = None,
        description: str | None = None,
    ) -> ToolSpec:
        """Check a declaration and build the spec; raises `ToolDefinitionError` naming the fix."""
        tool_name = name or getattr(fn, "__name__", None)
        if not tool_name or tool_name == "<lambda>":
            raise ToolDefinitionError(
                "A tool needs a name: pass name='...' to @app.tool(...) for this callable."
            )
        hints = {"read_only": read_only, "destructive": destructive, "open_world": open_world}
        _check_hints(tool_name, hints)
        if read_only and destructive:
            raise ToolDefinitionError(
                f"Tool {tool_name!r} is declared read_only=True and destructive=True, which contradict each "
                f"other: a read-only tool cannot destroy anything. Set destructive=False, or read_only=False "
                f"if it really changes data, in @app.tool(...) on {tool_name!r}."
            )
        if idempotent is not None and not isinstance(idempotent, bool):
            raise ToolDefinitionError(f"idempotent= on tool {tool_name!r} must be True, False or None.")
        if view is not None and not view.startswith("ui://"):
            raise ToolDefinitionError(
                f"Tool {tool_name!r} has view={view!r}, but views are ui:// resources; "
                f"use a URI like 'ui://{tool_name}/view.html' and register it with app.add_view(...)."
            )
        tool_meta = _tool_meta(tool_name, activity=activity, view=view, visibility=visibility, meta=meta)
        doc = description if description is not None else inspect.getdoc(fn)
        return cls(
            fn=fn,
            name=tool_name,
            title=title,
            description=doc or "",
            annotations=ToolAnnotations(
                title=title,
                read_only_hint=read_only,
                destructive_hint=destructive,
                idempotent_hint=idempotent,
                open_world_hint=open_world,
            ),
            meta=tool_meta,
            view=view,
        )

    def handler(self) -> Callable[..., Any]:
        """The function to register on `MCPServer`: the author's parameters, Salon's result conversion."""
        fn = self.fn
        try:
            signature = inspect.signature(fn, eval_str=True)
            hints = typing.get_type_hints(fn, include_extras=True)
        except NameError as exc:
            raise ToolDefinitionError(
                f"The type annotations of tool {self.name!r} cannot be resolved ({exc}); import the names "
                f"they use at module level."
            ) from exc
        is_async = inspect.iscoroutinefunction(fn)

        async def call(**kwargs: Any) -> CallToolResult | InputRequiredResult:
            if is_async:
                value = await fn(**kwargs)
            else:
                # Like MCPServer itself: a blocking tool runs on a worker thread, not on the event loop.
                value = await anyio.to_thread.run_sync(functools.partial(fn, **kwargs))
            return to_call_tool_result(value)

        call.__name__ = self.name
        call.__qualname__ = getattr(fn, "__qualname__", self.name)
        call.__doc__ = self.description
        call.__module__ = getattr(fn, "__module__", __name__)
        # MCPServer reads the signature (input schema) and the type hints (Context injection) from the
        # wrapper; both are the author's, with the return type replaced so no output schema is guessed
        # from `ToolResult`.
        call.__signature__ = signature.replace(return_annotation=CallToolResult)  # type: ignore[attr-defined]
        call.__annotations__ = {**{k: v for k, v in hints.items() if k != "return"}, "return": CallToolResult}
        return call


def _check_hints(tool_name: str, hints: Mapping[str, bool | None]) -> None:
    missing = [hint for hint in _HINTS if hints[hint] is None]
    if missing:
        example = ", ".join(f"{hint}={'True' if hint == 'read_only' else 'False'}" for hint in missing)
        advice = "; ".join(_HINT_ADVICE[hint] for hint in missing)
        raise ToolDefinitionError(
            f"Tool {tool_name!r} does not declare {_join(missing)}. Every Salon tool states whether it only "
            f"reads, whether it destroys data and whether it reaches the open world, so hosts know what "
            f"needs the person's confirmation: add {example} to @app.tool(...) on {tool_name!r} "
            f"({advice})."
        )
    wrong = [hint for hint in _HINTS if not isinstance(hints[hint], bool)]
    if wrong:
        raise ToolDefinitionError(
            f"Tool {tool_name!r}: {_join(wrong)} must be True or False, got "
            f"{', '.join(repr(hints[hint]) for hint in wrong)}; fix @app.tool(...) on {tool_name!r}."
        )


def _tool_meta(
    tool_name: str,
    *,
    activity: str | None,
    view: str | None,
    visibility: Sequence[Visibility] | None,
    meta: Mapping[str, Any] | None,
) -> dict[str, Any] | None:
    result: dict[str, Any] = dict(meta or {})
    if "ui" in result:
        raise ToolDefinitionError(
            f"Tool {tool_name!r} passes a 'ui' key in meta=; Salon writes _meta.ui ({_APPS_EXTENSION_ID}) "
            f"itself: use view='ui://...' and visibility=[...] on @app.tool(...) instead."
        )
    ui: dict[str, Any] = {}
    if view is not None:
        ui["resourceUri"] = view
    if visibility is not None:
        chosen = list(visibility)
        if not chosen or any(v not in ("model", "app") for v in chosen):
            raise ToolDefinitionError(
                f"Tool {tool_name!r} has visibility={chosen!r}; use a non-empty list of 'model' and/or 'app' "
                f"(['model', 'app'] is the default, ['app'] hides the tool from the model)."
            )
        ui["visibility"] = chosen
    if ui:
        result["ui"] = ui
    if activity is not None:
        result[ACTIVITY_META_KEY] = activity
    return result or None


def _join(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


__all__ = ["ACTIVITY_META_KEY", "ToolSpec", "Visibility"]
