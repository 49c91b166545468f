"""Who is asking: the client's address and user name, as login throttling counts them,
and rate limits per address and per network for the public forms (comments, alerts)."""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache


def client_ip(request):
    """The client's address. Behind TRUSTED_PROXY_COUNT proxies that each append to
    X-Forwarded-For, it is that many entries from the right; anything further left was
    written by the client and proves nothing. With no proxy, REMOTE_ADDR."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def login_username(request, credentials):
    """The user name tried, folded so that "Admin" and " admin" count as one."""
    username = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if username is None:
        username = request.POST.get(settings.AXES_USERNAME_FORM_FIELD, "")
    return str(username).strip().casefold()


def network_of(address):
    """The /24 of an IPv4 address or the /64 of an IPv6 one, as text; "" if unparseable."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 64
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def over_rate_limit(request, scope, limits):
    """Count this attempt against the client's address and network under `scope`; True if
    either has used up its limit (`per_address`, `per_network`) in the current window of
    `window_seconds`. Fixed windows in the cache, so every web process (and Redis in
    production) shares the counts."""
    window = int(limits["window_seconds"])
    slot = int(time.time() // window)
    address = client_ip(request)
    checks = [("address", address, limits["per_address"])]
    if network := network_of(address):
        checks.append(("network", network, limits["per_network"]))
    over = False
    for kind, value, limit in checks:
        key = f"{scope}:rate:{kind}:{value}:{slot}"
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            count = 1
        over = over or (count or 0) > limit
    return over
