"""The syndication stage over a store: kinds, clusters, origins, incremental runs, CLI."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from storylens.cli import main
from storylens.corpus.syndication import SyndicationConfig, SyndicationError, run_syndication
from storylens.pipeline import article_id
from storylens.store import Store
from storylens.types import Article

VOCAB = [f"w{i}" for i in range(3000)]


def fake_text(rng: random.Random, n: int, paras: int = 5) -> str:
    words = [rng.choice(VOCAB) for _ in range(n)]
    step = max(1, n // paras)
    return "\n\n".join(" ".join(words[i : i + step]) for i in range(0, n, step))


def art(text: str, outlet: str, published: str | None, n: int = 0) -> Article:
    return Article(id=article_id(text, outlet), source="t", source_kind="jsonl", offset=n,
                   url=f"https://{outlet}/{n}", outlet=outlet, outlet_name=outlet, title=None, author=None,
                   published=published, language="en", text=text, raw_text=text)


@pytest.fixture
def corpus() -> dict[str, Article]:
    rng = random.Random(7)
    orig = fake_text(rng, 500)
    paras = orig.split("\n\n")
    source = fake_text(rng, 400)
    passage = " ".join(source.split()[100:160])
    host = fake_text(rng, 300)
    docs = {
        "orig": art(orig, "apnews.com", "2020-03-01", 1),
        "exact": art(orig, "local-paper.com", "2020-03-02", 2),
        "near": art("Copyright 2020 AP. All rights reserved.\n\n" + "\n\n".join(paras[:4])
                    + "\n\nSign up for our newsletter", "gazette.example", "2020-03-03", 3),
        "reorder": art("\n\n".join([paras[0], paras[3], paras[1], paras[2], paras[4]]), "reorder.example", None, 4),
        "source": art(source, "reuters.com", "2020-02-01", 5),
        "host": art(host + "\n\n" + passage + "\n\n" + fake_text(rng, 100), "blog.example", "2020-02-05", 6),
    }
    docs.update({f"other{i}": art(fake_text(rng, 300), f"o{i}.example", "2020-01-01", 10 + i) for i in range(20)})
    return docs


def links(store: Store) -> dict[tuple[str, str], dict]:
    return {(r["article_id"], r["copy_of"]): r for r in store.query("SELECT * FROM copies")}


def test_kinds_clusters_and_passages(tmp_path: Path, corpus: dict[str, Article]) -> None:
    with Store(tmp_path / "s.duckdb") as st:
        st.write_batch(list(corpus.values()))
        s = run_syndication(st)
        got = links(st)
        ids = {k: a.id for k, a in corpus.items()}
        assert got[(ids["exact"], ids["orig"])]["kind"] == "exact"
        assert got[(ids["near"], ids["orig"])]["kind"] == "near"
        assert got[(ids["reorder"], ids["orig"])]["kind"] == "near"
        part = got[(ids["host"], ids["source"])]
        assert part["kind"] == "partial"
        assert not st.query("SELECT * FROM copy_clusters WHERE article_id IN (?, ?)", [ids["host"], ids["source"]])
        (p,) = json.loads(part["passages"])
        host, source = corpus["host"].text, corpus["source"].text
        assert host[p["start"] : p["end"]] == source[p["src_start"] : p["src_end"]]
        assert p["words"] == 60
        assert len(got) == 4 and s.exact == 1
        (cl,) = st.query("SELECT * FROM copy_cluster_info")
        assert st.scalar("SELECT count(*) FROM copy_clusters WHERE cluster_id = ?", [cl["cluster_id"]]) == 4
        assert st.scalar("SELECT article_id FROM copy_clusters WHERE origin") == ids["orig"]
        assert cl["origin_id"] == ids["orig"] and cl["size"] == 4 and cl["origin_rule"] == "earliest"


def test_copy_tables_and_summary_read_back_the_stage(tmp_path: Path, corpus: dict[str, Article]) -> None:
    from storylens.store.queries.copies import copy_summary, copy_tables, exact_near_copies

    with Store(tmp_path / "s.duckdb") as st:
        st.write_batch(list(corpus.values()))
        run_syndication(st)
        ids = {k: a.id for k, a in corpus.items()}
        assert {(r["article_id"], r["kind"]) for r in exact_near_copies(st)} == {
            (ids["exact"], "exact"), (ids["near"], "near"), (ids["reorder"], "near")}
        t = copy_tables(st)
        assert [c["origin_id"] for c in t["clusters"]] == [ids["orig"]]
        assert len(t["members"]) == 3 and len(t["links"]) == 4 and len(t["direct"]) >= 3
        got = copy_summary(st, limit=2)
        assert got["kinds"] == {"exact": 1, "near": 2, "partial": 1} and got["cluster_sizes"] == {4: 1}
        assert len(got["examples"]) == 2 and sum(got["cross"].values()) <= 4


def test_incremental_runs_match_one_run(tmp_path: Path, corpus: dict[str, Article]) -> None:
    arts = list(corpus.values())
    rng = random.Random(1)
    rng.shuffle(arts)
    with Store(tmp_path / "one.duckdb") as one:
        one.write_batch(arts)
        run_syndication(one)
        want = {(k, v["kind"]) for k, v in links(one).items()}
    with Store(tmp_path / "inc.duckdb") as inc:
        cfg = SyndicationConfig(batch_size=3)
        for i in range(0, len(arts), 7):
            inc.write_batch(arts[i : i + 7])
            run_syndication(inc, cfg)
        assert {(k, v["kind"]) for k, v in links(inc).items()} == want
        assert inc.scalar("SELECT count(*) FROM copy_index") == len(arts)
        again = run_syndication(inc, cfg)  # nothing new: nothing done
        assert again.indexed == 0 and again.copies_total == len(want)


def test_origin_ties_go_to_wire_then_ingest(tmp_path: Path) -> None:
    rng = random.Random(3)
    text = fake_text(rng, 300)
    with Store(tmp_path / "s.duckdb") as st:
        st.write_batch([art(text + " local edition", "local.example", "2021-05-05", 1)])
        st.write_batch([art(text, "xinhuanet.com", "2021-05-05", 2)])
        st.write_batch([art(text + " other edition", "other.example", None, 3)])
        run_syndication(st)
        (cl,) = st.query("SELECT origin_outlet, origin_rule, size FROM copy_cluster_info")
        assert cl == {"origin_outlet": "xinhuanet.com", "origin_rule": "wire_or_state", "size": 3}
    with Store(tmp_path / "t.duckdb") as st:  # no dates at all: earliest ingest
        st.write_batch([art(text + " first", "first.example", None, 1)])
        st.write_batch([art(text + " second", "second.example", None, 2)])
        run_syndication(st)
        (cl,) = st.query("SELECT origin_outlet, origin_rule FROM copy_cluster_info")
        assert cl == {"origin_outlet": "first.example", "origin_rule": "earliest_ingest"}


def test_backfilled_earlier_article_becomes_origin(tmp_path: Path) -> None:
    rng = random.Random(5)
    text = fake_text(rng, 300)
    with Store(tmp_path / "s.duckdb") as st:
        st.write_batch([art(text + " b", "b.example", "2020-06-02", 1), art(text + " c", "c.example", "2020-06-03", 2)])
        run_syndication(st)
        assert st.scalar("SELECT origin_outlet FROM copy_cluster_info") == "b.example"
        st.write_batch([art(text, "a.example", "2020-06-01", 3)])
        run_syndication(st)
        assert st.query("SELECT origin_outlet, size FROM copy_cluster_info") == [{"origin_outlet": "a.example", "size": 3}]
        assert st.scalar("SELECT count(*) FROM copies") == 2


def test_changed_index_parameters_need_rebuild(tmp_path: Path, corpus: dict[str, Article]) -> None:
    with Store(tmp_path / "s.duckdb") as st:
        st.write_batch(list(corpus.values())[:5])
        run_syndication(st)
        with pytest.raises(SyndicationError, match="--rebuild"):
            run_syndication(st, SyndicationConfig(lsh_threshold=0.8))
        s = run_syndication(st, SyndicationConfig(lsh_threshold=0.8), rebuild=True)
        assert s.indexed == 5


def test_cli_syndication_spread_copies(tmp_path: Path, corpus: dict[str, Article]) -> None:
    db = str(tmp_path / "s.duckdb")
    with Store(db) as st:
        st.write_batch(list(corpus.values()))
    r = CliRunner().invoke(main, ["syndication", "--db", db, "--format", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["indexed"] == len(corpus)
    r = CliRunner().invoke(main, ["copies", "--db", db, "--format", "jsonl"])
    rows = [json.loads(line) for line in r.output.splitlines()]
    assert {"article_id", "copy_of", "kind", "similarity", "url", "copy_of_url"} <= set(rows[0])
    assert sorted(x["kind"] for x in rows) == ["exact", "near", "near", "partial"]
    r = CliRunner().invoke(main, ["copies", corpus["orig"].id[:8], "--db", db])
    assert r.exit_code == 0 and "near" in r.output
    r = CliRunner().invoke(main, ["spread", "--db", db, "--format", "json"])
    rep = json.loads(r.output)
    assert rep["top_origins"][0]["origin_outlet"] == "apnews.com" and rep["top_origins"][0]["copies"] == 3
    assert {(e["source"], e["republisher"]) for e in rep["edges"]} >= {("apnews.com", "gazette.example"),
                                                                         ("reuters.com", "blog.example")}
    r = CliRunner().invoke(main, ["spread", "--db", db, "--outlet", "reuters.com", "--since", "2020-01-01",
                                  "--format", "json"])
    assert r.exit_code == 0, r.output
    assert [(e["source"], e["republisher"]) for e in json.loads(r.output)["edges"]] == [("reuters.com", "blog.example")]
    r = CliRunner().invoke(main, ["spread", "--db", db, "--actor", "China"])
    assert r.exit_code == 0 and "(no rows)" in r.output
    with Store(db) as st:  # the origin mentions China: its copies pass the --actor filter
        st.con.execute("INSERT INTO mentions (article_id, actor, kind, start, \"end\", text, via) "
                       "VALUES (?, 'China', 'country', 0, 5, 'China', 'name')", [corpus["orig"].id])
    r = CliRunner().invoke(main, ["spread", "--db", db, "--actor", "china", "--format", "json"])
    rep = json.loads(r.output)
    assert [e["source"] for e in rep["edges"]] == ["apnews.com"] * 3
    r = CliRunner().invoke(main, ["spread", "--db", db, "--since", "yesterday"])
    assert r.exit_code != 0 and "YYYY-MM-DD" in r.output


def test_ingest_hook_computes_copies(tmp_path: Path) -> None:
    rng = random.Random(9)
    text = fake_text(rng, 250)
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"url": f"https://{o}/x", "text": t, "date": "2020-01-0" + str(i + 1)})
                             for i, (o, t) in enumerate([("apnews.com", text), ("copy.example", text + " More.")])),
                   encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    r = CliRunner().invoke(main, ["ingest", str(src), "--db", db, "--no-enrich", "-j", "1"])
    assert r.exit_code == 0, r.output
    with Store(db, read_only=True) as st:
        assert st.query("SELECT kind FROM copies") == [{"kind": "near"}]


def test_widely_copied_story_stays_one_cluster_past_bucket_cap(tmp_path: Path) -> None:
    rng = random.Random(11)
    text = fake_text(rng, 300)
    arts = [art(text + f" edition {i} " + fake_text(rng, 5), f"paper{i}.example", f"2020-01-{i + 1:02d}", i)
            for i in range(10)]
    with Store(tmp_path / "s.duckdb") as st:
        cfg = SyndicationConfig(max_bucket=3, max_fp_df=3, batch_size=4)
        for a in arts:
            st.write_batch([a])
            run_syndication(st, cfg)
        assert st.query("SELECT origin_outlet, size FROM copy_cluster_info") == [
            {"origin_outlet": "paper0.example", "size": 10}]
