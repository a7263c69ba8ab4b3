"""`storylens report`: one self-contained HTML file (inline CSS, JS and data) for sharing.

It renders the overview, the spread of copies and one section per actor with the same templates,
queries and chart code as the dashboard; CSV buttons build the file in the
browser from the embedded data, so the report needs no server and no network.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from storylens.store.queries import actor as actor_q
from storylens.store.queries import overview as overview_q
from storylens.store.queries import spread as spread_q
from storylens.store.queries.base import Q
from storylens.web.render import Links, environment, page_json, static_text
from storylens.web.snapshot import SnapshotManager


def build_report(db: str | os.PathLike[str], out: str | os.PathLike[str], actors: list[str] | None = None,
                 top: int = 3, by: str = "outlet") -> dict[str, Any]:
    """Write the report to ``out``; returns what went in (actors, sizes)."""
    snaps = SnapshotManager(db, check_every=0)
    try:
        _, cur = snaps.cursor()
        q = Q(cur)
        ov = overview_q.overview(q)
        sp = spread_q.spread(q)
        names = list(actors or [])
        if not names:
            names = [r["actor"] for r in ov["top_actors"][:top]]
        sections = []
        for i, name in enumerate(names):
            d = actor_q.actor(q, name, by)
            sections.append({"name": name, "d": d, "block": f"actor-data-{i}", "json": page_json(d)})
        cur.close()
    finally:
        snaps.close()
    env = environment()
    html = env.get_template("report.html").render(
        title="StoryLens report", ov=ov, ov_json=page_json(ov), spread=sp, spread_json=page_json(sp), sections=sections, links=Links("report"),
        mode="report", api="", db=str(db), generated=dt.datetime.now().isoformat(timespec="seconds"),
        css=static_text("uplot.min.css") + "\n" + static_text("style.css"),
        js=static_text("uplot.iife.min.js") + "\n" + static_text("app.js"),
    )
    Path(out).write_text(html, encoding="utf-8")
    return {"out": str(out), "actors": names, "bytes": len(html.encode("utf-8"))}
