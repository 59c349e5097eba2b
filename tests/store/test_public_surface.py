from __future__ import annotations

import salon.store


def test_the_store_package_exports_exactly_its_public_api() -> None:
    assert salon.store.__all__ == [
        "DEFAULT_URL",
        "Confirmation",
        "ConfirmationKind",
        "ConfirmationStatus",
        "Conversation",
        "Grant",
        "InstalledApp",
        "Message",
        "ModelContext",
        "Role",
        "Store",
        "ToolCallRecord",
        "ToolCallStatus",
        "ToolDefinition",
        "Transport",
        "ViewResource",
        "ViewState",
    ]
    for name in salon.store.__all__:
        assert getattr(salon.store, name) is not None


def test_records_are_frozen() -> None:
    for name in (
        "Confirmation",
        "Conversation",
        "Grant",
        "InstalledApp",
        "Message",
        "ModelContext",
        "ToolCallRecord",
        "ViewResource",
        "ViewState",
    ):
        assert getattr(salon.store, name).model_config.get("frozen") is True
    assert salon.store.ToolDefinition.model_config.get("frozen") is True
