"""Stages report counts beside their seconds: the tone cascade's sentences read and re-read by MPNet
reach the ingest summary, its JSON and the run record, summed the same with one worker or two."""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from storylens import stages
from storylens.cli import main
from storylens.config import Settings
from storylens.enrich import tone
from storylens.enrich.tone_cascade import CascadeToneModel
from storylens.ingest import IngestSummary, ingest
from storylens.store import Store

ACTORS = ["China", "Russia", "Germany", "France", "Japan", "India"]
VERBS = ["criticised", "praised", "met", "warned", "thanked", "accused"]


class Hashed:
    """A stand-in tone model: a sentence's probabilities from a hash of its text, so the same
    sentence gets the same answer in any process; about half of them unsure (margin 0.1)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def predict_targets(self, targets, parse=None):
        rows = []
        for t in targets:
            h = zlib.crc32(t[0].encode("utf-8"))
            rows.append([0.2, 0.35, 0.45] if h % 2 else [0.05, 0.1, 0.85])
        return np.array(rows, np.float32).reshape(-1, 3)


CREATED: list[CascadeToneModel] = []


@pytest.fixture
def fake_cascade(monkeypatch: pytest.MonkeyPatch) -> list[CascadeToneModel]:
    """The tone stage loads a cascade of stand-ins (workers are forked: they see the patch), and
    only clean, nlp, actors and tone run (no narrative encoder to load)."""

    def load(choice: str = "auto", cascade_margin: float | None = None) -> CascadeToneModel:
        model = CascadeToneModel(Hashed("minilm-fake"), Hashed("mpnet-fake"), cascade_margin or 0.6)
        CREATED.append(model)
        return model

    CREATED.clear()
    monkeypatch.setattr(tone, "load_tone_model", load)
    monkeypatch.setattr(stages, "STAGES", [s for s in stages.STAGES if s.name in ("clean", "nlp", "actors", "tone")])
    return CREATED


def _corpus(path: Path, n: int = 20) -> Path:
    lines = []
    for i in range(n):
        sents = [f"{ACTORS[(i + k) % 6]} {VERBS[(i * k) % 6]} {ACTORS[(i + k + 1) % 6]} over trade "
                 f"on day {i * 7 + k}." for k in range(5)]
        text = " ".join(sents) + " Officials said the talks would continue next week in the capital."
        lines.append(json.dumps({"url": f"https://news{i}.example.com/a", "title": f"Talks {i}", "text": text}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


SETTINGS = {"tone_model": "cascade", "tone_cascade_margin": 0.6}


def test_one_worker_and_two_report_the_same_counts(tmp_path: Path, fake_cascade: list) -> None:
    src = _corpus(tmp_path / "in.jsonl")
    settings = Settings(SETTINGS)
    with Store(tmp_path / "one.duckdb") as store:
        one = ingest([str(src)], store, settings, workers=1)
        recorded = json.loads(store.scalar("SELECT counters FROM runs ORDER BY id DESC LIMIT 1"))
    # in-process, the one model's life-long counts are the run's: nothing counted twice or lost
    assert len(fake_cascade) == 1
    assert one.counters == {"tone_sentences": fake_cascade[0].sentences, "tone_reread": fake_cascade[0].escalated}
    assert 0 < one.counters["tone_reread"] < one.counters["tone_sentences"]
    assert recorded == one.counters
    with Store(tmp_path / "two.duckdb") as store:
        two = ingest([str(src)], store, settings, workers=2)  # 20 documents: 3 chunks of 8
    assert two.stored == one.stored == 20
    assert two.counters == one.counters
    assert two.as_dict()["counters"] == one.counters


def test_summary_line_and_json_show_the_share(tmp_path: Path, fake_cascade: list) -> None:
    src = _corpus(tmp_path / "in.jsonl", n=4)
    db = tmp_path / "s.duckdb"
    sets = [a for k, v in SETTINGS.items() for a in ("--set", f"{k}={v}")]
    res = CliRunner().invoke(main, ["ingest", str(src), "--db", str(db), "-j", "1", *sets])
    assert res.exit_code == 0, res.output
    line = next(ln for ln in res.output.splitlines() if ln.strip().startswith("models"))
    m = re.search(r"tone cascade@0\.60 \(setting tone_model=cascade; mpnet re-read (\d+) of (\d+) sentences, "
                  r"(\d+)%\), narratives encoder", line)
    assert m, line
    again, read, pct = map(int, m.groups())
    assert 0 < again < read and pct == round(100 * again / read)
    res = CliRunner().invoke(main, ["ingest", str(src), "--db", str(tmp_path / "j.duckdb"), "-j", "1",
                                    "--format", "json", *sets])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["counters"] == {"tone_sentences": read, "tone_reread": again}
    # `stats` shows the last enriched run's share beside its models
    res = CliRunner().invoke(main, ["stats", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert f"models     tone cascade@0.60 (mpnet re-read {again} of {read} sentences, {pct}%), " in res.output


def test_no_cascade_no_note() -> None:
    assert IngestSummary().reread_note() == ""
    s = IngestSummary(counters={"tone_sentences": 1020, "tone_reread": 412})
    assert s.reread_note() == "mpnet re-read 412 of 1,020 sentences, 40%"
