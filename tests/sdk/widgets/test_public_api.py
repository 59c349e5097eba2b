"""The widget kit's public surface is pinned: adding or removing a name is a decision."""

from __future__ import annotations

import salon.sdk.widgets


def test_widget_kit_exports_exactly_its_public_names() -> None:
    assert sorted(salon.sdk.widgets.__all__) == [
        "Badge",
        "Button",
        "Card",
        "Carousel",
        "Chart",
        "Column",
        "Component",
        "Details",
        "DisplayMode",
        "FILTERS",
        "Form",
        "Heading",
        "Image",
        "Input",
        "List",
        "PROTOCOL_VERSION",
        "Player",
        "Rating",
        "Table",
        "Text",
        "View",
    ]
    for name in salon.sdk.widgets.__all__:
        assert getattr(salon.sdk.widgets, name) is not None
