"""Outlet identity from a URL: the registered domain (public-suffix aware).

``publicsuffixlist`` ships the Public Suffix List inside its wheel, so this
never touches the network (tldextract would try to download it first).
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList


@lru_cache(maxsize=1)
def _psl() -> PublicSuffixList:
    return PublicSuffixList()


@lru_cache(maxsize=65536)
def registered_domain(url: str | None) -> str | None:
    """``https://www.bbc.co.uk/news/x`` -> ``bbc.co.uk``; None when there is no host."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.strip(".").lower()
    if host.replace(".", "").isdigit():
        return host
    return _psl().privatesuffix(host) or host
