"""Stores for the web tests and the demo: the demo corpus plus hostile pages, enriched by hand.

Until the actors, tone, quotes and syndication stages land, a demo store has
articles only. ``enrich_by_hand`` adds rows of the shapes those stages will
write (mentions found by name, a deterministic tone, quotes between double
quote marks, copy links between articles that share a title word, an outlet
registry), so every page and chart has data to show in tests. Rows it adds are
marked (``via='fixture'``, ``pack='fixture'``...).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from storylens.config import Settings
from storylens.ingest import ingest
from storylens.registry import OUTLET_TYPES as REGISTRY_TYPES
from storylens.store import Store

HOSTILE = "<script>alert('xss')</script>"
HOSTILE_IMG = '<img src=x onerror="alert(\'img\')">'
HOSTILE_URL = "javascript:alert('url')"

ACTORS = {"China": "country", "Iran": "country", "Russia": "country", "United States": "country",
          "Trump": "person", "Obama": "person", "Congress": "organisation", "NATO": "organisation"}
OUTLET_TYPES = [t for t in REGISTRY_TYPES if t != "other"]
COUNTRIES = ["US", "GB", "QA", "CN"]


def hostile_inputs(folder: Path) -> Path:
    """Write a JSONL export and an HTML page whose title, author, url and text carry markup."""
    folder.mkdir(parents=True, exist_ok=True)
    body = (
        f"China {HOSTILE} said on Monday that the talks would continue. {HOSTILE_IMG} "
        f'"We will not accept {HOSTILE} pressure," a spokesman said. Click <a href="{HOSTILE_URL}">here</a> '
        "or javascript:alert('text') to read more. The minister added that trade with the United States "
        "remained important for both sides, and that officials would meet again next month in Geneva "
        "to discuss tariffs, technology and the future of the agreement reached last year. "
    ) * 3
    rec = {"url": HOSTILE_URL, "title": f"Evil {HOSTILE} title {HOSTILE_IMG}", "date": "2020-03-02",
           "authors": f"{HOSTILE_IMG} Mallory", "source": f"Evil Outlet {HOSTILE}", "content_original": body}
    (folder / "hostile.jsonl").write_text(json.dumps(rec) + "\n", encoding="utf-8")
    html = """<!doctype html><html><head><title>Page &lt;script&gt;alert('page')&lt;/script&gt; headline</title>
<meta name="author" content="&lt;img src=x onerror=alert('author')&gt;">
<link rel="canonical" href="https://evil.example/story.html">
<meta property="article:published_time" content="2020-03-03">
</head><body><article><h1>Page &lt;script&gt;alert('page')&lt;/script&gt; headline</h1>
<p>Russia &lt;script&gt;alert('p1')&lt;/script&gt; and China signed an energy deal on Tuesday, officials said,
in a move that analysts described as a turning point for the region and its markets.</p>
<p>&lt;img src=x onerror=alert('p2')&gt; The agreement covers gas deliveries over thirty years and
includes a new pipeline, according to a statement released by the two governments after the meeting.</p>
<p>Critics said the deal would deepen dependence, while supporters said it would lower prices for
households and factories across the country during the coming winter months and beyond.</p>
</article></body></html>"""
    (folder / "hostile.html").write_text(html, encoding="utf-8")
    # and one page too short to keep, so the store has a reject to show
    (folder / "empty.html").write_text("<html><head><title>x</title></head><body><p>Too short.</p></body></html>",
                                       encoding="utf-8")
    return folder


def _h(*parts: Any) -> int:
    return int(hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:8], 16)


def enrich_by_hand(db: str | Path, registry: bool = True, copies: bool = True) -> dict[str, int]:
    """Add mentions, tones, quotes, removals, narratives, copies and an outlet registry."""
    counts = dict.fromkeys(("mentions", "tones", "quotes", "removals", "narratives", "copies"), 0)
    with Store(db) as store:
        con = store.con
        arts = con.execute("SELECT id, text, raw_text, title, outlet FROM articles ORDER BY id").fetchall()
        mentions, tones, quotes, removals, narratives = [], [], [], [], []
        for aid, text, raw, _title, _outlet in arts:
            for actor, kind in ACTORS.items():
                hits = [m.start() for m in re.finditer(re.escape(actor), text)]
                for s in hits[:20]:
                    mentions.append((aid, actor, kind, s, s + len(actor), actor, "fixture"))
                if hits:
                    score = round((_h(aid, actor) % 2000) / 1000 - 1, 3)
                    label = "negative" if score < -0.2 else "positive" if score > 0.2 else "neutral"
                    i = hits[0]
                    sent = text[max(0, text.rfind(".", 0, i) + 1): text.find(".", i) + 1 or len(text)].strip()
                    tones.append((aid, actor, kind, len(hits), score, label, [sent[:300]]))
            for k, m in enumerate(re.finditer(r"[\"“]([^\"”]{20,300})[\"”]", text)):
                if k >= 5:
                    break
                after = text[m.end(): m.end() + 80]
                sp = re.search(r"(?:said|says)\s+([A-Z][a-z]+(?: [A-Z][a-z]+)?)", after)
                speaker = sp.group(1) if sp else None
                actor = next((a for a in ACTORS if speaker and a in speaker), None)
                quotes.append((aid, m.group(1), m.start(), m.end(), "direct", False, "said", speaker,
                               None if speaker else "a spokesman",
                               "official" if speaker else "anonymous", speaker is None, actor))
            if len(raw) > 200 and _h(aid, "rm") % 3 == 0:
                s = 40 + _h(aid) % 100
                removals.append((aid, s, s + 30, raw[s:s + 30], "ui_residue", "fixture", 0.9))
            if _h(aid, "n") % 2 == 0:
                narratives.append((aid, ["trade_war", "vaccine_diplomacy", "covid_origins"][_h(aid) % 3],
                                   0.5 + (_h(aid, "s") % 50) / 100, ["evidence sentence"], "fixture"))
        for table, rows in (("mentions", mentions), ("tones", tones), ("quotes", quotes),
                            ("removals", removals), ("narratives", narratives)):
            if rows:
                marks = ", ".join("?" for _ in rows[0])
                con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
            counts[table] = len(rows)
        outlets = [r[0] for r in con.execute(
            "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY 1").fetchall()]
        if registry:
            # outlets the registry does not know get a made-up country and type
            con.executemany("INSERT OR IGNORE INTO outlet_registry (key, domain, name, country, country_name, type) "
                            "VALUES (?, ?, ?, ?, ?, ?)",
                            [(o, o, o, COUNTRIES[_h(o) % len(COUNTRIES)], COUNTRIES[_h(o) % len(COUNTRIES)],
                              OUTLET_TYPES[_h(o, 't') % len(OUTLET_TYPES)]) for o in outlets])
        else:
            con.execute("DELETE FROM outlet_registry")
        if copies:
            con.execute("CREATE TABLE IF NOT EXISTS copies (article_id VARCHAR, copy_of VARCHAR, kind VARCHAR, "
                        "similarity DOUBLE, passages VARCHAR)")
            by_outlet: dict[str, list[str]] = {}
            for aid, *_rest, outlet in arts:
                by_outlet.setdefault(outlet or "", []).append(aid)
            keys = sorted(by_outlet)
            links = []
            for i, aid in enumerate(a[0] for a in arts):
                if i % 4 == 1 and len(keys) > 1:
                    src = by_outlet[keys[_h(aid) % len(keys)]][0]
                    if src != aid:
                        links.append((aid, src, ["exact", "near", "partial"][i % 3], 0.8 + (i % 20) / 100, "[]"))
            if links:
                con.executemany("INSERT INTO copies VALUES (?, ?, ?, ?, ?)", links)
            counts["copies"] = len(links)
    return counts


def build_demo_store(db: str | Path, corpus: str | Path, extra: Path | None = None,
                     workers: int = 1) -> dict[str, int]:
    """Ingest the demo corpus (and ``extra`` inputs) without enrichment, then ``enrich_by_hand``."""
    settings = Settings({"enrich": False})
    paths = [str(corpus)] + ([str(extra)] if extra else [])
    with Store(db) as store:
        ingest(paths, store, settings, workers=workers)
    return enrich_by_hand(db)
