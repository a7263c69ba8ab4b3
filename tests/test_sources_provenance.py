"""Provenance of saved pages of real sites: URL from canonical / og:url / the browser's
"saved from" comment, outlet from the registry by domain, else og:site_name, else the feed."""

from __future__ import annotations

from conftest import FIXTURES
from storylens.config import Settings
from storylens.extract.outlets import resolve_outlet
from storylens.pipeline import Pipeline
from storylens.sources import iter_documents
from storylens.types import Article, RawDocument

PAGES = FIXTURES / "pages"


def test_saved_pages_keep_url_and_outlet() -> None:
    settings = Settings({"clean": False, "enrich": False})
    pipe = Pipeline(settings)
    got = {}
    for item in iter_documents([str(PAGES)], settings):
        if isinstance(item, RawDocument):
            out = pipe.process(item)
            assert isinstance(out, Article), out
            got[item.provenance.source.rsplit("/", 1)[1]] = (out.url, out.outlet, out.outlet_name)
    assert got["aeb-bbc.html.gz"] == ("https://www.bbc.com/news/world-europe-50473792", "bbc.com", "BBC News")
    # no og:site_name on this page: the registry names the outlet by its domain
    assert got["aeb-jpost.html.gz"][1:] == ("jpost.com", "The Jerusalem Post")
    assert got["aeb-foxnews.html.gz"][1:] == ("foxnews.com", "Fox News")
    assert got["trafilatura-dw.html.gz"][1] == "dw.com"
    # a browser-saved page without canonical/og:url: the "saved from url" comment
    assert got["saved-jpost.html.gz"] == (
        "https://www.jpost.com/Breaking-News/Son-of-former-German-president-stabbed-to-death-in-Berlin-608399",
        "jpost.com", "The Jerusalem Post")


def test_outlet_without_url_from_registry_name_else_site_name() -> None:
    assert resolve_outlet(None, "BBC News") == ("bbc.co.uk", "BBC")
    assert resolve_outlet(None, "Xinhua") == ("xinhuanet.com", "Xinhua")
    assert resolve_outlet(None, "Some Local Gazette") == ("some-local-gazette", "Some Local Gazette")
    assert resolve_outlet("https://news.cgtn.com/x", "CGTN Europe") == ("cgtn.com", "CGTN")
    assert resolve_outlet(None, None) == (None, None)
