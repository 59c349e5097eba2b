"""`Host`: the one object the web app and the CLI talk to.

It owns the store, the connections to apps, the model provider and the turn loop, and exposes the
operations a person has: conversations and turns, decisions on confirmations, installing and removing
apps, approving a changed tool; and, through `host.views`, what the views of tool calls ask for.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator
from typing import Any

from pydantic import BaseModel, ConfigDict

from salon.host import events
from salon.host.catalog import AppCatalog, AppSummary
from salon.host.checkout.commerce import HostCommerce
from salon.host.connections import AppConnections, AppEndpoint
from salon.host.models.base import ModelProvider
from salon.host.models.registry import create_provider
from salon.host.models.warm_up import start_warm_up
from salon.host.routing import ToolRouting, default_embedder
from salon.host.turn import Decision, TurnRunner
from salon.host.views import ViewCatalog, Views
from salon.router import Embedder
from salon.settings import Settings
from salon.store import Confirmation, Conversation, Message, Store, ToolCallRecord

logger = logging.getLogger("salon.host")


class ToolCallDetail(ToolCallRecord):
    """A tool call as the page reloads it: the record, and the state its view stored (if any)."""

    view_state: Any = None


class ConversationDetail(BaseModel):
    model_config = ConfigDict(frozen=True)

    conversation: Conversation
    messages: list[Message]
    tool_calls: list[ToolCallDetail]
    pending: list[Confirmation]


def provider_from_settings(settings: Settings) -> ModelProvider:
    if settings.model == "openai":
        return create_provider(
            "openai",
            base_url=settings.model_base_url,
            api_key=settings.model_api_key,
            model=settings.model_name,
        )
    if settings.model in {"llama", "heavy"}:
        return create_provider(settings.model, data_dir=settings.data_dir)
    return create_provider(settings.model)


class Host:
    def __init__(
        self,
        settings: Settings,
        store: Store,
        connections: AppConnections,
        provider: ModelProvider,
        *,
        embedder: Embedder | None = None,
        commerce: HostCommerce | None = None,
    ) -> None:
        """`embedder` is the router's (default: the process's MiniLM, with the calibrated gate).
        `commerce` is checkout in the conversation (closed with the host)."""
        self.settings = settings
        self.commerce = commerce
        self.store = store
        self._connections = connections
        self._provider = provider
        self._catalog = AppCatalog(store, connections)
        self._view_catalog = ViewCatalog(store, self._catalog)
        self._background: set[asyncio.Task[None]] = set()
        self.routing = ToolRouting(
            store, embedder or default_embedder(), tools_offered=settings.tools_offered
        )
        self._turns = TurnRunner(
            store,
            self._catalog,
            provider,
            self.routing,
            max_rounds=settings.max_tool_rounds,
            timezone=settings.timezone,
            prefetch_view=self._prefetch_view,
            commerce=commerce,
        )
        self.views = Views(store, self._catalog, self._turns, self._view_catalog)

    @classmethod
    async def open(
        cls,
        settings: Settings,
        *,
        provider: ModelProvider | None = None,
        embedder: Embedder | None = None,
    ) -> Host:
        store = await Store.open(settings.resolved_database_url)
        connections = AppConnections(
            call_timeout=settings.call_timeout, connect_timeout=settings.connect_timeout
        )
        try:
            commerce = await HostCommerce.open(settings, store)
        except BaseException:
            await store.aclose()
            raise
        host = cls(
            settings,
            store,
            connections,
            provider or provider_from_settings(settings),
            embedder=embedder,
            commerce=commerce,
        )
        # A model that loads its weights (the heavy tier) starts now, in the background, so that the
        # first message does not wait for the load; a message that comes sooner waits for what is left.
        start_warm_up(host._provider)
        await host._catalog.load()
        return host

    async def aclose(self) -> None:
        for task in list(self._background):
            task.cancel()
        if self._background:
            await asyncio.gather(*self._background, return_exceptions=True)
        await self._connections.aclose()
        await self._provider.aclose()
        if self.commerce is not None:
            await self.commerce.aclose()
        await self.store.aclose()

    # Conversations and turns

    async def create_conversation(self, title: str | None = None) -> Conversation:
        return await self.store.conversations.create(title=title or "New conversation")

    async def list_conversations(self) -> list[Conversation]:
        return await self.store.conversations.list()

    async def conversation_detail(self, conversation_id: str) -> ConversationDetail:
        conversation = await self.store.conversations.get(conversation_id)
        states = await self.store.view_states.for_conversation(conversation_id)
        return ConversationDetail(
            conversation=conversation,
            messages=await self.store.messages.list(conversation_id),
            tool_calls=[
                ToolCallDetail(**record.model_dump(), view_state=states.get(record.id))
                for record in await self.store.tool_calls.list_for_conversation(conversation_id)
            ],
            pending=await self.store.confirmations.list_pending(conversation_id),
        )

    def run_turn(self, conversation_id: str, text: str) -> AsyncGenerator[events.TurnEvent, None]:
        return self._turns.run(conversation_id, text)

    def decide(self, confirmation_id: str, decision: Decision) -> AsyncGenerator[events.TurnEvent, None]:
        return self._turns.resume(confirmation_id, decision)

    # Apps

    async def install_app(self, endpoint: AppEndpoint, *, title: str | None = None) -> AppSummary:
        summary = await self._catalog.install(endpoint, title=title)
        # The router learns the app now, so the person's first message does not wait for embeddings.
        await self.routing.add_app(endpoint.name, await self._catalog.tools_of(endpoint.name))
        # Views are fetched once per app version; installing is when a new version arrives.
        await self._view_catalog.prefetch(endpoint.name)
        return summary

    async def remove_app(self, name: str) -> None:
        await self._catalog.remove(name)
        await self.routing.remove_app(name)

    async def list_apps(self) -> list[AppSummary]:
        return await self._catalog.summaries()

    async def approve_tool_change(self, app: str, tool: str) -> None:
        await self._catalog.approve_change(app, tool)

    # Views

    def _prefetch_view(self, app: str, uri: str) -> None:
        """Fetch a view while its tool call runs, so the page's request finds it cached."""
        task = asyncio.get_running_loop().create_task(
            self._view_catalog.prefetch_view(app, uri), name=f"salon-view-{app}"
        )
        self._background.add(task)
        task.add_done_callback(self._background.discard)
