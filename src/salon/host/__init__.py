"""The runtime of a conversation: the turn loop, model providers, connections to apps, and policy."""
