from __future__ import annotations

from typing import Any

import pytest

from salon.host.view_policy import BASE_DIRECTIVES, build_csp, csp_source, view_policy

DEFAULT = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; "
    "font-src data:; media-src data: blob:; connect-src 'none'; frame-src 'none'; base-uri 'none'; "
    "form-action 'none'; object-src 'none'"
)


def directives(csp: str) -> dict[str, list[str]]:
    parsed: dict[str, list[str]] = {}
    for part in csp.split(";"):
        name, *sources = part.split()
        assert name not in parsed, f"directive {name} appears twice"
        parsed[name] = sources
    return parsed


def csp_of(**ui_csp: Any) -> dict[str, list[str]]:
    return directives(build_csp({"ui": {"csp": ui_csp}}))


def test_a_view_that_declares_nothing_gets_no_network_at_all() -> None:
    assert build_csp(None) == DEFAULT
    assert build_csp({}) == DEFAULT
    assert build_csp({"ui": {"csp": {}}}) == DEFAULT
    assert list(directives(DEFAULT)) == list(BASE_DIRECTIVES)


def test_declared_domains_open_only_their_own_directives() -> None:
    csp = csp_of(
        connectDomains=["https://api.example.com"],
        resourceDomains=["https://cdn.example.com"],
        frameDomains=["https://player.example.com"],
        baseUriDomains=["https://base.example.com"],
    )
    for name in ("script-src", "style-src", "img-src", "font-src", "media-src"):
        assert "https://cdn.example.com" in csp[name]
        assert "https://api.example.com" not in csp[name]
    assert csp["connect-src"] == ["https://api.example.com"]
    assert csp["frame-src"] == ["https://player.example.com"]
    assert csp["base-uri"] == ["https://base.example.com"]
    assert csp["default-src"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]


@pytest.mark.parametrize(
    "entry",
    [
        "https://a.com; script-src *",
        "https://a.com;",
        "https://a.com 'unsafe-eval'",
        "https://a.com,https://b.com",
        "*",
        "https://*",
        "*.com",
        "https://*.com",
        "'unsafe-eval'",
        "'unsafe-inline'",
        "'self'",
        "'none'",
        "data:",
        "blob:",
        "javascript:alert(1)",
        "http://evil.example.com",
        "ws://evil.example.com",
        "ftp://files.example.com",
        "https://a.com/pa th",
        "https://a.com/x'y",
        'https://a.com/"',
        "https://a.com\r\nscript-src *",
        "https://user@a.com",
        "https://a.com:99999",
        "https://a.com:0",
        "https://a.com?x=1",
        "https://a.com#frag",
        "https://a..com",
        "https://-a.com",
        "https://a_b.com",
        "",
        "   ",
        "https://" + "a" * 300 + ".com",
    ],
)
def test_malformed_or_too_broad_entries_are_dropped(entry: str) -> None:
    dropped: list[str] = []
    csp = build_csp({"ui": {"csp": {"connectDomains": [entry], "resourceDomains": [entry]}}}, dropped)
    assert csp == DEFAULT
    assert len(dropped) == 2


@pytest.mark.parametrize("entry", [None, 42, {"x": 1}, ["https://a.com"], True])
def test_entries_that_are_not_strings_are_dropped(entry: object) -> None:
    assert build_csp({"ui": {"csp": {"connectDomains": [entry]}}}) == DEFAULT


def test_an_injection_attempt_cannot_add_a_directive_or_a_source() -> None:
    dropped: list[str] = []
    csp = build_csp(
        {"ui": {"csp": {"connectDomains": ["https://ok.example.com", "https://a.com; script-src *"]}}},
        dropped,
    )
    parsed = directives(csp)
    assert parsed["connect-src"] == ["https://ok.example.com"]
    assert parsed["script-src"] == ["'unsafe-inline'"]
    assert "*" not in csp.split()
    assert dropped == ["ui.csp.connectDomains: 'https://a.com; script-src *'"]


def test_a_domain_list_given_as_a_string_is_one_entry() -> None:
    assert csp_of(connectDomains="https://api.example.com")["connect-src"] == ["https://api.example.com"]
    assert csp_of(connectDomains="https://a.com https://b.com")["connect-src"] == ["'none'"]


@pytest.mark.parametrize(
    ("entry", "use", "source"),
    [
        ("https://API.Example.com", "connect", "https://api.example.com"),
        ("api.example.com", "connect", "https://api.example.com"),
        ("https://*.example.com", "resource", "https://*.example.com"),
        ("*.cdn.example.com", "resource", "https://*.cdn.example.com"),
        ("https://example.com:8443", "connect", "https://example.com:8443"),
        ("https://cdn.example.com/assets/v2/", "resource", "https://cdn.example.com/assets/v2/"),
        ("wss://live.example.com", "connect", "wss://live.example.com"),
        ("http://localhost:3000", "connect", "http://localhost:3000"),
        ("http://127.0.0.1:8000", "resource", "http://127.0.0.1:8000"),
        ("ws://localhost:3000", "connect", "ws://localhost:3000"),
        ("http://[::1]:5173", "connect", "http://[::1]:5173"),
        ("  https://padded.example.com  ", "connect", "https://padded.example.com"),
    ],
)
def test_well_formed_origins_are_kept_in_canonical_form(entry: str, use: Any, source: str) -> None:
    assert csp_source(entry, use) == source


@pytest.mark.parametrize(
    ("entry", "use"),
    [
        ("wss://live.example.com", "resource"),
        ("ws://localhost:3000", "resource"),
        ("http://*.localhost", "connect"),
        ("http://localhost.evil.com", "connect"),
    ],
)
def test_a_scheme_counts_only_where_it_makes_sense(entry: str, use: Any) -> None:
    assert csp_source(entry, use) is None


def test_duplicates_are_listed_once_and_the_list_is_capped() -> None:
    many = [f"https://h{i}.example.com" for i in range(40)]
    dropped: list[str] = []
    csp = directives(
        build_csp({"ui": {"csp": {"connectDomains": ["https://a.com", "https://A.com", *many]}}}, dropped)
    )
    assert csp["connect-src"].count("https://a.com") == 1
    assert len(csp["connect-src"]) == 32
    assert len(dropped) == 9


def test_openai_widget_csp_is_read_and_merged_with_mcp_apps_csp() -> None:
    csp = directives(
        build_csp(
            {
                "ui": {"csp": {"connectDomains": ["https://api.example.com"]}},
                "openai/widgetCSP": {
                    "connect_domains": ["https://api.example.com", "https://legacy-api.example.com"],
                    "resource_domains": ["https://persistent.oaistatic.com"],
                    "frame_domains": ["https://embed.example.com"],
                    "redirect_domains": ["https://shop.example.com"],
                },
            }
        )
    )
    assert csp["connect-src"] == ["https://api.example.com", "https://legacy-api.example.com"]
    assert "https://persistent.oaistatic.com" in csp["img-src"]
    assert csp["frame-src"] == ["https://embed.example.com"]
    assert all("https://shop.example.com" not in sources for sources in csp.values())


def test_malformed_meta_shapes_fall_back_to_the_default() -> None:
    for meta in (
        {"ui": "nope"},
        {"ui": {"csp": ["https://a.com"]}},
        {"ui": {"csp": {"connectDomains": {"https://a.com": True}}}},
        {"openai/widgetCSP": "https://a.com"},
    ):
        assert build_csp(meta) == DEFAULT


def test_permissions_become_the_iframe_allow_and_the_permissions_policy() -> None:
    policy = view_policy({"ui": {"permissions": {"camera": {}, "clipboardWrite": {}, "teleport": {}}}})
    assert policy.allow == "camera; clipboard-write"
    rules = dict(rule.split("=") for rule in policy.permissions_policy.split(", "))
    assert rules["camera"] == "*"
    assert rules["clipboard-write"] == "*"
    assert rules["microphone"] == "()"
    assert rules["geolocation"] == "()"
    assert rules["payment"] == "()"
    assert "teleport" not in rules


def test_no_permissions_means_an_empty_allow_and_every_feature_denied() -> None:
    policy = view_policy(None)
    assert policy.allow == ""
    assert "*" not in policy.permissions_policy


def test_trusted_link_domains_come_from_link_declarations_only() -> None:
    policy = view_policy(
        {
            "ui": {
                "linkTrustedDomains": ["https://docs.example.com/guide", "javascript:alert(1)"],
                "domain": "x",
            },
            "openai/widgetCSP": {"redirect_domains": ["https://checkout.example.com"]},
            "openai/widgetDomain": "https://app.example.com",
        }
    )
    assert policy.trusted_link_domains == [
        "https://docs.example.com",
        "https://checkout.example.com",
        "https://app.example.com",
    ]
    assert policy.domain == "x"
    assert policy.dropped == ["ui.linkTrustedDomains: 'javascript:alert(1)'"]


def test_prefers_border_comes_from_either_spelling() -> None:
    assert view_policy({"ui": {"prefersBorder": True}}).prefers_border is True
    assert view_policy({"openai/widgetPrefersBorder": False}).prefers_border is False
    assert view_policy({"ui": {"prefersBorder": "yes"}}).prefers_border is None
