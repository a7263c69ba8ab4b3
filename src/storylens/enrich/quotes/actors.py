"""Speaker -> actor through the actor registry (``storylens.registry``).

For a named speaker the registry says whom they speak for: a person's office
at the article's date (Xi Jinping -> China, Joe Biden -> United States), an
organisation's country (Xinhua -> China), a country or metonym itself
("Beijing said" -> China). Failing that, the descriptor's affiliation
("a political scientist at Nanjing University" -> China,
"Beijing-based independent analyst" -> China), then the speaker phrase's
("Chinese observers" -> China). The registry also gives canonical names
("Xi" -> "Xi Jinping") and a speaker type for registered persons and
organisations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ORG_KIND_TYPES = {"state-media": "media", "media": "media", "wire": "media", "news-agency": "media"}


@dataclass
class SpeakerInfo:
    name: str | None
    actor: str | None
    speaker_type: str | None  # None: the registry does not tell


class ActorLookup:
    """Wraps an ``ActorRegistry``; ``when`` is the article's publication date (or None)."""

    def __init__(self, registry: Any) -> None:
        self.reg = registry

    def __call__(self, name: str | None, descriptor: str | None, when: str | None = None,
                 person: bool = False, role: bool = False) -> SpeakerInfo:
        """``person``: ``name`` is a person's name, so a demonym in it tells nothing ("David
        French" is no speaker for France; a phrase such as "Chinese observers" is read). ``role``:
        the descriptor names a person's role ("Prime Minister"), so a place in the name tells
        nothing either ("Joseph Muscat" is no speaker for Oman), but a registered person in it
        does ("Charles E. Schumer" -> Chuck Schumer's country)."""
        reg = self.reg
        actor = reg.lookup(name, when) if name else None
        if actor is not None and role and actor.kind == "country" and not _is_country_name(actor, name or "", capital=False):
            actor = None  # a person named like a country's capital or seat ("Prime Minister Muscat")
        if actor is not None:
            canonical = actor.name if actor.kind in ("person", "organisation") else name
            if actor.kind == "person":
                stype = "official" if reg.role_at(actor.name, when) or actor.roles else None
                return SpeakerInfo(canonical, reg.actor_of(actor.name, when), stype)
            if actor.kind == "organisation":
                stype = ORG_KIND_TYPES.get(actor.org_kind or "", "organisation")
                return SpeakerInfo(canonical, reg.country_of(actor.name, when), stype)
            # a country, capital or seat of power; "US", "U.S.", "United States" and the capital
            # ("Washington said") are one speaker, named as the registry names the country.
            # Seats of power ("the Pentagon", "the Kremlin") keep their name: they are more specific.
            return SpeakerInfo(actor.name if _is_country_name(actor, name) else name, actor.name, "official")
        country = reg.resolve_affiliation(descriptor, when) if descriptor else None
        if country is None and name and not person:
            country = _person_country(reg, name, when) if role else reg.resolve_affiliation(name, when)
        return SpeakerInfo(name, country, None)


def _person_country(reg: Any, name: str, when: str | None) -> str | None:
    """The country of a registered person or body named in ``name`` (a full name the registry
    holds in part: "Charles E. Schumer" -> "Schumer", "KCNA news agency" -> "KCNA"), nothing from
    places ("Gao Feng" holds a Malian city, "Joseph Muscat" Oman's capital)."""
    from storylens.registry import scan

    for form in scan(reg, name):
        actor = reg.lookup(form, when)
        if actor is not None and actor.kind != "country" and form not in actor.short:
            return reg.country_of(actor.name, when)
    return None


def _fold(s: str) -> str:
    s = s.casefold().strip()
    return (s[4:] if s.startswith("the ") else s).replace(".", "")


def _is_country_name(actor: Any, name: str, capital: bool = True) -> bool:
    """``name`` is the country's name, an alias or (``capital``) its capital (the first metonym listed)."""
    forms = {_fold(actor.name), *(_fold(a) for a in actor.aliases)}
    if capital and actor.metonyms:
        forms.add(_fold(actor.metonyms[0]))
    return _fold(name) in forms


def actor_lookup() -> ActorLookup | None:
    """The packaged registry (plus $STORYLENS_ACTOR_FILES), or None when it is unavailable."""
    try:
        from storylens.registry import actor_registry
    except ImportError:
        return None
    return ActorLookup(actor_registry())
