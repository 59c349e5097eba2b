"""What needs the person's confirmation before it runs.

Annotations are hints from the app, and missing hints mean "assume the worst" (the MCP defaults: not
read-only, destructive, open-world). So only a tool that declares `readOnlyHint: true` runs without
asking — unless the person chose "always allow" for that tool. A tool whose definition changed since
install waits for the person to approve the change, whatever it declares.
"""

from __future__ import annotations

from salon.host.tools import ToolSpec


def confirmation_reason(spec: ToolSpec, *, always_allowed: bool) -> str | None:
    """Why this call must be confirmed, or None when it may run now."""
    hints = spec.hints
    if hints.declared_read_only:
        return None
    if always_allowed:
        return None
    if hints.read_only is None and hints.destructive is None and hints.open_world is None:
        return "This tool does not say what it does, so Salon treats it as one that can change things."
    if hints.destructive is not False:
        return "This action can change or delete things and may not be undoable."
    if hints.open_world is not False:
        return "This action makes a change outside Salon."
    return "This action makes a change."
