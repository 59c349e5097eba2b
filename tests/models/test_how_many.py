""" "How many feet in a mile?" is a conversion of one mile to feet."""

from __future__ import annotations

from salon.host.models import ChatMessage
from tests.models.test_embedded import ALL, step


async def test_how_many_x_in_a_y_converts_one_y_to_x() -> None:
    for asked, expected in (
        ("how many feet in a mile", {"value": 1.0, "from_unit": "mile", "to_unit": "feet"}),
        ("How many cups are in a gallon?", {"value": 1.0, "from_unit": "gallon", "to_unit": "cups"}),
        ("how many km is 10 miles", {"value": 10.0, "from_unit": "miles", "to_unit": "km"}),
    ):
        # Before: "I can convert … — I just need the amount to convert, the unit … and the unit …".
        _, calls = await step([ChatMessage(role="user", content=asked)], ALL)
        assert [(c.name, c.arguments) for c in calls] == [("units__convert", expected)], asked


async def test_how_many_of_something_that_is_no_conversion_is_not_read_as_one() -> None:
    _, calls = await step([ChatMessage(role="user", content="how many people live in Paris")], ALL)
    assert calls == []
