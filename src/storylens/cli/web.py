"""`storylens serve`: the dashboard and its JSON API (`storylens report` is in cli/report.py)."""

from __future__ import annotations

import click

from storylens.cli import main
from storylens.cli.options import db_option
from storylens.errors import StoryLensError
from storylens.store.duck import default_db_path

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@main.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Any address but loopback requires a token.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--token", default=None, envvar="STORYLENS_TOKEN", metavar="SECRET",
              help="Require this token on every route (env STORYLENS_TOKEN). Required off loopback.")
@click.option("--refresh", default=5.0, show_default=True, type=click.FloatRange(0.5, 60),
              help="Seconds between checks for new data in the store.")
def serve_cmd(db: str | None, host: str, port: int, token: str | None, refresh: float) -> None:
    """Serve the dashboard and its JSON API (read-only) on http://HOST:PORT.

    Pages: overview, actors, outlets, spread, articles, search; API docs at /docs.
    The server reads private snapshot copies of the store, so `storylens ingest`
    can keep writing to it; new articles appear within a few seconds.
    """
    if host not in LOOPBACK and not token:
        raise StoryLensError(
            f"--host {host} exposes the store beyond this machine: pass --token SECRET "
            "(or set STORYLENS_TOKEN), or bind 127.0.0.1."
        )
    try:
        import uvicorn  # noqa: F401
    except ImportError as exc:  # pragma: no cover - uvicorn is a default dependency
        raise StoryLensError("storylens serve needs uvicorn: pip install uvicorn") from exc
    from storylens.web.app import create_app, run_server

    path = db or default_db_path()
    hosts = ["127.0.0.1", "localhost", "::1"] if host in LOOPBACK else None
    app = create_app(path, token=token, refresh_seconds=refresh, allowed_hosts=hosts)
    shown = "localhost" if host in LOOPBACK else host
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    click.echo(f"StoryLens dashboard on {url}  (store {path}; API docs at /docs; Ctrl-C stops)")
    run_server(app, host, port)
