"""Free-text string values: quotes, titles, venue names, colon-introduced text, owners and topics."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from salon.host.models.arguments import FillContext, fill_arguments
from salon.host.models.queries import query_value
from salon.host.models.slots import find_candidates
from salon.host.models.understanding import Span

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
TEXT = {"type": "string"}


def fill(properties: dict[str, Any], text: str, required: list[str] | None = None) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": required or []}
    return fill_arguments(schema, FillContext(text=text, now=NOW)).arguments


def everything_free(span: Span) -> bool:
    return True


def test_an_apostrophe_inside_a_word_is_not_a_quote_nor_a_value() -> None:
    values = [c.value for c in find_candidates("Play 'Raees'? I believe it's an album title.")]
    assert "Raees" in values
    assert "s" not in values
    assert "it's" not in values


def test_a_sentence_saying_what_a_quoted_value_is_labels_it() -> None:
    props = {"artist": TEXT, "album": TEXT}
    text = "Can you search for tracks from the movie 'Raees'? I believe it's an album title."
    assert fill(props, text) == {"album": "Raees"}


def test_a_value_said_to_be_a_property_with_as_their_belongs_to_it() -> None:
    props = {"user_id": {"type": "integer"}, "special": TEXT}
    text = "Get the user with the ID 7890, who has black as their special request"
    assert fill(props, text) == {"user_id": 7890, "special": "black"}


def test_a_title_keeps_a_capitalised_ordinary_word_that_ends_it() -> None:
    assert fill({"album": TEXT}, "I hear that the album Speak Now is great.") == {"album": "Speak Now"}


def test_a_capitalised_word_opening_the_next_sentence_is_not_part_of_a_name() -> None:
    assert fill({"artist": TEXT}, "Play a song by Katy Perry. The one about fireworks.") == {
        "artist": "Katy Perry"
    }


def test_a_venue_after_at_keeps_its_own_at_and_numbers_inside_its_name() -> None:
    props = {"location": {"type": "string", "description": "The city"}, "theater_name": TEXT}
    assert fill(props, "a movie in San Bruno at Century at Tanforan and XD.")["theater_name"] == (
        "Century at Tanforan and XD"
    )
    assert fill({"theater_name": TEXT}, "I want to watch it at Century 20 Oakridge and XD which is near") == {
        "theater_name": "Century 20 Oakridge and XD"
    }
    assert fill({"track": TEXT}, "play Toy Story 3 Soundtrack please") == {"track": "Toy Story 3 Soundtrack"}


def test_two_names_joined_by_at_stay_apart_when_the_first_does_not_follow_at() -> None:
    values = [c.value for c in find_candidates("I will see John at Starbucks tomorrow")]
    assert "John" in values
    assert "Starbucks" in values


def test_a_word_right_before_a_quoted_value_labels_that_value_not_the_word_before_it() -> None:
    props = {"Title": TEXT, "MetaTitle": TEXT}
    text = "I need to add a news article titled 'Julian is testing' to our CMS."
    assert fill(props, text) == {"Title": "Julian is testing"}


def test_a_quoted_value_taken_by_one_property_does_not_fill_a_query_too() -> None:
    props = {"subject": TEXT, "body": TEXT}
    text = "Email Andy with the subject 'Sales Forecast' and include a message \"where is the sheet?\""
    assert fill(props, text) == {"subject": "Sales Forecast", "body": "where is the sheet?"}


def test_a_query_is_left_empty_when_every_quoted_value_is_another_propertys() -> None:
    found = query_value("add a post with the title 'Hello'", lambda span: span.start > 40, frozenset())
    assert found is None


def test_an_email_address_property_takes_only_an_email_address() -> None:
    props = {
        "to_address": {"type": "string", "description": "The email address of the recipient."},
        "cc_address": {"type": "string", "description": "The email address to CC."},
    }
    assert fill(props, "Email Andy at andy@example.com about the report", ["to_address"]) == {
        "to_address": "andy@example.com"
    }


def test_a_property_about_email_that_is_not_an_address_still_reads_text() -> None:
    props = {"email_subject": {"type": "string", "description": "The subject of the email."}}
    assert fill(props, "send it with the email subject 'Hi there'") == {"email_subject": "Hi there"}


def test_text_after_a_colon_that_follows_the_property_word_is_its_value_to_the_end() -> None:
    text = "Sure, here is the answer to the question:\\n\\nThe text does not say, so I cannot answer."
    assert fill({"answer": TEXT}, text, ["answer"]) == {
        "answer": "The text does not say, so I cannot answer."
    }
    props = {"food_item": TEXT, "modification_request": TEXT}
    text = "order a burger with the following modification verbatim: no onions, extra cheese"
    assert fill(props, text)["modification_request"] == "no onions, extra cheese"


def test_a_command_named_before_the_word_command_is_read_whole() -> None:
    assert fill({"command": TEXT}, "show me today's date using the echo %date% command", ["command"]) == {
        "command": "echo %date%"
    }


def test_a_command_after_a_word_for_command_keeps_its_quoted_argument() -> None:
    text = 'remove the shortcut, using the instruction del "%userprofile%\\Desktop\\putty.lnk"'
    assert fill({"command": TEXT}, text, ["command"]) == {
        "command": 'del "%userprofile%\\Desktop\\putty.lnk"'
    }


def test_an_owner_comes_after_the_name_it_owns_in_the_same_sentence() -> None:
    text = "get the details of Adriel's internship at Sebelas Maret University?"
    names = [c.value for c in find_candidates(text) if c.kind == "name"]
    assert names == ["Sebelas Maret University", "Adriel"]
    text = "I need to review Berkshire Hathaway's financial performance. Their CIK is 0001067983."
    assert next(c.value for c in find_candidates(text) if c.kind == "name") == "Berkshire Hathaway"


def test_a_possessive_word_is_read_without_its_s() -> None:
    assert "karan" in [c.value for c in find_candidates("Check karan's flight status")]


def test_a_topic_word_points_at_what_the_query_is_about() -> None:
    text = "I'm curious about the current top news involving Ji Sung Park. Can you search for articles?"
    found = query_value(text, everything_free, frozenset())
    assert found is not None
    assert found[0] == "Ji Sung Park"


def test_a_common_word_of_a_description_does_not_label_a_name() -> None:
    props = {"cast": {"type": "string", "description": "The actors in the movie."}}
    assert fill(props, "find a movie in the Imaginative fiction genre") == {}


def test_an_id_word_labels_the_id_of_the_thing_it_follows_not_a_token_that_may_be_an_id() -> None:
    props = {
        "startingAfter": {
            "type": "string",
            "description": "A token for the page, such as a timestamp or an ID.",
        },
        "sensorSerial": {"type": "string", "description": "The sensor serial number."},
    }
    text = "Could you retrieve a list of sensor alerts for the network with ID L_579838452023959405?"
    assert fill(props, text) == {}


def test_a_persons_name_left_without_a_label_fills_the_property_that_holds_one() -> None:
    props = {"name": {"type": "string", "description": "The full name of the person."}, "id_no": TEXT}
    assert fill(props, "retrieve the contact details for Rayson Goh?") == {"name": "Rayson Goh"}
    cast = {"type": "string", "description": "Names of leading actors or actresses in the movie."}
    props = {"directed_by": TEXT, "cast": cast}
    text = "I want to watch a McKinley Belcher III movie. I want something directed by Simon Curtis."
    assert fill(props, text) == {"directed_by": "Simon Curtis", "cast": "McKinley Belcher III"}


def test_two_unlabelled_names_leave_a_persons_name_property_empty() -> None:
    props = {"name": {"type": "string", "description": "The full name of the person."}}
    assert fill(props, "compare the contact details of Rayson Goh and Mary Ann Lee") == {}


def test_a_place_is_not_taken_for_a_persons_name() -> None:
    props = {"name": {"type": "string", "description": "The full name of the person."}}
    assert fill(props, "who is the mayor of San Francisco?") == {}


def test_a_how_to_question_looks_for_its_object_without_another_values_label() -> None:
    taken = Span(21, 27)  # "Indian", read for the cuisine
    found = query_value("how can i cook steak Indian style??", lambda s: not s.overlaps(taken), frozenset())
    assert found is not None
    assert found[0] == "steak"


def test_a_question_about_a_fact_is_still_its_own_query() -> None:
    found = query_value("where is beijing", everything_free, frozenset())
    assert found is not None
    assert found[0] == "where is beijing"


def test_a_script_and_its_interpreter_written_as_paths_make_one_command() -> None:
    text = (
        "Run the Python script located at d:/pc/test.py using the Python interpreter in the "
        "virtual environment at d:/pc/env/Scripts/python.exe?"
    )
    assert fill({"command": TEXT}, text, ["command"]) == {
        "command": "d:/pc/env/Scripts/python.exe d:/pc/test.py"
    }


def test_a_quoted_text_after_the_colon_is_read_without_its_quotes() -> None:
    text = "Can you help me translate this English text to Danish: 'The quick brown fox.'"
    assert fill({"input_text": TEXT}, text, ["input_text"]) == {"input_text": "The quick brown fox."}
