"""The actor and outlet registries: case rules, dates, affiliations, user files."""

from __future__ import annotations

from pathlib import Path

import pytest

from storylens.registry import (
    RegistryError,
    actor_registry,
    load_registry,
    outlet_registry,
)


@pytest.fixture(scope="module")
def reg():
    return actor_registry()


def test_registry_every_iso_country_is_an_actor(reg):
    import pycountry

    codes = {a.code for a in reg.countries()}
    assert {c.alpha_2 for c in pycountry.countries} <= codes


@pytest.mark.parametrize(
    ("form", "actor"),
    [
        ("U.S.", "United States"), ("US", "United States"), ("u.s.", "United States"),
        ("USA", "United States"), ("America", "United States"), ("Americans", "United States"),
        ("Washington", "United States"), ("the White House", "United States"),
        ("China", "China"), ("PRC", "China"), ("Chinese", "China"), ("Beijing", "China"),
        ("the Kremlin", "Russia"), ("Moscow", "Russia"), ("Pyongyang", "North Korea"),
        ("DPRK", "North Korea"), ("UK", "United Kingdom"), ("Downing Street", "United Kingdom"),
        ("British", "United Kingdom"), ("Türkiye", "Turkey"), ("Norway", "Norway"),
        ("WHO", "World Health Organization"), ("NATO", "NATO"), ("IFJ", "International Federation of Journalists"),
        ("Xi Jinping", "Xi Jinping"), ("Xinhua", "Xinhua"),
    ],
)
def test_registry_lookup_aliases(reg, form, actor):
    found = reg.lookup(form)
    assert found is not None and found.name == actor


@pytest.mark.parametrize("form", ["us", "who", "South China Sea", "East China Sea", "nothing at all"])
def test_registry_lookup_refuses_words_and_places(reg, form):
    assert reg.lookup(form) is None


def test_registry_person_country_by_date(reg):
    assert reg.country_of("Xi Jinping") == "China"
    assert reg.country_of("Joe Biden", "2021-01-20") == "United States"
    assert reg.country_of("Joe Biden", "2024-12-31") == "United States"
    assert reg.country_of("Joe Biden", "2025-01-20", in_office=True) is None
    assert reg.role_at("Joe Biden", "2022-06-01").title == "president"
    assert reg.role_at("Joe Biden", "2019-06-01") is None
    assert reg.country_of("Donald Trump", "2025-06-01") == "United States"
    # speaking for an organisation, not a country
    assert reg.actor_of("António Guterres", "2020-01-01") == "United Nations"
    assert reg.country_of("António Guterres", "2020-01-01") is None


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("a political scientist at Nanjing University", "China"),
        ("Beijing-based independent analyst", "China"),
        ("U.S. President", "United States"),
        ("Xinhua", "China"),
        ("state news agency Xinhua", "China"),
        ("a mainland-based media and communications expert", "China"),
        ("Chinese observers", "China"),
        ("a researcher on the South China Sea", None),
        ("International Federation of Journalists", None),
        ("an official who declined to be named", None),
        # a post *to* a country or body is not an affiliation with it (issue 19; before: the
        # destination): the sender when the descriptor names one, else unknown
        ("the ambassador to China", None),
        ("the U.S. ambassador to China", "United States"),
        ("China's ambassador to the United States", "China"),
        ("Japan's envoy to the UN", "Japan"),
        ("U.N. Ambassador", None),
        ("the special representative for Afghanistan reconciliation", None),
        ("a member of the delegation to Russia", None),
        ("who returned from a visit to Russia", None),
        ("the US envoy in Kabul", "United States"),
        ("senior adviser to the Iranian government", "Iran"),
    ],
)
def test_registry_resolve_affiliation(reg, text, country):
    assert reg.resolve_affiliation(text) == country


def test_registry_user_file_adds_and_overrides(tmp_path: Path):
    f = tmp_path / "mine.yaml"
    f.write_text(
        "persons:\n"
        "  - {name: Gu Su, country: CN}\n"
        "  - {name: Joe Biden, country: US, roles: [[senator, US, 1973-01-03, 2009-01-15]]}\n"
        "organisations:\n  - {name: Acme Institute, aliases: [ACME], kind: think-tank, country: DE}\n",
        encoding="utf-8",
    )
    reg = load_registry("actors", [f])
    assert reg.country_of("Gu Su") == "China"
    assert reg.lookup("ACME").country == "Germany"
    assert reg.role_at("Joe Biden", "2000-01-01").title == "senator"
    assert reg.role_at("Joe Biden", "2022-01-01") is None  # the user's entry replaced ours


def test_registry_bad_user_file_names_the_problem(tmp_path: Path):
    f = tmp_path / "bad.yaml"
    f.write_text("persons:\n  - {name: X, country: Atlantis}\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="Atlantis"):
        load_registry("actors", [f])
    with pytest.raises(RegistryError, match="not found"):
        load_registry("actors", [tmp_path / "missing.yaml"])


def test_registry_outlets_by_domain_and_name():
    out = outlet_registry()
    x = out.lookup("https://english.news.xinhuanet.com/2021/06/01/c_1.htm")
    assert x is not None and x.name == "Xinhua" and x.type == "state-controlled" and x.country == "CN"
    assert out.lookup("Xinhua News Agency").domain == "xinhuanet.com"
    assert out.lookup("example.invalid") is None


def test_registry_outlets_cover_state_media_and_wires():
    out = outlet_registry()
    assert len(out) >= 300
    state = {"xinhuanet.com": "CN", "chinadaily.com.cn": "CN", "cgtn.com": "CN", "globaltimes.cn": "CN",
             "people.com.cn": "CN", "rt.com": "RU", "sputniknews.com": "RU", "tass.com": "RU",
             "presstv.ir": "IR", "kcna.kp": "KP"}
    for domain, country in state.items():
        o = out.lookup(domain)
        assert o is not None and o.type == "state-controlled" and o.country == country, domain
    for domain in ("reuters.com", "apnews.com", "afp.com"):
        assert out.lookup(domain).type == "wire"
    assert out.lookup("https://www.bbc.co.uk/news").type == "public-broadcaster"
    assert out.lookup("abcnews.go.com").name == "ABC News"  # its own entry, not go.com
    assert {o.type for o in out.outlets.values()} == {"state-controlled", "public-broadcaster", "private", "wire", "other"}


def test_registry_outlet_user_file_overrides(tmp_path: Path):
    f = tmp_path / "o.yaml"
    f.write_text("outlets:\n  - {domain: example.org, name: Example, country: DE, type: private}\n"
                 "  - {domain: rt.com, name: RT, country: RU, type: other}\n", encoding="utf-8")
    out = load_registry("outlets", [f])
    assert out.lookup("news.example.org").country == "DE"
    assert out.lookup("rt.com").type == "other"
    f.write_text("outlets:\n  - {domain: x.org, name: X, type: tabloid}\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="tabloid"):
        load_registry("outlets", [f])


def test_registry_every_role_is_dated_and_resolves():
    reg = actor_registry()
    for a in reg.actors.values():
        for r in a.roles:
            assert r.actor in reg.actors, (a.name, r)
            assert r.start is not None, (a.name, r)
            assert r.end is None or r.start < r.end, (a.name, r)


def test_lookup_of_an_all_caps_dotted_form_terminates(reg):
    # before: RecursionError (its title case stays upper case), and resolve_affiliation with it,
    # on an appositive in an AllSides article
    assert reg.lookup("A.B.C.D.E.F.") is None
    assert reg.resolve_affiliation("a U.S.-R.O.K. joint exercise planner") == "United States"
    assert reg.lookup("UNITED STATES").name == "United States"
