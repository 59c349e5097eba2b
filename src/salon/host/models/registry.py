"""Model providers by kind: the built-ins register here exactly as a third party would.

    registry = ProviderRegistry()                 # or the shared `default_registry`
    registry.register("mine", lambda **options: MyProvider(**options))
    provider = registry.create("mine", endpoint="...")

Factories take keyword options and return a `ModelProvider`. The built-ins import their module only
when created, so registering costs nothing:

- "embedded": the compiler-free default; "openai": any OpenAI-compatible endpoint; "scripted": fixed
  steps, for tests and examples;
- the optional offline tiers, which say which extra to install when it is missing: "needle" (the
  `needle` extra), "tiered" (Needle decides, the embedded provider talks), "llama" (Qwen2.5-Coder-1.5B
  on llama.cpp, the `heavy` extra) and "heavy" (the cheap tier first, the llama tier for what it is
  unsure of; see `salon.host.models.tiered`).

The llama tiers keep their weights under `data_dir` (the `data_dir` option, else
`Settings().data_dir`). Third parties register into `default_registry` with `register_provider`
from their own setup code; nothing is discovered at import time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
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


def _needle(**options: Any) -> ModelProvider:
    from salon.host.models.needle import NeedleProvider

    return NeedleProvider(**options)


def _tiered(**options: Any) -> ModelProvider:
    from salon.host.models.tiered import TieredProvider

    return TieredProvider(**options)


def _data_dir(options: dict[str, Any]) -> Path:
    data_dir = options.pop("data_dir", None)
    if data_dir is None:
        from salon.settings import Settings

        data_dir = Settings().data_dir
    return Path(data_dir)


def _llama(**options: Any) -> ModelProvider:
    from salon.host.models.llama import LlamaProvider

    return LlamaProvider(data_dir=_data_dir(options), **options)


def _heavy(**options: Any) -> ModelProvider:
    from salon.host.models.tiered import heavy_tiered

    return heavy_tiered(_data_dir(options), **options)


class ProviderRegistry:
    """Kinds of model provider and the factories that build them."""

    def __init__(self, *, builtins: bool = True) -> None:
        self._factories: dict[str, ProviderFactory] = {}
        if builtins:
            self.register("embedded", _embedded)
            self.register("openai", _openai)
            self.register("scripted", _scripted)
            self.register("needle", _needle)
            self.register("tiered", _tiered)
            self.register("llama", _llama)
            self.register("heavy", _heavy)

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
    """Build a model provider of `kind` (a built-in listed in the module docstring, or a registered one)."""
    return default_registry.create(kind, **options)
