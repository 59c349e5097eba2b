"""Model providers by kind: the built-ins register here exactly as a third party would.

    registry = ProviderRegistry()                 # or the shared `default_registry`
    registry.register("mine", lambda **options: MyProvider(**options))
    provider = registry.create("mine", endpoint="...")

Factories take keyword options and return a `ModelProvider`. The built-ins ("embedded", "openai",
"scripted") import their module only when created, so registering costs nothing. Third parties
register into `default_registry` with `register_provider` from their own setup code; nothing is
discovered at import time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

from salon.errors import ConfigurationError
from salon.host.models.base import ModelProvider

ProviderFactory: TypeAlias = Callable[..., ModelProvider]


def _embedded(**options: Any) -> ModelProvider:
    from salon.host.models.embedded import EmbeddedProvider

    return EmbeddedProvider(**options)


def _openai(**options: Any) -> ModelProvider:
    from salon.host.models.openai_compat import OpenAICompatibleProvider

    missing = [key for key in ("base_url", "model") if not options.get(key)]
    if missing:
        raise ConfigurationError(
            f"the 'openai' model provider needs {' and '.join(missing)} (for example "
            "base_url='http://localhost:11434/v1', model='llama3.2' for a local Ollama)"
        )
    options.setdefault("api_key", None)
    return OpenAICompatibleProvider(**options)


def _scripted(**options: Any) -> ModelProvider:
    from salon.host.models.scripted import ScriptedProvider

    if "steps" not in options:
        raise ConfigurationError("the 'scripted' model provider needs steps=[...] (text or lists of calls)")
    return ScriptedProvider(**options)


class ProviderRegistry:
    """Kinds of model provider and the factories that build them."""

    def __init__(self, *, builtins: bool = True) -> None:
        self._factories: dict[str, ProviderFactory] = {}
        if builtins:
            self.register("embedded", _embedded)
            self.register("openai", _openai)
            self.register("scripted", _scripted)

    def register(self, kind: str, factory: ProviderFactory, *, replace: bool = False) -> None:
        if not kind or not kind.replace("-", "").replace("_", "").isalnum():
            raise ConfigurationError(f"model provider kind {kind!r} must be a plain name like 'my-llm'")
        if kind in self._factories and not replace:
            raise ConfigurationError(
                f"a model provider of kind {kind!r} is already registered; pass replace=True to override it"
            )
        self._factories[kind] = factory

    def kinds(self) -> list[str]:
        return sorted(self._factories)

    def create(self, kind: str, **options: Any) -> ModelProvider:
        factory = self._factories.get(kind)
        if factory is None:
            raise ConfigurationError(
                f"unknown model provider kind {kind!r}; known kinds: {', '.join(self.kinds())}. "
                "Register new kinds with register_provider(kind, factory)."
            )
        try:
            return factory(**options)
        except TypeError as exc:
            raise ConfigurationError(f"model provider {kind!r} does not accept these options: {exc}") from exc


default_registry = ProviderRegistry()
"""The registry `create_provider` and `register_provider` use."""


def register_provider(kind: str, factory: ProviderFactory, *, replace: bool = False) -> None:
    """Register a kind of model provider in the shared registry."""
    default_registry.register(kind, factory, replace=replace)


def create_provider(kind: str, **options: Any) -> ModelProvider:
    """Build a model provider of `kind` ("embedded", "openai", "scripted", or a registered one)."""
    return default_registry.create(kind, **options)
