"""Reading streamed tool-call arguments before they are complete."""

from __future__ import annotations

import pytest

from salon.host.models.partial_json import MAX_PARTIAL_CHARS, read_partial_object


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("{", {}),
        ('{"ci', {}),
        ('{"city":', {}),
        ('{"city": "Lis', {"city": "Lis"}),
        ('{"city": "Lisbon", ', {"city": "Lisbon"}),
        ('{"city": "Lisbon", "nights": 1', {"city": "Lisbon"}),
        ('{"city": "Lisbon", "nights": 12}', {"city": "Lisbon", "nights": 12}),
        ('{"tags": ["quiet", "sea', {"tags": ["quiet", "sea"]}),
        ('{"stay": {"city": "Ro', {"stay": {"city": "Ro"}}),
        ('{"ok": tr', {}),
        ('{"q": "say \\"hi', {"q": 'say "hi'}),
    ],
)
def test_what_the_streamed_text_says_so_far_is_read_without_guessing(text: str, read: object) -> None:
    assert read_partial_object(text) == read


@pytest.mark.parametrize("text", ["", "[1, 2", '"city"', "nonsense", '{"a": "' + "x" * MAX_PARTIAL_CHARS])
def test_text_that_is_not_a_growing_object_reads_as_nothing(text: str) -> None:
    assert read_partial_object(text) is None
