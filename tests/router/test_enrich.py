from salon.router.enrich import synthetic_requests


def test_each_listed_action_becomes_a_request_of_its_own() -> None:
    requests = synthetic_requests(
        "MusicTool", "Create music playlists, search for music, and check out the latest music trends."
    )
    assert "Can you search for music?" in requests
    assert "Can you check out the latest music trends?" in requests
    assert (
        "I want to create music playlists, search for music, and check out the latest music trends."
        in requests
    )


def test_a_listed_part_without_a_verb_takes_the_first_verb() -> None:
    requests = synthetic_requests("Summarizer", "Summarize YouTube videos, web pages, and PDF documents.")
    assert "Can you summarize web pages?" in requests
    assert "Can you summarize PDF documents?" in requests


def test_an_inflected_verb_starts_an_action_of_its_own() -> None:
    requests = synthetic_requests("copilot", "Searches every dealer and compares every car for you.")
    assert "Can you search every dealer and compares every car for you?" in requests
    assert "Can you compare every car for you?" in requests


def test_what_the_main_action_acts_on_is_asked_for_as_a_thing() -> None:
    requests = synthetic_requests("qreator", "Generate QR codes in seconds. Free and fast.")
    assert "I'm looking for QR codes in seconds." in requests
    assert "Where can I find QR codes in seconds?" in requests
    assert "How can I generate QR codes in seconds?" in requests


def test_later_sentences_that_are_actions_are_requests_too() -> None:
    requests = synthetic_requests(
        "RepoTool", "Discover GitHub projects. Explore their structure with summaries."
    )
    assert "Can you explore their structure with summaries?" in requests


def test_a_noun_phrase_description_gets_no_action_requests() -> None:
    requests = synthetic_requests("exportchat", "A Tool to export your conversation.")
    assert not any(r.startswith(("How can I", "Where can I")) for r in requests)


def test_requests_are_deterministic_and_without_repeats() -> None:
    description = "Find hotels, find flights and find hotels."
    first = synthetic_requests("TripTool", description)
    assert first == synthetic_requests("TripTool", description)
    assert len(first) == len(set(first))
