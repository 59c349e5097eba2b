from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

from salon.router import ToolEntry
from salon.router.written_requests import (
    INSTRUCTIONS,
    ModelRequestWriter,
    parse_requests,
    request_prompt,
)
from tests.optional_extras import heavy_installed

from .conftest import HOTELS, WEATHER


def test_numbering_quotes_and_a_header_are_removed() -> None:
    answer = (
        "Here are 4 messages:\n"
        '1. "Will it rain in Lisbon tomorrow?"\n'
        "2) I'm flying to Oslo on Friday, how cold will it be there?\n"
        "- Message 3: Do I need an umbrella for my walk this afternoon?\n"
        "* “What's the forecast for our beach weekend in Faro?”\n"
    )
    assert parse_requests(answer, count=4) == [
        "Will it rain in Lisbon tomorrow?",
        "I'm flying to Oslo on Friday, how cold will it be there?",
        "Do I need an umbrella for my walk this afternoon?",
        "What's the forecast for our beach weekend in Faro?",
    ]


def test_the_same_request_in_other_case_or_punctuation_is_kept_once() -> None:
    answer = "1. Will it rain in Lisbon today?\n2. will it rain in lisbon today\n3. Is it sunny in Porto?"
    assert parse_requests(answer) == ["Will it rain in Lisbon today?", "Is it sunny in Porto?"]


def test_a_last_line_cut_off_by_the_token_limit_is_dropped() -> None:
    answer = "1. Will it rain in Lisbon tomorrow?\n2. Is it going to be windy on the coast near"
    assert parse_requests(answer, truncated=True) == ["Will it rain in Lisbon tomorrow?"]
    assert len(parse_requests(answer, truncated=False)) == 2


def test_prompt_text_and_the_bare_description_do_not_leak_into_requests() -> None:
    description = "Get the weather forecast for a city."
    answer = (
        "1. Write one message per line, numbered 1 to 8, and nothing else.\n"
        "2. Tool: get forecast\n"
        "3. Get the weather forecast for a city.\n"
        "4. <|im_start|>user\n"
        "5. Should I pack a raincoat for Dublin next week?\n"
    )
    assert parse_requests(answer, description=description) == [
        "Should I pack a raincoat for Dublin next week?"
    ]


def test_fragments_are_dropped_and_at_most_count_requests_are_kept() -> None:
    answer = "1. Weather\n2. Is it cold in Riga today?\n3. Will it snow in Oslo tonight?\n4. Is Rome hot now?"
    assert parse_requests(answer, count=2) == ["Is it cold in Riga today?", "Will it snow in Oslo tonight?"]


def test_the_prompt_describes_the_tool_after_instructions_shared_by_every_tool() -> None:
    hotel = request_prompt(HOTELS[0], count=5)
    weather = request_prompt(WEATHER[0], count=5)
    assert "search hotels" in hotel.lower()
    assert "Search hotels in a city for given dates." in hotel
    assert "- city" in hotel
    assert "- check_in" in hotel
    assert INSTRUCTIONS.format(count=5) in hotel
    assert hotel.endswith("<|im_start|>assistant\n")
    shared = hotel[: hotel.index("Tool:")]
    assert weather.startswith(shared)


def test_the_writer_identity_changes_with_the_weights_and_the_count() -> None:
    class Engine:
        def complete(self, prompt: str, *, max_tokens: int) -> NoReturn:
            raise AssertionError("not called")

    base = ModelRequestWriter(engine=Engine(), weights_sha256="a" * 64)
    assert base.identity != ModelRequestWriter(engine=Engine(), weights_sha256="b" * 64).identity
    assert base.identity != ModelRequestWriter(engine=Engine(), weights_sha256="a" * 64, count=5).identity


# -- the real model ---------------------------------------------------------------------------------


@heavy_installed
@pytest.mark.timeout(900)
def test_the_real_model_writes_distinct_first_person_requests_deterministically(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # Assembling 1.1 GB takes about a minute; SALON_TEST_MODEL_DIR lets repeated runs keep the file.
    data_dir = Path(os.environ.get("SALON_TEST_MODEL_DIR") or tmp_path_factory.mktemp("heavy"))
    tool = ToolEntry("get_forecast", "Get the weather forecast for a city.")
    answers = []
    for _ in range(2):
        # A fresh engine each time: llama.cpp's reused prompt cache evaluates in other batch shapes,
        # which can flip a near-tie of greedy decoding (hence the request cache).
        writer = ModelRequestWriter(data_dir)
        try:
            answers.append(writer.write(tool))
        finally:
            writer.close()
    requests = answers[0]
    assert len(requests) >= 2
    assert len({r.lower() for r in requests}) == len(requests)
    assert not any("<|" in r or "numbered" in r for r in requests)
    assert answers[1] == requests
