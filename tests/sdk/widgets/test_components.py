"""Components check themselves when declared; a mistake names the fix."""

from __future__ import annotations

import pytest

from salon.errors import ConfigurationError
from salon.sdk.widgets import Button, Card, Carousel, Form, Input, Rating, Text, View
from salon.sdk.widgets.components import NodeIds


def test_a_button_does_exactly_one_thing() -> None:
    with pytest.raises(ConfigurationError, match="exactly one thing"):
        Button("Book")
    with pytest.raises(ConfigurationError, match="exactly one thing"):
        Button("Book", tool="book_hotel", message="Book it")


def test_button_arguments_are_templates_and_a_lone_binding_keeps_its_type() -> None:
    node = Button("Add", tool="queue_add", arguments={"track_id": "{id}", "note": "for {name}", "n": 2}).node(
        NodeIds()
    )
    assert node["action"] == "tool"
    assert node["arguments"] == {
        "track_id": {"bind": {"path": "id"}},
        "note": {"template": ["for ", {"path": "name"}]},
        "n": {"value": 2},
    }


def test_a_select_needs_choices_and_min_max_fit_the_field_type() -> None:
    with pytest.raises(ConfigurationError, match="choices"):
        Input("size", "Size", type="select")
    with pytest.raises(ConfigurationError, match="min/max"):
        Input("name", "Name", min=1)
    with pytest.raises(ConfigurationError, match="above max"):
        Input("n", "Nights", type="number", min=5, max=2)
    with pytest.raises(ConfigurationError, match="'today' or 'YYYY-MM-DD'"):
        Input("d", "Date", type="date", min="tomorrow")
    with pytest.raises(ConfigurationError, match="valid pattern"):
        Input("code", "Code", pattern="[")


def test_every_input_is_labelled() -> None:
    with pytest.raises(ConfigurationError, match="needs a label"):
        Input("name", " ")


def test_a_form_rejects_duplicate_fields_and_fields_that_shadow_fixed_arguments() -> None:
    name = Input("guest_name", "Guest name")
    with pytest.raises(ConfigurationError, match="same name"):
        Form(tool="book", fields=[name, name])
    with pytest.raises(ConfigurationError, match="both fields and fixed arguments"):
        Form(tool="book", fields=[name], arguments={"guest_name": "x"})


def test_form_fields_carry_validation_rules_and_labels_into_the_view() -> None:
    form = Form(
        tool="book_hotel",
        fields=[
            Input("guest_name", "Guest name", required=True, max_length=100, pattern="[^0-9]+"),
            Input("nights", "Nights", type="number", required=True, min=1, max=30, step=1, value="{nights}"),
            Input("check_in", "Check-in", type="date", min="today"),
        ],
    )
    fields = {field["name"]: field for field in form.node(NodeIds())["fields"]}
    assert fields["guest_name"] | {"id": None} == {
        "type": "input",
        "id": None,
        "name": "guest_name",
        "label": "Guest name",
        "inputType": "text",
        "required": True,
        "maxLength": 100,
        "pattern": "[^0-9]+",
    }
    assert (fields["nights"]["min"], fields["nights"]["max"], fields["nights"]["step"]) == (1, 30, 1)
    assert fields["nights"]["value"] == [{"path": "nights"}]
    assert fields["check_in"]["min"] == "today"


def test_a_card_has_at_most_two_actions_and_one_primary() -> None:
    buttons = [Button(f"B{i}", message="hi") for i in range(3)]
    with pytest.raises(ConfigurationError, match="at most two"):
        Card(title="x", actions=buttons)
    with pytest.raises(ConfigurationError, match="at most one action is primary"):
        Card(title="x", actions=[Button("A", message="a", variant="primary")] * 2)


def test_components_know_the_tools_they_call() -> None:
    card = Card(
        title="{name}",
        actions=[
            Button("Book", opens=Form(tool="book_hotel", fields=[Input("guest_name", "Guest")])),
            Button("Save", tool="save_hotel"),
        ],
    )
    view = View(Carousel(items="hotels", card=card), Text("hi"), title="Hotels")
    assert view.tools() == {"book_hotel", "save_hotel"}


def test_when_unless_and_show_in_are_checked_on_every_component() -> None:
    with pytest.raises(ConfigurationError, match="display modes"):
        Text("x", show_in=("sideways",))  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="when"):
        Rating("rating", when="a..b")


def test_a_view_declares_inline_and_known_display_modes_only() -> None:
    with pytest.raises(ConfigurationError, match="include 'inline'"):
        View(Text("x"), title="T", display_modes=("fullscreen",))
    with pytest.raises(ConfigurationError, match="no components"):
        View(title="T")
