"""A View renders to one self-contained MCP Apps document: a template whose data arrives at run time."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from salon.sdk.widgets import Button, Card, Carousel, Form, Input, Text, View
from salon.sdk.widgets.view import SPEC_ELEMENT_ID

SVG_NAMESPACE = "http://www.w3.org/2000/svg"


def hotels_view() -> View:
    return View(
        Text("Hotels in {city}"),
        Carousel(
            items="hotels",
            card=Card(
                title="{name}",
                image="{photo_url}",
                actions=[
                    Button(
                        "Book",
                        variant="primary",
                        opens=Form(
                            tool="book_hotel",
                            arguments={"hotel_id": "{id}"},
                            fields=[Input("guest_name", "Guest name", required=True)],
                        ),
                    )
                ],
            ),
        ),
        title="Hotels </script><b>",
        display_modes=("inline", "fullscreen"),
    )


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def parse(document: str) -> _Elements:
    parser = _Elements()
    parser.feed(document)
    return parser


def spec_of(document: str) -> dict[str, object]:
    match = re.search(
        rf'<script type="application/json" id="{SPEC_ELEMENT_ID}">(.*?)</script>', document, re.S
    )
    assert match is not None
    loaded: dict[str, object] = json.loads(match.group(1))
    return loaded


def test_render_is_one_html_document_with_inline_style_and_script_only() -> None:
    document = hotels_view().render()
    parsed = parse(document)
    tags = [tag for tag, _ in parsed.tags]
    assert document.startswith("<!doctype html>")
    assert tags.count("html") == tags.count("head") == tags.count("body") == 1
    assert tags.count("style") == 1
    assert [attrs.get("type") for tag, attrs in parsed.tags if tag == "script"] == ["application/json", None]
    assert not any(attrs.get("src") or attrs.get("href") for _, attrs in parsed.tags)
    assert ("body", {"data-state": "loading"}) in parsed.tags


def test_render_reaches_no_url_and_runs_no_generated_code() -> None:
    document = hotels_view().render()
    urls = set(re.findall(r"[a-z][a-z0-9+.-]*://[^\s\"'<>)]*", document, re.I)) - {SVG_NAMESPACE}
    assert {url for url in urls if not url.startswith("ui://")} == set()
    assert "eval(" not in document
    assert "new Function" not in document
    assert "@import" not in document
    assert "innerHTML" not in document


def test_declared_resource_domains_are_the_only_image_origins_the_view_knows() -> None:
    document = hotels_view().render(resource_domains=["https://images.example"])
    assert spec_of(document)["resourceDomains"] == ["https://images.example"]
    urls = set(re.findall(r"https?://[^\s\"'<>)]*", document)) - {SVG_NAMESPACE}
    assert urls == {"https://images.example"}


def test_the_declaration_is_embedded_as_inert_json_that_cannot_close_its_script() -> None:
    document = hotels_view().render(app_name="hotels", app_version="1.2.0")
    spec = spec_of(document)
    assert spec["title"] == "Hotels </script><b>"
    assert spec["appInfo"] == {"name": "hotels", "version": "1.2.0"}
    assert spec["displayModes"] == ["inline", "fullscreen"]
    assert document.count("</script>") == 2
    assert "<title>Hotels &lt;/script&gt;&lt;b&gt;</title>" in document


def test_one_document_serves_every_result_because_it_holds_no_data() -> None:
    assert hotels_view().render() == hotels_view().render()
    body = spec_of(hotels_view().render())["body"]
    assert isinstance(body, list)
    carousel = body[1]
    assert carousel["type"] == "carousel"
    assert carousel["items"] == "hotels"


@pytest.mark.parametrize(
    "method",
    [
        "ui/initialize",
        "ui/notifications/initialized",
        "ui/notifications/tool-input",
        "ui/notifications/tool-input-partial",
        "ui/notifications/tool-result",
        "ui/notifications/tool-cancelled",
        "ui/notifications/host-context-changed",
        "ui/resource-teardown",
        "tools/call",
        "ui/message",
        "ui/open-link",
        "ui/request-display-mode",
        "ui/update-model-context",
        "ui/notifications/size-changed",
        "ui/salon/set-state",
    ],
)
def test_the_runtime_speaks_each_mcp_apps_method(method: str) -> None:
    runtime = parse(hotels_view().render()).scripts[-1]
    assert f'"{method}"' in runtime


def test_the_runtime_handshake_sends_app_info_and_display_modes_then_initialized() -> None:
    runtime = parse(hotels_view().render()).scripts[-1]
    initialize = runtime.index('request("ui/initialize"')
    assert "appInfo: SPEC.appInfo" in runtime[initialize:]
    assert "availableDisplayModes: SPEC.displayModes" in runtime[initialize:]
    assert "clientInfo" not in runtime
    assert runtime.index('notify("ui/notifications/initialized"') > initialize
    assert "event.source !== window.parent" in runtime
    assert "window.openai.setWidgetState" in runtime
    assert "salon.viewState" in runtime or "context.salon.viewState" in runtime


def test_the_runtime_sets_validation_attributes_and_labels_on_form_fields() -> None:
    runtime = parse(hotels_view().render()).scripts[-1]
    for attribute in ("min", "max", "step", "minlength", "maxlength", "pattern"):
        assert f"{attribute}:" in runtime
    assert "control.required = true" in runtime
    assert 'el("label", { for: id }' in runtime
    assert "aria-describedby" in runtime
    assert "aria-invalid" in runtime
