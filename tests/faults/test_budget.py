"""Per-document budget: one huge or slow document never stalls a run, and the good records
beside it are stored (length caps kept as ``too_long`` removals, a time budget per document)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from storylens.config import Settings
from storylens.ingest import ingest
from storylens.pipeline import Pipeline, cut_point
from storylens.store import Store
from storylens.types import Article, Provenance, RawDocument, Reject

SENTENCE = ("The minister said on Tuesday that the talks with China would continue next week, "
            "and officials in Berlin welcomed the news. ")


def _jsonl(path: Path, big_text: str) -> Path:
    good = SENTENCE * 8
    rows = [
        {"url": "https://a.example.com/1", "title": "Good one", "text": good},
        {"url": "https://b.example.com/2", "title": "Huge", "text": big_text},
        {"url": "https://c.example.com/3", "title": "Good two", "text": good.replace("Tuesday", "Friday")},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_cut_point_prefers_a_sentence_end_and_never_exceeds_the_cap() -> None:
    text = SENTENCE * 100
    cut = cut_point(text, 1000)
    assert cut <= 1000 and text[:cut].rstrip().endswith(".")
    assert cut_point("x" * 5000, 1000) == 1000  # no boundary at all: cut at the cap
    assert cut_point("short", 1000) == 5


def test_huge_record_is_cut_and_stored_beside_the_good_ones(tmp_path: Path) -> None:
    # 3 MB without a sentence break: before the caps this one record ran for minutes.
    big = ("word " * 600_000).strip()
    src = _jsonl(tmp_path / "in.jsonl", big)
    settings = Settings({"max_text_chars": 20_000, "max_enrich_chars": 5_000, "stories": False,
                         "syndication": False, "doc_seconds": 25})
    # Warm up first: on a machine whose model cache is empty the first run builds the tone
    # models (unpacking the MPNet weights, an int8 build: about 30 s of CPU), which is no part
    # of one record's budget (this test failed on a new machine's first `make test`, 2026-12-07).
    warm = tmp_path / "warm.jsonl"
    warm.write_text(json.dumps({"url": "https://w.example.com/0", "title": "Warm", "text": SENTENCE * 8}) + "\n",
                    encoding="utf-8")
    with Store(tmp_path / "warm.duckdb") as store:
        ingest([str(warm)], store, settings, workers=1)
    cpu = time.process_time()  # CPU, not wall: the test machine is shared
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest([str(src)], store, settings, workers=1)
        rows = store.query("SELECT title, length(text) AS n, length(raw_text) AS raw FROM articles ORDER BY title")
        cuts = store.query("SELECT start, \"end\", reason, rule FROM removals WHERE reason = 'too_long' "
                           "ORDER BY start")
    assert time.process_time() - cpu < 20
    assert summary.stored == 3 and summary.rejected == 0
    huge = next(r for r in rows if r["title"] == "Huge")
    assert huge["raw"] <= 20_000 and huge["n"] <= 5_000
    assert [c["rule"] for c in cuts] == ["max_enrich_chars", "max_text_chars"]
    assert cuts[-1]["start"] == huge["raw"] and cuts[-1]["end"] == len(big)


def _slow_stage_pipeline(budget: int) -> Pipeline:
    class Slow:
        name = "slow"
        requires: tuple[str, ...] = ()
        assigns: tuple[str, ...] = ()

        def __call__(self, article: Article) -> Article:
            if "SLOW" in article.text:
                while True:  # a stage that never ends (a quadratic loop, in the small)
                    sum(range(10_000))
            return article

    return Pipeline(Settings({"doc_seconds": budget, "clean": False, "enrich": False}), stages=[Slow()])


def test_time_budget_interrupts_a_stage_and_the_run_goes_on() -> None:
    pipe = _slow_stage_pipeline(1)
    docs = [RawDocument(Provenance("in.jsonl", "jsonl", i), text=(SENTENCE * 3) + extra)
            for i, extra in enumerate(["", " SLOW", " fine"])]
    t0 = time.monotonic()
    out = [pipe.process(d) for d in docs]
    assert time.monotonic() - t0 < 5
    assert isinstance(out[0], Article) and isinstance(out[2], Article)
    assert isinstance(out[1], Reject) and out[1].stage == "slow"
    assert "time budget" in out[1].reason and "doc_seconds" in out[1].reason
    assert pipe.stage_seconds["slow"] >= 0.9


@pytest.mark.parametrize("workers", [1, 2])
def test_time_budget_in_the_pool_and_in_process(tmp_path: Path, workers: int) -> None:
    # Real stages, no enrich cap, 1 s budget: parsing ~200 KB takes longer than that.
    src = _jsonl(tmp_path / "in.jsonl", SENTENCE * 1800)
    settings = Settings({"max_enrich_chars": 0, "doc_seconds": 1, "stories": False, "syndication": False})
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest([str(src)], store, settings, workers=workers)
        rejects = store.query("SELECT \"offset\", stage, reason FROM rejects")
        titles = {r["title"] for r in store.query("SELECT title FROM articles")}
    assert summary.stored == 2 and titles == {"Good one", "Good two"}
    assert len(rejects) == 1 and rejects[0]["offset"] == 2 and "time budget" in rejects[0]["reason"]


class StuckStage:
    """A stage stuck where no alarm reaches it (SIGALRM blocked: a C call that never returns)."""

    name = "stuck"
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def __init__(self, settings: Settings) -> None:
        pass

    def __call__(self, article: Article) -> Article:
        if "STUCK" in article.text:
            import signal

            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            while True:
                time.sleep(0.05)
        return article


def test_a_stuck_worker_is_replaced_and_the_run_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from storylens import stages
    from storylens.engines.local import run_local

    # Pool workers fork from this process, so they see the patched stage list and this module.
    monkeypatch.setattr(stages, "STAGES", [stages.StageSpec("stuck", f"{__name__}:StuckStage", "clean")])
    settings = Settings({"doc_seconds": 1, "enrich": False})
    docs = [RawDocument(Provenance("in.jsonl", "jsonl", i), text=(SENTENCE * 3) + extra)
            for i, extra in enumerate(["", " STUCK", " fine", " also fine"])]
    out = list(run_local(docs, settings, workers=2, chunk_size=1, stuck_after=3))
    assert [type(o).__name__ for o in out] == ["Article", "Reject", "Article", "Article"], out
    assert out[1].stage == "worker" and "stuck" in out[1].reason


def test_a_run_left_early_does_not_wait_for_a_stuck_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """A consumer that stops reading (an error downstream, Ctrl-C) closes the run at once, even
    with a worker stuck on a chunk in flight: the pool's workers are killed, not waited for."""
    from storylens import stages
    from storylens.engines.local import run_local

    monkeypatch.setattr(stages, "STAGES", [stages.StageSpec("stuck", f"{__name__}:StuckStage", "clean")])
    settings = Settings({"doc_seconds": 1, "enrich": False})
    docs = [RawDocument(Provenance("in.jsonl", "jsonl", i), text=(SENTENCE * 3) + extra)
            for i, extra in enumerate(["", " STUCK", " fine"])]
    run = run_local(docs, settings, workers=2, chunk_size=1, stuck_after=3)
    first = next(run)
    assert type(first).__name__ == "Article"
    started = time.monotonic()
    run.close()
    assert time.monotonic() - started < 30
