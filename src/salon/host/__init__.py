"""The runtime of a conversation: the turn loop, model providers, connections to apps, and policy."""

from salon.host.catalog import AppSummary, ToolSummary
from salon.host.connections import AppEndpoint
from salon.host.runtime import ConversationDetail, Host
from salon.host.turn import Decision

__all__ = ["AppEndpoint", "AppSummary", "ConversationDetail", "Decision", "Host", "ToolSummary"]
