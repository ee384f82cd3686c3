"""The checker connects to the address its safety check approved, not to a second DNS answer.

A real HTTP server on 127.0.0.1 serves the page; the host name exists only in the fake resolver
(the system resolver refuses every name here), so the page can only be reached through the pinned
address.
"""

import asyncio
import ipaddress
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from app.source_checking import CheckerConfig
from app.source_checking.fetch import fetch, new_client
from tests.source_checking.conftest import FakeResolver

PAGE = "메타버스 서울 종료".encode()


@pytest.fixture(autouse=True)
def no_real_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Numeric addresses only: connecting to 127.0.0.1 works, resolving a name fails the test."""
    real = socket.getaddrinfo

    def numeric_only(host, *args, **kwargs):
        try:
            ipaddress.ip_address(host)
        except ValueError:
            raise RuntimeError(f"real DNS lookup attempted in a test: {host}") from None
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", numeric_only)


class Page(BaseHTTPRequestHandler):
    hosts: list[str] = []

    def do_GET(self) -> None:
        Page.hosts.append(self.headers["Host"])
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def test_the_page_is_fetched_from_the_approved_address_with_its_own_host_name(local_server: int) -> None:
    resolver = FakeResolver({"rebind.example": ["127.0.0.1"]})
    config = CheckerConfig(allowed_networks=("127.0.0.0/8",))

    result = asyncio.run(fetch(f"http://rebind.example:{local_server}/article", config, resolver=resolver))

    assert (result.status, result.text, result.error) == (200, PAGE.decode(), None)
    assert resolver.calls == ["rebind.example"]  # resolved once, by the check; never again to connect
    assert Page.hosts[-1] == f"rebind.example:{local_server}"


def test_a_host_the_check_did_not_approve_is_never_connected_to() -> None:
    async def unchecked_request() -> None:
        async with new_client(CheckerConfig()) as client:
            await client.get("http://127.0.0.1:9/")

    with pytest.raises(httpx.ConnectError, match="no address was approved"):
        asyncio.run(unchecked_request())
