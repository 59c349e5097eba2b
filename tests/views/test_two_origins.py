"""`salon serve` serves both origins from one process: the chat origin's lifespan runs the sandbox."""

from __future__ import annotations

from pathlib import Path

import httpx

from salon.settings import Settings
from salon.web import create_app
from tests.conftest import free_port, serve_asgi


def test_one_server_serves_the_chat_origin_and_the_sandbox_origin(tmp_path: Path) -> None:
    port, sandbox_port = free_port(), free_port()
    settings = Settings(data_dir=tmp_path, port=port, sandbox_port=sandbox_port)

    with serve_asgi(create_app(settings, serve_sandbox=True), port=port) as chat:
        page = httpx.get(f"{chat}/", timeout=10)
        proxy = httpx.get(f"http://127.0.0.1:{sandbox_port}/proxy.html", timeout=10)
        no_api = httpx.get(f"http://127.0.0.1:{sandbox_port}/api/conversations", timeout=10)

    assert page.status_code == 200
    assert f"frame-src http://127.0.0.1:{sandbox_port}" in page.headers["content-security-policy"]
    assert proxy.status_code == 200
    assert "script-src 'self'" in proxy.headers["content-security-policy"]
    assert no_api.status_code == 404


def test_the_sandbox_port_follows_the_port_unless_set() -> None:
    assert Settings(port=9000).sandbox_port == 9001
    assert Settings(port=9000, sandbox_port=9100).sandbox_origin == "http://127.0.0.1:9100"
    assert Settings(host="0.0.0.0", port=9000).sandbox_origin == "http://*:9001"
    assert Settings(sandbox_url="https://views.example.com/").sandbox_origin == "https://views.example.com"
