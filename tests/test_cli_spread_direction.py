"""`spread`, `copies` and the dashboard's spread page show undecided copy directions as such, and
outlet-to-outlet counts separate decided from undecided links."""

from __future__ import annotations

import json

from click.testing import CliRunner
from fastapi.testclient import TestClient

from storylens.cli import main
from storylens.store import Store
from storylens.store.queries import Q
from storylens.store.queries.spread import spread

ARTICLES = [("o1", "apnews.com", "2020-01-01"), ("c1", "foxnews.com", "2020-01-03"),
            ("c2", "foxnews.com", "2020-01-05"), ("c3", "foxnews.com", None),
            ("o2", "reuters.com", "2020-02-01"), ("c4", "cnn.com", "2020-02-01")]
# copy -> origin, kind, decided_by, confidence
LINKS = [("c1", "o1", "near", "earlier_date", 0.9), ("c2", "o1", "exact", "earlier_date", 0.9),
         ("c3", "o1", "near", "undated", 0.5), ("c4", "o2", "near", "tie_break", 0.5)]


def make_store(path) -> str:
    with Store(path) as store:
        for aid, outlet, day in ARTICLES:
            store.con.execute(
                "INSERT INTO articles (id, source, source_kind, outlet, published, title, text, raw_text, words) "
                "VALUES (?, 'x.jsonl', 'jsonl', ?, ?, ?, 'text', 'text', 1)", [aid, outlet, day, f"title {aid}"])
        for aid, origin, kind, how, conf in LINKS:
            store.con.execute("INSERT INTO copies (article_id, copy_of, kind, similarity, passages, decided_by, "
                              "confidence) VALUES (?, ?, ?, 0.9, '[]', ?, ?)", [aid, origin, kind, how, conf])
    return str(path)


def test_spread_separates_decided_from_undecided(tmp_path):
    db = make_store(tmp_path / "s.duckdb")
    res = CliRunner().invoke(main, ["spread", "--db", db, "--format", "json"])
    assert res.exit_code == 0, res.output
    rep = json.loads(res.output)
    edges = {(e["source"], e["republisher"]): e for e in rep["edges"]}
    assert (edges[("apnews.com", "foxnews.com")]["decided"], edges[("apnews.com", "foxnews.com")]["undecided"]) == (2, 1)
    assert (edges[("reuters.com", "cnn.com")]["decided"], edges[("reuters.com", "cnn.com")]["undecided"]) == (0, 1)
    how = {(r["kind"], r["decided_by"]): (r["decided"], r["links"]) for r in rep["directions"]}
    assert how == {("near", "earlier_date"): (True, 1), ("exact", "earlier_date"): (True, 1),
                   ("near", "undated"): (False, 1), ("near", "tie_break"): (False, 1)}
    table = CliRunner().invoke(main, ["spread", "--db", db]).output
    assert "undecided" in table and "tie_break" in table
    copies = CliRunner().invoke(main, ["copies", "--db", db]).output
    assert "decided_by" in copies and "undated" in copies


def test_dashboard_draws_undecided_links_without_an_arrow(tmp_path):
    from storylens.web.app import create_app

    db = make_store(tmp_path / "s.duckdb")
    with Store(db, read_only=True) as store:
        d = spread(Q.of(store))
    graph = {(e["source"], e["target"]): e for e in d["graph"]["edges"]}
    assert graph[("apnews.com", "foxnews.com")]["direction"] == "decided"
    assert graph[("reuters.com", "cnn.com")]["direction"] == "undecided"
    with TestClient(create_app(db, warm_actors=-1)) as client:
        page = client.get("/spread").text
        api = client.get("/api/spread").json()
    assert 'class="undecided"' in page and "How each direction was decided" in page
    assert "1 undecided" in page  # the line's tooltip
    undecided_line = page.split('class="undecided"')[1].split("</line>")[0]
    assert "marker-end" not in undecided_line
    assert {r["decided_by"] for r in api["directions"]} == {"earlier_date", "undated", "tie_break"}
