"""Copy direction honesty: each link says how its origin was decided and how sure that is;
a site's own boilerplate repeated across its pages is never partial reuse."""

from __future__ import annotations

import random
from pathlib import Path

from storylens.corpus.syndication import direction, run_syndication
from storylens.store import Store
from test_spread_stage import art, fake_text


def test_direction_rules() -> None:
    def m(published: str | None, wire: bool = False) -> dict:
        return {"published": published, "wire": wire}

    assert direction(m("2022-03-01"), m("2022-03-05")).decided_by == "earlier_date"
    assert direction(m("2022-03-01"), m("2022-03-05")).confidence == 0.9
    assert direction(m("2022-03-01"), m("2022-03-02")).confidence == 0.7  # next day: time zones
    d = direction(m("2022-03-01", wire=True), m("2022-03-01"))
    assert (d.decided_by, d.decided) == ("wire_or_state", True)
    d = direction(m("2022-03-01"), m("2022-03-01"))
    assert (d.decided_by, d.confidence, d.decided) == ("tie_break", 0.5, False)
    assert direction(m("2022-03-01"), m(None)).decided_by == "undated"
    assert direction(m(None), m(None)).decided_by == "tie_break"


def test_links_carry_decision_and_confidence(tmp_path: Path) -> None:
    rng = random.Random(11)
    text = fake_text(rng, 300)
    with Store(tmp_path / "s.duckdb") as st:
        st.write_batch([art(text, "a.example", "2022-03-01", 1), art(text + " edit", "b.example", "2022-03-04", 2),
                        art(text + " other", "c.example", "2022-03-01", 3)])
        run_syndication(st)
        rows = {r["outlet"]: r for r in st.query(
            "SELECT a.outlet, c.decided_by, c.confidence FROM copies c JOIN articles a ON a.id = c.article_id")}
        assert rows["b.example"]["decided_by"] == "earlier_date" and rows["b.example"]["confidence"] == 0.9
        # same day, neither a wire: the origin is a tie-break and says so
        assert rows["c.example"]["decided_by"] == "tie_break" and rows["c.example"]["confidence"] == 0.5


def test_site_boilerplate_is_not_partial_reuse(tmp_path: Path) -> None:
    rng = random.Random(12)
    poll = ("Take our poll and tell us what you think about the news of the day this field is for "
            "validation purposes and should be left unchanged sign up for our newsletter to get the "
            "latest stories delivered to your inbox every morning before breakfast with our editors "
            "picks and the best of the weekend reads from around the world")
    reused = " ".join(fake_text(rng, 60).split())
    with Store(tmp_path / "s.duckdb") as st:
        pages = [art(fake_text(rng, 200) + "\n\n" + poll, "site.example", f"2022-03-0{i + 1}", i) for i in range(4)]
        other = art(fake_text(rng, 200) + "\n\n" + reused, "other.example", "2022-03-09", 9)
        source = art(fake_text(rng, 200) + "\n\n" + reused, "third.example", "2022-03-02", 10)
        st.write_batch([*pages, other, source])
        run_syndication(st)
        links = st.query("SELECT a.outlet, o.outlet AS origin, c.kind FROM copies c "
                         "JOIN articles a ON a.id = c.article_id JOIN articles o ON o.id = c.copy_of")
        assert links == [{"outlet": "other.example", "origin": "third.example", "kind": "partial"}]
