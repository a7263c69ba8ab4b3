"""End to end in Debian's Chromium (Playwright, no downloaded browser): pages, click-through, charts, XSS.

Skips with a message when chromium or playwright is missing, unless
STORYLENS_REQUIRE_BROWSER=1 (set by .ci/run), where it fails instead.
Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest

from test_web_api import demo_store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("STORYLENS_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _need_browser() -> None:
    reason = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "the playwright package is not installed (pip install -e '.[dev]')"
    if reason is None and not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        reason = f"no Chromium at {CHROMIUM} (apt-get install -y chromium, or set STORYLENS_CHROMIUM)"
    if reason:
        if os.environ.get("STORYLENS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests are required here (STORYLENS_REQUIRE_BROWSER=1) but {reason}")
        pytest.skip(f"browser tests skipped: {reason}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    _need_browser()
    import uvicorn

    from storylens.web.app import create_app

    db = demo_store(tmp_path_factory)
    port = _free_port()
    app = create_app(str(db), refresh_seconds=2)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    t.join(timeout=10)


@pytest.fixture(scope="module")
def page(server: str):
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="storylens-chromium-")
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=FLAGS, viewport={"width": 1280, "height": 900},
        )
        pg = ctx.new_page()
        pg.errors = []  # type: ignore[attr-defined]
        pg.dialogs = []  # type: ignore[attr-defined]
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]
        pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)  # type: ignore[attr-defined]

        def on_dialog(d):  # an alert() would mean injected script ran
            pg.dialogs.append(d.message)  # type: ignore[attr-defined]
            d.dismiss()

        pg.on("dialog", on_dialog)
        yield pg
        ctx.close()
    shutil.rmtree(profile, ignore_errors=True)


def _shot(page, name: str, full: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=full)


def _charts(page) -> list[str]:
    page.wait_for_function("document.documentElement.dataset.charts === 'ready'", timeout=10_000)
    return page.eval_on_selector_all(".chart[data-source]", "els => els.map(e => e.dataset.rendered)")


def test_every_page_loads_and_charts_render(page, server: str) -> None:
    page.goto(server + "/")
    assert page.title().startswith("Overview")
    rendered = _charts(page)
    assert rendered and all(r not in ("0", "error", None) for r in rendered), rendered
    assert page.locator(".chart canvas").count() >= 1
    assert int(page.locator("#n-articles").inner_text().replace(",", "")) > 200
    _shot(page, "overview")
    for path, name in (("/actors", "actors"), ("/spread", "spread"), ("/search?q=iran", "search"), ("/docs", "docs")):
        resp = page.goto(server + path)
        assert resp is not None and resp.status == 200, path
        _charts(page)
        _shot(page, name)
    assert page.locator("svg.graph circle").count() == 0  # docs page has no graph
    page.goto(server + "/spread")
    assert page.locator("svg.graph circle").count() >= 2 and page.locator("svg.graph line").count() >= 1
    assert not page.errors, page.errors  # type: ignore[attr-defined]


def test_click_through_overview_actor_article(page, server: str) -> None:
    page.goto(server + "/")
    link = page.locator("[data-table=top_actors] tbody tr:first-child a").first
    actor = link.inner_text()
    link.click()
    page.wait_for_url("**/actors/**")
    assert page.locator("h1").inner_text() == actor
    rendered = _charts(page)
    assert len(rendered) == 2 and all(r not in ("0", "error") for r in rendered), rendered
    assert page.locator(".chart canvas").count() == 2
    _shot(page, "actor")
    _shot(page, "actor-top", full=False)
    page.locator("[data-table=evidence] tbody a").first.click()
    page.wait_for_url("**/articles/**")
    assert page.locator("#clean-text").inner_text().strip()
    assert page.locator("#clean-text .mention").count() >= 1
    _shot(page, "article")
    page.go_back()
    page.locator("a[href='?by=type']").click()
    page.wait_for_url("**by=type")
    assert all(r not in ("0", "error") for r in _charts(page))
    assert not page.errors, page.errors  # type: ignore[attr-defined]


def test_outlet_page_and_csv_download(page, server: str) -> None:
    page.goto(server + "/")
    page.locator("[data-table=outlets] tbody tr:first-child a").first.click()
    page.wait_for_url("**/outlets/**")
    assert all(r not in ("0", "error") for r in _charts(page))
    _shot(page, "outlet")
    with page.expect_download() as dl:
        page.locator("[data-table=actors] a.csv").click()
    path = dl.value.path()
    assert Path(path).read_text(encoding="utf-8").startswith("actor,kind,articles,tone")


def test_hostile_page_is_inert_in_the_browser(page, server: str) -> None:
    page.goto(server + "/search?q=script+alert")
    links = page.locator("[data-table=results] tbody a[href^='/articles/']")
    assert links.count() >= 2
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    for href in hrefs:
        page.goto(server + href)
        page.wait_for_timeout(300)
        assert "<script>alert" in page.locator("#article-title").inner_text() + page.locator("#clean-text").inner_text()
        assert page.locator("main script, main img, main [onerror]").count() == 0
        assert page.locator("a[href^='javascript:']").count() == 0
        _shot(page, "hostile")
    page.goto(server + "/")
    page.goto(server + "/outlets/javascript")
    assert not page.dialogs, page.dialogs  # type: ignore[attr-defined]
    assert page.evaluate("typeof window.xss") == "undefined"


def test_report_renders_offline(page, server: str, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    from storylens.report import build_report

    out = tmp_path / "report.html"
    build_report(demo_store(tmp_path_factory), out, ["China"])
    page.goto(out.as_uri())
    rendered = _charts(page)
    assert len(rendered) >= 3 and all(r not in ("0", "error") for r in rendered), rendered
    _shot(page, "report")
    assert not page.dialogs  # type: ignore[attr-defined]
