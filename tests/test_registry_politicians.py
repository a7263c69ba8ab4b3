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


@pytest.fixture(scope="module")
def persons() -> list[dict]:
    """politicians.yaml's entries, parsed once for the module."""
    (path,) = [p for p in packaged_files("actors") if p.name == "politicians.yaml"]
    return yaml.safe_load(path.read_text(encoding="utf-8"))["persons"]


@pytest.fixture(scope="module")
def demo_texts() -> list[tuple[str | None, str]]:
    """(date, text) of every demo export article, read once for the module."""
    out = []
    for line in (DEMO / "exports" / "allsides-sample.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        out.append((rec.get("date"), rec.get("content_original") or rec.get("text") or ""))
    return out


def test_every_entry_dates_its_offices(persons: list[dict]) -> None:
    assert len(persons) >= 120
    assert all(p.get("roles") for p in persons)
    assert all(r[2] for p in persons for r in p["roles"])  # every office has a start date
    reg = actor_registry()
    covered = {r.actor for p in persons for r in reg.get(p["name"]).roles}  # countries: the test below
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


# -- breadth (issue 19): ministers, legislature heads and party leaders named in the demo corpus,
# typed by the office they held on the article's date (a former office types nothing).
DEMO_OFFICES = [
    # (article date in the demo export, name as written there, country on that date or None, title)
    ("2017-09-21", "Itsunori Onodera", "Japan", "defence minister"),
    ("2019-06-04", "Jeremy Corbyn", "United Kingdom", "Labour Party leader"),
    ("2018-06-25", "John Bolton", "United States", "national security adviser"),
    ("2013-03-28", "Chuck Hagel", "United States", "secretary of defense"),
    ("2018-02-11", "Lee Nak-yeon", "South Korea", "prime minister"),
    ("2016-01-06", "Philip Hammond", "United Kingdom", "foreign secretary"),
    ("2020-04-08", "Jim Clyburn", "United States", "House majority whip"),
    # "then-U.S. Attorney General Jeff Sessions": out of office since 2018-11-07
    ("2018-11-15", "Jeff Sessions", None, None),
    # "former Secretary of Defense Robert Gates"
    ("2016-04-06", "Robert Gates", None, None),
]


def _demo_article(texts: list[tuple[str | None, str]], date: str, name: str) -> str:
    for day, text in texts:
        if day == date and name in text:
            return text
    raise AssertionError(f"{name} ({date}) is not in the demo export")


def test_every_entry_names_its_source_and_every_country_is_covered(persons: list[dict]) -> None:
    assert len(persons) >= 450
    reg = actor_registry()
    per_country: dict[str, int] = {}
    for p in persons:
        assert p.get("source", "").startswith("Wikipedia: "), p["name"]
        for r in reg.get(p["name"]).roles:
            per_country[r.actor] = per_country.get(r.actor, 0) + 1
    for code in G20_PLUS:  # legislature, finance, defence, interior and party offices for each
        assert per_country.get(reg.by_code(code).name, 0) >= 10, code
    assert per_country["European Commission"] >= 15


def test_new_aliases_collide_with_no_other_actor(persons: list[dict]) -> None:
    """Full names and aliases match anywhere, so none may be another actor's form; a surname
    many people share is a ``short`` form (counted only after the full name), never an alias."""
    from storylens.registry import clean_form

    reg = actor_registry()
    names = {p["name"] for p in persons}
    owners: dict[str, set[str]] = {}
    for form, actor, via in reg.surface_forms():
        if via != "short":
            owners.setdefault(clean_form(form).casefold(), set()).add(actor.name)
    shared = {f: o for f, o in owners.items() if len(o) > 1 and o & names}
    assert not shared, shared
    places = {clean_form(p).casefold() for p in reg.places}
    for name in names:
        person = reg.get(name)
        assert not {clean_form(f).casefold() for f in (person.name, *person.aliases, *person.short)} & places, name
    for ambiguous in ("Golan", "Tito", "Lieberman", "Gates", "Sessions", "Johnson", "Kim", "Lee", "Wang", "Singh"):
        assert all(ambiguous not in reg.get(n).aliases for n in names), ambiguous
    assert reg.lookup("Lieberman").name == "Avigdor Lieberman"  # lookup() still knows the short form


@pytest.fixture(scope="module")
def actor_stage():
    from storylens.enrich.actors import ActorStage
    from storylens.enrich.nlp import load_english

    nlp = load_english()
    return nlp, ActorStage(nlp=nlp)


@pytest.mark.parametrize(("date", "name", "country", "title"), DEMO_OFFICES)
def test_demo_ministers_are_typed_by_the_office_held_that_day(actor_stage, demo_texts, date, name, country,
                                                              title) -> None:
    nlp, stage = actor_stage
    text = _demo_article(demo_texts, date, name)
    ms = stage.mentions(nlp(text), text, date)
    spans = {(m.start, m.end) for m in ms if m.actor == name and m.kind == "person"}
    assert spans, f"{name} not found in the demo article of {date}"
    typed = {m.actor for m in ms if (m.start, m.end) in spans and m.via == "person"}
    reg = actor_registry()
    role = reg.role_at(name, date)
    if country is None:  # a former office-holder: a person, but no country speaks through him
        assert not typed and role is None
    else:
        assert typed == {country} and role is not None and role.title == title
