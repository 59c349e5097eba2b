from __future__ import annotations

import httpx
import pytest


@pytest.mark.parametrize("path", ["/", "/c/c1", "/apps"])
async def test_pages_are_html_with_a_strict_content_security_policy(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("path", ["/", "/apps"])
async def test_pages_have_no_inline_script_and_load_only_local_assets(
    client: httpx.AsyncClient, path: str
) -> None:
    html = (await client.get(path)).text

    assert "<script>" not in html
    assert 'src="http' not in html
    assert 'href="http' not in html
    assert "/static/chat.css" in html


@pytest.mark.parametrize(
    "asset", ["/static/chat.js", "/static/chat.css", "/static/apps.js", "/static/common.js"]
)
async def test_static_assets_are_served(client: httpx.AsyncClient, asset: str) -> None:
    response = await client.get(asset)

    assert response.status_code == 200
    assert len(response.content) > 200


async def test_healthz_answers_ok(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")

    assert response.status_code == 200
    assert response.text == "ok"
