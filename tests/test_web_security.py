"""Security: escaping of page content, token on every route, CSP, read-only store, bind address."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from storylens.web.app import CSP, create_app
from test_web_api import demo_store
from webstore import HOSTILE, HOSTILE_IMG, HOSTILE_URL


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_store(tmp_path_factory)


@pytest.fixture(scope="module")
def client(db: Path):
    with TestClient(create_app(str(db), refresh_seconds=0)) as c:
        yield c


def _hostile_ids(client: TestClient) -> list[str]:
    ids = [r["id"] for r in client.get("/api/search", params={"q": "script alert"}).json()["results"]]
    assert len(ids) >= 2
    return ids


def _assert_inert(html: str) -> None:
    assert HOSTILE not in html and "<script>alert" not in html
    assert "<img src=x onerror" not in html and HOSTILE_IMG not in html
    assert 'href="javascript:' not in html.lower() and "href='javascript:" not in html.lower()
    assert "src=\"javascript:" not in html.lower()
    # every <script> is ours: external files from /static or JSON data blocks
    import re

    for tag in re.findall(r"<script[^>]*>", html):
        assert tag in ('<script src="/static/uplot.iife.min.js">', '<script src="/static/app.js">',
                       '<script type="application/json" id="page-data">'), tag


def test_hostile_article_renders_escaped(client: TestClient) -> None:
    for aid in _hostile_ids(client):
        r = client.get(f"/articles/{aid}")
        assert r.status_code == 200
        _assert_inert(r.text)
        assert "&lt;script&gt;" in r.text
    evil = client.get("/api/articles/" + _hostile_ids(client)[0]).json()["article"]
    assert "<script>" in evil["title"] + evil["text"]  # stored as text, shown as text


def test_hostile_values_inert_on_every_page(client: TestClient) -> None:
    pages = ["/", "/actors", "/actors/China", "/spread", "/search?q=script", "/search?q=" + HOSTILE,
             "/outlets/javascript", "/outlets/evil.example", "/actors/" + HOSTILE.replace("/", "%2F")]
    for p in pages:
        _assert_inert(client.get(p).text)


def test_javascript_urls_never_become_links(client: TestClient) -> None:
    evil = [i for i in _hostile_ids(client)
            if client.get(f"/api/articles/{i}").json()["article"]["url"] == HOSTILE_URL]
    assert evil
    html = client.get(f"/articles/{evil[0]}").text
    assert 'id="article-url">javascript:alert(&#39;url&#39;)</span>' in html


def test_security_headers_on_every_response(client: TestClient) -> None:
    for p in ("/", "/api/overview", "/static/app.js", "/api/nope", "/nope", "/docs"):
        r = client.get(p)
        assert r.headers["content-security-policy"] == CSP, p
        assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP


def test_token_required_on_every_route(db: Path) -> None:
    with TestClient(create_app(str(db), token="s3cret-token", refresh_seconds=0)) as c:
        for p in ("/", "/api/overview", "/static/app.js", "/static/uplot.iife.min.js", "/openapi.json",
                  "/docs", "/search?q=x", "/api/nope", "/actors/China"):
            r = c.get(p)
            assert r.status_code == 401, p
            assert r.headers["content-security-policy"] == CSP
        body = c.get("/api/overview").json()
        assert body["error"]["code"] == "unauthorized" and body["error"]["status"] == 401
        assert c.get("/api/overview", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/overview", params={"token": "s3cret-tokeN"}).status_code == 401
        assert c.get("/api/overview", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
        r = c.get("/", params={"token": "s3cret-token"})
        assert r.status_code == 200 and "storylens_token" in r.headers.get("set-cookie", "")
        assert "httponly" in r.headers["set-cookie"].lower()
        assert c.get("/static/app.js").status_code == 200  # the cookie now carries it


def test_serve_refuses_public_bind_without_token(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storylens.cli import main

    monkeypatch.delenv("STORYLENS_TOKEN", raising=False)
    r = CliRunner().invoke(main, ["serve", "--db", str(db), "--host", "0.0.0.0"])
    assert r.exit_code != 0 and "--token" in r.output
    r = CliRunner().invoke(main, ["serve", "--help"])
    assert "127.0.0.1" in r.output


def test_store_is_never_written(db: Path) -> None:
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    app = create_app(str(db), refresh_seconds=0)
    with TestClient(app) as c:
        for p in ("/", "/api/overview", "/spread", "/search?q=china"):
            assert c.get(p).status_code == 200
        snap = app.state.snapshots.current
        assert snap.path != db
        with pytest.raises(Exception, match="read-only"):
            snap.con.execute("CREATE TABLE x (i INTEGER)")
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


def test_loopback_server_refuses_foreign_host_headers(db: Path) -> None:
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 must not read the API."""
    app = create_app(str(db), refresh_seconds=0, allowed_hosts=["127.0.0.1", "localhost", "::1"])
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/overview").status_code == 200
        assert c.get("/api/overview", headers={"host": "localhost:8000"}).status_code == 200
        r = c.get("/api/overview", headers={"host": "evil.example:8000"})
        assert r.status_code == 400 and r.json()["error"]["code"] == "bad_host"
        assert c.get("/", headers={"host": "evil.example"}).status_code == 400


def test_cached_responses_keep_the_guard(db: Path) -> None:
    """Cache hits are answered before routing: still behind the token and host check, same headers."""
    app = create_app(str(db), token="s3cret-token", refresh_seconds=0, allowed_hosts=["127.0.0.1"])
    auth = {"Authorization": "Bearer s3cret-token"}
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        art = c.get("/api/search", params={"q": "china"}, headers=auth).json()["results"][0]["id"]
        for p in ("/", "/api/overview", f"/articles/{art}", f"/api/articles/{art}"):
            first = c.get(p, headers=auth)
            hits = c.get("/api/status", headers=auth).json()["cache"]["responses"]["hits"]
            again = c.get(p, headers=auth)
            assert c.get("/api/status", headers=auth).json()["cache"]["responses"]["hits"] == hits + 1, p
            assert again.status_code == first.status_code == 200 and again.content == first.content, p
            assert again.headers["content-security-policy"] == CSP and again.headers["x-frame-options"] == "DENY"
            assert again.headers["content-type"] == first.headers["content-type"]
            assert c.get(p).status_code == 401, p  # no token: refused although cached
            assert c.get(p, headers={**auth, "host": "evil.example"}).status_code == 400, p
        for _ in range(2):  # the second one is a cache hit: it still sets the cookie
            c.cookies.clear()
            r = c.get("/", params={"token": "s3cret-token"})
            assert r.status_code == 200 and "storylens_token" in r.headers.get("set-cookie", "")
