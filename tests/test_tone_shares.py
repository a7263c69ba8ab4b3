"""The adjusted negative share: `storylens tone` corrects the share of negative articles for the
tone model's error rates measured on the hand-labelled article set (docs/tone.md, "Shares")."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from storylens.cli import main
from storylens.store import Store
from storylens.store.stats import SHARE_RATES, adjusted_share, share_rates
from test_actors_cli import db  # noqa: F401  (the module-scoped store fixture)


def test_adjusted_share_undoes_a_known_error_rate() -> None:
    # a labeller finding 75% of the negatives and calling 23% of the rest negative reads a true
    # share of 16% as 0.75 * 0.16 + 0.23 * 0.84 = 0.313; the adjustment gives 0.16 back
    observed = 0.75 * 0.16 + 0.23 * 0.84
    assert adjusted_share(observed, 0.75, 0.23) == pytest.approx(0.16)
    assert adjusted_share(0.1, 0.75, 0.23) == 0.0 and adjusted_share(0.99, 0.75, 0.23) == 1.0  # clipped
    assert adjusted_share(0.3, 0.4, 0.3) is None  # a labeller no better than chance: no answer
    assert adjusted_share(None, 0.75, 0.23) is None


def test_the_default_models_rates_are_measured_and_checked_out_of_sample() -> None:
    rates = share_rates("cascade@0.60")
    assert rates is not None and rates["tpr"] - rates["fpr"] > 0.4 and rates["labelled"] >= 50
    assert share_rates("cascade@0.60+e5") == rates  # English articles keep the English rates
    assert share_rates("cascade@0.45") is None  # another margin was not measured
    assert share_rates("student") is None  # measured, but the adjustment did not help on one half
    entry = json.loads(SHARE_RATES.read_text(encoding="utf-8"))["models"]["cascade@0.60"]
    for check in entry["check"].values():  # rates from one half, shares of the other
        assert abs(check["adjusted"] - check["labelled"]) < abs(check["observed"] - check["labelled"]) / 2


def test_tone_prints_the_adjusted_share_beside_the_raw_one(db):  # noqa: F811
    res = CliRunner().invoke(main, ["tone", "China", "--db", db, "--format", "json"], catch_exceptions=False)
    (row,) = json.loads(res.output)
    with Store(db, read_only=True) as s:
        (models,) = s.con.execute("SELECT models FROM runs WHERE models IS NOT NULL").fetchone()
    rates = share_rates(json.loads(models)["tone"])
    if rates is None:
        assert row["negative_adj"] is None
    else:
        assert row["negative_adj"] == pytest.approx(adjusted_share(row["negative"], rates["tpr"], rates["fpr"]),
                                                    abs=1e-4)
        assert row["negative_adj_ci"][0] <= row["negative_adj"] <= row["negative_adj_ci"][1]
    table = CliRunner().invoke(main, ["tone", "China", "--db", db], catch_exceptions=False).output
    assert "negative_adj" in table.splitlines()[0]


def test_no_adjustment_when_runs_used_different_models(tmp_path):
    import shutil

    from test_actors_cli import ARTICLES  # noqa: F401  (the store below is a copy of the fixture's)

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"url": "https://x.invalid/a", "date": "2021-06-01",
                               "text": "China said on Tuesday that Beijing would expand trade with Africa."}),
                   encoding="utf-8")
    path = tmp_path / "s.duckdb"
    from storylens.config import Settings
    from storylens.ingest import ingest

    with Store(path) as store:
        ingest([str(src)], store, Settings({"clean": False, "min_text_chars": 20, "tone_model": "static"}), workers=1)
        store.start_run("ingest", ["other.jsonl"], models={"tone": "cascade@0.60"})
    (row,) = json.loads(CliRunner().invoke(main, ["tone", "China", "--db", str(path), "--format", "json"],
                                           catch_exceptions=False).output)
    assert row["negative_adj"] is None
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_every_negative_share_shown_has_its_adjusted_share_beside_it(db):  # noqa: F811
    from storylens.store.queries import Q
    from storylens.store.queries.outlet import outlet as outlet_view
    from storylens.store.queries.overview import overview
    from storylens.store.queries.tone import tone_rates

    with Store(db, read_only=True) as s:
        q = Q.of(s)
        rates = tone_rates(q)
        top = [a for a in overview(q)["top_actors"] if a["share_negative"] is not None]
        page = outlet_view(q, "bbc.co.uk")
    assert top and all("share_negative_adj" in a for a in top)
    assert page["actors"] and all("negative_adj" in a for a in page["actors"])
    if rates is not None:
        a = top[0]
        assert a["share_negative_adj"] == pytest.approx(
            adjusted_share(a["share_negative"], rates["tpr"], rates["fpr"]), abs=1e-4)
