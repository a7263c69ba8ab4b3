"""Extraction: the one-pass author search gives trafilatura's answer, extraction + cleaning
keeps bare trafilatura's F1 on the AEB pages, and a loose floor on its speed against it."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from trafilatura import metadata as tmeta
from trafilatura.utils import load_html

from conftest import shared_path
from eval_baseline import floor
from storylens.extract import author
from storylens.extract.html import decode_html, load_page, xml_safe


@pytest.fixture(scope="module")
def aeb() -> Path:
    return shared_path("data", "extraction-aeb")


# Shapes the walk must get right: candidates inside discarded elements, discarded elements
# inside candidates (their tails joined to the text before them, without a space), the
# discard XPath that skips the root, <author> elements, and the <rel> case left to trafilatura.
CASES = [
    '<div class="author">By <time>Monday</time> Jane Doe</div>',
    '<p class="byline">Jane<span class="date">2020</span>Doe</p>',
    '<p class="byline">Jane<span class="date">2020</span>Doe<time>x</time>Roe</p>',
    '<div class="comments"><span class="author">Commenter Bob</span></div><p class="byline">Jane Roe</p>',
    '<figure><span class="author">Photo Guy</span></figure><a rel="author">Real Author</a>',
    "<author>John Smith</author><p class='byline'>Not Him</p>",
    '<span><rel>me</rel>Someone Else</span><span class="author">Ann Lee</span>',
    '<div id="author-box">Al Writer<span class="sidebar">x</span> tail</div>',
    '<div id="commentlist"><p class="byline">Bob Commenter</p></div><div class="Comments-x">y</div>',
    '<section class="print"><span itemprop="author">Hidden Name</span></section><span data-component="Byline">Mo Byline</span>',
    '<h3 id="zuozhe">王小明 编辑</h3>',
    '<div class="writer-info">Sam Writer</div>',
    '<a data-testid="AuthorCard">Card Person</a>',
    '<p class="byline">x</p><div class="author">Fallback Person</div>',
    "<p>No author here at all.</p>",
]


def _tree(body: str):  # type: ignore[no-untyped-def]
    return load_html(f"<html><head><title>t</title></head><body>{body}</body></html>")


def test_author_mirror_matches_installed_trafilatura() -> None:
    assert author.MIRRORS_INSTALLED, "trafilatura's author XPaths changed: update storylens.extract.author"


@pytest.mark.parametrize("body", CASES)
def test_author_same_as_trafilatura_on_shapes(body: str) -> None:
    assert author.extract_author(_tree(body)) == tmeta.extract_author(_tree(body))


def test_author_same_as_trafilatura_on_aeb_pages(aeb: Path) -> None:
    pages = sorted((aeb / "html").glob("*.html.gz"))
    assert len(pages) >= 80
    found = 0
    for p in pages:
        tree = load_html(decode_html(gzip.decompress(p.read_bytes())))
        if tree is None:
            continue
        ours = author.extract_author(tree)
        assert ours == tmeta.extract_author(tree), p.name
        found += ours is not None
    assert found >= 40  # most AEB pages name an author somewhere in their markup


def test_loader_mirror_matches_installed_trafilatura() -> None:
    from storylens.extract import html as html_mod

    assert html_mod.LOADER_MIRRORS_INSTALLED, "trafilatura's load_html changed: update storylens.extract.html"


PAGES = [
    "<!DOCTYPE html/>\n<html><body><p>x</p></body></html>",  # the doctype repair
    "<html/>\n<body><p>a</p></body>",  # a self-closing <html/>
    "<p>x</p>",  # dubious: no "html" at the start
    '<?xml version="1.0" encoding="utf-8"?><html><body><p>x</p></body></html>',  # the bytes fallback
    "plain text",
    "<html><body>\x01<p>x\x0b</p>\ufffe</body></html>",  # forbidden characters: not safe
    "<html><body><p>caf\u00e9 \u2019 \u4e2d</p></body></html>",
]


def _same_tree(a, b) -> bool:  # type: ignore[no-untyped-def]
    from lxml import etree

    return (a is None and b is None) or (a is not None and b is not None and etree.tostring(a) == etree.tostring(b))


@pytest.mark.parametrize("page", PAGES)
def test_load_page_same_tree_as_load_html(page: str) -> None:
    data = page.encode("utf-8")
    html = decode_html(data)
    assert xml_safe(data, html) == ("\x01" not in page)
    assert _same_tree(load_page(html, xml_safe(data, html)), load_html(html))


def test_xml_safe_only_for_utf8_as_decoded() -> None:
    data = "<html><body><p>caf\u00e9</p></body></html>".encode("cp1252")
    assert not xml_safe(data, decode_html(data))  # not UTF-8: trafilatura's scan runs
    assert not xml_safe(b"<p>\xef\xbf\xbf</p>", "<p>\uffff</p>")


def test_load_page_same_tree_on_aeb_pages(aeb: Path) -> None:
    safe = 0
    for p in sorted((aeb / "html").glob("*.html.gz")):
        data = gzip.decompress(p.read_bytes())
        html = decode_html(data)
        safe += xml_safe(data, html)
        assert _same_tree(load_page(html, xml_safe(data, html)), load_html(html)), p.name
    assert safe >= 80  # the scan is skipped on most pages


def test_the_page_is_decoded_once_and_handed_to_the_clean_stage(monkeypatch) -> None:
    # the extractor decodes the bytes; the clean stage reads the article's decoded page (no second pass)
    from storylens.clean.stage import CleanStage
    from storylens.config import Settings
    from storylens.extract import html as html_mod
    from storylens.pipeline import Pipeline
    from storylens.types import Provenance, RawDocument

    calls = []
    real = html_mod.decode_html
    monkeypatch.setattr(html_mod, "decode_html", lambda data: calls.append(1) or real(data))
    body = "<p>" + "Le café était ouvert toute la nuit près de la gare, disaient les voisins. " * 6 + "</p>"
    page = f"<html><head><title>Café</title></head><body><article>{body}</article></body></html>"
    pipe = Pipeline(Settings({"enrich": False}))
    art = pipe.extract(RawDocument(Provenance("t.html", "html"), url=None, html=page.encode()))
    assert isinstance(art.html, str) and "café" in art.html
    CleanStage(Settings())(art)
    assert len(calls) == 1


@pytest.fixture(scope="module")
def aeb_scores(aeb: Path) -> dict[str, float]:
    from storylens.eval.extraction import evaluate

    return {s.name: s.f1 for s in evaluate(aeb)}


def test_extraction_f1_not_below_trafilatura(aeb_scores: dict[str, float]) -> None:
    bare = aeb_scores["trafilatura.extract"]
    assert aeb_scores["storylens (extract)"] >= bare
    assert aeb_scores["storylens (extract+clean)"] >= bare
    assert aeb_scores["storylens (extract+clean)"] >= floor("extraction.aeb_f1_clean")


def test_extract_and_clean_speed_against_trafilatura(aeb: Path) -> None:
    """Paired per page (ours and trafilatura's alternated, best of three each) so that load
    from other processes hits both; the floor is loose: it catches a blow-up, not noise."""
    from storylens.config import Settings
    from storylens.eval.extraction import load_aeb, paired_best, trafilatura_baseline
    from storylens.pipeline import Pipeline
    from storylens.types import Provenance, RawDocument

    pipe = Pipeline(Settings({"clean": True, "enrich": False}))
    best = paired_best(load_aeb(aeb)[:40], {
        "bare": trafilatura_baseline,
        "ours": lambda html, url: pipe.process(RawDocument(Provenance("aeb", "html"), url=url, html=html))})
    ratio = sum(best["bare"]) / sum(best["ours"])
    assert ratio >= floor("extraction.speed_vs_trafilatura"), f"extract+clean at {ratio:.2f}x trafilatura per page"


@pytest.mark.parametrize("cache", ["dir", "off"])
def test_public_suffix_list_from_cache_is_the_parsed_list(cache: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from publicsuffixlist import PublicSuffixList

    from storylens import diskcache
    from storylens.extract import outlets

    monkeypatch.setenv("STORYLENS_CACHE_DIR", str(tmp_path) if cache == "dir" else "off")
    fresh = PublicSuffixList()
    for _ in range(2):  # built, then read back from the cache
        diskcache.package_folder.cache_clear()
        outlets._psl.cache_clear()
        psl = outlets._psl()
        assert psl._publicsuffix == fresh._publicsuffix and psl._maxlabel == fresh._maxlabel
    assert psl.privatesuffix("news.bbc.co.uk") == "bbc.co.uk"
    assert psl.privatesuffix("xn--80ak6aa92e.xn--p1ai") == fresh.privatesuffix("xn--80ak6aa92e.xn--p1ai")
    assert bool(list(tmp_path.glob("publicsuffixlist-*/rules-*"))) == (cache == "dir")
    diskcache.package_folder.cache_clear()
    outlets._psl.cache_clear()
