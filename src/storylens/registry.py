"""Actor and outlet registries: packaged data files plus the user's own, through one loader.

Both registries are plain YAML documents under ``storylens/data/actors/`` and
``storylens/data/outlets/``. A user file has the same shape and goes through
the same loader (``load_documents``), after the packaged files, so it can add
entries or override packaged ones by name (actors) or domain (outlets)::

    from storylens.registry import actor_registry, outlet_registry
    actors = actor_registry()                      # packaged data only
    actors = actor_registry(["my_actors.yaml"])    # plus a user file
    actors.lookup("U.S.").name                     # 'United States'
    actors.country_of("Joe Biden", "2022-03-01")   # 'United States'
    actors.resolve_affiliation("a political scientist at Nanjing University")  # 'China'
    outlet_registry().lookup("https://www.xinhuanet.com/x").type  # 'state-controlled'

User files can also be named by the environment: ``STORYLENS_ACTOR_FILES`` and
``STORYLENS_OUTLET_FILES`` (paths separated by ``os.pathsep``).

Case rules (``lookup`` and the text matcher in ``storylens.enrich.actors``):

* Short all-capital acronyms (``US``, ``UK``, ``UN``, ``WHO``, ``EU``) match
  only in capitals, so "us" and "who" never resolve; their dotted forms
  (``U.S.``, ``U.K.``) match with or without the dots.
* Any other alias matches case-insensitively in ``lookup`` (it is an explicit
  question), but in running text only as written or in all capitals (a
  headline): "turkey" the bird and "china" the porcelain do not match.
* Entries listed under ``places`` in a data file ("South China Sea",
  "Georgia Strait") are places, not actors: the longest match wins, so they
  shadow the country name inside them.
* Aliases listed under ``ambiguous`` ("Georgia", "Jordan", "Chad",
  "Turkey") carry cue words: when the article shows the other reading
  (Atlanta for Georgia, the US state; Thanksgiving for turkey; a person's
  first name before Jordan) the mention is dropped.

Country actors are built from ISO 3166 (``pycountry``: every country and
territory) and enriched by ``data/actors/countries.yaml`` (common names, short
forms, demonyms, capitals and seats of power used as metonyms, major cities
used only as affiliation cues).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from storylens.errors import StoryLensError

ACTOR_KINDS = ("country", "person", "organisation")
OUTLET_TYPES = ("state-controlled", "public-broadcaster", "private", "wire", "other")
REGISTRY_KINDS = ("actors", "outlets")
# Languages whose articles the actor stage matches (besides English): pycountry's translated
# country names for each (gettext locale in brackets), plus the per-language forms of
# data/actors/languages.yaml. A language is listed only when it has hand-written forms too
# (case forms, adjectives, capitals, leaders), so translated names alone never claim coverage.
FOREIGN_LANGUAGES = {"ar": "ar", "de": "de", "es": "es", "fr": "fr", "it": "it", "pl": "pl",
                     "ru": "ru", "zh": "zh_CN"}
VIAS = ("name", "demonym", "metonym")
ENV_FILES = {"actors": "STORYLENS_ACTOR_FILES", "outlets": "STORYLENS_OUTLET_FILES"}


class RegistryError(StoryLensError):
    """A registry data file is malformed (the message names the file and the entry)."""


# --------------------------------------------------------------------------- records
@dataclass(frozen=True, slots=True)
class Role:
    """An office held by a person, in the name of ``actor`` (a country or an organisation).

    Dates are ISO strings: ``start`` inclusive, ``end`` exclusive, None when open.
    """

    title: str
    actor: str
    start: str | None = None
    end: str | None = None  # None: still in office (as of the data file)

    def covers(self, when: str | date | None) -> bool:
        if when is None:
            return self.end is None
        day = when.isoformat() if isinstance(when, date) else str(when)[:10]
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Actor:
    """A country, person or organisation that articles talk about."""

    name: str  # canonical name: the actor id in mentions and tones
    kind: str  # country | person | organisation
    aliases: tuple[str, ...] = ()  # other names (full forms, short forms, acronyms)
    demonyms: tuple[str, ...] = ()  # Chinese, Americans (countries)
    metonyms: tuple[str, ...] = ()  # Beijing, the Kremlin (countries)
    places: tuple[str, ...] = ()  # cities and regions: affiliation cues only, never mentions
    code: str | None = None  # ISO 3166 alpha-2 for countries
    country: str | None = None  # organisations and persons: the country actor they belong to
    roles: tuple[Role, ...] = ()  # persons: offices with date ranges
    org_kind: str | None = None  # organisations: intergovernmental, state-media, party, ...
    represents: bool = False  # organisation/person mentions also count for ``country``
    short: tuple[str, ...] = ()  # forms matched once the full name was seen: surnames, "the Commission"
    gender: str | None = None  # persons: "f" | "m", for he/she coreference only
    # persons: "YYYY-MM-DD what the entry was compared with" when someone checked its offices
    # and dates against a source; None = unverified (written from memory of the named source)
    checked: str | None = None
    doubt: str | None = None  # persons: what a reviewer found doubtful in the entry, if anything

    def surfaces(self) -> Iterator[tuple[str, str]]:
        """(form, via) for every form that names this actor in text."""
        yield self.name, "name"
        for a in self.aliases:
            yield a, "name"
        for d in self.demonyms:
            yield d, "demonym"
        for m in self.metonyms:
            yield m, "metonym"


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """An alias with another common reading; ``cues`` in the article reveal that reading."""

    alias: str
    reading: str  # what else it is: "US state", "bird", "person's name"
    cues: tuple[str, ...] = ()  # words or phrases whose presence means the other reading
    person_name: bool = False  # drop when spaCy reads the span as part of a PERSON


@dataclass(frozen=True, slots=True)
class Outlet:
    domain: str
    name: str
    country: str | None  # ISO 3166 alpha-2
    type: str  # state-controlled | public-broadcaster | private | wire | other
    aliases: tuple[str, ...] = ()
    owner: str | None = None


# --------------------------------------------------------------------------- loader
def _parse_yaml(text: str) -> Any:
    import yaml  # imported on a cache miss only (see load_documents)

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}


def packaged_files(kind: str) -> list[Path]:
    """The packaged data files of one registry, in name order."""
    if kind not in REGISTRY_KINDS:
        raise RegistryError(f"unknown registry {kind!r}; choose one of {', '.join(REGISTRY_KINDS)}")
    folder = resources.files("storylens") / "data" / kind
    out = [Path(str(e)) for e in folder.iterdir() if e.name.endswith((".yaml", ".yml"))]
    return sorted(out, key=lambda p: p.name)


def user_files(kind: str, paths: Sequence[str | os.PathLike[str]] | None = None,
               *, env: bool = True) -> list[Path]:
    names = os.environ.get(ENV_FILES[kind], "") if env else ""
    out = [Path(p) for p in names.split(os.pathsep) if p.strip()]
    out.extend(Path(p) for p in paths or ())
    for p in out:
        if not p.exists():
            raise RegistryError(f"{kind} registry file not found: {str(p)!r}. Check the path.")
    return out


def load_documents(kind: str, paths: Sequence[str | os.PathLike[str]] | None = None,
                   *, packaged: bool = True, env: bool = True) -> list[tuple[Path, dict[str, Any]]]:
    """Read every data file of a registry: packaged first, then $STORYLENS_<KIND>_FILES (when
    ``env``), then ``paths``. Returns (path, mapping) pairs."""
    files = (packaged_files(kind) if packaged else []) + user_files(kind, paths, env=env)
    from storylens.diskcache import cached_parse

    docs = []
    for p in files:
        try:
            # parsed once per machine per file content, then read back as JSON (storylens.diskcache)
            data = cached_parse("registry-yaml", p.read_text(encoding="utf-8"), _parse_yaml)
        except Exception as exc:
            import yaml

            if isinstance(exc, yaml.YAMLError):
                raise RegistryError(f"{kind} registry file {str(p)!r} is not valid YAML: {exc}") from exc
            raise
        if not isinstance(data, dict):
            raise RegistryError(f"{kind} registry file {str(p)!r} must hold a mapping at the top level")
        docs.append((p, data))
    return docs


# --------------------------------------------------------------------------- normalising
_WS = re.compile(r"\s+")
_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'", "\u00a0": " "})


def clean_form(text: str) -> str:
    """NFKC, straight apostrophes, collapsed whitespace, no leading 'the '."""
    t = _WS.sub(" ", unicodedata.normalize("NFKC", text).translate(_APOS)).strip()
    if t[:4].lower() == "the " and len(t) > 4:
        t = t[4:]
    return t


def is_cased(form: str) -> bool:
    """Acronyms that are also words in lower case (US/us, WHO/who) match only as written."""
    bare = form.replace(".", "")
    return "." not in form and bare.isupper() and len(bare) <= 5


def _keys(form: str) -> list[tuple[str, bool]]:
    """Lookup keys for a form: (key, exact). Cased forms keep their case; dotted forms lose dots."""
    f = clean_form(form)
    out: list[tuple[str, bool]] = []
    if is_cased(f):
        out.append((f, True))
    else:
        out.append((f.casefold(), False))
        if "." in f and f.replace(".", "").isalpha():  # U.S. -> US (cased), u.s -> u.s.
            out.append((f.replace(".", ""), True))
            out.append((f.rstrip(".").casefold(), False))
    return out


def _tuple(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise RegistryError(f"{where}: expected a name or a list of names, got {value!r}")


def _code_text(value: Any) -> str:
    """YAML 1.1 reads an unquoted NO (Norway) as false: take it back."""
    if value is False:
        return "NO"
    return str(value)


def _date(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


# --------------------------------------------------------------------------- actors
@dataclass
class ActorRegistry:
    """Every actor by canonical name, with alias lookup and country resolution."""

    actors: dict[str, Actor] = field(default_factory=dict)
    places: tuple[str, ...] = ()  # phrases that are places, not actors
    ambiguous: dict[str, Ambiguity] = field(default_factory=dict)
    _exact: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    _folded: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    _by_code: dict[str, str] = field(default_factory=dict)
    # language -> (form, actor name, via): names in other languages and scripts; a form ending
    # in "*" is a stem (see data/actors/languages.yaml). English text never looks at these.
    foreign: dict[str, tuple[tuple[str, str, str], ...]] = field(default_factory=dict)

    # -- building ----------------------------------------------------------
    def add(self, actor: Actor) -> None:
        if actor.kind not in ACTOR_KINDS:
            raise RegistryError(f"actor {actor.name!r}: kind {actor.kind!r} is not one of {ACTOR_KINDS}")
        self.actors[actor.name] = actor
        if actor.code:
            self._by_code[actor.code.upper()] = actor.name

    def _index(self) -> None:
        self._exact.clear()
        self._folded.clear()
        for actor in self.actors.values():
            forms = list(actor.surfaces())
            forms += [(s, "name") for s in actor.short]
            for form, via in forms:
                for key, exact in _keys(form):
                    table = self._exact if exact else self._folded
                    entry = (actor.name, via)
                    bucket = table.setdefault(key, [])
                    if entry not in bucket:
                        bucket.append(entry)
        for forms in self.foreign.values():  # "Россия", "俄罗斯" look up as Russia
            for form, name, via in forms:
                if form.endswith("*"):
                    continue
                for key, exact in _keys(form):
                    table = self._exact if exact else self._folded
                    if key not in table:
                        table[key] = [(name, via)]

    def languages(self) -> tuple[str, ...]:
        """Languages other than English whose articles the actor stage covers."""
        return tuple(sorted(lang for lang in self.foreign if lang != "all"))

    # -- lookups -------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.actors)

    def __contains__(self, name: str) -> bool:
        return name in self.actors

    def get(self, name: str) -> Actor | None:
        """By canonical name, ISO alpha-2 code, or any alias."""
        return self.actors.get(name) or self.lookup(name)

    def by_code(self, code: str) -> Actor | None:
        name = self._by_code.get(code.upper())
        return self.actors[name] if name else None

    def candidates(self, form: str) -> list[tuple[Actor, str]]:
        """Every (actor, via) a form may name: exact-case acronyms first, then case-insensitive."""
        out: list[tuple[Actor, str]] = []
        seen: set[str] = set()
        for key, exact in _keys(form):
            for name, via in (self._exact if exact else self._folded).get(key, []):
                if name not in seen:
                    seen.add(name)
                    out.append((self.actors[name], via))
        if not out:  # a cased key asked in another case: "Us" is no acronym, "UN" is
            f = clean_form(form)
            if f.isupper() and len(f) > 5 and not f.title().isupper():  # "U.S.-R.O.K." stays upper
                return self.candidates(f.title())
        return out

    def lookup(self, form: str, when: str | date | None = None) -> Actor | None:
        """The actor a name, alias, demonym or metonym stands for; None if unknown or a place.

        Persons sharing a surname are told apart by ``when`` (who held office then).
        """
        if clean_form(form).casefold() in self._place_keys:
            return None
        found = self.candidates(form)
        if not found:
            return None
        if len(found) > 1 and when is not None:
            in_office = [a for a, _ in found if a.kind == "person" and any(r.covers(when) for r in a.roles)]
            if in_office:
                return in_office[0]
        return found[0][0]

    @property
    def _place_keys(self) -> frozenset[str]:
        return _place_keys(self.places)

    def is_place(self, form: str) -> bool:
        return clean_form(form).casefold() in self._place_keys

    def role_at(self, person: str, when: str | date | None = None) -> Role | None:
        actor = self.get(person)
        if actor is None or actor.kind != "person" or not actor.roles:
            return None
        for r in actor.roles:
            if r.covers(when):
                return r
        return None

    def country_of(self, name: str, when: str | date | None = None, *,
                   in_office: bool = False) -> str | None:
        """The country actor a country, person or organisation belongs to.

        Persons: the country of the office they held at ``when`` (Joe Biden ->
        United States from 2021-01-20 to 2025-01-20). Outside any office, their
        ``country`` (nationality) unless ``in_office`` is set. Without ``when``,
        the current office or, failing that, the latest.
        """
        actor = self.get(name)
        if actor is None:
            return None
        if actor.kind == "country":
            return actor.name
        if actor.kind == "person":
            role = self.role_at(actor.name, when)
            if role:
                held = self.actors.get(role.actor)
                if held is not None and held.kind == "country":
                    return held.name
                if held is not None and held.country:
                    return held.country
                return None  # speaks for a body with no country (UN, NATO, EU)
            if in_office:
                return None
            if actor.country:
                return actor.country
            if when is None and actor.roles:
                return self.country_of(actor.roles[-1].actor)
            return None
        return actor.country

    def actor_of(self, name: str, when: str | date | None = None) -> str | None:
        """The country or organisation a person speaks for at ``when`` (their office); else
        ``country_of``. "Antonio Guterres" in 2020 -> United Nations; "Xi Jinping" -> China."""
        actor = self.get(name)
        if actor is None:
            return None
        if actor.kind == "person":
            role = self.role_at(actor.name, when)
            if role and role.actor:
                return role.actor
        return self.country_of(actor.name, when)

    def resolve_affiliation(self, text: str, when: str | date | None = None) -> str | None:
        """The country an affiliation or descriptor points to, when it shows one.

        "Xinhua" -> China (a registered organisation with a country);
        "a political scientist at Nanjing University" -> China (a city cue);
        "Beijing-based independent analyst" -> China (a metonym cue);
        "U.S. President" -> United States. Returns None when nothing tells.
        A country or body the post is *to* is not the affiliation: "the ambassador to China"
        -> None, "Japan's envoy to the UN" -> Japan, "U.N. Ambassador" -> None.
        """
        if not text or not text.strip():
            return None
        whole = self.lookup(text, when)
        if whole is not None:
            return self.country_of(whole.name, when)
        for form, i, n, words in _scan_hits(self, text):
            actor = self.lookup(form, when)
            after = words[i + n] if i + n < len(words) else ""
            kind = actor.kind if actor is not None else "country"
            if is_destination([w.lower() for w in words[max(0, i - 4):i]], after, kind):
                continue  # "the ambassador to China", "a visit to Russia", "UN ambassador"
            if actor is not None and actor.kind == "person" and form in actor.short:
                continue  # a surname many share names no one alone: "TS Lombard", "Lockheed Martin"
            if actor is not None:
                country = self.country_of(actor.name, when)
                if country:
                    return country
            cue = self.place_country(form)
            if cue:
                return cue
        return None

    def place_country(self, form: str) -> str | None:
        """The country of a city or region listed as a cue (Nanjing -> China)."""
        return _place_index(self).get(clean_form(form).casefold())

    def surface_forms(self) -> Iterator[tuple[str, Actor, str]]:
        """(form, actor, via) for every form the text matcher should look for."""
        for actor in self.actors.values():
            for form, via in actor.surfaces():
                yield form, actor, via
            for s in actor.short:
                yield s, actor, "short"

    def cue_forms(self) -> Iterator[str]:
        """Every form ``resolve_affiliation`` scans for (surfaces and place cues)."""
        for form, _, _ in self.surface_forms():
            yield form
        for actor in self.actors.values():
            yield from actor.places

    def unverified(self) -> list[Actor]:
        """Persons whose offices and dates nobody has checked against a source (no ``checked``
        in their entry), doubtful ones (``doubt``) first."""
        persons = [a for a in self.actors.values() if a.kind == "person" and not a.checked]
        return sorted(persons, key=lambda a: (a.doubt is None, a.name))

    def countries(self) -> list[Actor]:
        return [a for a in self.actors.values() if a.kind == "country"]


_CHECKED = re.compile(r"\d{4}-\d{2}-\d{2} \S.{4,}")
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_](?:[\w']*[^\W_])?")


def _form_rule(form: str) -> str:
    """How a form may match in running text: 'cased' (as written), 'title' (starts with a
    capital, any case after) or 'any' (written in lower case in the data: "mainland-based")."""
    if is_cased(form):
        return "cased"
    return "any" if form[:1].islower() else "title"


def _scan_index(reg: ActorRegistry) -> tuple[dict[str, tuple[str, str]], int]:
    """Cue key (words joined, casefolded unless cased) -> (rule, form as in the data), and
    the longest form in words."""
    idx = reg.__dict__.get("_scan_cache")
    if idx is None:
        forms: dict[str, tuple[str, str]] = {}
        longest = 1
        for f in reg.cue_forms():
            f = clean_form(f)
            n = len(_TOKEN.findall(f))
            longest = max(longest, n)
            key = " ".join(_TOKEN.findall(f))
            rule = _form_rule(f)
            key = key if rule == "cased" else key.casefold()
            if key not in forms or forms[key][0] != "any":
                forms[key] = (rule, f)
        for p in reg.places:
            p = clean_form(p)
            forms[" ".join(_TOKEN.findall(p)).casefold()] = (_form_rule(p), p)
        idx = (forms, longest)
        reg.__dict__["_scan_cache"] = idx
    return idx


def scan(reg: ActorRegistry, text: str) -> Iterator[str]:
    """Registry forms (as written in the data) found in a short text, longest first (no spaCy).

    Case rules as in running text: acronyms as written, other forms only when
    they start with a capital ("Turkey", not "turkey"). Places shadow the
    names inside them ("South China Sea" yields the place, not China).
    """
    for form, _, _, _ in _scan_hits(reg, text):
        yield form


def _scan_hits(reg: ActorRegistry, text: str) -> Iterator[tuple[str, int, int, list[str]]]:
    """``scan`` with where each form sits: (form, first word, words, the text's words)."""
    forms, longest = _scan_index(reg)
    words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in _TOKEN.findall(text.translate(_APOS))]
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            phrase = " ".join(words[i:i + n])
            hit = forms.get(phrase)
            if hit is None or hit[0] != "cased":
                hit = forms.get(phrase.casefold())
                if hit is not None and (hit[0] == "cased" or (hit[0] == "title" and not phrase[:1].isupper())):
                    hit = None
            if hit is not None:
                yield hit[1], i, n, words
                i += n
                break
        else:
            i += 1


# Where a country or organisation is the destination or the subject of a post rather than the
# body the person belongs to: "ambassador to China", "envoy for Afghanistan", "the delegation to
# the UN", "a visit to Russia", "special rapporteur on Myanmar", "an expert on North Korea", "UN
# ambassador" (the US envoy to the UN). Only after such a post's noun: "of", "at" and "from" give
# the affiliation ("minister of Japan", "a researcher at Peking University"), and so do "to" after
# another noun ("adviser to the Iranian government") and a preposition of the clause around the
# descriptor ("a press conference with Spanish Prime Minister Mariano Rajoy").
DESTINATION_PREPOSITIONS = frozenset({"to", "for", "in"})
TOPIC_PREPOSITIONS = frozenset({"on", "toward", "towards", "against", "about", "over", "regarding",
                                "vis-a-vis", "vis-à-vis"})
DESTINATION_HEADS = frozenset({
    "ambassador", "ambassadors", "envoy", "envoys", "emissary", "emissaries", "representative",
    "representatives", "delegation", "delegations", "delegate", "delegates", "visit", "visits",
    "trip", "trips", "mission", "missions", "consul", "consul-general", "coordinator", "czar",
    "tsar", "rapporteur", "negotiator", "negotiators", "chargé", "charge", "attaché", "attache",
    "nominee", "posting", "travel", "tour", "journey",
})
TOPIC_HEADS = DESTINATION_HEADS | frozenset({
    "expert", "experts", "specialist", "specialists", "analyst", "analysts", "scholar", "scholars",
    "watcher", "watchers", "hawk", "hawks", "adviser", "advisor", "policy", "sanctions",
})
ENVOY_TO_BODY = frozenset({"ambassador", "ambassadors"})  # "UN ambassador", "NATO ambassador"
# a country named as a field of study or work: "China studies", "Russia expert", "Asia research"
TOPIC_AFTER = frozenset({"studies", "research", "researcher", "researchers", "expert", "experts",
                         "specialist", "specialists", "analyst", "analysts", "watcher", "watchers",
                         "scholar", "scholars", "hand", "hands", "hawk", "hawks", "desk", "program",
                         "programme", "policy", "affairs"})


def is_destination(before: list[str], after: str, kind: str) -> bool:
    """Whether an actor named right after the words ``before`` (lower case, nearest last;
    articles are skipped) and right before the word ``after`` is the destination or subject of a
    post, not the affiliation: "ambassador to [China]", "envoy for [Afghanistan]", "visit to
    [Russia]", "expert on [North Korea]", "[UN] ambassador" (an organisation before
    "ambassador": a country's envoy to it)."""
    words = [w for w in before if w not in ("the", "a", "an")]
    if kind == "organisation" and after.lower() in ENVOY_TO_BODY:
        return True
    if after.lower() in TOPIC_AFTER:
        return True
    if len(words) < 2:
        return False
    prep, heads = words[-1], words[-3:-1]  # the post's noun right before, or one word earlier
    if prep in DESTINATION_PREPOSITIONS:
        return any(h in DESTINATION_HEADS for h in heads)
    if prep in TOPIC_PREPOSITIONS:
        return any(h in TOPIC_HEADS for h in heads)
    return False
    prep = words[-1]
    if prep in TOPIC_PREPOSITIONS:
        return True
    if prep in DESTINATION_PREPOSITIONS:
        # the post's noun is right before the preposition, or one word earlier ("visit last week to")
        heads = words[-3:-1]
        return any(h in DESTINATION_HEADS for h in heads)
    return False


@lru_cache(maxsize=8)
def _place_keys(places: tuple[str, ...]) -> frozenset[str]:
    return frozenset(clean_form(p).casefold() for p in places)


def _place_index(reg: ActorRegistry) -> dict[str, str]:
    idx: dict[str, str] | None = reg.__dict__.get("_place_cache")
    if idx is None:
        idx = {}
        for a in reg.actors.values():
            for p in a.places:
                idx.setdefault(clean_form(p).casefold(), a.country if a.kind != "country" else a.name)  # type: ignore[arg-type]
        reg.__dict__["_place_cache"] = idx
    return idx


def _country_base() -> dict[str, dict[str, Any]]:
    """Every ISO 3166 country and territory from pycountry: alpha-2 -> fields."""
    import pycountry

    out: dict[str, dict[str, Any]] = {}
    for c in pycountry.countries:
        common = getattr(c, "common_name", None)
        official = getattr(c, "official_name", None)
        name = common or c.name
        aliases = [n for n in (c.name, official) if n and n != name and "," not in n]
        out[c.alpha_2] = {"name": name, "aliases": aliases, "code": c.alpha_2}
    return out


def _merge_list(old: Sequence[str], new: Sequence[str]) -> list[str]:
    out = list(old)
    for x in new:
        if x not in out:
            out.append(x)
    return out


def build_actor_registry(docs: Iterable[tuple[Path, dict[str, Any]]]) -> ActorRegistry:
    """Assemble actors from loaded documents (see ``load_documents``).

    Document keys: ``countries`` (alpha-2 -> fields, merged over pycountry),
    ``persons`` / ``organisations`` (lists of entries, later files override
    earlier ones by ``name``), ``places`` (list of phrases), ``ambiguous``
    (alias -> {reading, cues, person_name}).
    """
    countries = _country_base()
    persons: dict[str, dict[str, Any]] = {}
    orgs: dict[str, dict[str, Any]] = {}
    places: list[str] = []
    ambiguous: dict[str, Ambiguity] = {}
    foreign_raw: list[tuple[str, str, str, str, str]] = []  # (lang, actor key, form, via, file)
    for path, doc in docs:
        unknown = set(doc) - {"countries", "persons", "organisations", "places", "ambiguous", "about", "languages"}
        if unknown:
            raise RegistryError(
                f"actor registry file {str(path)!r}: unknown top-level keys {sorted(unknown)}; "
                "use countries, persons, organisations, places, ambiguous, languages"
            )
        for code, fields in (doc.get("countries") or {}).items():
            code = _code_text(code).upper()
            if not isinstance(fields, dict):
                raise RegistryError(f"{path}: countries.{code} must be a mapping")
            base = countries.setdefault(code, {"name": fields.get("name") or code, "code": code, "aliases": []})
            if "name" in fields and fields["name"] != base["name"]:
                base["aliases"] = _merge_list(base.get("aliases", []), [base["name"]])
                base["name"] = fields["name"]
            for key in ("aliases", "demonyms", "metonyms", "places"):
                if key in fields:
                    base[key] = _merge_list(base.get(key, []), _tuple(fields[key], f"{path}: countries.{code}.{key}"))
            drop = set(_tuple(fields.get("not_aliases"), f"{path}: countries.{code}.not_aliases"))
            if drop:  # an ISO name that news uses for another country ("Congo" is mostly the DRC)
                base["aliases"] = [a for a in base.get("aliases", []) if a not in drop]
        for key, target in (("persons", persons), ("organisations", orgs)):
            for entry in doc.get(key) or []:
                if not isinstance(entry, dict) or "name" not in entry:
                    raise RegistryError(f"{path}: every entry under {key} needs a name, got {entry!r}")
                target[entry["name"]] = {**entry, "_file": str(path)}
        places.extend(_tuple(doc.get("places"), f"{path}: places"))
        for lang, entries in (doc.get("languages") or {}).items():
            if not isinstance(entries, dict):
                raise RegistryError(f"{path}: languages.{lang} must map actors to their forms")
            for key, fields in entries.items():
                if not isinstance(fields, dict) or set(fields) - set(VIAS):
                    raise RegistryError(f"{path}: languages.{lang}.{key} must be a mapping of {', '.join(VIAS)}")
                for via in VIAS:
                    for form in _tuple(fields.get(via), f"{path}: languages.{lang}.{key}.{via}"):
                        foreign_raw.append((str(lang), _code_text(key), form, via, str(path)))
        for alias, fields in (doc.get("ambiguous") or {}).items():
            fields = fields or {}
            ambiguous[alias] = Ambiguity(
                alias=alias, reading=str(fields.get("reading", "other")),
                cues=_tuple(fields.get("cues"), f"{path}: ambiguous.{alias}.cues"),
                person_name=bool(fields.get("person_name", False)),
            )

    reg = ActorRegistry(places=tuple(dict.fromkeys(places)), ambiguous=ambiguous)
    for code, f in countries.items():
        names = [a for a in f.get("aliases", []) if a != f["name"]]
        reg.add(Actor(
            name=f["name"], kind="country", code=code, aliases=tuple(names),
            demonyms=tuple(f.get("demonyms", ())), metonyms=tuple(f.get("metonyms", ())),
            places=tuple(f.get("places", ())),
        ))

    def country_name(value: Any, where: str) -> str | None:
        if value is None:
            return None
        value = _code_text(value)
        by_code = reg.by_code(value) if len(value) == 2 else None
        actor = by_code or reg.actors.get(value)
        if actor is None or actor.kind != "country":
            raise RegistryError(f"{where}: country {value!r} is not a country actor (use an ISO alpha-2 code or a country name)")
        return actor.name

    def role_actor(value: Any, where: str) -> str:
        if value is not None and str(value) in reg.actors:
            return str(value)
        found = reg.lookup(str(value)) if value is not None else None
        if found is not None and found.kind != "person":
            return found.name
        return country_name(value, where) or ""

    for name, e in orgs.items():
        where = f"{e['_file']}: organisation {name!r}"
        reg.add(Actor(
            name=name, kind="organisation", aliases=_tuple(e.get("aliases"), where),
            short=_tuple(e.get("short"), where),
            country=country_name(e.get("country"), where), org_kind=e.get("kind"),
            represents=bool(e.get("represents", False)), places=_tuple(e.get("places"), where),
        ))
    for name, e in persons.items():
        where = f"{e['_file']}: person {name!r}"
        roles = []
        for r in e.get("roles") or []:
            if isinstance(r, list) and 2 <= len(r) <= 4:
                r = dict(zip(("title", "actor", "start", "end"), r, strict=False))
            if not isinstance(r, dict) or "title" not in r:
                raise RegistryError(
                    f"{where}: each role is [title, country or organisation, start, end] "
                    f"or a mapping with a title, got {r!r}")
            roles.append(Role(
                title=str(r["title"]),
                actor=role_actor(r.get("actor", r.get("country", e.get("country"))), where),
                start=_date(r.get("start")), end=_date(r.get("end")),
            ))
        roles.sort(key=lambda r: r.start or "")
        checked = e.get("checked")
        if checked is not None and not _CHECKED.match(str(checked)):
            raise RegistryError(
                f"{where}: checked is 'YYYY-MM-DD what the offices and dates were compared with' "
                f"(e.g. '2026-12-05 press reports of the party vote'), got {checked!r}")
        reg.add(Actor(
            name=name, kind="person", aliases=_tuple(e.get("aliases"), where),
            short=_tuple(e.get("short"), where), country=country_name(e.get("country"), where),
            roles=tuple(roles), represents=True, gender=str(e.get("gender", "m")),
            checked=str(checked) if checked is not None else None,
            doubt=str(e["doubt"]) if e.get("doubt") else None,
        ))
    reg.foreign = _foreign_forms(reg, foreign_raw)
    reg._index()
    return reg


def _translated_names(reg: ActorRegistry) -> dict[str, list[tuple[str, str, str]]]:
    """Country names in each of FOREIGN_LANGUAGES from pycountry's gettext catalogues
    (iso3166-1): the nominative only; names with a comma ("Russie, Fédération de") are left out."""
    import gettext

    import pycountry

    out: dict[str, list[tuple[str, str, str]]] = {}
    for lang, locale in FOREIGN_LANGUAGES.items():
        try:
            tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])
        except OSError:
            continue
        forms = out.setdefault(lang, [])
        for c in pycountry.countries:
            actor = reg.by_code(c.alpha_2)
            if actor is None:
                continue
            for english in {c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)}:
                if not english:
                    continue
                name = tr.gettext(english)
                if name != english and "," not in name and "(" not in name:
                    forms.append((name, actor.name, "name"))
    return out


def _foreign_forms(reg: ActorRegistry, raw: list[tuple[str, str, str, str, str]]
                   ) -> dict[str, tuple[tuple[str, str, str], ...]]:
    """Per-language forms: translated country names, then the data files' own forms."""
    out = {lang: list(forms) for lang, forms in _translated_names(reg).items()}
    for lang, key, form, via, path in raw:
        actor = reg.actors.get(key) or (reg.by_code(key) if len(key) == 2 and key.isupper() else None)
        if actor is None:
            raise RegistryError(f"{path}: languages.{lang}: {key!r} is not an actor (use an ISO alpha-2 code or an actor name)")
        entry = (unicodedata.normalize("NFC", form.strip()), actor.name, via)
        bucket = out.setdefault(lang, [])
        if entry not in bucket:
            bucket.append(entry)
    return {lang: tuple(forms) for lang, forms in out.items()}


# --------------------------------------------------------------------------- outlets
@dataclass
class OutletRegistry:
    outlets: dict[str, Outlet] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict)

    def add(self, outlet: Outlet) -> None:
        if outlet.type not in OUTLET_TYPES:
            raise RegistryError(
                f"outlet {outlet.domain!r}: type {outlet.type!r} is not one of {', '.join(OUTLET_TYPES)}"
            )
        self.outlets[outlet.domain] = outlet
        for n in (outlet.name, *outlet.aliases):
            self._names.setdefault(clean_form(n).casefold(), outlet.domain)

    def __len__(self) -> int:
        return len(self.outlets)

    def lookup(self, domain_or_url: str | None) -> Outlet | None:
        """By domain (any subdomain, or a whole URL) or by name ('Xinhua', 'Global Times')."""
        if not domain_or_url:
            return None
        s = domain_or_url.strip().lower()
        if "/" in s or ":" in s:
            from urllib.parse import urlsplit

            host = urlsplit(s if "//" in s else f"//{s}").hostname or ""
        else:
            host = s
        host = host.strip(".")
        parts = host.split(".")
        for i in range(len(parts) - 1):
            found = self.outlets.get(".".join(parts[i:]))
            if found:
                return found
        return self.by_name(domain_or_url)

    def by_name(self, name: str) -> Outlet | None:
        d = self._names.get(clean_form(name).casefold())
        return self.outlets[d] if d else None

    def rows(self, actors: ActorRegistry | None = None, *, country: str | None = None,
             outlet_type: str | None = None) -> list[dict[str, Any]]:
        """One dict per outlet (domain, name, country, country_name, type, owner) for a table;
        ``country`` (an ISO code, or a country name ``actors`` knows) and ``outlet_type`` keep only
        those outlets (``storylens outlets --country/--type``)."""
        if country:
            c = None
            if actors is not None:
                c = actors.by_code(country) if len(country) == 2 else actors.lookup(country)
            country = c.code if c is not None else country.upper()
        out = []
        for o in self.outlets.values():
            if (country and o.country != country) or (outlet_type and o.type != outlet_type):
                continue
            cname = None
            if o.country and actors is not None:
                c = actors.by_code(o.country)
                cname = c.name if c else None
            out.append({"domain": o.domain, "name": o.name, "country": o.country,
                        "country_name": cname, "type": o.type, "owner": o.owner})
        return out


def build_outlet_registry(docs: Iterable[tuple[Path, dict[str, Any]]]) -> OutletRegistry:
    """Document key ``outlets``: a list of {domain, name, country, type, aliases, owner}."""
    reg = OutletRegistry()
    for path, doc in docs:
        unknown = set(doc) - {"outlets", "about"}
        if unknown:
            raise RegistryError(f"outlet registry file {str(path)!r}: unknown top-level keys {sorted(unknown)}; use outlets")
        for e in doc.get("outlets") or []:
            if not isinstance(e, dict) or not e.get("domain") or not e.get("name"):
                raise RegistryError(f"{path}: every outlet needs a domain and a name, got {e!r}")
            country = e.get("country")
            country = _code_text(country) if country is not None else None
            reg.add(Outlet(
                domain=str(e["domain"]).lower().removeprefix("www."), name=str(e["name"]),
                country=str(country).upper() if country else None, type=str(e.get("type", "other")),
                aliases=_tuple(e.get("aliases"), f"{path}: outlet {e['domain']}"), owner=e.get("owner"),
            ))
    return reg


# --------------------------------------------------------------------------- entry points
def _stamp(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return "missing"
    return f"{st.st_mtime_ns}:{st.st_size}"


def _key(paths: Sequence[str | os.PathLike[str]] | None, kind: str) -> tuple[tuple[str, str], ...]:
    """Cache key: every user file (from the environment and ``paths``) with its mtime and size,
    so an edited file is read again."""
    env = [p for p in os.environ.get(ENV_FILES[kind], "").split(os.pathsep) if p.strip()]
    unique = dict.fromkeys(str(p) for p in [*env, *(paths or ())])  # a file named twice is read once
    return tuple((p, _stamp(p)) for p in unique)


@lru_cache(maxsize=8)
def _actor_registry(key: tuple[tuple[str, str], ...], packaged: bool) -> ActorRegistry:
    return build_actor_registry(load_documents("actors", [p for p, _ in key], packaged=packaged, env=False))


@lru_cache(maxsize=8)
def _outlet_registry(key: tuple[tuple[str, str], ...], packaged: bool) -> OutletRegistry:
    return build_outlet_registry(load_documents("outlets", [p for p, _ in key], packaged=packaged, env=False))


def actor_registry(paths: Sequence[str | os.PathLike[str]] | None = None, *,
                   packaged: bool = True) -> ActorRegistry:
    """The actor registry (packaged data plus ``paths`` and $STORYLENS_ACTOR_FILES), cached."""
    return _actor_registry(_key(paths, "actors"), packaged)


def outlet_registry(paths: Sequence[str | os.PathLike[str]] | None = None, *,
                    packaged: bool = True) -> OutletRegistry:
    """The outlet registry (packaged data plus ``paths`` and $STORYLENS_OUTLET_FILES), cached."""
    return _outlet_registry(_key(paths, "outlets"), packaged)


def load_registry(kind: str, paths: Sequence[str | os.PathLike[str]] | None = None,
                  *, packaged: bool = True) -> ActorRegistry | OutletRegistry:
    """One entry point for both registries: ``load_registry("actors" | "outlets", paths)``."""
    if kind == "actors":
        return actor_registry(paths, packaged=packaged)
    if kind == "outlets":
        return outlet_registry(paths, packaged=packaged)
    raise RegistryError(f"unknown registry {kind!r}; choose one of {', '.join(REGISTRY_KINDS)}")
