"""Outlet identity from a URL: the registered domain (public-suffix aware).

``publicsuffixlist`` ships the Public Suffix List inside its wheel, so this
never touches the network (tldextract would try to download it first).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from urllib.parse import urlsplit

import numpy as np
from publicsuffixlist import PublicSuffixList

_SLUG = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    """Outlet id from a name when there is no URL: ``"Global Times"`` -> ``global-times``."""
    return _SLUG.sub("-", name.casefold()).strip("-")


@lru_cache(maxsize=1)
def _psl() -> PublicSuffixList:
    """The list, parsed from the per-machine cache when it is there (``storylens.diskcache``).

    Parsing the shipped file encodes each of its ~10,000 rules to punycode (Python's idna
    codec): about 0.1 s of every process's start-up. The cache holds the parsed rules,
    encoded forms included, which the parser then reads as they are; the cache is named
    after the list file's size and time, so an updated list is parsed again.
    """
    from publicsuffixlist import PSLFILE

    from storylens.diskcache import cached_arrays, package_folder

    try:
        st = os.stat(PSLFILE)
    except OSError:
        return PublicSuffixList()

    def build() -> dict[str, np.ndarray]:
        rules = PublicSuffixList()._publicsuffix  # the parsed set, encoded forms included
        return {"rules": np.frombuffer("\n".join(sorted(rules)).encode("utf-8"), dtype=np.uint8)}

    try:
        arrays = cached_arrays(package_folder("publicsuffixlist"), f"rules-{st.st_size}-{st.st_mtime_ns}", build)
        text = np.asarray(arrays["rules"]).tobytes().decode("utf-8")
    except (AttributeError, UnicodeDecodeError, KeyError):
        return PublicSuffixList()
    return PublicSuffixList(source=text, accept_encoded_idn=False)


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


