"""Connect to the address the safety check approved, never to a second DNS answer (no DNS rebinding).

httpx resolves a host name itself when it connects. Between the checker's resolution (which
url_safety vets) and that second one, a hostile DNS server could switch a public address for a
private one. The checker's clients therefore connect through a network backend that looks the
host up in the addresses pinned by the check (`pin`) and connects to that address; TLS still
verifies the certificate against the host name, and the Host header is unchanged. A host with no
pinned address is refused, so nothing is ever reached unchecked.
"""

from __future__ import annotations

import weakref

import httpcore
import httpx


class PinnedAddressBackend(httpcore.AsyncNetworkBackend):
    def __init__(self) -> None:
        self._network = httpcore.AnyIOBackend()
        self._addresses: dict[str, str] = {}

    def pin(self, host: str, address: str) -> None:
        self._addresses[host.strip("[]").lower()] = address

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        address = self._addresses.get(host.strip("[]").lower())
        if address is None:
            raise httpcore.ConnectError(f"{host}: no address was approved by the safety check")
        return await self._network.connect_tcp(address, port, timeout=timeout, local_address=local_address,
                                                socket_options=socket_options)

    async def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise httpcore.ConnectError("the checker does not use Unix sockets")

    async def sleep(self, seconds: float) -> None:
        await self._network.sleep(seconds)


_backends: weakref.WeakKeyDictionary[httpx.AsyncClient, PinnedAddressBackend] = weakref.WeakKeyDictionary()


def pinned_transport(client_options: dict) -> tuple[httpx.AsyncHTTPTransport, PinnedAddressBackend]:
    transport = httpx.AsyncHTTPTransport(**client_options)
    backend = PinnedAddressBackend()
    transport._pool._network_backend = backend  # httpx does not take a network backend as an argument
    return transport, backend


def register(client: httpx.AsyncClient, backend: PinnedAddressBackend) -> httpx.AsyncClient:
    _backends[client] = backend
    return client


def pin(client: httpx.AsyncClient, url: str, address: str) -> None:
    """Make `client` connect to `address` for the host of `url` (a client not made by new_client is left alone)."""
    backend = _backends.get(client)
    if backend is not None:
        backend.pin(httpx.URL(url).host, address)
