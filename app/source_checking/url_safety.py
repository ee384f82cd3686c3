"""Decide whether a URL is safe for the checker to request (SSRF guard).

Source URLs come from outside (editors, imports, redirects chosen by remote
servers), so before every request - the first one and each redirect hop - the
checker refuses anything that is not plain http(s) to a publicly routable
address.  Both the literal host and every address it resolves to are checked.

An allow-list (hosts and networks, from configuration) can let chosen
non-public targets through, e.g. a local test server.  Cloud metadata
endpoints are refused even when an allowed network covers them.

The addresses returned in a SafetyDecision are the ones the checker then connects to
(app.source_checking.pinned), so a DNS server answering differently the second time
(DNS rebinding) is never asked a second time.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

#: ``resolver(host, port)`` returns the IP address strings the host resolves to.
#: It raises :class:`DNSResolutionError` (or ``OSError``) when the name does not resolve.
Resolver = Callable[[str, int], Awaitable[list[str]]]

ALLOWED_SCHEMES = frozenset({"http", "https"})
CLOUD_METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254")
)
# Hosts made only of digits, hex and dots may be IPv4 in a short form
# ("127.1", "2130706433", "0x7f.1"); inet_aton reads them as resolvers do.
_NUMERIC_HOST = re.compile(r"^[0-9a-fx.]+$", re.IGNORECASE)


class DNSResolutionError(Exception):
    """The host name did not resolve (an 'unreachable' outcome, not a refusal)."""


@dataclass(frozen=True, slots=True)
class SafetyDecision:
    """Outcome of a safety check: ``allowed`` or a human-readable ``reason``."""

    allowed: bool
    reason: str | None = None
    addresses: tuple[str, ...] = ()


async def system_resolver(host: str, port: int) -> list[str]:
    """Resolve with the operating system (``getaddrinfo``) without blocking the loop."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise DNSResolutionError(f"{host}: {exc}") from exc
    return sorted({info[4][0] for info in infos})


def parse_networks(values: Iterable[str | IPNetwork]) -> tuple[IPNetwork, ...]:
    """Turn configuration strings like ``"127.0.0.0/8"`` into network objects."""
    return tuple(ipaddress.ip_network(v, strict=False) for v in values)


def literal_ip(host: str) -> IPAddress | None:
    """Return the address if ``host`` is an IP literal (including short IPv4 forms)."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    if _NUMERIC_HOST.match(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def unsafe_reason(address: IPAddress) -> str | None:
    """Why ``address`` must not be contacted, or None if it is publicly routable."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address in CLOUD_METADATA_ADDRESSES:
        return "cloud metadata address"
    for attribute in (  # most specific first: is_private also covers most others
        "is_unspecified",
        "is_loopback",
        "is_link_local",
        "is_multicast",
        "is_reserved",
        "is_private",
    ):
        if getattr(address, attribute):
            return attribute.removeprefix("is_").replace("_", "-") + " address"
    if not address.is_global:
        return "non-global address"
    return None


def _address_refusal(
    address: IPAddress, host_allowed: bool, allowed_networks: tuple[IPNetwork, ...]
) -> str | None:
    reason = unsafe_reason(address)
    if reason is None or reason == "cloud metadata address":
        return reason
    if host_allowed or any(address in net for net in allowed_networks):
        return None
    return reason


async def check_url_safety(
    url: str | httpx.URL,
    *,
    allowed_hosts: frozenset[str] = frozenset(),
    allowed_networks: tuple[IPNetwork, ...] = (),
    resolver: Resolver = system_resolver,
) -> SafetyDecision:
    """Check scheme, literal host and DNS answers of ``url``.

    Raises :class:`DNSResolutionError` when the name does not resolve; every
    other problem is returned as a refusal, never raised.
    """
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        return SafetyDecision(False, f"invalid URL: {exc}")
    if parsed.scheme not in ALLOWED_SCHEMES:
        return SafetyDecision(False, f"scheme not allowed: {parsed.scheme or '(none)'}")
    host = parsed.raw_host.decode("ascii").lower()
    if not host:
        return SafetyDecision(False, "URL has no host")
    host_allowed = host.strip("[]") in allowed_hosts

    literal = literal_ip(host)
    if literal is not None:
        addresses = [str(literal)]
    else:
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        try:
            addresses = await resolver(host, port)
        except DNSResolutionError:
            raise
        except OSError as exc:
            raise DNSResolutionError(f"{host}: {exc}") from exc
        if not addresses:
            raise DNSResolutionError(f"{host}: no addresses")

    for text in addresses:
        address = ipaddress.ip_address(text.split("%", 1)[0])  # drop IPv6 zone id
        reason = _address_refusal(address, host_allowed, allowed_networks)
        if reason is not None:
            where = "" if literal is not None else f" ({host} resolves to it)"
            return SafetyDecision(False, f"{reason} {address}{where}", tuple(addresses))
    return SafetyDecision(True, None, tuple(addresses))
