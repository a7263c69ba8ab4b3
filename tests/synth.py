"""Synthesise a large store for benchmarks and tests (pure SQL, seconds for 100k articles).

The rows are shaped like real ingests: outlets in several countries and types,
articles over a year, mentions and tones for ~30 actors, quotes with speakers,
narratives, runs, rejects, copy links and clusters. Text is random words from a
small vocabulary, so search hits are plentiful.
"""

from __future__ import annotations

from pathlib import Path

from storylens.registry import OUTLET_TYPES
from storylens.store import Store

WORDS = ["government", "minister", "said", "trade", "talks", "border", "vaccine", "election", "economy", "market", "security", "climate", "energy", "summit", "sanctions", "president", "officials", "report", "police", "court", "health", "protest", "agreement", "military", "china", "russia", "europe", "america", "india", "africa", "investment", "growth", "inflation", "policy", "reform", "media", "press", "freedom", "rights", "water", "technology", "chips", "diplomacy", "alliance", "council", "crisis", "war", "peace", "aid", "refugees", "university", "study", "scientists", "data", "analysis", "weather", "flood", "drought", "harvest"]

ACTORS = [
    ("China", "country"), ("United States", "country"), ("Russia", "country"),
    ("India", "country"), ("Germany", "country"), ("France", "country"),
    ("United Kingdom", "country"), ("Japan", "country"), ("Brazil", "country"),
    ("South Africa", "country"), ("Iran", "country"), ("Israel", "country"),
    ("Ukraine", "country"), ("Turkey", "country"), ("Mexico", "country"),
    ("Xi Jinping", "person"), ("Vladimir Putin", "person"), ("Narendra Modi", "person"),
    ("Emmanuel Macron", "person"), ("Olaf Scholz", "person"),
    ("United Nations", "organisation"), ("WHO", "organisation"), ("NATO", "organisation"),
    ("European Union", "organisation"), ("ASEAN", "organisation"), ("IMF", "organisation"),
    ("World Bank", "organisation"), ("African Union", "organisation"), ("G20", "organisation"),
    ("OPEC", "organisation"),
]
COUNTRIES = ["US", "GB", "CN", "RU", "IN", "DE", "FR", "QA", "ZA", "BR"]
TYPES = list(OUTLET_TYPES)  # the registry's own spellings
NARRATIVES = ["vaccine_diplomacy", "trade_war", "wolf_warrior", "state_media_expansion",
              "covid_origins", "climate_finance", "energy_security"]


def synthesize(path: str | Path, n_articles: int = 100_000, n_outlets: int = 60,
               with_registry: bool = True, with_copies: bool = True) -> Path:
    """Create (or replace) a store at ``path`` with ``n_articles`` synthetic articles."""
    path = Path(path)
    for p in (path, Path(str(path) + ".wal")):
        p.unlink(missing_ok=True)
    store = Store(path)
    con = store.con
    words = "[" + ", ".join(f"'{w}'" for w in WORDS) + "]"
    nw = len(WORDS)
    con.execute("CREATE OR REPLACE TEMP MACRO h(x) AS (hash(x) % 1000000007)::BIGINT")
    con.execute("BEGIN TRANSACTION")
    con.execute(
        "INSERT INTO runs (command, inputs, finished_at, read, stored, rejected) "
        "SELECT 'ingest', 'synthetic/batch-' || range, TIMESTAMP '2026-01-01' + to_hours(range::BIGINT), "
        "1000, 990, 10 FROM range(?)",
        [max(1, n_articles // 1000)],
    )
    con.execute(
        f"""
        CREATE TEMP TABLE o AS SELECT range AS k, 'outlet' || range || '.example' AS outlet,
               'Outlet ' || range AS outlet_name,
               {COUNTRIES!r}[1 + range % {len(COUNTRIES)}] AS country,
               {TYPES!r}[1 + (range * 7) % {len(TYPES)}] AS type
        FROM range({n_outlets})
        """
    )
    con.execute(
        f"""
        INSERT INTO articles (id, source, source_kind, "offset", url, outlet, outlet_name, title,
                              author, published, language, text, raw_text, words, run_id)
        SELECT md5('a' || i) AS id, 'synthetic.jsonl', 'jsonl', i,
               'https://' || o.outlet || '/story/' || i, o.outlet, o.outlet_name,
               'Story ' || i || ' about ' || {words}[1 + h(i) % {nw}] || ' and ' || {words}[1 + h(i + 7) % {nw}],
               'Reporter ' || (i % 500), DATE '2025-01-01' + (h(i * 3) % 365)::INTEGER,
               CASE WHEN i % 10 = 0 THEN 'fr' ELSE 'en' END,
               t.txt, t.txt, 120, 1 + i // 1000
        FROM (SELECT range AS i FROM range({n_articles})) r
        JOIN o ON o.k = h(r.i) % {n_outlets}
        CROSS JOIN LATERAL (
            SELECT array_to_string(list_transform(range(120), lambda x: {words}[1 + h(r.i * 131 + x) % {nw}]), ' ') AS txt
        ) t
        """
    )
    actors = "[" + ", ".join(f"{{'a': '{a}', 'k': '{k}'}}" for a, k in ACTORS) + "]"
    na = len(ACTORS)
    con.execute(
        f"""
        CREATE TEMP TABLE am AS
        SELECT a.id AS article_id, {actors}[1 + (h(a.id || j) % {na})] AS ak, j
        FROM articles a, range(3) AS j(j)
        WHERE j = 0 OR h(a.id || 'x' || j) % 3 = 0
        """
    )
    con.execute(
        "INSERT INTO mentions SELECT article_id, ak.a, ak.k, 0, length(ak.a), ak.a, 'name' FROM am"
    )
    con.execute(
        """
        INSERT INTO tones
        SELECT article_id, ak.a, ak.k, 1 + h(article_id || ak.a) % 4,
               round(((h(article_id || ak.a || 't') % 2000) / 1000.0 - 1.0) * 0.8, 3) AS s,
               CASE WHEN s < -0.2 THEN 'negative' WHEN s > 0.2 THEN 'positive' ELSE 'neutral' END,
               ['Officials said ' || ak.a || ' acted on the matter.']
        FROM (SELECT DISTINCT article_id, ak FROM am)
        """
    )
    con.execute(
        f"""
        INSERT INTO quotes
        SELECT a.id, 'We will respond to ' || {words}[1 + h(a.id || q) % {nw}], 10, 40,
               CASE WHEN q = 0 THEN 'direct' ELSE 'indirect' END, false, 'said',
               CASE WHEN h(a.id || q) % 5 = 0 THEN NULL ELSE 'Speaker ' || (h(a.id || q) % 200) END,
               'a spokesperson',
               ['official', 'expert', 'media', 'citizen', 'anonymous'][1 + h(a.id || q) % 5],
               h(a.id || q) % 5 = 0,
               CASE WHEN h(a.id || q) % 7 = 0 THEN {actors}[1 + h(a.id) % {na}].a END
        FROM articles a, range(2) AS q(q)
        """
    )
    narr = "[" + ", ".join(f"'{n}'" for n in NARRATIVES) + "]"
    con.execute(
        f"""
        INSERT INTO narratives
        SELECT id, {narr}[1 + h(id || 'n') % {len(NARRATIVES)}], 0.5 + (h(id) % 50) / 100.0,
               ['An evidence sentence.'], 'default'
        FROM articles WHERE h(id || 'nn') % 3 = 0
        """
    )
    con.execute(
        "INSERT INTO rejects (source, \"offset\", stage, reason, run_id) "
        "SELECT 'synthetic.jsonl', range, 'extract', 'too short: ' || (range % 50) || ' words', 1 "
        "FROM range(?)",
        [max(1, n_articles // 100)],
    )
    if with_registry:
        con.execute("INSERT OR REPLACE INTO outlet_registry (key, domain, name, country, country_name, type) "
                    "SELECT outlet, outlet, outlet_name, country, country, type FROM o")
    if with_copies:
        con.execute(
            "CREATE TABLE IF NOT EXISTS copies (article_id VARCHAR, copy_of VARCHAR, kind VARCHAR, "
            "similarity DOUBLE, passages VARCHAR)"
        )
        con.execute(
            f"""
            INSERT INTO copies
            SELECT md5('a' || i), md5('a' || (i - 1 - i % 5)), ['exact', 'near', 'partial'][1 + i % 3],
                   0.8 + (i % 20) / 100.0, '[]'
            FROM range(1, {n_articles}) r(i) WHERE i % 10 IN (1, 2)
            """
        )
        con.execute("CREATE TABLE IF NOT EXISTS copy_clusters (cluster_id VARCHAR, article_id VARCHAR, "
                    "origin BOOLEAN)")
        con.execute(
            "INSERT INTO copy_clusters SELECT copy_of, copy_of, true FROM (SELECT DISTINCT copy_of FROM copies) "
            "UNION ALL SELECT copy_of, article_id, false FROM copies"
        )
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    store.close()
    return path
