"""Ids written after "id:"/"id =", possessive names, colours, switches, alternatives and measures."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from salon.host.models.arguments import FillContext, fill_arguments
from salon.host.models.choices import match_enum
from salon.host.models.colours import colour_in, wants_colour
from salon.host.models.identifiers import find_identifier
from salon.host.models.slots import description_examples, find_candidates
from salon.host.models.understanding import Span

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def fill(properties: dict[str, Any], text: str, required: list[str]) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": required}
    return fill_arguments(schema, FillContext(text=text, now=NOW)).arguments


def anywhere(_: Span) -> bool:
    return True


def test_an_id_after_a_colon_or_an_equals_sign_is_read_with_its_apostrophe() -> None:
    assert find_identifier("restaurant_id", "order from uber eat with id: McDonald's.", anywhere) == (
        "McDonald's",
        Span(29, 39),
    )
    found = find_identifier("restaurant_id", "five burgers from id = McDonald's? Thanks", anywhere)
    assert found is not None
    assert found[0] == "McDonald's"


def test_a_plain_word_between_an_id_word_and_a_code_is_not_the_id() -> None:
    found = find_identifier("user_id", "my ID number 7890", anywhere)
    assert found is not None
    assert found[0] == "7890"


def test_a_model_number_ending_the_clause_stays_with_its_name() -> None:
    found = find_identifier("product_id", "Use the prod id iPhone 12", anywhere)
    assert found == ("iPhone 12", Span(16, 25))


def test_a_list_of_ids_named_for_one_id_takes_the_single_id_written_out() -> None:
    props = {
        "perPage": {"type": "integer", "description": "Entries per page."},
        "networkId": {"type": "array", "items": {"type": "string"}, "description": "Network IDs."},
    }
    args = fill(props, "alerts, 10 entries per page for the network with ID L_5798384", ["perPage"])
    assert args == {"perPage": 10, "networkId": ["L_5798384"]}


def test_a_list_of_ids_written_out_is_not_cut_to_its_first_id() -> None:
    props = {"networkId": {"type": "array", "items": {"type": "string"}, "description": "Network IDs."}}
    args = fill(props, "alerts for the networks with ID N_1, N_2 and N_3", [])
    assert args.get("networkId") != ["N_1"]


def test_a_possessive_name_before_a_preposition_is_the_name_itself() -> None:
    names = [c.value for c in find_candidates("an order from McDonald's on Uber Eats") if c.kind == "name"]
    assert names == ["McDonald's", "Uber Eats"]


def test_a_possessive_before_what_it_owns_is_still_an_owner() -> None:
    text = "Tell me about Adriel's internship at Sebelas Maret University"
    names = [c.value for c in find_candidates(text) if c.kind == "name"]
    assert names == ["Sebelas Maret University", "Adriel"]


def test_a_required_restaurant_takes_the_possessive_name_not_the_delivery_app() -> None:
    props = {"restaurants": {"type": "string", "description": "The name of the restaurant to order from."}}
    args = fill(props, "Want to have an order for me from McDonald's on Uber Eats?", ["restaurants"])
    assert args == {"restaurants": "McDonald's"}


def test_a_colour_property_takes_the_colour_adjective() -> None:
    assert wants_colour("color")
    assert wants_colour("carColour")
    assert not wants_colour("color_scheme_id")
    assert colour_in("is the white iPhone 12 still available?", anywhere) == ("white", Span(7, 12))
    assert colour_in("is the iPhone 12 still available?", anywhere) is None


def test_a_colour_is_read_beside_the_product_id() -> None:
    props = {
        "product_id": {"type": "string", "description": "The unique identifier of the product."},
        "color": {"type": "string", "description": "The color to check.", "default": "Any"},
    }
    args = fill(props, "Is the white iPhone 12 still available? Use the prod id iPhone 12", ["product_id"])
    assert args == {"product_id": "iPhone 12", "color": "white"}


def test_switching_a_device_on_or_off_chooses_between_on_and_off_options() -> None:
    options = ["POWER_ON", "POWER_OFF"]
    on = match_enum("the air conditioner turned on with cool mode", options, set())
    off = match_enum("please switch the heater off", options, set())
    assert on is not None
    assert on.value == "POWER_ON"
    assert off is not None
    assert off.value == "POWER_OFF"
    assert match_enum("what mode is the air conditioner in?", options, set()) is None
    assert match_enum("turn on the lights", ["START", "STOP"], set()) is None


def test_the_first_of_two_alternatives_with_a_unit_is_taken_and_neither_counts_as_another_number() -> None:
    props = {
        "avg_rating": {"type": "number", "description": "The average rating, from 1 to 5 stars."},
        "job_qty": {"type": "integer", "description": "The number of jobs the provider has received."},
    }
    args = fill(props, "someone with good ratings, maybe around 4 or 5 stars", [])
    assert args == {"avg_rating": 4.0}


def test_options_a_description_says_it_includes_are_examples() -> None:
    examples = description_examples("The meal. Options include 'breakfast', 'lunch', or 'snack'.")
    assert examples == ["breakfast", "lunch", "snack"]


def test_the_thing_a_measure_is_of_fills_a_required_name() -> None:
    props = {
        "food_name": {"type": "string", "description": "The name of the food to log."},
        "portion_amount": {"type": "number", "description": "The amount consumed."},
    }
    args = fill(props, "Could you record that I drank 16 ounces of chai tea as a snack?", ["food_name"])
    assert args == {"food_name": "chai tea", "portion_amount": 16.0}


def test_men_and_women_asks_for_a_unisex_place() -> None:
    props = {
        "city": {"type": "string", "description": "The city, such as 'New York, NY'."},
        "is_unisex": {"type": "boolean", "description": "Whether the salon caters to all genders."},
    }
    args = fill(props, "Find a salon in Campbell, preferably one that services both men and women?", ["city"])
    assert args["is_unisex"] is True
    args = fill(props, "Find a salon in Campbell for women", ["city"])
    assert "is_unisex" not in args


def test_a_date_no_top_level_property_takes_is_read_inside_a_nested_object() -> None:
    period = {
        "type": "object",
        "description": "A summary of the statement period.",
        "properties": {
            "start_date": {"type": "string", "description": "The starting date, in the format 'YYYY-MM-DD'."},
            "end_date": {"type": "string", "description": "The ending date, in the format 'YYYY-MM-DD'."},
        },
    }
    props = {"account_number": {"type": "string", "description": "The account."}, "overview": period}
    text = "my statement for the period from October 1, 2019, to October 31, 2019, account number 1-523"
    args = fill(props, text, ["account_number"])
    assert args["overview"] == {"start_date": "2019-10-01", "end_date": "2019-10-31"}


def test_an_initials_dot_does_not_cut_an_unlabelled_name() -> None:
    props = {"institution": {"type": "string", "description": "Where the account is held."}}
    args = fill(props, "show my checking account at U.S. Bank please", ["institution"])
    assert args == {"institution": "U.S. Bank"}
