"""A streamed download that gives its database connection back as soon as the response ends.

Starlette pulls a sync generator one step at a time on worker threads, but when a
client goes away mid-download it simply stops pulling: the generator, still
holding a connection (and on PostgreSQL an open server-side cursor), would wait
for the garbage collector. Closing it explicitly, on a worker thread because
closing a connection is blocking I/O, returns the connection at once.
"""

from collections.abc import Iterator, Mapping

import anyio
from fastapi.responses import StreamingResponse
from starlette.types import Send


class ExportResponse(StreamingResponse):
    def __init__(self, body: Iterator[bytes], status_code: int = 200, headers: Mapping[str, str] | None = None,
                 media_type: str | None = None) -> None:
        super().__init__(body, status_code=status_code, headers=headers, media_type=media_type)
        self._generator = body

    async def stream_response(self, send: Send) -> None:
        try:
            await super().stream_response(send)
        finally:
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(self._generator.close)
