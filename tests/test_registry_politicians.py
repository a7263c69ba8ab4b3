"""Registry breadth: heads of legislatures, ministers and party leaders (politicians.yaml),
time-aware, each entry naming its source; checked on names the demo corpus holds."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import DEMO
from storylens.registry import RegistryError, actor_registry, packaged_files, scan

G20_PLUS = {"AR", "AU", "BR", "CA", "CN", "FR", "DE", "IN", "ID", "IT", "JP", "MX", "RU", "SA", "ZA", "KR", "TR",
            "GB", "US", "UA", "IR", "IL"}


def test_every_entry_names_a_source_and_dates_its_offices() -> None:
    (path,) = [p for p in packaged_files("actors") if p.name == "politicians.yaml"]
    persons = yaml.safe_load(path.read_text(encoding="utf-8"))["persons"]
    assert len(persons) >= 120
    assert all(p.get("source") and p.get("roles") for p in persons)
    assert all(r[2] for p in persons for r in p["roles"])  # every office has a start date
    reg = actor_registry()
    countries = {reg.by_code(c).name for c in G20_PLUS}
    covered = {r.actor for p in persons for r in reg.get(p["name"]).roles}
    assert countries <= covered, countries - covered
    assert {"European Parliament", "European Central Bank", "European Commission"} <= covered


def test_pelosi_is_an_actor_with_dated_offices() -> None:
    reg = actor_registry()
    pelosi = reg.lookup("Pelosi")
    assert pelosi is not None and pelosi.name == "Nancy Pelosi" and pelosi.kind == "person"
    assert reg.role_at("Nancy Pelosi", "2020-06-01").actor == "United States"
    assert reg.role_at("Nancy Pelosi", "2024-06-01") is None  # out of office
    assert reg.role_at("Mike Johnson", "2024-06-01").title == "speaker of the House"


def test_names_from_the_demo_corpus_are_found() -> None:
    reg = actor_registry()
    found: set[str] = set()
    for line in (DEMO / "exports" / "allsides-sample.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        for text in (rec.get("title") or "", rec.get("content_original") or rec.get("text") or ""):
            found.update(scan(reg, text))
    for name in ("Nancy Pelosi", "Chuck Schumer", "Mitch McConnell", "Steven Mnuchin"):
        assert name in found or any(reg.lookup(f) and reg.lookup(f).name == name for f in found), name


def test_unchecked_entries_are_marked_unverified(tmp_path) -> None:
    """The entries were written from memory of the named lists (issue 19): only an entry with
    ``checked: 'YYYY-MM-DD what it was compared with'`` counts as verified; ``doubt`` records
    what a reviewer found doubtful, and ``unverified()`` lists doubtful entries first."""
    reg = actor_registry()
    smotrich = reg.get("Bezalel Smotrich")
    assert smotrich.checked and smotrich.checked.startswith("2026-12-05 ")
    unverified = reg.unverified()
    names = [a.name for a in unverified]
    assert "Bezalel Smotrich" not in names and "Nancy Pelosi" in names and "Xi Jinping" in names
    doubtful = [a for a in unverified if a.doubt]
    assert doubtful and unverified[:len(doubtful)] == doubtful  # doubtful ones first
    assert reg.get("Jagmeet Singh").doubt  # an end date the reviewer could not reconcile
    for path in packaged_files("actors"):
        if path.name in ("persons.yaml", "politicians.yaml"):
            assert "UNVERIFIED unless it has ``checked" in path.read_text(encoding="utf-8")
    bad = tmp_path / "mine.yaml"
    bad.write_text("persons:\n  - {name: Gu Su, country: CN, checked: yes}\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="checked is 'YYYY-MM-DD"):
        actor_registry([str(bad)])
    good = tmp_path / "ok.yaml"
    good.write_text("persons:\n  - {name: Gu Su, country: CN, checked: '2026-12-05 the ministry site'}\n",
                    encoding="utf-8")
    assert actor_registry([str(good)]).get("Gu Su").checked == "2026-12-05 the ministry site"
