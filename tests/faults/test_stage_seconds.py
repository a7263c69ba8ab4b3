"""Every stage records its own time: the ingest summary and the run record show seconds per stage."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from storylens.cli import main
from storylens.store import Store

TEXT = ("The minister said on Tuesday that the talks would continue next week, and officials "
        "welcomed the news. ") * 6


def test_ingest_profile_and_run_record(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"url": f"https://x{i}.example.com/a", "title": f"T{i}",
                                       "text": TEXT + str(i)}) + "\n" for i in range(3)), encoding="utf-8")
    db = tmp_path / "s.duckdb"
    res = CliRunner().invoke(main, ["ingest", str(src), "--db", str(db), "-j", "1", "--no-enrich",
                                    "--profile"])
    assert res.exit_code == 0, res.output
    line = next(ln for ln in res.output.splitlines() if ln.startswith("seconds per stage"))
    assert "extract" in line and "clean" in line and "store" in line
    with Store(db, read_only=True) as store:
        recorded = json.loads(store.scalar("SELECT stage_seconds FROM runs ORDER BY id DESC LIMIT 1"))
    assert {"extract", "clean", "store"} <= set(recorded)
    assert all(v >= 0 for v in recorded.values()) and recorded["extract"] > 0
    res = CliRunner().invoke(main, ["ingest", str(src), "--db", str(db), "-j", "1", "--no-enrich",
                                    "--format", "json"])
    assert "extract" in json.loads(res.output)["stage_seconds"]
    assert json.loads(res.output)["models"] is None  # no enrichment, no models


def test_run_record_names_the_models(tmp_path: Path) -> None:
    """Tone figures differ by model and the default has changed (mpnet, then the cascade): each
    enriched run records which models it ran, and `stats` shows the last one's."""
    from storylens.config import Settings
    from storylens.enrich.tone import resolve_choice
    from storylens.ingest import run_models

    assert run_models(Settings({"enrich": False})) is None
    assert run_models(Settings({"tone_model": "static"})) == {"tone": "static", "narrative_encoder": "minilm"}
    assert run_models(Settings({"tone_model": "cascade", "tone_cascade_margin": 0.5}))["tone"] == "cascade@0.50"
    auto = run_models(Settings())["tone"]  # auto resolves to what is installed
    assert auto.split("@")[0] == resolve_choice("auto") and auto.split("@")[0] in ("cascade", "student", "static")
    db = tmp_path / "m.duckdb"
    with Store(db) as store:
        assert store.stats()["models"] is None
        store.start_run("ingest", ["a"], models={"tone": "cascade@0.60", "narrative_encoder": "minilm"})
        store.start_run("ingest", ["b"])  # --no-enrich: no models
        assert store.stats()["models"] == {"run": 1, "tone": "cascade@0.60", "narrative_encoder": "minilm"}
    res = CliRunner().invoke(main, ["stats", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "models     tone cascade@0.60, narratives encoder minilm (run 1" in res.output
