"""The JSON API: every route, CSV downloads, one error shape, empty states, hostile filters, report."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storylens.web.app import create_app
from webstore import HOSTILE, build_demo_store, enrich_by_hand, hostile_inputs

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "demo" / "corpus"


def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus + hostile pages, enriched by hand; built once per session (shared by the web tests)."""
    base = tmp_path_factory.getbasetemp()
    db = base / "web-demo.duckdb"
    done = base / "web-demo.done"
    if not done.exists():
        build_demo_store(db, DEMO, hostile_inputs(base / "web-hostile"))
        done.write_text("ok")
    return db


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    app = create_app(str(demo_store(tmp_path_factory)), refresh_seconds=0)
    with TestClient(app) as c:
        yield c


def _error_shape(r, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def test_every_api_route_answers_with_data(client: TestClient) -> None:
    ov = client.get("/api/overview").json()
    assert ov["size"]["articles"] > 200
    assert ov["top_actors"] and ov["outlets"] and ov["runs"] and ov["volume"]
    assert ov["registry"] is True and ov["outlets_by_country_type"]
    actor = ov["top_actors"][0]["actor"]
    for by in ("outlet", "country", "type"):
        a = client.get(f"/api/actors/{actor}", params={"by": by}).json()
        assert a["by"] == by and a["tone"] and a["attention"] and a["evidence"]
        assert all(r["lo"] is None or r["lo"] <= r["mean"] <= r["hi"] for r in a["tone"])  # one article: no interval
    outlet = ov["outlets"][0]["outlet"]
    o = client.get(f"/api/outlets/{outlet}").json()
    assert o["outlet"]["articles"] > 0 and o["volume"] and o["copy"]["available"]
    s = client.get("/api/spread").json()
    assert s["available"] and s["clusters"] and s["edges"] and s["graph"]["nodes"]
    res = client.get("/api/search", params={"q": "iran"}).json()
    assert res["total"] > 0 and all("iran" in (r["snippet"] + r["title"]).lower() or True for r in res["results"])
    art = client.get(f"/api/articles/{res['results'][0]['id']}").json()
    assert art["article"]["text"]
    assert client.get("/api/actors").json()["actors"]
    assert client.get("/api/status").json()["generation"] >= 1


def test_search_filters_narrow_results(client: TestClient) -> None:
    everything = client.get("/api/search").json()["total"]
    iran = client.get("/api/search", params={"q": "Iran"}).json()["total"]
    nuclear = client.get("/api/search", params={"q": "Iran nuclear"}).json()["total"]
    assert everything > iran >= nuclear > 0
    outlet = client.get("/api/search", params={"q": "Iran"}).json()["results"][0]["outlet"]
    by_outlet = client.get("/api/search", params={"q": "Iran", "outlet": outlet}).json()
    assert 0 < by_outlet["total"] <= iran and {r["outlet"] for r in by_outlet["results"]} == {outlet}
    dated = client.get("/api/search", params={"since": "2016-01-01", "until": "2016-12-31"}).json()
    assert all("2016-01-01" <= r["published"] <= "2016-12-31" for r in dated["results"])
    actor = client.get("/api/search", params={"actor": "China"}).json()
    assert 0 < actor["total"] < everything
    lang = client.get("/api/search", params={"language": "en"}).json()
    assert all(r["language"] == "en" for r in lang["results"])


@pytest.mark.parametrize("value", [
    "' OR 1=1 --", "%", "_", "\\", "'; DROP TABLE articles; --", "\" OR \"\"=\"", "é' UNION SELECT * FROM runs --",
    "%' OR '%'='", "x' || (SELECT text FROM articles LIMIT 1) || '",
])
def test_hostile_filter_values_are_parameters(client: TestClient, value: str) -> None:
    everything = client.get("/api/search").json()["total"]
    for field in ("outlet", "actor", "language"):
        r = client.get("/api/search", params={field: value})
        if r.status_code == 422:  # longer than the field allows: refused before any query
            _error_shape(r, 422, "invalid_parameter")
            continue
        assert r.status_code == 200, r.text
        assert r.json()["total"] == 0
    r = client.get("/api/search", params={"q": value})
    assert r.status_code == 200
    body = r.json()  # the query is words only: punctuation never reaches SQL text
    assert body["query"]["terms"] == [t for t in re.split(r"\W+", value.lower()) if t]
    assert body["total"] <= everything
    for path in (f"/api/actors/{value}", f"/api/outlets/{value}", f"/api/articles/{value}"):
        r = client.get(path.replace("%", "%25").replace("\\", "%5C"))
        assert r.status_code == 404, (path, r.text)
        _error_shape(r, 404, "not_found")
    _error_shape(client.get("/api/search", params={"since": value}), 400 if len(value) <= 10 else 422)
    assert client.get("/api/overview").json()["size"]["articles"] == everything  # nothing dropped


def test_one_error_shape_for_every_api_error(client: TestClient) -> None:
    _error_shape(client.get("/api/no-such-route"), 404, "not_found")
    _error_shape(client.get("/api/actors/Nobody%20At%20All"), 404, "not_found")
    _error_shape(client.get("/api/articles/0000"), 404, "not_found")
    _error_shape(client.get("/api/search", params={"limit": 0}), 422, "invalid_parameter")
    _error_shape(client.get("/api/search", params={"limit": "many"}), 422, "invalid_parameter")
    _error_shape(client.get("/api/actors/China", params={"by": "planet"}), 422, "invalid_parameter")
    _error_shape(client.get("/api/search", params={"since": "yesterday"}), 400, "bad_request")
    _error_shape(client.get("/api/overview", params={"format": "xml"}), 422, "invalid_parameter")
    _error_shape(client.get("/api/overview", params={"format": "csv"}), 400, "unknown_table")
    _error_shape(client.get("/api/overview", params={"format": "csv", "table": "size"}), 400, "unknown_table")
    _error_shape(client.post("/api/overview"), 405, "method_not_allowed")
    # pages answer errors as HTML, with the message escaped
    r = client.get("/actors/<b>nobody</b>")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert "<b>nobody</b>" not in r.text and "&lt;b&gt;nobody&lt;/b&gt;" in r.text


def test_every_table_downloads_as_csv(client: TestClient) -> None:
    ov = client.get("/api/overview").json()
    actor = ov["top_actors"][0]["actor"]
    outlet = ov["outlets"][0]["outlet"]
    art = client.get("/api/search", params={"q": "china"}).json()["results"][0]["id"]
    routes = ["/api/overview", f"/api/actors/{actor}", f"/api/outlets/{outlet}", "/api/spread",
              f"/api/articles/{art}", "/api/search?q=china", "/api/actors"]
    n = 0
    for route in routes:
        body = client.get(route).json()
        for key, value in body.items():
            if not (isinstance(value, list) and (not value or isinstance(value[0], dict))):
                continue
            sep = "&" if "?" in route else "?"
            r = client.get(f"{route}{sep}format=csv&table={key}")
            assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
            rows = list(csv.DictReader(io.StringIO(r.text)))
            assert len(rows) == len(value), (route, key)
            if value:
                assert list(rows[0]) == list(value[0])
            n += 1
    assert n >= 25


def test_csv_neutralises_formulas(client: TestClient, tmp_path: Path) -> None:
    from storylens.store.queries.base import csv_rows

    out = csv_rows([{"a": "=HYPERLINK(\"http://x\")", "b": -0.5, "c": "@SUM(1)"}])
    assert "'=HYPERLINK" in out and "-0.5" in out and "'@SUM" in out


def test_openapi_documents_every_api_route(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    for p in ("/api/overview", "/api/actors", "/api/actors/{name}", "/api/outlets/{name}", "/api/spread",
              "/api/articles/{article_id}", "/api/search", "/api/status"):
        assert p in paths
        assert spec["paths"][p]["get"]["summary"]
    assert client.get("/docs").status_code == 200


def test_pages_render(client: TestClient) -> None:
    ov = client.get("/api/overview").json()
    art = client.get("/api/search", params={"q": "china"}).json()["results"][0]["id"]
    for path in ("/", "/actors", f"/actors/{ov['top_actors'][0]['actor']}", f"/outlets/{ov['outlets'][0]['outlet']}",
                 "/spread", f"/articles/{art}", "/search?q=china&language=en", "/search"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert 'id="page-data"' in r.text and "/static/uplot.iife.min.js" in r.text
        assert "cdn" not in r.text.lower() and "https://" not in r.text.split("<main>")[0]


def test_empty_states_without_optional_tables(tmp_path: Path) -> None:
    from storylens.store import Store

    db = tmp_path / "bare.duckdb"
    with Store(db) as store:
        store.con.execute(
            "INSERT INTO articles (id, source, source_kind, url, outlet, title, published, language, text, raw_text, words) "
            "VALUES ('a1', 's', 'txt', 'https://x.example/1', 'x.example', 'One', DATE '2024-01-02', 'en', 'Text one.', 'Text one.', 2)"
        )
    with TestClient(create_app(str(db), refresh_seconds=0)) as c:
        ov = c.get("/api/overview").json()
        assert ov["registry"] is False and ov["outlets_by_country_type"] == [] and ov["top_actors"] == []
        assert c.get("/api/spread").json()["available"] is False
        assert "No copy detection in this store yet" in c.get("/spread").text
        assert "No outlet registry in this store yet" in c.get("/").text
        o = c.get("/api/outlets/x.example").json()
        assert o["copy"]["available"] is False
        page = c.get("/outlets/x.example").text
        assert "No copy detection in this store yet" in page and "issue" not in page
        assert c.get("/articles/a1").status_code == 200
    enrich_by_hand(db, registry=True, copies=False)
    with TestClient(create_app(str(db), refresh_seconds=0)) as c:
        assert c.get("/api/overview").json()["registry"] is True


def test_report_is_one_self_contained_file(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from storylens.cli import main

    db = demo_store(tmp_path_factory)
    out = tmp_path / "report.html"
    r = CliRunner().invoke(main, ["report", "--db", str(db), "--actor", "China", "--actor", "Iran", "--out", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert "uPlot" in html and 'id="overview-data"' in html and 'id="actor-data-0"' in html
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", html)  # nothing loaded from elsewhere
    assert HOSTILE not in html
    # the data for every chart is inline
    assert html.count('class="chart"') >= 5


def test_article_lookup_matches_the_child_tables(client: TestClient) -> None:
    """The per-snapshot children table, the one-query fallback and plain per-table queries agree."""
    import json

    from storylens.store.queries import article as article_q
    from storylens.store.queries.base import Q

    con = client.app.state.snapshots.current.con
    assert con.execute(f"SELECT count(*) FROM {article_q.CHILDREN_TABLE}").fetchone()[0] == \
        con.execute("SELECT count(*) FROM articles").fetchone()[0]
    # every article with removals or copy links, and every 5th of the rest
    ids = [r[0] for r in con.execute(
        "SELECT id FROM articles WHERE id IN (SELECT article_id FROM removals UNION SELECT article_id FROM copies "
        "UNION SELECT copy_of FROM copies) OR hash(id) % 5 = 0 ORDER BY id").fetchall()]
    assert len(ids) > 40
    table_q = Q(con.cursor(), {})
    fallback_q = Q(con.cursor(), {})
    fallback_q.columns("articles")
    fallback_q._schema["tables"].pop(article_q.CHILDREN_TABLE)

    def rows(sql: str, aid: str) -> list[str]:
        return sorted(json.dumps(r, sort_keys=True, default=str) for r in Q(con.cursor()).rows(sql, [aid]))

    seen = {"removals": 0, "mentions": 0, "quotes": 0, "tones": 0, "copies": 0}
    for aid in ids:
        fast, slow = article_q.article(table_q, aid), article_q.article(fallback_q, aid)
        assert fast == slow, aid
        for t, cols, _ in article_q.CHILDREN:
            assert sorted(json.dumps(r, sort_keys=True, default=str) for r in fast[t]) == \
                rows(f"SELECT {cols} FROM {t} WHERE article_id = ?", aid), (aid, t)
            seen[t] = seen.get(t, 0) + bool(fast[t])
        ref = rows("SELECT c.article_id, c.copy_of, c.kind, c.similarity, o.outlet AS origin_outlet, "
                   "o.title AS origin_title FROM copies c LEFT JOIN articles o ON o.id = c.copy_of "
                   "WHERE c.article_id = ? OR c.copy_of = ?".replace("?", "$1"), aid)
        assert sorted(json.dumps(r, sort_keys=True, default=str) for r in fast["copies"]) == ref, aid
        seen["copies"] += bool(fast["copies"])
        assert [m["start"] for m in fast["mentions"]] == sorted(m["start"] for m in fast["mentions"])
    assert all(seen[t] for t in ("removals", "mentions", "quotes", "tones", "copies")), seen


def test_article_entries_cannot_evict_the_expensive_ones() -> None:
    from storylens.web.app import MISSING, ResultCache

    c = ResultCache(4, bulky=lambda key: key[0] == "article")
    calls = []
    c.get(1, ("overview",), lambda: calls.append("overview") or "o")
    for i in range(100):  # a stream of article pages
        c.get(1, ("article", str(i)), lambda: "a")
    assert c.peek(1, ("overview",)) == "o" and calls == ["overview"]
    assert c.peek(1, ("article", "99")) == "a" and c.peek(1, ("article", "0")) is MISSING  # LRU of 4
    c.get(2, ("overview",), lambda: "o2")
    c.get(3, ("overview",), lambda: "o3")
    assert (1, ("overview",)) not in c and (3, ("overview",)) in c  # two newest generations kept


def test_no_issue_numbers_or_branch_names_in_user_facing_text() -> None:
    """Templates and CLI help speak to users, not to the project's tracker."""
    import re

    import click
    from click.testing import CliRunner

    from storylens.cli import main

    templates = Path(__file__).resolve().parents[1] / "src" / "storylens" / "web" / "templates"
    pattern = re.compile(r"\bissue\s*#?\d+|\bbranch\b", re.I)
    for f in templates.glob("*.html"):
        assert not pattern.search(f.read_text(encoding="utf-8")), f.name
    for name in main.list_commands(click.Context(main)):  # commands are imported lazily: not all in main.commands
        text = CliRunner().invoke(main, [name, "--help"]).output
        assert not pattern.search(text), name



def test_cli_api_page_and_report_give_the_same_figures(client: TestClient, tmp_path_factory: pytest.TempPathFactory,
                                                       tmp_path: Path) -> None:
    """One group's figures through every door: `storylens tone`/`quotes`, the JSON API, the HTML
    page's embedded data and the report's. They all call storylens.store.queries."""
    import json

    from click.testing import CliRunner

    from storylens.cli import main

    db = str(demo_store(tmp_path_factory))

    def cli(*args: str) -> Any:
        r = CliRunner().invoke(main, [*args, "--db", db, "--format", "json"])
        assert r.exit_code == 0, r.output
        return json.loads(r.output)

    def embedded(html: str, block: str) -> dict:
        m = re.search(rf'<script type="application/json" id="{block}">(.*?)</script>', html, re.S)
        assert m, block
        return json.loads(m.group(1))

    actor = "China"
    out = tmp_path / "report.html"
    assert CliRunner().invoke(main, ["report", "--db", db, "--actor", actor, "--out", str(out)]).exit_code == 0
    report = embedded(out.read_text(encoding="utf-8"), "actor-data-0")
    fields = ("articles", "tone", "ci_low", "ci_high")
    for by in ("outlet", "country", "type"):
        api = client.get(f"/api/actors/{actor}", params={"by": by}).json()
        page = embedded(client.get(f"/actors/{actor}", params={"by": by}).text, "page-data")
        key = "outlet_key" if by == "outlet" else by
        from_cli = {r[key]: tuple(r[f] for f in fields) for r in cli("tone", actor, "--by", by)}
        from_api = {r["group"]: tuple(r[f] for f in fields) for r in api["tone_groups"]}
        from_page = {r["group"]: tuple(r[f] for f in fields) for r in page["tone_groups"]}
        assert from_api and from_api == from_page
        assert all(from_cli[g] == v for g, v in from_api.items())  # the API shows the top groups only
        assert any(v[2] is not None and v[2] < v[1] < v[3] for v in from_api.values())
        if by == "outlet":
            assert report["tone_groups"] == api["tone_groups"]  # the report groups by outlet
    overall = cli("tone", actor)[0]
    head = client.get(f"/api/actors/{actor}").json()["actor"]
    assert (overall["tone"], overall["ci_low"], overall["ci_high"], overall["articles"]) == \
        (head["tone"], head["ci_low"], head["ci_high"], head["toned"]) == \
        (report["actor"]["tone"], report["actor"]["ci_low"], report["actor"]["ci_high"], report["actor"]["toned"])
    # quote counts and the share of copy per outlet: CLI, API and the outlet page
    quotes = {r["outlet"]: r for r in cli("quotes", "--by", "outlet", "--limit", "1000")}
    checked = 0
    for o in client.get("/api/overview").json()["outlets"][:6]:
        name = o["outlet"]
        api = client.get(f"/api/outlets/{name}").json()
        html = client.get(f"/outlets/{name}").text
        page = embedded(html, "page-data")
        assert page["quotes"] == api["quotes"] and page["copy"] == api["copy"]
        assert api["quotes"]["quotes"] == quotes.get(name, {}).get("quotes", 0)
        assert api["quotes"]["anonymous"] == quotes.get(name, {}).get("anonymous", 0)
        assert api["copy"]["available"] and "No copy detection" not in html
        if api["copy"]["copies"]:
            spread = cli("spread", "--outlet", name, "--limit", "1000")
            row = next(r for r in spread["outlets"] if r["outlet"] == name)
            assert (row["copied"], row["copy_share"]) == (api["copy"]["copies"], api["copy"]["share_copy"])
            checked += 1
    assert checked
