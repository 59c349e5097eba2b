"""Model providers are created by kind; new kinds register the way the built-ins do."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

import salon.host.models as models
from salon.errors import ConfigurationError
from salon.host.models import (
    EmbeddedProvider,
    ModelChunk,
    ModelProvider,
    ModelRequest,
    OpenAICompatibleProvider,
    ProviderRegistry,
    ScriptedProvider,
    create_provider,
)


class EchoProvider(ModelProvider):
    name = "echo"

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix

    async def stream(self, request: ModelRequest) -> AsyncIterator[ModelChunk]:
        for _ in ():
            yield _


def test_the_built_in_kinds_are_registered() -> None:
    assert ProviderRegistry().kinds() == [
        "embedded",
        "heavy",
        "llama",
        "needle",
        "openai",
        "scripted",
        "tiered",
    ]


async def test_create_provider_builds_each_built_in_kind() -> None:
    assert isinstance(create_provider("embedded"), EmbeddedProvider)
    assert isinstance(create_provider("scripted", steps=["hi"]), ScriptedProvider)
    openai_provider = create_provider("openai", base_url="http://127.0.0.1:9/v1", model="m")
    assert isinstance(openai_provider, OpenAICompatibleProvider)
    await openai_provider.aclose()


def test_a_third_party_kind_registers_and_gets_its_options() -> None:
    registry = ProviderRegistry()
    registry.register("echo", lambda **options: EchoProvider(**options))
    provider = registry.create("echo", prefix=">")
    assert isinstance(provider, EchoProvider)
    assert provider.prefix == ">"


def test_an_unknown_kind_lists_the_known_ones() -> None:
    known = "embedded, heavy, llama, needle, openai, scripted, tiered"
    with pytest.raises(ConfigurationError, match=f"known kinds: {known}"):
        ProviderRegistry().create("gpt-9")


def test_registering_a_kind_twice_needs_replace() -> None:
    registry = ProviderRegistry(builtins=False)
    registry.register("echo", EchoProvider)
    with pytest.raises(ConfigurationError, match="replace=True"):
        registry.register("echo", EchoProvider)
    registry.register("echo", EchoProvider, replace=True)


def test_openai_without_a_model_says_what_to_configure() -> None:
    with pytest.raises(ConfigurationError, match="model"):
        ProviderRegistry().create("openai", base_url="http://localhost:11434/v1")


def test_unexpected_options_are_a_configuration_error() -> None:
    options: dict[str, Any] = {"temperature_of_the_sun": 5}
    with pytest.raises(ConfigurationError, match="does not accept"):
        ProviderRegistry().create("embedded", **options)


def test_the_public_surface_is_pinned() -> None:
    assert sorted(models.__all__) == sorted(
        [
            "INVALID_ARGUMENTS_KEY", "CallDraft", "CallProposal", "ChatMessage", "EmbeddedProvider",
            "ModelChunk",
            "ModelProvider", "ModelRequest", "OfferedTool", "OpenAICompatibleProvider", "ProposedCall",
            "ProviderFactory", "ProviderRegistry", "ScriptedProvider", "TextDelta", "create_provider",
            "default_registry", "register_provider",
        ]
    )  # fmt: skip
    assert all(hasattr(models, name) for name in models.__all__)
