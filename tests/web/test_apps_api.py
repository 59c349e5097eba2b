from __future__ import annotations

import httpx
import pytest

from .fakehost import FakeHost


async def test_stdio_app_is_installed_from_a_command_string(
    client: httpx.AsyncClient, host: FakeHost
) -> None:
    response = await client.post(
        "/api/apps", json={"name": "hotels", "command": "python 'my apps/server.py' --quiet"}
    )

    assert response.status_code == 201
    assert response.json()["name"] == "hotels"
    assert host.installed[0].transport == "stdio"
    assert host.installed[0].command == ["python", "my apps/server.py", "--quiet"]


async def test_http_app_is_installed_from_a_url_and_listed(client: httpx.AsyncClient) -> None:
    await client.post(
        "/api/apps", json={"name": "music", "url": "http://127.0.0.1:9000/mcp", "title": "Music"}
    )

    apps = (await client.get("/api/apps")).json()["apps"]

    assert [(app["name"], app["transport"], app["url"]) for app in apps] == [
        ("music", "http", "http://127.0.0.1:9000/mcp")
    ]


async def test_removed_app_is_gone_and_removing_again_is_a_404(client: httpx.AsyncClient) -> None:
    await client.post("/api/apps", json={"name": "hotels", "command": ["python", "server.py"]})

    first = await client.delete("/api/apps/hotels")
    second = await client.delete("/api/apps/hotels")

    assert first.status_code == 204
    assert (await client.get("/api/apps")).json()["apps"] == []
    assert second.status_code == 404


async def test_changed_tool_is_approved_again_with_a_204(client: httpx.AsyncClient, host: FakeHost) -> None:
    await client.post("/api/apps", json={"name": "hotels", "command": ["python", "server.py"]})
    host.change_tool("hotels", "book_hotel")
    assert (await client.get("/api/apps")).json()["apps"][0]["status"] == "changed"

    response = await client.post("/api/apps/hotels/tools/book_hotel/approve")

    assert response.status_code == 204
    assert (await client.get("/api/apps")).json()["apps"][0]["status"] == "ready"


async def test_unreachable_app_is_a_502_naming_the_app(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/apps", json={"name": "far", "url": "http://unreachable.test/mcp"})

    assert response.status_code == 502
    assert response.json()["error"] == {
        "code": "app_unavailable",
        "message": "Could not reach http://unreachable.test/mcp; is the app running?",
        "app": "far",
    }


@pytest.mark.parametrize(
    ("body", "mentions"),
    [
        ({"name": "x"}, "exactly one of 'url'"),
        ({"name": "x", "url": "http://a/mcp", "command": "python s.py"}, "exactly one of 'url'"),
        ({"name": "x", "url": "ftp://a/mcp"}, "'url' must be an http"),
        ({"name": "x", "command": ""}, "'command' must name a program"),
        ({"name": "x", "command": "python 'unclosed"}, "'command' cannot be split"),
        ({"name": "bad name!", "command": "python s.py"}, "'name'"),
        ({"url": "http://a/mcp"}, "'name' is required"),
    ],
)
async def test_bad_app_installs_are_400s_that_say_what_is_wrong(
    client: httpx.AsyncClient, body: dict[str, object], mentions: str
) -> None:
    response = await client.post("/api/apps", json=body)

    assert response.status_code == 400
    assert mentions in response.json()["error"]["message"]
