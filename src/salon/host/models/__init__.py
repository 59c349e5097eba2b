"""Model providers: the seam (`ModelProvider`), the built-ins and the registry that creates them."""

from salon.host.models.base import (
    INVALID_ARGUMENTS_KEY,
    CallDraft,
    CallProposal,
    ChatMessage,
    ModelChunk,
    ModelProvider,
    ModelRequest,
    OfferedTool,
    ProposedCall,
    TextDelta,
)
from salon.host.models.embedded import EmbeddedProvider
from salon.host.models.openai_compat import OpenAICompatibleProvider
from salon.host.models.registry import (
    ProviderFactory,
    ProviderRegistry,
    create_provider,
    default_registry,
    register_provider,
)
from salon.host.models.scripted import ScriptedProvider

__all__ = [
    "INVALID_ARGUMENTS_KEY",
    "CallDraft",
    "CallProposal",
    "ChatMessage",
    "EmbeddedProvider",
    "ModelChunk",
    "ModelProvider",
    "ModelRequest",
    "OfferedTool",
    "OpenAICompatibleProvider",
    "ProposedCall",
    "ProviderFactory",
    "ProviderRegistry",
    "ScriptedProvider",
    "TextDelta",
    "create_provider",
    "default_registry",
    "register_provider",
]
