"""Every dashboard page and the report at 1400 px and 390 px (phone) in Debian's Chromium:
no page wider than the screen, tables that scroll inside their panel instead of being cut,
count axes from zero, one legend entry per group with a group picker, bands drawn as areas.

Screenshots go to test-artifacts/screen-PAGE-WIDTH.png (looked at by hand when the layout
changes). Skips like test_web_browser when chromium or playwright is missing.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from test_web_api import demo_store
from test_web_browser import ARTIFACTS, CHROMIUM, FLAGS, server  # noqa: F401  (module fixture)

pytestmark = pytest.mark.browser

PAGES = [("/", "overview"), ("/actors", "actors"), ("/actors/China", "actor"), ("/spread", "spread"),
         ("/search?q=china", "search"), ("/outlets/reuters.com", "outlet"), ("/docs", "docs")]
WIDTHS = (1400, 390)


@pytest.fixture(scope="module")
def browser(server: str):  # noqa: F811
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="storylens-screens-")
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=FLAGS,
                                                   viewport={"width": 1400, "height": 900})
        yield ctx
        ctx.close()
    shutil.rmtree(profile, ignore_errors=True)


def _ready(page) -> None:
    page.wait_for_function("document.documentElement.dataset.charts === 'ready'", timeout=15_000)


def _layout(page) -> dict:
    return page.evaluate("""() => {
        const panels = [...document.querySelectorAll('.panel')];
        const cut = panels.filter(p => p.scrollWidth > p.clientWidth + 1).map(p => p.dataset.table || p.textContent.slice(0, 40));
        return {page: document.documentElement.scrollWidth, view: window.innerWidth, cut};
    }""")


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_the_screen_and_tables_scroll(browser, server: str, width: int) -> None:  # noqa: F811
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_viewport_size({"width": width, "height": 900})
    ARTIFACTS.mkdir(exist_ok=True)
    for path, name in PAGES:
        resp = page.goto(server + path)
        assert resp is not None and resp.status == 200, path
        _ready(page)
        page.screenshot(path=str(ARTIFACTS / f"screen-{name}-{width}.png"), full_page=True)
        lay = _layout(page)
        assert lay["page"] <= lay["view"], (path, width, lay)  # nothing sticks out of the screen
        assert not lay["cut"], (path, width, lay["cut"])  # wide tables scroll in their own box
    page.close()
    assert not errors, errors


def test_count_axes_start_at_zero_and_tone_has_one_legend_entry_per_group(browser, server: str) -> None:  # noqa: F811
    page = browser.new_page()
    page.goto(server + "/")
    _ready(page)
    assert page.eval_on_selector(".chart[data-source=volume]", "e => Number(e.dataset.ymin)") == 0
    page.goto(server + "/actors/China")
    _ready(page)
    assert page.eval_on_selector(".chart[data-source=attention]", "e => Number(e.dataset.ymin)") == 0
    tone = page.locator(".chart[data-source=tone]")
    groups = int(tone.get_attribute("data-groups"))
    legend = [t.strip() for t in tone.locator(".u-legend .u-series th").all_inner_texts() if t.strip()]
    assert len(legend) == groups  # before: each group plus its two band edges
    assert not any("95%" in t for t in legend)
    picker = page.locator("label.picker select")
    assert picker.count() == 1
    options = picker.locator("option").all_inner_texts()
    assert options[0].startswith("top") and options[1].startswith("all") and len(options) == groups + 2
    picker.select_option(index=2)  # one group alone
    shown = page.eval_on_selector_all(".chart[data-source=tone] .u-legend .u-series",
                                      "rows => rows.filter(r => !r.classList.contains('u-off')).length")
    assert shown == 1  # only the chosen group (lines and bands of the others hidden)
    page.close()


def test_search_facets_count_the_current_query(browser, server: str) -> None:  # noqa: F811
    page = browser.new_page()
    page.goto(server + "/search")
    every = page.locator("select[name=outlet] option").all_inner_texts()
    page.goto(server + "/search?q=iran")
    total = int(page.locator("#search-total").inner_text().split()[0].replace(",", ""))
    counts = [int(t.rsplit("(", 1)[1].rstrip(")")) for t in page.locator("select[name=outlet] option").all_inner_texts()[1:]]
    assert sum(counts) == total < sum(int(t.rsplit("(", 1)[1].rstrip(")")) for t in every[1:])
    page.close()


def test_report_has_a_spread_section_and_fits_a_phone(browser, tmp_path_factory, tmp_path: Path) -> None:
    from storylens.report import build_report

    out = tmp_path / "report.html"
    build_report(demo_store(tmp_path_factory), out, ["China"])
    page = browser.new_page()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(out.as_uri())
        _ready(page)
        page.screenshot(path=str(ARTIFACTS / f"screen-report-{width}.png"), full_page=True)
        assert page.locator("#spread h1").inner_text() == "Spread"
        assert page.locator("#spread svg.graph line").count() >= 1
        assert page.locator("#spread [data-table=directions] tbody tr").count() >= 1
        lay = _layout(page)
        assert lay["page"] <= lay["view"] and not lay["cut"], (width, lay)
    page.close()
