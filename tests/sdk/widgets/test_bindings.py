"""Bindings compile once, in Python, so the browser never parses template text and mistakes fail early."""

from __future__ import annotations

import pytest

from salon.errors import ConfigurationError
from salon.sdk.widgets.bindings import compile_path, compile_template, is_single_binding


def test_template_compiles_to_literals_and_bindings_with_filters() -> None:
    compiled = compile_template("{name} · {total_price|money:currency} ({stars|stars})", where="t")
    assert compiled == [
        {"path": "name"},
        " · ",
        {"path": "total_price", "filters": [["money", "currency"]]},
        " (",
        {"path": "stars", "filters": [["stars", None]]},
        ")",
    ]


def test_a_lone_binding_keeps_the_value_type_and_text_around_it_does_not() -> None:
    assert is_single_binding(compile_template("{nights}", where="t"))
    assert not is_single_binding(compile_template("{nights} nights", where="t"))


def test_doubled_braces_are_literal_braces() -> None:
    assert compile_template("{{x}} {y}", where="t") == ["{x} ", {"path": "y"}]


def test_money_takes_an_iso_code_or_a_path_and_number_takes_decimals() -> None:
    assert compile_template("{p|money:EUR}", where="t")[0] == {"path": "p", "filters": [["money", "EUR"]]}
    assert compile_template("{p|number:1}", where="t")[0] == {"path": "p", "filters": [["number", "1"]]}


@pytest.mark.parametrize(
    ("template", "fragment"),
    [
        ("{name", "never closed"),
        ("name}", "no '{'"),
        ("{name|shout}", "unknown filter 'shout'"),
        ("{a..b}", "each part is a field name"),
        ("{__proto__.x}", "each part is a field name"),
        ("{$session.id}", "the scopes are"),
        ("{d|duration:2}", "takes no argument"),
        ("{n|number:two}", "decimal places"),
    ],
)
def test_template_mistakes_are_configuration_errors_that_say_what_is_wrong(
    template: str, fragment: str
) -> None:
    with pytest.raises(ConfigurationError, match="Card\\(title") as caught:
        compile_template(template, where="Card(title=...)")
    assert fragment in str(caught.value)


def test_paths_may_pin_a_scope_and_index_lists() -> None:
    for path in ("hotels", "$input.check_in", "$result.city", "images.0", "$index", "now_playing.track.id"):
        assert compile_path(path, where="p") == path
