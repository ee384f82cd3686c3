"""Drive the app over ASGI and throw the body away as it streams.

TestClient keeps a whole response in memory, which would hide what the server
itself holds; this counts bytes and chunks and keeps only the first and last chunk.
"""

from dataclasses import dataclass, field

import anyio
from fastapi import FastAPI
from starlette.requests import ClientDisconnect


@dataclass
class Download:
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    bytes: int = 0
    chunks: int = 0
    lines: int = 0
    head: bytes = b""
    last: bytes = b""


def download(app: FastAPI, path: str, query: str = "", hang_up_after: int | None = None) -> Download:
    """GET path?query; with `hang_up_after`, the client goes away after that many body chunks."""
    return anyio.run(_download, app, path, query, hang_up_after)


async def _download(app: FastAPI, path: str, query: str, hang_up_after: int | None) -> Download:
    result, done = Download(), anyio.Event()
    scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.4"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
             "headers": [(b"host", b"testserver")], "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}
    requested = False

    async def receive() -> dict:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            result.status = message["status"]
            result.headers = {name.decode(): value.decode() for name, value in message["headers"]}
        elif message["type"] == "http.response.body":
            if hang_up_after is not None and result.chunks >= hang_up_after:
                done.set()
                raise OSError("the client went away")
            body = message.get("body", b"")
            if body:
                result.head += body if len(result.head) < 4096 else b""
                result.last = body
                result.bytes += len(body)
                result.chunks += 1
                result.lines += body.count(b"\n")
            if not message.get("more_body", False):
                done.set()

    try:
        await app(scope, receive, send)
    except ClientDisconnect:
        assert hang_up_after is not None
    return result
