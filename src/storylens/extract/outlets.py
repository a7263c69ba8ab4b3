"""Outlet identity from a URL: the registered domain (public-suffix aware).

``publicsuffixlist`` ships the Public Suffix List inside its wheel, so this
never touches the network (tldextract would try to download it first).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

_SLUG = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    """Outlet id from a name when there is no URL: ``"Global Times"`` -> ``global-times``."""
    return _SLUG.sub("-", name.casefold()).strip("-")


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
    return _host_domain(host.strip(".").lower())


@lru_cache(maxsize=65536)
def _host_domain(host: str) -> str:
    """The registered domain of a lower-cased host (cached by host: pages link many
    addresses on few hosts, and the public-suffix look-up encodes every label)."""
    if host.replace(".", "").isdigit():
        return host
    return _psl().privatesuffix(host) or host


def resolve_outlet(url: str | None, sitename: str | None) -> tuple[str | None, str | None]:
    """(outlet id, outlet name) for an article.

    Order, as a researcher expects it: the outlet registry by the URL's domain
    (its name wins over a page's own ``og:site_name``, so "BBC News" and "BBC"
    pages count as one outlet), else the registered domain with the page's site
    name, else the registry by that name ("Xinhua", "BBC News": a saved page or a
    feed without URLs still lands on the registry's outlet), else a slug of the name.
    """
    from storylens.registry import outlet_registry

    reg = outlet_registry()
    domain = registered_domain(url)
    if domain:
        known = reg.lookup(url)
        if known is not None:
            return domain, known.name
        return domain, sitename
    if sitename:
        known = reg.lookup(sitename)
        if known is not None:
            return known.domain, known.name
        return (slug(sitename) or None), sitename
    return None, None


