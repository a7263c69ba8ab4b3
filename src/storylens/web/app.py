"""The dashboard and its JSON API (FastAPI).

Pages are server-rendered with Jinja2 (autoescape on) and draw their charts
with uPlot, vendored in ``static/`` (no CDN). Every page's data comes from the
``/api`` route of the same name (documented at ``/docs`` and
``/openapi.json``); ``?format=csv&table=NAME`` returns any table of a
response as CSV. All API errors have one shape::

    {"error": {"status": 404, "code": "not_found", "message": "..."}}

The server reads private snapshot copies of the store (``snapshot.py``), so a
running ingest never meets a lock error here and vice versa.
"""

from __future__ import annotations

import hmac
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from storylens import __version__
from storylens.errors import StoryLensError
from storylens.store.queries import actor as actor_q
from storylens.store.queries import article as article_q
from storylens.store.queries import outlet as outlet_q
from storylens.store.queries import overview as overview_q
from storylens.store.queries import search as search_q
from storylens.store.queries import spread as spread_q
from storylens.store.queries.base import NotFound, Q, csv_rows
from storylens.web.render import Links, environment, page_json
from storylens.web.snapshot import Snapshot, SnapshotManager

log = logging.getLogger(__name__)

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
TOKEN_COOKIE = "storylens_token"


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message}}


MISSING = object()


class ResultCache:
    """Values per snapshot generation: the data cannot change until the next snapshot.

    The two newest generations are kept: the next one is filled (warmed) in the refresh thread
    before it is published, while requests still read the current one.

    Keys for which ``bulky(key)`` is true (one of 100k articles: cheap to recompute, rarely asked
    twice) live in their own LRU of the same size, so a stream of article pages cannot evict the
    overview, actor and outlet results that cost hundreds of milliseconds each to recompute.
    """

    def __init__(self, size: int = 512, bulky: Callable[[Any], bool] | None = None) -> None:
        self.size = size
        self.bulky = bulky or (lambda key: False)
        self._gens: dict[int, tuple[OrderedDict[Any, Any], OrderedDict[Any, Any]]] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _lru(self, generation: int, key: Any, create: bool = False) -> OrderedDict[Any, Any] | None:
        pair = self._gens.get(generation)
        if pair is None:
            if not create:
                return None
            pair = self._gens[generation] = (OrderedDict(), OrderedDict())
        return pair[1] if self.bulky(key) else pair[0]

    def __contains__(self, item: tuple[int, Any]) -> bool:
        """``(generation, key) in cache`` (no hit counted, no LRU move)."""
        generation, key = item
        with self._lock:
            d = self._lru(generation, key)
            return d is not None and key in d

    def peek(self, generation: int, key: Any) -> Any:
        """The cached value, or ``MISSING`` (cheap: called on the event loop for every request)."""
        with self._lock:
            d = self._lru(generation, key)
            if d is not None and key in d:
                d.move_to_end(key)
                self.hits += 1
                return d[key]
        return MISSING

    def get(self, generation: int, key: Any, compute: Callable[[], Any]) -> Any:
        value = self.peek(generation, key)
        if value is not MISSING:
            return value
        with self._lock:
            self.misses += 1
        value = compute()
        if self.size <= 0:
            return value
        with self._lock:
            d = self._lru(generation, key, create=True)
            assert d is not None
            d[key] = value
            while len(d) > self.size:
                d.popitem(last=False)
            for g in sorted(self._gens)[:-2]:
                del self._gens[g]
        return value


ARTICLE_PATHS = ("/articles/", "/api/articles/")


def create_app(db: str, *, token: str | None = None, refresh_seconds: float = 5.0,
               cache_size: int = 512, snapshots: SnapshotManager | None = None,
               allowed_hosts: list[str] | None = None, warm_actors: int = 5) -> FastAPI:
    """The app over the store at ``db``.

    ``allowed_hosts``: Host header names accepted (None: any). `storylens serve` on loopback
    passes the loopback names, so a web page that rebinds its own domain to 127.0.0.1 (DNS
    rebinding) cannot read the API through the user's browser.
    """
    snaps = snapshots or SnapshotManager(db, check_every=refresh_seconds)
    cache = ResultCache(cache_size, bulky=lambda key: key[0] == "article")  # query results
    # rendered bodies (HTML, JSON, CSV) by (path, query)
    responses = ResultCache(cache_size, bulky=lambda key: key[0].startswith(ARTICLE_PATHS))
    # Cache misses run at most this many query sets at once: on a small machine twenty
    # concurrent DuckDB scans thrash; queued they finish sooner (measured in bench_web.py).
    slots = threading.BoundedSemaphore(max(2, min(4, os.cpu_count() or 2)))
    schema_cache: dict[int, dict[str, Any]] = {}
    env = environment()
    links = Links("server")

    def warm(snap: Snapshot) -> None:
        """Before a new snapshot is published (in the refresh thread): compute what everyone
        opens first, so a swap does not hand the next visitors cold queries."""
        try:
            ov = data(("overview",), overview_q.overview, snap)
            data(("actors",), actor_q.actors, snap)
            data(("spread",), spread_q.spread, snap)
            data(("facets",), search_q.facets, snap)
            for row in ov["top_actors"][:warm_actors]:
                name = row["actor"]
                data(("actor", name, "outlet"), lambda q, name=name: actor_q.actor(q, name, "outlet"), snap)
        except Exception as exc:  # a warm-up failure only means a slower first request
            log.info("warm-up of snapshot %s failed: %s", snap.generation, exc)

    snaps.prepare = warm

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        if warm_actors >= 0 and cache_size > 0:
            threading.Thread(target=warm, args=(snaps.current,), name="storylens-warm", daemon=True).start()
        snaps.start()
        yield
        snaps.close()

    app = FastAPI(
        title="StoryLens API", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
        description="Read-only JSON behind every dashboard page. Add `format=csv&table=NAME` to get one "
                    "table of a response as CSV. Errors: `{\"error\": {\"status\", \"code\", \"message\"}}`.",
    )
    app.state.snapshots = snaps
    app.state.cache = cache
    static_dir = resources.files("storylens.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static_dir)), name="static")

    # -- middleware: host check, token and security headers ---------------------
    # A plain ASGI middleware (Starlette's BaseHTTPMiddleware adds a task group and a stream per
    # request, a measurable share of a cached response's cost).
    secure_headers = [
        (b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"),
    ]
    secure_names = {k for k, _ in secure_headers}
    cookie_header: tuple[bytes, bytes] | None = None
    if token:
        _c = Response()
        _c.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
        cookie_header = (b"set-cookie", _c.headers["set-cookie"].encode("latin-1"))

    def refuse(request: Request) -> tuple[Response | None, bool]:
        """(an error response, or None to serve; whether the token came in the query string)."""
        if allowed_hosts is not None:
            host = (request.headers.get("host") or "").rsplit(":", 1)[0].strip("[]").lower()
            if host not in allowed_hosts:
                return _error_response(request, 400, "bad_host",
                                       f"host {host!r} is not served here; open the address `storylens serve` printed."), False
        from_query = False
        if token:
            given = None
            auth = request.headers.get("authorization", "")
            if auth.lower().startswith("bearer "):
                given = auth[7:].strip()
            elif request.query_params.get("token"):
                given = request.query_params["token"]
                from_query = True
            else:
                given = request.cookies.get(TOKEN_COOKIE)
            if not given or not hmac.compare_digest(given.encode(), token.encode()):
                msg = "a token is required: pass it as ?token=..., an `Authorization: Bearer` header, or open the link `storylens serve` printed."
                return _error_response(request, 401, "unauthorized", msg), False
        return None, from_query

    class Guard:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                await self.inner(scope, receive, send)
                return
            extra = list(secure_headers)
            if allowed_hosts is not None or token:
                denied, from_query = refuse(Request(scope))
                if from_query and cookie_header:
                    extra.append(cookie_header)
            else:
                denied = None

            async def send_secure(message: Any) -> None:
                if message["type"] == "http.response.start":
                    message["headers"] = [h for h in message.get("headers", [])
                                          if h[0].lower() not in secure_names] + extra
                await send(message)

            if denied is not None:
                await denied(scope, receive, send_secure)
                return
            if scope.get("method") == "GET":
                # A rendered body of this snapshot for this exact path and query: only successful
                # responses of valid requests are ever stored, so routing and validation would
                # produce the same bytes. Straight from the cache, on the event loop.
                hit = responses.peek(snaps.current.generation, cache_key(scope))
                if hit is not MISSING:
                    await _response(hit)(scope, receive, send_secure)
                    return
            await self.inner(scope, receive, send_secure)

    app.add_middleware(Guard)

    # -- errors: one shape for the API, an escaped page for the dashboard -----
    def _error_response(request: Request, status: int, code: str, message: str) -> Response:
        if request.url.path.startswith("/api") or request.url.path in ("/openapi.json",):
            return JSONResponse(error_body(status, code, message), status_code=status)
        html = env.get_template("error.html").render(status=status, code=code, message=message,
                                                     title=f"Error {status}", links=links)
        return HTMLResponse(html, status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}.get(exc.status_code, "http_error")
        msg = str(exc.detail) if exc.detail else code
        if exc.status_code == 404 and msg == "Not Found":
            msg = f"no route {request.url.path!r}. See /docs for the API."
        return _error_response(request, exc.status_code, code, msg)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors():
            loc = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path"))
            parts.append(f"{loc}: {e.get('msg')}")
        return _error_response(request, 422, "invalid_parameter", "; ".join(parts) or "invalid request")

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _error_response(request, 404, "not_found", str(exc))

    @app.exception_handler(StoryLensError)
    async def domain_error(request: Request, exc: StoryLensError) -> Response:
        return _error_response(request, 400, "bad_request", str(exc))

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return _error_response(request, exc.status, exc.code, exc.message)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path)
        return _error_response(request, 500, "internal_error",
                               "the server failed on this request; the log has the details.")

    # -- data access ------------------------------------------------------------
    def data(key: tuple[Any, ...], fn: Callable[[Q], Any], snap: Snapshot | None = None, light: bool = False) -> Any:
        """``fn``'s result on the current snapshot, cached per generation. ``light``: a few indexed
        point lookups (the article page), which need not queue behind scans for a slot."""
        if snap is None:
            gen, cur = snaps.cursor()
        else:
            gen, cur = snap.generation, snap.con.cursor()
        try:
            def compute() -> Any:
                if light:
                    return fn(Q(cur, schema_cache.setdefault(gen, {})))
                with slots:
                    return fn(Q(cur, schema_cache.setdefault(gen, {})))
            if len(schema_cache) > 4:
                for g in sorted(schema_cache)[:-2]:
                    schema_cache.pop(g, None)
            return cache.get(gen, key, compute)
        finally:
            cur.close()

    def cached(request: Request, make: Callable[[], Response]) -> Response:
        """The whole response body per snapshot generation (errors are raised, so never cached)."""
        gen = snaps.current.generation
        key = cache_key(request.scope)

        def build() -> tuple[bytes, int, str | None, dict[str, str]]:
            r = make()
            extra = {k: v for k, v in r.headers.items() if k.lower() == "content-disposition"}
            return bytes(r.body), r.status_code, r.media_type, extra

        return _response(responses.get(gen, key, build))

    def _response(entry: tuple[bytes, int, str | None, dict[str, str]]) -> Response:
        body, status, media, headers = entry
        return Response(body, status_code=status, media_type=media, headers=headers)

    async def serve(request: Request, make: Callable[[], Response]) -> Response:
        """A cached body straight from the event loop; a miss (queries, rendering) in the thread pool.

        Most requests are hits: answering them without a thread hop keeps the GIL free for the
        threads running DuckDB queries."""
        hit = responses.peek(snaps.current.generation, cache_key(request.scope))
        if hit is not MISSING:
            return _response(hit)
        return await run_in_threadpool(cached, request, make)

    def respond(payload: dict[str, Any], fmt: str, table: str | None) -> Response:
        if fmt == "csv":
            tables = {k: v for k, v in payload.items() if isinstance(v, list) and (not v or isinstance(v[0], dict))}
            if not table or table not in tables:
                raise ApiError(400, "unknown_table",
                               f"format=csv needs table=NAME, one of: {', '.join(sorted(tables)) or '(none)'}.")
            return PlainTextResponse(csv_rows(tables[table]), media_type="text/csv; charset=utf-8",
                                     headers={"Content-Disposition": f'attachment; filename="{table}.csv"'})
        return JSONResponse(payload)

    def page(template: str, payload: dict[str, Any], api: str, **extra: Any) -> HTMLResponse:
        html = env.get_template(template).render(
            d=payload, data_json=page_json(payload), api=api, links=links, mode="server",
            status=snaps.status(), **extra,
        )
        return HTMLResponse(html)

    Fmt = Query("json", pattern="^(json|csv)$", description="json, or csv with `table`")
    Table = Query(None, max_length=64, description="with format=csv: which table of the response")

    # -- API --------------------------------------------------------------------
    @app.get("/api/status", tags=["api"], summary="Snapshot status: generation, age, article count")
    def api_status() -> dict[str, Any]:
        return {**snaps.status(), "cache": {
            "responses": {"hits": responses.hits, "misses": responses.misses},
            "results": {"hits": cache.hits, "misses": cache.misses}}}

    @app.get("/api/overview", tags=["api"], summary="Overview: corpus, outlets, top actors, runs, rejects")
    async def api_overview(request: Request, format: str = Fmt, table: str | None = Table) -> Response:
        return await serve(request, lambda: respond(data(("overview",), overview_q.overview), format, table))

    @app.get("/api/actors", tags=["api"], summary="Every actor with its number of articles")
    async def api_actors(request: Request, format: str = Fmt, table: str | None = Table) -> Response:
        return await serve(request, lambda: respond({"actors": data(("actors",), actor_q.actors)}, format, table))

    @app.get("/api/actors/{name:path}", tags=["api"], summary="One actor: tone, attention, voices, narratives, evidence")
    async def api_actor(request: Request, name: str, by: str = Query("outlet", pattern="^(outlet|country|type)$"),
                  format: str = Fmt, table: str | None = Table) -> Response:
        return await serve(request, lambda: respond(
            data(("actor", name, by), lambda q: actor_q.actor(q, name, by)), format, table))

    @app.get("/api/outlets/{name:path}", tags=["api"], summary="One outlet: volume, actors and tone, copy, sources")
    async def api_outlet(request: Request, name: str, format: str = Fmt, table: str | None = Table) -> Response:
        return await serve(request, lambda: respond(
            data(("outlet", name), lambda q: outlet_q.outlet(q, name)), format, table))

    @app.get("/api/spread", tags=["api"], summary="Copy clusters and outlet -> outlet propagation")
    async def api_spread(request: Request, format: str = Fmt, table: str | None = Table) -> Response:
        return await serve(request, lambda: respond(data(("spread",), spread_q.spread), format, table))

    @app.get("/api/articles/{article_id}", tags=["api"], summary="One article with removals, mentions, quotes, tone")
    async def api_article(request: Request, article_id: str, format: str = Fmt, table: str | None = Table) -> Response:
        return await serve(request, lambda: respond(
            data(("article", article_id), lambda q: article_q.article(q, article_id), light=True), format, table))

    def _search(q_: str, outlet: str | None, since: str | None, until: str | None, actor: str | None,
                language: str | None, limit: int, offset: int) -> dict[str, Any]:
        key = ("search", q_, outlet, since, until, actor, language, limit, offset)
        found = data(key, lambda q: search_q.search(q, q_, outlet, since, until, actor, language, limit, offset))
        fkey = ("facets", q_, outlet, since, until, actor, language)
        return {**found, "facets": data(fkey if fkey[1:] != ("", None, None, None, None, None) else ("facets",),
                                        lambda q: search_q.facets(q, q_, outlet, since, until, actor, language))}

    SearchArgs = {
        "q": Query("", max_length=500, description="words that must all occur (title or text)"),
        "outlet": Query(None, max_length=300), "since": Query(None, max_length=10, description="YYYY-MM-DD"),
        "until": Query(None, max_length=10, description="YYYY-MM-DD"), "actor": Query(None, max_length=300),
        "language": Query(None, max_length=20),
    }

    @app.get("/api/search", tags=["api"], summary="Full-text search with filters by outlet, date, actor, language")
    async def api_search(request: Request, q: str = SearchArgs["q"], outlet: str | None = SearchArgs["outlet"],
                   since: str | None = SearchArgs["since"], until: str | None = SearchArgs["until"],
                   actor: str | None = SearchArgs["actor"], language: str | None = SearchArgs["language"],
                   limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=100_000),
                   format: str = Fmt, table: str | None = Table) -> Response:
        return await serve(request, lambda: respond(
            _search(q, outlet, since, until, actor, language, limit, offset), format, table))

    # -- pages ------------------------------------------------------------------
    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs_page() -> HTMLResponse:
        """The API reference, rendered here from the OpenAPI document (Swagger UI would need a CDN)."""
        spec = app.openapi()
        routes = []
        for path, ops in spec["paths"].items():
            for method, op in ops.items():
                params = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                           "description": p.get("description") or p.get("schema", {}).get("description", ""),
                           "default": p.get("schema", {}).get("default")} for p in op.get("parameters", [])]
                routes.append({"path": path, "method": method.upper(), "summary": op.get("summary", ""),
                               "params": params})
        html = env.get_template("docs.html").render(title="API", routes=routes, spec=spec, links=links,
                                                    status=snaps.status())
        return HTMLResponse(html)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def overview_page(request: Request) -> Response:
        return await serve(request, lambda: page("overview.html", data(("overview",), overview_q.overview), "/api/overview", title="Overview"))

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    async def actors_page(request: Request) -> Response:
        return await serve(request, lambda: page(
            "actors.html", {"actors": data(("actors",), actor_q.actors)}, "/api/actors", title="Actors"))

    @app.get("/actors/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    async def actor_page(request: Request, name: str,
                   by: str = Query("outlet", pattern="^(outlet|country|type)$")) -> Response:
        def make() -> Response:
            d = data(("actor", name, by), lambda q: actor_q.actor(q, name, by))
            return page("actor.html", d, links.api("/api/actors/" + _quote(name), by=by), title=name)
        return await serve(request, make)

    @app.get("/outlets/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    async def outlet_page(request: Request, name: str) -> Response:
        def make() -> Response:
            d = data(("outlet", name), lambda q: outlet_q.outlet(q, name))
            return page("outlet.html", d, "/api/outlets/" + _quote(name), title=name)
        return await serve(request, make)

    @app.get("/spread", response_class=HTMLResponse, include_in_schema=False)
    async def spread_page(request: Request) -> Response:
        return await serve(request, lambda: page("spread.html", data(("spread",), spread_q.spread), "/api/spread",
                                            title="Spread"))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    async def article_page(request: Request, article_id: str) -> Response:
        def make() -> Response:
            d = data(("article", article_id), lambda q: article_q.article(q, article_id), light=True)
            return page("article.html", d, "/api/articles/" + _quote(article_id),
                        title=d["article"]["title"] or article_id,
                        marked=article_q.marked_text(d), struck=article_q.struck_raw(d))
        return await serve(request, make)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    async def search_page(request: Request, q: str = SearchArgs["q"], outlet: str | None = SearchArgs["outlet"],
                    since: str | None = SearchArgs["since"], until: str | None = SearchArgs["until"],
                    actor: str | None = SearchArgs["actor"], language: str | None = SearchArgs["language"],
                    offset: int = Query(0, ge=0, le=100_000)) -> Response:
        def make() -> Response:
            d = _search(q, outlet or None, since or None, until or None, actor or None, language or None, 50, offset)
            api = links.api("/api/search", q=q, outlet=outlet, since=since, until=until, actor=actor,
                            language=language)
            return page("search.html", d, api, title="Search")
        return await serve(request, make)

    return app


def cache_key(scope: Any) -> tuple[str, bytes]:
    """The response cache's key: the decoded path and the raw query string, as the client sent them."""
    return scope["path"], scope.get("query_string", b"")


def run_server(app: FastAPI, host: str, port: int, *, http: str = "auto", loop: str = "auto",
               switch_interval: float | None = None) -> None:
    """Run ``app`` under uvicorn (what `storylens serve` and benchmarks/bench_web.py use).

    ``auto`` picks httptools and uvloop when installed (``pip install 'storylens[web]'``), the
    pure-Python h11 parser and asyncio loop otherwise: same behaviour, less CPU per request.
    """
    import sys

    import uvicorn

    if switch_interval:  # seconds a thread may hold the GIL before another waiting one gets it
        sys.setswitchinterval(switch_interval)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, http=http, loop=loop)


def _quote(s: str) -> str:
    from urllib.parse import quote

    return quote(s, safe="")
