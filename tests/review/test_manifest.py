"""The app manifest: a server.json that registry tools accept, with Salon's section validated."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from salon.directory.manifest import (
    PUBLISHER_KEY,
    SALON_KEY,
    AppManifest,
    DataType,
    load_manifest,
)
from salon.errors import ManifestError
from tests.review.conftest import EXAMPLE_APPS, EXAMPLES, FIXTURE_APPS, FIXTURES

SCHEMA = json.loads((FIXTURES / "registry" / "server.schema.json").read_text())


def body_of(app: str = "hotels") -> dict[str, Any]:
    body: dict[str, Any] = json.loads((EXAMPLES / app / "salon.json").read_text())
    return body


def section(body: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = body["_meta"][PUBLISHER_KEY][SALON_KEY]
    return found


def problems_of(body: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ManifestError) as caught:
        load_manifest(body)
    return caught.value.problems


@pytest.mark.parametrize("app", EXAMPLE_APPS)
def test_example_manifests_are_valid_server_json(app: str) -> None:
    body = body_of(app)
    Draft7Validator(SCHEMA).validate(body)
    manifest = load_manifest(EXAMPLES / app)
    Draft7Validator(SCHEMA).validate(manifest.to_server_json())


@pytest.mark.parametrize("app", EXAMPLE_APPS)
def test_example_manifests_declare_enough_test_cases(app: str) -> None:
    cases = load_manifest(EXAMPLES / app).salon.test_cases
    assert len(cases.should_route) >= 5
    assert len(cases.should_not_route) >= 3


def test_fixture_manifests_are_valid_server_json() -> None:
    for path in FIXTURE_APPS.glob("*/salon.json"):
        Draft7Validator(SCHEMA).validate(json.loads(path.read_text()))
        load_manifest(path)


def test_a_manifest_survives_a_round_trip_through_server_json() -> None:
    manifest = load_manifest(EXAMPLES / "hotels")
    again = AppManifest.from_server_json(manifest.to_server_json())
    assert again == manifest
    assert again.to_server_json() == manifest.to_server_json()


def test_the_salon_section_is_camel_case_on_the_wire_and_snake_case_in_python() -> None:
    manifest = load_manifest(body_of())
    wire = section(manifest.to_server_json())
    assert {"displayName", "privacyPolicyUrl", "supportContact", "testCases"} <= wire.keys()
    assert set(wire["testCases"]) == {"shouldRoute", "shouldNotRoute"}
    assert manifest.salon.display_name == "Hotels"
    assert manifest.salon.data_for("book_hotel") is not None
    assert DataType.NAME in manifest.salon.data_for("book_hotel").data_types  # type: ignore[union-attr]


def test_other_publishers_metadata_is_kept_beside_the_salon_section() -> None:
    body = body_of()
    body["_meta"][PUBLISHER_KEY]["buildInfo"] = {"commit": "abc123"}
    body["_meta"]["com.example/other"] = {"x": 1}
    out = load_manifest(body).to_server_json()
    assert out["_meta"][PUBLISHER_KEY]["buildInfo"] == {"commit": "abc123"}
    assert out["_meta"]["com.example/other"] == {"x": 1}
    Draft7Validator(SCHEMA).validate(out)


def test_manifest_loads_from_a_folder_a_file_a_json_string_and_its_own_dump() -> None:
    folder = EXAMPLES / "music"
    from_folder = load_manifest(folder)
    assert load_manifest(folder / "salon.json") == from_folder
    assert load_manifest((folder / "salon.json").read_text()) == from_folder
    assert load_manifest(from_folder.model_dump(by_alias=True)) == from_folder


def test_a_server_json_without_a_salon_section_says_where_to_add_it() -> None:
    body = body_of()
    del body["_meta"]
    with pytest.raises(ManifestError) as caught:
        load_manifest(body)
    assert caught.value.code == "manifest_no_salon"
    assert SALON_KEY in caught.value.message


def test_an_unreadable_manifest_has_a_stable_code(tmp_path: Path) -> None:
    with pytest.raises(ManifestError) as missing:
        load_manifest(tmp_path)
    assert missing.value.code == "manifest_unreadable"
    (tmp_path / "salon.json").write_text("{not json")
    with pytest.raises(ManifestError) as broken:
        load_manifest(tmp_path)
    assert broken.value.code == "manifest_unreadable"
    assert "line 1" in broken.value.message


def test_each_wrong_field_is_named_by_its_wire_path() -> None:
    body = body_of()
    body["name"] = "hotels"
    salon = section(body)
    salon["privacyPolicyUrl"] = "http://localhost/privacy"
    salon["categories"] = ["gambling"]
    del salon["supportContact"]
    paths = dict(problems_of(body))
    prefix = f"_meta.{PUBLISHER_KEY}.{SALON_KEY}."
    assert "name" in paths
    assert "reverse-DNS" in paths["name"]
    assert paths[prefix + "privacyPolicyUrl"].startswith("must be an https:// URL")
    assert "is not a category" in paths[prefix + "categories"]
    assert paths[prefix + "supportContact"] == "is required"


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("shortDescription", "x" * 81, "at most 80"),
        ("countries", ["FR", "XX"], "ISO 3166-1"),
        ("countries", ["*", "FR"], "cannot be combined"),
        ("supportContact", "call us", "email address or an https"),
        ("testCases", {"shouldRoute": ["a", "b", "c", "d"], "shouldNotRoute": ["x", "y", "z"]}, "at least 5"),
        ("testCases", {"shouldRoute": ["a"] * 5, "shouldNotRoute": ["x", "y"]}, "at least 3"),
        ("data", [{"tool": "t", "dataTypes": ["none", "email"], "purpose": "p"}], "'none' cannot"),
        ("data", [{"tool": "t", "dataTypes": ["shoe_size"], "purpose": "p"}], "Input should be"),
    ],
)
def test_salon_section_rules_are_enforced(field: str, value: Any, fragment: str) -> None:
    body = copy.deepcopy(body_of())
    section(body)[field] = value
    messages = " ".join(message for _, message in problems_of(body))
    assert fragment in messages


@pytest.mark.parametrize("version", ["latest", "^1.2.3", "~1.0", ">=2", "1.x", "1.*"])
def test_version_ranges_are_refused_as_the_registry_refuses_them(version: str) -> None:
    body = body_of()
    body["version"] = version
    assert dict(problems_of(body))["version"].startswith("must be one exact version")
