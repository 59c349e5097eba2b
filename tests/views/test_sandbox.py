"""The sandbox origin: only the proxy and the views, each with its own headers."""

from __future__ import annotations

import pytest

from salon.web.sandbox import OPENAI_SHIM, PROXY_SCRIPT, inject_first_script

from .conftest import SANDBOX, World


def test_the_first_script_goes_first_in_the_head() -> None:
    assert inject_first_script("<!doctype html><html><head><script>x()</script></head></html>", "s()") == (
        "<!doctype html><html><head><script>s()</script><script>x()</script></head></html>"
    )
    assert inject_first_script("<HTML lang=en><body></body></HTML>", "s()") == (
        "<HTML lang=en><head><script>s()</script></head><body></body></HTML>"
    )
    assert inject_first_script("<!DOCTYPE html><p>hi</p>", "s()") == (
        "<!DOCTYPE html><head><script>s()</script></head><p>hi</p>"
    )
    assert inject_first_script("<header>x</header>", "s()").startswith("<head><script>s()</script></head>")
    assert inject_first_script("<head>", "a('</script><b>')") == "<head><script>a('<\\/script><b>')</script>"


async def test_the_proxy_page_loads_only_its_own_script(world: World) -> None:
    response = await world.sandbox.get("/proxy.html")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "frame-src 'self'" in csp
    assert '<script src="/proxy.js' in response.text
    assert "set-cookie" not in response.headers
    assert "x-frame-options" not in response.headers


async def test_the_proxy_script_is_served_when_present(world: World) -> None:
    response = await world.sandbox.get("/proxy.js")
    if PROXY_SCRIPT.is_file():
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/javascript")
    else:
        assert response.status_code == 503


async def test_a_view_is_served_with_the_csp_its_app_declared(world: World) -> None:
    _, call_id = await world.view_call()
    info = (await world.api.get(f"/api/views/{call_id}")).json()

    response = await world.sandbox.get(info["view_url"].removeprefix(SANDBOX))

    assert response.status_code == 200
    assert "<p>board</p>" in response.text
    csp = response.headers["content-security-policy"]
    assert "connect-src https://api.studio.example;" in csp
    assert "script-src *" not in csp
    assert "default-src 'none'" in csp
    assert "clipboard-write=*" in response.headers["permissions-policy"]
    assert "camera=()" in response.headers["permissions-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["cross-origin-resource-policy"] == "same-origin"
    assert "set-cookie" not in response.headers


async def test_an_openai_era_view_gets_the_shim_as_its_first_script(world: World) -> None:
    _, call_id = await world.view_call("legacy birds")
    info = (await world.api.get(f"/api/views/{call_id}")).json()

    response = await world.sandbox.get(info["view_url"].removeprefix(SANDBOX))

    if not OPENAI_SHIM.is_file():
        assert response.status_code == 503
        return
    assert response.status_code == 200
    head = response.text.split("<head>", 1)[1]
    assert head.startswith("<script>")
    assert OPENAI_SHIM.read_text(encoding="utf-8")[:40] in head
    assert "https://cdn.legacy.example" in response.headers["content-security-policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/api/conversations",
        "/api/views/x",
        "/static/chat.js",
        "/healthz",
        "/views/0123456789abcdef0123456789abcdef01234567.html",
        "/views/NOT-AN-ID.html",
    ],
)
async def test_the_sandbox_serves_nothing_else(world: World, path: str) -> None:
    response = await world.sandbox.get(path)
    assert response.status_code == 404
    assert response.headers["content-security-policy"] == "default-src 'none'"


async def test_the_sandbox_accepts_only_get(world: World) -> None:
    assert (await world.sandbox.post("/proxy.html")).status_code == 405
