"""The word lists of the string-slot filler are compared with stems: every entry must be a stem that
the stemmer produces, or it never matches (a property named `body` once had no label words at all)."""

from __future__ import annotations

from salon.host.models import slots
from salon.host.models.slots import assign
from salon.host.models.understanding import stem, stem_set


def _all(_: object) -> bool:
    return True


def test_stem_set_holds_the_stems_of_plain_words() -> None:
    assert stem_set("body queries notes starring") == frozenset({"body", "query", "note", "star"})


def test_every_label_word_is_a_stem_the_stemmer_produces() -> None:
    for plain, stemmed in {"body": "body", "query": "query", "actress": "actress", "was": "was"}.items():
        assert stem(plain) == stemmed
    assert {"body", "query", "note"} <= slots._FREE_TEXT
    assert {"was", "are"} <= slots._CONNECTORS
    assert {stem("body"), stem("message")} <= set(slots._ROLE_WORDS)
    assert stem("starring") in slots._ROLE_WORDS[stem("cast")]


def test_a_body_property_is_labelled_by_the_word_message() -> None:
    text = 'Email Bob with the message "see you soon" and the subject "Hi"'
    props = {"subject": {"type": "string"}, "body": {"type": "string"}}
    found = {name: value for name, value, _ in assign(props, ["subject", "body"], text, _all, [])}
    assert found == {"subject": "Hi", "body": "see you soon"}


def test_an_actress_labels_the_cast() -> None:
    found = assign(
        {"cast": {"type": "string"}}, ["cast"], "Find a film with the actress Emma Stone", _all, []
    )
    assert [value for _, value, _ in found] == ["Emma Stone"]


def test_note_does_not_meet_the_word_not() -> None:
    assert stem("note") != stem("not")
    assert stem("here") != stem("her")
    props = {"notes": {"type": "string"}}
    assert assign(props, ["notes"], "Save a reminder, do not forget the milk", _all, []) == []
    found = assign(props, ["notes"], "Save a note: buy the milk", _all, [])
    assert [value for _, value, _ in found] == ["buy the milk"]
