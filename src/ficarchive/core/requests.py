"""What a view needs to know about the request beyond Django's own."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: the one key for throttling and counting (never shown).

    Only when the connection comes from a trusted proxy (`FICARCHIVE_TRUSTED_PROXIES`) is
    `X-Forwarded-For` read, from the right: each trusted proxy appends the address it saw, so
    the first untrusted hop from the right is the visitor; anything left of it is whatever the
    visitor chose to send. A chain that is not addresses falls back to the proxy's own.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "0.0.0.0")  # noqa: S104 - a key, not a bind
    networks = _networks(tuple(settings.FICARCHIVE_TRUSTED_PROXIES))
    if not networks or not _is_trusted(remote, networks):
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    for hop in reversed([part.strip() for part in forwarded.split(",")]):
        try:
            address = str(ipaddress.ip_address(hop))
        except ValueError:
            return remote
        if not _is_trusted(address, networks):
            return address
    return remote
