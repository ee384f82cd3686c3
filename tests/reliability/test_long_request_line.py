"""A URL longer than the server reads gets an HTTP answer (414 problem+json), not a reset connection.

Run against `make run`'s own uvicorn command (tests/live_server.py), since the request line is read
by the HTTP server before the app sees anything.
"""

import socket
from collections.abc import Iterator

import pytest

from tests.live_server import LiveServer, live_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("long-url")) as running:
        yield running


def send(server: LiveServer, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as connection:
        connection.sendall(request)
        connection.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


@pytest.mark.parametrize("size", [20_000, 540_000])
def test_a_long_url_is_answered_414_as_a_problem(server: LiveServer, size: int) -> None:
    answer = send(server, b"GET /v1/projects?q=" + b"a" * size + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")

    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 414 "), answer[:300]
    assert b"content-type: application/problem+json" in head.lower()
    assert b'"field":"url"' in body


def test_a_url_within_the_limit_is_served(server: LiveServer) -> None:
    answer = send(server, b"GET /v1/projects?q=" + "서울".encode().hex().encode()[:100] + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:300]
