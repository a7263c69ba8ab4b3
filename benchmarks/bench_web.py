"""Web latency under load: p50/p95/p99 for pages and API on a synthetic 100k-article store.

    PYTHONPATH=src python benchmarks/bench_web.py [--db /tmp/web100k.duckdb] [--articles 100000] [--clients 20] [--seconds 15]
        [--phases cached,uncached,uncached-1] [--baseline-src DIR] [--http auto|h11|httptools] [--loop auto|asyncio|uvloop]

Starts `storylens.web.app` under uvicorn in a child process bound to 127.0.0.1,
then runs N concurrent keep-alive clients (threads) for a bounded time, each
requesting a random mix of pages and API routes (30 actors x 3 groupings, 60
outlets, random articles out of 100k, 20 searches with and without filters).
Three phases: the default server (results cached per snapshot generation, after
one warm-up pass over the distinct cacheable URLs); the same server with the
cache off (every request runs its queries: what the first minute after a
snapshot swap costs), and that again with one client (cold latency per route). The peer in the same run is the
framework's own floor: a static file served by the same server (Starlette
StaticFiles); ratios are p95 / static p95. Prints a table and writes
benchmarks/results/web.json.

``--baseline-src DIR`` first runs the cached phase against another source tree (for example
``git archive main | tar -x -C /tmp/web-main``, then ``--baseline-src /tmp/web-main/src``) with
the same store, clients, seed and article ids: a before/after pair taken back to back. A baseline
without ``run_server`` is started with ``uvicorn.run`` and the same --http/--loop.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from common import portable  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))  # the synthetic store is a test helper
from synth import ACTORS, synthesize  # noqa: E402

SEARCHES = [("trade", None), ("vaccine summit", None), ("china", "en"), ("energy crisis", None),
            ("police court", "fr"), ("climate", None), ("growth inflation", None), ("story 1234", None),
            ("sanctions", "en"), ("refugees aid", None)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, cache_size: int, src: Path = ROOT / "src", http_impl: str = "auto",
                 loop: str = "auto", switch: float | None = None) -> subprocess.Popen:
    code = (
        "from storylens.web.app import create_app\n"
        "try:\n"
        "    from storylens.web.app import run_server\n"
        "except ImportError:  # a baseline from before run_server existed\n"
        "    import uvicorn\n"
        "    def run_server(app, host, port, http, loop, **kw):\n"
        "        uvicorn.run(app, host=host, port=port, log_level='warning', http=http, loop=loop)\n"
        f"run_server(create_app({str(db)!r}, refresh_seconds=5, cache_size={cache_size}), '127.0.0.1', {port}, "
        f"http={http_impl!r}, loop={loop!r}" + (f", switch_interval={switch!r}" if switch else "") + ")\n"
    )
    env = {**os.environ, "PYTHONPATH": str(src)}
    proc = subprocess.Popen([sys.executable, "-c", code], env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/api/status")
            if c.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start")


def server_status(port: int) -> dict:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", "/api/status")
    return json.loads(c.getresponse().read())


def url_mix(rng: random.Random, ids: list[str], outlets: list[str]) -> tuple[str, str]:
    """(group, url) for one request."""
    r = rng.random()
    actor = rng.choice(ACTORS)[0]
    by = rng.choice(["outlet", "country", "type"])
    outlet = rng.choice(outlets)
    if r < 0.08:
        return "page", "/"
    if r < 0.16:
        return "api", "/api/overview"
    if r < 0.28:
        return "page", f"/actors/{quote(actor)}?by={by}"
    if r < 0.38:
        return "api", f"/api/actors/{quote(actor)}?by={by}"
    if r < 0.46:
        return "page", f"/outlets/{quote(outlet)}"
    if r < 0.52:
        return "api", f"/api/outlets/{quote(outlet)}"
    if r < 0.56:
        return "page", "/spread"
    if r < 0.60:
        return "api", "/api/spread"
    if r < 0.70:
        return "page", f"/articles/{rng.choice(ids)}"
    if r < 0.78:
        return "api", f"/api/articles/{rng.choice(ids)}"
    q, lang = rng.choice(SEARCHES)
    extra = f"&language={lang}" if lang else ""
    if r < 0.89:
        return "page", f"/search?q={quote(q)}{extra}"
    return "api", f"/api/search?q={quote(q)}{extra}"


def load(port: int, clients: int, seconds: float, ids: list[str], outlets: list[str], seed: int = 1) -> dict:
    results: list[tuple[str, str, float, int]] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(k: int) -> None:
        rng = random.Random(seed * 1000 + k)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        while time.monotonic() < stop:
            group, url = url_mix(rng, ids, outlets)
            if rng.random() < 0.05:
                group, url = "static", "/static/app.js"
            t0 = time.perf_counter()
            try:
                conn.request("GET", url)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status = 0
            mine.append((group, route_name(url), time.perf_counter() - t0, status))
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - t0
    return summarize(results, wall)


def route_name(url: str) -> str:
    parts = url.split("?")[0].split("/")
    if parts[1] == "api":
        return "api/" + parts[2]
    return parts[1] or "overview"


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))] * 1000 if xs else float("nan")


def summarize(results: list[tuple[str, str, float, int]], wall: float) -> dict:
    out: dict = {"requests": len(results), "seconds": round(wall, 1), "rps": round(len(results) / wall, 1),
                 "errors": sum(1 for r in results if r[3] != 200)}
    for name, sel in (("pages", lambda r: r[0] == "page"), ("api", lambda r: r[0] == "api"),
                      ("static", lambda r: r[0] == "static"), ("all", lambda r: r[0] != "static")):
        xs = [r[2] for r in results if sel(r)]
        out[name] = {"n": len(xs), "p50_ms": round(pct(xs, 50), 1), "p95_ms": round(pct(xs, 95), 1),
                     "p99_ms": round(pct(xs, 99), 1), "mean_ms": round(statistics.fmean(xs) * 1000, 1) if xs else None}
    routes = sorted({(r[0], r[1]) for r in results if r[0] != "static"})
    out["by_route"] = {f"/{k}": round(pct([r[2] for r in results if (r[0], r[1]) == (g, k)], 95), 1)
                       for g, k in routes}
    return out


def warm(port: int, outlets: list[str]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    urls = ["/", "/api/overview", "/spread", "/api/spread"]
    for a, _ in ACTORS:
        for by in ("outlet", "country", "type"):
            urls.append(f"/api/actors/{quote(a)}?by={by}")
    urls += [f"/api/outlets/{quote(o)}" for o in outlets]
    for q, lang in SEARCHES:
        urls.append(f"/api/search?q={quote(q)}" + (f"&language={lang}" if lang else ""))
    for u in urls:
        conn.request("GET", u)
        conn.getresponse().read()


def run_phase(name: str, db: Path, cache: int, clients: int, args: argparse.Namespace, ids: list[str],
              outlets: list[str], src: Path, http_impl: str, loop: str) -> dict:
    port = free_port()
    proc = start_server(db, port, cache, src, http_impl, loop, args.switch_interval if name != "baseline" else None)
    try:
        if cache:
            warm(port, outlets)
        before = server_status(port).get("cache", {}).get("responses")
        load_before = os.getloadavg()[0]
        ph = load(port, clients, args.seconds, ids, outlets)
        after = server_status(port).get("cache", {}).get("responses")
        ph.update(clients=clients, src=portable(src), http=http_impl, loop=loop, loadavg=[round(load_before, 1), round(os.getloadavg()[0], 1)])
        if before and after:
            ph["response_cache"] = {k: after[k] - before[k] for k in ("hits", "misses")}
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    st = ph["static"]["p95_ms"] or 1
    for k in ("pages", "api", "all"):
        ph[k]["ratio_to_static_p95"] = round(ph[k]["p95_ms"] / st, 1)
    print(f"  {name} ({http_impl}/{loop}): pages p95 {ph['pages']['p95_ms']} ms, API p95 {ph['api']['p95_ms']} ms, "
          f"static p95 {ph['static']['p95_ms']} ms, {ph['rps']} req/s, load {ph['loadavg']}", flush=True)
    return ph


def git_commit(src: Path) -> str | None:
    try:
        return subprocess.run(["git", "-C", str(src), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip() or None
    except (OSError, subprocess.CalledProcessError):
        return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--db", default=None, help="reuse this synthetic store (created if missing)")
    ap.add_argument("--phases", default="cached,uncached,uncached-1",
                    help="comma-separated subset of cached, uncached, uncached-1")
    ap.add_argument("--baseline-src", default=None, metavar="DIR",
                    help="also run the cached phase on this source tree first (before/after, same load)")
    ap.add_argument("--http", default="auto", choices=["auto", "h11", "httptools"], help="uvicorn HTTP parser")
    ap.add_argument("--loop", default="auto", choices=["auto", "asyncio", "uvloop"], help="uvicorn event loop")
    ap.add_argument("--baseline-http", default=None, help="--http for the baseline (default: same as --http)")
    ap.add_argument("--baseline-loop", default=None, help="--loop for the baseline (default: same as --loop)")
    ap.add_argument("--switch-interval", type=float, default=None,
                    help="sys.setswitchinterval for the server under test (default: Python's 0.005)")
    ap.add_argument("--article-pool", type=int, default=2000, help="random articles are drawn from this many ids")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "web.json"))
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-web-"))
    db = Path(args.db) if args.db else tmp / "web100k.duckdb"
    if not db.exists():
        t0 = time.monotonic()
        synthesize(db, args.articles)
        print(f"synthesised {args.articles:,} articles in {time.monotonic() - t0:.1f}s -> {db}")
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    ids = [r[0] for r in con.execute(
        f"SELECT id FROM articles USING SAMPLE reservoir({int(args.article_pool)} ROWS) REPEATABLE (42) ORDER BY id"
    ).fetchall()]
    outlets = [r[0] for r in con.execute("SELECT DISTINCT outlet FROM articles ORDER BY 1").fetchall()]
    n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    con.close()
    src = ROOT / "src"
    report: dict = {"articles": n_articles, "clients": args.clients, "seconds": args.seconds,
                    "cores": os.cpu_count(), "article_pool": len(ids), "http": args.http, "loop": args.loop,
                    "switch_interval": args.switch_interval,
                    "commit": git_commit(ROOT), "phases": {}}
    report["loadavg_before"] = [round(x, 1) for x in os.getloadavg()]
    plan = []
    if args.baseline_src:
        plan.append(("baseline", 512, args.clients, Path(args.baseline_src),
                     args.baseline_http or args.http, args.baseline_loop or args.loop))
        report["baseline_src"] = args.baseline_src
    wanted = [p.strip() for p in args.phases.split(",") if p.strip()]
    for phase, cache, clients in (("cached", 512, args.clients), ("uncached", 0, args.clients),
                                  ("uncached-1", 0, 1)):
        if phase in wanted:
            plan.append((phase, cache, clients, src, args.http, args.loop))
    print(f"{n_articles:,} articles, {args.clients} clients, {args.seconds:.0f}s per phase, "
          f"http={args.http} loop={args.loop}; phases: {', '.join(p[0] for p in plan)}", flush=True)
    for phase, cache, clients, where, http_impl, loop in plan:
        report["phases"][phase] = run_phase(phase, db, cache, clients, args, ids, outlets, where, http_impl, loop)
    report["loadavg_after"] = [round(x, 1) for x in os.getloadavg()]
    print(f"\n{n_articles:,} articles · {args.seconds:.0f}s per phase · {os.cpu_count()} cores · "
          f"load average {report['loadavg_before'][0]} before, {report['loadavg_after'][0]} after · "
          f"commit {report['commit']}")
    head = (f"{'phase':<11} {'kind':<7} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'x static':>9} "
            f"{'rps':>6} {'err':>4}  target p95 <= 300 ms")
    print(head)
    print("-" * len(head))
    for name, ph in report["phases"].items():
        for k in ("pages", "api", "static"):
            s = ph[k]
            verdict = "" if k == "static" or name.startswith("uncached") else ("  ok" if s["p95_ms"] <= 300 else "  MISSED")
            print(f"{name:<11} {k:<7} {s['n']:>6} {s['p50_ms']:>8} {s['p95_ms']:>8} {s['p99_ms']:>8} "
                  f"{s.get('ratio_to_static_p95', 1.0):>9} {ph['rps']:>6} {ph['errors']:>4}{verdict}")
    print("\np95 by route (ms):")
    for name, ph in report["phases"].items():
        print(f"  {name}: " + ", ".join(f"{k} {v}" for k, v in ph["by_route"].items()))
        if ph.get("response_cache"):
            print(f"  {name}: response cache {ph['response_cache']['hits']} hits, {ph['response_cache']['misses']} misses")
    if "baseline" in report["phases"] and "cached" in report["phases"]:
        b, c = report["phases"]["baseline"], report["phases"]["cached"]
        report["after_over_before_p95"] = {k: round(c[k]["p95_ms"] / b[k]["p95_ms"], 2) for k in ("pages", "api")}
        print(f"\nafter / before p95: pages {report['after_over_before_p95']['pages']}, "
              f"API {report['after_over_before_p95']['api']}")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2))
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
