"""The real client address of a request, also behind a reverse proxy.

Behind a reverse proxy every request comes from the proxy's address (``REMOTE_ADDR``);
the proxy appends the address it received the request from to ``X-Forwarded-For``. That
header is only believed when the request really comes from a proxy we trust: the
setting ``BASISBAAN_TRUSTED_PROXIES`` (environment variable of the same name, a
comma-separated list of addresses and CIDR networks, default empty: trust none).

The client is then the rightmost address in ``X-Forwarded-For`` that is not itself a
trusted proxy. Entries further left were written by the client (or by proxies we do not
know) and can be forged, so they never count. Without trusted proxies, or for a request
that does not come from one, the client is ``REMOTE_ADDR`` and the header is ignored.

The public forms' rate limits (``communitytasks/throttle.py``) and the login throttling
(django-axes, ``AXES_CLIENT_IP_CALLABLE``) use ``client_ip``.
"""

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"BASISBAAN_TRUSTED_PROXIES: {entry!r} is not an address or network"
            ) from None
    return tuple(networks)


def trusted_networks() -> tuple[Network, ...]:
    """The trusted proxies from the settings (a list, or a comma-separated string)."""
    value = getattr(settings, "BASISBAAN_TRUSTED_PROXIES", ()) or ()
    if isinstance(value, str):
        value = value.split(",")
    return _networks(tuple(e.strip() for e in value if e and e.strip()))


def parse_address(value: str) -> Address | None:
    """An address as proxies write it (``1.2.3.4``, ``1.2.3.4:5678``, ``[::1]:5678``,
    ``::1``); None if it is none. IPv4-mapped IPv6 addresses become IPv4."""
    value = value.strip().strip('"')
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # IPv4 with a port
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, networks: Iterable[Network]) -> bool:
    return any(address in network for network in networks)


def client_ip(request) -> str:
    """The address of the client that sent ``request`` (see the module docstring)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = trusted_networks()
    peer = parse_address(remote)
    if not networks or peer is None or not _trusted(peer, networks):
        return str(peer) if peer is not None else remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    nearest = peer
    for entry in reversed(forwarded.split(",")):
        address = parse_address(entry)
        if address is None:
            # Not written by a proxy we trust: the last trusted hop is all we know.
            return str(nearest)
        if not _trusted(address, networks):
            return str(address)
        nearest = address
    # Every hop is a trusted proxy (a request from inside): the farthest one.
    return str(nearest)
